//! A paragraph: kept whole with what follows when it introduces it, set
//! across pages with widow and orphan control, marked as a label when it
//! ends with a colon.

use super::keep::is_label;
use super::{BODY, FLOOR, INK, LEADING, LEFT, Layout, Mark, TOP, WIDTH, wrap};
use crate::render::pdf::blocks::{Block, Span};

impl Layout {
  /// Sets a paragraph; `rest` are the blocks after it.
  pub(super) fn paragraph(&mut self, spans: &[Span], rest: &[Block]) {
    let lines = wrap(spans, BODY, WIDTH, None);
    if Self::keeps_with_next(spans, lines.len(), rest) {
      let own = lines.len() as f32 * BODY * LEADING + 5.0;
      let keep = self.start_height(rest);
      if own + keep <= FLOOR - TOP {
        self.ensure(own + keep);
      }
    }
    let mark = if is_label(spans) {
      Mark::Label
    } else {
      Mark::Text
    };
    self.flow(&lines, LEFT, WIDTH, BODY, INK, mark);
    self.y += 5.0;
  }
}
