//! Maturity levels, their bands, and the gates that cap them.

use crate::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A maturity level (numbered as the framework numbers them, 0-5 or
/// 1-4...) with its band of the readiness index.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaturityLevel {
  /// 0, 1, 2...
  pub number: u8,
  /// The level's name, as the DBI names it.
  pub name: Text,
  /// What a cooperative at this level looks like: it may claim only what
  /// the gates in `relies_on` guarantee.
  pub description: Text,
  /// Gates whose requirement the description takes for granted; each must
  /// cap below this level, so that a cooperative at this level has passed
  /// it (checked by `validate`).
  #[serde(default)]
  pub relies_on: Vec<String>,
  /// Lowest index of the band, inclusive.
  pub min: Decimal,
  /// Highest index of the band: exclusive, except for the top level where
  /// it is inclusive (100); inclusive everywhere with `band_on:
  /// rounded_integer`.
  pub max: Decimal,
}

/// A condition a cooperative must meet to be rated above `max_level`.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gate {
  /// Stable id, reported as `capped_by`.
  pub id: String,
  /// What it checks, as a reader names it ("the e-invoice obligation").
  pub name: Text,
  /// The highest level allowed while `requires` does not hold.
  pub max_level: u8,
  /// A legal duty (e-invoices, the VNeID account), not a professional
  /// judgement: what lifts it comes before everything but a free first
  /// step, and never waits for the application for support.
  #[serde(default)]
  pub duty: bool,
  /// Expression over `profile`, `answers`, `dimensions` and `index`.
  pub requires: String,
  /// Applies only where this holds (e.g. not to cooperative groups).
  #[serde(default)]
  pub when: Option<String>,
  /// What the reader is told when the requirement does not hold.
  pub reason: Text,
  /// What the reader is told when an answer it reads is "don't know": the
  /// gate fails (an unverified duty is not credited) but nothing is
  /// claimed about the answer.
  pub reason_unknown: Text,
  /// Why the gate exists, with its legal ground, for content reviewers.
  pub why: String,
}

/// `rules/levels.yaml`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelRules {
  /// What the bands are read against: the exact index (default) or the
  /// index rounded to a whole number.
  #[serde(default)]
  pub band_on: crate::content::BandOn,
  /// Levels, lowest first.
  pub levels: Vec<MaturityLevel>,
  /// Gates, checked in order.
  #[serde(default)]
  pub gates: Vec<Gate>,
}
