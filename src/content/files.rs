//! Where content comes from: the copy embedded in the binary, or a folder.

use crate::error::Error;
use crate::source::SourceFile;
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

static QUESTIONNAIRES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/questionnaires");
static RULES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rules");
static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

include!(concat!(env!("OUT_DIR"), "/embedded_json.rs"));

/// The content folders, each under the content root.
pub const FOLDERS: [&str; 3] = ["questionnaires", "rules", "templates"];

/// The text files of a content set, by path relative to its root
/// (`rules/levels.yaml`).
#[derive(Clone, Debug)]
pub struct ContentFiles {
  /// Where they came from, for messages: "embedded" or the folder.
  pub origin: String,
  /// Files by relative path, in path order.
  pub files: BTreeMap<String, SourceFile>,
  /// The same YAML files already converted to JSON (NFC), for the embedded
  /// content: much faster to read. Empty for a folder.
  pub json: BTreeMap<&'static str, &'static str>,
}

impl ContentFiles {
  /// The default content, compiled into the binary.
  pub fn embedded() -> Self {
    let mut files = BTreeMap::new();
    for (folder, dir) in FOLDERS.iter().zip([&QUESTIONNAIRES, &RULES, &TEMPLATES]) {
      for file in dir.files() {
        let path = format!("{folder}/{}", file.path().display());
        if let Some(text) = file.contents_utf8() {
          files.insert(path.clone(), SourceFile::new(path, text));
        }
      }
    }
    Self {
      origin: "embedded".into(),
      files,
      json: BTreeMap::new(),
    }
  }

  /// The embedded content with its build-time JSON, for fast loading.
  pub fn embedded_fast() -> Self {
    Self {
      json: JSON.iter().copied().collect(),
      ..Self::embedded()
    }
  }

  /// The content in `root`, which replaces the embedded content entirely.
  pub fn from_dir(root: &Path) -> Result<Self, Error> {
    if !root.is_dir() {
      return Err(Error::ContentDir {
        path: root.to_owned(),
      });
    }
    let mut files = BTreeMap::new();
    for folder in FOLDERS {
      let dir = root.join(folder);
      if !dir.is_dir() {
        continue;
      }
      let entries = fs::read_dir(&dir).map_err(|source| Error::Read {
        path: dir.clone(),
        source,
      })?;
      for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
          path: dir.clone(),
          source,
        })?;
        let path = entry.path();
        if !path.is_file() {
          continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        // Only content files: a `.DS_Store`, an editor's backup or a
        // README beside them is not content.
        if name.starts_with('.') || !(name.ends_with(".yaml") || name.ends_with(".j2")) {
          continue;
        }
        let text = fs::read_to_string(&path).map_err(|source| Error::Read { path, source })?;
        let relative = format!("{folder}/{name}");
        files.insert(relative.clone(), SourceFile::new(relative, text));
      }
    }
    // Templates and the message catalogue are the engine's words, not a
    // framework's: a folder that leaves one out uses the default one.
    for (path, file) in Self::embedded().files {
      if path.starts_with("templates/") {
        files.entry(path).or_insert(file);
      }
    }
    Ok(Self {
      origin: root.display().to_string(),
      files,
      json: BTreeMap::new(),
    })
  }

  /// The file at `path`.
  pub fn get(&self, path: &str) -> Option<&SourceFile> {
    self.files.get(path)
  }

  /// The files in `folder` whose name ends with `suffix`.
  pub fn in_folder<'a>(
    &'a self,
    folder: &'a str,
    suffix: &'a str,
  ) -> impl Iterator<Item = &'a SourceFile> + 'a {
    self.files.values().filter(move |f| {
      f.path
        .strip_prefix(folder)
        .is_some_and(|rest| rest.starts_with('/'))
        && f.path.ends_with(suffix)
    })
  }
}
