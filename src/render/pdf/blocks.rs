//! The report template's Markdown, parsed into blocks to lay out.
//!
//! Markdown carries the words; a few directives in HTML comments place what
//! Markdown cannot: `<!-- cover -->` (until the next page break, centred on
//! the cover page), `<!-- pagebreak -->` (a new page, unless the page so
//! far is less than a third full), `<!-- radar -->`, `<!-- bars -->`,
//! `<!-- timeline -->`, and `<!-- signatures -->`: the paragraphs up to the
//! next table are the place-and-date line and the table is the signature
//! block (captions, room to sign, names), laid out as one unit.
//!
//! Text gets the non-breaking spaces Vietnamese typography expects
//! ([`typography`]): a number stays with its unit, a day or month with its
//! number, and a dash never starts a line.

use super::charts::Figure;
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
  /// A ruled table whose shaded header repeats on every page.
  Table {
    /// Header cells.
    header: Vec<Cell>,
    /// Body rows.
    rows: Vec<Vec<Cell>>,
    /// Column alignment.
    align: Vec<Alignment>,
  },
  /// The signature block: the place-and-date line, one column per signer
  /// (caption rows, room to sign, then the rows after the first: names).
  Signatures {
    /// The place-and-date line(s), set over the last column.
    place_date: Vec<Vec<Span>>,
    /// Who signs, one column each.
    header: Vec<Cell>,
    /// Caption rows: the first is followed by the room to sign.
    rows: Vec<Vec<Cell>>,
  },
  /// A chart, drawn.
  Chart(Figure),
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
  signatures: Option<Vec<Vec<Span>>>,
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

  fn directive(&mut self, html: &str, draw: &dyn Fn(Chart) -> Figure) -> Result<(), Error> {
    for comment in html.split("<!--").skip(1) {
      let name = comment.split("-->").next().unwrap_or("").trim();
      match name {
        "cover" => self.cover = Some(Vec::new()),
        "pagebreak" => self.push(Block::PageBreak),
        "radar" => self.push(Block::Chart(draw(Chart::Radar))),
        "bars" => self.push(Block::Chart(draw(Chart::Bars))),
        "timeline" => self.push(Block::Chart(draw(Chart::Timeline))),
        "signatures" => self.signatures = Some(Vec::new()),
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

/// Parses the rendered report template into blocks; `draw` draws the
/// charts its directives place.
pub fn parse(markdown: &str, draw: &dyn Fn(Chart) -> Figure) -> Result<Vec<Block>, Error> {
  let mut b = Builder::default();
  for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
    match event {
      Event::Start(Tag::Strong) => b.faces.push(Face::Bold),
      Event::Start(Tag::Emphasis) => b.faces.push(Face::Italic),
      Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
        b.faces.pop();
      }
      Event::Text(t) | Event::Code(t) => b.text(&typography(&nfc(&t))),
      Event::SoftBreak | Event::HardBreak => b.text(" "),
      Event::Html(html) | Event::InlineHtml(html) => b.directive(&html, draw)?,
      Event::End(TagEnd::Heading(level)) => {
        let spans = std::mem::take(&mut b.spans);
        b.push(Block::Heading {
          level: (level as u8).min(3),
          spans,
        });
      }
      Event::End(TagEnd::Paragraph) => {
        let spans = std::mem::take(&mut b.spans);
        if let (false, Some(place_date)) = (b.in_item, &mut b.signatures) {
          place_date.push(spans);
        } else if !b.in_item {
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
        let header = std::mem::take(&mut b.header);
        let rows = std::mem::take(&mut b.rows);
        let align = std::mem::take(&mut b.align);
        let block = match b.signatures.take() {
          Some(place_date) => Block::Signatures {
            place_date,
            header,
            rows,
          },
          None => Block::Table {
            header,
            rows,
            align,
          },
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

/// No-break space: the layout never breaks a line there; the writer prints
/// it as a plain space, so copied text reads as typed.
pub const NBSP: char = '\u{a0}';

/// Puts no-break spaces where a line must not break: between a number and
/// its unit ("5.000.000 đ", "12 tháng", "37,5 %"), between "ngày",
/// "tháng", "năm", "Điều", "months"... and their number, and before a dash
/// (a dash ends a line, never starts one: "VND –").
pub fn typography(text: &str) -> String {
  use regex::Regex;
  use std::sync::LazyLock;
  static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d) ((?:đ|đồng|VND|điểm|tháng|năm|việc|months?|years?|points|actions?)\b|%)")
      .unwrap_or_else(|e| panic!("unit pattern: {e}"))
  });
  static BEFORE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(ngày|tháng|năm|Điều|Khoản|số|mức|Giai đoạn|Art\.|No\.|month|months|level|Phase|Trang|Page) (\d)")
      .unwrap_or_else(|e| panic!("number pattern: {e}"))
  });
  if !text.contains(' ') {
    return text.to_owned();
  }
  let nb = NBSP.to_string();
  let s = text
    .replace(" –", &format!("{nb}–"))
    .replace(" →", &format!("{nb}→"));
  let s = UNIT.replace_all(&s, format!("${{1}}{nb}${{2}}").as_str());
  let s = BEFORE_NUMBER.replace_all(&s, format!("${{1}}{nb}${{2}}").as_str());
  s.into_owned()
}

#[cfg(test)]
mod tests {
  use super::*;

  /// Charts named, not drawn.
  fn undrawn(chart: Chart) -> Figure {
    Figure {
      chart: Some(chart),
      ..Figure::default()
    }
  }

  fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
  }

  #[test]
  fn headings_paragraphs_and_emphasis() {
    let blocks = parse(
      "# Báo cáo\n\nChỉ số **42,37** điểm, *tham khảo*.\n",
      &undrawn,
    )
    .expect("parses");
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
    let blocks = parse(
      "| Việc | Chi phí |\n|---|---:|\n| Hóa đơn | 1.000.000 đ |\n| Sao lưu | 0 đ |\n",
      &undrawn,
    )
    .expect("parses");
    let Block::Table {
      header,
      rows,
      align,
    } = &blocks[0]
    else {
      panic!("table")
    };
    assert_eq!(plain(&header[1]), "Chi phí");
    assert_eq!(rows.len(), 2);
    assert_eq!(align[1], Alignment::Right);
  }

  #[test]
  fn directives_place_cover_charts_and_breaks() {
    let blocks = parse("<!-- cover -->\n\n# Tiêu đề\n\n<!-- pagebreak -->\n\n<!-- radar -->\n\n<!-- signatures -->\n\n*Sơn La, ngày 05 tháng 10 năm 2026*\n\n| A | B |\n|---|---|\n| x | y |\n", &undrawn).expect("parses");
    assert!(matches!(&blocks[0], Block::Cover(inner) if inner.len() == 1));
    assert_eq!(blocks[1], Block::PageBreak);
    assert!(matches!(&blocks[2], Block::Chart(f) if f.chart == Some(Chart::Radar)));
    let Block::Signatures {
      place_date, rows, ..
    } = &blocks[3]
    else {
      panic!("signatures: {:?}", blocks[3])
    };
    assert_eq!(
      plain(&place_date[0]),
      "Sơn La, ngày\u{a0}05\u{a0}tháng\u{a0}10\u{a0}năm\u{a0}2026"
    );
    assert_eq!(place_date[0][0].face, Face::Italic);
    assert_eq!(rows.len(), 1);
    assert_eq!(blocks.len(), 4);
  }

  #[test]
  fn units_and_dashes_do_not_break_from_their_numbers() {
    assert_eq!(
      typography("5.000.000 đ – 12.000.000 đ; 1,000,000 VND – 3 months"),
      "5.000.000\u{a0}đ\u{a0}– 12.000.000\u{a0}đ; 1,000,000\u{a0}VND\u{a0}– 3\u{a0}months"
    );
    assert_eq!(
      typography("tháng 7–9, Điều 24"),
      "tháng\u{a0}7–9, Điều\u{a0}24"
    );
    assert_eq!(typography("Hợp tác xã"), "Hợp tác xã");
  }

  #[test]
  fn unknown_directive_is_an_error_naming_it() {
    let err = parse("<!-- piechart -->\n", &undrawn).expect_err("refused");
    assert!(err.to_string().contains("piechart"));
  }
}
