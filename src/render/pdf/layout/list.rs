//! A bulleted or numbered list: each item's lines flow beside its marker,
//! and a one-line last item never stands alone at the top of a page.

use super::{ACCENT, BODY, Draw, FLOOR, INK, LEADING, LEFT, Layout, Line, Mark, WIDTH, wrap};
use crate::render::pdf::blocks::Span;
use crate::render::pdf::fonts::Face;

impl Layout {
  /// Sets a list's items, numbered when `ordered`.
  pub(super) fn list(&mut self, items: &[Vec<Span>], ordered: bool) {
    let lh = BODY * LEADING;
    let wrapped: Vec<Vec<Line>> = items
      .iter()
      .map(|item| wrap(item, BODY, WIDTH - 14.0, None))
      .collect();
    for (i, lines) in wrapped.iter().enumerate() {
      let marker = if ordered {
        format!("{}.", i + 1)
      } else {
        "•".to_owned()
      };
      // A one-line last item never stands alone at the top of a page:
      // the item before it goes along when it is short.
      let last = wrapped.len() == i + 2 && wrapped[i + 1].len() == 1 && lines.len() <= 3;
      let needed = if last { lines.len() + 1 } else { lines.len() };
      if self.take(lines.len(), lh) == 0 || (last && self.y + needed as f32 * lh + 1.5 > FLOOR) {
        self.ensure(needed as f32 * lh + 1.5);
      }
      if self.take(lines.len(), lh) == 0 {
        self.new_page();
      }
      self.draw(Draw::Text {
        x: LEFT + 2.0,
        y: self.y + BODY,
        size: BODY,
        face: Face::Regular,
        text: marker,
        color: ACCENT,
      });
      self.flow(lines, LEFT + 14.0, WIDTH - 14.0, BODY, INK, Mark::Text);
      self.y += 1.5;
    }
    self.y += 4.0;
  }
}
