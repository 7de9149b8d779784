//! A field of the cooperative profile form.

use crate::text::{Text, nfc};
use serde::{Deserialize, Serialize};

/// What a profile field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
  /// Free text, optionally checked by `pattern`.
  Text,
  /// One of `options` (province, legal form, sector...).
  Choice,
  /// A whole number within `min..=max`.
  Integer,
}

/// Where a profile field's value is shown besides the profile itself, so
/// that the report's cover and headers follow the questionnaire instead of
/// naming fields of one form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShowOn {
  /// Listed, with its label, under the cooperative's name on the report's
  /// cover (`row.cover` in templates).
  Cover,
  /// In the running header of every page after the cover, the values of
  /// such fields joined by " · " (without any, the cooperative's name).
  Header,
}

/// An option of a choice field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldOption {
  /// Stable id written in assessment files.
  pub id: String,
  /// What the reader sees.
  pub label: Text,
}

/// A profile field, as written in the questionnaire's `profile:` list.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileField {
  /// Stable id, e.g. `province`; conditions read it as `profile.province`.
  pub id: String,
  /// The kind of value.
  #[serde(rename = "type")]
  pub kind: FieldKind,
  /// The field's label.
  pub label: Text,
  /// Help for whoever fills it in.
  #[serde(default)]
  pub hint: Text,
  /// Must be filled in.
  #[serde(default)]
  pub required: bool,
  /// Options of a choice field.
  #[serde(default)]
  pub options: Vec<FieldOption>,
  /// Regular expression a text value must match entirely.
  #[serde(default)]
  pub pattern: Option<String>,
  /// What the pattern means, for the error message.
  #[serde(default)]
  pub pattern_hint: Text,
  /// Smallest allowed integer.
  #[serde(default)]
  pub min: Option<i64>,
  /// Largest allowed integer.
  #[serde(default)]
  pub max: Option<i64>,
  /// For a year: not after the year of the assessment.
  #[serde(default)]
  pub not_future: bool,
  /// Longest allowed text, in characters.
  #[serde(default)]
  pub max_length: Option<usize>,
  /// Asked only where this holds, over earlier profile fields (e.g. the
  /// branch of agriculture only for `profile.sector == 'agriculture'`).
  #[serde(default)]
  pub when: Option<String>,
  /// Where else the value is shown: `[cover]`, `[header]` or both.
  #[serde(default)]
  pub show_on: Vec<ShowOn>,
  /// `pattern` compiled once, on first use (not at every value checked or
  /// keystroke typed).
  #[serde(skip)]
  compiled: std::sync::OnceLock<Option<regex::Regex>>,
}

impl ProfileField {
  /// Whether `text` matches the field's pattern entirely (true without a
  /// pattern; a pattern that does not compile is reported by `validate`
  /// and matches everything).
  pub fn matches(&self, text: &str) -> bool {
    let compiled = self.compiled.get_or_init(|| {
      let pattern = self.pattern.as_ref()?;
      regex::Regex::new(&format!("^(?:{pattern})$")).ok()
    });
    compiled.as_ref().is_none_or(|re| re.is_match(text))
  }

  /// The option a typed value names: its id, or its label in either
  /// language, compared without case (people type "Sơn La", not `son_la`).
  pub fn find_option(&self, typed: &str) -> Option<&FieldOption> {
    let typed = nfc(typed.trim()).to_lowercase();
    self.options.iter().find(|o| {
      o.id.to_lowercase() == typed
        || o.label.vi.to_lowercase() == typed
        || o.label.en.to_lowercase() == typed
    })
  }
}
