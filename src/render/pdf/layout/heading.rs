//! A heading: room above it, kept with the start of what follows, a rule
//! under the two top levels.

use super::{ACCENT, FLOOR, LEADING, LEFT, Layout, Mark, TOP, WIDTH, heading_size};
use crate::render::pdf::blocks::{Block, Span};
use pulldown_cmark::Alignment;

impl Layout {
  /// Sets a heading of `level`; `rest` are the blocks after it.
  pub(super) fn heading(&mut self, level: u8, spans: &[Span], rest: &[Block]) {
    let size = heading_size(level);
    let (lines, height) = Self::heading_lines(level, spans);
    let above = height - lines.len() as f32 * size * LEADING - 4.0;
    // Keep a heading with the start of what follows it: two lines, a
    // table's header and first row, an introduction and its table.
    let keep = self.start_height(rest).min(FLOOR - TOP - height);
    self.ensure(height + keep);
    if self.y > TOP {
      self.y += above;
    }
    let top = self.y;
    self.lines(&lines, LEFT, WIDTH, size, Alignment::Left, ACCENT);
    if level <= 2 {
      self.line_across(0.6, ACCENT);
    }
    self.y += 4.0;
    self.mark(Mark::Heading, top);
  }
}
