//! Made-up cooperatives that take every template down each of its paths,
//! for `coopdx validate`: every option of every choice profile field, the
//! optional fields left out, answers from the lowest to the best (so every
//! level is reached where the gates allow), "not applicable" and "don't
//! know" where allowed, and so both sides of each `when`.
//!
//! A small covering set, not a cross product: sample `i` takes profile
//! variant `i` and answer pattern `i` (each list cycled), so the set is as
//! long as the longer list.

use crate::assessment::{Answer, Mode, ProfileValue, Response};
use crate::common::*;
use crate::content::{AnswerOption, ProfileField};

/// One made-up assessment and what it stands for, to name in a diagnostic.
pub struct Sample {
  /// The assessment.
  pub assessment: Assessment,
  /// "a cooperative with legal_form htx, sector agriculture; left out:
  /// revenue_band".
  pub label: String,
}

/// How a pattern answers: near a share of the best answer, or the
/// answers a reader cannot score.
#[derive(Clone, Copy)]
enum Pattern {
  /// Each answer near this share (0..=1) of the question's best.
  Share(Decimal),
  /// The same, with the questions gates read answered at their best, so a
  /// level capped by a gate can still be reached.
  ShareGatesMet(Decimal),
  /// "Don't know" or "not applicable" where allowed, else the lowest.
  Unknown,
}

/// The covering set of made-up assessments.
pub fn covering(content: &Content) -> Vec<Sample> {
  let profiles = profiles(content);
  let patterns = patterns(content);
  let n = profiles.len().max(patterns.len());
  (0..n)
    .map(|i| {
      let (profile, label) = &profiles[i % profiles.len()];
      let pattern = patterns[i % patterns.len()];
      let mut a = Assessment::new(content);
      a.profile = profile.clone();
      a.stage = format!("T{}", i % 2);
      // With and without a date, in both modes, with and without notes.
      a.date = (i % 3 != 2).then_some(time::macros::date!(2026 - 01 - 15));
      a.mode = if i % 2 == 0 {
        Mode::Advisor
      } else {
        Mode::SelfAssessment
      };
      // Placeholders: these cooperatives are rendered to check templates,
      // never shown to anyone.
      a.assessor = (i % 2 == 0).then(|| "assessor-sample".to_owned());
      a.responses = answers(content, pattern, i % 2 == 0);
      prune(content, &mut a);
      Sample {
        assessment: a,
        label: label.clone(),
      }
    })
    .collect()
}

/// Profile variants: one with only the required fields, then one per
/// option of the choice field with the most options, every choice field
/// cycling through its own. A field whose `when` does not hold is left out.
fn profiles(content: &Content) -> Vec<(BTreeMap<String, ProfileValue>, String)> {
  let fields = &content.questionnaire.profile;
  let most = fields
    .iter()
    .map(|f| f.options.len())
    .max()
    .unwrap_or(1)
    .max(1);
  let mut out = vec![profile(content, 0, true)];
  out.extend((0..most).map(|i| profile(content, i, false)));
  out
}

fn profile(
  content: &Content,
  i: usize,
  required_only: bool,
) -> (BTreeMap<String, ProfileValue>, String) {
  let mut a = Assessment::new(content);
  let mut chosen = Vec::new();
  let mut left_out = Vec::new();
  for field in &content.questionnaire.profile {
    if required_only && !field.required {
      left_out.push(field.id.as_str());
      continue;
    }
    let Some(value) = field_value(field, i) else {
      continue;
    };
    a.profile.insert(field.id.clone(), value);
    if !a.field_applies(content, field).unwrap_or(false) {
      a.profile.remove(&field.id);
      continue;
    }
    if field.kind == FieldKind::Choice
      && let Some(ProfileValue::Text(id)) = a.profile.get(&field.id)
    {
      chosen.push(format!("{} {id}", field.id));
    }
  }
  let mut label = format!("a cooperative with {}", chosen.join(", "));
  if !left_out.is_empty() {
    label.push_str(&format!("; left out: {}", left_out.join(", ")));
  }
  (a.profile, label)
}

/// The `i`-th value of a field: its options in turn, a few integers across
/// its range, a text.
fn field_value(field: &ProfileField, i: usize) -> Option<ProfileValue> {
  match field.kind {
    FieldKind::Choice => {
      let o = field.options.get(i % field.options.len().max(1))?;
      Some(ProfileValue::Text(o.id.clone()))
    }
    FieldKind::Integer => {
      // A year is not after the assessment's (2026).
      let top = if field.not_future { 2026 } else { i64::MAX };
      let (min, max) = (
        field.min.unwrap_or(0),
        field.max.unwrap_or(i64::MAX).min(top),
      );
      let picks = [min, 3, 10, 50, 200, 2015, max];
      Some(ProfileValue::Integer(
        picks[i % picks.len()].clamp(min, max.max(min)),
      ))
    }
    FieldKind::Text => Some(ProfileValue::Text(if field.id == "name" {
      "organisation-sample".to_owned()
    } else {
      "0100000001".to_owned()
    })),
  }
}

/// The lowest and the best answers, one near the middle of each level's
/// band (also with the gates met), and the unknowns.
fn patterns(content: &Content) -> Vec<Pattern> {
  let mut out = vec![
    Pattern::Share(Decimal::ZERO),
    Pattern::Share(Decimal::ONE),
    Pattern::Unknown,
  ];
  for level in &content.levels {
    let mid = (level.min + level.max) / Decimal::from(200);
    out.push(Pattern::Share(mid));
    out.push(Pattern::ShareGatesMet(mid));
  }
  out
}

fn answers(content: &Content, pattern: Pattern, notes: bool) -> BTreeMap<String, Response> {
  let gated: BTreeSet<&str> = content
    .gates
    .iter()
    .flat_map(|g| crate::content::questions_read(&g.requires))
    .collect();
  content
    .questionnaire
    .questions
    .iter()
    .map(|q| {
      let answer = match pattern {
        Pattern::Unknown if q.allow_dont_know => Answer::DontKnow,
        Pattern::Unknown if q.allow_na => Answer::NotApplicable,
        Pattern::Unknown => Answer::Given(value(q, Decimal::ZERO)),
        Pattern::ShareGatesMet(_) if gated.contains(q.id.as_str()) => {
          Answer::Given(value(q, Decimal::ONE))
        }
        Pattern::Share(share) | Pattern::ShareGatesMet(share) => Answer::Given(value(q, share)),
      };
      let note = notes.then(|| "note-sample".to_owned());
      (q.id.clone(), Response { answer, note })
    })
    .collect()
}

/// An answer near `share` of the question's best.
fn value(q: &Question, share: Decimal) -> AnswerValue {
  let points = |o: &AnswerOption| o.points.unwrap_or_default();
  let target = q.max_points() * share;
  let nearest = |options: &mut dyn Iterator<Item = &AnswerOption>| {
    options
      .min_by_key(|o| (points(o) - target).abs())
      .map(|o| o.id.clone())
  };
  match q.kind {
    QuestionKind::Choice | QuestionKind::Grid => {
      AnswerValue::Choice(nearest(&mut q.options.iter()).unwrap_or_default())
    }
    QuestionKind::Multi => {
      let plain: Vec<&AnswerOption> = q.options.iter().filter(|o| !o.exclusive).collect();
      let take = (Decimal::from(plain.len()) * share)
        .ceil()
        .to_usize()
        .unwrap_or_default();
      match q.options.iter().find(|o| o.exclusive) {
        Some(none) if take == 0 => AnswerValue::Multi(vec![none.id.clone()]),
        _ => AnswerValue::Multi(plain.iter().take(take).map(|o| o.id.clone()).collect()),
      }
    }
    QuestionKind::Number | QuestionKind::Percent => {
      let (min, max) = q.allowed_range();
      let band = q.bands.iter().min_by_key(|b| (b.points - target).abs());
      let x = band.map_or(Decimal::ZERO, |b| b.min);
      AnswerValue::Number(x.max(min.unwrap_or(x)).min(max.unwrap_or(x)))
    }
    QuestionKind::Text => AnswerValue::Text("answer-sample".to_owned()),
  }
}

/// Drops the answers to questions that do not apply, until none is left
/// (a dropped answer may stop another question applying).
fn prune(content: &Content, a: &mut Assessment) {
  loop {
    let Ok(applies) = a.applicability(content) else {
      return;
    };
    let before = a.responses.len();
    for (q, applies) in content.questionnaire.questions.iter().zip(applies) {
      if !applies {
        a.responses.remove(&q.id);
      }
    }
    if a.responses.len() == before {
      return;
    }
  }
}
