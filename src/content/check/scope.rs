//! When a condition is evaluated, and so what it may read: a question's
//! `when` only the profile and earlier answers, `applies` only the profile,
//! gates and actions the scores too.

use super::QUESTIONNAIRE;
use crate::content::{Content, DIMENSIONS_FILE};
use std::collections::BTreeSet;

/// When a condition is evaluated.
#[derive(Clone, Copy)]
pub(super) enum Scope {
  /// A question's `when`, which may read only earlier answers.
  Question(usize),
  /// A gate, evaluated after scoring.
  Gate,
  /// An action's `when` or `done_when`, evaluated after scoring.
  Action,
  /// An action's `applies`: the profile only.
  Profile,
}

impl Scope {
  /// What a condition evaluated then may read.
  pub(super) fn help(self) -> &'static str {
    match self {
      Scope::Question(_) => "a `when` may read profile.<field> and answers.<earlier question>",
      Scope::Gate => {
        "a gate may read profile.<field>, answers.<question>, dimensions.<dimension> and index"
      }
      Scope::Action => {
        "an action may read profile.<field>, answers.<question>, dimensions.<dimension>, index and level"
      }
      Scope::Profile => "`applies` may read profile.<field> only",
    }
  }

  /// Whether a condition evaluated then may read `variable`, and if not,
  /// why.
  pub(super) fn allows(
    self,
    content: &Content,
    variable: &str,
    unparsed: &BTreeSet<String>,
  ) -> Result<(), String> {
    let (root, key) = match variable.split_once('.') {
      Some((root, rest)) => (root, Some(crate::content::grid::answer_key(content, rest))),
      None => (variable, None),
    };
    // Ids of a file that did not parse are unknown here, not wrong.
    let defined_in = match root {
      "profile" | "answers" => QUESTIONNAIRE,
      "dimensions" => DIMENSIONS_FILE,
      _ => "",
    };
    if key.is_some() && unparsed.contains(defined_in) {
      return Ok(());
    }
    match (root, key, self) {
      ("profile", Some(key), _) => match content.questionnaire.field(key) {
        Some(_) => Ok(()),
        None => Err(format!("unknown profile field `{key}`")),
      },
      ("answers", _, Scope::Profile) => Err("`applies` may not read answers; use `when`".into()),
      ("answers", Some(key), scope) => match (content.questionnaire.position(key), scope) {
        (None, _) => Err(format!("unknown question `{key}`")),
        (Some(p), Scope::Question(me)) if p >= me => Err(format!(
          "refers to question `{key}`, which is asked later (or is this question)"
        )),
        _ => Ok(()),
      },
      ("dimensions", Some(key), Scope::Gate | Scope::Action) => match content.dimension(key) {
        Some(_) => Ok(()),
        None => Err(format!("unknown dimension `{key}`")),
      },
      ("index" | "dimensions", None, Scope::Gate | Scope::Action)
      | ("level", None, Scope::Action)
      | ("profile", None, _)
      | ("answers", None, Scope::Question(_) | Scope::Gate | Scope::Action) => Ok(()),
      _ => Err(format!("unknown variable `{variable}`")),
    }
  }
}
