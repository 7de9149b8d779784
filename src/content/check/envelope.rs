//! The yearly budget envelope: an amount for every option of its profile
//! field, and none for anything else.

use super::{Checker, QUESTIONNAIRE};
use crate::source::SourceFile;

impl Checker<'_> {
  pub(super) fn envelope(&mut self, f: &SourceFile) {
    let Some(e) = &self.content.planning.envelope else {
      return;
    };
    if !self.read(QUESTIONNAIRE) {
      self.text(
        f,
        f.line_of_path(&["envelope"]),
        "envelope",
        "note",
        &e.note,
      );
      return;
    }
    let line = f.line_of_path(&["envelope"]);
    match self.content.questionnaire.field(&e.field) {
      None => self.report(
        f,
        line,
        "envelope",
        format!("unknown profile field `{}`", e.field),
        "name a choice field of the profile, e.g. revenue_band",
      ),
      Some(field) => {
        for option in &field.options {
          if !e.amounts.contains_key(&option.id) {
            self.report(
              f,
              line,
              "envelope",
              format!("no amount for `{}` of {}", option.id, e.field),
              "give a yearly amount in VND for every option",
            );
          }
        }
        for key in e.amounts.keys() {
          if field.find_option(key).is_none() {
            self.report(
              f,
              line,
              "envelope",
              format!("`{key}` is not an option of {}", e.field),
              "",
            );
          }
        }
      }
    }
    self.text(f, line, "envelope", "note", &e.note);
  }
}
