//! Answers as conditions read them: `answers.LD01`, and a grid's row as
//! `answers.TECH.erp` (the grid a map of its rows' values).

use super::{Content, Question};
use minijinja::Value;
use minijinja::value::{Enumerator, Object};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Every question's answer as a condition value, updatable in place.
///
/// Deciding which questions apply evaluates one condition per conditional
/// question over the answers given so far; sharing one object that is
/// updated as questions are decided avoids rebuilding a map of every answer
/// for every condition.
#[derive(Debug)]
pub struct AnswerFacts {
  positions: Arc<BTreeMap<String, usize>>,
  /// Each grid's rows and their positions, by grid id.
  grids: Arc<BTreeMap<String, Vec<(String, usize)>>>,
  values: Mutex<Vec<Value>>,
}

impl AnswerFacts {
  /// Facts for `content`'s questions, each valued by `value`.
  pub fn new(content: &Content, value: impl Fn(&Question) -> Value) -> Arc<Self> {
    Arc::new(Self {
      positions: content.positions.clone(),
      grids: content.grid_positions.clone(),
      values: Mutex::new(content.questionnaire.questions.iter().map(value).collect()),
    })
  }

  /// Sets the value of the question at `position`.
  pub fn set(&self, position: usize, value: Value) {
    if let Ok(mut values) = self.values.lock()
      && let Some(slot) = values.get_mut(position)
    {
      *slot = value;
    }
  }

  /// The value of the question at `position`, as `answers.ID` reads it
  /// (a grid's row by its own position).
  pub(super) fn at(&self, position: usize) -> Option<Value> {
    self.values.lock().ok()?.get(position).cloned()
  }
}

impl Object for AnswerFacts {
  fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
    let key = key.as_str()?;
    let values = self.values.lock().ok()?;
    if let Some(rows) = self.grids.get(key) {
      // Made at each read: rows change as the interview decides them.
      let map: BTreeMap<&str, Value> = rows
        .iter()
        .map(|(row, p)| (row.as_str(), values.get(*p).cloned().unwrap_or_default()))
        .collect();
      return Some(Value::from(map));
    }
    values.get(*self.positions.get(key)?).cloned()
  }

  fn enumerate(self: &Arc<Self>) -> Enumerator {
    Enumerator::Values(
      self
        .positions
        .keys()
        .map(|k| Value::from(k.as_str()))
        .collect(),
    )
  }
}
