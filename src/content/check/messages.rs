//! The message catalogue: every message in both languages, compiling, and
//! none of the program's missing.

use super::Checker;
use crate::content::MESSAGES_FILE;
use crate::text::{Lang, Text};
use std::collections::BTreeMap;

impl Checker<'_> {
  pub(super) fn messages(&mut self) {
    let f = self.file(MESSAGES_FILE);
    for (key, text) in &self.content.messages.0 {
      let line = f.line_of_path(&[key]);
      self.text(&f, line, key, "message", text);
      for lang in [Lang::Vi, Lang::En] {
        if let Err(e) = self.content.env().template_from_str(text.get(lang)) {
          self.report(
            &f,
            line,
            key,
            format!("message ({}) does not compile: {e}", lang.code()),
            "fix the template syntax; users would otherwise read the raw text",
          );
        }
      }
    }
    // The program says these: a catalogue without one would show users a
    // bare key.
    let default: BTreeMap<String, Text> =
      yaml_serde::from_str(include_str!("../../../templates/messages.yaml")).unwrap_or_default();
    for key in default.keys() {
      if !self.content.messages.0.contains_key(key) {
        self.report(
          &f,
          None,
          key,
          "message missing from the catalogue".into(),
          "coopdx says this message; copy it from the default templates/messages.yaml",
        );
      }
    }
  }
}
