//! A problem found in an assessment file.

use crate::content::Content;
use crate::text::Lang;
use minijinja::Value;

/// Stands for "an empty value" in a problem's arguments until rendered.
pub(crate) const EMPTY: &str = "\u{2063}empty\u{2063}";
/// Stands for "a list".
pub(crate) const LIST: &str = "\u{2063}list\u{2063}";
/// Stands for "a mapping".
pub(crate) const MAPPING: &str = "\u{2063}mapping\u{2063}";

/// What kind of problem: each kind has its message (vi and en) in
/// `templates/messages.yaml` under [`Kind::key`]; a test checks them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
  /// `ambiguous_number` in the message catalogue.
  AmbiguousNumber,
  /// `answer_does_not_apply` in the message catalogue.
  AnswerDoesNotApply,
  /// `answer_unknown_key` in the message catalogue.
  AnswerUnknownKey,
  /// `answers_not_mapping` in the message catalogue.
  AnswersNotMapping,
  /// `bad_date` in the message catalogue.
  BadDate,
  /// `bad_mode` in the message catalogue.
  BadMode,
  /// `bad_stage` in the message catalogue.
  BadStage,
  /// `condition_failed` in the message catalogue.
  ConditionFailed,
  /// `date_in_future` in the message catalogue.
  DateInFuture,
  /// `dont_know_not_allowed` in the message catalogue.
  DontKnowNotAllowed,
  /// `duplicate_answer` in the message catalogue.
  DuplicateAnswer,
  /// `grid_not_mapping` in the message catalogue.
  GridNotMapping,
  /// `exclusive_with_others` in the message catalogue.
  ExclusiveWithOthers,
  /// `missing_answer` in the message catalogue.
  MissingAnswer,
  /// `missing_questionnaire` in the message catalogue.
  MissingQuestionnaire,
  /// `missing_section` in the message catalogue.
  MissingSection,
  /// `na_not_allowed` in the message catalogue.
  NaNotAllowed,
  /// `nesting_too_deep` in the message catalogue.
  NestingTooDeep,
  /// `not_a_mapping` in the message catalogue.
  NotAMapping,
  /// `not_a_number` in the message catalogue.
  NotANumber,
  /// `not_text` in the message catalogue.
  NotText,
  /// `not_utf8` in the message catalogue.
  NotUtf8,
  /// `note_too_long` in the message catalogue.
  NoteTooLong,
  /// `nul_byte` in the message catalogue.
  NulByte,
  /// `number_too_large` in the message catalogue.
  NumberTooLarge,
  /// `out_of_range` in the message catalogue.
  OutOfRange,
  /// `profile_bad_option` in the message catalogue.
  ProfileBadOption,
  /// `profile_does_not_apply` in the message catalogue.
  ProfileDoesNotApply,
  /// `profile_not_integer` in the message catalogue.
  ProfileNotInteger,
  /// `profile_not_mapping` in the message catalogue.
  ProfileNotMapping,
  /// `profile_not_text` in the message catalogue.
  ProfileNotText,
  /// `profile_out_of_range` in the message catalogue.
  ProfileOutOfRange,
  /// `profile_pattern` in the message catalogue.
  ProfilePattern,
  /// `profile_required` in the message catalogue.
  ProfileRequired,
  /// `profile_too_long` in the message catalogue.
  ProfileTooLong,
  /// `profile_unknown_field` in the message catalogue.
  ProfileUnknownField,
  /// `questionnaire_mismatch` in the message catalogue.
  QuestionnaireMismatch,
  /// `unknown_key` in the message catalogue.
  UnknownKey,
  /// `unknown_option` in the message catalogue.
  UnknownOption,
  /// `unknown_question` in the message catalogue.
  UnknownQuestion,
  /// `unprintable_character` in the message catalogue.
  UnprintableCharacter,
  /// `yaml_syntax` in the message catalogue.
  YamlSyntax,
}

impl Kind {
  /// Every kind, for the test that each has its messages.
  pub const ALL: [Kind; 42] = [
    Kind::AmbiguousNumber,
    Kind::AnswerDoesNotApply,
    Kind::AnswerUnknownKey,
    Kind::AnswersNotMapping,
    Kind::BadDate,
    Kind::BadMode,
    Kind::BadStage,
    Kind::ConditionFailed,
    Kind::DateInFuture,
    Kind::DontKnowNotAllowed,
    Kind::DuplicateAnswer,
    Kind::GridNotMapping,
    Kind::ExclusiveWithOthers,
    Kind::MissingAnswer,
    Kind::MissingQuestionnaire,
    Kind::MissingSection,
    Kind::NaNotAllowed,
    Kind::NestingTooDeep,
    Kind::NotAMapping,
    Kind::NotANumber,
    Kind::NotText,
    Kind::NotUtf8,
    Kind::NoteTooLong,
    Kind::NulByte,
    Kind::NumberTooLarge,
    Kind::OutOfRange,
    Kind::ProfileBadOption,
    Kind::ProfileDoesNotApply,
    Kind::ProfileNotInteger,
    Kind::ProfileNotMapping,
    Kind::ProfileNotText,
    Kind::ProfileOutOfRange,
    Kind::ProfilePattern,
    Kind::ProfileRequired,
    Kind::ProfileTooLong,
    Kind::ProfileUnknownField,
    Kind::QuestionnaireMismatch,
    Kind::UnknownKey,
    Kind::UnknownOption,
    Kind::UnknownQuestion,
    Kind::UnprintableCharacter,
    Kind::YamlSyntax,
  ];

  /// Its key in the message catalogue.
  pub fn key(self) -> &'static str {
    match self {
      Kind::AmbiguousNumber => "ambiguous_number",
      Kind::AnswerDoesNotApply => "answer_does_not_apply",
      Kind::AnswerUnknownKey => "answer_unknown_key",
      Kind::AnswersNotMapping => "answers_not_mapping",
      Kind::BadDate => "bad_date",
      Kind::BadMode => "bad_mode",
      Kind::BadStage => "bad_stage",
      Kind::ConditionFailed => "condition_failed",
      Kind::DateInFuture => "date_in_future",
      Kind::DontKnowNotAllowed => "dont_know_not_allowed",
      Kind::DuplicateAnswer => "duplicate_answer",
      Kind::GridNotMapping => "grid_not_mapping",
      Kind::ExclusiveWithOthers => "exclusive_with_others",
      Kind::MissingAnswer => "missing_answer",
      Kind::MissingQuestionnaire => "missing_questionnaire",
      Kind::MissingSection => "missing_section",
      Kind::NaNotAllowed => "na_not_allowed",
      Kind::NestingTooDeep => "nesting_too_deep",
      Kind::NotAMapping => "not_a_mapping",
      Kind::NotANumber => "not_a_number",
      Kind::NotText => "not_text",
      Kind::NotUtf8 => "not_utf8",
      Kind::NoteTooLong => "note_too_long",
      Kind::NulByte => "nul_byte",
      Kind::NumberTooLarge => "number_too_large",
      Kind::OutOfRange => "out_of_range",
      Kind::ProfileBadOption => "profile_bad_option",
      Kind::ProfileDoesNotApply => "profile_does_not_apply",
      Kind::ProfileNotInteger => "profile_not_integer",
      Kind::ProfileNotMapping => "profile_not_mapping",
      Kind::ProfileNotText => "profile_not_text",
      Kind::ProfileOutOfRange => "profile_out_of_range",
      Kind::ProfilePattern => "profile_pattern",
      Kind::ProfileRequired => "profile_required",
      Kind::ProfileTooLong => "profile_too_long",
      Kind::ProfileUnknownField => "profile_unknown_field",
      Kind::QuestionnaireMismatch => "questionnaire_mismatch",
      Kind::UnknownKey => "unknown_key",
      Kind::UnknownOption => "unknown_option",
      Kind::UnknownQuestion => "unknown_question",
      Kind::UnprintableCharacter => "unprintable_character",
      Kind::YamlSyntax => "yaml_syntax",
    }
  }

  /// A problem with the profile: applicability cannot be judged on it.
  pub fn is_profile(self) -> bool {
    self.key().starts_with("profile") || self == Kind::MissingSection
  }
}

#[cfg(test)]
mod tests {
  use super::Kind;

  /// Every kind of problem can be told, in both languages.
  #[test]
  fn every_kind_has_its_message_in_vi_and_en() {
    let content = crate::Content::embedded().expect("content");
    for kind in Kind::ALL {
      let text = content.messages.0.get(kind.key());
      let text = text.unwrap_or_else(|| panic!("no message for {}", kind.key()));
      assert!(
        text.missing().is_empty(),
        "{} lacks {:?}",
        kind.key(),
        text.missing()
      );
    }
  }
}

/// One problem in an assessment file, rendered through the message
/// catalogue so the advisor reads it in their language.
#[derive(Clone, Debug)]
pub struct Problem {
  /// 1-based line in the file, when it could be found.
  pub line: Option<usize>,
  /// The question or profile field concerned.
  pub id: Option<String>,
  /// What kind of problem (its message key).
  pub kind: Kind,
  /// The message's arguments.
  pub args: Value,
}

impl Problem {
  /// A problem with message `key` and `args`.
  pub fn new(kind: Kind, args: Value) -> Self {
    Self {
      line: None,
      id: None,
      kind,
      args,
    }
  }

  /// Sets the line.
  pub fn at(mut self, line: Option<usize>) -> Self {
    self.line = line;
    self
  }

  /// Sets the id.
  pub fn id(mut self, id: &str) -> Self {
    self.id = Some(id.to_owned());
    self
  }

  /// The message in `lang`, as `path:line: [id] message`.
  pub fn render(&self, content: &Content, path: &str, lang: Lang) -> String {
    let mut out = path.to_owned();
    if let Some(line) = self.line {
      out.push_str(&format!(":{line}"));
    }
    out.push_str(": ");
    if let Some(id) = &self.id {
      out.push_str(&format!("[{id}] "));
    }
    out.push_str(&self.message(content, lang));
    out
  }

  /// The message shown beside the field or question it is about (a web
  /// form): its `<key>_here` wording where the catalogue has one, which
  /// leaves out the id a file would need and the reader never sees.
  pub fn message_here(&self, content: &Content, lang: Lang) -> String {
    let key = format!("{}_here", self.kind.key());
    if content.messages.0.contains_key(&key) {
      with_value_words(content.message(&key, lang, &self.args), content, lang)
    } else {
      self.message(content, lang)
    }
  }

  /// The message alone, without file and line.
  pub fn message(&self, content: &Content, lang: Lang) -> String {
    with_value_words(
      content.message(self.kind.key(), lang, &self.args),
      content,
      lang,
    )
  }
}

/// Puts the words for an empty value, a list or a mapping in `message`.
fn with_value_words(mut message: String, content: &Content, lang: Lang) -> String {
  for (token, key) in [
    (EMPTY, "value_empty"),
    (LIST, "value_list"),
    (MAPPING, "value_mapping"),
  ] {
    if message.contains(token) {
      message = message.replace(token, &content.messages.get(key, lang));
    }
  }
  message
}
