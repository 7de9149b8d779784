//! Pagination: blocks → pages of positioned text and shapes.
//!
//! Coordinates are points from the page's top-left corner; `writer.rs`
//! flips them for PDF. Every line of text is placed between the margins:
//! paragraphs wrap by glyph advance widths, headings stay with what follows,
//! table rows are never cut (unless one is taller than a page) and the table
//! header repeats on every page.

use super::blocks::{Block, Cell, Span};
use super::charts::{Figure, Shape};
use super::fonts::{Face, metrics};
use pulldown_cmark::Alignment;

/// A4 width in points.
pub const PAGE_W: f32 = 595.28;
/// A4 height in points.
pub const PAGE_H: f32 = 841.89;
/// Left margin (20 mm).
pub const LEFT: f32 = 56.69;
/// Right margin (20 mm).
pub const RIGHT: f32 = 56.69;
/// Top of the text area (25 mm), below the running header.
pub const TOP: f32 = 70.87;
/// Bottom margin (22 mm), above the footer.
pub const BOTTOM: f32 = 62.36;
/// Width of the text area.
pub const WIDTH: f32 = PAGE_W - LEFT - RIGHT;
/// Lowest point text may reach.
pub const FLOOR: f32 = PAGE_H - BOTTOM;

/// Body text size.
pub const BODY: f32 = 10.0;
/// Table text size.
pub const SMALL: f32 = 8.5;
/// Line height as a multiple of the size.
pub const LEADING: f32 = 1.38;

/// An RGB colour, components 0..1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

/// Body text colour.
pub const INK: Rgb = Rgb(0.1, 0.1, 0.12);
/// Headings and chart strokes.
pub const ACCENT: Rgb = Rgb(0.04, 0.31, 0.42);
/// Table rules.
pub const GRID: Rgb = Rgb(0.7, 0.75, 0.79);
/// Table header fill.
pub const SHADE: Rgb = Rgb(0.9, 0.93, 0.95);
/// Secondary text.
pub const MUTED: Rgb = Rgb(0.4, 0.42, 0.45);

/// Something drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Draw {
  /// Text with its baseline at `y`.
  Text {
    /// Left edge.
    x: f32,
    /// Baseline.
    y: f32,
    /// Size in points.
    size: f32,
    /// Face.
    face: Face,
    /// The text.
    text: String,
    /// Colour.
    color: Rgb,
  },
  /// A polyline.
  Line {
    /// Points.
    points: Vec<(f32, f32)>,
    /// Stroke width.
    width: f32,
    /// Colour.
    color: Rgb,
    /// Dashed.
    dash: bool,
  },
  /// A rectangle from its top-left corner.
  Rect {
    /// Left.
    x: f32,
    /// Top.
    y: f32,
    /// Width.
    w: f32,
    /// Height.
    h: f32,
    /// Fill colour.
    fill: Option<Rgb>,
    /// Stroke colour.
    stroke: Option<Rgb>,
  },
  /// A closed polygon.
  Polygon {
    /// Points.
    points: Vec<(f32, f32)>,
    /// Fill colour.
    fill: Option<Rgb>,
    /// Stroke colour and width.
    stroke: Option<(Rgb, f32)>,
  },
}

impl Draw {
  /// The same drawn `dy` lower down the page.
  pub fn lowered(&self, dy: f32) -> Self {
    let down = |p: &[(f32, f32)]| p.iter().map(|(x, y)| (*x, y + dy)).collect();
    match self {
      Draw::Text { y, .. } | Draw::Rect { y, .. } => {
        let mut moved = self.clone();
        if let Draw::Text { y: to, .. } | Draw::Rect { y: to, .. } = &mut moved {
          *to = y + dy;
        }
        moved
      }
      Draw::Line {
        points,
        width,
        color,
        dash,
      } => Draw::Line {
        points: down(points),
        width: *width,
        color: *color,
        dash: *dash,
      },
      Draw::Polygon {
        points,
        fill,
        stroke,
      } => Draw::Polygon {
        points: down(points),
        fill: *fill,
        stroke: *stroke,
      },
    }
  }
}

/// A laid-out page.
#[derive(Clone, Debug, Default)]
pub struct Page {
  /// What is drawn on it.
  pub items: Vec<Draw>,
  /// What its parts are, top to bottom (the running header and footer
  /// are not marked).
  pub parts: Vec<Part>,
}

/// A run of text on a line, `x` from the line's start.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
  /// Offset from the line start.
  pub x: f32,
  /// Face.
  pub face: Face,
  /// Text.
  pub text: String,
}

/// A wrapped line and its width.
pub type Line = (Vec<Run>, f32);

/// Wraps `spans` to `width` at `size`; `force` overrides every face.
pub fn wrap(spans: &[Span], size: f32, width: f32, force: Option<Face>) -> Vec<Line> {
  let mut lines: Vec<Line> = Vec::new();
  let mut runs: Vec<Run> = Vec::new();
  let mut x = 0.0f32;
  let mut space_pending = false;
  let flush = |runs: &mut Vec<Run>, x: &mut f32, lines: &mut Vec<Line>| {
    lines.push((std::mem::take(runs), *x));
    *x = 0.0;
  };
  for span in spans {
    let face = force.unwrap_or(span.face);
    let m = metrics(face);
    let space = m.width(" ", size);
    let mut first = true;
    for piece in span.text.split(' ') {
      if !first {
        space_pending = true;
      }
      first = false;
      if piece.is_empty() {
        continue;
      }
      let word = piece;
      loop {
        let w = m.width(word, size);
        let gap = if space_pending && x > 0.0 { space } else { 0.0 };
        if x > 0.0 && x + gap + w > width {
          flush(&mut runs, &mut x, &mut lines);
          continue;
        }
        if w > width {
          // A word wider than the line (a long id or URL) starts a line of
          // its own (the line before was flushed above) and is cut where
          // it fills one. Widths add up character by character (no
          // kerning), so each character is measured once: linear in the
          // word, not quadratic.
          let mut cut = String::new();
          let mut cut_w = 0.0f32;
          for c in word.chars() {
            let mut buf = [0u8; 4];
            let cw = m.width(c.encode_utf8(&mut buf), size);
            if cut_w + cw > width && !cut.is_empty() {
              push_run(&mut runs, x, face, &cut, false);
              x += cut_w;
              flush(&mut runs, &mut x, &mut lines);
              cut.clear();
              cut_w = 0.0;
            }
            cut.push(c);
            cut_w += cw;
          }
          push_run(&mut runs, x, face, &cut, false);
          x += cut_w;
          space_pending = false;
          break;
        }
        push_run(&mut runs, x + gap, face, word, gap > 0.0);
        x += gap + w;
        space_pending = false;
        break;
      }
    }
  }
  if !runs.is_empty() || lines.is_empty() {
    lines.push((runs, x));
  }
  lines
}

fn push_run(runs: &mut Vec<Run>, x: f32, face: Face, text: &str, spaced: bool) {
  match runs.last_mut() {
    Some(last) if last.face == face => {
      if spaced {
        last.text.push(' ');
      }
      last.text.push_str(text);
    }
    _ => runs.push(Run {
      x,
      face,
      text: text.to_owned(),
    }),
  }
}

/// What a part of a page holds: the layout rules are stated over these
/// (a page never ends with a heading, a label or a table header; the
/// signature block shares its page with text), and the tests check them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
  /// The cover page's content.
  Cover,
  /// A heading.
  Heading,
  /// Lines of a paragraph or a list item.
  Text,
  /// A paragraph ending with a colon ("Việc cần làm để cải thiện:").
  Label,
  /// A table's header row.
  TableHeader,
  /// A table's body row (or part of one taller than a page).
  TableRow,
  /// A chart, or the part of the timeline on this page.
  Chart,
  /// A horizontal rule.
  Rule,
  /// The place-and-date line over the signatures.
  PlaceDate,
  /// The signature block: captions, room to sign, names.
  Signature,
}

/// A marked part of a page, from `top` to `bottom`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
  /// What it is.
  pub mark: Mark,
  /// Its top.
  pub top: f32,
  /// Its bottom.
  pub bottom: f32,
  /// Which block of the document it belongs to (its index): a block
  /// broken across pages has a part on each.
  pub block: usize,
}

/// Room left below the captions to sign and stamp: 35 mm.
pub const SIGN_SPACE: f32 = 35.0 * 72.0 / 25.4 + 1.0;

/// A forced page break is skipped while the page is less than this share
/// full, so no page but the cover and the last is nearly empty.
pub const MIN_FILL: f32 = 1.0 / 3.0;

/// Lays blocks out on pages.
pub struct Layout {
  /// Pages so far.
  pub pages: Vec<Page>,
  /// The cursor: top of the next block.
  pub y: f32,
  /// The index of the block being laid out.
  pub block: usize,
}

impl Page {
  /// How full the text area is, 0..1: the lowest thing drawn in it.
  pub fn fill(&self) -> f32 {
    let bottom = self
      .items
      .iter()
      .filter_map(|d| match d {
        Draw::Text { y, .. } if *y > TOP - 5.0 && *y <= FLOOR + 1.0 => Some(*y),
        Draw::Rect { y, h, .. } if *y >= TOP - 5.0 && *y <= FLOOR => Some(y + h),
        _ => None,
      })
      .chain(self.parts.iter().map(|p| p.bottom))
      .fold(TOP, f32::max);
    ((bottom - TOP) / (FLOOR - TOP)).clamp(0.0, 1.0)
  }
}

/// Whether a paragraph is a label introducing what follows ("…:").
fn is_label(spans: &[Span]) -> bool {
  spans
    .iter()
    .rev()
    .flat_map(|s| s.text.chars().rev())
    .find(|c| !c.is_whitespace())
    == Some(':')
}

/// The signature block, wrapped: columns fill from the right, so one
/// signer (a self-assessment) signs in the right half, as in an
/// administrative document, under the place-and-date line.
struct SignatureBlock {
  x0: f32,
  w: f32,
  place_date: Vec<Line>,
  head: Vec<Vec<Line>>,
  body: Vec<Vec<Vec<Line>>>,
}

impl SignatureBlock {
  fn new(place_date: &[Vec<Span>], header: &[Cell], rows: &[Vec<Cell>]) -> Self {
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

  fn tall(cells: &[Vec<Line>]) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(0) as f32 * BODY * LEADING
  }

  fn height(&self) -> f32 {
    12.0
      + self.place_date.len() as f32 * BODY * LEADING
      + 6.0
      + Self::tall(&self.head)
      + self.body.iter().map(|r| Self::tall(r)).sum::<f32>()
      + SIGN_SPACE
      + 6.0
  }
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

  /// Places a drawn chart at the cursor: rows go on while they fit, and
  /// the head is set again on each page the chart runs onto.
  pub fn figure(&mut self, figure: &Figure) {
    if figure.is_empty() {
      return;
    }
    self.ensure(figure.min_height());
    let mut top = self.y;
    self.shape(&figure.head);
    for row in &figure.rows {
      if self.y + row.height > FLOOR {
        self.mark(Mark::Chart, top);
        self.new_page();
        top = self.y;
        self.shape(&figure.head);
      }
      self.shape(row);
    }
    self.y += figure.after;
  }

  /// Draws a shape with its top at the cursor, and moves past it.
  fn shape(&mut self, shape: &Shape) {
    let dy = self.y;
    for item in &shape.items {
      self.draw(item.lowered(dy));
    }
    self.y += shape.height;
  }

  /// Draws on the current page.
  pub fn draw(&mut self, item: Draw) {
    if let Some(page) = self.pages.last_mut() {
      page.items.push(item);
    }
  }

  /// Marks what was laid out on this page from `top` to the cursor.
  pub fn mark(&mut self, mark: Mark, top: f32) {
    let (bottom, block) = (self.y, self.block);
    if let Some(page) = self.pages.last_mut() {
      page.parts.push(Part {
        mark,
        top,
        bottom,
        block,
      });
    }
  }

  /// Starts a new page.
  pub fn new_page(&mut self) {
    self.pages.push(Page::default());
    self.y = TOP;
  }

  /// Moves to a new page unless `height` fits below the cursor.
  pub fn ensure(&mut self, height: f32) {
    if self.y + height > FLOOR && self.y > TOP {
      self.new_page();
    }
  }

  /// Draws wrapped lines with their first baseline `size` below the cursor.
  pub fn lines(
    &mut self,
    lines: &[Line],
    x: f32,
    width: f32,
    size: f32,
    align: Alignment,
    color: Rgb,
  ) {
    let lh = size * LEADING;
    for (runs, w) in lines {
      self.ensure(lh);
      let dx = match align {
        Alignment::Center => (width - w) / 2.0,
        Alignment::Right => width - w,
        _ => 0.0,
      };
      let baseline = self.y + size;
      for r in runs {
        self.draw(Draw::Text {
          x: x + dx + r.x,
          y: baseline,
          size,
          face: r.face,
          text: r.text.clone(),
          color,
        });
      }
      self.y += lh;
    }
  }

  /// How many of `n` lines of height `lh` to set on this page: all if they
  /// fit; otherwise at least two here and two on the next page (no orphan,
  /// no widow), or none (start a new page). On an empty page, as many as
  /// fit but two.
  fn take(&self, n: usize, lh: f32) -> usize {
    let room = ((FLOOR - self.y - 0.01) / lh).floor().max(0.0) as usize;
    if n <= room {
      n
    } else if self.y <= TOP {
      // Longer than a page: fill it, but leave two lines for the next.
      room.min(n.saturating_sub(2)).max(1)
    } else {
      let take = room.min(n.saturating_sub(2));
      if take < 2 { 0 } else { take }
    }
  }

  /// Sets lines across pages with widow and orphan control, marking each
  /// page's share as `mark`.
  #[allow(clippy::too_many_arguments)]
  fn flow(&mut self, lines: &[Line], x: f32, width: f32, size: f32, color: Rgb, mark: Mark) {
    let lh = size * LEADING;
    let mut from = 0;
    while from < lines.len() {
      let take = self.take(lines.len() - from, lh);
      if take == 0 {
        self.new_page();
        continue;
      }
      let top = self.y;
      self.lines(
        &lines[from..from + take],
        x,
        width,
        size,
        Alignment::Left,
        color,
      );
      self.mark(mark, top);
      from += take;
      if from < lines.len() {
        self.new_page();
      }
    }
  }

  /// Lays out every block.
  pub fn blocks(&mut self, blocks: &[Block]) {
    for (i, block) in blocks.iter().enumerate() {
      self.block = i;
      self.block(block, &blocks[i + 1..]);
    }
  }

  fn heading_lines(level: u8, spans: &[Span]) -> (Vec<Line>, f32) {
    let size = heading_size(level);
    let lines = wrap(spans, size, WIDTH, Some(Face::Bold));
    let above = if level == 1 { 6.0 } else { 10.0 };
    let height = above + lines.len() as f32 * size * LEADING + 4.0;
    (lines, height)
  }

  /// Whether a paragraph stays whole with the start of what follows: a
  /// label ("…:"), a short introduction to a table or list, or the last
  /// text before the signatures.
  fn keeps_with_next(spans: &[Span], lines: usize, rest: &[Block]) -> bool {
    match rest.first() {
      Some(Block::Signatures { .. }) => true,
      Some(Block::Table { .. } | Block::List { .. }) => lines <= 4 || is_label(spans),
      Some(_) => is_label(spans) && lines <= 4,
      None => false,
    }
  }

  /// The least height the start of `rest` needs on the page it starts on:
  /// what keep-with-next keeps with a heading, label or introduction.
  fn start_height(&self, rest: &[Block]) -> f32 {
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

  fn block(&mut self, block: &Block, rest: &[Block]) {
    match block {
      Block::Heading { level, spans } => {
        let size = heading_size(*level);
        let (lines, height) = Self::heading_lines(*level, spans);
        let above = height - lines.len() as f32 * size * LEADING - 4.0;
        // Keep a heading with the start of what follows it: two lines, a
        // table's header and first row, an introduction and its table.
        let keep = self.start_height(rest).min(FLOOR - TOP - height);
        self.ensure(height + keep);
        if self.y > TOP {
          self.y += above;
        }
        let top = self.y;
        self.lines(&lines, LEFT, WIDTH, size, Alignment::Left, ACCENT);
        if *level <= 2 {
          self.draw(Draw::Line {
            points: vec![(LEFT, self.y), (LEFT + WIDTH, self.y)],
            width: 0.6,
            color: ACCENT,
            dash: false,
          });
        }
        self.y += 4.0;
        self.mark(Mark::Heading, top);
      }
      Block::Paragraph(spans) => {
        let lines = wrap(spans, BODY, WIDTH, None);
        if Self::keeps_with_next(spans, lines.len(), rest) {
          let own = lines.len() as f32 * BODY * LEADING + 5.0;
          let keep = self.start_height(rest);
          if own + keep <= FLOOR - TOP {
            self.ensure(own + keep);
          }
        }
        let mark = if is_label(spans) {
          Mark::Label
        } else {
          Mark::Text
        };
        self.flow(&lines, LEFT, WIDTH, BODY, INK, mark);
        self.y += 5.0;
      }
      Block::List { items, ordered } => {
        let lh = BODY * LEADING;
        let wrapped: Vec<Vec<Line>> = items
          .iter()
          .map(|item| wrap(item, BODY, WIDTH - 14.0, None))
          .collect();
        for (i, lines) in wrapped.iter().enumerate() {
          let marker = if *ordered {
            format!("{}.", i + 1)
          } else {
            "•".to_owned()
          };
          // A one-line last item never stands alone at the top of a page:
          // the item before it goes along when it is short.
          let last = wrapped.len() == i + 2 && wrapped[i + 1].len() == 1 && lines.len() <= 3;
          let needed = if last { lines.len() + 1 } else { lines.len() };
          if self.take(lines.len(), lh) == 0 || (last && self.y + needed as f32 * lh + 1.5 > FLOOR)
          {
            self.ensure(needed as f32 * lh + 1.5);
          }
          if self.take(lines.len(), lh) == 0 {
            self.new_page();
          }
          self.draw(Draw::Text {
            x: LEFT + 2.0,
            y: self.y + BODY,
            size: BODY,
            face: Face::Regular,
            text: marker,
            color: ACCENT,
          });
          self.flow(lines, LEFT + 14.0, WIDTH - 14.0, BODY, INK, Mark::Text);
          self.y += 1.5;
        }
        self.y += 4.0;
      }
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
      Block::Chart(figure) => {
        let pages = self.pages.len();
        let top = self.y;
        self.figure(figure);
        let top = if self.pages.len() == pages { top } else { TOP };
        self.mark(Mark::Chart, top);
      }
      Block::Rule => {
        self.ensure(10.0);
        let top = self.y;
        self.y += 4.0;
        self.draw(Draw::Line {
          points: vec![(LEFT, self.y), (LEFT + WIDTH, self.y)],
          width: 0.5,
          color: GRID,
          dash: false,
        });
        self.y += 6.0;
        self.mark(Mark::Rule, top);
      }
      Block::PageBreak => {
        // Breaks are conditional: one that would leave this page less than
        // a third full is skipped, except after the cover.
        let cover = self.pages.len() == 1;
        let used = self.pages.last().map_or(0.0, Page::fill);
        let empty = self.y <= TOP && self.pages.last().is_some_and(|p| p.items.is_empty());
        if !empty && (cover || used >= MIN_FILL) {
          self.new_page();
        }
      }
      Block::Cover(blocks) => self.cover(blocks),
    }
  }

  fn cover(&mut self, blocks: &[Block]) {
    self.y = PAGE_H * 0.2;
    let top = self.y;
    for block in blocks {
      match block {
        Block::Heading { level, spans } => {
          let size = if *level == 1 { 20.0 } else { 14.0 };
          let lines = balanced(spans, size, WIDTH, Some(Face::Bold));
          self.lines(&lines, LEFT, WIDTH, size, Alignment::Center, ACCENT);
          self.y += if *level == 1 { 18.0 } else { 10.0 };
        }
        Block::Paragraph(spans) => {
          let lines = balanced(spans, 11.0, WIDTH, None);
          self.lines(&lines, LEFT, WIDTH, 11.0, Alignment::Center, INK);
          self.y += 6.0;
        }
        Block::Rule => {
          self.y += 8.0;
          let (a, b) = (LEFT + WIDTH * 0.3, LEFT + WIDTH * 0.7);
          self.draw(Draw::Line {
            points: vec![(a, self.y), (b, self.y)],
            width: 1.0,
            color: ACCENT,
            dash: false,
          });
          self.y += 16.0;
        }
        other => self.block(other, &[]),
      }
    }
    self.mark(Mark::Cover, top);
  }

  fn table(&mut self, header: &[Cell], rows: &[Vec<Cell>], align: &[Alignment]) {
    let (widths, head, body) = wrap_table(header, rows, rows.len());
    if widths.is_empty() {
      return;
    }
    let pad = 3.0;
    let lh = SMALL * LEADING;
    let head_height = rows_height(&head, lh, pad);
    // The header never ends a page: it starts where its first row fits (a
    // small table, where all of it fits).
    self.ensure(table_start(&head, &body, rows.len()));
    self.y += 2.0;
    self.table_row(&head, &widths, align, Some(SHADE), 0, usize::MAX);
    for row in &body {
      let lines = row.iter().map(Vec::len).max().unwrap_or(1).max(1);
      let height = lines as f32 * lh + 2.0 * pad;
      if self.y + height <= FLOOR {
        self.table_row(row, &widths, align, None, 0, lines);
        continue;
      }
      if height <= FLOOR - TOP - head_height {
        // Rows are never cut: start a page and repeat the header.
        self.new_page();
        self.table_row(&head, &widths, align, Some(SHADE), 0, usize::MAX);
        self.table_row(row, &widths, align, None, 0, lines);
        continue;
      }
      // Only a row taller than a whole page is split, line by line.
      let mut from = 0;
      while from < lines {
        let room = ((FLOOR - self.y - 2.0 * pad) / lh).floor().max(0.0) as usize;
        if room == 0 {
          self.new_page();
          self.table_row(&head, &widths, align, Some(SHADE), 0, usize::MAX);
          continue;
        }
        let count = (lines - from).min(room);
        self.table_row(row, &widths, align, None, from, count);
        from += count;
      }
    }
    self.y += 8.0;
  }

  /// Draws lines `from..from+count` of each cell as one row; a shaded row
  /// is the header.
  fn table_row(
    &mut self,
    cells: &[Vec<Line>],
    widths: &[f32],
    align: &[Alignment],
    fill: Option<Rgb>,
    from: usize,
    count: usize,
  ) {
    let pad = 3.0;
    let lh = SMALL * LEADING;
    let shown = cells
      .iter()
      .map(|c| c.len().saturating_sub(from).min(count))
      .max()
      .unwrap_or(0)
      .max(1);
    let height = shown as f32 * lh + 2.0 * pad;
    let top = self.y;
    let mut x = LEFT;
    for (c, lines) in cells.iter().enumerate() {
      let w = widths[c];
      self.draw(Draw::Rect {
        x,
        y: self.y,
        w,
        h: height,
        fill,
        stroke: Some(GRID),
      });
      let a = align.get(c).copied().unwrap_or(Alignment::None);
      for (i, (runs, lw)) in lines.iter().skip(from).take(shown).enumerate() {
        let dx = match a {
          Alignment::Right => w - 2.0 * pad - lw,
          Alignment::Center => (w - 2.0 * pad - lw) / 2.0,
          _ => 0.0,
        };
        let baseline = self.y + pad + i as f32 * lh + SMALL;
        for r in runs {
          self.draw(Draw::Text {
            x: x + pad + dx + r.x,
            y: baseline,
            size: SMALL,
            face: r.face,
            text: r.text.clone(),
            color: INK,
          });
        }
      }
      x += w;
    }
    self.y += height;
    let mark = if fill.is_some() {
      Mark::TableHeader
    } else {
      Mark::TableRow
    };
    self.mark(mark, top);
  }

  /// The place-and-date line, the captions, 35 mm to sign and stamp, then
  /// the names: one unit, never split across pages.
  fn signatures(&mut self, s: &SignatureBlock) {
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

/// Wraps spans to the narrowest width that keeps their number of lines,
/// so a centred title has balanced lines, never one word alone at the end.
pub fn balanced(spans: &[Span], size: f32, width: f32, force: Option<Face>) -> Vec<Line> {
  let lines = wrap(spans, size, width, force);
  if lines.len() < 2 {
    return lines;
  }
  let n = lines.len();
  let (mut lo, mut hi) = (width / n as f32, width);
  for _ in 0..16 {
    let mid = (lo + hi) / 2.0;
    if wrap(spans, size, mid, force).len() <= n {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  wrap(spans, size, hi, force)
}

/// A table of at most this many rows is not split, when it fits in a third
/// of a page.
const SMALL_TABLE: usize = 6;

/// The height a table needs on the page it starts on: header and first
/// row, or the whole of a small table.
fn table_start(head: &[Vec<Line>], body: &[Vec<Vec<Line>>], rows: usize) -> f32 {
  let (pad, lh) = (3.0, SMALL * LEADING);
  let head_height = rows_height(head, lh, pad);
  let first = body.first().map_or(0.0, |r| rows_height(r, lh, pad));
  let whole: f32 = body.iter().map(|r| rows_height(r, lh, pad)).sum();
  if rows <= SMALL_TABLE && head_height + whole <= (FLOOR - TOP) / 3.0 {
    2.0 + head_height + whole
  } else {
    2.0 + head_height + first.min(FLOOR - TOP - head_height)
  }
}

/// A table's column widths and its header and first `count` rows wrapped
/// to them.
#[allow(clippy::type_complexity)]
fn wrap_table(
  header: &[Cell],
  rows: &[Vec<Cell>],
  count: usize,
) -> (Vec<f32>, Vec<Vec<Line>>, Vec<Vec<Vec<Line>>>) {
  let columns = header
    .len()
    .max(rows.iter().map(Vec::len).max().unwrap_or(0));
  if columns == 0 {
    return (Vec::new(), Vec::new(), Vec::new());
  }
  let pad = 3.0;
  let widths = column_widths(header, rows, columns, pad);
  let wrap_row = |cells: &[Cell], force: Option<Face>| -> Vec<Vec<Line>> {
    (0..columns)
      .map(|c| {
        wrap(
          cells.get(c).map_or(&[][..], |v| v.as_slice()),
          SMALL,
          widths[c] - 2.0 * pad,
          force,
        )
      })
      .collect()
  };
  let head = wrap_row(header, Some(Face::Bold));
  let body = rows.iter().take(count).map(|r| wrap_row(r, None)).collect();
  (widths, head, body)
}

/// How many of a block's `n` lines must share the page it starts on:
/// two when it can break (two lines each side, so four or more), else all.
fn first_lines(n: usize) -> usize {
  if n <= 3 { n } else { 2 }
}

/// Heading size by level.
pub fn heading_size(level: u8) -> f32 {
  match level {
    1 => 16.0,
    2 => 13.0,
    _ => 11.0,
  }
}

fn rows_height(cells: &[Vec<Line>], lh: f32, pad: f32) -> f32 {
  cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * pad
}

/// The 90th percentile (nearest rank) of `values`; 0 when empty.
fn percentile90(values: &mut [f32]) -> f32 {
  if values.is_empty() {
    return 0.0;
  }
  values.sort_by(f32::total_cmp);
  let rank = (values.len() * 9).div_ceil(10).max(1);
  values[rank - 1]
}

fn natural(cell: &Cell, force: Option<Face>) -> (f32, f32) {
  let mut longest_word = 0.0f32;
  let mut total = 0.0f32;
  for span in cell {
    let m = metrics(force.unwrap_or(span.face));
    total += m.width(&span.text, SMALL);
    // Words as the wrapper sees them: a no-break space joins.
    for word in span.text.split(' ') {
      longest_word = longest_word.max(m.width(word, SMALL));
    }
  }
  (longest_word, total)
}

/// About half a word of `cell`, whose text is `total` wide on one line:
/// the room a wrapped line leaves unused at its end, on average.
fn ragged(cell: &Cell, total: f32) -> f32 {
  let words: usize = cell.iter().map(|s| s.text.split(' ').count()).sum();
  if words == 0 {
    0.0
  } else {
    0.5 * total / words as f32
  }
}

/// Column widths that fill the text area: every column gets at least its
/// longest word where possible; the rest goes, a slice at a time, to the
/// column where it shortens the table most (the sum over rows of each
/// row's tallest cell), so the column holding most of the text (an action
/// and why it comes then) is not squeezed into a sliver while short
/// columns ("tháng 7", "–") stand half empty. No column grows past its
/// robust width: the 90th percentile of its cells (and the header), or
/// about three words a line for a column with one long cell among
/// dashes, so one outlier (a 2,000-character note) wraps in its column
/// instead of widening it for the whole table.
fn column_widths(header: &[Cell], rows: &[Vec<Cell>], columns: usize, pad: f32) -> Vec<f32> {
  let mut min = vec![0.0f32; columns];
  let mut max = vec![0.0f32; columns];
  let mut cells: Vec<Vec<f32>> = vec![Vec::with_capacity(rows.len()); columns];
  // Per cell: its text on one line, and the room a line loses at its end
  // (about half a word).
  let mut head = vec![(0.0f32, 0.0f32); columns];
  for (c, cell) in header.iter().enumerate().take(columns) {
    let (lo, hi) = natural(cell, Some(Face::Bold));
    min[c] = lo.min(WIDTH * 0.3) + 2.0 * pad;
    max[c] = hi + 2.0 * pad;
    head[c] = (hi, ragged(cell, hi));
  }
  let mut body: Vec<Vec<(f32, f32)>> = Vec::with_capacity(rows.len());
  for row in rows {
    let mut texts = vec![(0.0f32, 0.0f32); columns];
    for (c, cell) in row.iter().enumerate().take(columns) {
      let (lo, hi) = natural(cell, None);
      min[c] = min[c].max(lo.min(WIDTH * 0.3) + 2.0 * pad);
      cells[c].push(hi + 2.0 * pad);
      texts[c] = (hi, ragged(cell, hi));
    }
    body.push(texts);
  }
  for (c, widths) in cells.iter_mut().enumerate() {
    // A column of dashes with one long cell still gets a readable width
    // (about three words a line), not a tower of one word per line.
    let longest = widths.iter().copied().fold(0.0f32, f32::max);
    let readable = longest.min(WIDTH * 0.13);
    max[c] = max[c].max(percentile90(widths)).max(min[c]).max(readable);
  }
  let total_max: f32 = max.iter().sum();
  if total_max <= WIDTH {
    let extra = (WIDTH - total_max) / columns as f32;
    return max.iter().map(|m| m + extra).collect();
  }
  let total_min: f32 = min.iter().sum();
  if total_min >= WIDTH {
    return min.iter().map(|m| m * WIDTH / total_min).collect();
  }
  // Every column a tenth of the width where it has that much text, so a
  // short cell ("Người đại diện tổ hợp tác") is not one word a line
  // because another column is always taller.
  let floor: Vec<f32> = min
    .iter()
    .zip(&max)
    .map(|(lo, hi)| lo.max(hi.min(WIDTH * 0.1)))
    .collect();
  if floor.iter().sum::<f32>() < WIDTH {
    min = floor;
  }
  let total_min: f32 = min.iter().sum();
  // A column never grows past its robust width (`max`), so one outlier
  // cell cannot widen it; within that, every cell counts as it is.
  let mut table = vec![head];
  table.extend(body);
  // Lines a row needs: its tallest cell, text over the width it has (a
  // continuous estimate, so every slice of width shows its effect).
  let height = |widths: &[f32]| -> f32 {
    table
      .iter()
      .map(|row| {
        row
          .iter()
          .zip(widths)
          .map(|((t, r), w)| (t / (w - 2.0 * pad - r).max(1.0)).max(1.0))
          .fold(1.0f32, f32::max)
      })
      .sum()
  };
  let mut widths = min.clone();
  let steps = 240;
  let slice = (WIDTH - total_min) / steps as f32;
  for step in 0..steps {
    let now = height(&widths);
    let mut best: Option<(usize, f32)> = None;
    for c in 0..columns {
      if widths[c] >= max[c] {
        continue;
      }
      widths[c] += slice;
      let gain = now - height(&widths);
      widths[c] -= slice;
      if gain > 1e-4 && best.is_none_or(|(_, g)| gain > g) {
        best = Some((c, gain));
      }
    }
    match best {
      Some((c, _)) => widths[c] += slice,
      None => {
        // Nothing gets shorter: share what is left by how much more text
        // each column could still take.
        let spare = slice * (steps - step) as f32;
        let want: Vec<f32> = max
          .iter()
          .zip(&widths)
          .map(|(hi, w)| (hi - w).max(0.0).sqrt())
          .collect();
        let total_want: f32 = want.iter().sum();
        for (w, x) in widths.iter_mut().zip(&want) {
          *w += if total_want > 0.0 {
            spare * x / total_want
          } else {
            spare / columns as f32
          };
        }
        break;
      }
    }
  }
  widths
}

#[cfg(test)]
mod tests {
  use super::*;

  fn span(text: &str) -> Span {
    Span {
      text: text.into(),
      face: Face::Regular,
    }
  }

  /// A long unbroken word (a pasted link, a row of digits) is cut into
  /// full lines and keeps every character. (Cutting is linear in the
  /// word's length; `benches/README.md` has the figures.)
  #[test]
  fn a_long_word_is_cut_into_full_lines_in_one_pass() {
    let word = "x".repeat(20_000);
    let lines = wrap(&[span(&word)], BODY, 200.0, None);
    let kept: usize = lines
      .iter()
      .flat_map(|(runs, _)| runs)
      .map(|r| r.text.chars().count())
      .sum();
    assert_eq!(kept, 20_000);
    assert!(lines.len() > 100);
    for (_, w) in &lines {
      assert!(*w <= 200.0 + 0.01);
    }
  }

  #[test]
  fn wrapped_lines_never_exceed_the_width() {
    let text = "Hợp tác xã cần xây dựng kế hoạch chuyển đổi số có mục tiêu đo được và trình Đại hội thành viên thông qua trong sáu tháng đầu.";
    for width in [60.0, 120.0, 300.0] {
      let lines = wrap(&[span(text)], BODY, width, None);
      assert!(lines.len() > 1);
      for (_, w) in &lines {
        assert!(*w <= width + 0.01, "{w} > {width}");
      }
      let joined: Vec<String> = lines
        .iter()
        .map(|(runs, _)| {
          runs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("")
        })
        .collect();
      assert_eq!(joined.join(" "), text);
    }
  }

  #[test]
  fn a_word_longer_than_the_line_is_broken() {
    let lines = wrap(
      &[span("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ")],
      BODY,
      50.0,
      None,
    );
    assert!(lines.len() > 2);
    assert!(lines.iter().all(|(_, w)| *w <= 50.0));
  }

  #[test]
  fn columns_fill_the_width() {
    let header = vec![vec![span("Việc")], vec![span("Chi phí")]];
    let rows = vec![vec![
      vec![span(
        "Dùng hóa đơn điện tử cho mọi giao dịch bán ra "
          .repeat(5)
          .as_str(),
      )],
      vec![span("1.000.000 đ")],
    ]];
    let w = column_widths(&header, &rows, 2, 3.0);
    assert!((w.iter().sum::<f32>() - WIDTH).abs() < 0.5);
    assert!(w[1] >= metrics(Face::Regular).width("1.000.000", SMALL));
  }

  fn para(words: usize) -> Block {
    Block::Paragraph(vec![span(&"chuyển đổi số ".repeat(words / 3))])
  }

  fn laid(blocks: &[Block]) -> Vec<Page> {
    let mut layout = Layout::new();
    layout.blocks(blocks);
    layout.pages
  }

  #[test]
  fn one_long_note_does_not_widen_its_column() {
    let header = vec![
      vec![span("Mã")],
      vec![span("Câu hỏi")],
      vec![span("Ghi chú")],
    ];
    let row = |note: &str| {
      vec![
        vec![span("LD01")],
        vec![span(
          "Hợp tác xã đã có định hướng hoặc kế hoạch chuyển đổi số chưa?",
        )],
        vec![span(note)],
      ]
    };
    let mut rows: Vec<Vec<Cell>> = (0..40).map(|_| row("Có biên bản họp.")).collect();
    let before = column_widths(&header, &rows, 3, 3.0);
    rows[7] = row(&"Ghi chú rất dài của cán bộ tư vấn. ".repeat(60));
    let after = column_widths(&header, &rows, 3, 3.0);
    for (b, a) in before.iter().zip(&after) {
      assert!((b - a).abs() < 0.5, "{before:?} → {after:?}");
    }
  }

  #[test]
  fn a_cover_title_is_balanced() {
    let title = [Span {
      text: "DIGITAL TRANSFORMATION READINESS ASSESSMENT AND DIGITAL TRANSFORMATION PLAN".into(),
      face: Face::Bold,
    }];
    let plain = wrap(&title, 20.0, WIDTH, None);
    let even = balanced(&title, 20.0, WIDTH, None);
    assert_eq!(plain.len(), even.len());
    let last = |lines: &[Line]| lines.last().map_or(0.0, |l| l.1);
    let first = |lines: &[Line]| lines.first().map_or(0.0, |l| l.1);
    assert!(
      last(&plain) < first(&plain) / 3.0,
      "the plain wrap leaves a short last line"
    );
    assert!(last(&even) > first(&even) * 0.6, "{even:?}");
  }

  #[test]
  fn a_heading_keeps_with_its_table_header_and_first_row() {
    let table = Block::Table {
      header: vec![vec![span("Việc")], vec![span("Chi phí")]],
      rows: vec![
        vec![
          vec![span(&"Lý do dài. ".repeat(40))],
          vec![span("1.000.000 đ")]
        ];
        2
      ],
      align: vec![Alignment::None; 2],
    };
    let heading = Block::Heading {
      level: 2,
      spans: vec![span("Giai đoạn 1: Nền tảng")],
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
        text: "Ninh\u{a0}Bình, ngày\u{a0}05 tháng\u{a0}10 năm\u{a0}2026".into(),
        face: Face::Italic,
      }]],
      header: vec![
        vec![span("CÁN BỘ TƯ VẤN")],
        vec![span("ĐẠI DIỆN HỢP TÁC XÃ")],
      ],
      rows: vec![
        vec![
          vec![span("(Ký, ghi rõ họ tên)")],
          vec![span("(Ký, ghi rõ họ tên, đóng dấu)")],
        ],
        vec![vec![span("Lò Thị Hương")], vec![]],
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
      header: vec![vec![span("Năm")], vec![span("Chi dự kiến")]],
      rows: vec![vec![vec![span("1 (tháng 1–12)")], vec![span("4.700.000 đ")]]; 3],
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
}
