//! The profile: its fields, their options, patterns and bounds.

use super::Checker;
use super::scope::Scope;
use crate::content::{FieldKind, ProfileField};
use crate::source::SourceFile;
use regex::Regex;
use std::collections::BTreeSet;

impl Checker<'_> {
  pub(super) fn profile(&mut self) {
    let f = self.qfile();
    if self.content.questionnaire.field("name").is_none() {
      let line = f.line_of_path(&["profile"]);
      self.report(
        &f,
        line,
        "profile",
        "the profile has no `name` field".into(),
        "add a text field `name`: plans, reports and the interview name the cooperative by it",
      );
    }
    let mut seen = BTreeSet::new();
    for field in &self.content.questionnaire.profile {
      let line = f.line_of_item(Some("profile"), &field.id);
      if !seen.insert(field.id.as_str()) {
        self.report(
          &f,
          line,
          &field.id,
          "duplicate profile field id".into(),
          "give each field its own id",
        );
      }
      self.profile_field(&f, line, field);
    }
  }

  /// One field: its label, `when`, options, pattern and bounds.
  fn profile_field(&mut self, f: &SourceFile, line: Option<usize>, field: &ProfileField) {
    self.text(f, line, &field.id, "label", &field.label);
    if let Some(when) = &field.when
      && self.condition(f, line, &field.id, when, Scope::Profile)
    {
      self.field_tool_condition(f, line, &field.id, when);
    }
    self.profile_options(f, line, field);
    if let Some(pattern) = &field.pattern
      && let Err(e) = Regex::new(pattern)
    {
      let line = line.map(|l| f.line_of_field(l, "pattern"));
      self.report(
        f,
        line,
        &field.id,
        format!("pattern does not compile: {e}"),
        "",
      );
    }
    if let (Some(min), Some(max)) = (field.min, field.max)
      && min > max
    {
      self.report(
        f,
        line,
        &field.id,
        format!("min {min} is above max {max}"),
        "",
      );
    }
  }

  /// A choice field has options, each with its own id and a label.
  fn profile_options(&mut self, f: &SourceFile, line: Option<usize>, field: &ProfileField) {
    match field.kind {
      FieldKind::Choice if field.options.is_empty() => self.report(
        f,
        line,
        &field.id,
        "choice field has no options".into(),
        "add `options:`",
      ),
      _ => {}
    }
    let mut option_ids = BTreeSet::new();
    for o in &field.options {
      if !option_ids.insert(o.id.as_str()) {
        self.report(
          f,
          line,
          &field.id,
          format!("duplicate option `{}`", o.id),
          "",
        );
      }
      self.text(f, line, &field.id, &format!("option `{}`", o.id), &o.label);
    }
  }
}
