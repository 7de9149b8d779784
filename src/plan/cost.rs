//! Cost ranges and the basis a budget is fitted on.

use crate::content::Cost;
use rust_decimal::Decimal;
use serde::Serialize;

/// Which point of a cost range a budget is fitted on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostBasis {
  /// The lower bound: the cheapest quotes.
  Low,
  /// The midpoint of the range (the default).
  #[default]
  Typical,
  /// The upper bound: the safest assumption.
  High,
}

impl CostBasis {
  /// Its name in options and JSON.
  pub fn name(self) -> &'static str {
    match self {
      CostBasis::Low => "low",
      CostBasis::Typical => "typical",
      CostBasis::High => "high",
    }
  }
}

/// An indicative range in đồng; ranges add up bound by bound.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CostRange {
  /// Lower bound.
  pub min: Decimal,
  /// Upper bound.
  pub max: Decimal,
}

impl CostRange {
  /// A range from its bounds.
  pub fn new([min, max]: [Decimal; 2]) -> Self {
    Self { min, max }
  }

  /// The point of the range a budget is fitted on.
  pub fn at(self, basis: CostBasis) -> Decimal {
    match basis {
      CostBasis::Low => self.min,
      CostBasis::Typical => (self.min + self.max) / Decimal::TWO,
      CostBasis::High => self.max,
    }
  }

  /// Both bounds times `factor`.
  pub fn times(self, factor: Decimal) -> Self {
    Self {
      min: self.min * factor,
      max: self.max * factor,
    }
  }
}

impl std::ops::Add for CostRange {
  type Output = Self;
  fn add(self, other: Self) -> Self {
    Self {
      min: self.min + other.min,
      max: self.max + other.max,
    }
  }
}

impl std::ops::AddAssign for CostRange {
  fn add_assign(&mut self, other: Self) {
    *self = *self + other;
  }
}

impl std::iter::Sum for CostRange {
  fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
    iter.fold(Self::default(), |a, b| a + b)
  }
}

/// What an action costs in each plan year when it starts at `start`
/// (0-based month) in a plan of `months`: its one-off cost in the year it
/// starts, its recurring cost for the months it runs in each year (a
/// subscription started in month 7 costs half a year in year 1).
pub fn by_year(cost: &Cost, start: u32, months: u32) -> Vec<CostRange> {
  years(cost, start, months).collect()
}

/// `months ÷ 12` for the months of one year (0 to 12), divided once: the
/// scheduler's budget trials would otherwise divide for every year of
/// every month it tries.
fn twelfths(months: u32) -> Decimal {
  static TWELFTHS: std::sync::LazyLock<[Decimal; 13]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|m| Decimal::from(m) / Decimal::from(12)));
  TWELFTHS
    .get(months as usize)
    .copied()
    .unwrap_or_else(|| Decimal::from(months) / Decimal::from(12))
}

/// [`by_year`] one year at a time, for the scheduler's many trials.
pub fn years(cost: &Cost, start: u32, months: u32) -> impl Iterator<Item = CostRange> + '_ {
  let one_off = CostRange::new(cost.one_off);
  let recurring = CostRange::new(cost.recurring);
  (0..months.div_ceil(12)).map(move |y| {
    let (from, to) = (y * 12, ((y + 1) * 12).min(months));
    let active = to.saturating_sub(from.max(start));
    let mut year = recurring.times(twelfths(active));
    if start / 12 == y {
      year += one_off;
    }
    year
  })
}

#[cfg(test)]
mod tests {
  use super::*;
  use rust_decimal_macros::dec;

  #[test]
  fn the_typical_basis_is_the_midpoint() {
    let r = CostRange::new([dec!(10_000_000), dec!(15_000_000)]);
    assert_eq!(r.at(CostBasis::Typical), dec!(12_500_000));
    assert_eq!(r.at(CostBasis::Low), dec!(10_000_000));
    assert_eq!(r.at(CostBasis::High), dec!(15_000_000));
  }

  /// A subscription that starts in month 7 costs half a year in year 1
  /// and a full year after; the one-off cost falls in the starting year.
  #[test]
  fn recurring_costs_count_the_months_they_run() {
    let cost = Cost {
      one_off: [dec!(1_000_000), dec!(1_000_000)],
      recurring: [dec!(1_200_000), dec!(2_400_000)],
    };
    let years = by_year(&cost, 6, 36);
    assert_eq!(years[0], CostRange::new([dec!(1_600_000), dec!(2_200_000)]));
    assert_eq!(years[1], CostRange::new([dec!(1_200_000), dec!(2_400_000)]));
    assert_eq!(years.len(), 3);
  }
}
