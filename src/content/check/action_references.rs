//! What an action names exists: its dimension, the questions it
//! addresses, its prerequisites, the capabilities it needs and provides,
//! and its policies (each only when the file defining it parsed).

use super::{Checker, QUESTIONNAIRE};
use crate::content::{Action, DIMENSIONS_FILE, PLANNING_FILE, POLICIES_FILE};
use crate::source::SourceFile;

impl Checker<'_> {
  /// Action references: dimension, questions, prerequisites, capabilities and policies must exist.
  pub(super) fn action_references(&mut self, f: &SourceFile, a: &Action) {
    let content = self.content;
    let line = f.line_of_item(Some("actions"), &a.id);
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = a.id.as_str();
    if self.read(DIMENSIONS_FILE) && content.dimension(&a.dimension).is_none() {
      self.report(
        f,
        at("dimension"),
        id,
        format!("unknown dimension `{}`", a.dimension),
        "",
      );
    }
    let questions = self.read(QUESTIONNAIRE);
    for q in a.addresses.iter().filter(|_| questions) {
      if content.questionnaire.question(q).is_none() {
        self.report(
          f,
          at("addresses"),
          id,
          format!("addresses unknown question `{q}`"),
          "",
        );
      }
    }
    for p in &a.prerequisites {
      if content.action(p).is_none() {
        self.report(
          f,
          at("prerequisites"),
          id,
          format!("unknown prerequisite `{p}`"),
          "name an action id from this file",
        );
      }
    }
    self.action_capabilities(f, a);
    self.action_policies(f, a);
  }

  /// The capabilities an action needs and provides are defined, and it
  /// does not need what it provides.
  fn action_capabilities(&mut self, f: &SourceFile, a: &Action) {
    let content = self.content;
    let at = |field: &str| {
      f.line_of_item(Some("actions"), &a.id)
        .map(|l| f.line_of_field(l, field))
    };
    let capabilities = self.read(PLANNING_FILE);
    for (what, list) in [("needs", &a.needs), ("provides", &a.provides)] {
      for c in list.iter().filter(|_| capabilities) {
        if content.capability(c).is_none() {
          let known: Vec<&str> = content
            .planning
            .capabilities
            .iter()
            .map(|c| c.id.as_str())
            .collect();
          self.report(
            f,
            at(what),
            &a.id,
            format!("{what} unknown capability `{c}`"),
            &format!(
              "define it under `capabilities:` in {PLANNING_FILE}, or use one of: {}",
              known.join(", ")
            ),
          );
        }
      }
    }
    if let Some(c) = a.needs.iter().find(|c| a.provides.contains(c)) {
      self.report(
        f,
        at("needs"),
        &a.id,
        format!("needs `{c}` and provides it too"),
        "an action cannot wait for what it provides; remove one of the two",
      );
    }
  }

  /// The policies an action cites are in the policy catalogue.
  fn action_policies(&mut self, f: &SourceFile, a: &Action) {
    let content = self.content;
    let at = f
      .line_of_item(Some("actions"), &a.id)
      .map(|l| f.line_of_field(l, "policies"));
    let policies = self.read(POLICIES_FILE);
    for p in a.policies.iter().filter(|_| policies) {
      if content.policy(p).is_none() {
        let known: Vec<&str> = content.policies.iter().map(|p| p.id.as_str()).collect();
        self.report(
          f,
          at,
          &a.id,
          format!("unknown policy `{p}`"),
          &format!("use one of: {}", known.join(", ")),
        );
      }
    }
  }
}
