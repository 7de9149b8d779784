//! The shape of an assessment file, for its JSON Schema (`coopdx schema`).
//!
//! [`super::Assessment::parse`] reads files by hand, to report every
//! problem with its line; these types only describe what it accepts, so
//! editors can complete and check a file as it is typed. The questionnaire
//! decides which ids and options are right: `coopdx score` checks those.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One cooperative's profile and answers at one stage (T0, T1...).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
  /// The questionnaire answered: its id and version.
  pub questionnaire: QuestionnaireRef,
  /// `T0` for the first assessment, `T1` a year later...
  #[serde(default)]
  #[schemars(regex(pattern = r"^T[0-9]{1,3}$"))]
  pub stage: Option<String>,
  /// Date of the assessment: `2025-10-14` or `14/10/2025`.
  #[serde(default)]
  #[schemars(regex(
    pattern = r"^\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})\s*$"
  ))]
  pub date: Option<String>,
  /// Who filled it in.
  #[serde(default)]
  pub mode: Option<crate::assessment::Mode>,
  /// The advisor who interviewed the board.
  #[serde(default)]
  pub assessor: Option<String>,
  /// The profile form: field id → value (a choice field takes an option id).
  pub profile: BTreeMap<String, ProfileEntry>,
  /// Question id → answer.
  #[serde(default)]
  pub answers: Option<BTreeMap<String, AnswerEntry>>,
}

/// The questionnaire an assessment answers.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireRef {
  /// Questionnaire id, e.g. `coopdx-htx`.
  pub id: Scalar,
  /// Questionnaire version, e.g. `"1.1"`.
  pub version: Scalar,
}

/// Text or a number, as YAML reads an unquoted value.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
  /// Text.
  Text(String),
  /// A number.
  Number(f64),
}

/// A profile value.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ProfileEntry {
  /// Text, or the id of a choice field's option.
  Text(String),
  /// A whole number (members, workers, founding year).
  Integer(i64),
}

/// An answer alone, or with a note.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AnswerEntry {
  /// The answer alone.
  Value(AnswerValue),
  /// The answer with a note or evidence.
  WithNote(Noted),
  /// A grid question's answers, row id → the row's answer (alone or with
  /// a note).
  Grid(BTreeMap<String, RowEntry>),
}

/// A grid row's answer: an option id of the grid's scale (or
/// `not_applicable`, `dont_know`), alone or with a note.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RowEntry {
  /// The answer alone.
  Value(String),
  /// The answer with a note or evidence.
  WithNote(Noted),
}

/// An answer with a note or evidence.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Noted {
  /// The answer.
  #[serde(default)]
  pub answer: Option<AnswerValue>,
  /// A note or evidence, up to 2000 characters.
  #[serde(default)]
  #[schemars(length(max = 2000))]
  pub note: Option<String>,
}

/// An answer: an option id (or `not_applicable`, `dont_know`), a list of
/// option ids (multiple choice), a number, or free text; empty when not
/// answered.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AnswerValue {
  /// An option id, free text, `not_applicable` or `dont_know`.
  Text(String),
  /// A number or percentage.
  Number(f64),
  /// The ticked options of a multiple-choice question.
  List(Vec<String>),
}

/// The schema of assessment files.
pub fn schema() -> crate::content::schema::SchemaFile {
  crate::content::schema::SchemaFile {
    name: "assessment.json",
    describes: "assessment files (examples/*.yaml)",
    schema: crate::content::schema::schema_of::<AssessmentFile>("coopdx assessment file"),
  }
}
