//! Problems found in content or input files, reported like a compiler does.

use crate::source::SourceFile;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;
use std::fmt;
use std::io;

/// One problem in one file: where it is, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
  /// Display path of the file.
  pub file: String,
  /// 1-based line, when it could be found.
  pub line: Option<usize>,
  /// The id of the question, option, dimension, level... concerned.
  pub id: Option<String>,
  /// What is wrong.
  pub message: String,
  /// How to fix it.
  pub help: Option<String>,
}

impl Diagnostic {
  /// A problem in `file` at `line`.
  pub fn new(file: &SourceFile, line: Option<usize>, message: impl Into<String>) -> Self {
    Self {
      file: file.path.clone(),
      line,
      id: None,
      message: message.into(),
      help: None,
    }
  }

  /// Names the id the problem concerns.
  pub fn id(mut self, id: impl Into<String>) -> Self {
    self.id = Some(id.into());
    self
  }

  /// Says how to fix it.
  pub fn help(mut self, help: impl Into<String>) -> Self {
    self.help = Some(help.into());
    self
  }
}

impl fmt::Display for Diagnostic {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{}", self.file)?;
    if let Some(line) = self.line {
      write!(f, ":{line}")?;
    }
    write!(f, ": ")?;
    if let Some(id) = &self.id {
      write!(f, "[{id}] ")?;
    }
    write!(f, "{}", self.message)?;
    if let Some(help) = &self.help {
      write!(f, " ({help})")?;
    }
    Ok(())
  }
}

/// Writes diagnostics with a source snippet under each, as `rustc` does.
///
/// `sources` are the files the diagnostics may point into; a diagnostic for a
/// file not among them is printed without a snippet.
pub fn emit(
  out: &mut dyn io::Write,
  sources: &[&SourceFile],
  diagnostics: &[Diagnostic],
) -> io::Result<()> {
  let mut files = SimpleFiles::new();
  let ids: Vec<(usize, &SourceFile)> = sources
    .iter()
    .map(|s| (files.add(s.path.clone(), s.text.clone()), *s))
    .collect();
  let config = term::Config::default();
  for d in diagnostics {
    let title = match &d.id {
      Some(id) => format!("[{id}] {}", d.message),
      None => d.message.clone(),
    };
    let mut report = Report::error().with_message(title);
    match ids.iter().find(|(_, s)| s.path == d.file) {
      Some((file_id, source)) if d.line.is_some() => {
        let range = source.line_range(d.line.unwrap_or(1));
        report = report.with_labels(vec![Label::primary(*file_id, range)]);
      }
      _ => {
        let at = match d.line {
          Some(line) => format!("{}:{line}", d.file),
          None => d.file.clone(),
        };
        report = report.with_notes(vec![format!("in {at}")]);
      }
    }
    if let Some(help) = &d.help {
      report.notes.push(format!("help: {help}"));
    }
    term::emit_to_io_write(out, &config, &files, &report)
      .map_err(|e| io::Error::other(e.to_string()))?;
  }
  Ok(())
}
