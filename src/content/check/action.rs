//! Actions: ids, numbers, texts and conditions (what they name is
//! `action_references`, their order `prerequisites`).

use super::Checker;
use super::scope::Scope;
use crate::content::{ACTIONS_FILE, Action, rationale_template};
use crate::source::SourceFile;
use crate::text::Lang;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

impl Checker<'_> {
  pub(super) fn actions(&mut self) {
    let f = self.file(ACTIONS_FILE);
    let content = self.content;
    let mut seen = BTreeSet::new();
    for a in &content.actions {
      if !seen.insert(a.id.as_str()) {
        let line = f.line_of_item(Some("actions"), &a.id);
        self.report(&f, line, &a.id, "duplicate action id".into(), "");
      }
      self.action_references(&f, a);
      self.action_numbers(&f, a);
      self.action_texts(&f, a);
      self.action_conditions(&f, a);
    }
    self.cycles(&f);
  }

  /// Action numbers: impact and effort 1 to 5, at least a month, cost ranges from 0 up.
  fn action_numbers(&mut self, f: &SourceFile, a: &Action) {
    let line = f.line_of_item(Some("actions"), &a.id);
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = a.id.as_str();
    if !(1..=5).contains(&a.impact) || !(1..=5).contains(&a.effort) {
      self.report(
        f,
        at("impact"),
        id,
        format!("impact {} and effort {} must be 1 to 5", a.impact, a.effort),
        "",
      );
    }
    if a.months == 0 {
      self.report(
        f,
        at("months"),
        id,
        "an action lasts at least one month".into(),
        "",
      );
    }
    for (what, [min, max]) in [("one-off", a.cost.one_off), ("recurring", a.cost.recurring)] {
      if min > max || min < Decimal::ZERO {
        self.report(
          f,
          at("cost"),
          id,
          format!("{what} cost range {min}..{max} is not 0 <= min <= max"),
          "",
        );
      }
    }
  }

  /// Action texts: templates compile, both languages present, KPIs given.
  fn action_texts(&mut self, f: &SourceFile, a: &Action) {
    let content = self.content;
    let line = f.line_of_item(Some("actions"), &a.id);
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = a.id.as_str();
    for (what, text) in [
      ("title", &a.title),
      ("description", &a.description),
      ("role", &a.role),
    ] {
      self.content_template(f, at(what), id, what, text);
    }
    self.text(f, at("title"), id, "title", &a.title);
    self.text(f, at("description"), id, "description", &a.description);
    self.text(f, at("rationale"), id, "rationale", &a.rationale);
    self.text(f, at("role"), id, "role", &a.role);
    if a.kpis.is_empty() {
      self.report(
        f,
        line,
        id,
        "action has no KPI".into(),
        "add a measurable target under `kpis:`",
      );
    }
    for k in &a.kpis {
      self.text(f, at("kpis"), id, "KPI", k);
    }
    for lang in [Lang::Vi, Lang::En] {
      // Added at load; a failure is compiled again for its message.
      if content
        .env()
        .get_template(&rationale_template(&a.id, lang))
        .is_err()
      {
        let message = content
          .env()
          .template_from_str(a.rationale.get(lang))
          .err()
          .map(|e| e.to_string())
          .unwrap_or_default();
        self.report(
          f,
          at("rationale"),
          id,
          format!("rationale does not compile: {message}"),
          "",
        );
      }
    }
  }

  /// Action conditions: `applies`, `when`, `done_when` and `urgent` evaluate.
  fn action_conditions(&mut self, f: &SourceFile, a: &Action) {
    let line = f.line_of_item(Some("actions"), &a.id);
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = a.id.as_str();
    if let Some(applies) = &a.applies {
      self.condition(f, at("applies"), id, applies, Scope::Profile);
    }
    if let Some(when) = &a.when {
      self.condition(f, at("when"), id, when, Scope::Action);
    }
    self.condition(f, at("done_when"), id, &a.done_when, Scope::Action);
    if let Some(u) = &a.urgent {
      self.condition(f, at("urgent"), id, &u.when, Scope::Action);
      self.text(f, at("urgent"), id, "urgent.why", &u.why);
    }
    if let Some(t) = &a.not_yet {
      self.text(f, at("not_yet"), id, "not_yet", t);
    }
  }
}
