//! The report as one self-contained HTML page for a browser to print
//! (`coopdx report --format html`).
//!
//! It is written from the same [`Block`]s as the PDF, charts drawn, so
//! it holds the same words, tables, charts, appendix and signature block.
//! The print CSS takes the PDF's page geometry, sizes, line height and
//! colours from [`layout`](super::layout), and embeds subsets of the same
//! Noto Sans faces (data URLs): a browser breaks lines with the same glyph
//! advances, so its page count is comparable with ours. Charts are inline
//! SVG of the [`Figure`]s the PDF's chart code drew; the timeline is a table of one
//! SVG row per action under a repeated axis, so it breaks across pages as
//! the PDF's does. Nothing is loaded from outside the file; every text is
//! escaped.

use super::blocks::{Block, Cell, Span};
use super::charts::{Figure, fit};
use super::fonts::{Face, subset_font};
use super::layout::{
  ACCENT, BODY, BOTTOM, Draw, GRID, INK, LEADING, LEFT, MUTED, PAGE_H, RIGHT, Rgb, SHADE, SMALL,
  TOP, WIDTH, heading_size,
};
use super::writer::Metadata;
use crate::common::*;
use base64::Engine as _;
use pulldown_cmark::Alignment;

/// Stands for the page number in [`Page::footer`].
pub const PAGE: &str = "\u{E000}";
/// Stands for the page count in [`Page::footer`].
pub const PAGES: &str = "\u{E001}";

/// What frames every printed page, and the document's information.
#[derive(Debug)]
pub struct Page<'a> {
  /// Title, author, subject, keywords.
  pub metadata: Metadata,
  /// Language of the report.
  pub lang: Lang,
  /// The running header from page 2 (the fields the questionnaire shows
  /// there, else the cooperative's name).
  pub header: &'a str,
  /// The footer, with [`PAGE`] and [`PAGES`] where the numbers go.
  pub footer: String,
}

/// The font family the embedded faces are declared under.
const FAMILY: &str = "coopdx Noto Sans";

/// The HTML page of `blocks`.
pub fn write(blocks: &[Block], page: &Page<'_>) -> Result<String, Error> {
  let mut h = Html {
    out: String::new(),
    used: Default::default(),
    new_page: false,
  };
  h.out.push_str("<main>\n");
  for block in blocks {
    h.block(block);
  }
  h.out.push_str("</main>\n");
  let header = fit(page.header, 8.0, WIDTH);
  h.note(Face::Regular, &header);
  h.note(Face::Regular, &page.footer);
  h.note(Face::Regular, "0123456789");
  let body = std::mem::take(&mut h.out);

  let mut out = String::with_capacity(body.len() + 64 * 1024);
  out.push_str("<!DOCTYPE html>\n<html lang=\"");
  out.push_str(page.lang.code());
  out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  escape(&page.metadata.title, &mut out);
  out.push_str("</title>\n");
  for (name, value) in [
    ("author", page.metadata.author.clone()),
    ("description", page.metadata.subject.clone()),
    ("keywords", page.metadata.keywords.join(", ")),
    ("generator", "coopdx".to_owned()),
  ] {
    out.push_str(&format!("<meta name=\"{name}\" content=\""));
    escape(&value, &mut out);
    out.push_str("\">\n");
  }
  out.push_str("<style>\n");
  for (i, face) in Face::ALL.iter().enumerate() {
    if h.used[i].is_empty() {
      continue;
    }
    let font = subset_font(*face, &h.used[i])?;
    let (weight, style) = match face {
      Face::Regular => (400, "normal"),
      Face::Bold => (700, "normal"),
      Face::Italic => (400, "italic"),
    };
    out.push_str(&format!(
      "@font-face {{ font-family: \"{FAMILY}\"; font-weight: {weight}; font-style: {style}; src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}\n",
      base64::engine::general_purpose::STANDARD.encode(&font.original_bytes)
    ));
  }
  out.push_str(&css(&header, &page.footer));
  out.push_str("</style>\n</head>\n<body>\n");
  out.push_str(&body);
  out.push_str("</body>\n</html>\n");
  Ok(out)
}

/// The print style sheet: the PDF's geometry and type.
fn css(header: &str, footer: &str) -> String {
  let footer = footer
    .split(PAGE)
    .map(|part| {
      part
        .split(PAGES)
        .map(css_string)
        .collect::<Vec<_>>()
        .join(" counter(pages) ")
    })
    .collect::<Vec<_>>()
    .join(" counter(page) ");
  let header = css_string(header);
  let (ink, accent, grid, shade, muted) =
    (hex(INK), hex(ACCENT), hex(GRID), hex(SHADE), hex(MUTED));
  let (h1, h2, h3) = (heading_size(1), heading_size(2), heading_size(3));
  // The PDF's cover starts a fifth of the way down the page.
  let cover = num(PAGE_H * 0.2 - TOP);
  let width = num(WIDTH);
  format!(
    r#"@page {{
  size: A4;
  margin: {TOP}pt {RIGHT}pt {BOTTOM}pt {LEFT}pt;
  @top-left {{ content: {header}; font: 8pt "{FAMILY}"; color: {muted}; vertical-align: bottom; white-space: nowrap; width: {width}pt; margin-bottom: 16pt; padding-bottom: 3pt; border-bottom: 0.4pt solid {grid}; }}
  @bottom-center {{ content: {footer}; font: 8pt "{FAMILY}"; color: {muted}; vertical-align: top; padding-top: 23pt; }}
}}
@page :first {{ @top-left {{ content: none; border: none; }} }}
html {{ font-family: "{FAMILY}"; font-size: {BODY}pt; line-height: {LEADING}; color: {ink}; font-kerning: none; font-synthesis: none; }}
body {{ margin: 0; }}
strong {{ font-weight: 700; }}
em {{ font-style: italic; }}
.newpage {{ break-before: page; margin-top: 0; }}
h1, h2, h3 {{ color: {accent}; font-weight: 700; line-height: {LEADING}; break-after: avoid; break-inside: avoid; }}
h1 {{ font-size: {h1}pt; margin: 6pt 0 4pt; border-bottom: 0.6pt solid {accent}; }}
h2 {{ font-size: {h2}pt; margin: 10pt 0 4pt; border-bottom: 0.6pt solid {accent}; }}
h3 {{ font-size: {h3}pt; margin: 10pt 0 4pt; }}
p {{ margin: 0 0 5pt; orphans: 2; widows: 2; }}
ul, ol {{ margin: 0 0 4pt; padding-left: 14pt; }}
li {{ margin-bottom: 1.5pt; }}
li::marker {{ color: {accent}; }}
hr {{ border: none; border-top: 0.5pt solid {grid}; margin: 4pt 0 6pt; }}
.cover {{ padding-top: {cover}pt; text-align: center; }}
.cover h1 {{ font-size: 20pt; border: none; margin: 0 0 18pt; }}
.cover h2 {{ font-size: 14pt; border: none; margin: 0 0 10pt; }}
.cover p {{ font-size: 11pt; margin: 0 0 6pt; }}
.cover hr {{ width: 40%; border-top: 1pt solid {accent}; margin: 8pt auto 16pt; }}
table {{ border-collapse: collapse; }}
table.grid {{ width: 100%; font-size: {SMALL}pt; line-height: {LEADING}; margin: 2pt 0 8pt; }}
.grid th, .grid td {{ border: 0.5pt solid {grid}; padding: 3pt; text-align: left; vertical-align: top; }}
.grid th {{ background: {shade}; font-weight: 700; }}
.grid thead {{ display: table-header-group; }}
.grid tr {{ break-inside: avoid; }}
.grid .r {{ text-align: right; }}
.grid .c {{ text-align: center; }}
p.place-date {{ margin: 12pt 0 0 50%; text-align: center; font-style: italic; break-after: avoid; }}
table.signatures {{ width: 100%; table-layout: fixed; margin: 12pt 0 6pt; break-inside: avoid; }}
.signatures th, .signatures td {{ text-align: center; vertical-align: top; padding: 0 4pt; font-weight: 400; }}
.signatures th {{ font-weight: 700; }}
.signatures tr.names td {{ padding-top: 64pt; }}
figure {{ margin: 0; break-inside: avoid; }}
svg {{ display: block; overflow: visible; }}
table.timeline {{ width: {width}pt; margin: 0 0 10pt; }}
.timeline td {{ padding: 0; }}
.timeline thead {{ display: table-header-group; }}
.timeline tr {{ break-inside: avoid; }}
"#
  )
}

struct Html {
  out: String,
  /// Characters drawn in each face (in `Face::ALL` order): the font subsets.
  used: [BTreeSet<char>; 3],
  /// A page break is due before the next block.
  new_page: bool,
}

impl Html {
  fn note(&mut self, face: Face, text: &str) {
    let i = Face::ALL.iter().position(|f| *f == face).unwrap_or(0);
    self.used[i].extend(text.chars().filter(|c| !c.is_control()));
  }

  fn text(&mut self, face: Face, text: &str) {
    self.note(face, text);
    escape(text, &mut self.out);
  }

  /// Runs of text; `force` sets every run's face (headings, table headers).
  fn spans(&mut self, spans: &[Span], force: Option<Face>) {
    for span in spans {
      match force.unwrap_or(span.face) {
        face if force.is_some() => self.text(face, &span.text),
        Face::Regular => self.text(Face::Regular, &span.text),
        Face::Bold => {
          self.out.push_str("<strong>");
          self.text(Face::Bold, &span.text);
          self.out.push_str("</strong>");
        }
        Face::Italic => {
          self.out.push_str("<em>");
          self.text(Face::Italic, &span.text);
          self.out.push_str("</em>");
        }
      }
    }
  }

  /// Opens a block's element, starting a page first if one is due.
  fn open(&mut self, tag: &str, class: &str) {
    let mut classes: Vec<&str> = Vec::new();
    if !class.is_empty() {
      classes.push(class);
    }
    if std::mem::take(&mut self.new_page) {
      classes.push("newpage");
    }
    self.out.push('<');
    self.out.push_str(tag);
    if !classes.is_empty() {
      self
        .out
        .push_str(&format!(" class=\"{}\"", classes.join(" ")));
    }
    self.out.push('>');
  }

  fn block(&mut self, block: &Block) {
    match block {
      Block::Heading { level, spans } => {
        let tag = format!("h{}", (*level).clamp(1, 3));
        self.open(&tag, "");
        self.spans(spans, Some(Face::Bold));
        self.out.push_str(&format!("</{tag}>\n"));
      }
      Block::Paragraph(spans) => {
        self.open("p", "");
        self.spans(spans, None);
        self.out.push_str("</p>\n");
      }
      Block::List { items, ordered } => {
        let tag = if *ordered { "ol" } else { "ul" };
        self.open(tag, "");
        self.note(Face::Regular, "•0123456789.");
        for item in items {
          self.out.push_str("<li>");
          self.spans(item, None);
          self.out.push_str("</li>");
        }
        self.out.push_str(&format!("</{tag}>\n"));
      }
      Block::Table {
        header,
        rows,
        align,
      } => self.grid(header, rows, align),
      Block::Signatures {
        place_date,
        header,
        rows,
      } => {
        // The place-and-date line in the right half, as in the PDF.
        for line in place_date {
          self.open("p", "place-date");
          self.spans(line, None);
          self.out.push_str("</p>\n");
        }
        self.signatures(header, rows)
      }
      Block::Chart(figure) => self.chart(figure),
      Block::Rule => {
        self.open("hr", "");
        self.out.push('\n');
      }
      Block::PageBreak => self.new_page = true,
      Block::Cover(blocks) => {
        self.open("section", "cover");
        self.out.push('\n');
        for block in blocks {
          self.block(block);
        }
        self.out.push_str("</section>\n");
        self.new_page = true;
      }
    }
  }

  fn grid(&mut self, header: &[Cell], rows: &[Vec<Cell>], align: &[Alignment]) {
    let class = |c: usize| match align.get(c) {
      Some(Alignment::Right) => " class=\"r\"",
      Some(Alignment::Center) => " class=\"c\"",
      _ => "",
    };
    self.open("table", "grid");
    self.out.push_str("\n<thead><tr>");
    for (c, cell) in header.iter().enumerate() {
      self.out.push_str(&format!("<th{}>", class(c)));
      self.spans(cell, Some(Face::Bold));
      self.out.push_str("</th>");
    }
    self.out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
      self.out.push_str("<tr>");
      for (c, cell) in row.iter().enumerate() {
        self.out.push_str(&format!("<td{}>", class(c)));
        self.spans(cell, None);
        self.out.push_str("</td>");
      }
      self.out.push_str("</tr>\n");
    }
    self.out.push_str("</tbody></table>\n");
  }

  /// The signature block: centred columns, no rules, room to sign above
  /// the last row (the names).
  fn signatures(&mut self, header: &[Cell], rows: &[Vec<Cell>]) {
    self.open("table", "signatures");
    self.out.push_str("\n<tr>");
    for cell in header {
      self.out.push_str("<th>");
      self.spans(cell, Some(Face::Bold));
      self.out.push_str("</th>");
    }
    self.out.push_str("</tr>\n");
    for (r, row) in rows.iter().enumerate() {
      self.out.push_str(if r + 1 == rows.len() {
        "<tr class=\"names\">"
      } else {
        "<tr>"
      });
      for cell in row {
        self.out.push_str("<td>");
        self.spans(cell, None);
        self.out.push_str("</td>");
      }
      self.out.push_str("</tr>\n");
    }
    self.out.push_str("</table>\n");
  }

  /// A chart as SVG, drawn by the PDF's chart code.
  fn chart(&mut self, figure: &Figure) {
    if figure.is_empty() {
      return;
    }
    if !figure.rows.is_empty() {
      return self.timeline(figure);
    }
    self.open("figure", "chart");
    self.svg(&figure.head.items, 0.0, figure.head.height);
    self.out.push_str("</figure>\n");
  }

  /// A chart with rows (the timeline) as a table: its head repeats on
  /// every page, rows are not cut, as in the PDF.
  fn timeline(&mut self, figure: &Figure) {
    self.open("table", "timeline");
    self.out.push_str("\n<thead><tr><td>");
    self.svg(&figure.head.items, 0.0, figure.head.height);
    self.out.push_str("</td></tr></thead>\n<tbody>\n");
    for row in &figure.rows {
      self.out.push_str("<tr><td>");
      self.svg(&row.items, 0.0, row.height);
      self.out.push_str("</td></tr>\n");
    }
    self.out.push_str("</tbody></table>\n");
  }

  /// Shapes drawn on a page between `top` and `top + height`, as an SVG
  /// as wide as the text area.
  fn svg(&mut self, items: &[Draw], top: f32, height: f32) {
    let (x, y) = (|v: f32| num(v - LEFT), |v: f32| num(v - top));
    let points = |p: &[(f32, f32)]| {
      p.iter()
        .map(|(px, py)| format!("{},{}", x(*px), y(*py)))
        .collect::<Vec<_>>()
        .join(" ")
    };
    self.out.push_str(&format!(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\">",
      w = num(WIDTH),
      h = num(height)
    ));
    // Shapes first, then text, as the PDF writer paints them.
    let texts = items.iter().filter(|i| matches!(i, Draw::Text { .. }));
    for item in items
      .iter()
      .filter(|i| !matches!(i, Draw::Text { .. }))
      .chain(texts)
    {
      match item {
        Draw::Text {
          x: tx,
          y: ty,
          size,
          face,
          text,
          color,
        } => {
          let style = match face {
            Face::Regular => "",
            Face::Bold => " font-weight=\"700\"",
            Face::Italic => " font-style=\"italic\"",
          };
          self.out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{style} fill=\"{}\">",
            x(*tx),
            y(*ty),
            num(*size),
            hex(*color)
          ));
          self.text(*face, text);
          self.out.push_str("</text>");
        }
        Draw::Line {
          points: p,
          width,
          color,
          dash,
        } => self.out.push_str(&format!(
          "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{}/>",
          points(p),
          hex(*color),
          num(*width),
          if *dash {
            " stroke-dasharray=\"3 2\""
          } else {
            ""
          }
        )),
        Draw::Rect {
          x: rx,
          y: ry,
          w,
          h,
          fill,
          stroke,
        } => self.out.push_str(&format!(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}/>",
          x(*rx),
          y(*ry),
          num(*w),
          num(*h),
          fill.map_or("none".to_owned(), hex),
          stroke.map_or(String::new(), |s| format!(
            " stroke=\"{}\" stroke-width=\"0.5\"",
            hex(s)
          ))
        )),
        Draw::Polygon {
          points: p,
          fill,
          stroke,
        } => self.out.push_str(&format!(
          "<polygon points=\"{}\" fill=\"{}\"{}/>",
          points(p),
          fill.map_or("none".to_owned(), hex),
          stroke.map_or(String::new(), |(s, w)| format!(
            " stroke=\"{}\" stroke-width=\"{}\"",
            hex(s),
            num(w)
          ))
        )),
      }
    }
    self.out.push_str("</svg>");
  }
}

/// A chart as one inline SVG that scales to the width of its container
/// (the web result page), drawn by the PDF's chart code and cropped to
/// what is drawn, so a phone shows it as large as its width allows.
pub fn figure_svg(figure: &Figure) -> String {
  let mut html = Html {
    out: String::new(),
    used: Default::default(),
    new_page: false,
  };
  let items = &figure.head.items;
  html.svg(items, 0.0, figure.head.height);
  let svg = html.out;
  let Some((x0, y0, x1, y1)) = bounds(items) else {
    return svg;
  };
  let (Some(open), Some(close)) = (svg.find(" width="), svg.find('>')) else {
    return svg;
  };
  // The drawing's coordinates start at the text area's left edge.
  let (x0, x1) = (x0 - LEFT - 4.0, x1 - LEFT + 4.0);
  let (y0, y1) = (y0 - 4.0, y1 + 4.0);
  format!(
    "{} width=\"100%\" viewBox=\"{} {} {} {}\" role=\"img\"{}",
    &svg[..open],
    num(x0),
    num(y0),
    num(x1 - x0),
    num(y1 - y0),
    &svg[close..]
  )
}

/// The box around every drawing item (a text by its measured width).
fn bounds(items: &[Draw]) -> Option<(f32, f32, f32, f32)> {
  let mut points: Vec<(f32, f32)> = Vec::new();
  for item in items {
    match item {
      Draw::Text {
        x,
        y,
        size,
        face,
        text,
        ..
      } => {
        let w = super::fonts::metrics(*face).width(text, *size);
        points.extend([(*x, *y - size), (*x + w, *y + size * 0.3)]);
      }
      Draw::Line { points: p, .. } | Draw::Polygon { points: p, .. } => points.extend(p),
      Draw::Rect { x, y, w, h, .. } => points.extend([(*x, *y), (*x + w, *y + h)]),
    }
  }
  let first = points.first()?;
  Some(points.iter().fold(
    (first.0, first.1, first.0, first.1),
    |(a, b, c, d), (x, y)| (a.min(*x), b.min(*y), c.max(*x), d.max(*y)),
  ))
}

/// `text` with the characters HTML gives meaning to escaped, for element
/// content and quoted attributes alike.
pub fn escape(text: &str, out: &mut String) {
  for c in text.chars() {
    match c {
      '&' => out.push_str("&amp;"),
      '<' => out.push_str("&lt;"),
      '>' => out.push_str("&gt;"),
      '"' => out.push_str("&quot;"),
      '\'' => out.push_str("&#39;"),
      c => out.push(c),
    }
  }
}

/// `text` as a quoted CSS string that cannot end the string or the style
/// element it is in.
fn css_string(text: &str) -> String {
  let mut out = String::from("\"");
  for c in text.chars() {
    match c {
      '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", u32::from(c))),
      c if c.is_control() => out.push_str(&format!("\\{:x} ", u32::from(c))),
      c => out.push(c),
    }
  }
  out.push('"');
  out
}

fn hex(c: Rgb) -> String {
  let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
  format!("#{:02x}{:02x}{:02x}", b(c.0), b(c.1), b(c.2))
}

/// A coordinate with at most two decimals.
fn num(v: f32) -> String {
  let s = format!("{v:.2}");
  let s = s.trim_end_matches('0').trim_end_matches('.');
  if s == "-0" {
    "0".to_owned()
  } else {
    s.to_owned()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn text_and_css_strings_are_escaped() {
    let mut out = String::new();
    escape("<script>alert('x')</script> & \"q\"", &mut out);
    assert_eq!(
      out,
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
    );
    let css = css_string("a\"b\\c</style><script>\n");
    assert!(
      !css[1..css.len() - 1].contains(['"', '<', '>', '\n']),
      "{css}"
    );
    assert_eq!(css, "\"a\\22 b\\5c c\\3c /style\\3e \\3c script\\3e \\a \"");
  }

  #[test]
  fn coordinates_are_short() {
    assert_eq!(num(12.0), "12");
    assert_eq!(num(12.345), "12.35");
    assert_eq!(num(-0.001), "0");
    assert_eq!(hex(ACCENT), "#0a4f6b");
  }
}
