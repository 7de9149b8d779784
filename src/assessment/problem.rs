//! A problem found in an assessment file.

use crate::common::*;

/// One problem in an assessment file, rendered through the message
/// catalogue so the advisor reads it in their language.
#[derive(Clone, Debug)]
pub struct Problem {
  /// 1-based line in the file, when it could be found.
  pub line: Option<usize>,
  /// The question or profile field concerned.
  pub id: Option<String>,
  /// The message key in `templates/messages.yaml`.
  pub key: &'static str,
  /// The message's arguments.
  pub args: Value,
}

impl Problem {
  /// A problem with message `key` and `args`.
  pub fn new(key: &'static str, args: Value) -> Self {
    Self {
      line: None,
      id: None,
      key,
      args,
    }
  }

  /// Sets the line.
  pub fn at(mut self, line: Option<usize>) -> Self {
    self.line = line;
    self
  }

  /// Sets the id.
  pub fn id(mut self, id: &str) -> Self {
    self.id = Some(id.to_owned());
    self
  }

  /// The message in `lang`, as `path:line: [id] message`.
  pub fn render(&self, content: &Content, path: &str, lang: Lang) -> String {
    let mut out = path.to_owned();
    if let Some(line) = self.line {
      out.push_str(&format!(":{line}"));
    }
    out.push_str(": ");
    if let Some(id) = &self.id {
      out.push_str(&format!("[{id}] "));
    }
    out.push_str(&content.message(self.key, lang, &self.args));
    out
  }
}
