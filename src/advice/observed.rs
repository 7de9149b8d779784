//! Answers as a reader sees them, for rationales and reports.

use crate::assessment::Answer;
use crate::assessment::Assessment;
use crate::content::{Action, rationale_template};
use crate::content::{AnswerValue, Content, Question, QuestionKind};
use crate::error::Error;
use crate::number::format_number;
use crate::text::Lang;
use minijinja::Value;
use std::collections::BTreeMap;

/// Answers as a reader sees them, per language, for rationales: made into
/// template values once per assessment, not once per rationale.
pub(super) struct Observed {
  vi: Value,
  en: Value,
}

impl Observed {
  pub(super) fn new(content: &Content, assessment: &Assessment) -> Self {
    let label = |lang: Lang| -> Value {
      let map: BTreeMap<String, String> = content
        .questionnaire
        .questions
        .iter()
        .map(|q| {
          (
            q.id.clone(),
            describe(
              content,
              assessment,
              q,
              assessment.responses.get(&q.id).map(|r| &r.answer),
              lang,
            ),
          )
        })
        .collect();
      Value::from(minijinja::value::Serde(&map))
    };
    Self {
      vi: label(Lang::Vi),
      en: label(Lang::En),
    }
  }

  pub(super) fn rationale(
    &self,
    content: &Content,
    action: &Action,
    lang: Lang,
    facts: &Value,
  ) -> Result<String, Error> {
    let observed = match lang {
      Lang::Vi => &self.vi,
      Lang::En => &self.en,
    };
    let ctx = minijinja::context! { lang => lang.code(), observed => observed, ..facts.clone() };
    // `facts` here also carries the legal form's words (`org`, `board`).
    let name = rationale_template(&action.id, lang);
    content
      .render_template(&name, &ctx)
      .map(|s| s.trim().to_owned())
  }
}

/// An answer as the reader sees it: the option's label, the labels of the
/// ticked options, the number with its unit, or "don't know".
pub fn describe(
  content: &Content,
  assessment: &Assessment,
  q: &Question,
  answer: Option<&Answer>,
  lang: Lang,
) -> String {
  let message = |key: &str| content.messages.get(key, lang);
  // An option label may use the legal form's words ("{{ board }}").
  let label = |o: &crate::content::AnswerOption| -> String {
    let text = o.label.get(lang);
    if text.contains("{{") || text.contains("{%") {
      content.render_text(text, &assessment.text_vars(content, lang))
    } else {
      text.to_owned()
    }
  };
  match answer {
    None => message("answer_missing"),
    Some(Answer::NotApplicable) => message("answer_not_applicable"),
    Some(Answer::DontKnow) => message("answer_dont_know"),
    Some(Answer::Given(AnswerValue::Choice(id))) => q.option(id).map_or_else(|| id.clone(), label),
    Some(Answer::Given(AnswerValue::Multi(ids))) => ids
      .iter()
      .map(|id| q.option(id).map_or_else(|| id.clone(), label))
      .collect::<Vec<_>>()
      .join(", "),
    Some(Answer::Given(AnswerValue::Number(x))) => {
      let n = format_number(*x, if x.fract().is_zero() { 0 } else { 1 }, lang);
      match (q.kind, &q.unit) {
        (QuestionKind::Percent, _) => format!("{n}%"),
        (_, Some(unit)) => format!("{n} {}", unit.get(lang)),
        _ => n,
      }
    }
    Some(Answer::Given(AnswerValue::Text(t))) => t.clone(),
  }
}
