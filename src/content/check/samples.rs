//! Made-up cooperatives every condition is evaluated on: every legal form
//! and sector, each with every question answered by its first option, by
//! its last option, or not at all (numbers at the bottom and top of their
//! range).

use crate::content::{Content, Question, QuestionKind};
use minijinja::Value;
use std::collections::BTreeMap;

/// How a made-up cooperative answers every question.
#[derive(Clone, Copy)]
enum Pick {
  /// The first option (numbers 0).
  First,
  /// The last option (numbers 100).
  Last,
  /// No answer.
  Unanswered,
}

/// Facts for the made-up cooperatives of `content`.
pub(super) fn samples(content: &Content) -> Vec<Value> {
  let dimensions: BTreeMap<&str, Value> = content
    .dimensions
    .iter()
    .map(|d| (d.id.as_str(), Value::from(50)))
    .collect();
  let mut out = Vec::new();
  for form in field_options(content, "legal_form") {
    for sector in field_options(content, "sector") {
      let profile = profile(content, &form, &sector);
      for pick in [Pick::First, Pick::Last, Pick::Unanswered] {
        out.push(minijinja::context! {
          profile => Value::from(profile.clone()),
          answers => answers(content, pick),
          dimensions => Value::from(dimensions.clone()),
          index => 50,
          level => 2,
        });
      }
    }
  }
  out
}

/// The option ids of profile field `id`, or only "none" without the field.
fn field_options(content: &Content, id: &str) -> Vec<Value> {
  content.questionnaire.field(id).map_or_else(
    || vec![Value::from(())],
    |f| {
      f.options
        .iter()
        .map(|o| Value::from(o.id.as_str()))
        .collect()
    },
  )
}

/// A profile of this legal form and sector, every other field left out.
fn profile<'a>(content: &'a Content, form: &Value, sector: &Value) -> BTreeMap<&'a str, Value> {
  content
    .questionnaire
    .profile
    .iter()
    .map(|f| {
      let v = match f.id.as_str() {
        "legal_form" => form.clone(),
        "sector" => sector.clone(),
        _ => Value::from(()),
      };
      (f.id.as_str(), v)
    })
    .collect()
}

/// Every question answered as `pick` says, a grid's rows under the grid.
fn answers(content: &Content, pick: Pick) -> Value {
  let map: BTreeMap<&str, Value> = content
    .questionnaire
    .questions
    .iter()
    .map(|q| (q.id.as_str(), answer(q, pick)))
    .collect();
  crate::content::grid::nest(content, map)
}

/// The answer `pick` gives to question `q`.
fn answer(q: &Question, pick: Pick) -> Value {
  let option = || match pick {
    Pick::First => q.options.first(),
    _ => q.options.last(),
  };
  match (pick, q.kind) {
    (Pick::Unanswered, QuestionKind::Multi) => Value::from(Vec::<Value>::new()),
    (Pick::Unanswered, _) => Value::from(()),
    (_, QuestionKind::Choice | QuestionKind::Grid) => {
      option().map_or(Value::from(()), |o| Value::from(o.id.as_str()))
    }
    (_, QuestionKind::Multi) => Value::from(
      option()
        .map(|o| Value::from(o.id.as_str()))
        .into_iter()
        .collect::<Vec<_>>(),
    ),
    (_, QuestionKind::Number | QuestionKind::Percent) => {
      Value::from(if matches!(pick, Pick::First) { 0 } else { 100 })
    }
    (_, QuestionKind::Text) => Value::from("…"),
  }
}
