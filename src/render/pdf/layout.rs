//! Pagination: blocks → pages of positioned text and shapes.
//!
//! Coordinates are points from the page's top-left corner; `writer.rs`
//! flips them for PDF. Every line of text is placed between the margins:
//! paragraphs wrap by glyph advance widths, headings stay with what follows,
//! table rows are never cut (unless one is taller than a page) and the table
//! header repeats on every page.
//!
//! [`Layout`] is the cursor going down the pages; one file per concept:
//! the page (`geometry`, `style`, `draw`, `page`), line breaking (`wrap`),
//! setting lines across pages (`flow`), keep-with-next (`keep`), and each
//! kind of block (`heading`, `paragraph`, `list`, `table` with its
//! `columns`, `figure`, `rule`, `cover`, `signature`).

mod columns;
mod cover;
mod draw;
mod figure;
mod flow;
mod geometry;
mod heading;
mod keep;
mod list;
mod page;
mod paragraph;
mod rule;
mod signature;
mod style;
mod table;
#[cfg(test)]
mod tests;
mod wrap;

pub use draw::Draw;
pub use flow::MIN_FILL;
pub use geometry::{BOTTOM, FLOOR, LEFT, PAGE_H, PAGE_W, RIGHT, TOP, WIDTH};
pub use page::{Mark, Page, Part};
pub use signature::SIGN_SPACE;
pub use style::{ACCENT, BODY, GRID, INK, LEADING, MUTED, Rgb, SHADE, SMALL, heading_size};
pub use wrap::{Line, Run, balanced, wrap};

use super::blocks::Block;
use signature::SignatureBlock;

/// Lays blocks out on pages.
pub struct Layout {
  /// Pages so far.
  pub pages: Vec<Page>,
  /// The cursor: top of the next block.
  pub y: f32,
  /// The index of the block being laid out.
  pub block: usize,
}

impl Default for Layout {
  fn default() -> Self {
    Self::new()
  }
}

impl Layout {
  /// An empty layout on its first page.
  pub fn new() -> Self {
    Self {
      pages: vec![Page::default()],
      y: TOP,
      block: 0,
    }
  }

  /// Lays out every block.
  pub fn blocks(&mut self, blocks: &[Block]) {
    for (i, block) in blocks.iter().enumerate() {
      self.block = i;
      self.block(block, &blocks[i + 1..]);
    }
  }

  /// Lays out one block; `rest` are the blocks after it, which a heading
  /// or an introduction keeps with.
  fn block(&mut self, block: &Block, rest: &[Block]) {
    match block {
      Block::Heading { level, spans } => self.heading(*level, spans, rest),
      Block::Paragraph(spans) => self.paragraph(spans, rest),
      Block::List { items, ordered } => self.list(items, *ordered),
      Block::Table {
        header,
        rows,
        align,
      } => self.table(header, rows, align),
      Block::Signatures {
        place_date,
        header,
        rows,
      } => self.signatures(&SignatureBlock::new(place_date, header, rows)),
      Block::Chart(figure) => self.chart(figure),
      Block::Rule => self.rule(),
      Block::PageBreak => self.page_break(),
      Block::Cover(blocks) => self.cover(blocks),
    }
  }
}
