//! The words of each legal form (`terms`): every form has them, and all
//! the same ones.

use super::Checker;
use crate::source::SourceFile;
use std::collections::BTreeSet;

impl Checker<'_> {
  pub(super) fn terms(&mut self, f: &SourceFile) {
    let content = self.content;
    let line = f.line_of_path(&["terms"]);
    let Some(form) = content.questionnaire.field("legal_form") else {
      return;
    };
    let keys: BTreeSet<&String> = content
      .planning
      .terms
      .values()
      .flat_map(|t| t.keys())
      .collect();
    for option in &form.options {
      match content.planning.terms.get(&option.id) {
        None => self.report(
          f,
          line,
          &option.id,
          format!("no terms for legal form `{}`", option.id),
          "give its words (org, board...) under `terms:`",
        ),
        Some(words) => {
          for k in &keys {
            match words.get(*k) {
              None => self.report(
                f,
                line,
                &option.id,
                format!("terms of `{}` lack `{k}`", option.id),
                "every legal form needs the same words",
              ),
              Some(t) => self.text(f, line, &option.id, k, t),
            }
          }
        }
      }
    }
  }
}
