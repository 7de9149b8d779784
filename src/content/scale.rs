//! A reusable answer scale.

use crate::content::AnswerOption;
use serde::{Deserialize, Serialize};

/// Options defined once and shared by many questions, such as yes / partly /
/// no or the 0-5 adoption scale.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
  /// Id questions refer to with `scale:`.
  pub id: String,
  /// What the scale measures, for content authors.
  #[serde(default)]
  pub description: Option<String>,
  /// The options, lowest first.
  pub options: Vec<AnswerOption>,
}
