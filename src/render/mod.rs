//! Rendering results for people: every text comes from a template in
//! `templates/`, so wording is content, not code.

pub mod filters;

use crate::common::*;
use minijinja::value::Serde;

/// Renders the template `name` with `ctx`.
pub fn template(content: &Content, name: &str, ctx: &Value) -> Result<String, Error> {
  let fail = |e: minijinja::Error| {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
      message.push_str(&format!(": {s}"));
      source = s.source();
    }
    Error::Template {
      name: name.to_owned(),
      message,
    }
  };
  content
    .env()
    .get_template(name)
    .map_err(fail)?
    .render(ctx)
    .map_err(fail)
}

/// The terminal summary of a score (`coopdx score --format text`).
pub fn score_text(content: &Content, score: &crate::Score, lang: Lang) -> Result<String, Error> {
  let ctx = minijinja::context! {
    lang => lang.code(),
    score => Value::from(Serde(score)),
    questions => question_texts(content),
  };
  template(content, "score.txt.j2", &ctx)
}

/// Question texts and option labels by id, for templates that explain
/// answers.
pub fn question_texts(content: &Content) -> Value {
  let map: BTreeMap<&str, Value> = content
    .questionnaire
    .questions
    .iter()
    .map(|q| {
      let options: BTreeMap<&str, &Text> = q.options.iter().map(|o| (o.id.as_str(), &o.label)).collect();
      (q.id.as_str(), minijinja::context! { text => Value::from(Serde(&q.text)), options => Value::from(Serde(&options)), kind => q.kind.name() })
    })
    .collect();
  Value::from(Serde(&map))
}
