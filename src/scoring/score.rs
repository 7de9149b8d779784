//! The result of scoring: what `coopdx score --format json` prints.
//!
//! Field names are a stable interface (see README "JSON schema"): add
//! fields freely, never rename one.

use crate::assessment::{ProfileValue, QuestionnaireRef};
use rust_decimal::Decimal;
use rust_decimal::serde::{float, float_option};
use serde::Serialize;
use std::collections::BTreeMap;

/// A scored assessment.
#[derive(Clone, Debug, Serialize)]
pub struct Score {
  /// The questionnaire answered.
  pub questionnaire: QuestionnaireRef,
  /// The cooperative profile, by field id (`name`, `province`...).
  pub cooperative: BTreeMap<String, ProfileValue>,
  /// Stage, date, mode and assessor.
  pub assessment: AssessmentInfo,
  /// Readiness index 0-100, two decimals.
  #[serde(with = "float")]
  pub index: Decimal,
  /// The maturity level, after gates.
  pub level: LevelResult,
  /// Per-dimension scores, in content order.
  pub dimensions: Vec<DimensionScore>,
  /// Per-question results, in questionnaire order.
  pub questions: Vec<QuestionScore>,
  /// The strongest dimensions, best first: above the index and at least
  /// the content's strength threshold.
  pub strengths: Vec<Highlight>,
  /// Dimensions above the index but below the strength threshold:
  /// "relatively better areas", not strengths.
  pub better_areas: Vec<Highlight>,
  /// The weakest dimensions, weakest first.
  pub gaps: Vec<Highlight>,
  /// Questions answered "don't know", to follow up.
  pub dont_know: Vec<String>,
  /// Every gate and whether it held.
  pub gates: Vec<GateResult>,
}

/// Stage, date, mode and assessor of the assessment.
#[derive(Clone, Debug, Serialize)]
pub struct AssessmentInfo {
  /// T0, T1...
  pub stage: String,
  /// `dd/mm/yyyy`, when given.
  pub date: Option<String>,
  /// `advisor` or `self`.
  pub mode: String,
  /// Who assessed.
  pub assessor: Option<String>,
}

/// The maturity level reached.
#[derive(Clone, Debug, Serialize)]
pub struct LevelResult {
  /// 0-5.
  pub number: u8,
  /// Vietnamese name.
  pub name_vi: String,
  /// English name.
  pub name_en: String,
  /// What the level means, Vietnamese.
  pub description_vi: String,
  /// What the level means, English.
  pub description_en: String,
  /// The level the index alone would give.
  pub band_number: u8,
  /// The gate that lowered the level, if any.
  pub capped_by: Option<String>,
  /// Why, Vietnamese.
  pub capped_reason_vi: Option<String>,
  /// Why, English.
  pub capped_reason_en: Option<String>,
}

/// One dimension's score.
#[derive(Clone, Debug, Serialize)]
pub struct DimensionScore {
  /// Dimension id.
  pub id: String,
  /// Vietnamese name.
  pub name_vi: String,
  /// English name.
  pub name_en: String,
  /// 0-100, two decimals; `null` when no question of it was answered.
  #[serde(with = "float_option")]
  pub score: Option<Decimal>,
  /// Weight in the index.
  #[serde(with = "float")]
  pub weight: Decimal,
  /// Scored questions answered (including "don't know").
  pub answered: usize,
  /// Questions answered "not applicable".
  pub not_applicable: usize,
  /// Questions answered "don't know".
  pub dont_know: usize,
  /// Questions not asked because their `when` did not hold.
  pub skipped: usize,
  /// Points this dimension adds to the index (weight share × score).
  #[serde(with = "float")]
  pub contribution: Decimal,
  /// The questions that produced the score.
  pub questions: Vec<String>,
  /// Its groups' scores, in content order; absent when it has none.
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub groups: Vec<GroupScore>,
}

/// One group's score within its dimension.
#[derive(Clone, Debug, Serialize)]
pub struct GroupScore {
  /// Group id.
  pub id: String,
  /// Vietnamese name.
  pub name_vi: String,
  /// English name.
  pub name_en: String,
  /// 0-100, two decimals; `null` when nothing of it counted (it then
  /// leaves its dimension's mean).
  #[serde(with = "float_option")]
  pub score: Option<Decimal>,
  /// Weight in its dimension.
  #[serde(with = "float")]
  pub weight: Decimal,
  /// The questions (and grid rows) in it.
  pub questions: Vec<String>,
}

/// How a question was treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
  /// Answered and scored.
  Answered,
  /// "Not applicable": out of the denominator.
  NotApplicable,
  /// "Don't know": scored 0.
  DontKnow,
  /// Not asked (`when` did not hold) or not answered.
  Skipped,
}

/// One question's result.
#[derive(Clone, Debug, Serialize)]
pub struct QuestionScore {
  /// Question id.
  pub id: String,
  /// Its dimension.
  pub dimension: String,
  /// Its group within the dimension; absent when the dimension has none.
  #[serde(skip_serializing_if = "Option::is_none")]
  pub group: Option<String>,
  /// The answer: option id, list of ids, number, text, or
  /// `not_applicable` / `dont_know`; `null` when skipped.
  pub answer: serde_json::Value,
  /// Points earned.
  #[serde(with = "float")]
  pub points: Decimal,
  /// Points possible.
  #[serde(with = "float")]
  pub max_points: Decimal,
  /// Weight within the dimension.
  #[serde(with = "float")]
  pub weight: Decimal,
  /// points ÷ max_points, 0..1, four decimals.
  #[serde(with = "float")]
  pub score: Decimal,
  /// Points this answer adds to its dimension score (0-100 scale).
  #[serde(with = "float")]
  pub contribution: Decimal,
  /// How it was treated.
  pub status: Status,
  /// Whether it counts at all (free text does not).
  pub scored: bool,
  /// Whether it is in its dimension's score: answered, or "don't know"
  /// where the content scores that zero (`dont_know: scores_zero`).
  pub counted: bool,
  /// The advisor's note or evidence.
  pub note: Option<String>,
}

/// A dimension singled out as a strength or a gap.
#[derive(Clone, Debug, Serialize)]
pub struct Highlight {
  /// Dimension id.
  pub dimension: String,
  /// Vietnamese name.
  pub name_vi: String,
  /// English name.
  pub name_en: String,
  /// Its score.
  #[serde(with = "float")]
  pub score: Decimal,
  /// Its best (strength) or weakest (gap) answered questions.
  pub questions: Vec<String>,
}

/// Where a gate stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateStatus {
  /// Its requirement holds.
  Passed,
  /// Its requirement does not hold.
  Failed,
  /// An answer it reads is "don't know": it fails (an unverified duty is
  /// not credited), and the reader is told it was not determined.
  Undetermined,
  /// It does not apply to this cooperative (e.g. to a tổ hợp tác).
  NotApplicable,
}

/// Whether one gate held.
#[derive(Clone, Debug, Serialize)]
pub struct GateResult {
  /// Gate id.
  pub id: String,
  /// Highest level while it does not hold.
  pub max_level: u8,
  /// Whether the gate applies to this cooperative.
  pub applies: bool,
  /// Whether its requirement holds (true when it does not apply).
  pub passed: bool,
  /// Passed, failed, undetermined or not applicable.
  pub status: GateStatus,
  /// What it checks, Vietnamese.
  pub name_vi: String,
  /// What it checks, English.
  pub name_en: String,
  /// Why it fails (or why it could not be determined), Vietnamese;
  /// `null` when it passed or does not apply.
  pub reason_vi: Option<String>,
  /// The same in English.
  pub reason_en: Option<String>,
  /// Whether it is the gate that lowered the level.
  pub binding: bool,
}

impl GateResult {
  /// Failed or undetermined: it caps the level.
  pub fn fails(&self) -> bool {
    matches!(self.status, GateStatus::Failed | GateStatus::Undetermined)
  }
}

impl Score {
  /// The dimension score with this id.
  pub fn dimension(&self, id: &str) -> Option<&DimensionScore> {
    self.dimensions.iter().find(|d| d.id == id)
  }

  /// The question result with this id.
  pub fn question(&self, id: &str) -> Option<&QuestionScore> {
    self.questions.iter().find(|q| q.id == id)
  }
}
