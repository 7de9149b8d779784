//! The scoring engine: answers → question scores → dimension scores →
//! readiness index → maturity level.
//!
//! Pure: no I/O, `Decimal` throughout. Rounding happens once, at the end
//! (see [`round`]), so the same answers give the same bytes everywhere.

mod group;
mod score;

pub use score::{
  AssessmentInfo, DimensionScore, GateResult, GateStatus, GroupScore, Highlight, LevelResult,
  QuestionScore, Score, Status,
};

use crate::assessment::Assessment;
use crate::assessment::{Answer, decimal_value, format_date};
use crate::content::{BandOn, Content, DontKnow, Gate, MaturityLevel};
use crate::error::Error;
use crate::text::{Lang, Text};
use minijinja::Value;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How many strengths and gaps are reported.
pub const HIGHLIGHTS: usize = 3;

pub use crate::number::round;

/// Scores `assessment` with `content`'s rules.
///
/// ```
/// use coopdx::{Assessment, Completeness, Content, SourceFile, score};
/// let content = Content::embedded().unwrap();
/// let text = include_str!("../../examples/htx-nong-nghiep-khoi-dau.yaml");
/// let file = SourceFile::new("example.yaml", text);
/// let assessment = Assessment::parse(&file, &content, Completeness::Complete).unwrap();
/// let score = score(&content, &assessment).unwrap();
/// assert!(score.index <= rust_decimal::Decimal::ONE_HUNDRED);
/// ```
pub fn score(content: &Content, assessment: &Assessment) -> Result<Score, Error> {
  let applies = assessment.applicability(content)?;
  score_applying(content, assessment, &applies)
}

/// Scores an assessment as [`Assessment::parse`] read it, unchanged since.
/// The loader refuses an answer to a question that does not apply, so
/// every answer it kept counts and which questions apply need not be
/// worked out again: a survey batch reads each file and scores it at once,
/// and working it out twice was a twentieth of the batch. Debug builds
/// check that every answer applies.
pub fn score_read(content: &Content, assessment: &Assessment) -> Result<Score, Error> {
  let questions = &content.questionnaire.questions;
  debug_assert!(
    assessment.applicability(content).is_ok_and(|applies| {
      questions
        .iter()
        .zip(applies)
        .all(|(q, applies)| applies || !assessment.responses.contains_key(&q.id))
    }),
    "score_read on an assessment with an answer that does not apply"
  );
  score_applying(content, assessment, &vec![true; questions.len()])
}

/// The score, with `applies` saying which questions apply (an answer to
/// one that does not is left out).
fn score_applying(
  content: &Content,
  assessment: &Assessment,
  applies: &[bool],
) -> Result<Score, Error> {
  let questions = &content.questionnaire.questions;

  let mut results = Vec::with_capacity(questions.len());
  let mut tallies = group::Tallies::default();
  let dont_know_counts = content.dont_know == DontKnow::ScoresZero;
  let mut raw_scores = Vec::with_capacity(questions.len());
  for (q, applies) in questions.iter().zip(applies) {
    let response = assessment.responses.get(&q.id).filter(|_| *applies);
    let max = q.max_points();
    let (status, points) = match response.map(|r| &r.answer) {
      Some(Answer::Given(v)) => (Status::Answered, q.points_up_to(v, max)),
      Some(Answer::DontKnow) => (Status::DontKnow, Decimal::ZERO),
      Some(Answer::NotApplicable) => (Status::NotApplicable, Decimal::ZERO),
      None => (Status::Skipped, Decimal::ZERO),
    };
    let scored = q.is_scored_up_to(max);
    let counts =
      scored && (status == Status::Answered || (status == Status::DontKnow && dont_know_counts));
    let share = if max.is_zero() {
      Decimal::ZERO
    } else {
      points / max
    };
    if counts {
      tallies.add(&q.dimension, q.group.as_deref(), q.weight, share);
    }
    raw_scores.push((counts, share));
    results.push(QuestionScore {
      id: q.id.clone(),
      dimension: q.dimension.clone(),
      group: q.group.clone(),
      answer: response.map_or(serde_json::Value::Null, |r| r.answer.to_json()),
      points,
      max_points: max,
      weight: q.weight,
      score: round(share, 4),
      contribution: Decimal::ZERO,
      status,
      scored,
      counted: counts,
      note: response.and_then(|r| r.note.clone()),
    });
  }
  // A question's contribution is its weighted share of its dimension's
  // 100 (of its group's share of it, in a dimension with groups).
  for (result, (counts, share)) in results.iter_mut().zip(&raw_scores) {
    let group = result.group.as_deref();
    if let (true, Some(weights)) = (*counts, tallies.weights(&result.dimension, group)) {
      let in_group = result.weight * share / weights;
      result.contribution = match content.dimension(&result.dimension) {
        Some(d) if !d.groups.is_empty() => round(
          in_group * tallies.group_share(d, group) * Decimal::ONE_HUNDRED,
          2,
        ),
        _ => round(in_group * Decimal::ONE_HUNDRED, 2),
      };
    }
  }

  let mut dimension_raw: Vec<Option<Decimal>> = Vec::new();
  let mut index_weights = Decimal::ZERO;
  let mut index_sum = Decimal::ZERO;
  for d in &content.dimensions {
    let raw = tallies.dimension(d);
    if let Some(raw) = raw {
      index_weights += d.weight;
      index_sum += d.weight * raw;
    }
    dimension_raw.push(raw);
  }
  let raw_index = if index_weights.is_zero() {
    Decimal::ZERO
  } else {
    index_sum / index_weights
  };
  let index = round(raw_index, 2);

  // Each dimension's questions, found in one pass rather than by
  // comparing every question's dimension for every count below.
  let mut by_dimension: Vec<Vec<&QuestionScore>> = vec![Vec::new(); content.dimensions.len()];
  for r in &results {
    if let Some(i) = content.dimensions.iter().position(|d| d.id == r.dimension) {
      by_dimension[i].push(r);
    }
  }
  let dimensions: Vec<DimensionScore> = content
    .dimensions
    .iter()
    .zip(&dimension_raw)
    .zip(&by_dimension)
    .map(|((d, raw), questions)| {
      let mine = || questions.iter().copied();
      let count = |s: Status| mine().filter(|r| r.scored && r.status == s).count();
      DimensionScore {
        id: d.id.clone(),
        name_vi: d.name.vi.clone(),
        name_en: d.name.en.clone(),
        score: raw.map(|r| round(r, 2)),
        weight: d.weight,
        answered: count(Status::Answered) + count(Status::DontKnow),
        not_applicable: count(Status::NotApplicable),
        dont_know: count(Status::DontKnow),
        skipped: count(Status::Skipped),
        contribution: match raw {
          Some(r) if !index_weights.is_zero() => round(d.weight * r / index_weights, 2),
          _ => Decimal::ZERO,
        },
        questions: mine().filter(|r| r.scored).map(|r| r.id.clone()).collect(),
        groups: group::scores(d, &tallies, &results),
      }
    })
    .collect();

  let (level, gates) = level(content, assessment, index, &dimensions)?;
  let (mut strengths, gaps) = highlights(&dimensions, &results, index);
  let better_areas = strengths
    .iter()
    .filter(|h| h.score < content.strength_threshold)
    .cloned()
    .collect();
  strengths.retain(|h| h.score >= content.strength_threshold);
  Ok(Score {
    questionnaire: assessment.questionnaire.clone(),
    cooperative: assessment.profile.clone(),
    assessment: AssessmentInfo {
      stage: assessment.stage.clone(),
      date: assessment.date.map(format_date),
      mode: assessment.mode.name().into(),
      assessor: assessment.assessor.clone(),
    },
    index,
    level,
    dont_know: results
      .iter()
      .filter(|r| r.status == Status::DontKnow)
      .map(|r| r.id.clone())
      .collect(),
    dimensions,
    questions: results,
    strengths,
    better_areas,
    gaps,
    gates,
  })
}

/// The level whose band holds `index`, read as `band_on` says: exact,
/// `min <= index < max` with the top band including 100; or rounded to a
/// whole number, `min <= n <= max`.
pub fn band(levels: &[MaturityLevel], band_on: BandOn, index: Decimal) -> Option<&MaturityLevel> {
  let top = levels.last()?;
  let x = band_on.value(index);
  levels
    .iter()
    .find(|l| band_on.contains(l.min, l.max, l.number == top.number, x))
}

fn level(
  content: &Content,
  assessment: &Assessment,
  index: Decimal,
  dimensions: &[DimensionScore],
) -> Result<(LevelResult, Vec<GateResult>), Error> {
  // Below every band cannot happen in checked content; the lowest level,
  // whatever its number, is the safe reading.
  let lowest = content.levels.first().map_or(0, |l| l.number);
  let band_level = band(&content.levels, content.band_on, index).map_or(lowest, |l| l.number);
  let dims: BTreeMap<&str, Value> = dimensions
    .iter()
    .map(|d| {
      (
        d.id.as_str(),
        d.score.map_or(Value::from(()), decimal_value),
      )
    })
    .collect();
  let facts = minijinja::context! {
    profile => assessment.profile_facts(content),
    answers => assessment.answer_facts(content),
    dimensions => dims,
    index => decimal_value(index),
  };
  let vars = [
    assessment.text_vars(content, Lang::Vi),
    assessment.text_vars(content, Lang::En),
  ];
  let mut number = band_level;
  let mut capped_by: Option<usize> = None;
  let mut results = Vec::new();
  for gate in &content.gates {
    let result = gate_result(content, assessment, gate, &facts, &vars)?;
    if result.fails() && gate.max_level < number {
      number = gate.max_level;
      capped_by = Some(results.len());
    }
    results.push(result);
  }
  if let Some(i) = capped_by {
    results[i].binding = true;
  }
  let capped = capped_by.map(|i| &results[i]);
  let l = content.level(number).or_else(|| content.levels.first());
  let text = |f: fn(&MaturityLevel) -> &Text, lang: Lang| {
    l.map(|l| content.render_text(f(l).get(lang), &vars[lang as usize]))
      .unwrap_or_default()
  };
  Ok((
    LevelResult {
      number,
      name_vi: text(|l| &l.name, Lang::Vi),
      name_en: text(|l| &l.name, Lang::En),
      description_vi: text(|l| &l.description, Lang::Vi),
      description_en: text(|l| &l.description, Lang::En),
      band_number: band_level,
      capped_by: capped.map(|g| g.id.clone()),
      capped_reason_vi: capped.and_then(|g| g.reason_vi.clone()),
      capped_reason_en: capped.and_then(|g| g.reason_en.clone()),
    },
    results,
  ))
}

/// One gate over this cooperative. A requirement over a "don't know"
/// answer that does not hold is *undetermined*: it caps the level like a
/// failure (a legal duty nobody can confirm is not credited) but the reader
/// is told it is unknown, not that the duty is unmet.
fn gate_result(
  content: &Content,
  assessment: &Assessment,
  gate: &Gate,
  facts: &Value,
  vars: &[Value; 2],
) -> Result<GateResult, Error> {
  let applies = match &gate.when {
    Some(when) => content.holds(when, facts)?,
    None => true,
  };
  let holds = !applies || content.holds(&gate.requires, facts)?;
  let unknown = crate::content::questions_read(&gate.requires)
    .iter()
    .any(|q| {
      matches!(
        assessment.responses.get(*q).map(|r| &r.answer),
        Some(Answer::DontKnow)
      )
    });
  let status = match (applies, holds, unknown) {
    (false, _, _) => GateStatus::NotApplicable,
    (true, true, _) => GateStatus::Passed,
    (true, false, true) => GateStatus::Undetermined,
    (true, false, false) => GateStatus::Failed,
  };
  let reason = match status {
    GateStatus::Failed => Some(&gate.reason),
    GateStatus::Undetermined => Some(&gate.reason_unknown),
    _ => None,
  };
  Ok(GateResult {
    id: gate.id.clone(),
    max_level: gate.max_level,
    applies,
    passed: holds,
    status,
    name_vi: gate.name.vi.clone(),
    name_en: gate.name.en.clone(),
    reason_vi: reason.map(|r| content.render_text(&r.vi, &vars[0])),
    reason_en: reason.map(|r| content.render_text(&r.en, &vars[1])),
    binding: false,
  })
}

/// Strengths are the best dimensions scoring above the cooperative's own
/// index, gaps the weakest scoring below it: relative to the cooperative, so
/// a beginner still learns what it does best and a leader what lags. Ties
/// keep content order, so output is stable.
fn highlights(
  dimensions: &[DimensionScore],
  questions: &[QuestionScore],
  index: Decimal,
) -> (Vec<Highlight>, Vec<Highlight>) {
  let scored: Vec<&DimensionScore> = dimensions.iter().filter(|d| d.score.is_some()).collect();
  let highlight = |d: &DimensionScore, best: bool| {
    let mut qs: Vec<&QuestionScore> = questions
      .iter()
      .filter(|q| {
        q.dimension == d.id && q.scored && matches!(q.status, Status::Answered | Status::DontKnow)
      })
      .collect();
    // Weight × score: what matters most and stands out most.
    qs.sort_by_key(|q| {
      if best {
        -(q.weight * q.score)
      } else {
        q.weight * q.score - q.weight
      }
    });
    Highlight {
      dimension: d.id.clone(),
      name_vi: d.name_vi.clone(),
      name_en: d.name_en.clone(),
      score: d.score.unwrap_or_default(),
      questions: qs
        .iter()
        .filter(|q| {
          if best {
            q.score > Decimal::ZERO
          } else {
            q.score < Decimal::ONE
          }
        })
        .take(HIGHLIGHTS)
        .map(|q| q.id.clone())
        .collect(),
    }
  };
  let mut best: Vec<&DimensionScore> = scored
    .iter()
    .copied()
    .filter(|d| d.score > Some(index))
    .collect();
  best.sort_by_key(|d| std::cmp::Reverse(d.score));
  let mut worst: Vec<&DimensionScore> = scored
    .into_iter()
    .filter(|d| d.score < Some(index))
    .collect();
  worst.sort_by_key(|a| a.score);
  (
    best
      .iter()
      .take(HIGHLIGHTS)
      .map(|d| highlight(d, true))
      .collect(),
    worst
      .iter()
      .take(HIGHLIGHTS)
      .map(|d| highlight(d, false))
      .collect(),
  )
}
