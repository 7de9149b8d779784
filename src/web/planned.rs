//! Finished assessments already scored and planned: the result page, the
//! plan downloads (HTML, Markdown) and the PDF's page each need the same
//! full plan, and planning is most of the result page's work
//! (benches/README.md, fifth session).
//!
//! Like [`super::parsed`], entries are keyed by assessment id and hold
//! the document they were planned from (and the plan's language), so a
//! document changed by anyone is a miss, never a stale hit.

use crate::plan::Roadmap;
use crate::scoring::Score;
use crate::text::Lang;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// How many plans are kept: the assessments finished and looked at
/// lately on one server; a plan is some tens of KB.
const CAPACITY: usize = 512;

/// An assessment's score and its full plan.
pub type Scored = Arc<(Score, Roadmap)>;

/// Plans made, by assessment id.
#[derive(Default)]
pub struct Planned {
  entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
  document: Arc<str>,
  lang: Lang,
  scored: Scored,
}

impl Planned {
  /// The score and plan in `lang` made from `document`, if made before.
  pub fn get(&self, id: &str, document: &str, lang: Lang) -> Option<Scored> {
    let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
    let entry = entries.get(id)?;
    (entry.lang == lang && *entry.document == *document).then(|| entry.scored.clone())
  }

  /// Remembers the score and plan in `lang` made from `document`.
  pub fn put(&self, id: &str, document: &str, lang: Lang, scored: &Scored) {
    let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
    if entries.len() >= CAPACITY && !entries.contains_key(id) {
      // Any entry will do: a miss only costs planning again.
      if let Some(old) = entries.keys().next().cloned() {
        entries.remove(&old);
      }
    }
    let entry = Entry {
      document: Arc::from(document),
      lang,
      scored: scored.clone(),
    };
    entries.insert(id.to_owned(), entry);
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn sample() -> Scored {
    let content = crate::content::Content::embedded().expect("embedded content");
    let text = include_str!("../../examples/htx-thuy-san.yaml");
    let file = crate::source::SourceFile::new("x.yaml", text.to_owned());
    let (a, _) = crate::assessment::Assessment::parse_lenient(&file, &content).expect("reads");
    let (score, roadmap) = crate::summary::score_and_plan(&content, &a, Lang::Vi).expect("plans");
    Arc::new((score, roadmap))
  }

  #[test]
  fn a_changed_document_or_another_language_is_planned_again() {
    let planned = Planned::default();
    let s = sample();
    planned.put("id1", "doc v1", Lang::Vi, &s);
    assert!(planned.get("id1", "doc v1", Lang::Vi).is_some());
    assert!(planned.get("id1", "doc v2", Lang::Vi).is_none());
    assert!(planned.get("id1", "doc v1", Lang::En).is_none());
    assert!(planned.get("id2", "doc v1", Lang::Vi).is_none());
  }

  #[test]
  fn it_never_grows_past_its_capacity() {
    let planned = Planned::default();
    let s = sample();
    for i in 0..CAPACITY + 10 {
      planned.put(&format!("id{i}"), "doc", Lang::Vi, &s);
    }
    let len = planned.entries.lock().map(|e| e.len()).unwrap_or(0);
    assert_eq!(len, CAPACITY);
  }
}
