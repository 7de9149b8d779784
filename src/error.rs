//! Everything that can go wrong, each with what to do about it.

use crate::content::ContentFiles;
use crate::diagnostic::Diagnostic;
use std::io;
use std::path::PathBuf;

/// An error a command reports to its user.
///
/// Each message says what happened and how to fix it. [`Error::exit_code`]
/// maps it to the documented exit codes: 2 for invalid input, 1 otherwise.
#[derive(Debug, thiserror::Error)]
pub enum Error {
  /// A file could not be read.
  #[error("cannot read {}: {source}; check that the path is right and readable", path.display())]
  Read {
    /// The file.
    path: PathBuf,
    /// Why.
    source: io::Error,
  },
  /// A file could not be written.
  #[error("cannot write {}: {source}; check that the folder exists and is writable", path.display())]
  Write {
    /// The file.
    path: PathBuf,
    /// Why.
    source: io::Error,
  },
  /// `--content` does not name a folder.
  #[error("content folder {} does not exist; pass a folder holding questionnaires/, rules/ and templates/", path.display())]
  ContentDir {
    /// The path given.
    path: PathBuf,
  },
  /// The content has errors; `coopdx validate` lists them.
  #[error("the content in {origin} has {} error(s); run `coopdx validate` to see them with their lines", diagnostics.len())]
  Content {
    /// Where the content came from.
    origin: String,
    /// Every problem found.
    diagnostics: Vec<Diagnostic>,
    /// The files, for snippets.
    files: ContentFiles,
  },
  /// An assessment file has problems; each is already rendered in the
  /// user's language with its line.
  #[error("{} has {} problem(s):\n{}", path.display(), problems.len(), problems.join("\n"))]
  Assessment {
    /// The file.
    path: PathBuf,
    /// Rendered problems, one per line.
    problems: Vec<String>,
  },
  /// A condition failed at evaluation time.
  #[error(
    "condition `{expression}` could not be evaluated: {message}; fix it in the content and run `coopdx validate`"
  )]
  Condition {
    /// The expression.
    expression: String,
    /// Why.
    message: String,
  },
  /// A template failed to render.
  #[error("template {name} failed: {message}; fix it in templates/ and run `coopdx validate`")]
  Template {
    /// Template name.
    name: String,
    /// Why.
    message: String,
  },
  /// The PDF could not be produced.
  #[error("cannot produce the PDF: {message}")]
  Render {
    /// Why.
    message: String,
  },
  /// Standard output could not be written (a closed pipe ends quietly).
  #[error("cannot write to standard output: {source}")]
  Stdout {
    /// Why.
    source: io::Error,
  },
  /// A result could not be turned into JSON: a bug, not the user's input.
  #[error("cannot write the result as JSON: {message}; please report this")]
  Serialize {
    /// What serde said.
    message: String,
  },
  /// Input that is wrong in a way not tied to one file line.
  /// The database could not be opened, read or written.
  #[error(
    "database {path}: {message}; check that the file is writable (or the PostgreSQL server reachable) and not damaged (`coopdx db check`)"
  )]
  Database {
    /// The database named by `--db`.
    path: String,
    /// What the database said.
    message: String,
  },
  #[error(
    "database {path}: {count} finished assessment(s) have no summary figures, or figures made with other content; run `coopdx db refresh --db {path}`"
  )]
  FiguresOutdated {
    /// The database named by `--db`.
    path: String,
    /// Finished assessments whose figures are missing or stale.
    count: i64,
  },
  /// `db backup` was given the database itself, or something that is not
  /// a file (a device, a folder).
  #[error(
    "cannot back up into {}: {}; give the name of a new file, on another disk if possible",
    path.display(),
    if *itself { "it is the database being copied" } else { "it is not a regular file" }
  )]
  BackupTarget {
    /// The target given.
    path: PathBuf,
    /// The target is the database file.
    itself: bool,
  },
  #[error("{message}")]
  Input {
    /// What is wrong and how to fix it.
    message: String,
  },
}

impl Error {
  /// The process exit code: 2 for input the user can fix, 1 otherwise.
  pub fn exit_code(&self) -> i32 {
    match self {
      Error::Read { .. }
      | Error::ContentDir { .. }
      | Error::Content { .. }
      | Error::Assessment { .. }
      | Error::BackupTarget { .. }
      | Error::Input { .. } => 2,
      Error::Write { .. }
      | Error::Stdout { .. }
      | Error::Serialize { .. }
      | Error::Condition { .. }
      | Error::Template { .. }
      | Error::Render { .. }
      | Error::Database { .. }
      | Error::FiguresOutdated { .. } => 1,
    }
  }
}
