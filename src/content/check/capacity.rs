//! Capacity classes: a default class last, and at least one action at a
//! time.

use super::Checker;
use super::scope::Scope;
use crate::source::SourceFile;

impl Checker<'_> {
  pub(super) fn capacity(&mut self, f: &SourceFile) {
    let classes = &self.content.planning.capacity;
    let line = f.line_of_path(&["capacity"]);
    if classes.last().is_none_or(|c| c.when.is_some()) {
      self.report(
        f,
        line,
        "capacity",
        "the last capacity class must have no `when`, so every cooperative gets one".into(),
        "end the list with a default class",
      );
    }
    for c in classes {
      let line = f.line_of_item(Some("capacity"), &c.id);
      if c.max_parallel == 0 || c.first_phase_starts == 0 {
        self.report(
          f,
          line,
          &c.id,
          "max_parallel and first_phase_starts must be at least 1".into(),
          "",
        );
      }
      self.text(f, line, &c.id, "name", &c.name);
      if let Some(when) = &c.when {
        self.condition(
          f,
          line.map(|l| f.line_of_field(l, "when")),
          &c.id,
          when,
          Scope::Profile,
        );
      }
    }
  }
}
