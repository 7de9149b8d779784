//! The stored documents already read, as assessments: every page reads
//! its assessment, and reading YAML was the largest single cost of a
//! request (benches/README.md, "Web load").
//!
//! Entries are keyed by assessment id and hold the document they were read
//! from, so a document changed by anyone (another tab, another server on
//! the same PostgreSQL) is a miss, never a stale hit.

use crate::assessment::Assessment;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// How many assessments are kept: far more than are being filled in at
/// once on one server; about 5 KB each.
const CAPACITY: usize = 4096;

/// Documents read, by assessment id.
#[derive(Default)]
pub struct Parsed {
  entries: Mutex<HashMap<String, (Arc<str>, Assessment)>>,
}

impl Parsed {
  /// The assessment read from `document`, if it was read before.
  pub fn get(&self, id: &str, document: &str) -> Option<Assessment> {
    let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
    let (doc, assessment) = entries.get(id)?;
    (**doc == *document).then(|| assessment.clone())
  }

  /// Remembers that `document` reads as `assessment`.
  pub fn put(&self, id: &str, document: &str, assessment: &Assessment) {
    let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
    if entries.len() >= CAPACITY && !entries.contains_key(id) {
      // Any entry will do: a miss only costs one read of the document.
      if let Some(old) = entries.keys().next().cloned() {
        entries.remove(&old);
      }
    }
    entries.insert(id.to_owned(), (Arc::from(document), assessment.clone()));
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn sample() -> Assessment {
    let content = crate::content::Content::embedded().expect("embedded content");
    let text = include_str!("../../examples/htx-thuy-san.yaml");
    let file = crate::source::SourceFile::new("x.yaml", text.to_owned());
    Assessment::parse_lenient(&file, &content)
      .expect("example reads")
      .0
  }

  #[test]
  fn a_changed_document_is_read_again() {
    let parsed = Parsed::default();
    let a = sample();
    parsed.put("id1", "doc v1", &a);
    assert_eq!(parsed.get("id1", "doc v1"), Some(a));
    assert_eq!(parsed.get("id1", "doc v2"), None);
    assert_eq!(parsed.get("id2", "doc v1"), None);
  }

  #[test]
  fn it_never_grows_past_its_capacity() {
    let parsed = Parsed::default();
    let a = sample();
    for i in 0..CAPACITY + 10 {
      parsed.put(&format!("id{i}"), "doc", &a);
    }
    let len = parsed.entries.lock().map(|e| e.len()).unwrap_or(0);
    assert_eq!(len, CAPACITY);
  }
}
