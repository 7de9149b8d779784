//! A question of the questionnaire and how its answer becomes points.

use crate::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What kind of answer a question takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
  /// One option from a list (also yes/partly/no and the 0-5 adoption scale,
  /// written once as a [`crate::content::Scale`]).
  Choice,
  /// Several options; an `exclusive` option ("none of these") stands alone.
  Multi,
  /// A number, scored by bands.
  Number,
  /// A percentage 0-100, scored by bands.
  Percent,
  /// Free text, never scored.
  Text,
  /// Rows answered on one shared scale (`rows:`); expanded at load into
  /// one choice question per row (see [`crate::content::GridRow`]).
  Grid,
}

impl QuestionKind {
  /// The name used in YAML.
  pub fn name(self) -> &'static str {
    match self {
      QuestionKind::Choice => "choice",
      QuestionKind::Multi => "multi",
      QuestionKind::Number => "number",
      QuestionKind::Percent => "percent",
      QuestionKind::Text => "text",
      QuestionKind::Grid => "grid",
    }
  }
}

/// How a multiple-choice answer is scored.
#[derive(
  Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MultiScoring {
  /// The sum of the ticked options' points, capped at `cap`.
  #[default]
  Sum,
  /// One point per ticked option (the exclusive option counts 0), capped at
  /// `cap`; how the 2025 criteria count digital tools in use.
  Count,
}

/// One option of a choice or multiple-choice question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
  /// Stable id written in assessment files.
  pub id: String,
  /// What the reader sees.
  pub label: Text,
  /// Points for choosing it; required for scored questions.
  #[serde(default)]
  pub points: Option<Decimal>,
  /// "None of these": cannot be ticked with any other option.
  #[serde(default)]
  pub exclusive: bool,
}

/// A scoring band of a number or percentage question: `min <= x < max`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
  /// Lower bound, inclusive.
  pub min: Decimal,
  /// Upper bound, exclusive; the last band may leave it open.
  #[serde(default)]
  pub max: Option<Decimal>,
  /// Points for a value in this band.
  pub points: Decimal,
}

/// Allowed range of a number answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Range {
  /// Smallest allowed value.
  #[serde(default)]
  pub min: Option<Decimal>,
  /// Largest allowed value.
  #[serde(default)]
  pub max: Option<Decimal>,
}

/// A question, as written in `questionnaires/*.yaml`.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
  /// Stable id, e.g. `VH03`; assessment files refer to it.
  pub id: String,
  /// The [`crate::content::Dimension`] it scores.
  pub dimension: String,
  /// Its group within the dimension, when the dimension has groups.
  #[serde(default)]
  pub group: Option<String>,
  /// The kind of answer.
  #[serde(rename = "type")]
  pub kind: QuestionKind,
  /// Relative weight inside its dimension.
  #[serde(default = "crate::content::one")]
  pub weight: Decimal,
  /// The question as asked.
  pub text: Text,
  /// For the advisor: how to ask, what evidence to look at.
  #[serde(default)]
  pub hint: Text,
  /// A shared scale whose options this question uses.
  #[serde(default)]
  pub scale: Option<String>,
  /// The options (choice, multi); filled from `scale` at load.
  #[serde(default)]
  pub options: Vec<AnswerOption>,
  /// How a multi answer is scored.
  #[serde(default)]
  pub scoring: MultiScoring,
  /// Cap on a multi answer's raw points.
  #[serde(default)]
  pub cap: Option<Decimal>,
  /// Scoring bands of a number or percent answer.
  #[serde(default)]
  pub bands: Vec<Band>,
  /// Allowed values of a number answer.
  #[serde(default)]
  pub range: Option<Range>,
  /// Unit shown after a number ("ha", "người").
  #[serde(default)]
  pub unit: Option<Text>,
  /// A grid's rows (`type: grid`).
  #[serde(default)]
  pub rows: Vec<crate::content::Row>,
  /// For a grid's row question: its grid and row (set at load).
  #[serde(skip)]
  pub grid: Option<crate::content::GridRow>,
  /// An answer is required when the question applies.
  #[serde(default = "yes")]
  pub required: bool,
  /// "Not applicable" allowed: it leaves the dimension's denominator.
  #[serde(default)]
  pub allow_na: bool,
  /// "Don't know" allowed: it scores 0 and is flagged.
  #[serde(default)]
  pub allow_dont_know: bool,
  /// Asked only where this expression holds.
  #[serde(default)]
  pub when: Option<String>,
  /// False when no advisory action can raise a low answer (e.g. a fact
  /// about the cooperative's location).
  /// Such a question is asked and shown but not scored: a cooperative is
  /// not marked down for what it cannot act on.
  #[serde(default = "yes")]
  pub actionable: bool,
  /// Why no action answers a low answer (required when `actionable:
  /// false`; shown in the plan's gap-to-action map).
  #[serde(default)]
  pub no_action: Option<Text>,
}

fn yes() -> bool {
  true
}

/// An answer's value, checked against its question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerValue {
  /// The chosen option's id.
  Choice(String),
  /// The ticked options' ids, in questionnaire order.
  Multi(Vec<String>),
  /// A number or percentage.
  Number(Decimal),
  /// Free text.
  Text(String),
}

impl Question {
  /// The id it has in the questionnaire file: its grid's for a row.
  pub fn written_id(&self) -> &str {
    self.grid.as_ref().map_or(&self.id, |g| &g.grid)
  }

  /// The option with this id.
  pub fn option(&self, id: &str) -> Option<&AnswerOption> {
    self.options.iter().find(|o| o.id == id)
  }

  /// The most points an answer can earn; zero for unscored questions.
  pub fn max_points(&self) -> Decimal {
    let points = |o: &AnswerOption| o.points.unwrap_or_default().max(Decimal::ZERO);
    let raw = match self.kind {
      QuestionKind::Choice | QuestionKind::Grid => {
        self.options.iter().map(points).max().unwrap_or_default()
      }
      QuestionKind::Multi => match self.scoring {
        MultiScoring::Sum => self
          .options
          .iter()
          .filter(|o| !o.exclusive)
          .map(points)
          .sum(),
        MultiScoring::Count => Decimal::from(self.options.iter().filter(|o| !o.exclusive).count()),
      },
      QuestionKind::Number | QuestionKind::Percent => self
        .bands
        .iter()
        .map(|b| b.points)
        .max()
        .unwrap_or_default(),
      QuestionKind::Text => Decimal::ZERO,
    };
    match (self.kind, self.cap) {
      (QuestionKind::Multi, Some(cap)) => raw.min(cap),
      _ => raw,
    }
  }

  /// Whether answers to it count towards the score.
  pub fn is_scored(&self) -> bool {
    self.is_scored_up_to(self.max_points())
  }

  /// [`Question::is_scored`] with its [`Question::max_points`] known: the
  /// score works that out once per question, not once per use.
  pub fn is_scored_up_to(&self, max: Decimal) -> bool {
    self.actionable && max > Decimal::ZERO
  }

  /// The points an answer earns, capped at [`Question::max_points`].
  pub fn points(&self, value: &AnswerValue) -> Decimal {
    self.points_up_to(value, self.max_points())
  }

  /// [`Question::points`] with its [`Question::max_points`] known.
  pub fn points_up_to(&self, value: &AnswerValue, max: Decimal) -> Decimal {
    let option_points = |id: &str| self.option(id).and_then(|o| o.points).unwrap_or_default();
    let raw = match value {
      AnswerValue::Choice(id) => option_points(id),
      AnswerValue::Multi(ids) => match self.scoring {
        MultiScoring::Sum => ids.iter().map(|id| option_points(id)).sum(),
        MultiScoring::Count => Decimal::from(
          ids
            .iter()
            .filter(|id| self.option(id).is_some_and(|o| !o.exclusive))
            .count(),
        ),
      },
      AnswerValue::Number(x) => self.band_of(*x).map(|b| b.points).unwrap_or_default(),
      AnswerValue::Text(_) => Decimal::ZERO,
    };
    raw.max(Decimal::ZERO).min(max)
  }

  /// The band a number falls in.
  pub fn band_of(&self, x: Decimal) -> Option<&Band> {
    self
      .bands
      .iter()
      .find(|b| x >= b.min && b.max.is_none_or(|max| x < max))
  }

  /// The allowed range of a number answer (percentages are 0-100).
  pub fn allowed_range(&self) -> (Option<Decimal>, Option<Decimal>) {
    let (mut min, mut max) = match &self.range {
      Some(r) => (r.min, r.max),
      None => (None, None),
    };
    if self.kind == QuestionKind::Percent {
      min = Some(min.unwrap_or(Decimal::ZERO).max(Decimal::ZERO));
      max = Some(
        max
          .unwrap_or(Decimal::ONE_HUNDRED)
          .min(Decimal::ONE_HUNDRED),
      );
    }
    (min, max)
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use rust_decimal_macros::dec;

  fn question(yaml: &str) -> Question {
    yaml_serde::from_str(yaml).expect("test question parses")
  }

  #[test]
  fn choice_scores_the_chosen_option() {
    let q = question(
      "{id: Q, dimension: d, type: choice, text: {vi: a, en: a}, options: [
        {id: no, label: {vi: Không, en: No}, points: 0},
        {id: partly, label: {vi: Một phần, en: Partly}, points: 0.5},
        {id: yes, label: {vi: Có, en: Yes}, points: 1}]}",
    );
    assert_eq!(q.max_points(), dec!(1));
    assert_eq!(q.points(&AnswerValue::Choice("partly".into())), dec!(0.5));
  }

  #[test]
  fn multi_sum_is_capped_and_none_scores_nothing() {
    let q = question(
      "{id: Q, dimension: d, type: multi, cap: 3, text: {vi: a, en: a}, options: [
        {id: a, label: {vi: a, en: a}, points: 2},
        {id: b, label: {vi: b, en: b}, points: 2},
        {id: none, label: {vi: Không, en: None}, points: 0, exclusive: true}]}",
    );
    assert_eq!(q.max_points(), dec!(3));
    assert_eq!(
      q.points(&AnswerValue::Multi(vec!["a".into(), "b".into()])),
      dec!(3)
    );
    assert_eq!(q.points(&AnswerValue::Multi(vec!["none".into()])), dec!(0));
  }

  #[test]
  fn multi_count_counts_ticked_tools() {
    let q = question(
      "{id: Q, dimension: d, type: multi, scoring: count, cap: 2, text: {vi: a, en: a}, options: [
        {id: a, label: {vi: a, en: a}}, {id: b, label: {vi: b, en: b}},
        {id: c, label: {vi: c, en: c}}, {id: none, label: {vi: n, en: n}, exclusive: true}]}",
    );
    assert_eq!(q.max_points(), dec!(2));
    assert_eq!(q.points(&AnswerValue::Multi(vec!["a".into()])), dec!(1));
    assert_eq!(
      q.points(&AnswerValue::Multi(vec![
        "a".into(),
        "b".into(),
        "c".into()
      ])),
      dec!(2)
    );
  }

  #[test]
  fn number_and_percent_score_by_band() {
    let q = question(
      "{id: Q, dimension: d, type: percent, text: {vi: a, en: a}, bands: [
        {min: 0, max: 20, points: 0}, {min: 20, max: 60, points: 1}, {min: 60, points: 2}]}",
    );
    assert_eq!(q.points(&AnswerValue::Number(dec!(19.9))), dec!(0));
    assert_eq!(q.points(&AnswerValue::Number(dec!(20))), dec!(1));
    assert_eq!(q.points(&AnswerValue::Number(dec!(100))), dec!(2));
    assert_eq!(q.allowed_range(), (Some(dec!(0)), Some(dec!(100))));
  }

  #[test]
  fn free_text_is_never_scored() {
    let q = question("{id: Q, dimension: d, type: text, text: {vi: a, en: a}}");
    assert!(!q.is_scored());
    assert_eq!(q.points(&AnswerValue::Text("rất tốt".into())), dec!(0));
  }
}
