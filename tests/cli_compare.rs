//! `coopdx compare OLD NEW`.

use crate::test::*;

const T0: &str = "htx-nong-nghiep-khoi-dau.yaml";

fn t1() -> String {
  std::fs::read_to_string(root().join("examples/progress/htx-nong-nghiep-khoi-dau-t1.yaml"))
    .expect("T1 example")
}

#[test]
fn progress_from_t0_to_t1_is_reported() {
  Test::new()
    .args(&["compare", "t0.yaml", "t1.yaml"])
    .file("t0.yaml", &example(T0))
    .file("t1.yaml", &t1())
    .run()
    .code(0)
    .stdout_has("18,36 → 42,50 (+24,14)")
    .stdout_has("1 Khởi động → 2 Bắt đầu")
    .stdout_has("Bảng tính Excel → Phần mềm kế toán theo chế độ kế toán hợp tác xã")
    .stdout_has("✓ Áp dụng phần mềm kế toán phù hợp chế độ kế toán hợp tác xã")
    .stdout_has("Câu trả lời giảm (1)");
}

#[test]
fn json_reports_deltas_done_actions_and_regressions() {
  let out = Test::new()
    .args(&["compare", "t0.yaml", "t1.yaml", "--format", "json"])
    .file("t0.yaml", &example(T0))
    .file("t1.yaml", &t1())
    .run()
    .code(0);
  let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
  assert_eq!(json["level_delta"], 1);
  assert!((json["index_delta"].as_f64().expect("delta") - 24.14).abs() < 1e-9);
  let done: Vec<&str> = json["done_actions"]
    .as_array()
    .expect("done")
    .iter()
    .map(|a| a["id"].as_str().expect("id"))
    .collect();
  for id in ["GO-ACCOUNTING", "GO-EINVOICE", "LD-LEAD", "DA-BACKUP"] {
    assert!(done.contains(&id), "{id} should be done: {done:?}");
  }
  assert_eq!(json["regressed"][0]["id"], "SP06");
  let governance = json["dimensions"]
    .as_array()
    .expect("dims")
    .iter()
    .find(|d| d["id"] == "governance")
    .expect("governance");
  assert!(governance["delta"].as_f64().expect("delta") > 0.0);
}

#[test]
fn markdown_and_english() {
  Test::new()
    .args(&[
      "compare", "t0.yaml", "t1.yaml", "--format", "md", "--lang", "en",
    ])
    .file("t0.yaml", &example(T0))
    .file("t1.yaml", &t1())
    .run()
    .code(0)
    .stdout_has("# Digital transformation progress")
    .stdout_has("- [x] Adopt accounting software");
}

#[test]
fn different_cooperatives_are_refused() {
  Test::new()
    .args(&["compare", "t0.yaml", "other.yaml"])
    .file("t0.yaml", &example(T0))
    .file("other.yaml", &example("htx-may-tre-dan.yaml"))
    .run()
    .code(2)
    .stderr_has("không phải của cùng một hợp tác xã");
}

#[test]
fn incompatible_questionnaire_version_is_refused() {
  let old = example(T0).replace("version: \"1.1\"", "version: \"0.9\"");
  Test::new()
    .args(&["compare", "t0.yaml", "t1.yaml"])
    .file("t0.yaml", &old)
    .file("t1.yaml", &t1())
    .run()
    .code(2)
    .stderr_has("phiên bản 0.9");
}
