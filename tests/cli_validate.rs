//! `coopdx validate` on the default content and on broken copies of it.

use crate::test::*;

const Q: &str = "content/questionnaires/coopdx.yaml";

/// `validate` of the default content with `from` replaced by `to` in
/// `path`, expected to fail.
pub fn broken(path: &str, from: &str, to: &str) -> Output {
  Test::new()
    .content()
    .edit(path, from, to)
    .args(&["validate", "--content", "content"])
    .run()
    .code(1)
}

#[test]
fn default_content_is_valid() {
  Test::new()
    .args(&["validate"])
    .run()
    .code(0)
    .stdout_has("74 questions")
    .stdout_has("7 dimensions");
}

#[test]
fn a_copied_content_folder_is_valid_and_used() {
  Test::new()
    .content()
    .args(&["validate", "--content", "content"])
    .run()
    .code(0)
    .stdout_has("content");
}

#[test]
fn duplicate_question_id_is_reported_with_its_line() {
  broken(Q, "  - id: LD02\n", "  - id: LD01\n")
    .stderr_has("[LD01] duplicate question id")
    .stderr_has("coopdx.yaml:");
}

#[test]
fn unknown_dimension_lists_the_known_ones() {
  broken(Q, "dimension: people", "dimension: persons")
    .stderr_has("unknown dimension `persons`")
    .stderr_has("use one of: leadership");
}

#[test]
fn option_without_points_is_reported() {
  broken(Q, "{id: ad_hoc, label: {vi: \"Chi khi phát sinh, không có kế hoạch\", en: \"Ad hoc, unplanned\"}, points: 1}", "{id: ad_hoc, label: {vi: \"Chi khi phát sinh\", en: \"Ad hoc\"}}")
    .stderr_has("[LD03] option `ad_hoc` has no points");
}

#[test]
fn non_positive_weight_is_reported() {
  broken("content/rules/dimensions.yaml", "weight: 1.5", "weight: 0")
    .stderr_has("[governance] weight 0 is not positive");
}

#[test]
fn overlapping_level_bands_are_reported() {
  broken(
    "content/rules/levels.yaml",
    "    min: 30\n",
    "    min: 25\n",
  )
  .stderr_has("bands overlap between 30 and 25");
}

#[test]
fn gap_in_scoring_bands_is_reported() {
  broken(
    Q,
    "{min: 25, max: 50, points: 1}",
    "{min: 30, max: 50, points: 1}",
  )
  .stderr_has("[PE01] bands leave a gap between 25 and 30");
}

#[test]
fn condition_on_a_later_question_is_reported() {
  broken(
    Q,
    "when: \"answers.IN01 > 0\"",
    "when: \"answers.DA01 == 'none'\"",
  )
  .stderr_has("[IN02]")
  .stderr_has("asked later");
}

#[test]
fn condition_on_an_unknown_profile_field_is_reported() {
  broken(
    Q,
    "when: \"profile.sector == 'credit_fund'\"",
    "when: \"profile.sectr == 'credit_fund'\"",
  )
  .stderr_has("unknown profile field `sectr`");
}

#[test]
fn condition_that_can_never_hold_is_reported() {
  broken(
    Q,
    "when: \"profile.sector == 'transport'\"",
    "when: \"profile.sector == 'transportation'\"",
  )
  .stderr_has("`transportation` is not an option of profile.sector");
}

#[test]
fn missing_translation_is_reported() {
  broken(
    "content/rules/dimensions.yaml",
    "      en: Members and digital skills\n",
    "",
  )
  .stderr_has("rules/dimensions.yaml:")
  .stderr_has("name: missing field `en`");
  broken(
    "content/rules/dimensions.yaml",
    "      en: Members and digital skills\n",
    "      en: \" \"\n",
  )
  .stderr_has("[people] name has no `en` text");
}

/// A parse error in one file hides nothing of the others: every file's
/// problems come in one run.
#[test]
fn a_file_that_does_not_parse_hides_no_problem_of_the_others() {
  let out = Test::new()
    .content()
    .edit(Q, "  - id: LD01\n", "  - id: [LD01\n")
    .edit(
      ACTIONS,
      "cost: {one_off: [10000000, 16000000]",
      "cost: {one_off: [16000000, 10000000]",
    )
    .edit(
      "content/rules/levels.yaml",
      "    min: 30\n",
      "    min: 25\n",
    )
    .args(&["validate", "--content", "content"])
    .run()
    .code(1)
    .stderr_has("questionnaires/coopdx.yaml:")
    .stderr_has("invalid type: sequence")
    .stderr_has("[IN-COMPUTER] one-off cost range 16000000..10000000")
    .stderr_has("bands overlap between 30 and 25");
  // Nothing is blamed on the questionnaire's absence: no "unknown
  // question" for every action, no "no action addresses".
  assert!(out.stderr.contains("3 error(s)"), "{}", out.stderr);
}

/// One mistake, one error: an unknown scale does not also say the
/// question has no options and cannot be scored; a renamed dimension is
/// one error naming the questions and actions that still use the old id.
#[test]
fn one_mistake_is_one_error() {
  broken(Q, "    scale: yes_partly_no\n", "    scale: yes_no_maybe\n")
    .stderr_has("unknown scale `yes_no_maybe`")
    .stderr_has("1 error(s)");
  broken(
    "content/rules/dimensions.yaml",
    "  - id: people\n",
    "  - id: peeple\n",
  )
  .stderr_has("[PE01] unknown dimension `people` (also named by PE02")
  .stderr_has("PE-TRAIN-MANAGEMENT")
  .stderr_has("1 error(s)");
  broken(
    "content/rules/levels.yaml",
    "requires: \"answers.DA01 in",
    "requires: \"answer.DA01 in",
  )
  .stderr_has("1 error(s)");
}

/// What the schema lets an author leave out, validate accepts: a question
/// without an advisor hint (it used to be two errors a question).
#[test]
fn questions_without_hints_are_valid() {
  let mut t = Test::new().content();
  let path = t.dir().join(Q);
  let text = std::fs::read_to_string(&path).expect("questionnaire");
  let mut kept = Vec::new();
  let mut lines = text.lines().peekable();
  while let Some(line) = lines.next() {
    // A question's hint: `    hint:` and its two language lines.
    if line == "    hint:" {
      lines.next();
      lines.next();
      continue;
    }
    kept.push(line);
  }
  assert!(kept.len() + 100 < text.lines().count(), "hints removed");
  t = t.file(Q, &(kept.join("\n") + "\n"));
  t.args(&["validate", "--content", "content"]).run().code(0);
}

#[test]
fn gate_with_unknown_variable_is_reported() {
  broken(
    "content/rules/levels.yaml",
    "requires: \"answers.DA01 in",
    "requires: \"answer.DA01 in",
  )
  .stderr_has("[data_backup]")
  .stderr_has("unknown variable `answer");
}

#[test]
fn malformed_yaml_shows_line_and_snippet() {
  broken(
    "content/rules/scales.yaml",
    "  - id: adoption\n",
    "  - id: [adoption\n",
  )
  .stderr_has("rules/scales.yaml:")
  .stderr_has("│");
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
  let out = Test::new()
    .content()
    .edit(Q, "dimension: people", "dimension: persons")
    .edit("content/rules/dimensions.yaml", "weight: 1.5", "weight: -1")
    .args(&["validate", "--content", "content"])
    .run()
    .code(1);
  assert!(
    out.stderr.contains("persons") && out.stderr.contains("weight -1"),
    "{}",
    out.stderr
  );
}

#[test]
fn scoring_with_broken_content_is_refused_with_exit_2() {
  Test::new()
    .content()
    .edit(Q, "dimension: people", "dimension: persons")
    .file("a.yaml", &example("htx-nong-nghiep-khoi-dau.yaml"))
    .args(&["score", "a.yaml", "--content", "content"])
    .run()
    .code(2)
    .stderr_has("chạy coopdx validate");
}

#[test]
fn missing_content_folder_is_an_input_error() {
  Test::new()
    .args(&["validate", "--content", "nowhere"])
    .run()
    .code(2)
    .stderr_has("không có thư mục nội dung nowhere");
}

const ACTIONS: &str = "content/rules/actions.yaml";

#[test]
fn prerequisite_cycle_is_reported() {
  broken(
    ACTIONS,
    "    prerequisites: [LD-LEAD]\n",
    "    prerequisites: [LD-LEAD, LD-BUDGET]\n",
  )
  .stderr_has("prerequisites form a cycle");
}

#[test]
fn unknown_prerequisite_and_policy_are_reported() {
  broken(
    ACTIONS,
    "    prerequisites: [GO-SIGNATURE]\n",
    "    prerequisites: [GO-SIGNATUR]\n",
  )
  .stderr_has("unknown prerequisite `GO-SIGNATUR`");
  broken(
    ACTIONS,
    "    policies: [law_art_20, decision_1804]\n",
    "    policies: [law_art_20, law_art_99]\n",
  )
  .stderr_has("unknown policy `law_art_99`");
}

#[test]
fn cost_range_upside_down_is_reported() {
  broken(
    ACTIONS,
    "cost: {one_off: [10000000, 16000000]",
    "cost: {one_off: [16000000, 10000000]",
  )
  .stderr_has("[IN-COMPUTER] one-off cost range 16000000..10000000");
}

#[test]
fn question_without_an_action_is_reported() {
  broken(ACTIONS, "    addresses: [IN07]\n", "    addresses: []\n")
    .stderr_has("[IN07] no action addresses this question");
}

#[test]
fn action_condition_on_unknown_question_is_reported() {
  broken(
    ACTIONS,
    "when: \"answers.IN07 in ['no', 'partly']\"",
    "when: \"answers.IN77 in ['no', 'partly']\"",
  )
  .stderr_has("[IN-DIGITISE]")
  .stderr_has("unknown question `IN77`");
}

#[test]
fn broken_rationale_template_is_reported() {
  broken(
    ACTIONS,
    "Thiết bị số hóa giấy tờ: {{ observed.IN07 }}.",
    "Thiết bị số hóa giấy tờ: {{ observed.IN07 }.",
  )
  .stderr_has("[IN-DIGITISE] rationale does not compile");
}

#[test]
fn a_level_may_not_rely_on_a_gate_that_caps_at_or_above_it() {
  broken(
    "content/rules/levels.yaml",
    "    relies_on: [e_invoice]\n",
    "    relies_on: [e_invoice, accounting_software]\n",
  )
  .stderr_has("[level 2] relies on gate `accounting_software`, which caps at level 2");
}

#[test]
fn an_unknown_capability_is_reported_with_the_known_ones() {
  broken(
    "content/rules/actions.yaml",
    "    provides: [computer]\n",
    "    provides: [komputer]\n",
  )
  .stderr_has("provides unknown capability `komputer`")
  .stderr_has("computer");
}

#[test]
fn the_last_capacity_class_must_catch_every_cooperative() {
  broken(
    "content/rules/planning.yaml",
    "  - id: large\n",
    "  - id: large\n    when: \"(profile.workers or 0) > 100\"\n",
  )
  .stderr_has("the last capacity class must have no `when`");
}

#[test]
fn a_content_text_that_does_not_render_for_a_legal_form_is_reported() {
  broken(
    "content/rules/levels.yaml",
    "Mức khởi điểm: phần lớn công việc của {{ org }}",
    "Mức khởi điểm: phần lớn công việc của {{ org.name.first }}",
  )
  .stderr_has("does not render for legal form");
}

#[test]
fn a_non_actionable_question_needs_a_reason_for_the_plan() {
  broken(
    Q,
    "  - id: LD03\n    dimension: leadership\n",
    "  - id: LD03\n    dimension: leadership\n    actionable: false\n",
  )
  .stderr_has("[LD03] a question marked `actionable: false` needs `no_action`");
}

#[test]
fn files_that_are_not_content_in_a_content_folder_are_ignored() {
  Test::new()
    .content()
    .file("content/rules/.DS_Store", "\u{0}\u{1}binary")
    .file("content/templates/notes.txt", "not a template")
    .args(&["validate", "--content", "content"])
    .run()
    .code(0);
}

/// Plans, reports and the interview name the cooperative by `name`; a
/// profile without it (or `profile: []`) is refused before an interview can
/// trip over it.
#[test]
fn a_profile_without_a_name_field_is_refused() {
  broken(Q, "profile:\n  - id: name\n", "profile:\n  - id: title\n")
    .stderr_has("the profile has no `name` field");
}

#[test]
fn a_deleted_or_broken_message_is_reported() {
  broken(
    "content/templates/messages.yaml",
    "bad_mode:\n",
    "bad_mood:\n",
  )
  .stderr_has("[bad_mode] message missing from the catalogue");
  broken(
    "content/templates/messages.yaml",
    "Ngày \\\"{{ value }}\\\" không hợp lệ.",
    "Ngày \\\"{{ value \\\" không hợp lệ.",
  )
  .stderr_has("[bad_date] message (vi) does not compile");
}

/// The typography word lists keep numbers with their words in the printed
/// report: a stray comma (an empty word) and an empty list are reported.
#[test]
fn a_typography_word_list_with_an_empty_word_is_reported() {
  broken(
    "content/templates/messages.yaml",
    "vi: đ, đồng, VND",
    "vi: đ, , đồng, VND",
  )
  .stderr_has("[typography_unit_words] word list (vi) has an empty item");
  broken(
    "content/templates/messages.yaml",
    "en: Art., No., month, months, level, Phase, Page",
    "en: \"\"",
  )
  .stderr_has("[typography_words_before_number] message has no `en` text");
}

/// Conditions are evaluated on made-up cooperatives by `validate`, so a
/// type error or an unknown filter is the content's, reported at its line.
#[test]
fn a_condition_that_fails_when_evaluated_is_reported() {
  broken(
    "content/rules/levels.yaml",
    "    requires: \"answers.GO02 == 'all_sales'\"",
    "    requires: \"answers.GO02 in 5\"",
  )
  .stderr_has("fails when evaluated")
  .stderr_has("levels.yaml:");
  broken(
    ACTIONS,
    "    when: \"answers.LD02 in ['no', 'partly']\"",
    "    when: \"answers.LD02 | shout in ['no', 'partly']\"",
  )
  .stderr_has("[LD-LEAD] condition")
  .stderr_has("fails when evaluated");
}

/// Near `Decimal`'s limit a weight or cost would overflow a sum and stop
/// the program; content numbers keep documented ranges instead.
#[test]
fn numbers_near_the_decimal_limit_are_refused() {
  broken(
    "content/rules/dimensions.yaml",
    "weight: 1.5",
    "weight: 7.9e28",
  )
  .stderr_has("[governance] weight 79000000000000000000000000000 is outside 0..=100");
  broken(
    ACTIONS,
    "cost: {one_off: [10000000, 16000000]",
    "cost: {one_off: [10000000, 7.9e28]",
  )
  .stderr_has("[IN-COMPUTER] cost 79000000000000000000000000000 is outside");
  Test::new()
    .content()
    .edit(
      "content/rules/dimensions.yaml",
      "weight: 1.5",
      "weight: 7.9e28",
    )
    .args(&["--content", "content", "score", "a.yaml"])
    .file("a.yaml", &example("htx-nong-nghiep-khoi-dau.yaml"))
    .run()
    .code(2);
}

/// One broken copy of the content per diagnostic: each edit, the message
/// `validate` must give for it.
#[test]
fn each_diagnostic_is_given_for_its_mistake() {
  const PLANNING: &str = "content/rules/planning.yaml";
  const POLICIES: &str = "content/rules/policies.yaml";
  const LEVELS: &str = "content/rules/levels.yaml";
  const SCALES: &str = "content/rules/scales.yaml";
  let cases: &[(&str, &str, &str, &str)] = &[
    (
      ACTIONS,
      "  - id: LD-REVIEW\n",
      "  - id: LD-LEAD\n",
      "[LD-LEAD] duplicate action id",
    ),
    (
      ACTIONS,
      "    impact: 3\n",
      "    impact: 9\n",
      "must be 1 to 5",
    ),
    (
      Q,
      "    scale: yes_partly_no\n",
      "    scale: yes_no_maybe\n",
      "unknown scale `yes_no_maybe`",
    ),
    (
      PLANNING,
      "capabilities:\n",
      "capabilities:\n  - id: computer\n    kind: tool\n    name: {vi: a, en: a}\n    present_when: \"true\"\n",
      "duplicate capability id",
    ),
    (
      PLANNING,
      "  to_hop_tac:\n",
      "  to_hop_tac_old:\n",
      "no terms for legal form `to_hop_tac`",
    ),
    (
      POLICIES,
      "    applied_through: LD-SUPPORT\n",
      "    applied_through: LD-SUPORT\n",
      "applied_through names unknown action `LD-SUPORT`",
    ),
    (
      LEVELS,
      "    relies_on: [e_invoice]\n",
      "    relies_on: [e_invoise]\n",
      "relies on unknown gate `e_invoise`",
    ),
    (
      LEVELS,
      "    why: >\n      E-invoices are mandatory",
      "    why: \"\"\n    unused: >\n      E-invoices are mandatory",
      "unknown field `unused`",
    ),
    (
      SCALES,
      "scales:\n",
      "scales:\n  - id: yes_partly_no\n    options: []\n",
      "duplicate scale id",
    ),
    (
      PLANNING,
      "default_months: 36",
      "default_months: 0",
      "default months 0 is outside 1..=120",
    ),
  ];
  for (file, from, to, expected) in cases {
    broken(file, from, to).stderr_has(expected);
  }
}

#[test]
fn a_condition_field_tools_cannot_read_is_reported_with_its_line() {
  broken(
    Q,
    "when: \"answers.IN01 > 0\"",
    "when: \"answers.IN01 | default(0) > 0\"",
  )
  .stderr_has("cannot be exported to field tools")
  .stderr_has("coopdx.yaml:");
}

#[test]
fn the_questionnaire_exports_as_an_xlsform_workbook() {
  let out = Test::new()
    .args(&["export", "xlsform", "-o", "coopdx.xlsx"])
    .run()
    .code(0);
  let path = out.path("coopdx.xlsx");
  let bytes = std::fs::read(path).expect("the workbook is written");
  assert!(bytes.starts_with(b"PK"), "an .xlsx is a zip");
}

#[test]
fn whole_number_bands_must_follow_on_without_a_gap() {
  broken(
    "content/rules/levels.yaml",
    "\nlevels:\n",
    "\nband_on: rounded_integer\nlevels:\n",
  )
  .stderr_has("bands overlap between 15 and 15")
  .stderr_has("previous level's max + 1");
}
