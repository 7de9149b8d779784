//! A question's options: from its scale or its own, as its kind needs,
//! each with its own id, points and label.

use super::Checker;
use crate::content::{AnswerOption, MultiScoring, Question, QuestionKind, SCALES_FILE};
use crate::source::SourceFile;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Ids an option may not take: they are how an assessment says "not
/// applicable" and "don't know".
pub const RESERVED_ANSWERS: [&str; 2] = ["not_applicable", "dont_know"];

impl Checker<'_> {
  pub(super) fn question_options(&mut self, f: &SourceFile, line: Option<usize>, q: &Question) {
    let id = q.id.as_str();
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let Some(from_scale) = self.options_from_scale(f, line, q) else {
      return;
    };
    self.options_fit_kind(f, line, q);
    let mut seen = BTreeSet::new();
    for o in q.options.iter().filter(|_| !from_scale) {
      if !seen.insert(o.id.as_str()) {
        self.report(
          f,
          at("options"),
          id,
          format!("duplicate option `{}`", o.id),
          "",
        );
      }
      self.question_option(f, line, q, o);
    }
    if q.options.iter().filter(|o| o.exclusive).count() > 1 {
      self.report(
        f,
        at("options"),
        id,
        "more than one exclusive option".into(),
        "keep one \"none of these\" option",
      );
    }
    if q.cap.is_some_and(|c| c <= Decimal::ZERO) {
      self.report(f, at("cap"), id, "cap is not positive".into(), "");
    }
  }

  /// Whether the question's options are its scale's (checked once, with
  /// the scale); `None` when its scale is unknown (reported here, unless
  /// the scales file did not parse): without the scale the question has
  /// no options, so one mistake gives one error.
  fn options_from_scale(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    q: &Question,
  ) -> Option<bool> {
    let Some(scale) = &q.scale else {
      return Some(false);
    };
    match self.content.scales.iter().find(|s| &s.id == scale) {
      Some(s) => Some(s.options == q.options),
      None if !self.read(SCALES_FILE) => None,
      None => {
        let known: Vec<&str> = self.content.scales.iter().map(|s| s.id.as_str()).collect();
        self.report(
          f,
          line.map(|l| f.line_of_field(l, "scale")),
          &q.id,
          format!("unknown scale `{scale}`"),
          &format!("use one of: {}", known.join(", ")),
        );
        None
      }
    }
  }

  /// Choice and multi questions have options; other kinds have none.
  fn options_fit_kind(&mut self, f: &SourceFile, line: Option<usize>, q: &Question) {
    let has_options = matches!(q.kind, QuestionKind::Choice | QuestionKind::Multi);
    if has_options && q.options.is_empty() {
      self.report(
        f,
        line,
        &q.id,
        format!("{} question has no options", q.kind.name()),
        "add `options:` or `scale:`",
      );
    }
    if !has_options && (!q.options.is_empty() || q.scale.is_some()) {
      self.report(
        f,
        line.map(|l| f.line_of_field(l, "options")),
        &q.id,
        format!("{} question cannot have options", q.kind.name()),
        "remove `options:`/`scale:` or change `type:`",
      );
    }
  }

  /// One option of the question's own: its id, points and label.
  fn question_option(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    q: &Question,
    o: &AnswerOption,
  ) {
    let id = q.id.as_str();
    let at = line.map(|l| f.line_of_field(l, "options"));
    let needs_points = q.kind == QuestionKind::Choice
      || (q.kind == QuestionKind::Multi && q.scoring == MultiScoring::Sum);
    if RESERVED_ANSWERS.contains(&o.id.as_str()) {
      self.report(
        f,
        at,
        id,
        format!("option id `{}` is reserved", o.id),
        "use `allow_na`/`allow_dont_know` instead",
      );
    }
    if needs_points && o.points.is_none() {
      self.report(
        f,
        at,
        id,
        format!("option `{}` has no points", o.id),
        "add `points:` (0 for the lowest answer)",
      );
    }
    if o.points.is_some_and(|p| p < Decimal::ZERO) {
      self.report(
        f,
        at,
        id,
        format!("option `{}` has negative points", o.id),
        "points are 0 or more",
      );
    }
    if o.exclusive && q.kind != QuestionKind::Multi {
      self.report(
        f,
        at,
        id,
        format!(
          "option `{}` is exclusive in a {} question",
          o.id,
          q.kind.name()
        ),
        "only multi questions have exclusive options",
      );
    }
    self.text(f, at, id, &format!("option `{}`", o.id), &o.label);
  }
}
