//! Golden JSON: `coopdx score --format json` for every example, byte for
//! byte. Regenerate after an intended change with `COOPDX_BLESS=1 cargo test`
//! and review the diff.

use crate::test::*;

#[test]
fn score_json_matches_golden_for_every_example() {
  let names = examples();
  assert!(names.len() >= 4, "at least four examples ship");
  for name in names {
    let out = Test::new()
      .args(&["score", "a.yaml", "--format", "json"])
      .file("a.yaml", &example(&name))
      .run()
      .code(0);
    assert_golden(&name.replace(".yaml", ".score.json"), &out.stdout);
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
fn same_input_gives_the_same_bytes_across_processes_and_environments() {
  // Two processes (different hash seeds, folders, time zones and locales):
  // score, plan and report must not depend on any of them.
  for args in [
    vec!["score", "a.yaml", "--format", "json"],
    vec!["plan", "a.yaml", "--format", "json"],
    vec!["report", "a.yaml", "-o", "r.pdf"],
  ] {
    let run = |tz: &str, locale: &str| {
      let out = Test::new()
        .args(&args)
        .env("TZ", tz)
        .env("LC_ALL", locale)
        .file("a.yaml", &example("htx-may-tre-dan.yaml"))
        .run()
        .code(0);
      let pdf = std::fs::read(out.dir.path().join("r.pdf")).unwrap_or_default();
      (out.stdout, pdf)
    };
    assert!(
      run("UTC", "C") == run("Asia/Ho_Chi_Minh", "vi_VN.UTF-8"),
      "{} differs between environments",
      args[0]
    );
  }
}
