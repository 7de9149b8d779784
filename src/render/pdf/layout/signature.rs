//! The signature block: the place-and-date line, the captions, room to
//! sign and stamp, then the names; one unit, never split across pages.

use super::{BODY, Draw, INK, LEADING, LEFT, Layout, Line, Mark, WIDTH, wrap};
use crate::render::pdf::blocks::{Cell, Span};
use crate::render::pdf::fonts::Face;
use pulldown_cmark::Alignment;

/// Room left below the captions to sign and stamp: 35 mm.
pub const SIGN_SPACE: f32 = 35.0 * 72.0 / 25.4 + 1.0;

/// The signature block, wrapped: columns fill from the right, so one
/// signer (a self-assessment) signs in the right half, as in an
/// administrative document, under the place-and-date line.
pub(super) struct SignatureBlock {
  x0: f32,
  w: f32,
  place_date: Vec<Line>,
  head: Vec<Vec<Line>>,
  body: Vec<Vec<Vec<Line>>>,
}

impl SignatureBlock {
  /// The block of these place-and-date paragraphs and this table.
  pub(super) fn new(place_date: &[Vec<Span>], header: &[Cell], rows: &[Vec<Cell>]) -> Self {
    let columns = header.len().max(1);
    let w = WIDTH / columns.max(2) as f32;
    let x0 = LEFT + WIDTH - columns as f32 * w;
    let cell = |c: &Cell, force| wrap(c, BODY, w - 8.0, force);
    Self {
      x0,
      w,
      place_date: place_date
        .iter()
        .flat_map(|p| wrap(p, BODY, w, None))
        .collect(),
      head: header.iter().map(|c| cell(c, Some(Face::Bold))).collect(),
      body: rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c, None)).collect())
        .collect(),
    }
  }

  /// The height of a row of cells.
  fn tall(cells: &[Vec<Line>]) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(0) as f32 * BODY * LEADING
  }

  /// The height of the whole block, room to sign included.
  pub(super) fn height(&self) -> f32 {
    12.0
      + self.place_date.len() as f32 * BODY * LEADING
      + 6.0
      + Self::tall(&self.head)
      + self.body.iter().map(|r| Self::tall(r)).sum::<f32>()
      + SIGN_SPACE
      + 6.0
  }
}

impl Layout {
  /// The place-and-date line, the captions, 35 mm to sign and stamp, then
  /// the names: one unit, never split across pages.
  pub(super) fn signatures(&mut self, s: &SignatureBlock) {
    let lh = BODY * LEADING;
    self.ensure(s.height());
    self.y += 12.0;
    let top = self.y;
    let last = s.x0 + s.w * (s.head.len().max(1) - 1) as f32;
    for (runs, w) in &s.place_date {
      let x = last + (s.w - w) / 2.0;
      for r in runs {
        self.draw(Draw::Text {
          x: x + r.x,
          y: self.y + BODY,
          size: BODY,
          face: r.face,
          text: r.text.clone(),
          color: INK,
        });
      }
      self.y += lh;
    }
    self.mark(Mark::PlaceDate, top);
    self.y += 6.0;
    let top = self.y;
    let all: Vec<&Vec<Vec<Line>>> = std::iter::once(&s.head).chain(s.body.iter()).collect();
    for (r, cells) in all.iter().enumerate() {
      let row_top = self.y;
      let mut bottom = row_top;
      for (c, lines) in cells.iter().enumerate() {
        self.y = row_top;
        self.lines(
          lines,
          s.x0 + c as f32 * s.w + 4.0,
          s.w - 8.0,
          BODY,
          Alignment::Center,
          INK,
        );
        bottom = bottom.max(self.y);
      }
      self.y = bottom.max(row_top + SignatureBlock::tall(cells));
      // Room to sign and stamp below the captions (header and first row).
      if r == 1.min(all.len() - 1) {
        self.y += SIGN_SPACE;
      }
    }
    self.mark(Mark::Signature, top);
    self.y += 6.0;
  }
}
