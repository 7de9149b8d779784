//! Answers as conditions read them: `answers.LD01`.

use crate::content::{Content, Question};
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
  values: Mutex<Vec<Value>>,
}

impl AnswerFacts {
  /// Facts for `content`'s questions, each valued by `value`.
  pub fn new(content: &Content, value: impl Fn(&Question) -> Value) -> Arc<Self> {
    Arc::new(Self {
      positions: content.positions.clone(),
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
}

impl Object for AnswerFacts {
  fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
    let position = *self.positions.get(key.as_str()?)?;
    self.values.lock().ok()?.get(position).cloned()
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
