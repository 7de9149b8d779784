//! The cursor going down the pages: drawing and marking at it, new pages,
//! lines set across pages with widow and orphan control, and conditional
//! page breaks.

use super::{Draw, FLOOR, LEADING, Layout, Line, Mark, Page, Part, Rgb, TOP};
use pulldown_cmark::Alignment;

/// A forced page break is skipped while the page is less than this share
/// full, so no page but the cover and the last is nearly empty.
pub const MIN_FILL: f32 = 1.0 / 3.0;

impl Layout {
  /// Draws on the current page.
  pub fn draw(&mut self, item: Draw) {
    if let Some(page) = self.pages.last_mut() {
      page.items.push(item);
    }
  }

  /// Marks what was laid out on this page from `top` to the cursor.
  pub fn mark(&mut self, mark: Mark, top: f32) {
    let (bottom, block) = (self.y, self.block);
    if let Some(page) = self.pages.last_mut() {
      page.parts.push(Part {
        mark,
        top,
        bottom,
        block,
      });
    }
  }

  /// Starts a new page.
  pub fn new_page(&mut self) {
    self.pages.push(Page::default());
    self.y = TOP;
  }

  /// Moves to a new page unless `height` fits below the cursor.
  pub fn ensure(&mut self, height: f32) {
    if self.y + height > FLOOR && self.y > TOP {
      self.new_page();
    }
  }

  /// Draws wrapped lines with their first baseline `size` below the cursor.
  pub fn lines(
    &mut self,
    lines: &[Line],
    x: f32,
    width: f32,
    size: f32,
    align: Alignment,
    color: Rgb,
  ) {
    let lh = size * LEADING;
    for (runs, w) in lines {
      self.ensure(lh);
      let dx = match align {
        Alignment::Center => (width - w) / 2.0,
        Alignment::Right => width - w,
        _ => 0.0,
      };
      let baseline = self.y + size;
      for r in runs {
        self.draw(Draw::Text {
          x: x + dx + r.x,
          y: baseline,
          size,
          face: r.face,
          text: r.text.clone(),
          color,
        });
      }
      self.y += lh;
    }
  }

  /// How many of `n` lines of height `lh` to set on this page: all if they
  /// fit; otherwise at least two here and two on the next page (no orphan,
  /// no widow), or none (start a new page). On an empty page, as many as
  /// fit but two.
  pub(super) fn take(&self, n: usize, lh: f32) -> usize {
    let room = ((FLOOR - self.y - 0.01) / lh).floor().max(0.0) as usize;
    if n <= room {
      n
    } else if self.y <= TOP {
      // Longer than a page: fill it, but leave two lines for the next.
      room.min(n.saturating_sub(2)).max(1)
    } else {
      let take = room.min(n.saturating_sub(2));
      if take < 2 { 0 } else { take }
    }
  }

  /// Sets lines across pages with widow and orphan control, marking each
  /// page's share as `mark`.
  #[allow(clippy::too_many_arguments)]
  pub(super) fn flow(
    &mut self,
    lines: &[Line],
    x: f32,
    width: f32,
    size: f32,
    color: Rgb,
    mark: Mark,
  ) {
    let lh = size * LEADING;
    let mut from = 0;
    while from < lines.len() {
      let take = self.take(lines.len() - from, lh);
      if take == 0 {
        self.new_page();
        continue;
      }
      let top = self.y;
      self.lines(
        &lines[from..from + take],
        x,
        width,
        size,
        Alignment::Left,
        color,
      );
      self.mark(mark, top);
      from += take;
      if from < lines.len() {
        self.new_page();
      }
    }
  }

  /// A forced page break, conditional: one that would leave this page
  /// less than a third full is skipped, except after the cover.
  pub(super) fn page_break(&mut self) {
    let cover = self.pages.len() == 1;
    let used = self.pages.last().map_or(0.0, Page::fill);
    let empty = self.y <= TOP && self.pages.last().is_some_and(|p| p.items.is_empty());
    if !empty && (cover || used >= MIN_FILL) {
      self.new_page();
    }
  }
}
