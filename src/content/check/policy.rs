//! Support policies: ids, the action that applies for them, texts and
//! `applies`.

use super::Checker;
use super::scope::Scope;
use crate::content::{ACTIONS_FILE, POLICIES_FILE};
use std::collections::BTreeSet;

impl Checker<'_> {
  pub(super) fn policies(&mut self) {
    let f = self.file(POLICIES_FILE);
    let mut seen = BTreeSet::new();
    for p in &self.content.policies {
      let line = f.line_of_item(Some("policies"), &p.id);
      if !seen.insert(p.id.as_str()) {
        self.report(&f, line, &p.id, "duplicate policy id".into(), "");
      }
      if let Some(a) = &p.applied_through
        && self.read(ACTIONS_FILE)
        && self.content.action(a).is_none()
      {
        self.report(
          &f,
          line,
          &p.id,
          format!("applied_through names unknown action `{a}`"),
          "name the action that files the application for support",
        );
      }
      self.text(&f, line, &p.id, "reference", &p.reference);
      if let Some(applies) = &p.applies {
        self.condition(&f, line, &p.id, applies, Scope::Profile);
      }
      for (what, text) in [
        ("name", &p.name),
        ("funds", &p.funds),
        ("eligible", &p.eligible),
        ("how_to_apply", &p.how_to_apply),
      ] {
        self.text(&f, line, &p.id, what, text);
      }
    }
  }
}
