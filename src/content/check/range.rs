//! Ranges every number in content must keep, so that no sum of them can
//! overflow `Decimal` (about 7.9e28) and no template is asked to print or
//! pad something absurd. Documented in the README ("Writing content").

use super::Checker;
use crate::content::{ACTIONS_FILE, DIMENSIONS_FILE, PLANNING_FILE};
use crate::source::SourceFile;
use rust_decimal::Decimal;

/// A weight of a question, group or dimension.
pub const MAX_WEIGHT: i64 = 100;
/// Points of one option or band.
pub const MAX_POINTS: i64 = 1_000;
/// A cost, a budget or an envelope, in VND (a thousand billion).
pub const MAX_MONEY: i64 = 1_000_000_000_000;
/// Bounds of number answers and bands.
pub const MAX_NUMBER: i64 = 1_000_000_000;
/// Months of an action or a plan.
pub const MAX_MONTHS: u32 = 120;

impl Checker<'_> {
  /// One number outside its documented range.
  fn range(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    what: &str,
    (x, min, max): (Decimal, i64, i64),
  ) {
    if x < Decimal::from(min) || x > Decimal::from(max) {
      self.report(
        f,
        line,
        id,
        format!("{what} {x} is outside {min}..={max}"),
        "keep content numbers in their documented ranges (README, Writing content)",
      );
    }
  }

  /// Every number of the content within its range.
  pub(super) fn ranges(&mut self) {
    let content = self.content;
    let q = self.qfile();
    for question in &content.questionnaire.questions {
      let line = q.line_of_item(Some("questions"), &question.id);
      let id = question.id.as_str();
      // A weight of 0 or less is reported as not positive.
      if question.weight > Decimal::ZERO {
        self.range(&q, line, id, "weight", (question.weight, 0, MAX_WEIGHT));
      }
      for o in &question.options {
        if let Some(p) = o.points {
          self.range(&q, line, id, "points", (p, -MAX_POINTS, MAX_POINTS));
        }
      }
      if let Some(cap) = question.cap {
        self.range(&q, line, id, "cap", (cap, 0, MAX_POINTS * 100));
      }
      for b in &question.bands {
        self.range(
          &q,
          line,
          id,
          "band points",
          (b.points, -MAX_POINTS, MAX_POINTS),
        );
        self.range(&q, line, id, "band bound", (b.min, -MAX_NUMBER, MAX_NUMBER));
        if let Some(max) = b.max {
          self.range(&q, line, id, "band bound", (max, -MAX_NUMBER, MAX_NUMBER));
        }
      }
      if let Some(r) = &question.range {
        for x in [r.min, r.max].into_iter().flatten() {
          self.range(&q, line, id, "range bound", (x, -MAX_NUMBER, MAX_NUMBER));
        }
      }
    }
    if self.read(DIMENSIONS_FILE) {
      self.dimension_ranges();
    }
    if self.read(ACTIONS_FILE) {
      self.action_ranges();
    }
    if self.read(PLANNING_FILE) {
      self.planning_ranges();
    }
  }

  fn dimension_ranges(&mut self) {
    let content = self.content;
    let d = self.file(DIMENSIONS_FILE);
    for dim in &content.dimensions {
      let line = d.line_of_item(Some("dimensions"), &dim.id);
      if dim.weight > Decimal::ZERO {
        self.range(&d, line, &dim.id, "weight", (dim.weight, 0, MAX_WEIGHT));
      }
    }
    self.range(
      &d,
      d.line_of_path(&["strength_threshold"]),
      "strength_threshold",
      "strength threshold",
      (content.strength_threshold, 0, 100),
    );
  }

  fn action_ranges(&mut self) {
    let content = self.content;
    let a = self.file(ACTIONS_FILE);
    for action in &content.actions {
      let line = a.line_of_item(Some("actions"), &action.id);
      for x in action.cost.one_off.iter().chain(&action.cost.recurring) {
        self.range(&a, line, &action.id, "cost", (*x, 0, MAX_MONEY));
      }
      self.range(
        &a,
        line,
        &action.id,
        "months",
        (Decimal::from(action.months), 1, i64::from(MAX_MONTHS)),
      );
    }
  }

  fn planning_ranges(&mut self) {
    let content = self.content;
    let p = self.file(PLANNING_FILE);
    let planning = &content.planning;
    self.range(
      &p,
      p.line_of_path(&["default_months"]),
      "default_months",
      "default months",
      (
        Decimal::from(planning.default_months),
        1,
        i64::from(MAX_MONTHS),
      ),
    );
    self.range(
      &p,
      p.line_of_path(&["quick_win"]),
      "quick_win",
      "max_cost",
      (planning.quick_win.max_cost, 0, MAX_MONEY),
    );
    if let Some(e) = &planning.envelope {
      for (band, x) in &e.amounts {
        self.range(
          &p,
          p.line_of_path(&["envelope"]),
          band,
          "envelope",
          (*x, 0, MAX_MONEY),
        );
      }
    }
    for c in &planning.capacity {
      let line = p.line_of_item(Some("capacity"), &c.id);
      for (what, n) in [
        ("max_parallel", c.max_parallel),
        ("first_phase_starts", c.first_phase_starts),
      ] {
        self.range(&p, line, &c.id, what, (Decimal::from(n), 1, 100));
      }
    }
  }
}
