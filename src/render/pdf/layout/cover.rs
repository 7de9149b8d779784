//! The cover page: its blocks centred, titles in balanced lines.

use super::{ACCENT, Draw, INK, LEFT, Layout, Mark, PAGE_H, WIDTH, balanced};
use crate::render::pdf::blocks::Block;
use crate::render::pdf::fonts::Face;
use pulldown_cmark::Alignment;

impl Layout {
  /// Lays out the cover page's blocks, centred, from a fifth of the way
  /// down.
  pub(super) fn cover(&mut self, blocks: &[Block]) {
    self.y = PAGE_H * 0.2;
    let top = self.y;
    for block in blocks {
      match block {
        Block::Heading { level, spans } => {
          let size = if *level == 1 { 20.0 } else { 14.0 };
          let lines = balanced(spans, size, WIDTH, Some(Face::Bold));
          self.lines(&lines, LEFT, WIDTH, size, Alignment::Center, ACCENT);
          self.y += if *level == 1 { 18.0 } else { 10.0 };
        }
        Block::Paragraph(spans) => {
          let lines = balanced(spans, 11.0, WIDTH, None);
          self.lines(&lines, LEFT, WIDTH, 11.0, Alignment::Center, INK);
          self.y += 6.0;
        }
        Block::Rule => {
          self.y += 8.0;
          let (a, b) = (LEFT + WIDTH * 0.3, LEFT + WIDTH * 0.7);
          self.draw(Draw::Line {
            points: vec![(a, self.y), (b, self.y)],
            width: 1.0,
            color: ACCENT,
            dash: false,
          });
          self.y += 16.0;
        }
        other => self.block(other, &[]),
      }
    }
    self.mark(Mark::Cover, top);
  }
}
