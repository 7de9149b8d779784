//! The message catalogue: every message in both languages, compiling,
//! none of the program's missing, and word lists without empty items.

use super::Checker;
use crate::content::messages::list_items;
use crate::content::{MESSAGES_FILE, Messages};
use crate::source::SourceFile;
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
    self.word_lists(&f);
  }

  /// The typography word lists have no empty item (a stray comma): every
  /// item is a word a number stays with.
  fn word_lists(&mut self, f: &SourceFile) {
    for key in Messages::WORD_LISTS {
      let Some(text) = self.content.messages.0.get(key) else {
        continue;
      };
      let line = f.line_of_path(&[key]);
      for lang in [Lang::Vi, Lang::En] {
        let list = text.get(lang);
        // An empty list is reported as a missing text.
        if !list.trim().is_empty() && list_items(list).any(str::is_empty) {
          self.report(
            f,
            line,
            key,
            format!("word list ({}) has an empty item", lang.code()),
            "separate the words with single commas, e.g. `VND, months, years`",
          );
        }
      }
    }
  }
}
