//! The diagnostics of one check run, and what every check reads: the
//! content, which files parsed, and the made-up cooperatives conditions
//! are evaluated on.

use super::QUESTIONNAIRE;
use super::samples::samples;
use crate::content::Content;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::text::Text;
use minijinja::Value;
use std::collections::BTreeSet;

/// Collects the problems of one content.
pub(super) struct Checker<'a> {
  pub(super) content: &'a Content,
  pub(super) problems: Vec<Diagnostic>,
  /// Files that did not parse (their error is reported): what they define
  /// is empty here, so checks of them are skipped and references into them
  /// are not called unknown.
  pub(super) unparsed: &'a BTreeSet<String>,
  questionnaire_file: Option<&'a SourceFile>,
  /// Made-up cooperatives every condition is evaluated on, so a condition
  /// that compiles but fails at run time (`answers.X in 5`, an unknown
  /// filter) is reported here, not blamed on an assessment file.
  pub(super) samples: Vec<Value>,
}

impl<'a> Checker<'a> {
  /// A checker of `content`, with nothing reported yet.
  pub(super) fn new(content: &'a Content, unparsed: &'a BTreeSet<String>) -> Self {
    Checker {
      content,
      problems: Vec::new(),
      unparsed,
      questionnaire_file: content.files.in_folder("questionnaires", ".yaml").next(),
      samples: samples(content),
    }
  }

  /// Whether `path` parsed (or, for [`QUESTIONNAIRE`], the questionnaire).
  pub(super) fn read(&self, path: &str) -> bool {
    !self.unparsed.contains(path)
  }

  /// Checks a text that may be left out: when given, both languages.
  pub(super) fn optional_text(
    &mut self,
    file: &SourceFile,
    line: Option<usize>,
    id: &str,
    what: &str,
    text: &Text,
  ) {
    if text.missing().len() < 2 {
      self.text(file, line, id, what, text);
    }
  }

  /// The content file at `path` (empty when missing).
  pub(super) fn file(&self, path: &str) -> SourceFile {
    self
      .content
      .files
      .get(path)
      .cloned()
      .unwrap_or_else(|| SourceFile::new(path, ""))
  }

  /// The questionnaire's file, whatever its name.
  pub(super) fn qfile(&self) -> SourceFile {
    self
      .questionnaire_file
      .cloned()
      .unwrap_or_else(|| SourceFile::new(QUESTIONNAIRE, ""))
  }

  /// Reports a problem; an empty `help` gives none.
  pub(super) fn report(
    &mut self,
    file: &SourceFile,
    line: Option<usize>,
    id: &str,
    message: String,
    help: &str,
  ) {
    let mut d = Diagnostic::new(file, line, message).id(id);
    if !help.is_empty() {
      d = d.help(help);
    }
    self.problems.push(d);
  }

  /// Checks a text has both languages.
  pub(super) fn text(
    &mut self,
    file: &SourceFile,
    line: Option<usize>,
    id: &str,
    what: &str,
    text: &Text,
  ) {
    for lang in text.missing() {
      self.report(
        file,
        line,
        id,
        format!("{what} has no `{lang}` text"),
        "every text a reader sees needs both `vi` and `en`",
      );
    }
  }
}
