//! Maturity levels: numbered in order, bands that cover 0 to 100 without
//! gap or overlap, texts, and the gates a level relies on.

use super::Checker;
use crate::content::{LEVELS_FILE, MaturityLevel, Seam};
use crate::source::SourceFile;
use rust_decimal::Decimal;

impl Checker<'_> {
  pub(super) fn levels(&mut self) {
    let f = self.file(LEVELS_FILE);
    let levels = &self.content.levels;
    if levels.is_empty() {
      self.report(
        &f,
        None,
        "levels",
        "no maturity levels".into(),
        "define levels (e.g. 0 to 5) with bands covering 0-100",
      );
      return;
    }
    for (i, level) in levels.iter().enumerate() {
      self.level(&f, i, level);
    }
    self.level_bounds(&f);
    self.level_seams(&f);
  }

  /// The level at position `i`: its number, band and texts, and the gates
  /// it relies on.
  fn level(&mut self, f: &SourceFile, i: usize, level: &MaturityLevel) {
    let line = level_line(f, level.number);
    let id = format!("level {}", level.number);
    // Levels are numbered as the framework numbers them (0-5, 1-4...),
    // one apart.
    let first = self.content.levels[0].number;
    if usize::from(level.number) != usize::from(first) + i {
      self.report(
        f,
        line,
        &id,
        format!(
          "level numbers must run {first}, {}, {}... in order; found {} at position {i}",
          usize::from(first) + 1,
          usize::from(first) + 2,
          level.number
        ),
        "",
      );
    }
    let band_on = self.content.band_on;
    if band_on.is_empty(level.min, level.max) {
      self.report(
        f,
        line,
        &id,
        format!("band {}-{} is empty", level.min, level.max),
        "max must be above min",
      );
    }
    if band_on.fraction(level.min, level.max) {
      self.report(
        f,
        line,
        &id,
        format!("band {}-{} is not whole numbers", level.min, level.max),
        "with `band_on: rounded_integer` the index is rounded to a whole number: write whole-number bounds",
      );
    }
    self.text(f, line, &id, "name", &level.name);
    self.text(f, line, &id, "description", &level.description);
    self.content_template(f, line, &id, "description", &level.description);
    self.relies_on(f, line, &id, level);
  }

  /// A level's `relies_on` gates exist and cap below it, so its
  /// description claims only what they guarantee.
  fn relies_on(&mut self, f: &SourceFile, line: Option<usize>, id: &str, level: &MaturityLevel) {
    for g in &level.relies_on {
      match self.content.gates.iter().find(|gate| &gate.id == g) {
        None => self.report(
          f,
          line,
          id,
          format!("relies on unknown gate `{g}`"),
          "name a gate id from `gates:` below",
        ),
        Some(gate) if gate.max_level >= level.number => self.report(
          f,
          line,
          id,
          format!(
            "relies on gate `{g}`, which caps at level {}: a cooperative can be at level {} while it fails, so the description may claim what is not true",
            gate.max_level, level.number
          ),
          "reword the description so it does not rely on this gate, or lower the gate's max_level below this level",
        ),
        Some(_) => {}
      }
    }
  }

  /// The bands start at 0 and end at 100.
  fn level_bounds(&mut self, f: &SourceFile) {
    let levels = &self.content.levels;
    if levels[0].min != Decimal::ZERO {
      self.report(
        f,
        level_line(f, levels[0].number),
        &format!("level {}", levels[0].number),
        format!("bands start at {}, not 0", levels[0].min),
        "the lowest band must start at 0",
      );
    }
    let last = &levels[levels.len() - 1];
    if last.max != Decimal::ONE_HUNDRED {
      self.report(
        f,
        level_line(f, last.number),
        &format!("level {}", last.number),
        format!("bands end at {}, not 100", last.max),
        "the top band must end at 100",
      );
    }
  }

  /// Each band starts where the one before ends, as `band_on` reads them.
  fn level_seams(&mut self, f: &SourceFile) {
    let band_on = self.content.band_on;
    for pair in self.content.levels.windows(2) {
      if let Some(seam) = band_on.seam(pair[0].max, pair[1].min) {
        let what = match seam {
          Seam::Gap => "leave a gap",
          Seam::Overlap => "overlap",
        };
        self.report(
          f,
          level_line(f, pair[1].number),
          &format!("level {}", pair[1].number),
          format!("bands {what} between {} and {}", pair[0].max, pair[1].min),
          band_on.rule(),
        );
      }
    }
  }
}

/// The line of level `n` (its `number:`) in the levels file.
fn level_line(f: &SourceFile, n: u8) -> Option<usize> {
  f.line_of_path(&["levels"]).and_then(|start| {
    f.text
      .lines()
      .enumerate()
      .skip(start)
      .find(|(_, l)| {
        let l = l.trim_start().trim_start_matches("- ");
        l.starts_with("number:") && l["number:".len()..].trim() == n.to_string()
      })
      .map(|(i, _)| i + 1)
  })
}
