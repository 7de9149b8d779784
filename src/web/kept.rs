//! What pages made from a stored document, kept for the pages after:
//! every page reads its assessment, and reading YAML was the largest
//! single cost of a request; the result page's plan is most of its work
//! (benches/README.md, "Web load" and the fifth session).
//!
//! Entries are keyed by assessment id (and whatever else the value
//! depends on) and hold the document they were made from, so a document
//! changed by anyone (another tab, another server on the same PostgreSQL)
//! is a miss, never a stale hit.

use crate::assessment::Assessment;
use crate::plan::Roadmap;
use crate::scoring::Score;
use crate::text::Lang;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Values made from documents, at most `CAPACITY` of them.
pub struct Kept<T, const CAPACITY: usize> {
  entries: Mutex<HashMap<String, (Arc<str>, T)>>,
}

// Not derived: that would ask `T: Default`, which a value kept need not be.
impl<T, const CAPACITY: usize> Default for Kept<T, CAPACITY> {
  fn default() -> Self {
    Self {
      entries: Mutex::default(),
    }
  }
}

impl<T: Clone, const CAPACITY: usize> Kept<T, CAPACITY> {
  /// The value made from `document` under `key`, if made before.
  pub fn get(&self, key: &str, document: &str) -> Option<T> {
    let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
    let (doc, value) = entries.get(key)?;
    (**doc == *document).then(|| value.clone())
  }

  /// Remembers that `document` made `value` under `key`.
  pub fn put(&self, key: &str, document: &str, value: &T) {
    let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
    if entries.len() >= CAPACITY && !entries.contains_key(key) {
      // Any entry will do: a miss only costs making it again.
      if let Some(old) = entries.keys().next().cloned() {
        entries.remove(&old);
      }
    }
    entries.insert(key.to_owned(), (Arc::from(document), value.clone()));
  }
}

/// Stored documents already read, by assessment id: far more than are
/// being filled in at once on one server; about 5 KB each.
pub type Parsed = Kept<Assessment, 4096>;

/// A finished assessment's score and full plan, shared by the pages
/// that show it.
pub type Scored = Arc<(Score, Roadmap)>;

/// Finished assessments already scored and planned, by assessment id and
/// language: the result page plans, and plan.html and plan.md after it
/// need the same plan. The assessments finished and looked
/// at lately on one server; a plan is some tens of KB.
#[derive(Default)]
pub struct Planned(Kept<Scored, 512>);

impl Planned {
  /// The score and plan in `lang` made from `document`, if made before.
  pub fn get(&self, id: &str, document: &str, lang: Lang) -> Option<Scored> {
    self.0.get(&Self::key(id, lang), document)
  }

  /// Remembers the score and plan in `lang` made from `document`.
  pub fn put(&self, id: &str, document: &str, lang: Lang, scored: &Scored) {
    self.0.put(&Self::key(id, lang), document, scored);
  }

  fn key(id: &str, lang: Lang) -> String {
    format!("{id}/{}", lang.code())
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
    let kept: Kept<u8, 16> = Kept::default();
    for i in 0..26 {
      kept.put(&format!("id{i}"), "doc", &1);
    }
    let len = kept.entries.lock().map(|e| e.len()).unwrap_or(0);
    assert_eq!(len, 16);
  }

  #[test]
  fn a_plan_is_kept_for_its_document_and_its_language() {
    let content = crate::content::Content::embedded().expect("embedded content");
    let (score, roadmap) =
      crate::summary::score_and_plan(&content, &sample(), Lang::Vi).expect("plans");
    let planned = Planned::default();
    planned.put("id1", "doc v1", Lang::Vi, &Arc::new((score, roadmap)));
    assert!(planned.get("id1", "doc v1", Lang::Vi).is_some());
    assert!(planned.get("id1", "doc v2", Lang::Vi).is_none());
    assert!(planned.get("id1", "doc v1", Lang::En).is_none());
    assert!(planned.get("id2", "doc v1", Lang::Vi).is_none());
  }
}
