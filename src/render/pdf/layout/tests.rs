//! The print rules on laid-out documents: keep-with-next, widows and
//! orphans, conditional breaks, the signature block, small tables.

use super::*;
use crate::render::pdf::blocks::Span;
use crate::render::pdf::fonts::Face;
use pulldown_cmark::Alignment;

/// The test text `key` of `tests.yaml`.
pub(super) fn text(key: &str) -> String {
  static TEXTS: std::sync::LazyLock<std::collections::BTreeMap<String, String>> =
    std::sync::LazyLock::new(|| {
      yaml_serde::from_str(include_str!("tests.yaml")).expect("tests.yaml")
    });
  TEXTS
    .get(key)
    .cloned()
    .unwrap_or_else(|| panic!("{key} is not in tests.yaml"))
}

/// A span of regular text.
pub(super) fn span(text: &str) -> Span {
  Span {
    text: text.into(),
    face: Face::Regular,
  }
}

fn para(words: usize) -> Block {
  Block::Paragraph(vec![span(&text("word").repeat(words / 3))])
}

fn laid(blocks: &[Block]) -> Vec<Page> {
  let mut layout = Layout::new();
  layout.blocks(blocks);
  layout.pages
}

#[test]
fn a_heading_keeps_with_its_table_header_and_first_row() {
  let table = Block::Table {
    header: vec![vec![span(&text("task"))], vec![span(&text("cost"))]],
    rows: vec![
      vec![
        vec![span(&text("reason").repeat(40))],
        vec![span(&text("amount"))]
      ];
      2
    ],
    align: vec![Alignment::None; 2],
  };
  let heading = Block::Heading {
    level: 2,
    spans: vec![span(&text("phase"))],
  };
  // Fill the page to different depths: the heading never ends a page and
  // the header always has its first row under it.
  for words in (300..1400).step_by(60) {
    let pages = laid(&[para(words), heading.clone(), table.clone()]);
    for page in &pages {
      let last = page.parts.last().map(|p| p.mark);
      assert!(
        !matches!(last, Some(Mark::Heading | Mark::TableHeader)),
        "{words} words: a page ends with {last:?}"
      );
    }
  }
}

#[test]
fn paragraphs_keep_two_lines_on_each_side_of_a_break() {
  for words in (200..1600).step_by(37) {
    let pages = laid(&[para(words), para(60), para(200)]);
    for page in &pages {
      for part in &page.parts {
        let lines = ((part.bottom - part.top) / (BODY * LEADING)).round() as usize;
        assert!(lines >= 2, "{words} words: a part of {lines} line(s)");
      }
    }
  }
}

#[test]
fn a_forced_break_on_a_nearly_empty_page_is_skipped() {
  let pages = laid(&[
    Block::Cover(vec![para(6)]),
    Block::PageBreak,
    para(30),
    Block::PageBreak,
    para(30),
  ]);
  assert_eq!(pages.len(), 2, "the cover breaks, the short page does not");
  let pages = laid(&[para(900), Block::PageBreak, para(30)]);
  assert_eq!(pages.len(), 2, "a page more than a third full breaks");
}

#[test]
fn the_signature_block_leaves_35_mm_and_stays_with_the_text_above() {
  let sign = Block::Signatures {
    place_date: vec![vec![Span {
      text: text("place_date"),
      face: Face::Italic,
    }]],
    header: vec![
      vec![span(&text("advisor"))],
      vec![span(&text("cooperative"))],
    ],
    rows: vec![
      vec![vec![span(&text("sign"))], vec![span(&text("sign_seal"))]],
      vec![vec![span(&text("signer"))], vec![]],
    ],
  };
  for words in (600..1500).step_by(45) {
    let pages = laid(&[para(words), para(30), sign.clone()]);
    let last = pages.last().expect("a page");
    let marks: Vec<Mark> = last.parts.iter().map(|p| p.mark).collect();
    let n = marks.len();
    assert!(
      n >= 3 && marks[n - 3..] == [Mark::Text, Mark::PlaceDate, Mark::Signature],
      "{words}: {marks:?}"
    );
    let block = last.parts[n - 1];
    assert!(
      block.bottom - block.top > 35.0 * 72.0 / 25.4,
      "room to sign"
    );
    // The place-and-date line is one line, in the right half.
    let place = last.parts[n - 2];
    assert!((place.bottom - place.top - BODY * LEADING).abs() < 0.1);
    for item in &last.items {
      if let Draw::Text { x, y, .. } = item
        && *y > place.top
        && *y <= place.bottom
      {
        assert!(*x >= LEFT + WIDTH / 2.0);
      }
    }
  }
}

#[test]
fn a_small_table_is_not_split() {
  let table = Block::Table {
    header: vec![vec![span(&text("year"))], vec![span(&text("spend"))]],
    rows: vec![
      vec![
        vec![span(&text("year_1"))],
        vec![span(&text("year_amount"))]
      ];
      3
    ],
    align: vec![Alignment::None; 2],
  };
  for words in (900..1500).step_by(20) {
    let pages = laid(&[para(words), table.clone()]);
    let holding: Vec<usize> = (0..pages.len())
      .filter(|p| pages[*p].parts.iter().any(|x| x.mark == Mark::TableRow))
      .collect();
    assert_eq!(holding.len(), 1, "{words} words: split over {holding:?}");
  }
}
