//! `coopdx schema`: the JSON Schemas editors read, committed under
//! `schema/` and named by the first line of every shipped YAML file.

use crate::test::*;
use std::fs;
use std::path::{Path, PathBuf};

/// Every shipped YAML file an editor opens: the content and the examples.
fn shipped_yaml() -> Vec<PathBuf> {
  let mut files = Vec::new();
  for folder in [
    "questionnaires",
    "rules",
    "templates",
    "examples",
    "examples/progress",
    "examples/content/minimal/questionnaires",
    "examples/content/minimal/rules",
    "examples/content/minimal/assessments",
  ] {
    let mut found: Vec<PathBuf> = fs::read_dir(root().join(folder))
      .expect("shipped folder")
      .filter_map(|e| e.ok().map(|e| e.path()))
      .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
      .collect();
    found.sort();
    files.extend(found);
  }
  files
}

/// The schema a file names on its first line, as the YAML language server
/// reads it: a path relative to the file.
fn named_schema(file: &Path) -> PathBuf {
  let text = fs::read_to_string(file).expect("shipped file");
  let first = text.lines().next().unwrap_or_default();
  let relative = first
    .strip_prefix("# yaml-language-server: $schema=")
    .unwrap_or_else(|| panic!("{} does not start with its $schema line", file.display()));
  file.parent().expect("folder").join(relative.trim())
}

#[test]
fn the_committed_schemas_are_what_coopdx_schema_writes() {
  let out = Test::new()
    .args(&["schema", "-o", "out/schema"])
    .run()
    .code(0)
    .stderr_has("JSON Schema");
  let written = out.path("out/schema");
  let names = |dir: &Path| -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
      .map(|d| {
        d.filter_map(|e| e.ok())
          .map(|e| e.file_name().to_string_lossy().into_owned())
          .collect()
      })
      .unwrap_or_default();
    n.sort();
    n
  };
  let regenerate = "regenerate them with `cargo run -- schema -o schema` and commit the result";
  assert_eq!(
    names(&written),
    names(&root().join("schema")),
    "schema/ does not hold the files `coopdx schema` writes; {regenerate}"
  );
  for name in names(&written) {
    let fresh = fs::read_to_string(written.join(&name)).expect("written schema");
    let committed = fs::read_to_string(root().join("schema").join(&name)).unwrap_or_default();
    assert!(
      fresh == committed,
      "schema/{name} differs from what `coopdx schema` writes; {regenerate}:\n{}",
      diff(&committed, &fresh)
    );
  }
}

#[test]
fn every_shipped_yaml_file_is_accepted_by_the_schema_it_names() {
  let mut failures = Vec::new();
  for file in shipped_yaml() {
    let schema_path = named_schema(&file);
    let schema: serde_json::Value = serde_json::from_str(
      &fs::read_to_string(&schema_path)
        .unwrap_or_else(|_| panic!("{} names a missing schema", file.display())),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let text = fs::read_to_string(&file).expect("shipped file");
    let value: serde_json::Value = yaml_serde::from_str(&text).expect("shipped YAML parses");
    for error in validator.iter_errors(&value) {
      failures.push(format!(
        "{}: {} at {}",
        file.display(),
        error,
        error.instance_path()
      ));
    }
  }
  assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What an editor shows while a file is typed: a misspelt key and a value
/// of the wrong type are flagged.
#[test]
fn a_schema_flags_a_misspelt_key_and_a_wrong_type() {
  let schema: serde_json::Value = serde_json::from_str(
    &fs::read_to_string(root().join("schema/dimensions.json")).expect("committed schema"),
  )
  .expect("schema is JSON");
  let validator = jsonschema::validator_for(&schema).expect("schema compiles");
  let text = fs::read_to_string(root().join("rules/dimensions.yaml")).expect("dimensions");
  let broken = text.replacen("weight: 1.5", "weigth: 1.5", 1);
  let value: serde_json::Value = yaml_serde::from_str(&broken).expect("still YAML");
  assert!(!validator.is_valid(&value), "a misspelt key is flagged");
  let broken = text.replacen("weight: 1.5", "weight: [1.5]", 1);
  let value: serde_json::Value = yaml_serde::from_str(&broken).expect("still YAML");
  assert!(
    !validator.is_valid(&value),
    "a list where a number goes is flagged"
  );
}
