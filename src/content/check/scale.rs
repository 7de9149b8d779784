//! Shared answer scales: ids, and options with points where a question
//! scores by them.

use super::Checker;
use super::options::RESERVED_ANSWERS;
use crate::content::{MultiScoring, QuestionKind, SCALES_FILE};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

impl Checker<'_> {
  pub(super) fn scales(&mut self) {
    let f = self.file(SCALES_FILE);
    let mut seen = BTreeSet::new();
    for s in &self.content.scales {
      let line = f.line_of_item(Some("scales"), &s.id);
      if !seen.insert(s.id.as_str()) {
        self.report(&f, line, &s.id, "duplicate scale id".into(), "");
      }
      // Points are needed when a question scores by them (choice, or
      // multi scored by sum); a scale only ticked and counted needs none.
      let needs_points = self.content.questionnaire.questions.iter().any(|q| {
        q.scale.as_ref() == Some(&s.id)
          && (q.kind == QuestionKind::Choice
            || (q.kind == QuestionKind::Multi && q.scoring == MultiScoring::Sum))
      });
      let mut ids = BTreeSet::new();
      for o in &s.options {
        if !ids.insert(o.id.as_str()) {
          self.report(&f, line, &s.id, format!("duplicate option `{}`", o.id), "");
        }
        if RESERVED_ANSWERS.contains(&o.id.as_str()) {
          self.report(
            &f,
            line,
            &s.id,
            format!("option id `{}` is reserved", o.id),
            "use `allow_na`/`allow_dont_know` on the question instead",
          );
        }
        if o.points.is_some_and(|p| p < Decimal::ZERO) {
          self.report(
            &f,
            line,
            &s.id,
            format!("option `{}` has negative points", o.id),
            "points are 0 or more",
          );
        }
        if needs_points && o.points.is_none() {
          self.report(
            &f,
            line,
            &s.id,
            format!("option `{}` has no points", o.id),
            "add `points:`",
          );
        }
        self.text(&f, line, &s.id, &format!("option `{}`", o.id), &o.label);
      }
    }
  }
}
