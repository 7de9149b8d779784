//! Numbers and money as Vietnamese and English readers write them, and
//! the one rounding rule. A leaf: everything may use it, it uses nothing of
//! the program but `Lang`.

use crate::text::Lang;
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds a final figure to `dp` decimals, half away from zero (as people
/// round by hand: 72.345 → 72.35). Intermediate results are never rounded.
pub fn round(x: Decimal, dp: u32) -> Decimal {
  x.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Groups the digits of a whole number: `12500000` → `12.500.000`.
pub fn group_thousands(whole: &str, separator: char) -> String {
  let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
  let mut out = String::new();
  for (i, c) in digits.chars().enumerate() {
    if i > 0 && (digits.len() - i) % 3 == 0 {
      out.push(separator);
    }
    out.push(c);
  }
  format!("{sign}{out}")
}

/// A number with `dp` decimals in the reader's convention; a negative
/// number has a real minus sign (U+2212), not a hyphen: `−6,67`.
pub fn format_number(x: Decimal, dp: u32, lang: Lang) -> String {
  let rounded = round(x, dp);
  let s = format!("{:.*}", dp as usize, rounded);
  let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
  let (thousands, point) = match lang {
    Lang::Vi => ('.', ','),
    Lang::En => (',', '.'),
  };
  let whole = group_thousands(whole, thousands).replacen('-', "\u{2212}", 1);
  if frac.is_empty() {
    whole
  } else {
    format!("{whole}{point}{frac}")
  }
}

/// Money in đồng: `12.500.000 đ` (Vietnamese), `12,500,000 VND` (English).
pub fn format_vnd(x: Decimal, lang: Lang) -> String {
  let n = format_number(x, 0, lang);
  match lang {
    Lang::Vi => format!("{n} đ"),
    Lang::En => format!("{n} VND"),
  }
}
