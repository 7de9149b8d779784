//! One question's recorded answer.

use crate::content::{AnswerValue, Question, QuestionKind};
use minijinja::Value;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// What was recorded for a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
  /// A checked answer.
  Given(AnswerValue),
  /// The question does not apply to this cooperative: it leaves the
  /// dimension's denominator.
  NotApplicable,
  /// Nobody present knew: scores 0 and is flagged for follow-up.
  DontKnow,
}

/// An answer with the advisor's note or evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
  /// The answer.
  pub answer: Answer,
  /// Note or evidence ("saw the e-invoice portal on the accountant's PC").
  pub note: Option<String>,
}

impl Answer {
  /// The answer as a value in conditions: the option id, the list of
  /// ticked ids, the number or the text; `none` for "not applicable" and
  /// "don't know" (an empty list for a multi question, so `'x' in answers.Q`
  /// stays valid).
  pub fn fact(answer: Option<&Answer>, question: &Question) -> Value {
    match answer {
      Some(Answer::Given(value)) => value_fact(value),
      _ if question.kind == QuestionKind::Multi => Value::from(Vec::<Value>::new()),
      _ => Value::from(()),
    }
  }

  /// The answer as JSON: option id, list of ids, number or text; the
  /// strings `not_applicable` / `dont_know` otherwise.
  pub fn to_json(&self) -> serde_json::Value {
    match self {
      Answer::Given(AnswerValue::Choice(id)) => id.clone().into(),
      Answer::Given(AnswerValue::Multi(ids)) => ids.clone().into(),
      Answer::Given(AnswerValue::Number(x)) => decimal_json(*x),
      Answer::Given(AnswerValue::Text(t)) => t.clone().into(),
      Answer::NotApplicable => "not_applicable".into(),
      Answer::DontKnow => "dont_know".into(),
    }
  }
}

fn value_fact(value: &AnswerValue) -> Value {
  match value {
    AnswerValue::Choice(id) => Value::from(id.as_str()),
    AnswerValue::Multi(ids) => Value::from(ids.clone()),
    AnswerValue::Number(x) => decimal_value(*x),
    AnswerValue::Text(t) => Value::from(t.as_str()),
  }
}

/// A decimal as a template number, not a string, so `score < 40` compares
/// numbers. Whole numbers stay integers; others become the nearest f64,
/// which is the same on every machine.
pub fn decimal_value(x: Decimal) -> Value {
  if x.fract().is_zero()
    && let Some(i) = x.to_i64()
  {
    return Value::from(i);
  }
  Value::from(x.to_f64().unwrap_or_default())
}

/// A decimal as a JSON number.
pub fn decimal_json(x: Decimal) -> serde_json::Value {
  if x.fract().is_zero()
    && let Some(i) = x.to_i64()
  {
    return i.into();
  }
  x.to_f64().map_or(serde_json::Value::Null, Into::into)
}

#[cfg(test)]
mod tests {
  use super::*;
  use minijinja::Environment;
  use rust_decimal_macros::dec;

  #[test]
  fn decimals_reach_conditions_as_numbers() {
    let env = Environment::new();
    let expr = env.compile_expression("x < 40").expect("compiles");
    let below = expr
      .eval(minijinja::context! { x => decimal_value(dec!(39.5)) })
      .expect("evaluates");
    let above = expr
      .eval(minijinja::context! { x => decimal_value(dec!(100)) })
      .expect("evaluates");
    assert!(below.is_true());
    assert!(!above.is_true());
  }
}
