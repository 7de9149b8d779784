//! What number a maturity level's band is read against.

use crate::number::round;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How the readiness index is compared with the levels' bands
/// (`band_on:` in `rules/levels.yaml`).
#[derive(
  Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BandOn {
  /// The index as published (two decimals); bands are `min <= index <
  /// max`, the top band including its max. Bands must touch.
  #[default]
  Exact,
  /// The index rounded to a whole number by the project's one rule
  /// (`number::round`, half away from zero: 25.5 → 26, 25.49 → 25);
  /// bands are whole numbers read `min <= n <= max` (both inclusive), as
  /// published frameworks print them (0-25, 26-50...). Each band's min must
  /// be the previous band's max + 1, so every whole number has one band.
  RoundedInteger,
}

impl BandOn {
  /// The number compared with the bands.
  pub fn value(self, index: Decimal) -> Decimal {
    match self {
      BandOn::Exact => index,
      BandOn::RoundedInteger => round(index, 0),
    }
  }

  /// Whether `x` (already [`BandOn::value`]) falls in `min..max`;
  /// `top` says whether this is the highest band.
  pub fn contains(self, min: Decimal, max: Decimal, top: bool, x: Decimal) -> bool {
    match self {
      BandOn::Exact => x >= min && (x < max || (top && x <= max)),
      BandOn::RoundedInteger => x >= min && x <= max,
    }
  }
}

/// How two neighbouring bands fail to meet, for `validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seam {
  /// A number between them falls in no band.
  Gap,
  /// A number falls in both.
  Overlap,
}

impl BandOn {
  /// How the band ending at `max` and the next one starting at `min` fail
  /// to meet, if they do: exact bands must touch (`min == max`); whole
  /// number bands must follow on (`min == max + 1`), since a rounded index
  /// is a whole number and falls in the gap between 25 and 26 never.
  pub fn seam(self, max: Decimal, min: Decimal) -> Option<Seam> {
    let expected = match self {
      BandOn::Exact => max,
      BandOn::RoundedInteger => max + Decimal::ONE,
    };
    match min.cmp(&expected) {
      std::cmp::Ordering::Equal => None,
      std::cmp::Ordering::Greater => Some(Seam::Gap),
      std::cmp::Ordering::Less => Some(Seam::Overlap),
    }
  }

  /// Whether a band holds no number it could be read against.
  pub fn is_empty(self, min: Decimal, max: Decimal) -> bool {
    match self {
      BandOn::Exact => min >= max,
      BandOn::RoundedInteger => min > max,
    }
  }

  /// What `validate` says about a bound that is not a whole number, when
  /// bands are read against the rounded index.
  pub fn fraction(self, min: Decimal, max: Decimal) -> bool {
    self == BandOn::RoundedInteger && !(min.fract().is_zero() && max.fract().is_zero())
  }

  /// How a level's min must follow the previous level's max.
  pub fn rule(self) -> &'static str {
    match self {
      BandOn::Exact => "each level's min must equal the previous level's max",
      BandOn::RoundedInteger => {
        "with `band_on: rounded_integer` each level's min must be the previous level's max + 1 (0-25, 26-50...)"
      }
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use rust_decimal_macros::dec;

  #[test]
  fn a_rounded_index_falls_in_the_band_the_framework_prints() {
    let on = BandOn::RoundedInteger;
    assert_eq!(on.value(dec!(25.75)), dec!(26));
    assert_eq!(on.value(dec!(25.5)), dec!(26));
    assert_eq!(on.value(dec!(25.49)), dec!(25));
    assert!(on.contains(dec!(26), dec!(50), false, dec!(26)));
    assert!(on.contains(dec!(0), dec!(25), false, dec!(25)));
    assert!(!BandOn::Exact.contains(dec!(0), dec!(25), false, dec!(25)));
  }

  #[test]
  fn whole_number_bands_must_follow_on() {
    let on = BandOn::RoundedInteger;
    assert_eq!(on.seam(dec!(25), dec!(26)), None);
    assert_eq!(on.seam(dec!(25), dec!(27)), Some(Seam::Gap));
    assert_eq!(on.seam(dec!(25), dec!(25)), Some(Seam::Overlap));
    assert_eq!(BandOn::Exact.seam(dec!(25), dec!(26)), Some(Seam::Gap));
    assert!(on.fraction(dec!(0), dec!(25.5)));
  }
}
