//! A direct reader for the plain block-style YAML assessment files are
//! written in, with the full parser behind it for everything else.
//!
//! A survey batch spent a fifth of its time in the general YAML parser
//! (libyaml's event machinery, then a value per event) on files that use
//! a sliver of YAML: `key: value` lines, nested mappings by indentation,
//! `- item` lists, `[a, b]` lists, quoted strings and comments. [`read`]
//! reads exactly that sliver and returns `None` the moment it meets
//! anything else (multi-line or block scalars, escapes, anchors, tags,
//! flow mappings, tabs, duplicate keys, a plain scalar that is not plainly
//! text or a small number), and the caller then hands the file to
//! `yaml_serde`. So every error, and every unusual file, is still the full
//! parser's; what this reader accepts it must read to the very value
//! `yaml_serde` would (plain scalars resolved by the same YAML 1.2 rules).
//! The tests and the fuzzer compare the two on every input.
//!
//! ```text
//! profile:              ← mapping, by indentation
//!   id_number: "0700"   ← quoted: a string
//!   members: 28         ← plain: resolved (a number)
//! answers:
//!   MK01: [shopee]      ← one-line list
//!   MK02:
//!   - zalo              ← block list, at the key's indentation or deeper
//! ```

use yaml_serde::{Mapping, Number, Value as Yaml};

/// The document `text` as `yaml_serde` would read it, or `None` when it
/// goes beyond the subset (read it with the full parser then).
pub fn read(text: &str) -> Option<Yaml> {
  if !text.chars().all(readable) {
    return None;
  }
  let lines: Vec<Line<'_>> = text.split('\n').filter_map(Line::new).collect();
  // A directive, a document marker or a lone scalar: the full parser's.
  let first = lines.first()?;
  if first.indent != 0 || first.text.starts_with(['%', '-', '.']) {
    return None;
  }
  let mut reader = Reader { lines, next: 0 };
  let root = reader.mapping(0)?;
  (reader.next == reader.lines.len()).then_some(root)
}

/// Whether libyaml reads `c` as an ordinary character: not a tab or a
/// carriage return (kept simple here), not a control character (an
/// error), not one of the line breaks YAML 1.1 adds (NEL, U+2028, U+2029)
/// and not a byte-order mark.
fn readable(c: char) -> bool {
  matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A line with content: not blank, not only a comment.
struct Line<'a> {
  indent: usize,
  /// The text after the indentation.
  text: &'a str,
}

impl<'a> Line<'a> {
  fn new(raw: &'a str) -> Option<Self> {
    let text = raw.trim_start_matches(' ');
    let content = text.trim_end_matches(' ');
    if content.is_empty() || content.starts_with('#') {
      return None;
    }
    Some(Line {
      indent: raw.len() - text.len(),
      text: content,
    })
  }
}

struct Reader<'a> {
  lines: Vec<Line<'a>>,
  next: usize,
}

impl<'a> Reader<'a> {
  fn peek(&self) -> Option<&Line<'a>> {
    self.lines.get(self.next)
  }

  /// The mapping whose keys sit at `indent`.
  fn mapping(&mut self, indent: usize) -> Option<Yaml> {
    let mut map = Mapping::new();
    while let Some(line) = self.peek() {
      if line.indent < indent {
        break;
      }
      if line.indent > indent {
        return None;
      }
      let (key, rest) = key_and_rest(line.text)?;
      self.next += 1;
      let value = self.value_after_key(indent, rest)?;
      let key = Yaml::String(key.to_owned());
      // A repeated key is an error, worded by the full parser.
      if map.contains_key(&key) {
        return None;
      }
      map.insert(key, value);
    }
    Some(Yaml::Mapping(map))
  }

  /// What follows `key:` on a key's line (`rest`) and below it.
  fn value_after_key(&mut self, indent: usize, rest: &str) -> Option<Yaml> {
    if !rest.is_empty() && !rest.starts_with('#') {
      let value = inline_value(rest)?;
      // A deeper line after a value on the key's line continues a
      // multi-line scalar: the full parser's.
      return match self.peek() {
        Some(next) if next.indent > indent => None,
        _ => Some(value),
      };
    }
    match self.peek() {
      Some(next) if next.indent > indent => {
        let deeper = next.indent;
        if is_item(next.text) {
          self.sequence(deeper)
        } else {
          self.mapping(deeper)
        }
      }
      // `key:` then `- item` at the key's own indentation.
      Some(next) if next.indent == indent && is_item(next.text) => self.sequence(indent),
      _ => Some(Yaml::Null),
    }
  }

  /// The `- item` list whose dashes sit at `indent`; items are scalars.
  fn sequence(&mut self, indent: usize) -> Option<Yaml> {
    let mut items = Vec::new();
    while let Some(line) = self.peek() {
      if line.indent < indent || (line.indent == indent && !is_item(line.text)) {
        break;
      }
      if line.indent > indent {
        return None;
      }
      let item = line.text[1..].trim_start_matches(' ');
      self.next += 1;
      // `- key: value` (a mapping) or `- - x` (a nested list).
      if item.is_empty() || is_item(item) || key_and_rest(item).is_some() {
        return None;
      }
      items.push(inline_value(item)?);
    }
    Some(Yaml::Sequence(items))
  }
}

fn is_item(text: &str) -> bool {
  text == "-" || text.starts_with("- ")
}

/// `key: rest` for a plain key that resolves to a string.
fn key_and_rest(text: &str) -> Option<(&str, &str)> {
  let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
  let (key, after) = text.split_at(end);
  // libyaml gives up on a simple key past 1,024 characters.
  if key.len() > 128 {
    return None;
  }
  let rest = after.strip_prefix(':')?;
  if !(rest.is_empty() || rest.starts_with(' ')) {
    return None;
  }
  let starts_as_word = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
  if !starts_as_word || !matches!(plain(key)?, Yaml::String(_)) {
    return None;
  }
  Some((key, rest.trim_start_matches(' ')))
}

/// A value written on one line: quoted, a `[…]` list or a plain scalar,
/// with an optional comment after it.
fn inline_value(text: &str) -> Option<Yaml> {
  match text.as_bytes()[0] {
    b'"' | b'\'' => quoted(text),
    b'[' => flow_list(text),
    _ => plain(strip_comment(text)),
  }
}

/// `"…"` without escapes or `'…'` without doubled quotes, then nothing
/// but a comment.
fn quoted(text: &str) -> Option<Yaml> {
  let quote = text.as_bytes()[0] as char;
  let body = &text[1..];
  let end = body.find(quote)?;
  let (inside, after) = (&body[..end], &body[end + 1..]);
  if inside.contains('\\') || !strip_comment(after).is_empty() {
    return None;
  }
  Some(Yaml::String(inside.to_owned()))
}

/// `[a, b]` of plain words or quoted strings.
fn flow_list(text: &str) -> Option<Yaml> {
  let close = text.find(']')?;
  if !strip_comment(&text[close + 1..]).is_empty() {
    return None;
  }
  let inside = text[1..close].trim_matches(' ');
  if inside.is_empty() {
    return Some(Yaml::Sequence(Vec::new()));
  }
  let items = inside.split(',').map(|item| {
    let item = item.trim_matches(' ');
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    match item.as_bytes().first()? {
      b'"' | b'\'' if !item[1..].contains(',') => quoted(item),
      _ if item.chars().all(word) => plain(item),
      _ => None,
    }
  });
  items.collect::<Option<Vec<_>>>().map(Yaml::Sequence)
}

/// The text before a ` #` comment, trimmed.
fn strip_comment(text: &str) -> &str {
  let text = match text.find(" #") {
    Some(at) => &text[..at],
    None if text.starts_with('#') => "",
    None => text,
  };
  text.trim_end_matches(' ')
}

/// A plain scalar resolved as `yaml_serde` resolves it (YAML 1.2 core
/// schema): null, a boolean, a decimal number or text. `None` for what
/// might be anything else (hexadecimal, `.inf`, huge numbers, exponents),
/// and for text that plain style cannot hold on one line.
fn plain(text: &str) -> Option<Yaml> {
  match text {
    "" | "~" | "null" | "Null" | "NULL" => return Some(Yaml::Null),
    "true" | "True" | "TRUE" => return Some(Yaml::Bool(true)),
    "false" | "False" | "FALSE" => return Some(Yaml::Bool(false)),
    _ => {}
  }
  let first = text.chars().next()?;
  if first.is_ascii_digit() || first == '-' {
    return number_or_date(text);
  }
  // Indicators that start something other than plain text.
  if "?:,[]{}#&*!|>'\"%@`+.".contains(first) || text.contains(": ") || text.ends_with(':') {
    return None;
  }
  Some(Yaml::String(text.to_owned()))
}

/// `28`, `-3`, `37.5`, `0700` (text: a leading zero) or `2026-11-05`
/// (text: a date, which the YAML 1.2 core schema does not resolve).
fn number_or_date(text: &str) -> Option<Yaml> {
  let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
  let unsigned = text.strip_prefix('-').unwrap_or(text);
  if digits(unsigned) {
    if unsigned.len() > 1 && unsigned.starts_with('0') {
      return Some(Yaml::String(text.to_owned()));
    }
    return if unsigned.len() == text.len() {
      text.parse::<u64>().ok().map(|n| Yaml::Number(n.into()))
    } else {
      text.parse::<i64>().ok().map(|n| Yaml::Number(n.into()))
    };
  }
  if let Some((whole, fraction)) = unsigned.split_once('.')
    && digits(whole)
    && digits(fraction)
  {
    let n: f64 = text.parse().ok()?;
    return n.is_finite().then(|| Yaml::Number(Number::from(n)));
  }
  let date = text.len() == 10
    && text.bytes().enumerate().all(|(i, b)| match i {
      4 | 7 => b == b'-',
      _ => b.is_ascii_digit(),
    });
  date.then(|| Yaml::String(text.to_owned()))
}

#[cfg(test)]
mod tests;
