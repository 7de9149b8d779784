use super::read;
use proptest::prelude::*;
use yaml_serde::Value as Yaml;

/// What the full parser reads, or `None` for an error.
fn full(text: &str) -> Option<Yaml> {
  yaml_serde::from_str(text).ok()
}

/// Whatever the direct reader accepts, it reads as the full parser does
/// (key order included); it may decline anything.
fn agrees(text: &str) {
  if let Some(direct) = read(text) {
    let full = full(text);
    assert_eq!(
      Some(format!("{direct:?}")),
      full.map(|v| format!("{v:?}")),
      "read differently:\n{text}"
    );
  }
}

fn shipped_files(dir: &str) -> Vec<(String, String)> {
  let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
  let mut files = Vec::new();
  for entry in std::fs::read_dir(&dir).expect("folder").flatten() {
    let path = entry.path();
    if path.is_dir() {
      let sub = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .expect("inside");
      files.extend(shipped_files(&sub.to_string_lossy()));
    } else if path.extension().is_some_and(|e| e == "yaml") {
      let text = std::fs::read_to_string(&path).expect("readable");
      files.push((path.display().to_string(), crate::text::nfc(&text)));
    }
  }
  files
}

#[test]
fn every_shipped_assessment_is_read_directly_and_as_the_full_parser_reads_it() {
  let files = [
    shipped_files("examples"),
    shipped_files("fuzz/corpus/assessment"),
  ]
  .concat();
  assert!(files.len() > 10);
  for (path, text) in &files {
    agrees(text);
    // The cooperatives' examples, as the interview writes files (the
    // minimal content's examples use flow mappings, which go to the full
    // parser).
    if path.contains("examples") && !path.contains("/content/") {
      assert!(read(text).is_some(), "{path} went to the full parser");
    }
  }
}

#[test]
fn scalars_resolve_as_in_yaml_1_2() {
  for value in [
    "28",
    "-3",
    "0",
    "-0",
    "00",
    "0700345678",
    "-0700",
    "37.5",
    "-2.25",
    "1.000",
    "00.5",
    "2026-11-05",
    "2026-1-5",
    "no",
    "yes",
    "No",
    "on",
    "off",
    "y",
    "n",
    "true",
    "True",
    "TRUE",
    "tRue",
    "false",
    "null",
    "Null",
    "NULL",
    "~",
    "nan",
    "NaN",
    ".nan",
    "inf",
    ".inf",
    "-.inf",
    "+5",
    "0x1F",
    "0o17",
    "0b101",
    "1e5",
    "1E5",
    "1_000",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1.",
    ".5",
    "Müller, Zürich (two words, a comma)",
    "a # comment",
    "a#b",
    "a: b",
    "a:",
    "http://x.vn",
    "[a, b]",
    "[]",
    "[ ]",
    "[a,b]",
    "[\"a\", 'b']",
    "[a, [b]]",
    "[a b]",
    "[a, ]",
    "[true, 5, 0700]",
    "\"quoted\"",
    "'single'",
    "'it''s'",
    "\"a\\tb\"",
    "\"no\" # c",
    "\"x\" y",
    "&a x",
    "*a",
    "!tag x",
    "|",
    ">",
    "{a: b}",
    "@x",
    "`x`",
    "%x",
    "-a",
    "- a",
    "?",
    "? x",
    ":x",
    ",x",
    "<<",
    "(Notiz für später)",
    "100%",
    "1,5",
    "C#",
    "#",
  ] {
    agrees(&format!("key: {value}\n"));
    agrees(&format!("key:\n  nested: {value}\n  other: 1\n"));
    agrees(&format!("key:\n- {value}\n- b\n"));
  }
}

#[test]
fn structures_are_read_as_the_full_parser_reads_them() {
  for text in [
    "a: 1\nb:\n  c: 2\n  d:\n    e: x\nf: y\n",
    "a:\n- x\n- y\nb: 1\n",
    "a:\n    - x\n    - y\nb: 1\n",
    "a:\n  - x\n b: 1\n",
    "a:\n  b: 1\n c: 2\n",
    "a:\nb:\n",
    "a: 1\na: 2\n",
    "a:\n  x: 1\n  x: 2\n",
    "a: # comment\n  b: 1\n",
    "# only a comment\n",
    "",
    "---\na: 1\n",
    "a: 1\n...\n",
    "a: 1\n---\nb: 2\n",
    "%YAML 1.2\n---\na: 1\n",
    "- a\n- b\n",
    "a\n",
    "a: 1\n  continued\n",
    "a: first\n  second line\nb: 2\n",
    "a: \"open\n  close\"\n",
    "a: |\n  text\n",
    "a:\n  - b: 1\n",
    "a:\n  - - x\n",
    "a:\n  -\n",
    "a: 1\r\nb: 2\r\n",
    "a:\t1\n",
    "\u{feff}a: 1\n",
    "a: x\u{85}y\n",
    "a: x\u{2028}y\n",
    "a: x\u{1}y\n",
    "a: x\u{7f}y\n",
    "a: x\u{9f}y\n",
    "true: 1\n",
    "1: x\n",
    "a b: 1\n",
    "a:b\n",
    "\"a\": 1\n",
    "  a: 1\n",
    "a: 1\n\n\n   \nb: 2\n",
  ] {
    agrees(text);
  }
}

/// Pieces of lines, tricky ones included, put together at random.
fn line() -> impl Strategy<Value = String> {
  let indent = prop::sample::select(vec!["", "  ", "    ", " ", "   "]);
  let key = prop::sample::select(vec![
    "a", "b", "PE01", "answer", "note", "true", "1", "x y", "_k",
  ]);
  let value = prop::sample::select(vec![
    "",
    "1",
    "-2",
    "0700",
    "3.5",
    "no",
    "null",
    "~",
    "text, more",
    "\"q\"",
    "'s'",
    "[a, b]",
    "[]",
    "x # c",
    "a: b",
    "&x y",
    "|",
    "2026-01-02",
    "1e3",
    "\"a\\\"b\"",
    "Zürich",
  ]);
  let shape = 0..5u8;
  (indent, key, value, shape).prop_map(|(indent, key, value, shape)| match shape {
    0 => format!("{indent}{key}: {value}"),
    1 => format!("{indent}{key}:"),
    2 => format!("{indent}- {value}"),
    3 => format!("{indent}# {value}"),
    _ => format!("{indent}{value}"),
  })
}

proptest! {
  #![proptest_config(ProptestConfig::with_cases(4000))]
  #[test]
  fn random_documents_are_read_as_the_full_parser_reads_them(lines in prop::collection::vec(line(), 1..12)) {
    agrees(&(lines.join("\n") + "\n"));
  }
}
