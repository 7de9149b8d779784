//! Weighted means at each level: questions → groups → dimensions.
//!
//! A dimension without groups is one unnamed group of weight 1, so both
//! kinds share one rule: a group's score is Σ weight × share ÷ Σ weight
//! over its counted questions (and grid rows); a dimension's, Σ group
//! weight × group score ÷ Σ group weight over the groups with something
//! counted. A group with nothing counted leaves its dimension's mean.

use super::{GroupScore, QuestionScore, round};
use crate::content::Dimension;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Σ weight × share and Σ weight of one group's counted questions.
#[derive(Default)]
struct Tally {
  weighted: Decimal,
  weights: Decimal,
}

/// Tallies by dimension and group (`""` for a dimension without groups).
#[derive(Default)]
pub(super) struct Tallies<'a>(BTreeMap<(&'a str, &'a str), Tally>);

impl<'a> Tallies<'a> {
  /// Counts one question's share (0..1) with its weight.
  pub fn add(
    &mut self,
    dimension: &'a str,
    group: Option<&'a str>,
    weight: Decimal,
    share: Decimal,
  ) {
    let t = self.0.entry((dimension, group.unwrap_or(""))).or_default();
    t.weighted += weight * share;
    t.weights += weight;
  }

  /// A group's score 0-100, unrounded; `None` when nothing of it counted.
  pub fn group(&self, dimension: &str, group: &str) -> Option<Decimal> {
    self
      .0
      .get(&(dimension, group))
      .filter(|t| !t.weights.is_zero())
      .map(|t| t.weighted / t.weights * Decimal::ONE_HUNDRED)
  }

  /// The weight of a question's group in its dimension's mean, as a share
  /// of the counted groups' weights; 1 in a dimension without groups.
  pub fn group_share(&self, d: &Dimension, group: Option<&str>) -> Decimal {
    let (Some(group), false) = (group, d.groups.is_empty()) else {
      return Decimal::ONE;
    };
    let counted = self.counted_weights(d);
    match d.groups.iter().find(|g| g.id == group) {
      Some(g) if !counted.is_zero() => g.weight / counted,
      _ => Decimal::ZERO,
    }
  }

  /// Σ weight of a group's counted questions, when above zero.
  pub fn weights(&self, dimension: &str, group: Option<&str>) -> Option<Decimal> {
    let t = self.0.get(&(dimension, group.unwrap_or("")))?;
    (!t.weights.is_zero()).then_some(t.weights)
  }

  /// A dimension's score 0-100, unrounded; `None` when nothing counted.
  pub fn dimension(&self, d: &Dimension) -> Option<Decimal> {
    if d.groups.is_empty() {
      return self.group(&d.id, "");
    }
    let weights = self.counted_weights(d);
    if weights.is_zero() {
      return None;
    }
    let sum: Decimal = d
      .groups
      .iter()
      .filter_map(|g| Some(g.weight * self.group(&d.id, &g.id)?))
      .sum();
    Some(sum / weights)
  }

  fn counted_weights(&self, d: &Dimension) -> Decimal {
    d.groups
      .iter()
      .filter(|g| self.group(&d.id, &g.id).is_some())
      .map(|g| g.weight)
      .sum()
  }
}

/// The scores of `d`'s groups, for the output; empty without groups.
pub(super) fn scores(
  d: &Dimension,
  tallies: &Tallies,
  results: &[QuestionScore],
) -> Vec<GroupScore> {
  d.groups
    .iter()
    .map(|g| GroupScore {
      id: g.id.clone(),
      name_vi: g.name.vi.clone(),
      name_en: g.name.en.clone(),
      score: tallies.group(&d.id, &g.id).map(|s| round(s, 2)),
      weight: g.weight,
      questions: results
        .iter()
        .filter(|r| r.scored && r.dimension == d.id && r.group.as_deref() == Some(&g.id))
        .map(|r| r.id.clone())
        .collect(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;
  use rust_decimal_macros::dec;

  fn dimension() -> Dimension {
    yaml_serde::from_str(
      "{id: d, name: {vi: d, en: d}, groups: [
        {id: a, name: {vi: a, en: a}, weight: 2},
        {id: b, name: {vi: b, en: b}},
        {id: c, name: {vi: c, en: c}}]}",
    )
    .expect("test dimension parses")
  }

  /// a = (1×1 + 1×0.5) ÷ 2 = 75; b = 0; c has nothing counted and leaves:
  /// d = (2×75 + 1×0) ÷ (2 + 1) = 50.
  #[test]
  fn a_dimension_is_the_weighted_mean_of_its_counted_groups() {
    let d = dimension();
    let mut t = Tallies::default();
    t.add("d", Some("a"), dec!(1), dec!(1));
    t.add("d", Some("a"), dec!(1), dec!(0.5));
    t.add("d", Some("b"), dec!(1), dec!(0));
    assert_eq!(t.group("d", "a"), Some(dec!(75)));
    assert_eq!(t.group("d", "c"), None);
    assert_eq!(t.dimension(&d), Some(dec!(50)));
    assert_eq!(round(t.group_share(&d, Some("a")), 4), dec!(0.6667));
  }

  #[test]
  fn a_dimension_with_nothing_counted_has_no_score() {
    assert_eq!(Tallies::default().dimension(&dimension()), None);
  }
}
