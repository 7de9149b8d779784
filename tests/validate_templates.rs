//! `coopdx validate` renders every template for made-up cooperatives: a
//! template that would fail at `report` time fails `validate`, named by
//! its file and line.

use crate::test::*;

const REPORT: &str = "content/templates/report.md.j2";

/// The 1-based line of the first line of the default report template
/// holding `text`.
fn line_of(text: &str) -> usize {
  let template = std::fs::read_to_string(root().join("templates/report.md.j2")).expect("template");
  1 + template
    .lines()
    .position(|l| l.contains(text))
    .expect("the default report template holds the text")
}

fn validate_with(path: &str, from: &str, to: &str) -> Output {
  crate::cli_validate::broken(path, from, to)
}

#[test]
fn a_template_reading_an_undefined_variable_fails_validate_at_its_line() {
  let line = line_of("## {{ c.name | mdcell }}");
  validate_with(
    REPORT,
    "## {{ c.name | mdcell }}",
    "## {{ c.name | mdcell }} {{ c.founded }}",
  )
  .stderr_has(&format!("templates/report.md.j2:{line}"))
  .stderr_has("`c.founded` is undefined")
  .stderr_has("1 error(s)");
}

/// An optional profile field is left out by some cooperatives: a template
/// that prints it without `is defined` fails for them, and validate says
/// which field was left out.
#[test]
fn a_template_reading_an_optional_field_fails_for_the_cooperative_without_it() {
  validate_with(
    REPORT,
    "## {{ c.name | mdcell }}",
    "## {{ c.name | mdcell }} {{ c.revenue_band }}",
  )
  .stderr_has("`c.revenue_band` is undefined")
  .stderr_has("left out:")
  .stderr_has("revenue_band");
}

/// A mistake in a branch only some cooperatives take (a level capped by
/// a gate, the plan's left-out actions) is found too.
#[test]
fn a_mistake_in_a_branch_only_some_cooperatives_take_is_found() {
  let line = line_of("{% for d in plan.left_out %}");
  validate_with(
    REPORT,
    "{% for d in plan.left_out %}",
    "{% for d in plan.left_out %}{{ d.nothing }}",
  )
  .stderr_has(&format!("templates/report.md.j2:{line}"));
  validate_with(
    REPORT,
    "*Lưu ý:* chỉ số",
    "{{ capped_note }}*Lưu ý:* chỉ số",
  )
  .stderr_has("`capped_note` is undefined");
}

#[test]
fn a_template_syntax_error_fails_validate_at_its_line() {
  let line = line_of("## {{ c.name | mdcell }}");
  validate_with(
    REPORT,
    "## {{ c.name | mdcell }}",
    "## {{ c.name | mdcell }",
  )
  .stderr_has(&format!("templates/report.md.j2:{line}"))
  .stderr_has("syntax error")
  .stderr_has("1 error(s)");
}

/// The plan and score templates are rendered too.
#[test]
fn every_rendered_template_is_checked() {
  validate_with(
    "content/templates/plan.md.j2",
    "{% for row in profile %}",
    "{% for row in profile %}{{ row.shown }}",
  )
  .stderr_has("templates/plan.md.j2:")
  .stderr_has("`row.shown` is undefined");
  validate_with(
    "content/templates/score.txt.j2",
    "{{ c.name }}",
    "{{ c.name }}{{ c.province.name }}",
  )
  .stderr_has("templates/score.txt.j2:");
  validate_with(
    "content/templates/summary.md.j2",
    "{% for c in s.legal_forms %}",
    "{% for c in s.legal_forms %}{{ c.nothing }}",
  )
  .stderr_has("templates/summary.md.j2:")
  .stderr_has("for the summary of");
}
