//! `coopdx score` on good and bad files.

use crate::test::*;

const START: &str = "htx-nong-nghiep-khoi-dau.yaml";

#[test]
fn text_summary_shows_index_level_and_dimensions_in_vietnamese() {
  Test::new()
    .args(&["score", "a.yaml"])
    .file("a.yaml", &example(START))
    .run()
    .code(0)
    .stdout_has("Hợp tác xã Nông nghiệp Chè Tà Xùa")
    .stdout_has("Chỉ số sẵn sàng chuyển đổi số: 18,95/100")
    .stdout_has("Mức độ 1: Khởi động")
    .stdout_has("Quản trị và vận hành số")
    .stdout_has("█");
}

#[test]
fn english_summary_with_lang_en() {
  Test::new()
    .args(&["score", "a.yaml", "--lang", "en"])
    .file("a.yaml", &example(START))
    .run()
    .code(0)
    .stdout_has("DX readiness index: 18.95/100")
    .stdout_has("Level 1: Initiating");
}

#[test]
fn gate_that_capped_the_level_is_explained() {
  Test::new()
    .args(&["score", "a.yaml"])
    .file("a.yaml", &example("htx-van-tai.yaml"))
    .run()
    .code(0)
    .stdout_has("Mức độ 1: Khởi động")
    .stdout_has("[e_invoice]")
    .stdout_has("đạt mức 3");
}

#[test]
fn json_has_the_documented_fields() {
  let out = Test::new()
    .args(&["score", "a.yaml", "--format", "json"])
    .file("a.yaml", &example(START))
    .run()
    .code(0);
  let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
  assert_eq!(json["questionnaire"]["id"], "coopdx-htx");
  assert_eq!(json["questionnaire"]["version"], "1.0");
  assert_eq!(
    json["cooperative"]["name"],
    "Hợp tác xã Nông nghiệp Chè Tà Xùa"
  );
  assert!(json["index"].is_number());
  for key in ["number", "name_vi", "name_en", "capped_by"] {
    assert!(json["level"].get(key).is_some(), "level.{key}");
  }
  let d = &json["dimensions"][0];
  for key in [
    "id",
    "name_vi",
    "name_en",
    "score",
    "weight",
    "answered",
    "not_applicable",
  ] {
    assert!(d.get(key).is_some(), "dimensions[].{key}");
  }
  let q = &json["questions"][0];
  for key in [
    "id",
    "dimension",
    "answer",
    "points",
    "max_points",
    "weight",
    "contribution",
    "status",
  ] {
    assert!(q.get(key).is_some(), "questions[].{key}");
  }
  assert!(json["strengths"].is_array() && json["gaps"].is_array());
}

#[test]
fn every_problem_is_reported_at_once_with_line_and_question() {
  let bad = example(START)
    .replace("  LD03: ad_hoc\n", "  LD03: sometimes\n")
    .replace("  PE01: 40\n", "  PE01: 140\n")
    .replace("  GO07: paper\n", "  GO07: paper\n  ZZ99: \"yes\"\n")
    .replace("  DA01: none\n", "")
    .replace(
      "  MK01: [facebook_page]\n",
      "  MK01: [facebook_page, none]\n",
    );
  let out = Test::new()
    .args(&["score", "bad.yaml"])
    .file("bad.yaml", &bad)
    .run()
    .code(2);
  let e = &out.stderr;
  assert!(
    e.contains("bad.yaml:24: [LD03]") && e.contains("\"sometimes\""),
    "{e}"
  );
  assert!(e.contains("[PE01]") && e.contains("140"), "{e}");
  assert!(e.contains("[ZZ99]"), "{e}");
  assert!(
    e.contains("[DA01]") && e.contains("Thiếu câu trả lời"),
    "{e}"
  );
  assert!(e.contains("[MK01]") && e.contains("none"), "{e}");
  assert!(e.contains("5 problem(s)"), "{e}");
}

#[test]
fn problems_are_in_english_with_lang_en() {
  let bad = example(START).replace("  LD03: ad_hoc\n", "  LD03: sometimes\n");
  Test::new()
    .args(&["score", "bad.yaml", "--lang", "en"])
    .file("bad.yaml", &bad)
    .run()
    .code(2)
    .stderr_has(
      "Question LD03 has no option \"sometimes\". Choose one of: none, ad_hoc, annual_line.",
    );
}

#[test]
fn answer_to_a_question_that_does_not_apply_is_rejected() {
  // LD07 is asked only when the cooperative has at least an informal plan.
  let bad = example(START).replace("  LD06: never\n", "  LD06: never\n  LD07: \"yes\"\n");
  Test::new()
    .args(&["score", "bad.yaml"])
    .file("bad.yaml", &bad)
    .run()
    .code(2)
    .stderr_has("[LD07]")
    .stderr_has("không áp dụng");
}

#[test]
fn questionnaire_version_mismatch_is_rejected() {
  let bad = example(START).replace("version: \"1.0\"", "version: \"0.9\"");
  Test::new()
    .args(&["score", "bad.yaml"])
    .file("bad.yaml", &bad)
    .run()
    .code(2)
    .stderr_has("phiên bản 0.9");
}

#[test]
fn profile_errors_name_the_field() {
  let bad = example(START)
    .replace("province: son_la", "province: Atlantis")
    .replace("id_number: \"5500612347\"", "id_number: \"55-00\"")
    .replace("members: 28", "members: nhiều");
  let out = Test::new()
    .args(&["score", "bad.yaml"])
    .file("bad.yaml", &bad)
    .run()
    .code(2);
  assert!(
    out.stderr.contains("[province]") && out.stderr.contains("Atlantis"),
    "{}",
    out.stderr
  );
  assert!(out.stderr.contains("[id_number]"), "{}", out.stderr);
  assert!(
    out.stderr.contains("[members]") && out.stderr.contains("số nguyên"),
    "{}",
    out.stderr
  );
}

#[test]
fn province_may_be_written_as_its_vietnamese_name() {
  let named = example(START).replace("province: son_la", "province: Sơn La");
  let out = Test::new()
    .args(&["score", "a.yaml", "--format", "json"])
    .file("a.yaml", &named)
    .run()
    .code(0);
  assert!(
    out.stdout.contains("\"province\": \"son_la\""),
    "{}",
    out.stdout
  );
}

#[test]
fn decomposed_unicode_reads_the_same_as_precomposed() {
  // The name typed with combining marks (as some keyboards produce).
  let decomposed = example(START).replace("Chè Tà Xùa", "Che\u{300} Ta\u{300} Xu\u{300}a");
  let out = Test::new()
    .args(&["score", "a.yaml", "--format", "json"])
    .file("a.yaml", &decomposed)
    .run()
    .code(0);
  assert!(
    out.stdout.contains("Hợp tác xã Nông nghiệp Chè Tà Xùa"),
    "{}",
    out.stdout
  );
}

#[test]
fn malformed_yaml_names_the_line() {
  let bad = example(START).replace("  LD02: \"no\"\n", "  LD02: [no\n");
  Test::new()
    .args(&["score", "bad.yaml"])
    .file("bad.yaml", &bad)
    .run()
    .code(2)
    .stderr_has("bad.yaml:")
    .stderr_has("YAML");
}

#[test]
fn hostile_input_does_not_panic() {
  for text in [
    "",
    "[]",
    "42",
    "answers: 7",
    "profile: []\nanswers: {LD01: {answer: [[]]}}",
    "\u{0}\u{1}",
    "questionnaire: {id: [], version: {}}",
  ] {
    let out = Test::new()
      .args(&["score", "x.yaml"])
      .file("x.yaml", text)
      .run();
    assert_eq!(out.code, 2, "input {text:?}: {}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
  }
}

#[test]
fn missing_file_is_an_input_error() {
  Test::new()
    .args(&["score", "nope.yaml"])
    .run()
    .code(2)
    .stderr_has("cannot read nope.yaml");
}

#[test]
fn unknown_flag_is_a_usage_error() {
  Test::new().args(&["score", "--frobnicate"]).run().code(2);
}

#[test]
fn a_founding_year_after_the_assessment_is_refused() {
  let future = example(START).replace("founded_year: 2017", "founded_year: 2030");
  Test::new()
    .args(&["score", "a.yaml"])
    .file("a.yaml", &future)
    .run()
    .code(2)
    .stderr_has("[founded_year]")
    .stderr_has("đến 2026");
}
