//! The questionnaire: the profile form and the questions.

use crate::content::{ProfileField, Question};
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// A questionnaire from `questionnaires/*.yaml`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
  /// Stable id; assessment files name the questionnaire they answer.
  pub id: String,
  /// Version; answers to one version are not silently read as another.
  pub version: String,
  /// Title.
  pub title: Text,
  /// What it assesses and how it was built.
  #[serde(default)]
  pub description: Text,
  /// The cooperative profile form.
  pub profile: Vec<ProfileField>,
  /// The questions, in the order they are asked (a grid's rows in its
  /// place, see [`crate::content::GridRow`]).
  pub questions: Vec<Question>,
  /// The grid questions as written, their rows expanded into `questions`.
  #[serde(skip)]
  pub grids: Vec<Question>,
}

impl Questionnaire {
  /// The question with this id.
  pub fn question(&self, id: &str) -> Option<&Question> {
    self.questions.iter().find(|q| q.id == id)
  }

  /// The position of a question in asking order.
  pub fn position(&self, id: &str) -> Option<usize> {
    self.questions.iter().position(|q| q.id == id)
  }

  /// The grid with this id.
  pub fn grid(&self, id: &str) -> Option<&Question> {
    self.grids.iter().find(|g| g.id == id)
  }

  /// The profile field with this id.
  pub fn field(&self, id: &str) -> Option<&ProfileField> {
    self.profile.iter().find(|f| f.id == id)
  }
}
