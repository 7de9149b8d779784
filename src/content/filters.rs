//! Template filters for numbers, money, bars and languages.
//!
//! Formats follow the writing conventions: `12.500.000 đ`, `37,5%` in
//! Vietnamese; `12,500,000 VND`, `37.5%` in English. The language comes
//! from the template's `lang` variable.

use crate::number::{format_number, format_vnd, round};
use crate::text::Lang;
use minijinja::{Environment, State, Value};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

/// Registers every filter on `env`.
pub fn register(env: &mut Environment<'static>) {
  env.add_filter("num", num);
  env.add_filter("pct", pct);
  env.add_filter("vnd", vnd);
  env.add_filter("bar", bar);
  env.add_filter("pad", pad);
  env.add_filter("lpad", lpad);
  env.add_filter("t", t);
  env.add_filter("mdcell", mdcell);
  env.add_filter("capfirst", capfirst);
}

fn lang(state: &State) -> Lang {
  match state.lookup("lang").as_ref().and_then(|v| v.as_str()) {
    Some("en") => Lang::En,
    _ => Lang::Vi,
  }
}

/// A template number as a `Decimal`. Numbers cross into templates as
/// integers or floats (exact for the money and scores shown); anything
/// else is an error in the template, never silently 0.
fn decimal(value: &Value) -> Result<Decimal, minijinja::Error> {
  if let Ok(i) = i64::try_from(value.clone()) {
    return Ok(Decimal::from(i));
  }
  f64::try_from(value.clone())
    .ok()
    .and_then(Decimal::from_f64)
    .ok_or_else(|| {
      minijinja::Error::new(
        minijinja::ErrorKind::InvalidOperation,
        format!("expected a number, got {value:?}"),
      )
    })
}

/// The most decimals a filter prints, and the widest it pads or draws:
/// template arguments are content, and content must not be able to make a
/// report allocate gigabytes.
const MAX_DECIMALS: u32 = 10;
const MAX_WIDTH: usize = 200;

fn num(state: &State, value: Value, dp: Option<u32>) -> Result<String, minijinja::Error> {
  Ok(format_number(
    decimal(&value)?,
    dp.unwrap_or(2).min(MAX_DECIMALS),
    lang(state),
  ))
}

fn pct(state: &State, value: Value, dp: Option<u32>) -> Result<String, minijinja::Error> {
  let s = format_number(
    decimal(&value)?,
    dp.unwrap_or(1).min(MAX_DECIMALS),
    lang(state),
  );
  // Drop a trailing ",0" so 50% reads 50%, not 50,0%.
  let s = s
    .strip_suffix(",0")
    .or_else(|| s.strip_suffix(".0"))
    .unwrap_or(&s)
    .to_owned();
  Ok(format!("{s}%"))
}

fn vnd(state: &State, value: Value) -> Result<String, minijinja::Error> {
  Ok(format_vnd(decimal(&value)?, lang(state)))
}

/// A bar of `width` cells for a 0-100 score.
fn bar(value: Value, width: Option<usize>) -> Result<String, minijinja::Error> {
  let width = width.unwrap_or(20).min(MAX_WIDTH);
  let x = decimal(&value)?.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
  let filled = round(x * Decimal::from(width) / Decimal::ONE_HUNDRED, 0)
    .to_usize()
    .unwrap_or(0);
  Ok(format!(
    "{}{}",
    "█".repeat(filled),
    "░".repeat(width - filled.min(width))
  ))
}

/// Left-aligns in `width` characters (NFC Vietnamese is one cell a letter).
fn pad(value: Value, width: usize) -> String {
  let width = width.min(MAX_WIDTH);
  let s = value.to_string();
  let n = s.chars().count();
  if n >= width {
    s
  } else {
    format!("{s}{}", " ".repeat(width - n))
  }
}

/// Right-aligns in `width` characters.
fn lpad(value: Value, width: usize) -> String {
  let width = width.min(MAX_WIDTH);
  let s = value.to_string();
  let n = s.chars().count();
  if n >= width {
    s
  } else {
    format!("{}{s}", " ".repeat(width - n))
  }
}

/// Picks the reader's language from a `{vi, en}` text, or from a record
/// with `<field>_vi` / `<field>_en` when given the field name.
fn t(state: &State, value: Value, field: Option<&str>) -> Result<Value, minijinja::Error> {
  let code = lang(state).code();
  match field {
    Some(field) => value.get_attr(&format!("{field}_{code}")),
    None => value.get_attr(code),
  }
}

/// The text with its first letter in upper case, the rest as written
/// ("không biết" → "Không biết"; unlike `capitalize`, "Hợp tác xã ABC"
/// keeps "ABC").
fn capfirst(value: Value) -> String {
  let s = value.to_string();
  let mut chars = s.chars();
  match chars.next() {
    Some(first) => first.to_uppercase().chain(chars).collect(),
    None => s,
  }
}

/// Text safe inside a Markdown table cell and free of Markdown markup:
/// pipes, emphasis and HTML-like text print as typed.
fn mdcell(value: Value) -> String {
  let s = value.to_string();
  let mut out = String::with_capacity(s.len());
  for c in s.chars() {
    match c {
      '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' => {
        out.push('\\');
        out.push(c);
      }
      '\n' | '\r' => out.push(' '),
      _ => out.push(c),
    }
  }
  out
}

#[cfg(test)]
mod tests {
  use super::*;
  use rust_decimal_macros::dec;

  #[test]
  fn money_follows_vietnamese_convention() {
    assert_eq!(format_vnd(dec!(12500000), Lang::Vi), "12.500.000 đ");
    assert_eq!(format_vnd(dec!(12500000), Lang::En), "12,500,000 VND");
    assert_eq!(format_vnd(dec!(950), Lang::Vi), "950 đ");
  }

  #[test]
  fn decimals_use_a_comma_in_vietnamese() {
    assert_eq!(format_number(dec!(37.5), 1, Lang::Vi), "37,5");
    assert_eq!(format_number(dec!(1234.567), 2, Lang::En), "1,234.57");
  }

  #[test]
  fn negative_numbers_have_a_minus_sign() {
    assert_eq!(format_number(dec!(-6.666), 2, Lang::Vi), "\u{2212}6,67");
    assert_eq!(format_number(dec!(-1234), 0, Lang::En), "\u{2212}1,234");
  }

  #[test]
  fn filters_bound_their_arguments() {
    assert_eq!(pad(Value::from("a"), usize::MAX).chars().count(), MAX_WIDTH);
    assert_eq!(
      lpad(Value::from("a"), usize::MAX).chars().count(),
      MAX_WIDTH
    );
    assert_eq!(
      bar(Value::from(50), Some(usize::MAX))
        .expect("a number")
        .chars()
        .count(),
      MAX_WIDTH
    );
    let env = Environment::new();
    let state = env.empty_state();
    assert!(
      num(&state, Value::from(1), Some(u32::MAX))
        .expect("a number")
        .len()
        < 20
    );
    // Not a number: an error in the template, never a silent 0.
    assert!(num(&state, Value::from("abc"), None).is_err());
  }

  #[test]
  fn capfirst_raises_only_the_first_letter() {
    assert_eq!(capfirst(Value::from("không biết")), "Không biết");
    assert_eq!(capfirst(Value::from("đã có HTX")), "Đã có HTX");
    assert_eq!(capfirst(Value::from("")), "");
  }
}
