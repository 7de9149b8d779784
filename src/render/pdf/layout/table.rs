//! A ruled table: a shaded header that never ends a page and repeats on
//! every page, rows never cut (unless one is taller than a page), a small
//! table kept whole.

use super::columns::column_widths;
use super::{
  Draw, FLOOR, GRID, INK, LEADING, LEFT, Layout, Line, Mark, Rgb, SHADE, SMALL, TOP, wrap,
};
use crate::render::pdf::blocks::Cell;
use crate::render::pdf::fonts::Face;
use pulldown_cmark::Alignment;

impl Layout {
  /// Sets a table: header, then rows while they fit, the header again on
  /// each new page.
  pub(super) fn table(&mut self, header: &[Cell], rows: &[Vec<Cell>], align: &[Alignment]) {
    let (widths, head, body) = wrap_table(header, rows, rows.len());
    if widths.is_empty() {
      return;
    }
    let pad = 3.0;
    let lh = SMALL * LEADING;
    let head_height = rows_height(&head, lh, pad);
    // The header never ends a page: it starts where its first row fits (a
    // small table, where all of it fits).
    self.ensure(table_start(&head, &body, rows.len()));
    self.y += 2.0;
    self.table_row(&head, &widths, align, Some(SHADE), 0, usize::MAX);
    for row in &body {
      let lines = row.iter().map(Vec::len).max().unwrap_or(1).max(1);
      let height = lines as f32 * lh + 2.0 * pad;
      if self.y + height <= FLOOR {
        self.table_row(row, &widths, align, None, 0, lines);
        continue;
      }
      if height <= FLOOR - TOP - head_height {
        // Rows are never cut: start a page and repeat the header.
        self.new_page();
        self.table_row(&head, &widths, align, Some(SHADE), 0, usize::MAX);
        self.table_row(row, &widths, align, None, 0, lines);
        continue;
      }
      // Only a row taller than a whole page is split, line by line.
      let mut from = 0;
      while from < lines {
        let room = ((FLOOR - self.y - 2.0 * pad) / lh).floor().max(0.0) as usize;
        if room == 0 {
          self.new_page();
          self.table_row(&head, &widths, align, Some(SHADE), 0, usize::MAX);
          continue;
        }
        let count = (lines - from).min(room);
        self.table_row(row, &widths, align, None, from, count);
        from += count;
      }
    }
    self.y += 8.0;
  }

  /// Draws lines `from..from+count` of each cell as one row; a shaded row
  /// is the header.
  fn table_row(
    &mut self,
    cells: &[Vec<Line>],
    widths: &[f32],
    align: &[Alignment],
    fill: Option<Rgb>,
    from: usize,
    count: usize,
  ) {
    let pad = 3.0;
    let lh = SMALL * LEADING;
    let shown = cells
      .iter()
      .map(|c| c.len().saturating_sub(from).min(count))
      .max()
      .unwrap_or(0)
      .max(1);
    let height = shown as f32 * lh + 2.0 * pad;
    let top = self.y;
    let mut x = LEFT;
    for (c, lines) in cells.iter().enumerate() {
      let w = widths[c];
      self.draw(Draw::Rect {
        x,
        y: self.y,
        w,
        h: height,
        fill,
        stroke: Some(GRID),
      });
      let a = align.get(c).copied().unwrap_or(Alignment::None);
      for (i, (runs, lw)) in lines.iter().skip(from).take(shown).enumerate() {
        let dx = match a {
          Alignment::Right => w - 2.0 * pad - lw,
          Alignment::Center => (w - 2.0 * pad - lw) / 2.0,
          _ => 0.0,
        };
        let baseline = self.y + pad + i as f32 * lh + SMALL;
        for r in runs {
          self.draw(Draw::Text {
            x: x + pad + dx + r.x,
            y: baseline,
            size: SMALL,
            face: r.face,
            text: r.text.clone(),
            color: INK,
          });
        }
      }
      x += w;
    }
    self.y += height;
    let mark = if fill.is_some() {
      Mark::TableHeader
    } else {
      Mark::TableRow
    };
    self.mark(mark, top);
  }
}

/// A table of at most this many rows is not split, when it fits in a third
/// of a page.
pub(super) const SMALL_TABLE: usize = 6;

/// The height a table needs on the page it starts on: header and first
/// row, or the whole of a small table.
pub(super) fn table_start(head: &[Vec<Line>], body: &[Vec<Vec<Line>>], rows: usize) -> f32 {
  let (pad, lh) = (3.0, SMALL * LEADING);
  let head_height = rows_height(head, lh, pad);
  let first = body.first().map_or(0.0, |r| rows_height(r, lh, pad));
  let whole: f32 = body.iter().map(|r| rows_height(r, lh, pad)).sum();
  if rows <= SMALL_TABLE && head_height + whole <= (FLOOR - TOP) / 3.0 {
    2.0 + head_height + whole
  } else {
    2.0 + head_height + first.min(FLOOR - TOP - head_height)
  }
}

/// A table's column widths and its header and first `count` rows wrapped
/// to them.
#[allow(clippy::type_complexity)]
pub(super) fn wrap_table(
  header: &[Cell],
  rows: &[Vec<Cell>],
  count: usize,
) -> (Vec<f32>, Vec<Vec<Line>>, Vec<Vec<Vec<Line>>>) {
  let columns = header
    .len()
    .max(rows.iter().map(Vec::len).max().unwrap_or(0));
  if columns == 0 {
    return (Vec::new(), Vec::new(), Vec::new());
  }
  let pad = 3.0;
  let widths = column_widths(header, rows, columns, pad);
  let wrap_row = |cells: &[Cell], force: Option<Face>| -> Vec<Vec<Line>> {
    (0..columns)
      .map(|c| {
        wrap(
          cells.get(c).map_or(&[][..], |v| v.as_slice()),
          SMALL,
          widths[c] - 2.0 * pad,
          force,
        )
      })
      .collect()
  };
  let head = wrap_row(header, Some(Face::Bold));
  let body = rows.iter().take(count).map(|r| wrap_row(r, None)).collect();
  (widths, head, body)
}

fn rows_height(cells: &[Vec<Line>], lh: f32, pad: f32) -> f32 {
  cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * pad
}
