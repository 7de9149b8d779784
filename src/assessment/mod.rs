//! An assessment: one cooperative's profile and answers at one stage.
//!
//! [`Assessment::parse`] reads the YAML file the interview writes (or a
//! person edits) and checks every answer against the questionnaire,
//! reporting all problems at once.

mod answer;
pub mod block_yaml;
pub mod file_schema;
mod load;
mod problem;
mod write;

pub use crate::content::AnswerFacts;
pub use answer::{Answer, Response, decimal_json, decimal_value};
pub use load::{
  Completeness, MAX_NOTE, check_answer, check_profile_value, is_stage, typed_profile_value,
};
use problem::Kind;
pub use problem::{Kind as ProblemKind, Problem};

use crate::content::{Content, ProfileField, Question};
use crate::error::Error;
use crate::source::SourceFile;
use crate::text::{Lang, Text};
use minijinja::Value;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use time::Date;
use time::macros::format_description;

/// Who filled the assessment in.
#[derive(
  Clone,
  Copy,
  Debug,
  Default,
  PartialEq,
  Eq,
  Serialize,
  Deserialize,
  clap::ValueEnum,
  schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
  /// An alliance advisor interviewed the board.
  #[default]
  Advisor,
  /// The cooperative assessed itself.
  #[serde(rename = "self")]
  #[value(name = "self")]
  SelfAssessment,
}

impl Mode {
  /// The name in files: `advisor` or `self`.
  pub fn name(self) -> &'static str {
    match self {
      Mode::Advisor => "advisor",
      Mode::SelfAssessment => "self",
    }
  }
}

/// A profile value, checked against its field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ProfileValue {
  /// Text.
  Text(String),
  /// A whole number.
  Integer(i64),
}

impl ProfileValue {
  /// The value as text.
  pub fn as_str(&self) -> Option<&str> {
    match self {
      ProfileValue::Text(s) => Some(s),
      ProfileValue::Integer(_) => None,
    }
  }
}

/// The id and version of the questionnaire an assessment answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuestionnaireRef {
  /// Questionnaire id.
  pub id: String,
  /// Questionnaire version.
  pub version: String,
}

/// One assessment of one cooperative.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
  /// The questionnaire it answers.
  pub questionnaire: QuestionnaireRef,
  /// T0 for the first assessment, T1 a year later...
  pub stage: String,
  /// When it was made.
  pub date: Option<Date>,
  /// Advisor interview or self-assessment.
  pub mode: Mode,
  /// Who made it.
  pub assessor: Option<String>,
  /// The cooperative profile, by field id.
  pub profile: BTreeMap<String, ProfileValue>,
  /// Answers by question id.
  pub responses: BTreeMap<String, Response>,
}

impl Assessment {
  /// An empty assessment of `content`'s questionnaire.
  pub fn new(content: &Content) -> Self {
    Self {
      questionnaire: QuestionnaireRef {
        id: content.questionnaire.id.clone(),
        version: content.questionnaire.version.clone(),
      },
      stage: "T0".into(),
      date: None,
      mode: Mode::Advisor,
      assessor: None,
      profile: BTreeMap::new(),
      responses: BTreeMap::new(),
    }
  }

  /// Reads and checks an assessment file.
  pub fn read(
    path: &Path,
    content: &Content,
    completeness: Completeness,
    lang: Lang,
  ) -> Result<Self, Error> {
    let bytes = fs::read(path).map_err(|source| Error::Read {
      path: path.to_owned(),
      source,
    })?;
    let name = path.display().to_string();
    let fail = |problems: Vec<Problem>| Error::Assessment {
      path: path.to_owned(),
      problems: problems
        .into_iter()
        .map(|p| p.render(content, &name, lang))
        .collect(),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
      // The line of the first byte that is not UTF-8 (a file saved as
      // Latin-1 or Windows-1258 by an old editor).
      let valid = e.utf8_error().valid_up_to();
      let line = 1
        + e.as_bytes()[..valid]
          .iter()
          .filter(|b| **b == b'\n')
          .count();
      fail(vec![
        Problem::new(Kind::NotUtf8, Value::from(())).at(Some(line)),
      ])
    })?;
    let file = SourceFile::new(name.clone(), text);
    let assessment = Self::parse(&file, content, completeness).map_err(fail)?;
    // Dated in the future (beyond tomorrow, for time zones): a typo.
    if let Some(date) = assessment.date
      && date > today().saturating_add(time::Duration::days(1))
    {
      let line = file.line_of_path(&["date"]);
      let args = minijinja::context! { value => format_date(date) };
      return Err(fail(vec![Problem::new(Kind::DateInFuture, args).at(line)]));
    }
    Ok(assessment)
  }

  /// The cooperative's name.
  pub fn name(&self) -> &str {
    self
      .profile
      .get("name")
      .and_then(ProfileValue::as_str)
      .unwrap_or("")
  }

  /// A text profile field (`legal_form`, `province`...), when given.
  pub fn profile_text(&self, field: &str) -> Option<&str> {
    self.profile.get(field).and_then(ProfileValue::as_str)
  }

  /// The legal form's words (`org`, `board`...) from `terms` in
  /// `rules/planning.yaml` (the first form's when the form is not given).
  pub fn terms(&self, content: &Content) -> BTreeMap<String, Text> {
    terms(content, &self.profile)
  }

  /// Variables of content texts that follow the cooperative: the legal
  /// form's words in `lang`, plus `legal_form` and `sector`.
  pub fn text_vars(&self, content: &Content, lang: Lang) -> Value {
    text_vars(content, &self.profile, lang)
  }

  /// Whether a profile field applies (its `when` holds on the profile).
  pub fn field_applies(&self, content: &Content, field: &ProfileField) -> Result<bool, Error> {
    match &field.when {
      Some(when) => {
        let facts = minijinja::context! { profile => self.profile_facts(content) };
        content.holds(when, &facts)
      }
      None => Ok(true),
    }
  }

  /// A question's text as this cooperative reads it: `{{ org }}` and the
  /// legal form's other words filled in.
  pub fn question_text(&self, content: &Content, q: &Question, lang: Lang) -> String {
    content.render_text(q.text.get(lang), &self.text_vars(content, lang))
  }

  /// The title of the grid a row question belongs to, words filled in;
  /// `None` for a question that is not a grid's row.
  pub fn grid_title(&self, content: &Content, q: &Question, lang: Lang) -> Option<String> {
    let grid = content.questionnaire.grid(&q.grid.as_ref()?.grid)?;
    Some(self.question_text(content, grid, lang))
  }

  /// A question's text where it stands alone (a list of gaps, a dropped
  /// answer): a grid's row is named with its grid, "Title – Row".
  pub fn question_text_alone(&self, content: &Content, q: &Question, lang: Lang) -> String {
    let text = self.question_text(content, q, lang);
    match self.grid_title(content, q, lang) {
      Some(title) => format!("{title} – {text}"),
      None => text,
    }
  }

  /// A question's advisor hint, words filled in the same way.
  pub fn question_hint(&self, content: &Content, q: &Question, lang: Lang) -> String {
    content.render_text(q.hint.get(lang), &self.text_vars(content, lang))
  }

  /// The profile as conditions see it: every field of the form, `none` when
  /// not given.
  pub fn profile_facts(&self, content: &Content) -> Value {
    let map: BTreeMap<String, Value> = content
      .questionnaire
      .profile
      .iter()
      .map(|f| {
        let v = match self.profile.get(&f.id) {
          Some(ProfileValue::Text(s)) => Value::from(s.as_str()),
          Some(ProfileValue::Integer(i)) => Value::from(*i),
          None => Value::from(()),
        };
        (f.id.clone(), v)
      })
      .collect();
    Value::from(map)
  }

  /// Which questions apply to this cooperative, in questionnaire order.
  ///
  /// A question's `when` reads the profile and earlier answers; an answer
  /// to a question that does not apply is invisible to later conditions.
  pub fn applicability(&self, content: &Content) -> Result<Vec<bool>, Error> {
    let questions = &content.questionnaire.questions;
    // Start from "nothing answered" and reveal each answer once its question
    // is known to apply.
    let answers = AnswerFacts::new(content, |q| Answer::fact(None, q));
    let facts = minijinja::context! {
      profile => self.profile_facts(content),
      answers => Value::from_dyn_object(answers.clone()),
    };
    let mut applies = Vec::with_capacity(questions.len());
    for (position, q) in questions.iter().enumerate() {
      let yes = match &q.when {
        Some(when) => content.holds(when, &facts)?,
        None => true,
      };
      if yes && let Some(r) = self.responses.get(&q.id) {
        answers.set(position, Answer::fact(Some(&r.answer), q));
      }
      applies.push(yes);
    }
    Ok(applies)
  }

  /// The answers as a condition value, for gates and actions: every
  /// question, `none` (or an empty list) where not answered.
  pub fn answer_facts(&self, content: &Content) -> Value {
    let answers = AnswerFacts::new(content, |q| {
      Answer::fact(self.responses.get(&q.id).map(|r| &r.answer), q)
    });
    Value::from_dyn_object(answers)
  }
}

/// Parses a date written `2026-11-30` or `30/11/2026`.
pub fn parse_date(s: &str) -> Option<Date> {
  let s = s.trim();
  Date::parse(s, format_description!("[year]-[month]-[day]"))
    .or_else(|_| Date::parse(s, format_description!("[day]/[month]/[year]")))
    .ok()
}

/// The words for a profile (see [`Assessment::terms`]): those of its
/// sector when `terms` has them (a people's credit fund is "the fund"),
/// else those of its legal form.
pub fn terms(
  content: &Content,
  profile: &BTreeMap<String, ProfileValue>,
) -> BTreeMap<String, Text> {
  let terms = &content.planning.terms;
  let key = |field: &str| profile.get(field).and_then(ProfileValue::as_str);
  key("sector")
    .and_then(|sector| terms.get(sector))
    .or_else(|| key("legal_form").and_then(|form| terms.get(form)))
    // Not given yet: the first legal form of the form (not the first key
    // in alphabetical order, which would be the credit fund's words).
    .or_else(|| {
      let first = content.questionnaire.field("legal_form")?.options.first()?;
      terms.get(&first.id)
    })
    .or_else(|| terms.values().next())
    .cloned()
    .unwrap_or_default()
}

/// Text variables for a profile (see [`Assessment::text_vars`]).
pub fn text_vars(content: &Content, profile: &BTreeMap<String, ProfileValue>, lang: Lang) -> Value {
  let mut vars: BTreeMap<String, Value> = terms(content, profile)
    .into_iter()
    .map(|(k, t)| (k, Value::from(t.get(lang))))
    .collect();
  for field in ["legal_form", "sector"] {
    let value = profile.get(field).and_then(ProfileValue::as_str);
    vars.insert(field.into(), Value::from(value));
  }
  Value::from(vars)
}

/// Today in the user's time zone (Vietnam's when it cannot be read): an
/// interview at 06:30 in Hà Nội is dated that day, not the day before in
/// UTC.
pub fn today() -> Date {
  let utc = time::OffsetDateTime::now_utc();
  let offset = time::UtcOffset::current_local_offset()
    .unwrap_or_else(|_| time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
  utc.to_offset(offset).date()
}

/// A date as Vietnamese documents write it: `30/11/2026`.
pub fn format_date(date: Date) -> String {
  date
    .format(format_description!("[day]/[month]/[year]"))
    .unwrap_or_default()
}

/// A date as the assessment file stores it: `2026-11-30`.
pub fn iso_date(date: Date) -> String {
  date
    .format(format_description!("[year]-[month]-[day]"))
    .unwrap_or_default()
}
