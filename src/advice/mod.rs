//! Advice: which actions of the catalogue this cooperative should take, and
//! why.
//!
//! Pure: reads the content, the assessment and its score; no I/O. An action
//! is recommended when it applies to the cooperative, its trigger holds and
//! its outcome is not already in place; prerequisites that apply and are not
//! done are pulled in. Priority is documented at [`priority`].

use crate::assessment::{Answer, decimal_value};
use crate::common::*;
use crate::content::{Action, rationale_template};
use crate::render::filters::format_number;
use crate::scoring::{Score, round};

/// Why an action is in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
  /// Its trigger fired on this cooperative's answers.
  Selected,
  /// Another recommended action needs it first.
  Prerequisite,
}

/// One recommended action.
#[derive(Clone, Debug)]
pub struct Recommendation<'c> {
  /// The catalogue entry.
  pub action: &'c Action,
  /// gap × dimension weight × impact ÷ effort.
  pub priority: Decimal,
  /// Why it was chosen, citing the answers, in each language.
  pub rationale: Text,
  /// Selected or pulled in as a prerequisite.
  pub reason: Reason,
  /// The recommended actions that need it (for prerequisites).
  pub required_by: Vec<String>,
  /// The failing gate whose questions it addresses, if any: such actions
  /// go first, since the gate caps the level whatever else improves.
  pub lifts_gate: Option<String>,
}

/// The conditions' view of an assessed cooperative: profile, answers,
/// dimension scores, index and level.
pub fn facts(content: &Content, assessment: &Assessment, score: &Score) -> Value {
  let dims: BTreeMap<&str, Value> = score
    .dimensions
    .iter()
    .map(|d| {
      (
        d.id.as_str(),
        d.score.map_or(Value::from(()), decimal_value),
      )
    })
    .collect();
  minijinja::context! {
    profile => assessment.profile_facts(content),
    answers => assessment.answer_facts(content),
    dimensions => dims,
    index => decimal_value(score.index),
    level => score.level.number,
  }
}

/// Priority of an action: the gap of its dimension (1 − score ÷ 100; 1 when
/// the dimension was not assessed) × the dimension's weight × impact ÷
/// effort. Big gaps in heavy dimensions closed cheaply come first.
pub fn priority(content: &Content, score: &Score, action: &Action) -> Decimal {
  let dimension = score.dimension(&action.dimension);
  let gap = dimension.and_then(|d| d.score).map_or(Decimal::ONE, |s| {
    (Decimal::ONE_HUNDRED - s) / Decimal::ONE_HUNDRED
  });
  let weight = content
    .dimension(&action.dimension)
    .map_or(Decimal::ONE, |d| d.weight);
  round(
    gap * weight * Decimal::from(action.impact) / Decimal::from(action.effort.max(1)),
    4,
  )
}

/// Whether an action's outcome is already in place.
pub fn is_done(content: &Content, action: &Action, facts: &Value) -> Result<bool, Error> {
  content.holds(&action.done_when, facts)
}

fn applies(content: &Content, action: &Action, facts: &Value) -> Result<bool, Error> {
  match &action.applies {
    Some(expr) => content.holds(expr, facts),
    None => Ok(true),
  }
}

/// The recommended actions, in catalogue order.
pub fn advise<'c>(
  content: &'c Content,
  assessment: &Assessment,
  score: &Score,
) -> Result<Vec<Recommendation<'c>>, Error> {
  let facts = facts(content, assessment, score);
  let mut chosen: BTreeMap<&str, Reason> = BTreeMap::new();
  let mut open: BTreeMap<&str, bool> = BTreeMap::new();
  for action in &content.actions {
    let needed = applies(content, action, &facts)? && !is_done(content, action, &facts)?;
    open.insert(&action.id, needed);
    let triggered = match &action.when {
      Some(when) => content.holds(when, &facts)?,
      None => true,
    };
    if needed && triggered {
      chosen.insert(&action.id, Reason::Selected);
    }
  }
  // Pull in prerequisites that apply and are not done, transitively.
  let mut required_by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
  let mut queue: Vec<&str> = chosen.keys().copied().collect();
  while let Some(id) = queue.pop() {
    let Some(action) = content.action(id) else {
      continue;
    };
    for p in &action.prerequisites {
      if !open.get(p.as_str()).copied().unwrap_or(false) {
        continue;
      }
      required_by
        .entry(p.as_str())
        .or_default()
        .push(id.to_owned());
      if !chosen.contains_key(p.as_str()) {
        chosen.insert(p.as_str(), Reason::Prerequisite);
        queue.push(p.as_str());
      }
    }
  }
  let observed = Observed::new(content, assessment);
  let failing: Vec<(&str, BTreeSet<&str>)> = content
    .gates
    .iter()
    .filter(|g| {
      score
        .gates
        .iter()
        .any(|r| r.id == g.id && r.applies && !r.passed)
    })
    .map(|g| (g.id.as_str(), gate_questions(&g.requires)))
    .collect();
  content
    .actions
    .iter()
    .filter_map(|a| chosen.get(a.id.as_str()).map(|reason| (a, *reason)))
    .map(|(action, reason)| {
      let mut by = required_by.remove(action.id.as_str()).unwrap_or_default();
      by.sort();
      by.dedup();
      Ok(Recommendation {
        action,
        priority: priority(content, score, action),
        rationale: Text {
          vi: observed.rationale(content, action, Lang::Vi, &facts)?,
          en: observed.rationale(content, action, Lang::En, &facts)?,
        },
        reason,
        required_by: by,
        lifts_gate: failing
          .iter()
          .find(|(_, questions)| {
            action
              .addresses
              .iter()
              .any(|q| questions.contains(q.as_str()))
          })
          .map(|(id, _)| (*id).to_owned()),
      })
    })
    .collect()
}

/// The questions a gate's requirement reads (`answers.GO01` → `GO01`).
fn gate_questions(requires: &str) -> BTreeSet<&str> {
  requires
    .match_indices("answers.")
    .map(|(i, m)| {
      let rest = &requires[i + m.len()..];
      let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
      &rest[..end]
    })
    .collect()
}

/// Answers as a reader sees them, per language, for rationales.
struct Observed {
  vi: BTreeMap<String, String>,
  en: BTreeMap<String, String>,
}

impl Observed {
  fn new(content: &Content, assessment: &Assessment) -> Self {
    let label = |lang: Lang| -> BTreeMap<String, String> {
      content
        .questionnaire
        .questions
        .iter()
        .map(|q| {
          (
            q.id.clone(),
            describe(
              content,
              q,
              assessment.responses.get(&q.id).map(|r| &r.answer),
              lang,
            ),
          )
        })
        .collect()
    };
    Self {
      vi: label(Lang::Vi),
      en: label(Lang::En),
    }
  }

  fn rationale(
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
    let name = rationale_template(&action.id, lang);
    crate::render::template(content, &name, &ctx).map(|s| s.trim().to_owned())
  }
}

/// An answer as the reader sees it: the option's label, the labels of the
/// ticked options, the number with its unit, or "don't know".
pub fn describe(content: &Content, q: &Question, answer: Option<&Answer>, lang: Lang) -> String {
  let message = |key: &str| content.messages.get(key, lang);
  match answer {
    None => message("answer_missing"),
    Some(Answer::NotApplicable) => message("answer_not_applicable"),
    Some(Answer::DontKnow) => message("answer_dont_know"),
    Some(Answer::Given(AnswerValue::Choice(id))) => q
      .option(id)
      .map_or_else(|| id.clone(), |o| o.label.get(lang).to_owned()),
    Some(Answer::Given(AnswerValue::Multi(ids))) => ids
      .iter()
      .map(|id| q.option(id).map_or(id.as_str(), |o| o.label.get(lang)))
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
