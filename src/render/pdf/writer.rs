//! Laid-out pages → PDF bytes, through printpdf.

use super::fonts::{Face, subset_font};
use super::layout::{Draw, PAGE_H, Page, Rgb};
use crate::common::*;
use flate2::Compression;
use flate2::write::ZlibEncoder;
use printpdf::{
  Color, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
  PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem, TextMatrix,
  WindingOrder,
};
use std::io::Write;

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

/// The page's drawing operations: every shape first (backgrounds, rules,
/// charts), then the text, a section per line, placed with absolute text
/// matrices, changing font or colour only when needed. Fewer, shorter
/// operations make smaller streams that compress faster.
fn ops(page: &Page) -> Vec<Op> {
  let mut ops = Vec::with_capacity(page.items.len() * 3);
  for item in &page.items {
    shape(item, &mut ops);
  }
  let mut font: Option<(Face, f32)> = None;
  let mut fill: Option<Rgb> = None;
  let mut open = false;
  let mut baseline = f32::NAN;
  for item in &page.items {
    let Draw::Text {
      x,
      y,
      size,
      face,
      text,
      color: c,
    } = item
    else {
      continue;
    };
    // One text section per line: text extractors end a line at the end of
    // a section. Font and colour persist across sections.
    if *y != baseline {
      if open {
        ops.push(Op::EndTextSection);
      }
      ops.push(Op::StartTextSection);
      open = true;
      baseline = *y;
    }
    if fill != Some(*c) {
      ops.push(Op::SetFillColor { col: color(*c) });
      fill = Some(*c);
    }
    if font != Some((*face, *size)) {
      ops.push(Op::SetFont {
        font: PdfFontHandle::External(font_id(*face)),
        size: Pt(*size),
      });
      font = Some((*face, *size));
    }
    ops.push(Op::SetTextMatrix {
      matrix: TextMatrix::Translate(Pt(*x), Pt(PAGE_H - y)),
    });
    ops.push(Op::ShowText {
      items: vec![TextItem::Text(text.clone())],
    });
  }
  if open {
    ops.push(Op::EndTextSection);
  }
  ops
}

fn shape(item: &Draw, ops: &mut Vec<Op>) {
  let line_points = |points: &[(f32, f32)]| {
    points
      .iter()
      .map(|(x, y)| LinePoint {
        p: point(*x, *y),
        bezier: false,
      })
      .collect()
  };
  match item {
    Draw::Text { .. } => {}
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
      ops.push(Op::DrawLine {
        line: Line {
          points: line_points(points),
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
      let mode = paint(*fill, stroke.map(|s| (s, 0.5)), ops);
      let rectangle = Rect {
        x: Pt(*x),
        y: Pt(PAGE_H - y - h),
        width: Pt(*w),
        height: Pt(*h),
        mode: Some(mode),
        winding_order: Some(WindingOrder::NonZero),
      };
      ops.push(Op::DrawRectangle { rectangle });
      ops.push(Op::RestoreGraphicsState);
    }
    Draw::Polygon {
      points,
      fill,
      stroke,
    } => {
      ops.push(Op::SaveGraphicsState);
      let mode = paint(*fill, *stroke, ops);
      let ring = PolygonRing {
        points: line_points(points),
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

/// Sets fill and stroke colours and says how to paint.
fn paint(fill: Option<Rgb>, stroke: Option<(Rgb, f32)>, ops: &mut Vec<Op>) -> PaintMode {
  if let Some(f) = fill {
    ops.push(Op::SetFillColor { col: color(f) });
  }
  if let Some((s, w)) = stroke {
    ops.push(Op::SetOutlineColor { col: color(s) });
    ops.push(Op::SetOutlineThickness { pt: Pt(w) });
  }
  match (fill, stroke) {
    (Some(_), Some(_)) => PaintMode::FillStroke,
    (Some(_), None) => PaintMode::Fill,
    _ => PaintMode::Stroke,
  }
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
  // printpdf would compress every stream at flate's slowest level; take the
  // document uncompressed and deflate it at a balanced level instead (a
  // third of the time of the whole report, for a file 3% larger).
  let options = PdfSaveOptions {
    subset_fonts: false,
    optimize: false,
    ..PdfSaveOptions::default()
  };
  let mut document = doc.to_lopdf_document(&options, &mut warnings);
  let mut hash = Fnv::default();
  let mut streams: Vec<&mut lopdf::Stream> = Vec::new();
  for object in document.objects.values_mut() {
    if let lopdf::Object::Stream(stream) = object {
      hash.write(&stream.content);
      if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
        streams.push(stream);
      }
    }
  }
  // Both cores: deflating is a third of the work.
  let half = streams.len() / 2;
  let (first, second) = streams.split_at_mut(half);
  std::thread::scope(|scope| {
    scope.spawn(|| first.iter_mut().for_each(|s| deflate(s)));
    second.iter_mut().for_each(|s| deflate(s));
  });
  // printpdf's file identifiers are random; a hash of the content keeps the
  // same input byte-identical.
  let id = format!("{:016X}", hash.0).into_bytes();
  document.trailer.set(
    "ID",
    lopdf::Object::Array(vec![
      lopdf::Object::string_literal(id.clone()),
      lopdf::Object::string_literal(id),
    ]),
  );
  let mut bytes = Vec::new();
  document.save_to(&mut bytes).map_err(|e| Error::Render {
    message: e.to_string(),
  })?;
  Ok(bytes)
}

fn deflate(stream: &mut lopdf::Stream) {
  let mut encoder = ZlibEncoder::new(Vec::new(), Compression::new(6));
  let compressed = encoder
    .write_all(&stream.content)
    .and_then(|()| encoder.finish());
  if let Some(compressed) = compressed.ok().filter(|c| c.len() < stream.content.len()) {
    stream.dict.set("Filter", "FlateDecode");
    stream.set_content(compressed);
  }
}

/// FNV-1a: a hash that is the same on every platform and Rust version.
struct Fnv(u64);

impl Default for Fnv {
  fn default() -> Self {
    Self(0xcbf2_9ce4_8422_2325)
  }
}

impl Fnv {
  fn write(&mut self, bytes: &[u8]) {
    for b in bytes {
      self.0 ^= u64::from(*b);
      self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
  }
}
