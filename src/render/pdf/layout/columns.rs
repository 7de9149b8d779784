//! A table's column widths: every column at least its longest word, the
//! rest of the text area to the columns where it shortens the table most,
//! none past its robust width.

use super::{SMALL, WIDTH};
use crate::render::pdf::blocks::Cell;
use crate::render::pdf::fonts::{Face, metrics};

/// Column widths that fill the text area: every column gets at least its
/// longest word where possible; the rest goes, a slice at a time, to the
/// column where it shortens the table most (the sum over rows of each
/// row's tallest cell), so the column holding most of the text (an action
/// and why it comes then) is not squeezed into a sliver while short
/// columns ("tháng 7", "–") stand half empty. No column grows past its
/// robust width: the 90th percentile of its cells (and the header), or
/// about three words a line for a column with one long cell among
/// dashes, so one outlier (a 2,000-character note) wraps in its column
/// instead of widening it for the whole table.
pub(super) fn column_widths(
  header: &[Cell],
  rows: &[Vec<Cell>],
  columns: usize,
  pad: f32,
) -> Vec<f32> {
  let Measure { min, max, table } = Measure::new(header, rows, columns, pad);
  let total_max: f32 = max.iter().sum();
  if total_max <= WIDTH {
    let extra = (WIDTH - total_max) / columns as f32;
    return max.iter().map(|m| m + extra).collect();
  }
  let total_min: f32 = min.iter().sum();
  if total_min >= WIDTH {
    return min.iter().map(|m| m * WIDTH / total_min).collect();
  }
  grow(with_tenth(min, &max), &max, &table, pad)
}

/// What the widths are chosen from.
struct Measure {
  /// Each column's least width: its longest word (at most 30% of the
  /// text area).
  min: Vec<f32>,
  /// Each column's robust width, which it never grows past.
  max: Vec<f32>,
  /// Per row, the header first, each cell's text on one line and the room
  /// a line loses at its end (about half a word).
  table: Vec<Vec<(f32, f32)>>,
}

impl Measure {
  fn new(header: &[Cell], rows: &[Vec<Cell>], columns: usize, pad: f32) -> Self {
    let mut min = vec![0.0f32; columns];
    let mut max = vec![0.0f32; columns];
    let mut cells: Vec<Vec<f32>> = vec![Vec::with_capacity(rows.len()); columns];
    let mut head = vec![(0.0f32, 0.0f32); columns];
    for (c, cell) in header.iter().enumerate().take(columns) {
      let (lo, hi) = natural(cell, Some(Face::Bold));
      min[c] = lo.min(WIDTH * 0.3) + 2.0 * pad;
      max[c] = hi + 2.0 * pad;
      head[c] = (hi, ragged(cell, hi));
    }
    let mut table: Vec<Vec<(f32, f32)>> = Vec::with_capacity(rows.len() + 1);
    table.push(head);
    for row in rows {
      let mut texts = vec![(0.0f32, 0.0f32); columns];
      for (c, cell) in row.iter().enumerate().take(columns) {
        let (lo, hi) = natural(cell, None);
        min[c] = min[c].max(lo.min(WIDTH * 0.3) + 2.0 * pad);
        cells[c].push(hi + 2.0 * pad);
        texts[c] = (hi, ragged(cell, hi));
      }
      table.push(texts);
    }
    for (c, widths) in cells.iter_mut().enumerate() {
      // A column of dashes with one long cell still gets a readable width
      // (about three words a line), not a tower of one word per line.
      let longest = widths.iter().copied().fold(0.0f32, f32::max);
      let readable = longest.min(WIDTH * 0.13);
      max[c] = max[c].max(percentile90(widths)).max(min[c]).max(readable);
    }
    Measure { min, max, table }
  }
}

/// Every column a tenth of the width where it has that much text, so a
/// short cell ("Người đại diện tổ hợp tác") is not one word a line
/// because another column is always taller; unless that leaves no room.
fn with_tenth(min: Vec<f32>, max: &[f32]) -> Vec<f32> {
  let floor: Vec<f32> = min
    .iter()
    .zip(max)
    .map(|(lo, hi)| lo.max(hi.min(WIDTH * 0.1)))
    .collect();
  if floor.iter().sum::<f32>() < WIDTH {
    floor
  } else {
    min
  }
}

/// Grows the columns from `min`, a slice at a time, each slice to the
/// column where it shortens the table most; a column never grows past its
/// robust width (`max`), so one outlier cell cannot widen it; within that,
/// every cell counts as it is.
fn grow(min: Vec<f32>, max: &[f32], table: &[Vec<(f32, f32)>], pad: f32) -> Vec<f32> {
  let total_min: f32 = min.iter().sum();
  let mut widths = min;
  let steps = 240;
  let slice = (WIDTH - total_min) / steps as f32;
  for step in 0..steps {
    match most_shortened(&mut widths, max, slice, table, pad) {
      Some(c) => widths[c] += slice,
      None => {
        // Nothing gets shorter: share what is left by how much more text
        // each column could still take.
        share(&mut widths, max, slice * (steps - step) as f32);
        break;
      }
    }
  }
  widths
}

/// The column a `slice` more width shortens the table most, if any
/// column below its `max` gets shorter.
fn most_shortened(
  widths: &mut [f32],
  max: &[f32],
  slice: f32,
  table: &[Vec<(f32, f32)>],
  pad: f32,
) -> Option<usize> {
  let now = height(table, widths, pad);
  let mut best: Option<(usize, f32)> = None;
  for c in 0..widths.len() {
    if widths[c] >= max[c] {
      continue;
    }
    widths[c] += slice;
    let gain = now - height(table, widths, pad);
    widths[c] -= slice;
    if gain > 1e-4 && best.is_none_or(|(_, g)| gain > g) {
      best = Some((c, gain));
    }
  }
  best.map(|(c, _)| c)
}

/// Lines the table's rows need at `widths`: each row's tallest cell, text
/// over the width it has (a continuous estimate, so every slice of width
/// shows its effect).
fn height(table: &[Vec<(f32, f32)>], widths: &[f32], pad: f32) -> f32 {
  table
    .iter()
    .map(|row| {
      row
        .iter()
        .zip(widths)
        .map(|((t, r), w)| (t / (w - 2.0 * pad - r).max(1.0)).max(1.0))
        .fold(1.0f32, f32::max)
    })
    .sum()
}

/// Shares `spare` width among the columns by how much more text each
/// could still take.
fn share(widths: &mut [f32], max: &[f32], spare: f32) {
  let columns = widths.len();
  let want: Vec<f32> = max
    .iter()
    .zip(widths.iter())
    .map(|(hi, w)| (hi - w).max(0.0).sqrt())
    .collect();
  let total_want: f32 = want.iter().sum();
  for (w, x) in widths.iter_mut().zip(&want) {
    *w += if total_want > 0.0 {
      spare * x / total_want
    } else {
      spare / columns as f32
    };
  }
}

/// The widest word of `cell` and its whole text on one line.
fn natural(cell: &Cell, force: Option<Face>) -> (f32, f32) {
  let mut longest_word = 0.0f32;
  let mut total = 0.0f32;
  for span in cell {
    let m = metrics(force.unwrap_or(span.face));
    total += m.width(&span.text, SMALL);
    // Words as the wrapper sees them: a no-break space joins.
    for word in span.text.split(' ') {
      longest_word = longest_word.max(m.width(word, SMALL));
    }
  }
  (longest_word, total)
}

/// About half a word of `cell`, whose text is `total` wide on one line:
/// the room a wrapped line leaves unused at its end, on average.
fn ragged(cell: &Cell, total: f32) -> f32 {
  let words: usize = cell.iter().map(|s| s.text.split(' ').count()).sum();
  if words == 0 {
    0.0
  } else {
    0.5 * total / words as f32
  }
}

/// The 90th percentile (nearest rank) of `values`; 0 when empty.
fn percentile90(values: &mut [f32]) -> f32 {
  if values.is_empty() {
    return 0.0;
  }
  values.sort_by(f32::total_cmp);
  let rank = (values.len() * 9).div_ceil(10).max(1);
  values[rank - 1]
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::render::pdf::layout::tests::{span, text};

  #[test]
  fn columns_fill_the_width() {
    let header = vec![vec![span(&text("task"))], vec![span(&text("cost"))]];
    let rows = vec![vec![
      vec![span(&text("einvoice").repeat(5))],
      vec![span(&text("amount"))],
    ]];
    let w = column_widths(&header, &rows, 2, 3.0);
    assert!((w.iter().sum::<f32>() - WIDTH).abs() < 0.5);
    assert!(w[1] >= metrics(Face::Regular).width("1.000.000", SMALL));
  }

  #[test]
  fn one_long_note_does_not_widen_its_column() {
    let header = vec![
      vec![span(&text("code"))],
      vec![span(&text("question"))],
      vec![span(&text("note"))],
    ];
    let row = |note: &str| {
      vec![
        vec![span("LD01")],
        vec![span(&text("question_text"))],
        vec![span(note)],
      ]
    };
    let mut rows: Vec<Vec<Cell>> = (0..40).map(|_| row(&text("short_note"))).collect();
    let before = column_widths(&header, &rows, 3, 3.0);
    rows[7] = row(&text("long_note").repeat(60));
    let after = column_widths(&header, &rows, 3, 3.0);
    for (b, a) in before.iter().zip(&after) {
      assert!((b - a).abs() < 0.5, "{before:?} → {after:?}");
    }
  }
}
