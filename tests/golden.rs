//! Golden JSON: `coopdx score --format json` for every example, byte for
//! byte. Regenerate after an intended change with `COOPDX_BLESS=1 cargo test`
//! and review the diff.

use crate::test::*;
use std::fs;

#[test]
fn score_json_matches_golden_for_every_example() {
  let bless = std::env::var_os("COOPDX_BLESS").is_some();
  let names = examples();
  assert!(names.len() >= 4, "at least four examples ship");
  for name in names {
    let out = Test::new()
      .args(&["score", "a.yaml", "--format", "json"])
      .file("a.yaml", &example(&name))
      .run()
      .code(0);
    let golden = root()
      .join("tests/golden")
      .join(name.replace(".yaml", ".score.json"));
    if bless {
      fs::write(&golden, &out.stdout).expect("write golden");
      continue;
    }
    let expected = fs::read_to_string(&golden).unwrap_or_else(|_| {
      panic!(
        "{} missing: run COOPDX_BLESS=1 cargo test",
        golden.display()
      )
    });
    assert!(
      out.stdout == expected,
      "{name}: score JSON differs from {}; if intended, bless and review the diff",
      golden.display()
    );
  }
}

#[test]
fn examples_spread_across_the_levels() {
  let mut indexes = Vec::new();
  for name in examples() {
    let out = Test::new()
      .args(&["score", "a.yaml", "--format", "json"])
      .file("a.yaml", &example(&name))
      .run()
      .code(0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    indexes.push(json["index"].as_f64().expect("index"));
  }
  let min = indexes.iter().cloned().fold(f64::MAX, f64::min);
  let max = indexes.iter().cloned().fold(f64::MIN, f64::max);
  assert!(
    min < 20.0 && max > 75.0,
    "examples should span the scale: {indexes:?}"
  );
}

#[test]
fn same_input_gives_the_same_bytes() {
  let run = || {
    Test::new()
      .args(&["score", "a.yaml", "--format", "json"])
      .file("a.yaml", &example("htx-may-tre-dan.yaml"))
      .run()
      .code(0)
      .stdout
  };
  assert_eq!(run(), run());
}
