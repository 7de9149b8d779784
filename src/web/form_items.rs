//! The fields of a profile or dimension page, as the template draws them,
//! and the submitted form turned back into checked profile values and
//! answers: the same checks as an assessment file.

use super::form::Fields;
use crate::assessment::{
  Answer, Assessment, MAX_NOTE, Problem, ProfileValue, Response, check_answer, check_profile_value,
  typed_profile_value,
};
use crate::content::{AnswerValue, Content, FieldKind, ProfileField, Question, QuestionKind};
use crate::error::Error;
use crate::interview::Interview;
use crate::text::Lang;
use serde::Serialize;
use std::collections::BTreeMap;
use yaml_serde::Value as Yaml;

/// The form value of "not applicable" and "don't know".
pub const NOT_APPLICABLE: &str = "__na";
/// See [`NOT_APPLICABLE`].
pub const DONT_KNOW: &str = "__dk";

/// An option, as a radio button, box or list entry.
#[derive(Clone, Debug, Serialize)]
pub struct Choice {
  /// Submitted value.
  pub value: String,
  /// Label.
  pub label: String,
  /// Currently chosen.
  pub checked: bool,
}

/// One field of a page.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
  /// Form name: `p.<field>` or `q.<question>`.
  pub name: String,
  /// The question or field id.
  pub id: String,
  /// Label or question.
  pub label: String,
  /// Help under the label.
  pub hint: String,
  /// `radio`, `checkbox`, `select`, `input` or `textarea`.
  pub control: &'static str,
  /// For inputs: `numeric`, `decimal` or `text`.
  pub mode: &'static str,
  /// Options (radio, checkbox, select).
  pub options: Vec<Choice>,
  /// "Not applicable" / "don't know", as boxes beside an input.
  pub specials: Vec<Choice>,
  /// Typed value (inputs).
  pub value: String,
  /// Unit after a number.
  pub unit: String,
  /// Must be answered.
  pub required: bool,
  /// What is wrong with what was sent.
  pub error: Option<String>,
  /// On a grid's first row: the grid's title, which opens its table.
  pub grid_title: Option<String>,
  /// On a grid's first row: the grid's advisor hint.
  pub grid_hint: String,
  /// On a grid's last row: it closes the table.
  pub grid_end: bool,
  /// The advisor's note (advisor mode): its current text.
  pub note: Option<String>,
  /// Appeared on this page because of an answer just given.
  pub fresh: bool,
}

/// The current values of a form name: from the saved assessment, or from
/// what was just sent (when the page comes back with errors).
pub type Current<'a> = dyn Fn(&str) -> Vec<String> + 'a;

/// The saved values of an assessment, by form name.
pub fn saved(assessment: &Assessment) -> impl Fn(&str) -> Vec<String> + '_ {
  move |name: &str| {
    if let Some(id) = name.strip_prefix("p.") {
      return match assessment.profile.get(id) {
        Some(ProfileValue::Text(s)) => vec![s.clone()],
        Some(ProfileValue::Integer(i)) => vec![i.to_string()],
        None => Vec::new(),
      };
    }
    if let Some(id) = name.strip_prefix("n.") {
      return assessment
        .responses
        .get(id)
        .and_then(|r| r.note.clone())
        .into_iter()
        .collect();
    }
    let id = name.strip_prefix("q.").unwrap_or(name);
    match assessment.responses.get(id).map(|r| &r.answer) {
      Some(Answer::Given(AnswerValue::Choice(c))) => vec![c.clone()],
      Some(Answer::Given(AnswerValue::Multi(ids))) => ids.clone(),
      Some(Answer::Given(AnswerValue::Number(x))) => {
        vec![x.normalize().to_string().replace('.', ",")]
      }
      Some(Answer::Given(AnswerValue::Text(t))) => vec![t.clone()],
      Some(Answer::NotApplicable) => vec![NOT_APPLICABLE.into()],
      Some(Answer::DontKnow) => vec![DONT_KNOW.into()],
      None => Vec::new(),
    }
  }
}

/// What was sent, by form name.
pub fn sent(fields: &Fields) -> impl Fn(&str) -> Vec<String> + '_ {
  move |name: &str| fields.all(name).into_iter().map(str::to_owned).collect()
}

/// Choice fields with more options than this are a drop-down list.
const RADIO_MAX: usize = 8;

/// A profile field as a form item.
pub fn profile_item(field: &ProfileField, current: &Current<'_>, lang: Lang) -> Item {
  let name = format!("p.{}", field.id);
  let values = current(&name);
  let first = values.first().cloned().unwrap_or_default();
  let options = field
    .options
    .iter()
    .map(|o| Choice {
      value: o.id.clone(),
      label: o.label.get(lang).to_owned(),
      checked: o.id == first,
    })
    .collect::<Vec<_>>();
  let (control, mode) = match field.kind {
    FieldKind::Choice if options.len() > RADIO_MAX => ("select", "text"),
    FieldKind::Choice => ("radio", "text"),
    FieldKind::Integer => ("input", "numeric"),
    FieldKind::Text => ("input", "text"),
  };
  Item {
    grid_title: None,
    grid_hint: String::new(),
    grid_end: false,
    id: field.id.clone(),
    label: field.label.get(lang).to_owned(),
    hint: field.hint.get(lang).to_owned(),
    control,
    mode,
    options,
    specials: Vec::new(),
    value: if control == "input" {
      first
    } else {
      String::new()
    },
    unit: String::new(),
    required: field.required,
    error: None,
    note: None,
    fresh: false,
    name,
  }
}

/// A question as a form item, in the cooperative's words.
pub fn question_item(
  content: &Content,
  assessment: &Assessment,
  q: &Question,
  current: &Current<'_>,
  with_note: bool,
  lang: Lang,
) -> Item {
  let name = format!("q.{}", q.id);
  let values = current(&name);
  let vars = assessment.text_vars(content, lang);
  let choice = |value: &str, label: String| Choice {
    checked: values.iter().any(|v| v == value),
    value: value.to_owned(),
    label,
  };
  let options: Vec<Choice> = q
    .options
    .iter()
    .map(|o| choice(&o.id, content.render_text(o.label.get(lang), &vars)))
    .collect();
  let mut specials = Vec::new();
  for (allowed, value, key) in [
    (q.allow_na, NOT_APPLICABLE, "answer_not_applicable"),
    (q.allow_dont_know, DONT_KNOW, "answer_dont_know"),
  ] {
    if allowed {
      specials.push(choice(value, capitalise(&content.messages.get(key, lang))));
    }
  }
  let (control, mode) = match q.kind {
    QuestionKind::Choice | QuestionKind::Grid => ("radio", "text"),
    QuestionKind::Multi => ("checkbox", "text"),
    QuestionKind::Number | QuestionKind::Percent => ("input", "decimal"),
    QuestionKind::Text => ("textarea", "text"),
  };
  let typed = values
    .iter()
    .find(|v| *v != NOT_APPLICABLE && *v != DONT_KNOW)
    .cloned()
    .unwrap_or_default();
  let unit = match q.kind {
    QuestionKind::Percent => "%".to_owned(),
    _ => q
      .unit
      .as_ref()
      .map(|u| u.get(lang).to_owned())
      .unwrap_or_default(),
  };
  let first = q.grid.as_ref().is_some_and(|g| g.first);
  let grid_hint = match content.questionnaire.grid(q.written_id()) {
    Some(grid) if first && with_note => assessment.question_hint(content, grid, lang),
    _ => String::new(),
  };
  Item {
    grid_title: assessment.grid_title(content, q, lang).filter(|_| first),
    grid_hint,
    grid_end: q.grid.as_ref().is_some_and(|g| g.last),
    id: q.id.clone(),
    label: assessment.question_text(content, q, lang),
    // Hints tell an advisor how to ask and what evidence to see ("ask the
    // accountant to open..."): shown in advisor mode, as the terminal
    // interview does; a grid's once, under its title.
    hint: if with_note && !q.hint.get(lang).is_empty() && q.grid.is_none() {
      assessment.question_hint(content, q, lang)
    } else {
      String::new()
    },
    control,
    mode,
    options,
    specials,
    value: if matches!(control, "input" | "textarea") {
      typed
    } else {
      String::new()
    },
    unit,
    required: q.required,
    error: None,
    fresh: false,
    note: with_note.then(|| {
      current(&format!("n.{}", q.id))
        .into_iter()
        .next()
        .unwrap_or_default()
    }),
    name,
  }
}

fn capitalise(s: &str) -> String {
  let mut chars = s.chars();
  chars
    .next()
    .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// What a submitted page changed.
#[derive(Debug, Default)]
pub struct Applied {
  /// Problems by field or question id, in the reader's language.
  pub errors: BTreeMap<String, String>,
  /// Answers dropped because their question stopped applying.
  pub dropped: Vec<String>,
}

/// Records the profile fields of a submitted page (those shown: `shown`),
/// each checked as a file's value would be, and as the report will print
/// it; valid values are kept even when others are refused.
pub fn apply_profile(
  content: &Content,
  interview: &mut Interview<'_>,
  shown: &[&ProfileField],
  fields: &Fields,
  lang: Lang,
) -> Result<Applied, Error> {
  let mut applied = Applied::default();
  let year = interview.assessment.date.map(|d| d.year());
  for field in shown {
    let typed = fields.get(&format!("p.{}", field.id)).unwrap_or("").trim();
    let label = field.label.get(lang);
    let checked = if typed.is_empty() {
      Ok(None)
    } else {
      unprintable(content, typed, false, label, lang).and_then(|()| {
        let value = typed_profile_value(typed, field.kind);
        check_profile_value(content, field, &value, year)
          .map(Some)
          .map_err(|p| p.message_here(content, lang))
      })
    };
    match checked {
      Ok(value) => applied
        .dropped
        .extend(interview.set_profile(&field.id, value)?),
      Err(message) => {
        applied.errors.insert(field.id.clone(), message);
      }
    }
  }
  applied.dropped.dedup();
  Ok(applied)
}

/// Refuses what the PDF report could not print, with the message the
/// report itself gives, naming the field by its label.
fn unprintable(
  content: &Content,
  text: &str,
  multiline: bool,
  label: &str,
  lang: Lang,
) -> Result<(), String> {
  let chars = crate::render::pdf::unprintable_in(text, multiline);
  if chars.is_empty() {
    return Ok(());
  }
  let found = crate::render::pdf::Unprintable {
    path: vec![label.to_owned()],
    chars,
  };
  let problem = Problem::new(
    crate::assessment::ProblemKind::UnprintableCharacter,
    found.args(),
  );
  Err(problem.message(content, lang))
}

/// Records the answers of a submitted page (the questions shown); an
/// advisor's note is kept with its answer, and a note without an answer is
/// refused rather than dropped.
pub fn apply_answers(
  content: &Content,
  interview: &mut Interview<'_>,
  shown: &[&Question],
  fields: &Fields,
  with_note: bool,
  lang: Lang,
) -> Result<Applied, Error> {
  let mut applied = Applied::default();
  let mut answers = Vec::with_capacity(shown.len());
  for q in shown {
    match answer_of(content, interview, q, fields, with_note, lang) {
      Ok(response) => answers.push((q.id.clone(), response)),
      Err(message) => {
        applied.errors.insert(q.id.clone(), message);
      }
    }
  }
  applied.dropped = interview.set_answers(answers)?;
  Ok(applied)
}

/// The response sent for `q` (`None`: left empty), or what is wrong with it.
fn answer_of(
  content: &Content,
  interview: &Interview<'_>,
  q: &Question,
  fields: &Fields,
  with_note: bool,
  lang: Lang,
) -> Result<Option<Response>, String> {
  let note = if with_note {
    fields
      .get(&format!("n.{}", q.id))
      .map(str::trim)
      .filter(|n| !n.is_empty())
      .map(str::to_owned)
  } else {
    interview
      .assessment
      .responses
      .get(&q.id)
      .and_then(|r| r.note.clone())
  };
  if let Some(n) = &note {
    if n.chars().count() > MAX_NOTE {
      let args = minijinja::context! { question => q.id.as_str(), max => MAX_NOTE };
      let problem = Problem::new(crate::assessment::ProblemKind::NoteTooLong, args);
      return Err(problem.message_here(content, lang));
    }
    unprintable(
      content,
      n,
      true,
      &content.messages.get("answer_note", lang),
      lang,
    )?;
  }
  let yaml = submitted(q, fields).map_err(|key| content.messages.get(key, lang))?;
  let Some(yaml) = yaml else {
    return match note {
      Some(_) if with_note => {
        use crate::content::QuestionKind;
        let typed = matches!(
          q.kind,
          QuestionKind::Number | QuestionKind::Percent | QuestionKind::Text
        );
        let args = minijinja::context! { typed, dont_know => q.allow_dont_know };
        Err(content.message("answer_note_without_answer", lang, &args))
      }
      _ => Ok(None),
    };
  };
  if let Some(text) = yaml.as_str() {
    unprintable(
      content,
      text,
      true,
      &content.messages.get("answer_text", lang),
      lang,
    )?;
  }
  let answer = check_answer(content, q, &yaml).map_err(|p| p.message_here(content, lang))?;
  Ok(Some(Response { answer, note }))
}

/// The answer sent for `q` as the file would hold it; `Err` names the
/// message of a combination no file can hold.
fn submitted(q: &Question, fields: &Fields) -> Result<Option<Yaml>, &'static str> {
  let values: Vec<&str> = fields
    .all(&format!("q.{}", q.id))
    .into_iter()
    .map(str::trim)
    .filter(|v| !v.is_empty())
    .collect();
  let special = values
    .iter()
    .find(|v| **v == NOT_APPLICABLE || **v == DONT_KNOW);
  let given: Vec<&str> = values
    .iter()
    .copied()
    .filter(|v| *v != NOT_APPLICABLE && *v != DONT_KNOW)
    .collect();
  match (special, given.as_slice()) {
    (Some(_), [_, ..]) | (Some(_), []) if values.len() > 1 => Err("answer_special_alone"),
    (Some(s), _) => Ok(Some(Yaml::from(if *s == NOT_APPLICABLE {
      "not_applicable"
    } else {
      "dont_know"
    }))),
    (None, []) => Ok(None),
    (None, ids) if q.kind == QuestionKind::Multi => Ok(Some(Yaml::Sequence(
      ids.iter().map(|i| Yaml::from(*i)).collect(),
    ))),
    (None, [one]) => Ok(Some(Yaml::from(*one))),
    (None, _) => Err("answer_one_only"),
  }
}
