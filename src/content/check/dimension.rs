//! Dimensions: ids, weights, texts, and a scored question in each.

use super::{Checker, QUESTIONNAIRE};
use crate::content::DIMENSIONS_FILE;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

impl Checker<'_> {
  pub(super) fn dimensions(&mut self) {
    let f = self.file(DIMENSIONS_FILE);
    let mut seen = BTreeSet::new();
    for d in &self.content.dimensions {
      let line = f.line_of_item(Some("dimensions"), &d.id);
      if !seen.insert(d.id.as_str()) {
        self.report(&f, line, &d.id, "duplicate dimension id".into(), "");
      }
      if d.weight <= Decimal::ZERO {
        self.report(
          &f,
          line.map(|l| f.line_of_field(l, "weight")),
          &d.id,
          format!("weight {} is not positive", d.weight),
          "use a weight above 0",
        );
      }
      self.text(&f, line, &d.id, "name", &d.name);
      self.optional_text(&f, line, &d.id, "description", &d.description);
      self.content_template(&f, line, &d.id, "description", &d.description);
      let scored = self
        .content
        .questionnaire
        .questions
        .iter()
        .any(|q| q.dimension == d.id && q.is_scored());
      if !scored && self.read(QUESTIONNAIRE) {
        self.report(
          &f,
          line,
          &d.id,
          "no scored question belongs to this dimension".into(),
          "add questions with `dimension: ` this id, or remove the dimension",
        );
      }
    }
  }
}
