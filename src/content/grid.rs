//! Grid questions: one question whose rows are answered on one shared
//! scale ("how far has the cooperative adopted each of these seven
//! technologies?").
//!
//! A grid is written once in the questionnaire (`type: grid`, `rows:`) and
//! expanded at load into one choice question per row, with id
//! `GRID.row` (e.g. `TECH.erp`), the grid's dimension, group, scale,
//! weight, `when`, `allow_na` and `allow_dont_know`. Scoring, conditions,
//! the interview and every front end therefore treat a row as a question;
//! front ends use [`GridRow`] to show a grid's rows together, as one table
//! under the grid's title. The grid itself is kept in
//! `Questionnaire::grids`.

use super::{Content, Question, QuestionKind};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::text::Text;
use minijinja::Value;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One row of a grid, as written under `rows:`.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Row {
  /// Stable id within the grid: letters, digits and `_` (it is part of
  /// the row's id, `GRID.row`, and of its field name in XLSForm,
  /// `GRID_row`).
  pub id: String,
  /// What the row names ("Phần mềm kế toán").
  pub label: Text,
  /// Weight of the row, as a question's; the grid's weight when not given.
  #[serde(default)]
  pub weight: Option<Decimal>,
}

/// Where a row question comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridRow {
  /// The grid's id (`TECH`).
  pub grid: String,
  /// The row's id (`erp`).
  pub row: String,
  /// Whether it is the grid's first row, where front ends open its table.
  pub first: bool,
  /// Whether it is the grid's last row, where front ends close it.
  pub last: bool,
}

/// A question's name in field tools (XLSForm, submissions): its id, with a
/// grid row's `TECH.erp` written `TECH_erp` (a dot is not a safe name).
pub fn field_name(id: &str) -> String {
  id.replace('.', "_")
}

/// The id of a grid row's question.
pub fn row_id(grid: &str, row: &str) -> String {
  format!("{grid}.{row}")
}

/// Replaces every grid question of `questions` by its row questions, in
/// place, and returns the grids (with their options still to resolve).
pub(super) fn expand(questions: &mut Vec<Question>) -> Vec<Question> {
  let mut grids = Vec::new();
  let mut out = Vec::with_capacity(questions.len());
  for q in questions.drain(..) {
    if q.kind != QuestionKind::Grid {
      out.push(q);
      continue;
    }
    let n = q.rows.len();
    for (i, row) in q.rows.iter().enumerate() {
      out.push(Question {
        id: row_id(&q.id, &row.id),
        kind: QuestionKind::Choice,
        weight: row.weight.unwrap_or(q.weight),
        text: row.label.clone(),
        rows: Vec::new(),
        grid: Some(GridRow {
          grid: q.id.clone(),
          row: row.id.clone(),
          first: i == 0,
          last: i + 1 == n,
        }),
        ..q.clone()
      });
    }
    grids.push(q);
  }
  *questions = out;
  grids
}

/// The positions of each grid's row questions, by grid id then row id:
/// how conditions read `answers.GRID.row`.
pub(crate) fn positions(questions: &[Question]) -> BTreeMap<String, Vec<(String, usize)>> {
  let mut grids: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
  for (i, q) in questions.iter().enumerate() {
    if let Some(g) = &q.grid {
      grids
        .entry(g.grid.clone())
        .or_default()
        .push((g.row.clone(), i));
    }
  }
  grids
}

/// Condition values by question id made into what conditions read: each
/// grid's rows gathered under the grid's id as a map (`answers.TECH.erp`).
pub(crate) fn nest<'a>(content: &'a Content, mut answers: BTreeMap<&'a str, Value>) -> Value {
  for grid in &content.questionnaire.grids {
    let rows: BTreeMap<&str, Value> = grid
      .rows
      .iter()
      .map(|r| {
        let value = answers
          .remove(row_id(&grid.id, &r.id).as_str())
          .unwrap_or_default();
        (r.id.as_str(), value)
      })
      .collect();
    answers.insert(grid.id.as_str(), Value::from(rows));
  }
  Value::from(answers)
}

/// The question a condition's `answers.<rest>` reads: `TECH.erp` for a
/// grid's row, else the first name.
pub(crate) fn answer_key<'a>(content: &Content, rest: &'a str) -> &'a str {
  let mut parts = rest.splitn(3, '.');
  let first = parts.next().unwrap_or(rest);
  match parts.next() {
    Some(row) if content.questionnaire.grid(first).is_some() => {
      &rest[..first.len() + 1 + row.len()]
    }
    _ => first,
  }
}

/// What `validate` says about grids: rows present, row ids usable as names
/// (unique, letters, digits and `_`, not `answer` or `note`), both labels;
/// options or a scale shared by every row; no grid id that is also a
/// question's.
pub(super) fn check(content: &Content) -> Vec<Diagnostic> {
  let f = content
    .files
    .in_folder("questionnaires", ".yaml")
    .next()
    .cloned()
    .unwrap_or_else(|| SourceFile::new("questionnaires/", ""));
  let mut problems = Vec::new();
  for grid in &content.questionnaire.grids {
    let line = f.line_of_item(Some("questions"), &grid.id);
    for lang in grid.text.missing() {
      problems.push(
        Diagnostic::new(
          &f,
          line.map(|l| f.line_of_field(l, "text")),
          format!("grid title has no `{lang}` text"),
        )
        .id(&grid.id)
        .help("every text a reader sees needs both `vi` and `en`"),
      );
    }
    let rows_at = line.map(|l| f.line_of_field(l, "rows"));
    let mut say = |at: Option<usize>, message: String, help: &str| {
      problems.push(Diagnostic::new(&f, at, message).id(&grid.id).help(help));
    };
    if grid.rows.is_empty() {
      say(
        rows_at,
        "grid has no rows".into(),
        "add `rows:` with an id and a label each",
      );
    }
    if grid.options.is_empty() {
      say(
        line,
        "grid has no options".into(),
        "give the grid a `scale:` (or `options:`) its rows share",
      );
    }
    let mut seen = BTreeSet::new();
    for row in &grid.rows {
      let row_line = rows_at;
      if !seen.insert(row.id.as_str()) {
        say(
          row_line,
          format!("duplicate row id `{}`", row.id),
          "row ids must be unique within a grid",
        );
      }
      let name = !row.id.is_empty()
        && row
          .id
          .chars()
          .all(|c| c.is_ascii_alphanumeric() || c == '_');
      if !name || ["answer", "note"].contains(&row.id.as_str()) {
        say(
          row_line,
          format!("row id `{}` cannot be used", row.id),
          "use letters, digits and `_` (not `answer` or `note`): it names the row in assessment files, conditions (answers.GRID.row) and XLSForm (GRID_row)",
        );
      }
      // The first row's label is checked as its question's text.
      let first = grid.rows.first().is_some_and(|r| std::ptr::eq(r, row));
      for lang in row.label.missing().into_iter().filter(|_| !first) {
        say(
          row_line,
          format!("row `{}` label has no `{lang}` text", row.id),
          "every text a reader sees needs both `vi` and `en`",
        );
      }
    }
  }
  // Rows of a grid are not questions of their own in YAML: only a grid
  // may have them.
  for q in &content.questionnaire.questions {
    if q.grid.is_none() && !q.rows.is_empty() {
      let line = f.line_of_item(Some("questions"), &q.id);
      problems.push(
        Diagnostic::new(
          &f,
          line.map(|l| f.line_of_field(l, "rows")),
          format!("a {} question cannot have rows", q.kind.name()),
        )
        .id(&q.id)
        .help("write `type: grid` for a question answered row by row on one scale"),
      );
    }
  }
  problems
}
