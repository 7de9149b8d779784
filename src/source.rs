//! A loaded YAML file and where things are in it.
//!
//! `yaml_serde` reports the position of *syntax* errors only. Content checks
//! and assessment checks happen after parsing, yet must still point at a line,
//! so [`SourceFile`] finds keys and list items in block-style YAML (the style
//! every shipped file and every file the interview writes uses). A key it
//! cannot find (flow style, anchors) gives no line rather than a wrong one.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A text file with its display path.
#[derive(Clone, Debug)]
pub struct SourceFile {
  /// The path shown to the user, relative to the content folder for content.
  pub path: String,
  /// The file's text.
  pub text: String,
  /// Its non-blank, non-comment lines, indexed on first use: lookups happen
  /// for every question at load, so the text is split once.
  index: OnceLock<Vec<Line>>,
  /// Lines of `id:` keys by their value.
  ids: OnceLock<HashMap<String, Vec<usize>>>,
  /// Top-level keys.
  top: OnceLock<Vec<Line>>,
  /// For each top-level key (its first line, when that is at the top),
  /// the first line of each key below it: a file's check asks for every
  /// answer's line, and scanning for each was a fifth of reading an
  /// assessment.
  below: OnceLock<HashMap<String, HashMap<String, usize>>>,
}

#[derive(Clone, Debug)]
struct Line {
  number: usize,
  indent: usize,
  /// The key of a `key: value` or `- key: value` line, unquoted.
  key: Option<String>,
  /// The value after the colon, unquoted, without a trailing comment.
  value: String,
  /// Whether the line starts a list item.
  dash: bool,
}

impl SourceFile {
  /// A file from its display path and text.
  pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
    Self {
      path: path.into(),
      text: text.into(),
      index: OnceLock::new(),
      ids: OnceLock::new(),
      top: OnceLock::new(),
      below: OnceLock::new(),
    }
  }

  fn lines(&self) -> impl Iterator<Item = &Line> {
    self
      .index
      .get_or_init(|| {
        self
          .text
          .lines()
          .enumerate()
          .filter_map(|(i, raw)| {
            let body = raw.trim_start();
            if body.is_empty() || body.starts_with('#') {
              return None;
            }
            let dash = body.starts_with("- ") || body == "-";
            let item = body.trim_start_matches(['-', ' ']);
            let key = key_of(item).map(str::to_owned);
            let value = unquote(value_of(item)).to_owned();
            Some(Line {
              number: i + 1,
              indent: raw.len() - body.len(),
              key,
              value,
              dash,
            })
          })
          .collect()
      })
      .iter()
  }

  /// The 1-based line of the key at `path` in nested block mappings, e.g.
  /// `["answers", "DS03"]`.
  pub fn line_of_path(&self, path: &[&str]) -> Option<usize> {
    if let [key, below] = path
      && let Some(keys) = self.below().get(*key)
    {
      return keys.get(*below).copied();
    }
    self.scan_path(path)
  }

  /// [`Self::line_of_path`] by scanning the lines.
  fn scan_path(&self, path: &[&str]) -> Option<usize> {
    let mut parent_indent: Option<usize> = None;
    let mut after = 0;
    let mut found = None;
    for key in path {
      let line = self
        .lines_from(after + 1)
        .take_while(|l| parent_indent.is_none_or(|p| l.indent > p))
        .find(|l| l.key.as_deref() == Some(*key))?;
      parent_indent = Some(line.indent);
      after = line.number;
      found = Some(line.number);
    }
    found
  }

  /// The index behind two-key paths: the same first matches as the scan
  /// of [`Self::line_of_path`], made once. Only keys first seen at the top
  /// are indexed (their blocks do not overlap, so this is linear); a path
  /// under any other key is scanned.
  fn below(&self) -> &HashMap<String, HashMap<String, usize>> {
    self.below.get_or_init(|| {
      let lines: Vec<&Line> = self.lines().collect();
      let mut seen = std::collections::HashSet::new();
      let mut below: HashMap<String, HashMap<String, usize>> = HashMap::new();
      for (i, line) in lines.iter().enumerate() {
        let Some(key) = &line.key else { continue };
        if !seen.insert(key.as_str()) || line.indent > 0 {
          continue;
        }
        let mut keys = HashMap::new();
        for inner in lines[i + 1..].iter().take_while(|l| l.indent > line.indent) {
          if let Some(k) = &inner.key {
            keys.entry(k.clone()).or_insert(inner.number);
          }
        }
        below.insert(key.clone(), keys);
      }
      below
    })
  }

  /// The line of the list item whose `id:` is `id`, under the top-level
  /// `section` key (any section when `None`).
  pub fn line_of_item(&self, section: Option<&str>, id: &str) -> Option<usize> {
    let (from, to) = match section {
      Some(section) => {
        // Top-level keys, in order: a section runs to the next one.
        let top: Vec<&Line> = self
          .top
          .get_or_init(|| {
            self
              .lines()
              .filter(|l| l.indent == 0 && !l.dash)
              .cloned()
              .collect()
          })
          .iter()
          .collect();
        let at = top.iter().position(|l| l.key.as_deref() == Some(section))?;
        (
          top[at].number,
          top.get(at + 1).map_or(usize::MAX, |l| l.number),
        )
      }
      None => (0, usize::MAX),
    };
    let ids = self.ids.get_or_init(|| {
      let mut ids: HashMap<String, Vec<usize>> = HashMap::new();
      for l in self.lines().filter(|l| l.key.as_deref() == Some("id")) {
        ids.entry(l.value.clone()).or_default().push(l.number);
      }
      ids
    });
    ids.get(id)?.iter().copied().find(|n| *n > from && *n < to)
  }

  /// The indexed lines from the first at or after `line`.
  fn lines_from(&self, line: usize) -> impl Iterator<Item = &Line> {
    let _ = self.lines().next();
    let index = self.index.get().map_or(&[][..], Vec::as_slice);
    let start = index.partition_point(|l| l.number < line);
    index[start..].iter()
  }

  /// The line of `field:` within the mapping that starts at `item_line`
  /// (usually a list item from [`SourceFile::line_of_item`]); the item line
  /// itself when the field is not found.
  pub fn line_of_field(&self, item_line: usize, field: &str) -> usize {
    let mut lines = self.lines_from(item_line);
    let Some(first) = lines.next() else {
      return item_line;
    };
    if first.key.as_deref() == Some(field) {
      return first.number;
    }
    // Fields of a `- id: x` item are indented past the dash.
    let item_indent = first.indent;
    lines
      .take_while(|l| l.indent > item_indent)
      .find(|l| l.key.as_deref() == Some(field))
      .map_or(item_line, |l| l.number)
  }

  /// The byte range of a 1-based line, for diagnostics.
  pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
    let mut start = 0;
    for (i, l) in self.text.split_inclusive('\n').enumerate() {
      if i + 1 == line {
        let trimmed = l.trim_end_matches(['\n', '\r']);
        return start..start + trimmed.len();
      }
      start += l.len();
    }
    self.text.len()..self.text.len()
  }
}

/// The key of a `key: value` line, without quotes.
fn key_of(body: &str) -> Option<&str> {
  let body = body.strip_prefix("- ").unwrap_or(body);
  let (key, _) = body.split_once(':')?;
  Some(unquote(key))
}

fn value_of(body: &str) -> &str {
  body
    .split_once(':')
    .map_or("", |(_, v)| v.split(" #").next().unwrap_or("").trim())
}

fn unquote(s: &str) -> &str {
  let s = s.trim();
  s.strip_prefix('"')
    .and_then(|s| s.strip_suffix('"'))
    .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
    .unwrap_or(s)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn indexed_two_key_paths_find_the_lines_the_scan_finds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
      "examples/htx-van-tai.yaml",
      "questionnaires/coopdx.yaml",
      "rules/actions.yaml",
    ] {
      let text = std::fs::read_to_string(root.join(file)).expect("shipped file");
      let f = SourceFile::new(file, text);
      let keys: std::collections::BTreeSet<String> =
        f.lines().filter_map(|l| l.key.clone()).collect();
      for a in &keys {
        for b in keys.iter().chain([&"absent".to_owned()]) {
          let path = [a.as_str(), b.as_str()];
          assert_eq!(
            f.line_of_path(&path),
            f.scan_path(&path),
            "{file}: {path:?}"
          );
        }
      }
    }
  }

  const YAML: &str = "\
id: q
# comment
questions:
  - id: A1
    text:
      vi: Câu hỏi
  - id: \"A2\"
    weight: 2
answers:
  A1: yes
  A2:
    answer: no
";

  #[test]
  fn finds_nested_keys() {
    let f = SourceFile::new("x.yaml", YAML);
    assert_eq!(f.line_of_path(&["answers", "A2"]), Some(11));
    assert_eq!(f.line_of_path(&["answers", "A2", "answer"]), Some(12));
    assert_eq!(f.line_of_path(&["answers", "B9"]), None);
  }

  #[test]
  fn finds_items_and_their_fields() {
    let f = SourceFile::new("x.yaml", YAML);
    let a2 = f.line_of_item(Some("questions"), "A2").unwrap();
    assert_eq!(a2, 7);
    assert_eq!(f.line_of_field(a2, "weight"), 8);
    // A field the item lacks falls back to the item's line, not the next item.
    assert_eq!(f.line_of_field(4, "weight"), 4);
  }

  #[test]
  fn line_range_covers_the_line() {
    let f = SourceFile::new("x.yaml", YAML);
    assert_eq!(&f.text[f.line_range(3)], "questions:");
  }
}

/// The line where flow collections (`[`, `{`) nest deeper than `max`, if
/// they do. Quoted text is skipped; block nesting is bounded by indentation
/// and line length, so only flow nesting can run away.
pub fn too_deep(text: &str, max: usize) -> Option<usize> {
  let mut depth = 0usize;
  let mut line = 1;
  let mut quote: Option<u8> = None;
  // Bytes, not characters: every byte looked for is ASCII, and no byte of
  // a multi-byte character is (read for every file of a survey batch).
  for c in text.bytes() {
    match (quote, c) {
      (_, b'\n') => {
        line += 1;
        if quote == Some(b'#') {
          quote = None;
        }
      }
      (Some(q), c) if c == q && q != b'#' => quote = None,
      (Some(_), _) => {}
      (None, b'"' | b'\'') => quote = Some(c),
      (None, b'#') => quote = Some(b'#'),
      (None, b'[' | b'{') => {
        depth += 1;
        if depth > max {
          return Some(line);
        }
      }
      (None, b']' | b'}') => depth = depth.saturating_sub(1),
      _ => {}
    }
  }
  None
}

#[cfg(test)]
mod depth_tests {
  use super::too_deep;

  #[test]
  fn deep_flow_nesting_is_found_on_its_line() {
    let deep = format!("a: 1\nb: {}{}", "[".repeat(100), "]".repeat(100));
    assert_eq!(too_deep(&deep, 32), Some(2));
    assert_eq!(too_deep("a: [1, [2, {b: 3}]]\nc: '[[[['\n", 32), None);
  }
}
