//! A horizontal rule across the text area.

use super::{Draw, GRID, LEFT, Layout, Mark, WIDTH};

impl Layout {
  /// Draws a rule, with room above and below.
  pub(super) fn rule(&mut self) {
    self.ensure(10.0);
    let top = self.y;
    self.y += 4.0;
    self.draw(Draw::Line {
      points: vec![(LEFT, self.y), (LEFT + WIDTH, self.y)],
      width: 0.5,
      color: GRID,
      dash: false,
    });
    self.y += 6.0;
    self.mark(Mark::Rule, top);
  }
}
