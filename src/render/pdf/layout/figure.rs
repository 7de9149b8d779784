//! A drawn chart (`Figure`) placed at the cursor: its rows go on while
//! they fit, and its head is set again on each page it runs onto. The
//! layout holds no chart data.

use super::{FLOOR, Layout, Mark, TOP};
use crate::render::pdf::charts::{Figure, Shape};

impl Layout {
  /// Places a drawn chart at the cursor: rows go on while they fit, and
  /// the head is set again on each page the chart runs onto.
  pub fn figure(&mut self, figure: &Figure) {
    if figure.is_empty() {
      return;
    }
    self.ensure(figure.min_height());
    let mut top = self.y;
    self.shape(&figure.head);
    for row in &figure.rows {
      if self.y + row.height > FLOOR {
        self.mark(Mark::Chart, top);
        self.new_page();
        top = self.y;
        self.shape(&figure.head);
      }
      self.shape(row);
    }
    self.y += figure.after;
  }

  /// Draws a shape with its top at the cursor, and moves past it.
  fn shape(&mut self, shape: &Shape) {
    let dy = self.y;
    for item in &shape.items {
      self.draw(item.lowered(dy));
    }
    self.y += shape.height;
  }

  /// Places a chart block, marked from where it starts on the page it
  /// ends on.
  pub(super) fn chart(&mut self, figure: &Figure) {
    let pages = self.pages.len();
    let top = self.y;
    self.figure(figure);
    let top = if self.pages.len() == pages { top } else { TOP };
    self.mark(Mark::Chart, top);
  }
}
