//! A number question's bands: contiguous, not empty, from the range's
//! minimum.

use super::Checker;
use crate::content::{Question, QuestionKind};
use crate::source::SourceFile;

impl Checker<'_> {
  pub(super) fn question_bands(&mut self, f: &SourceFile, line: Option<usize>, q: &Question) {
    let id = q.id.as_str();
    let at = line.map(|l| f.line_of_field(l, "bands"));
    let numeric = matches!(q.kind, QuestionKind::Number | QuestionKind::Percent);
    if !numeric {
      if !q.bands.is_empty() {
        self.report(
          f,
          at,
          id,
          format!("{} question cannot have bands", q.kind.name()),
          "",
        );
      }
      return;
    }
    if q.bands.is_empty() {
      self.report(
        f,
        line,
        id,
        "number question has no scoring bands".into(),
        "add `bands:` with min, max and points",
      );
      return;
    }
    for pair in q.bands.windows(2) {
      match pair[0].max {
        None => self.report(
          f,
          at,
          id,
          "only the last band may leave `max` open".into(),
          "",
        ),
        Some(max) if max < pair[1].min => self.report(
          f,
          at,
          id,
          format!("bands leave a gap between {max} and {}", pair[1].min),
          "each band's min must equal the previous band's max",
        ),
        Some(max) if max > pair[1].min => self.report(
          f,
          at,
          id,
          format!("bands overlap between {} and {max}", pair[1].min),
          "each band's min must equal the previous band's max",
        ),
        _ => {}
      }
    }
    for b in &q.bands {
      if b.max.is_some_and(|max| max <= b.min) {
        self.report(
          f,
          at,
          id,
          format!("band {}..{:?} is empty", b.min, b.max),
          "max must be above min",
        );
      }
    }
    let (min, _) = q.allowed_range();
    if let (Some(min), Some(first)) = (min, q.bands.first())
      && first.min > min
    {
      self.report(
        f,
        at,
        id,
        format!("values from {min} to {} fall in no band", first.min),
        "start the first band at the range's min",
      );
    }
  }
}
