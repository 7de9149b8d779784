//! The minimal sample framework (examples/content/minimal): it validates,
//! and its sample assessments score as computed by hand below, through the
//! real binary. It uses every construct a published framework needs: a
//! grid, groups inside a dimension, "don't know" left out of every
//! denominator (`dont_know: excluded`) and gapped bands read on the
//! rounded index (`band_on: rounded_integer`).
//!
//! Shares: the `use` scale scores none 0, trying 1, partly 2, fully 3 out
//! of 3; `yes_partly_no` no 0, partly 1, yes 2 out of 2; PE01 (percent)
//! 0-25 → 0, 25-50 → 1, 50-75 → 2, 75+ → 3 out of 3. Every question and
//! row weighs 1. technology = (2 × tools + 1 × online) ÷ 3 over the groups
//! with something counted; people has no groups; index = (technology +
//! people) ÷ 2. Levels: 1 = 0-25, 2 = 26-50, 3 = 51-75, 4 = 76-100 on the
//! index rounded to a whole number.

use crate::test::*;

const CONTENT: &str = "examples/content/minimal";

fn score(name: &str) -> serde_json::Value {
  let file = root().join(CONTENT).join("assessments").join(name);
  let content = root().join(CONTENT);
  let out = Test::new()
    .args(&[
      "score",
      "--content",
      &content.to_string_lossy(),
      &file.to_string_lossy(),
      "--format",
      "json",
    ])
    .run()
    .code(0);
  serde_json::from_str(&out.stdout).expect("valid JSON")
}

fn dimension<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
  json["dimensions"]
    .as_array()
    .and_then(|ds| ds.iter().find(|d| d["id"] == id))
    .expect("dimension present")
}

fn group(json: &serde_json::Value, dimension_id: &str, id: &str) -> serde_json::Value {
  dimension(json, dimension_id)["groups"]
    .as_array()
    .and_then(|gs| gs.iter().find(|g| g["id"] == id))
    .cloned()
    .expect("group present")
}

#[test]
fn the_minimal_framework_validates() {
  let content = root().join(CONTENT);
  Test::new()
    .args(&["validate", "--content", &content.to_string_lossy()])
    .run()
    .code(0)
    .stdout_has("10 questions")
    .stdout_has("2 dimensions, 4 levels");
}

/// tools: accounting 3/3 = 1, invoicing 2/3, inventory 1/3, payroll not
/// applicable (out), BK01 partly 1/2 (asked: accounting is `fully`):
/// (1 + 2/3 + 1/3 + 1/2) ÷ 4 = 2.5 ÷ 4 = 62.5.
/// online: ON01 yes = 1; ON02 "don't know" (out): 100.
/// technology = (2 × 62.5 + 1 × 100) ÷ 3 = 225 ÷ 3 = 75.
/// people: PE01 40 % → 1/3, PE02 partly 1/2: (1/3 + 1/2) ÷ 2 = 5/12 =
/// 41.666… → 41.67.
/// index = (75 + 41.666…) ÷ 2 = 58.333… → 58.33; rounded 58 → level 3.
#[test]
fn a_grid_groups_and_dont_know_left_out_score_as_computed_by_hand() {
  let json = score("a-dang-hinh-thanh.yaml");
  assert_eq!(json["index"], 58.33);
  assert_eq!(json["level"]["number"], 3);
  assert_eq!(dimension(&json, "technology")["score"], 75.0);
  assert_eq!(group(&json, "technology", "tools")["score"], 62.5);
  assert_eq!(group(&json, "technology", "online")["score"], 100.0);
  assert_eq!(dimension(&json, "people")["score"], 41.67);
  assert!(dimension(&json, "people").get("groups").is_none());
  let row = &json["questions"][0];
  assert_eq!(row["id"], "TECH.accounting");
  assert_eq!(row["group"], "tools");
  assert_eq!(row["answer"], "fully");
}

/// tools: accounting 1, invoicing 0, inventory 0, payroll 0, BK01 yes 1:
/// 2 ÷ 5 = 40. online: ON01 no 0, ON02 "don't know" (out): 0.
/// technology = (2 × 40 + 1 × 0) ÷ 3 = 80 ÷ 3 = 26.666….
/// people: PE01 20 % → 0, PE02 partly 1/2: (0 + 1/2) ÷ 2 = 25.
/// index = (26.666… + 25) ÷ 2 = 25.8333… → 25.83, between the printed
/// bands 0-25 and 26-50: rounded to 26 (half away from zero), level 2.
#[test]
fn an_index_between_published_bands_takes_the_band_of_its_rounding() {
  let json = score("b-ranh-gioi.yaml");
  assert_eq!(json["index"], 25.83);
  assert_eq!(json["level"]["number"], 2);
  assert_eq!(json["level"]["band_number"], 2);
  assert_eq!(dimension(&json, "technology")["score"], 26.67);
  assert_eq!(group(&json, "technology", "tools")["score"], 40.0);
  assert_eq!(group(&json, "technology", "online")["score"], 0.0);
  assert_eq!(dimension(&json, "people")["score"], 25.0);
}

/// tools: accounting 1, invoicing 1, inventory 2/3, payroll 1/3, BK01 yes
/// 1: (1 + 1 + 2/3 + 1/3 + 1) ÷ 5 = 4 ÷ 5 = 80.
/// online: ON01 partly 1/2, ON02 no 0: (1/2 + 0) ÷ 2 = 25.
/// technology = (2 × 80 + 1 × 25) ÷ 3 = 185 ÷ 3 = 61.666… → 61.67.
/// people: PE01 60 % → 2/3, PE02 yes 1, PE03 free text (not scored):
/// (2/3 + 1) ÷ 2 = 5/6 = 83.33.
/// index = (61.666… + 83.333…) ÷ 2 = 72.5; rounded 73 → level 3.
#[test]
fn a_row_with_a_note_scores_like_any_answer() {
  let json = score("c-nang-cao.yaml");
  assert_eq!(json["index"], 72.5);
  assert_eq!(json["level"]["number"], 3);
  assert_eq!(dimension(&json, "technology")["score"], 61.67);
  assert_eq!(group(&json, "technology", "tools")["score"], 80.0);
  assert_eq!(group(&json, "technology", "online")["score"], 25.0);
  assert_eq!(dimension(&json, "people")["score"], 83.33);
  let payroll = json["questions"]
    .as_array()
    .and_then(|qs| qs.iter().find(|q| q["id"] == "TECH.payroll"))
    .expect("row present");
  assert_eq!(payroll["note"], "Mới thử trên bảng tính.");
}

#[test]
fn a_grid_answered_as_one_value_is_refused_with_its_line() {
  Test::new()
    .minimal()
    .file(
      "a.yaml",
      "questionnaire: {id: minimal, version: \"1.0\"}\nprofile:\n  name: X\nanswers:\n  TECH: fully\n",
    )
    .args(&["score", "--content", "minimal", "a.yaml", "--lang", "en"])
    .run()
    .code(2)
    .stderr_has("a.yaml:5")
    .stderr_has("Question TECH is a grid");
}

/// A wrong answer on one row of a grid is reported at that row's line,
/// not the grid's.
#[test]
fn a_wrong_row_answer_is_refused_at_the_rows_line() {
  Test::new()
    .minimal()
    .file(
      "a.yaml",
      "questionnaire: {id: minimal, version: \"1.0\"}\nprofile:\n  name: X\nanswers:\n  TECH:\n    accounting: fully\n    invoicing: sometimes-maybe\n",
    )
    .args(&["score", "--content", "minimal", "a.yaml", "--lang", "en"])
    .run()
    .code(2)
    .stderr_has("a.yaml:7")
    .stderr_has("sometimes-maybe");
}

#[test]
fn an_unknown_row_and_a_condition_on_a_row_are_checked() {
  Test::new()
    .minimal()
    .edit(
      "minimal/questionnaires/minimal.yaml",
      "answers.TECH.accounting in",
      "answers.TECH.accounts in",
    )
    .args(&["validate", "--content", "minimal"])
    .run()
    .code(1)
    .stderr_has("[BK01]")
    .stderr_has("unknown question `TECH.accounts`");
}

#[test]
fn published_bands_that_leave_a_whole_number_out_are_refused() {
  Test::new()
    .minimal()
    .edit("minimal/rules/levels.yaml", "min: 26", "min: 27")
    .args(&["validate", "--content", "minimal"])
    .run()
    .code(1)
    .stderr_has("levels.yaml:")
    .stderr_has("bands leave a gap between 25 and 27");
}

#[test]
fn a_question_outside_its_dimensions_groups_is_refused() {
  Test::new()
    .minimal()
    .edit(
      "minimal/questionnaires/minimal.yaml",
      "group: online",
      "group: offline",
    )
    .args(&["validate", "--content", "minimal"])
    .run()
    .code(1)
    .stderr_has("[ON01] unknown group `offline` of dimension `technology`");
}

/// The printed findings show "–", not "0%", for a "don't know" that this
/// framework leaves out of the score, and the grid's rows under its title.
#[test]
fn the_report_marks_a_dont_know_left_out_and_heads_grid_rows() {
  let file = root().join(CONTENT).join("assessments/b-ranh-gioi.yaml");
  let content = root().join(CONTENT);
  let out = Test::new()
    .args(&[
      "report",
      "--content",
      &content.to_string_lossy(),
      &file.to_string_lossy(),
      "--format",
      "html",
      "-o",
      "-",
    ])
    .run()
    .code(0);
  let row = out
    .stdout
    .split("<tr")
    .find(|r| r.contains("Khách hàng có đặt hàng") && r.contains("</td>"))
    .expect("the don't-know row");
  assert!(
    row.contains("Không biết") && row.contains("–") && !row.contains("0%"),
    "{row}"
  );
  assert!(
    out
      .stdout
      .contains("Tổ chức dùng các phần mềm sau đến mức nào?")
  );
}

/// Where a grid's row stands alone, in the list of gaps, it is named with
/// its grid: "Tính lương" alone would not say what is asked.
#[test]
fn a_grid_row_in_a_list_is_named_with_its_grid() {
  let file = root().join(CONTENT).join("assessments/c-nang-cao.yaml");
  let content = root().join(CONTENT);
  Test::new()
    .args(&[
      "score",
      "--content",
      &content.to_string_lossy(),
      &file.to_string_lossy(),
    ])
    .run()
    .code(0)
    .stdout_has("TECH.payroll: Tổ chức dùng các phần mềm sau đến mức nào? – Tính lương");
}
