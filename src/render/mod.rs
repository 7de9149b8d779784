//! Rendering results for people: every text comes from a template in
//! `templates/`, so wording is content, not code.

pub mod filters;
pub mod pdf;

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

/// The profile as rows a reader understands: label and value in both
/// languages, choice ids replaced by their labels, in form order.
pub fn profile_rows(
  content: &Content,
  profile: &BTreeMap<String, crate::assessment::ProfileValue>,
) -> Value {
  use crate::assessment::ProfileValue;
  let rows: Vec<Value> = content
    .questionnaire
    .profile
    .iter()
    .filter_map(|f| {
      let value = profile.get(&f.id)?;
      let (vi, en) = match value {
        ProfileValue::Integer(i) => {
          let n = Decimal::from(*i);
          (filters::format_number(n, 0, Lang::Vi), filters::format_number(n, 0, Lang::En))
        }
        ProfileValue::Text(t) => match f.options.iter().find(|o| &o.id == t) {
          Some(o) => (o.label.vi.clone(), o.label.en.clone()),
          None => (t.clone(), t.clone()),
        },
      };
      // Years are not amounts: no thousands separator.
      let (vi, en) = if f.id.ends_with("year") { (value_text(value), value_text(value)) } else { (vi, en) };
      Some(minijinja::context! { id => f.id.as_str(), label_vi => f.label.vi.as_str(), label_en => f.label.en.as_str(), value_vi => vi, value_en => en })
    })
    .collect();
  Value::from(rows)
}

fn value_text(v: &crate::assessment::ProfileValue) -> String {
  match v {
    crate::assessment::ProfileValue::Integer(i) => i.to_string(),
    crate::assessment::ProfileValue::Text(t) => t.clone(),
  }
}

/// A `{id: {vi, en}}` map for templates.
fn texts_by_id<'a>(items: impl Iterator<Item = (&'a str, &'a Text)>) -> Value {
  Value::from(Serde(&items.collect::<BTreeMap<_, _>>()))
}

/// Dimension names by id, for templates.
pub fn dimension_names(content: &Content) -> Value {
  texts_by_id(content.dimensions.iter().map(|d| (d.id.as_str(), &d.name)))
}

/// Action titles by id.
pub fn action_titles(content: &Content) -> Value {
  texts_by_id(content.actions.iter().map(|a| (a.id.as_str(), &a.title)))
}

/// Policy names by id.
pub fn policy_names(content: &Content) -> Value {
  texts_by_id(content.policies.iter().map(|p| (p.id.as_str(), &p.name)))
}

/// A plan rendered with `plan.<format>.j2` (`md` or `html`).
pub fn plan(
  content: &Content,
  roadmap: &crate::plan::Roadmap,
  format: &str,
  lang: Lang,
) -> Result<String, Error> {
  let ctx = minijinja::context! {
    lang => lang.code(),
    plan => Value::from(Serde(roadmap)),
    profile => profile_rows(content, &roadmap.cooperative),
    dimensions => dimension_names(content),
    titles => action_titles(content),
    policy_names => policy_names(content),
  };
  template(content, &format!("plan.{format}.j2"), &ctx)
}
