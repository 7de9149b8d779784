//! The report template's Markdown, parsed into blocks to lay out.
//!
//! Markdown carries the words; a few directives in HTML comments place what
//! Markdown cannot: `<!-- cover -->` (until the next page break, centred on
//! the cover page), `<!-- pagebreak -->`, `<!-- radar -->`, `<!-- bars -->`,
//! `<!-- timeline -->`, and `<!-- signatures -->` (the next table is the
//! signature block: no rules, room to sign).

use super::fonts::Face;
use crate::common::*;
use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

/// A run of text in one face.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
  /// The text (NFC).
  pub text: String,
  /// Its face.
  pub face: Face,
}

/// A table cell: runs of text.
pub type Cell = Vec<Span>;

/// A chart drawn from the report's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
  /// Radar of the dimension scores (with the earlier assessment overlaid).
  Radar,
  /// A bar per dimension.
  Bars,
  /// The plan's actions on a month axis, by phase.
  Timeline,
}

/// How a table is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
  /// Ruled grid with a shaded header repeated on every page.
  Grid,
  /// The signature block: centred columns, no rules, room to sign.
  Signatures,
}

/// A block of the report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
  /// A heading of level 1-3.
  Heading {
    /// 1, 2 or 3.
    level: u8,
    /// Its text.
    spans: Vec<Span>,
  },
  /// A paragraph.
  Paragraph(Vec<Span>),
  /// A bulleted or numbered list.
  List {
    /// Items.
    items: Vec<Vec<Span>>,
    /// Numbered.
    ordered: bool,
  },
  /// A table.
  Table {
    /// Header cells.
    header: Vec<Cell>,
    /// Body rows.
    rows: Vec<Vec<Cell>>,
    /// Column alignment.
    align: Vec<Alignment>,
    /// Grid or signatures.
    kind: TableKind,
  },
  /// A chart.
  Chart(Chart),
  /// A horizontal rule.
  Rule,
  /// Start a new page.
  PageBreak,
  /// The cover page's blocks, centred.
  Cover(Vec<Block>),
}

#[derive(Default)]
struct Builder {
  blocks: Vec<Block>,
  spans: Vec<Span>,
  faces: Vec<Face>,
  items: Vec<Vec<Span>>,
  ordered: bool,
  in_item: bool,
  header: Vec<Cell>,
  row: Vec<Cell>,
  rows: Vec<Vec<Cell>>,
  align: Vec<Alignment>,
  in_head: bool,
  next_table: Option<TableKind>,
  cover: Option<Vec<Block>>,
}

impl Builder {
  fn face(&self) -> Face {
    self.faces.last().copied().unwrap_or(Face::Regular)
  }

  fn text(&mut self, text: &str) {
    let face = self.face();
    match self.spans.last_mut() {
      Some(last) if last.face == face => last.text.push_str(text),
      _ => self.spans.push(Span {
        text: text.to_owned(),
        face,
      }),
    }
  }

  fn push(&mut self, block: Block) {
    match &mut self.cover {
      Some(cover) if block != Block::PageBreak => cover.push(block),
      Some(_) => {
        let cover = self.cover.take().unwrap_or_default();
        self.blocks.push(Block::Cover(cover));
        self.blocks.push(Block::PageBreak);
      }
      None => self.blocks.push(block),
    }
  }

  fn directive(&mut self, html: &str) -> Result<(), Error> {
    for comment in html.split("<!--").skip(1) {
      let name = comment.split("-->").next().unwrap_or("").trim();
      match name {
        "cover" => self.cover = Some(Vec::new()),
        "pagebreak" => self.push(Block::PageBreak),
        "radar" => self.push(Block::Chart(Chart::Radar)),
        "bars" => self.push(Block::Chart(Chart::Bars)),
        "timeline" => self.push(Block::Chart(Chart::Timeline)),
        "signatures" => self.next_table = Some(TableKind::Signatures),
        other => {
          return Err(Error::Render {
            message: format!(
              "unknown directive <!-- {other} --> in the report template; use cover, pagebreak, radar, bars, timeline or signatures"
            ),
          });
        }
      }
    }
    Ok(())
  }
}

/// Parses the rendered report template into blocks.
pub fn parse(markdown: &str) -> Result<Vec<Block>, Error> {
  let mut b = Builder::default();
  for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
    match event {
      Event::Start(Tag::Strong) => b.faces.push(Face::Bold),
      Event::Start(Tag::Emphasis) => b.faces.push(Face::Italic),
      Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
        b.faces.pop();
      }
      Event::Text(t) | Event::Code(t) => b.text(&nfc(&t)),
      Event::SoftBreak | Event::HardBreak => b.text(" "),
      Event::Html(html) | Event::InlineHtml(html) => b.directive(&html)?,
      Event::End(TagEnd::Heading(level)) => {
        let spans = std::mem::take(&mut b.spans);
        b.push(Block::Heading {
          level: (level as u8).min(3),
          spans,
        });
      }
      Event::End(TagEnd::Paragraph) => {
        let spans = std::mem::take(&mut b.spans);
        if !b.in_item {
          b.push(Block::Paragraph(spans));
        } else {
          b.spans = spans;
        }
      }
      Event::Start(Tag::List(first)) => {
        b.ordered = first.is_some();
        b.items.clear();
      }
      Event::Start(Tag::Item) => b.in_item = true,
      Event::End(TagEnd::Item) => {
        b.in_item = false;
        let spans = std::mem::take(&mut b.spans);
        b.items.push(spans);
      }
      Event::End(TagEnd::List(_)) => {
        let items = std::mem::take(&mut b.items);
        let ordered = b.ordered;
        b.push(Block::List { items, ordered });
      }
      Event::Start(Tag::Table(align)) => {
        b.align = align;
        b.header.clear();
        b.rows.clear();
      }
      Event::Start(Tag::TableHead) => b.in_head = true,
      Event::End(TagEnd::TableHead) => {
        b.in_head = false;
        b.header = std::mem::take(&mut b.row);
      }
      Event::End(TagEnd::TableCell) => {
        let cell = std::mem::take(&mut b.spans);
        b.row.push(cell);
      }
      Event::End(TagEnd::TableRow) => {
        let row = std::mem::take(&mut b.row);
        b.rows.push(row);
      }
      Event::End(TagEnd::Table) => {
        let block = Block::Table {
          header: std::mem::take(&mut b.header),
          rows: std::mem::take(&mut b.rows),
          align: std::mem::take(&mut b.align),
          kind: b.next_table.take().unwrap_or(TableKind::Grid),
        };
        b.push(block);
      }
      Event::Rule => b.push(Block::Rule),
      _ => {}
    }
  }
  if let Some(cover) = b.cover.take() {
    b.blocks.push(Block::Cover(cover));
  }
  Ok(b.blocks)
}

#[cfg(test)]
mod tests {
  use super::*;

  fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
  }

  #[test]
  fn headings_paragraphs_and_emphasis() {
    let blocks = parse("# Báo cáo\n\nChỉ số **42,37** điểm, *tham khảo*.\n").expect("parses");
    assert!(matches!(&blocks[0], Block::Heading { level: 1, spans } if plain(spans) == "Báo cáo"));
    let Block::Paragraph(spans) = &blocks[1] else {
      panic!("paragraph")
    };
    assert_eq!(
      spans.iter().map(|s| s.face).collect::<Vec<_>>(),
      vec![
        Face::Regular,
        Face::Bold,
        Face::Regular,
        Face::Italic,
        Face::Regular
      ]
    );
  }

  #[test]
  fn tables_with_header_and_rows() {
    let blocks =
      parse("| Việc | Chi phí |\n|---|---:|\n| Hóa đơn | 1.000.000 đ |\n| Sao lưu | 0 đ |\n")
        .expect("parses");
    let Block::Table {
      header,
      rows,
      align,
      kind,
    } = &blocks[0]
    else {
      panic!("table")
    };
    assert_eq!(plain(&header[1]), "Chi phí");
    assert_eq!(rows.len(), 2);
    assert_eq!(align[1], Alignment::Right);
    assert_eq!(*kind, TableKind::Grid);
  }

  #[test]
  fn directives_place_cover_charts_and_breaks() {
    let blocks = parse("<!-- cover -->\n\n# Tiêu đề\n\n<!-- pagebreak -->\n\n<!-- radar -->\n\n<!-- signatures -->\n\n| A | B |\n|---|---|\n| x | y |\n").expect("parses");
    assert!(matches!(&blocks[0], Block::Cover(inner) if inner.len() == 1));
    assert_eq!(blocks[1], Block::PageBreak);
    assert_eq!(blocks[2], Block::Chart(Chart::Radar));
    assert!(matches!(
      &blocks[3],
      Block::Table {
        kind: TableKind::Signatures,
        ..
      }
    ));
  }

  #[test]
  fn unknown_directive_is_an_error_naming_it() {
    let err = parse("<!-- piechart -->\n").expect_err("refused");
    assert!(err.to_string().contains("piechart"));
  }
}
