//! Rendering results for people: every text comes from a template in
//! `templates/`, so wording is content, not code.

pub mod check;
pub mod filters;
pub mod pdf;
mod samples;
mod summary_xlsx;

pub use summary_xlsx::summary_xlsx;

use crate::common::*;
use minijinja::value::Serde;

/// Renders the template `name` with `ctx`.
pub fn template(content: &Content, name: &str, ctx: &Value) -> Result<String, Error> {
  content.render_template(name, ctx)
}

/// The terminal summary of a score (`coopdx score --format text`).
pub fn score_text(content: &Content, score: &crate::Score, lang: Lang) -> Result<String, Error> {
  template(
    content,
    "score.txt.j2",
    &score_context(content, score, lang),
  )
}

/// What `score.txt.j2` is rendered with.
pub fn score_context(content: &Content, score: &crate::Score, lang: Lang) -> Value {
  minijinja::context! {
    lang => lang.code(),
    score => Value::from(Serde(score)),
    questions => question_texts(content, &score.cooperative),
    org => org_term(content, &score.cooperative, lang),
  }
}

/// What to call this cooperative ("hợp tác xã", "tổ hợp tác"...), from
/// `terms` in `rules/planning.yaml`.
pub fn org_term(
  content: &Content,
  profile: &BTreeMap<String, crate::assessment::ProfileValue>,
  lang: Lang,
) -> String {
  crate::assessment::terms(content, profile)
    .get("org")
    .map_or_else(String::new, |t| t.get(lang).to_owned())
}

/// Question texts and option labels by id, for templates that explain
/// answers; texts use this cooperative's words (`{{ org }}`).
pub fn question_texts(
  content: &Content,
  profile: &BTreeMap<String, crate::assessment::ProfileValue>,
) -> Value {
  let vars = [
    crate::assessment::text_vars(content, profile, Lang::Vi),
    crate::assessment::text_vars(content, profile, Lang::En),
  ];
  let map: BTreeMap<&str, Value> = content
    .questionnaire
    .questions
    .iter()
    .map(|q| {
      // Labels use the legal form's words too ("{{ board }}").
      let options: BTreeMap<&str, Text> = q
        .options
        .iter()
        .map(|o| (o.id.as_str(), content.render_both(&o.label, &vars)))
        .collect();
      // A grid's row is named with its grid where it stands alone.
      let grid = q.grid.as_ref().and_then(|g| content.questionnaire.grid(&g.grid));
      let alone = |text: &str, vars: &Value, title: Option<&str>| {
        let text = content.render_text(text, vars);
        match title {
          Some(t) => format!("{} – {text}", content.render_text(t, vars)),
          None => text,
        }
      };
      let text = Text {
        vi: alone(&q.text.vi, &vars[0], grid.map(|g| g.text.vi.as_str())),
        en: alone(&q.text.en, &vars[1], grid.map(|g| g.text.en.as_str())),
      };
      (q.id.as_str(), minijinja::context! { text => Value::from(Serde(&text)), options => Value::from(Serde(&options)), kind => q.kind.name() })
    })
    .collect();
  Value::from(Serde(&map))
}

/// The profile as rows a reader understands: label and value in both
/// languages, choice ids replaced by their labels, in form order; `cover`
/// and `header` say where else the questionnaire shows the field.
pub fn profile_rows(
  content: &Content,
  profile: &BTreeMap<String, crate::assessment::ProfileValue>,
) -> Value {
  let rows: Vec<Value> = content
    .questionnaire
    .profile
    .iter()
    .filter_map(|f| {
      let Text { vi, en } = profile_value(f, profile.get(&f.id)?);
      let cover = f.show_on.contains(&crate::content::ShowOn::Cover);
      let header = f.show_on.contains(&crate::content::ShowOn::Header);
      Some(minijinja::context! { id => f.id.as_str(), label_vi => f.label.vi.as_str(), label_en => f.label.en.as_str(), value_vi => vi, value_en => en, cover, header })
    })
    .collect();
  Value::from(rows)
}

/// A profile value as a reader reads it, in both languages: a choice's
/// label, a number with its thousands separator (a year without).
fn profile_value(
  f: &crate::content::ProfileField,
  value: &crate::assessment::ProfileValue,
) -> Text {
  use crate::assessment::ProfileValue;
  let (vi, en) = match value {
    ProfileValue::Integer(i) => {
      let n = Decimal::from(*i);
      (
        filters::format_number(n, 0, Lang::Vi),
        filters::format_number(n, 0, Lang::En),
      )
    }
    ProfileValue::Text(t) => match f.options.iter().find(|o| &o.id == t) {
      Some(o) => (o.label.vi.clone(), o.label.en.clone()),
      None => (t.clone(), t.clone()),
    },
  };
  // Years are not amounts: no thousands separator.
  if f.id.ends_with("year") {
    Text {
      vi: value_text(value),
      en: value_text(value),
    }
  } else {
    Text { vi, en }
  }
}

/// The running header of the printed report: the values of the profile
/// fields the questionnaire shows on the header (`show_on: [header]`), joined by " · "; `None`
/// when it marks none (the report then shows the cooperative's name).
pub fn header_text(
  content: &Content,
  profile: &BTreeMap<String, crate::assessment::ProfileValue>,
  lang: Lang,
) -> Option<String> {
  let values: Vec<String> = content
    .questionnaire
    .profile
    .iter()
    .filter(|f| f.show_on.contains(&crate::content::ShowOn::Header))
    .filter_map(|f| Some(profile_value(f, profile.get(&f.id)?).get(lang).to_owned()))
    .collect();
  (!values.is_empty()).then(|| values.join(" · "))
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

/// Action titles by id, with the cooperative's legal-form words filled in
/// (a tổ hợp tác reads "tổ hợp tác" in every title).
pub fn plan_titles(content: &Content, roadmap: &crate::plan::Roadmap) -> Value {
  let vars = |lang: Lang| {
    let mut vars: BTreeMap<String, Value> = roadmap
      .terms
      .iter()
      .map(|(k, t)| {
        (
          k.clone(),
          Value::from(if lang == Lang::Vi { &t.vi } else { &t.en }.as_str()),
        )
      })
      .collect();
    for field in ["legal_form", "sector"] {
      let v = roadmap.cooperative.get(field).and_then(|v| v.as_str());
      vars.insert(field.into(), Value::from(v));
    }
    Value::from(vars)
  };
  let (vi, en) = (vars(Lang::Vi), vars(Lang::En));
  let map: BTreeMap<&str, Text> = content
    .actions
    .iter()
    .map(|a| {
      let title = Text {
        vi: content.render_text(&a.title.vi, &vi),
        en: content.render_text(&a.title.en, &en),
      };
      (a.id.as_str(), title)
    })
    .collect();
  Value::from(Serde(&map))
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
  let ctx = plan_context(content, roadmap, lang);
  template(content, &format!("plan.{format}.j2"), &ctx)
}

/// What `plan.md.j2` and `plan.html.j2` are rendered with.
pub fn plan_context(content: &Content, roadmap: &crate::plan::Roadmap, lang: Lang) -> Value {
  minijinja::context! {
    lang => lang.code(),
    plan => Value::from(Serde(roadmap)),
    profile => profile_rows(content, &roadmap.cooperative),
    dimensions => dimension_names(content),
    titles => plan_titles(content, roadmap),
    planned => roadmap.actions.iter().map(|a| a.id.clone()).collect::<Vec<_>>(),
    policy_names => policy_names(content),
    cost_basis_name => content.messages.get(&format!("cost_basis_{}", roadmap.budget.cost_basis.name()), lang),
  }
}
