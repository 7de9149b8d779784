//! Laid-out pages → PDF bytes, through printpdf.

use super::fonts::{Face, subset_font};
use super::layout::{Draw, PAGE_H, Page, Rgb};
use crate::common::*;
use printpdf::{
  Color, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
  PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem, WindingOrder,
};

/// Document information written into the PDF.
#[derive(Clone, Debug)]
pub struct Metadata {
  /// Title.
  pub title: String,
  /// Author (the advisor or assessor).
  pub author: String,
  /// Subject.
  pub subject: String,
  /// Keywords.
  pub keywords: Vec<String>,
  /// Creation date: the assessment's, so the same input gives the same
  /// bytes.
  pub date: Option<Date>,
}

fn font_id(face: Face) -> FontId {
  // Fixed ids: printpdf's own are drawn from a process-wide counter, which
  // would make two renderings of the same report differ.
  FontId(format!("F{}", face.name()))
}

fn color(c: Rgb) -> Color {
  Color::Rgb(printpdf::Rgb {
    r: c.0,
    g: c.1,
    b: c.2,
    icc_profile: None,
  })
}

fn point(x: f32, y: f32) -> Point {
  Point {
    x: Pt(x),
    y: Pt(PAGE_H - y),
  }
}

fn ops(page: &Page) -> Vec<Op> {
  let mut ops = Vec::with_capacity(page.items.len() * 4);
  for item in &page.items {
    match item {
      Draw::Text {
        x,
        y,
        size,
        face,
        text,
        color: c,
      } => {
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor { col: color(*c) });
        ops.push(Op::SetFont {
          font: PdfFontHandle::External(font_id(*face)),
          size: Pt(*size),
        });
        ops.push(Op::SetTextCursor { pos: point(*x, *y) });
        ops.push(Op::ShowText {
          items: vec![TextItem::Text(text.clone())],
        });
        ops.push(Op::EndTextSection);
      }
      Draw::Line {
        points,
        width,
        color: c,
        dash,
      } => {
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetOutlineColor { col: color(*c) });
        ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
        if *dash {
          ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern::new(0.0, &[3.0, 2.0]),
          });
        }
        let points = points
          .iter()
          .map(|(x, y)| LinePoint {
            p: point(*x, *y),
            bezier: false,
          })
          .collect();
        ops.push(Op::DrawLine {
          line: Line {
            points,
            is_closed: false,
          },
        });
        ops.push(Op::RestoreGraphicsState);
      }
      Draw::Rect {
        x,
        y,
        w,
        h,
        fill,
        stroke,
      } => {
        ops.push(Op::SaveGraphicsState);
        let mode = match (fill, stroke) {
          (Some(f), Some(s)) => {
            ops.push(Op::SetFillColor { col: color(*f) });
            ops.push(Op::SetOutlineColor { col: color(*s) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
            PaintMode::FillStroke
          }
          (Some(f), None) => {
            ops.push(Op::SetFillColor { col: color(*f) });
            PaintMode::Fill
          }
          (None, Some(s)) => {
            ops.push(Op::SetOutlineColor { col: color(*s) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
            PaintMode::Stroke
          }
          (None, None) => PaintMode::Stroke,
        };
        ops.push(Op::DrawRectangle {
          rectangle: Rect {
            x: Pt(*x),
            y: Pt(PAGE_H - y - h),
            width: Pt(*w),
            height: Pt(*h),
            mode: Some(mode),
            winding_order: Some(WindingOrder::NonZero),
          },
        });
        ops.push(Op::RestoreGraphicsState);
      }
      Draw::Polygon {
        points,
        fill,
        stroke,
      } => {
        ops.push(Op::SaveGraphicsState);
        if let Some(f) = fill {
          ops.push(Op::SetFillColor { col: color(*f) });
        }
        if let Some((s, w)) = stroke {
          ops.push(Op::SetOutlineColor { col: color(*s) });
          ops.push(Op::SetOutlineThickness { pt: Pt(*w) });
        }
        let mode = match (fill, stroke) {
          (Some(_), Some(_)) => PaintMode::FillStroke,
          (Some(_), None) => PaintMode::Fill,
          _ => PaintMode::Stroke,
        };
        let ring = PolygonRing {
          points: points
            .iter()
            .map(|(x, y)| LinePoint {
              p: point(*x, *y),
              bezier: false,
            })
            .collect(),
        };
        ops.push(Op::DrawPolygon {
          polygon: Polygon {
            rings: vec![ring],
            mode,
            winding_order: WindingOrder::NonZero,
          },
        });
        ops.push(Op::RestoreGraphicsState);
      }
    }
  }
  ops
}

/// Writes `pages` as a PDF: A4, fonts subset and embedded, metadata set,
/// byte-for-byte the same for the same pages.
pub fn write(pages: &[Page], meta: &Metadata) -> Result<Vec<u8>, Error> {
  let mut doc = PdfDocument::new(&meta.title);
  let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
  for page in pages {
    for item in &page.items {
      if let Draw::Text { face, text, .. } = item {
        used.entry(*face).or_default().extend(text.chars());
      }
    }
  }
  for (face, chars) in &used {
    let font = subset_font(*face, chars)?;
    doc
      .resources
      .fonts
      .map
      .insert(font_id(*face), printpdf::PdfFont::new(font));
  }
  let info = &mut doc.metadata.info;
  info.document_title = meta.title.clone();
  info.author = meta.author.clone();
  info.subject = meta.subject.clone();
  info.keywords = meta.keywords.clone();
  info.creator = "coopdx".into();
  info.producer = format!("coopdx {} (printpdf)", env!("CARGO_PKG_VERSION"));
  let timestamp = meta
    .date
    .map_or(0, |d| d.midnight().assume_utc().unix_timestamp());
  if let Ok(date) = printpdf::date::OffsetDateTime::from_unix_timestamp(timestamp) {
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
  }
  doc.pages = pages
    .iter()
    .map(|p| PdfPage::new(Mm(210.0), Mm(297.0), ops(p)))
    .collect();
  let mut warnings = Vec::new();
  let options = PdfSaveOptions {
    subset_fonts: false,
    ..PdfSaveOptions::default()
  };
  let bytes = doc.save(&options, &mut warnings);
  Ok(stable_id(bytes))
}

/// Replaces the random file identifiers printpdf writes in the trailer with
/// a hash of the document, keeping every byte offset unchanged.
fn stable_id(mut bytes: Vec<u8>) -> Vec<u8> {
  let Some(at) = find_last(&bytes, b"/ID") else {
    return bytes;
  };
  let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
  for b in &bytes[..at] {
    hash ^= u64::from(*b);
    hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
  }
  let id: Vec<u8> = format!(
    "{hash:016X}{:016X}",
    hash.rotate_left(29) ^ 0x9E37_79B9_7F4A_7C15
  )
  .into_bytes();
  // Each identifier is a 32-character literal string: `(` 32 chars `)`.
  let mut i = at;
  for _ in 0..2 {
    let Some(open) = bytes[i..].iter().position(|b| *b == b'(').map(|p| p + i) else {
      break;
    };
    let Some(close) = bytes[open..]
      .iter()
      .position(|b| *b == b')')
      .map(|p| p + open)
    else {
      break;
    };
    if close - open - 1 == id.len() {
      bytes[open + 1..close].copy_from_slice(&id);
    }
    i = close + 1;
  }
  bytes
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
  haystack.windows(needle.len()).rposition(|w| w == needle)
}
