//! One mistake, one error: a reference to an unknown id is reported once.
//!
//! A dimension renamed in `rules/dimensions.yaml` leaves every question and
//! action that names it pointing at an unknown id; a mistyped scale or
//! capability likewise. Those are one mistake: the first place is reported,
//! with the ids of the others, instead of one error per place.

use crate::diagnostic::Diagnostic;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The kind and id of the unknown reference a message is about:
/// "unknown dimension `people`" → ("dimension", "people").
fn unknown_reference(message: &str) -> Option<(String, String)> {
  static UNKNOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"unknown ([a-z][a-z ]*?) `([^`]+)`").expect("valid regex"));
  let c = UNKNOWN.captures(message)?;
  Some((c[1].to_owned(), c[2].to_owned()))
}

/// Keeps the first diagnostic of each unknown reference, naming the ids of
/// the places left out; with an unknown dimension, "no scored question
/// belongs to this dimension" is left out too (the dimension was most
/// likely renamed, and its questions are the ones pointing elsewhere).
pub(super) fn dedupe(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
  let mut first: BTreeMap<(String, String), usize> = BTreeMap::new();
  let mut others: BTreeMap<usize, Vec<String>> = BTreeMap::new();
  let mut kept: Vec<Diagnostic> = Vec::new();
  for d in problems {
    match unknown_reference(&d.message) {
      Some(key) => match first.get(&key) {
        Some(&at) => others
          .entry(at)
          .or_default()
          .push(d.id.clone().unwrap_or_else(|| d.file.clone())),
        None => {
          first.insert(key, kept.len());
          kept.push(d);
        }
      },
      None => kept.push(d),
    }
  }
  for (at, ids) in others {
    let d = &mut kept[at];
    d.message = format!("{} (also named by {})", d.message, ids.join(", "));
  }
  let renamed_dimension = first.keys().any(|(kind, _)| kind == "dimension");
  kept.retain(|d| {
    !(renamed_dimension && d.message == "no scored question belongs to this dimension")
  });
  kept
}

#[cfg(test)]
mod tests {
  use super::*;

  fn d(id: &str, message: &str) -> Diagnostic {
    Diagnostic {
      file: "f".into(),
      line: None,
      id: Some(id.into()),
      message: message.into(),
      help: None,
    }
  }

  #[test]
  fn an_unknown_id_named_in_many_places_is_one_error() {
    let out = dedupe(vec![
      d("PE01", "unknown dimension `people`"),
      d("PE02", "unknown dimension `people`"),
      d("X", "unknown scale `yes`"),
      d("PE-TRAIN", "unknown dimension `people`"),
      d("peeple", "no scored question belongs to this dimension"),
    ]);
    let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
      messages,
      vec![
        "unknown dimension `people` (also named by PE02, PE-TRAIN)",
        "unknown scale `yes`"
      ]
    );
  }
}
