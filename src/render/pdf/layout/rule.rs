//! A horizontal rule across the text area.

use super::{Draw, GRID, LEFT, Layout, Mark, Rgb, WIDTH};

impl Layout {
  /// Draws a rule, with room above and below.
  pub(super) fn rule(&mut self) {
    self.ensure(10.0);
    let top = self.y;
    self.y += 4.0;
    self.line_across(0.5, GRID);
    self.y += 6.0;
    self.mark(Mark::Rule, top);
  }

  /// A solid line across the text area at the current height (a rule, or
  /// the line under a top-level heading).
  pub(super) fn line_across(&mut self, width: f32, color: Rgb) {
    self.draw(Draw::Line {
      points: vec![(LEFT, self.y), (LEFT + WIDTH, self.y)],
      width,
      color,
      dash: false,
    });
  }
}
