//! The planning parameters (`rules/planning.yaml`): phases and the texts
//! of the plan; capacity classes, capabilities, the budget envelope and
//! the legal forms' words have files of their own.

use super::Checker;
use crate::content::PLANNING_FILE;
use crate::source::SourceFile;

impl Checker<'_> {
  pub(super) fn planning(&mut self) {
    let f = self.file(PLANNING_FILE);
    let p = &self.content.planning;
    self.phases(&f);
    self.capacity(&f);
    self.capabilities(&f);
    self.envelope(&f);
    self.terms(&f);
    self.text(
      &f,
      f.line_of_path(&["eligibility"]),
      "eligibility",
      "eligibility",
      &p.eligibility,
    );
    self.text(
      &f,
      f.line_of_path(&["cost_caveat"]),
      "cost_caveat",
      "cost caveat",
      &p.cost_caveat,
    );
  }

  /// Phases numbered 1, 2, 3... back to back from month 0, each named.
  fn phases(&mut self, f: &SourceFile) {
    let p = &self.content.planning;
    let line = f.line_of_path(&["phases"]);
    let mut expected = 0;
    for (i, phase) in p.phases.iter().enumerate() {
      if usize::from(phase.number) != i + 1
        || phase.from_month != expected
        || phase.to_month <= phase.from_month
      {
        self.report(
          f,
          line,
          &format!("phase {}", phase.number),
          "phases must be numbered 1, 2, 3... and run back to back from month 0".into(),
          "",
        );
      }
      expected = phase.to_month;
      self.text(
        f,
        line,
        &format!("phase {}", phase.number),
        "name",
        &phase.name,
      );
    }
    if p.phases.is_empty() || p.default_months == 0 {
      self.report(
        f,
        None,
        "planning",
        "need at least one phase and default_months >= 1".into(),
        "",
      );
    }
  }
}
