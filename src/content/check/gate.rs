//! Gates: ids, a cap within the levels, texts, reasoning and conditions.

use super::Checker;
use super::scope::Scope;
use crate::content::LEVELS_FILE;
use std::collections::BTreeSet;

impl Checker<'_> {
  pub(super) fn gates(&mut self) {
    let f = self.file(LEVELS_FILE);
    let top = self.content.levels.last().map_or(0, |l| l.number);
    let mut seen = BTreeSet::new();
    for gate in &self.content.gates {
      let line = f.line_of_item(Some("gates"), &gate.id);
      let id = gate.id.as_str();
      if !seen.insert(id) {
        self.report(&f, line, id, "duplicate gate id".into(), "");
      }
      let bottom = self.content.levels.first().map_or(0, |l| l.number);
      if gate.max_level < bottom {
        self.report(
          &f,
          line.map(|l| f.line_of_field(l, "max_level")),
          id,
          format!(
            "max_level {} is below the lowest level, {bottom}",
            gate.max_level
          ),
          "cap at one of the levels' numbers",
        );
      }
      if gate.max_level >= top {
        self.report(
          &f,
          line.map(|l| f.line_of_field(l, "max_level")),
          id,
          format!(
            "max_level {} caps nothing (the top level is {top})",
            gate.max_level
          ),
          "",
        );
      }
      self.text(&f, line, id, "reason", &gate.reason);
      self.text(&f, line, id, "name", &gate.name);
      self.text(&f, line, id, "reason_unknown", &gate.reason_unknown);
      for (what, text) in [
        ("reason", &gate.reason),
        ("reason_unknown", &gate.reason_unknown),
      ] {
        self.content_template(&f, line, id, what, text);
      }
      if gate.why.trim().is_empty() {
        self.report(
          &f,
          line,
          id,
          "gate has no `why`".into(),
          "document the gate's reasoning and legal ground",
        );
      }
      self.condition(
        &f,
        line.map(|l| f.line_of_field(l, "requires")),
        id,
        &gate.requires,
        Scope::Gate,
      );
      if let Some(when) = &gate.when {
        self.condition(
          &f,
          line.map(|l| f.line_of_field(l, "when")),
          id,
          when,
          Scope::Gate,
        );
      }
    }
  }
}
