//! Keep-with-next: a heading stays with the start of what follows, a
//! label or a short introduction with its table or list, the last text
//! with the signatures; how much of a block must share its first page.

use super::signature::SignatureBlock;
use super::table::{SMALL_TABLE, table_start, wrap_table};
use super::{BODY, LEADING, Layout, Line, WIDTH, heading_size, wrap};
use crate::render::pdf::blocks::{Block, Span};
use crate::render::pdf::fonts::Face;

impl Layout {
  /// A heading wrapped, and the height it takes with the room above and
  /// below it.
  pub(super) fn heading_lines(level: u8, spans: &[Span]) -> (Vec<Line>, f32) {
    let size = heading_size(level);
    let lines = wrap(spans, size, WIDTH, Some(Face::Bold));
    let above = if level == 1 { 6.0 } else { 10.0 };
    let height = above + lines.len() as f32 * size * LEADING + 4.0;
    (lines, height)
  }

  /// Whether a paragraph stays whole with the start of what follows: a
  /// label ("…:"), a short introduction to a table or list, or the last
  /// text before the signatures.
  pub(super) fn keeps_with_next(spans: &[Span], lines: usize, rest: &[Block]) -> bool {
    match rest.first() {
      Some(Block::Signatures { .. }) => true,
      Some(Block::Table { .. } | Block::List { .. }) => lines <= 4 || is_label(spans),
      Some(_) => is_label(spans) && lines <= 4,
      None => false,
    }
  }

  /// The least height the start of `rest` needs on the page it starts on:
  /// what keep-with-next keeps with a heading, label or introduction.
  pub(super) fn start_height(&self, rest: &[Block]) -> f32 {
    let lh = BODY * LEADING;
    let Some(first) = rest.first() else {
      return 0.0;
    };
    match first {
      Block::Heading { level, spans } => {
        Self::heading_lines(*level, spans).1 + self.start_height(&rest[1..])
      }
      Block::Paragraph(spans) => {
        let n = wrap(spans, BODY, WIDTH, None).len();
        if Self::keeps_with_next(spans, n, &rest[1..]) {
          n as f32 * lh + 5.0 + self.start_height(&rest[1..])
        } else {
          first_lines(n) as f32 * lh
        }
      }
      Block::List { items, .. } => {
        // As the list sets its first item: two lines of it, or all of it
        // and the second when that is a one-line last item, which never
        // goes to a new page alone.
        let lines: Vec<usize> = items
          .iter()
          .take(2)
          .map(|i| wrap(i, BODY, WIDTH - 14.0, None).len())
          .collect();
        let first = lines.first().copied().unwrap_or(1);
        let n = match lines.as_slice() {
          [a, 1] if items.len() == 2 && *a <= 3 => a + 1,
          _ => first_lines(first),
        };
        n as f32 * lh + 1.5
      }
      Block::Table {
        header,
        rows,
        align: _,
      } => {
        // Widths from every row; only the rows kept together wrapped.
        let (_, head, body) = wrap_table(header, rows, SMALL_TABLE);
        table_start(&head, &body, rows.len())
      }
      Block::Signatures {
        place_date,
        header,
        rows,
      } => SignatureBlock::new(place_date, header, rows).height(),
      Block::Chart(figure) => figure.min_height(),
      Block::Rule => 10.0,
      Block::PageBreak | Block::Cover(_) => 0.0,
    }
  }
}

/// Whether a paragraph is a label introducing what follows ("…:").
pub(super) fn is_label(spans: &[Span]) -> bool {
  spans
    .iter()
    .rev()
    .flat_map(|s| s.text.chars().rev())
    .find(|c| !c.is_whitespace())
    == Some(':')
}

/// How many of a block's `n` lines must share the page it starts on:
/// two when it can break (two lines each side, so four or more), else all.
fn first_lines(n: usize) -> usize {
  if n <= 3 { n } else { 2 }
}
