//! A group of questions inside a dimension.

use super::DIMENSIONS_FILE;
use super::check::MAX_WEIGHT;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A group of a dimension (`groups:` under a dimension in
/// `rules/dimensions.yaml`; questions name it with `group:`). A dimension
/// with groups scores as the weighted mean of its groups' scores, each
/// group the weighted mean of its questions and grid rows.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
  /// Stable id, unique within its dimension.
  pub id: String,
  /// Short name, shown with its score.
  pub name: Text,
  /// Weight in its dimension's mean.
  #[serde(default = "crate::content::one")]
  pub weight: Decimal,
}

/// What `validate` says about groups: unique ids, positive weights, both
/// names; every scored question of a dimension with groups in one of its
/// groups, no question naming a group its dimension lacks, no empty group.
pub(super) fn check(content: &crate::content::Content) -> Vec<Diagnostic> {
  let mut problems = Vec::new();
  let dfile = file(content, DIMENSIONS_FILE);
  for d in &content.dimensions {
    let mut seen = BTreeSet::new();
    for g in &d.groups {
      let line = dfile.line_of_item(Some("dimensions"), &g.id);
      let id = format!("{}.{}", d.id, g.id);
      let mut say = |message: String, help: &str| {
        problems.push(Diagnostic::new(&dfile, line, message).id(&id).help(help));
      };
      if !seen.insert(g.id.as_str()) {
        say(
          "duplicate group id".into(),
          "group ids must be unique within a dimension",
        );
      }
      if g.weight <= Decimal::ZERO || g.weight > Decimal::from(MAX_WEIGHT) {
        say(
          format!("group weight {} is out of range", g.weight),
          &format!("use a weight above 0 and at most {MAX_WEIGHT}"),
        );
      }
      for lang in g.name.missing() {
        say(
          format!("group name has no `{lang}` text"),
          "every text a reader sees needs both `vi` and `en`",
        );
      }
      let used = content
        .questionnaire
        .questions
        .iter()
        .any(|q| q.dimension == d.id && q.group.as_deref() == Some(&g.id) && q.is_scored());
      if !used {
        say(
          "no scored question belongs to this group".into(),
          "give questions `group:` this id, or remove the group",
        );
      }
    }
  }
  let qfile = content
    .files
    .in_folder("questionnaires", ".yaml")
    .next()
    .cloned()
    .unwrap_or_else(|| SourceFile::new("questionnaires/", ""));
  for q in &content.questionnaire.questions {
    let Some(d) = content.dimension(&q.dimension) else {
      continue;
    };
    let ids = || {
      d.groups
        .iter()
        .map(|g| g.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
    };
    let message = match &q.group {
      Some(g) if d.groups.is_empty() => Some((
        format!("group `{g}`, but dimension `{}` has no groups", d.id),
        format!(
          "remove `group:`, or add `groups:` to dimension `{}` in {DIMENSIONS_FILE}",
          d.id
        ),
      )),
      Some(g) if !d.groups.iter().any(|x| &x.id == g) => Some((
        format!("unknown group `{g}` of dimension `{}`", d.id),
        format!("use one of: {}", ids()),
      )),
      None if !d.groups.is_empty() && q.is_scored() => Some((
        format!(
          "dimension `{}` has groups, but this question names none",
          d.id
        ),
        format!("add `group:` with one of: {}", ids()),
      )),
      _ => None,
    };
    if let Some((message, help)) = message {
      if q.grid.as_ref().is_some_and(|g| !g.first) {
        continue;
      }
      let id = q.written_id();
      let line = qfile.line_of_item(Some("questions"), id);
      let at = line.map(|l| qfile.line_of_field(l, "group"));
      problems.push(Diagnostic::new(&qfile, at, message).id(id).help(help));
    }
  }
  problems
}

fn file(content: &crate::content::Content, path: &str) -> SourceFile {
  content
    .files
    .get(path)
    .cloned()
    .unwrap_or_else(|| SourceFile::new(path, ""))
}
