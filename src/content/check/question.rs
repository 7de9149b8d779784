//! Questions: ids, dimension, weight, texts, whether they can be scored,
//! and `when`.

use super::Checker;
use super::scope::Scope;
use crate::content::{DIMENSIONS_FILE, Question, QuestionKind};
use crate::source::SourceFile;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

impl Checker<'_> {
  pub(super) fn questions(&mut self) {
    let f = self.qfile();
    let content = self.content;
    let mut seen = BTreeSet::new();
    for (index, q) in content.questionnaire.questions.iter().enumerate() {
      // A grid's rows share everything but their labels: its first row
      // stands for it (grid.rs checks the rest).
      if q.grid.as_ref().is_some_and(|g| !g.first) {
        continue;
      }
      let line = f.line_of_item(Some("questions"), q.written_id());
      let at = |field: &str| line.map(|l| f.line_of_field(l, field));
      let id = q.id.as_str();
      if !seen.insert(id) {
        self.report(
          &f,
          line,
          id,
          "duplicate question id".into(),
          "question ids must be unique",
        );
      }
      self.question_dimension_and_weight(&f, line, q);
      self.question_texts(&f, line, q);
      self.question_scoring(&f, line, q);
      if let Some(when) = &q.when
        && self.condition(&f, at("when"), id, when, Scope::Question(index))
      {
        self.field_tool_condition(&f, at("when"), id, when);
      }
    }
  }

  /// The question's dimension exists and its weight is positive.
  fn question_dimension_and_weight(&mut self, f: &SourceFile, line: Option<usize>, q: &Question) {
    let content = self.content;
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = q.id.as_str();
    if self.read(DIMENSIONS_FILE) && content.dimension(&q.dimension).is_none() {
      let known: Vec<&str> = content.dimensions.iter().map(|d| d.id.as_str()).collect();
      self.report(
        f,
        at("dimension"),
        id,
        format!("unknown dimension `{}`", q.dimension),
        &format!("use one of: {}", known.join(", ")),
      );
    }
    if q.weight <= Decimal::ZERO {
      self.report(
        f,
        at("weight"),
        id,
        format!("weight {} is not positive", q.weight),
        "use a weight above 0",
      );
    }
  }

  /// The question's texts: both languages, and templates that render.
  fn question_texts(&mut self, f: &SourceFile, line: Option<usize>, q: &Question) {
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = q.id.as_str();
    self.text(f, at("text"), id, "question text", &q.text);
    self.content_template(f, at("text"), id, "question text", &q.text);
    // The hint may be left out (the schema says so); when given, in
    // both languages.
    if q.kind != QuestionKind::Text {
      self.optional_text(f, line, id, "advisor hint", &q.hint);
      self.content_template(f, line, id, "advisor hint", &q.hint);
    }
    if let Some(t) = &q.no_action {
      self.content_template(f, line, id, "no_action", t);
    }
    for o in &q.options {
      self.content_template(f, line, id, "option label", &o.label);
    }
  }

  /// The question's options or bands, and that some answer earns points.
  fn question_scoring(&mut self, f: &SourceFile, line: Option<usize>, q: &Question) {
    // A question whose options or bands are wrong cannot be scored
    // either: that follows from the error already reported.
    let before = self.problems.len();
    self.question_options(f, line, q);
    self.question_bands(f, line, q);
    let options_known = q.scale.is_none()
      || self
        .content
        .scales
        .iter()
        .any(|s| Some(&s.id) == q.scale.as_ref());
    if self.problems.len() == before
      && options_known
      && q.kind != QuestionKind::Text
      && q.actionable
      && !q.is_scored()
    {
      self.report(
        f,
        line,
        &q.id,
        "no answer can earn points, so the question cannot be scored".into(),
        "give the best option or band points above 0, or make it `type: text`",
      );
    }
  }
}
