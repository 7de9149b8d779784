//! JSON Schemas of the content files, generated from the types that read
//! them, for editors (`coopdx schema -o DIR`; the YAML language server
//! reads the `# yaml-language-server: $schema=...` line at the top of
//! each shipped file).
//!
//! A schema says what serde accepts: shapes, names, types and which keys
//! may be left out. What needs the whole content (ids that resolve,
//! contiguous bands, conditions that compile) is `coopdx validate`'s.

use super::{
  ACTIONS_FILE, ActionsFile, DIMENSIONS_FILE, DimensionsFile, LEVELS_FILE, LevelRules,
  MESSAGES_FILE, Messages, PLANNING_FILE, POLICIES_FILE, Planning, PoliciesFile, Questionnaire,
  SCALES_FILE, ScalesFile,
};
use schemars::JsonSchema;
use serde_json::Value;

/// One schema file: its name in the schema folder, the files it describes
/// and the schema.
pub struct SchemaFile {
  /// File name, e.g. `questionnaire.json`.
  pub name: &'static str,
  /// The files it describes, e.g. `questionnaires/*.yaml`.
  pub describes: &'static str,
  /// The JSON Schema (draft 7, which every YAML editor reads).
  pub schema: Value,
}

/// The schema of `T` (draft 7), titled `title`.
pub fn schema_of<T: JsonSchema>(title: &str) -> Value {
  let schema = schemars::generate::SchemaSettings::draft07()
    .into_generator()
    .into_root_schema_for::<T>();
  let mut value = schema.to_value();
  if let Some(map) = value.as_object_mut() {
    map.insert("title".into(), Value::from(title));
  }
  value
}

/// The schemas of every content file: the questionnaire, each rules file
/// and the message catalogue.
pub fn content_schemas() -> Vec<SchemaFile> {
  fn file<T: JsonSchema>(name: &'static str, describes: &'static str) -> SchemaFile {
    SchemaFile {
      name,
      describes,
      schema: schema_of::<T>(&format!("coopdx {describes}")),
    }
  }
  vec![
    file::<Questionnaire>("questionnaire.json", "questionnaires/*.yaml"),
    file::<DimensionsFile>("dimensions.json", DIMENSIONS_FILE),
    file::<ScalesFile>("scales.json", SCALES_FILE),
    file::<LevelRules>("levels.json", LEVELS_FILE),
    file::<ActionsFile>("actions.json", ACTIONS_FILE),
    file::<PoliciesFile>("policies.json", POLICIES_FILE),
    file::<Planning>("planning.json", PLANNING_FILE),
    file::<Messages>("messages.json", MESSAGES_FILE),
  ]
}
