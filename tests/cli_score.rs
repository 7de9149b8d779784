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
    .stdout_has("Chỉ số sẵn sàng chuyển đổi số: 18,36/100")
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
    .stdout_has("DX readiness index: 18.36/100")
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
    .stdout_has("Nghĩa vụ hóa đơn điện tử (giới hạn ở mức 1, đang giới hạn mức hiện tại)")
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
  assert_eq!(json["questionnaire"]["version"], "1.1");
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
    e.contains("bad.yaml:26: [LD03]") && e.contains("\"sometimes\""),
    "{e}"
  );
  assert!(e.contains("[PE01]") && e.contains("140"), "{e}");
  assert!(e.contains("[ZZ99]"), "{e}");
  assert!(
    e.contains("[DA01]") && e.contains("Thiếu câu trả lời"),
    "{e}"
  );
  assert!(e.contains("[MK01]") && e.contains("none"), "{e}");
  assert!(e.contains("có 5 vấn đề"), "{e}");
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
  let bad = example(START).replace("version: \"1.1\"", "version: \"0.9\"");
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
    .stderr_has("không đọc được nope.yaml");
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
    .stderr_has("đến 2025");
}

/// The example with one line replaced.
fn with(from: &str, to: &str) -> String {
  let text = example("htx-nong-nghiep-khoi-dau.yaml");
  assert!(text.contains(from), "example lacks {from:?}");
  text.replacen(from, to, 1)
}

fn refused(text: &str) -> Output {
  Test::new()
    .args(&["score", "a.yaml"])
    .file("a.yaml", text)
    .run()
    .code(2)
}

#[test]
fn digit_grouping_that_could_mean_one_or_a_thousand_is_refused() {
  for typed in ["\"1,000\"", "\"1.000\""] {
    refused(&with("    answer: 1\n", &format!("    answer: {typed}\n")))
      .stderr_has("[IN01]")
      .stderr_has("1000");
  }
}

#[test]
fn a_question_answered_twice_through_a_stray_space_is_reported() {
  refused(&with("  LD02:", "  \"LD01 \": none\n  LD02:"))
    .stderr_has("[LD01]")
    .stderr_has("hai lần");
}

#[test]
fn a_nul_byte_is_reported_on_its_line() {
  let text = with("stage: T0\n", "stage: T0\u{0}\n");
  let line = 1
    + text[..text.find('\u{0}').expect("nul")]
      .matches('\n')
      .count();
  refused(&text).stderr_has(&format!("a.yaml:{line}:"));
}

#[test]
fn a_huge_number_is_out_of_range_not_a_syntax_error() {
  refused(&with(
    "    answer: 1\n",
    "    answer: 1000000000000000000000000000000\n",
  ))
  .stderr_has("quá lớn");
}

#[test]
fn impossible_and_future_dates_are_refused() {
  refused(&with("date: 2025-10-14", "date: 0001-01-01")).stderr_has("không hợp lệ");
  refused(&with("date: 2025-10-14", "date: 2099-01-01")).stderr_has("tương lai");
}

#[test]
fn a_missing_profile_is_one_problem_not_ten() {
  let text = example("htx-nong-nghiep-khoi-dau.yaml");
  let start = text.find("profile:").expect("profile");
  let end = text[start..].find("answers:").expect("answers") + start;
  let out = refused(&format!("{}{}", &text[..start], &text[end..]));
  assert!(!out.stderr.contains("không áp dụng"), "{}", out.stderr);
  assert!(out.stderr.contains("profile"));
}

#[test]
fn an_unknown_key_under_questionnaire_is_reported() {
  refused(&with(
    "  version: \"1.1\"\n",
    "  version: \"1.1\"\n  verison: \"2\"\n",
  ))
  .stderr_has("questionnaire.verison");
}

#[test]
fn a_file_saved_in_latin_1_is_reported_with_its_line() {
  let text = example("htx-nong-nghiep-khoi-dau.yaml");
  let mut bytes = text.as_bytes().to_vec();
  let at = text.find("assessor:").expect("assessor");
  bytes.insert(at, 0xE9); // "é" in Latin-1
  let line = 1 + text[..at].matches('\n').count();
  let dir = tempfile::tempdir().expect("dir");
  std::fs::write(dir.path().join("a.yaml"), &bytes).expect("written");
  let out = std::process::Command::new(env!("CARGO_BIN_EXE_coopdx"))
    .args(["score", "a.yaml"])
    .current_dir(dir.path())
    .output()
    .expect("runs");
  let stderr = String::from_utf8_lossy(&out.stderr);
  assert_eq!(out.status.code(), Some(2), "{stderr}");
  assert!(stderr.contains(&format!("a.yaml:{line}:")), "{stderr}");
  assert!(stderr.contains("UTF-8"), "{stderr}");
}

#[test]
fn deep_nesting_is_refused_at_once_with_its_line() {
  let deep = format!("  LD01: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
  refused(&with("  LD02:", &format!("{deep}  LD02:"))).stderr_has("[ ]");
}

#[test]
fn a_note_longer_than_a_page_is_refused_with_its_question() {
  let long = "x".repeat(2001);
  refused(&with(
    "    note: Một máy tính để bàn mua năm 2014, chạy Windows 7.",
    &format!("    note: {long}"),
  ))
  .stderr_has("[IN01]")
  .stderr_has("2000");
}

/// Errors read in the user's language, headline included.
#[test]
fn errors_are_in_the_users_language() {
  Test::new()
    .args(&["score", "missing.yaml"])
    .run()
    .code(2)
    .stderr_has("lỗi: không đọc được missing.yaml (không có tệp hoặc thư mục này)");
  Test::new()
    .args(&["score", "missing.yaml", "--lang", "en"])
    .run()
    .code(2)
    .stderr_has("error: cannot read missing.yaml (no such file or folder)");
}

#[test]
fn a_yaml_mistake_is_explained_in_the_readers_language_at_its_line() {
  let text = example(START).replace("province: son_la", "province: [son_la");
  let out = Test::new()
    .args(&["score", "a.yaml"])
    .file("a.yaml", &text)
    .run()
    .code(2)
    .stderr_has("dấu \"]\" đóng danh sách");
  assert!(
    !out.stderr.contains("did not find"),
    "no English from the YAML reader: {}",
    out.stderr
  );
  let tab = example(START).replace("  province: son_la", "\tprovince: son_la");
  Test::new()
    .args(&["--lang", "en", "score", "a.yaml"])
    .file("a.yaml", &tab)
    .run()
    .code(2)
    .stderr_has("a tab used to indent");
}
