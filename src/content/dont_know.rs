//! How a "don't know" answer counts.

use serde::{Deserialize, Serialize};

/// What a "don't know" answer does to a score (`dont_know:` in
/// `rules/dimensions.yaml`).
#[derive(
  Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DontKnow {
  /// It scores 0 and stays in the denominator: an unverified practice is
  /// not credited (the default, and the shipped framework's rule).
  #[default]
  ScoresZero,
  /// It leaves the denominator like "not applicable", at every level
  /// (group, dimension), as frameworks that average only what is known do.
  Excluded,
}
