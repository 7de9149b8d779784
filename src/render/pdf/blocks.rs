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
//! ([`Typography`]): a number stays with its unit, a day or month with its
//! number, and a dash never starts a line. The words are the message
//! catalogue's (`typography_unit_words`, `typography_words_before_number`).

use super::charts::Figure;
use super::fonts::Face;
use crate::common::*;
use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

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

/// Parses the rendered report template into blocks, its text set with
/// `typography`; `draw` draws the charts its directives place.
pub fn parse(
  markdown: &str,
  typography: &Typography,
  draw: &dyn Fn(Chart) -> Figure,
) -> Result<Vec<Block>, Error> {
  let mut b = Builder::default();
  for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
    match event {
      Event::Start(Tag::Strong) => b.faces.push(Face::Bold),
      Event::Start(Tag::Emphasis) => b.faces.push(Face::Italic),
      Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
        b.faces.pop();
      }
      Event::Text(t) | Event::Code(t) => b.text(&typography.apply(&nfc(&t))),
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

/// Where a line must not break: between a number and its unit ("5.000.000
/// đ", "12 tháng", "37,5 %"), between "ngày", "tháng", "Điều", "Page"...
/// and their number, and before a dash (a dash ends a line, never starts
/// one: "VND –"). The words are the message catalogue's, compiled once.
#[derive(Clone, Debug)]
pub struct Typography {
  /// A number, a space and a unit word or `%`.
  unit: Regex,
  /// A word, a space and a number; none without words.
  before_number: Option<Regex>,
}

impl Typography {
  /// Keeps numbers with `unit_words` after them and `words_before_number`
  /// before them; each list may hold every language's words.
  pub fn new(unit_words: &[String], words_before_number: &[String]) -> Result<Self, Error> {
    let unit = match alternation(unit_words) {
      Some(words) => format!(r"(\d) ((?:{words})\b|%)"),
      None => r"(\d) (%)".to_owned(),
    };
    let before_number = alternation(words_before_number).map(|words| format!(r"\b({words}) (\d)"));
    Ok(Self {
      unit: compile(&unit)?,
      before_number: before_number.as_deref().map(compile).transpose()?,
    })
  }

  /// `text` with no-break spaces where a line must not break.
  pub fn apply(&self, text: &str) -> String {
    if !text.contains(' ') {
      return text.to_owned();
    }
    let nb = NBSP.to_string();
    let s = text
      .replace(" –", &format!("{nb}–"))
      .replace(" →", &format!("{nb}→"));
    let joined = format!("${{1}}{nb}${{2}}");
    let s = self.unit.replace_all(&s, joined.as_str());
    match &self.before_number {
      Some(before) => before.replace_all(&s, joined.as_str()).into_owned(),
      None => s.into_owned(),
    }
  }
}

/// `words` as one regex alternation, longest first (so no word is cut
/// short by a shorter one it begins with); none without words.
fn alternation(words: &[String]) -> Option<String> {
  let mut words: Vec<&str> = words
    .iter()
    .map(|w| w.trim())
    .filter(|w| !w.is_empty())
    .collect();
  words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
  words.dedup();
  let escaped: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
  (!escaped.is_empty()).then(|| escaped.join("|"))
}

/// The compiled pattern; it fails only for word lists too long for the
/// regex engine.
fn compile(pattern: &str) -> Result<Regex, Error> {
  Regex::new(pattern).map_err(|e| Error::Render {
    message: format!("the typography word lists of the message catalogue do not compile: {e}"),
  })
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

  /// Typography with word lists like the catalogue's, both languages.
  fn typography() -> Typography {
    let words = |list: &str| list.split(", ").map(String::from).collect::<Vec<_>>();
    Typography::new(
      &words("đ, đồng, VND, điểm, tháng, năm, việc, month, months, year, years, points, action, actions"),
      &words("ngày, tháng, năm, Điều, Khoản, số, mức, Giai đoạn, Trang, Art., No., month, months, level, Phase, Page"),
    )
    .expect("compiles")
  }

  fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
  }

  #[test]
  fn headings_paragraphs_and_emphasis() {
    let blocks = parse(
      "# Báo cáo\n\nChỉ số **42,37** điểm, *tham khảo*.\n",
      &typography(),
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
      &typography(),
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
    let blocks = parse("<!-- cover -->\n\n# Tiêu đề\n\n<!-- pagebreak -->\n\n<!-- radar -->\n\n<!-- signatures -->\n\n*Sơn La, ngày 05 tháng 10 năm 2026*\n\n| A | B |\n|---|---|\n| x | y |\n", &typography(), &undrawn).expect("parses");
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
    let typography = typography();
    assert_eq!(
      typography.apply("5.000.000 đ – 12.000.000 đ; 1,000,000 VND – 3 months"),
      "5.000.000\u{a0}đ\u{a0}– 12.000.000\u{a0}đ; 1,000,000\u{a0}VND\u{a0}– 3\u{a0}months"
    );
    assert_eq!(
      typography.apply("tháng 7–9, Điều 24"),
      "tháng\u{a0}7–9, Điều\u{a0}24"
    );
    assert_eq!(typography.apply("Hợp tác xã"), "Hợp tác xã");
  }

  #[test]
  fn without_words_only_dashes_and_percentages_are_kept() {
    let none = Typography::new(&[], &[" ".into()]).expect("compiles");
    assert_eq!(
      none.apply("5 đ – 37,5 % tháng 7"),
      "5 đ\u{a0}– 37,5\u{a0}% tháng 7"
    );
  }

  #[test]
  fn unknown_directive_is_an_error_naming_it() {
    let err = parse("<!-- piechart -->\n", &typography(), &undrawn).expect_err("refused");
    assert!(err.to_string().contains("piechart"));
  }
}
