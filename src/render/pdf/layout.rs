//! Pagination: blocks → pages of positioned text and shapes.
//!
//! Coordinates are points from the page's top-left corner; `writer.rs`
//! flips them for PDF. Every line of text is placed between the margins:
//! paragraphs wrap by glyph advance widths, headings stay with what follows,
//! table rows are never cut (unless one is taller than a page) and the table
//! header repeats on every page.

use super::blocks::{Block, Cell, Span, TableKind};
use super::charts::ChartData;
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

/// A laid-out page.
#[derive(Clone, Debug, Default)]
pub struct Page {
  /// What is drawn on it.
  pub items: Vec<Draw>,
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
      let mut word = piece.to_owned();
      loop {
        let w = m.width(&word, size);
        let gap = if space_pending && x > 0.0 { space } else { 0.0 };
        if x > 0.0 && x + gap + w > width {
          flush(&mut runs, &mut x, &mut lines);
          continue;
        }
        if w > width {
          // A word wider than the line (a long id or URL): break it.
          let mut cut = String::new();
          for c in word.chars() {
            if m.width(&format!("{cut}{c}"), size) > width && !cut.is_empty() {
              break;
            }
            cut.push(c);
          }
          let rest = word[cut.len()..].to_owned();
          push_run(&mut runs, x + gap, face, &cut, gap > 0.0);
          x += gap + m.width(&cut, size);
          space_pending = false;
          flush(&mut runs, &mut x, &mut lines);
          word = rest;
          if word.is_empty() {
            break;
          }
          continue;
        }
        push_run(&mut runs, x + gap, face, &word, gap > 0.0);
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

/// Lays blocks out on pages.
pub struct Layout<'a> {
  /// Pages so far.
  pub pages: Vec<Page>,
  /// The cursor: top of the next block.
  pub y: f32,
  /// Data for charts.
  pub data: &'a ChartData,
}

impl<'a> Layout<'a> {
  /// An empty layout on its first page.
  pub fn new(data: &'a ChartData) -> Self {
    Self {
      pages: vec![Page::default()],
      y: TOP,
      data,
    }
  }

  /// Draws on the current page.
  pub fn draw(&mut self, item: Draw) {
    if let Some(page) = self.pages.last_mut() {
      page.items.push(item);
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

  /// Lays out every block.
  pub fn blocks(&mut self, blocks: &[Block]) {
    for (i, block) in blocks.iter().enumerate() {
      self.block(block, blocks.get(i + 1));
    }
  }

  fn block(&mut self, block: &Block, next: Option<&Block>) {
    match block {
      Block::Heading { level, spans } => {
        let size = heading_size(*level);
        let lines = wrap(spans, size, WIDTH, Some(Face::Bold));
        let above = if *level == 1 { 6.0 } else { 10.0 };
        let height = above + lines.len() as f32 * size * LEADING + 4.0;
        // Keep a heading with the start of what follows it.
        self.ensure(height + next.map_or(0.0, |n| self.min_height(n)));
        if self.y > TOP {
          self.y += above;
        }
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
      }
      Block::Paragraph(spans) => {
        let lines = wrap(spans, BODY, WIDTH, None);
        self.lines(&lines, LEFT, WIDTH, BODY, Alignment::Left, INK);
        self.y += 5.0;
      }
      Block::List { items, ordered } => {
        for (i, item) in items.iter().enumerate() {
          let marker = if *ordered {
            format!("{}.", i + 1)
          } else {
            "•".to_owned()
          };
          let lines = wrap(item, BODY, WIDTH - 14.0, None);
          self.ensure(BODY * LEADING);
          self.draw(Draw::Text {
            x: LEFT + 2.0,
            y: self.y + BODY,
            size: BODY,
            face: Face::Regular,
            text: marker,
            color: ACCENT,
          });
          self.lines(
            &lines,
            LEFT + 14.0,
            WIDTH - 14.0,
            BODY,
            Alignment::Left,
            INK,
          );
          self.y += 1.5;
        }
        self.y += 4.0;
      }
      Block::Table {
        header,
        rows,
        align,
        kind: TableKind::Grid,
      } => self.table(header, rows, align),
      Block::Table {
        header,
        rows,
        kind: TableKind::Signatures,
        ..
      } => self.signatures(header, rows),
      Block::Chart(chart) => self.chart(*chart),
      Block::Rule => {
        self.ensure(10.0);
        self.y += 4.0;
        self.draw(Draw::Line {
          points: vec![(LEFT, self.y), (LEFT + WIDTH, self.y)],
          width: 0.5,
          color: GRID,
          dash: false,
        });
        self.y += 6.0;
      }
      Block::PageBreak => {
        if self.y > TOP || self.pages.last().is_some_and(|p| !p.items.is_empty()) {
          self.new_page();
        }
      }
      Block::Cover(blocks) => self.cover(blocks),
    }
  }

  /// The least height a block needs to start on a page (for keep-with-next).
  fn min_height(&self, block: &Block) -> f32 {
    match block {
      Block::Paragraph(_) | Block::List { .. } => 2.0 * BODY * LEADING,
      Block::Table { .. } => 4.0 * SMALL * LEADING + 12.0,
      Block::Chart(chart) => self.chart_min_height(*chart),
      _ => 0.0,
    }
  }

  fn cover(&mut self, blocks: &[Block]) {
    self.y = PAGE_H * 0.2;
    for block in blocks {
      match block {
        Block::Heading { level, spans } => {
          let size = if *level == 1 { 20.0 } else { 14.0 };
          let lines = wrap(spans, size, WIDTH, Some(Face::Bold));
          self.lines(&lines, LEFT, WIDTH, size, Alignment::Center, ACCENT);
          self.y += if *level == 1 { 18.0 } else { 10.0 };
        }
        Block::Paragraph(spans) => {
          let lines = wrap(spans, 11.0, WIDTH, None);
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
        other => self.block(other, None),
      }
    }
  }

  fn table(&mut self, header: &[Cell], rows: &[Vec<Cell>], align: &[Alignment]) {
    let columns = header
      .len()
      .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
      return;
    }
    let pad = 3.0;
    let lh = SMALL * LEADING;
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
    let head_height = rows_height(&head, lh, pad);
    let body: Vec<Vec<Vec<Line>>> = rows.iter().map(|r| wrap_row(r, None)).collect();
    let first = body.first().map_or(0.0, |r| rows_height(r, lh, pad));
    self.ensure(head_height + first.min(FLOOR - TOP - head_height));
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

  /// Draws lines `from..from+count` of each cell as one row.
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
  }

  fn signatures(&mut self, header: &[Cell], rows: &[Vec<Cell>]) {
    let columns = header.len().max(1);
    let w = WIDTH / columns as f32;
    let lh = BODY * LEADING;
    let head: Vec<Vec<Line>> = header
      .iter()
      .map(|c| wrap(c, BODY, w - 8.0, Some(Face::Bold)))
      .collect();
    let body: Vec<Vec<Vec<Line>>> = rows
      .iter()
      .map(|r| r.iter().map(|c| wrap(c, BODY, w - 8.0, None)).collect())
      .collect();
    let tall = |cells: &Vec<Vec<Line>>| cells.iter().map(Vec::len).max().unwrap_or(0) as f32 * lh;
    // Room to sign before the last row (the names).
    let sign_space = 64.0;
    let total = tall(&head) + body.iter().map(tall).sum::<f32>() + sign_space + 12.0;
    self.ensure(total);
    self.y += 12.0;
    let all: Vec<&Vec<Vec<Line>>> = std::iter::once(&head).chain(body.iter()).collect();
    for (r, cells) in all.iter().enumerate() {
      if r + 1 == all.len() && r > 0 {
        self.y += sign_space;
      }
      let top = self.y;
      let mut bottom = top;
      for (c, lines) in cells.iter().enumerate() {
        self.y = top;
        self.lines(
          lines,
          LEFT + c as f32 * w + 4.0,
          w - 8.0,
          BODY,
          Alignment::Center,
          INK,
        );
        bottom = bottom.max(self.y);
      }
      self.y = bottom;
    }
    self.y += 6.0;
  }
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

fn natural(cell: &Cell, force: Option<Face>) -> (f32, f32) {
  let mut longest_word = 0.0f32;
  let mut total = 0.0f32;
  for span in cell {
    let m = metrics(force.unwrap_or(span.face));
    total += m.width(&span.text, SMALL);
    for word in span.text.split_whitespace() {
      longest_word = longest_word.max(m.width(word, SMALL));
    }
  }
  (longest_word, total)
}

/// Column widths that fill the text area: every column gets at least its
/// longest word where possible; the rest is shared by the square root of
/// how much more text it holds, so one long column does not squeeze the
/// others into slivers.
fn column_widths(header: &[Cell], rows: &[Vec<Cell>], columns: usize, pad: f32) -> Vec<f32> {
  let mut min = vec![0.0f32; columns];
  let mut max = vec![0.0f32; columns];
  let all =
    std::iter::once((header, Some(Face::Bold))).chain(rows.iter().map(|r| (r.as_slice(), None)));
  for (row, force) in all {
    for (c, cell) in row.iter().enumerate().take(columns) {
      let (lo, hi) = natural(cell, force);
      min[c] = min[c].max(lo.min(WIDTH * 0.3) + 2.0 * pad);
      max[c] = max[c].max(hi + 2.0 * pad);
    }
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
  let spare = WIDTH - total_min;
  let want: Vec<f32> = max
    .iter()
    .zip(&min)
    .map(|(hi, lo)| (hi - lo).max(0.0).sqrt())
    .collect();
  let total_want: f32 = want.iter().sum::<f32>().max(1.0);
  min
    .iter()
    .zip(&want)
    .map(|(lo, w)| lo + spare * w / total_want)
    .collect()
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
}
