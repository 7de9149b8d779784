//! Capabilities (tools, skills): ids, texts, `present_when`, and an
//! action that needs each.

use super::Checker;
use super::scope::Scope;
use crate::content::ACTIONS_FILE;
use crate::source::SourceFile;
use std::collections::BTreeSet;

impl Checker<'_> {
  pub(super) fn capabilities(&mut self, f: &SourceFile) {
    let content = self.content;
    let mut seen = BTreeSet::new();
    for c in &content.planning.capabilities {
      let line = f.line_of_item(Some("capabilities"), &c.id);
      if !seen.insert(c.id.as_str()) {
        self.report(f, line, &c.id, "duplicate capability id".into(), "");
      }
      self.text(f, line, &c.id, "name", &c.name);
      if let Some(m) = &c.missing {
        self.text(f, line, &c.id, "missing", m);
      }
      self.condition(
        f,
        line.map(|l| f.line_of_field(l, "present_when")),
        &c.id,
        &c.present_when,
        Scope::Action,
      );
      if self.read(ACTIONS_FILE) && !content.actions.iter().any(|a| a.needs.contains(&c.id)) {
        self.report(
          f,
          line,
          &c.id,
          "no action needs this capability".into(),
          "add it to an action's `needs:` or remove it",
        );
      }
    }
  }
}
