//! `coopdx plan` on the examples and on bad input.

use crate::test::*;
use std::fs;

const START: &str = "htx-nong-nghiep-khoi-dau.yaml";
const ADVANCED: &str = "htx-nong-nghiep-tien-tien.yaml";
/// What an early-stage cooperative of three workers does first: someone in
/// charge, then the e-invoice duty with what it needs (a working computer,
/// the accountant's training, a digital signature).
const FIRST_PHASE: [&str; 5] = [
  "LD-LEAD",
  "PE-ACCOUNTANT",
  "IN-COMPUTER",
  "GO-SIGNATURE",
  "GO-EINVOICE",
];
/// Foundations an advanced cooperative already has.
const FOUNDATIONS: [&str; 4] = [
  "GO-VNEID-ORGANISATION",
  "GO-EINVOICE",
  "GO-ACCOUNTING",
  "LD-LEAD",
];

fn plan_json(example_name: &str, extra: &[&str]) -> serde_json::Value {
  let mut args = vec!["plan", "a.yaml", "--format", "json"];
  args.extend_from_slice(extra);
  let out = Test::new()
    .args(&args)
    .file("a.yaml", &example(example_name))
    .run()
    .code(0);
  serde_json::from_str(&out.stdout).expect("plan JSON")
}

fn ids(json: &serde_json::Value) -> Vec<String> {
  json["actions"]
    .as_array()
    .expect("actions")
    .iter()
    .map(|a| a["id"].as_str().expect("id").to_owned())
    .collect()
}

#[test]
fn early_stage_cooperative_gets_the_foundations_in_the_first_phase() {
  let json = plan_json(START, &[]);
  for id in FIRST_PHASE {
    let a = json["actions"]
      .as_array()
      .expect("actions")
      .iter()
      .find(|a| a["id"] == id)
      .unwrap_or_else(|| panic!("{id} missing"));
    assert_eq!(a["phase"], 1, "{id} should be in phase 1: {a}");
  }
}

#[test]
fn advanced_cooperative_gets_none_of_the_foundations() {
  let planned = ids(&plan_json(ADVANCED, &[]));
  for id in FOUNDATIONS {
    assert!(
      !planned.contains(&id.to_string()),
      "{id} proposed to an advanced cooperative"
    );
  }
}

#[test]
fn plans_of_different_examples_differ() {
  let plans: Vec<Vec<String>> = examples().iter().map(|e| ids(&plan_json(e, &[]))).collect();
  for (i, a) in plans.iter().enumerate() {
    for b in &plans[i + 1..] {
      assert_ne!(a, b);
    }
  }
}

#[test]
fn json_has_the_documented_fields() {
  let json = plan_json(START, &[]);
  let a = &json["actions"][0];
  for key in [
    "id",
    "title_vi",
    "title_en",
    "dimension",
    "phase",
    "start_month",
    "end_month",
    "priority",
    "cost_min",
    "cost_max",
    "recurring_min",
    "recurring_max",
    "prerequisites",
    "policies",
    "kpis",
    "rationale",
    "quick_win",
  ] {
    assert!(a.get(key).is_some(), "actions[].{key}");
  }
  for key in ["number", "from_month", "to_month", "cost_min", "cost_max"] {
    assert!(json["phases"][0].get(key).is_some(), "phases[].{key}");
  }
  for key in ["totals", "deferred", "budget"] {
    assert!(json.get(key).is_some(), "{key}");
  }
}

#[test]
fn rationale_cites_what_was_observed() {
  let json = plan_json(START, &[]);
  let accounting = json["actions"]
    .as_array()
    .expect("actions")
    .iter()
    .find(|a| a["id"] == "GO-ACCOUNTING")
    .expect("GO-ACCOUNTING");
  assert!(
    accounting["rationale"]
      .as_str()
      .expect("text")
      .contains("Bảng tính Excel"),
    "{accounting}"
  );
}

#[test]
fn a_small_budget_defers_actions_and_says_why() {
  let json = plan_json(START, &["--budget", "10.000.000"]);
  let deferred = json["deferred"].as_array().expect("deferred");
  assert!(!deferred.is_empty());
  assert!(
    deferred.iter().any(|d| d["reason"]
      .as_str()
      .expect("reason")
      .contains("Chưa đủ ngân sách")),
    "{deferred:?}"
  );
  // Fitted on the midpoint of each range (the default cost basis).
  assert_eq!(json["budget"]["cost_basis"], "typical");
  for y in json["budget"]["years"].as_array().expect("years") {
    assert!(y["spend_at_basis"].as_f64().expect("spend") <= 10_000_000.0);
  }
  assert_eq!(json["budget"]["per_year"], 10_000_000.0);
}

#[test]
fn a_short_horizon_keeps_every_action_inside_it() {
  let json = plan_json(START, &["--months", "12"]);
  assert_eq!(json["months"], 12);
  for a in json["actions"].as_array().expect("actions") {
    assert!(a["end_month"].as_u64().expect("end") <= 12);
  }
  assert!(!json["deferred"].as_array().expect("deferred").is_empty());
}

#[test]
fn markdown_plan_is_vietnamese_with_vnd_amounts() {
  Test::new()
    .args(&["plan", "a.yaml"])
    .file("a.yaml", &example(START))
    .run()
    .code(0)
    .stdout_has("# Kế hoạch chuyển đổi số: Hợp tác xã Nông nghiệp Chè Tà Xùa")
    .stdout_has("## Giai đoạn 1: Nền tảng (tháng 1-6)")
    .stdout_has("10.000.000 đ – 16.000.000 đ")
    .stdout_has("Chi phí là ước tính tham khảo")
    .stdout_has("DỰ THẢO, chưa có hiệu lực");
}

#[test]
fn english_plan_with_lang_en() {
  Test::new()
    .args(&["plan", "a.yaml", "--lang", "en"])
    .file("a.yaml", &example(START))
    .run()
    .code(0)
    .stdout_has("# Digital transformation plan")
    .stdout_has("10,000,000 VND – 16,000,000 VND")
    .stdout_has("Costs are indicative: confirm with suppliers.");
}

#[test]
fn html_plan_escapes_what_the_user_typed() {
  let evil = example(START).replace(
    "name: Hợp tác xã Nông nghiệp Chè Tà Xùa",
    "name: \"<script>alert(1)</script> & Co\"",
  );
  let out = Test::new()
    .args(&["plan", "a.yaml", "--format", "html", "-o", "plan.html"])
    .file("a.yaml", &evil)
    .run()
    .code(0);
  let html = out.read("plan.html");
  assert!(html.starts_with("<!DOCTYPE html>"));
  assert!(
    !html.contains("<script>"),
    "user text reached the page as markup"
  );
  assert!(html.contains("&lt;script&gt;alert(1)"));
}

#[test]
fn markdown_plan_escapes_table_breaking_text() {
  let odd = example(START).replace(
    "name: Hợp tác xã Nông nghiệp Chè Tà Xùa",
    "name: \"HTX A | B *C*\"",
  );
  Test::new()
    .args(&["plan", "a.yaml"])
    .file("a.yaml", &odd)
    .run()
    .code(0)
    .stdout_has("HTX A \\| B \\*C\\*");
}

#[test]
fn output_file_is_written_and_nothing_else_is_left_behind() {
  let out = Test::new()
    .args(&["plan", "a.yaml", "-o", "plan.md"])
    .file("a.yaml", &example(START))
    .run()
    .code(0);
  assert!(out.stdout.is_empty());
  assert!(out.read("plan.md").contains("Kế hoạch chuyển đổi số"));
  let names: Vec<String> = fs::read_dir(out.dir.path())
    .expect("dir")
    .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
    .collect();
  assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn bad_budget_and_months_are_input_errors() {
  Test::new()
    .args(&["plan", "a.yaml", "--budget", "nhiều tiền"])
    .file("a.yaml", &example(START))
    .run()
    .code(2)
    .stderr_has("Ngân sách \"nhiều tiền\" không hợp lệ");
  // Not guessed: each was read as another amount (50,000,005; 500,000,005;
  // 55; 123 đồng).
  for odd in ["5.000.000,5", "50000000.5", "5,5", "1.2.3", "50.000,000"] {
    Test::new()
      .args(&["plan", "a.yaml", "--budget", odd])
      .file("a.yaml", &example(START))
      .run()
      .code(2)
      .stderr_has(&format!("Ngân sách \"{odd}\" không hợp lệ"));
  }
  for fine in ["50000000", "50.000.000", "50,000,000", "50 000 000 đ"] {
    Test::new()
      .args(&["plan", "a.yaml", "--budget", fine])
      .file("a.yaml", &example(START))
      .run()
      .code(0);
  }
  Test::new()
    .args(&["plan", "a.yaml", "--months", "0"])
    .file("a.yaml", &example(START))
    .run()
    .code(2);
  Test::new()
    .args(&["plan", "a.yaml", "--months", "999"])
    .file("a.yaml", &example(START))
    .run()
    .code(2);
}

#[test]
fn plan_golden_md_and_json_for_every_example() {
  for name in examples() {
    for (format, ext) in [("md", "plan.md"), ("json", "plan.json")] {
      let out = Test::new()
        .args(&["plan", "a.yaml", "--format", format])
        .file("a.yaml", &example(&name))
        .run()
        .code(0);
      assert_golden(&name.replace(".yaml", &format!(".{ext}")), &out.stdout);
    }
  }
}

/// `coopdx plan … | head -c 10`: the reader leaves early; coopdx ends
/// quietly with 0 instead of blaming a folder.
#[test]
fn a_closed_pipe_ends_quietly() {
  use std::io::Read;
  use std::process::{Command, Stdio};
  let dir = tempfile::tempdir().expect("temp dir");
  let file = dir.path().join("a.yaml");
  fs::write(&file, example(START)).expect("example written");
  let mut child = Command::new(env!("CARGO_BIN_EXE_coopdx"))
    .args(["plan", "--format", "json"])
    .arg(&file)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("runs");
  let mut stdout = child.stdout.take().expect("stdout");
  let mut first = [0u8; 10];
  stdout.read_exact(&mut first).expect("reads the start");
  drop(stdout);
  let out = child.wait_with_output().expect("ends");
  let stderr = String::from_utf8_lossy(&out.stderr);
  assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
  assert!(stderr.is_empty(), "stderr: {stderr}");
}

#[test]
fn dash_writes_the_plan_to_standard_output() {
  Test::new()
    .args(&["plan", "a.yaml", "-o", "-"])
    .file("a.yaml", &example(START))
    .run()
    .code(0)
    .stdout_has("# Kế hoạch chuyển đổi số");
}

#[cfg(unix)]
#[test]
fn an_output_symlink_is_written_through() {
  let out = Test::new()
    .args(&["plan", "a.yaml", "-o", "link.md"])
    .file("a.yaml", &example(START))
    .file("real.md", "old")
    .symlink("link.md", "real.md")
    .run()
    .code(0);
  assert!(out.read("real.md").starts_with("# Kế hoạch"));
  let meta = fs::symlink_metadata(out.dir.path().join("link.md")).expect("link");
  assert!(
    meta.file_type().is_symlink(),
    "the link was replaced by a file"
  );
}
