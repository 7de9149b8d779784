//! Vector charts: radar of the dimensions, bars per dimension, and the
//! plan's timeline, drawn by functions from [`ChartData`] to a [`Figure`]
//! of drawing items; the layout only places figures on pages. Positions are
//! drawing coordinates (f32); the figures they show were computed in
//! `Decimal` and only converted to be drawn.

use super::blocks::{Chart, Span};
use super::fonts::{Face, metrics};
use super::layout::{ACCENT, Draw, GRID, INK, LEFT, MUTED, Rgb, Run, SHADE, WIDTH, wrap};

/// A dimension on the charts.
#[derive(Clone, Debug)]
pub struct DimensionPoint {
  /// Name in the report's language.
  pub name: String,
  /// Score 0-100 now.
  pub score: Option<f32>,
  /// Score at the earlier assessment, with `--compare`.
  pub previous: Option<f32>,
}

/// A planned action on the timeline.
#[derive(Clone, Debug)]
pub struct TimelineBar {
  /// Title in the report's language.
  pub title: String,
  /// First month (0-based).
  pub start: u32,
  /// End month (exclusive).
  pub end: u32,
  /// Phase number.
  pub phase: u8,
}

/// What the charts draw, and their words.
#[derive(Clone, Debug, Default)]
pub struct ChartData {
  /// Dimensions in content order.
  pub dimensions: Vec<DimensionPoint>,
  /// Planned actions by start month.
  pub actions: Vec<TimelineBar>,
  /// Plan horizon.
  pub months: u32,
  /// Phases: number, first month, end month.
  pub phases: Vec<(u8, u32, u32)>,
  /// Legend for the current assessment ("T1").
  pub current: String,
  /// Legend for the earlier assessment ("T0"), with `--compare`.
  pub previous: Option<String>,
  /// "Tháng" / "Month".
  pub month_label: String,
  /// "Giai đoạn" / "Phase".
  pub phase_label: String,
}

const PHASE_FILL: [Rgb; 3] = [
  Rgb(0.16, 0.5, 0.62),
  Rgb(0.33, 0.6, 0.35),
  Rgb(0.8, 0.55, 0.18),
];
const AREA: Rgb = Rgb(0.78, 0.88, 0.92);
const RADAR: f32 = 300.0;
const BAR_ROW: f32 = 20.0;
const TIMELINE_ROW: f32 = 11.0;
const TIMELINE_HEAD: f32 = 26.0;
const LABEL_W: f32 = 190.0;

fn phase_color(phase: u8) -> Rgb {
  PHASE_FILL[usize::from(phase.saturating_sub(1)) % PHASE_FILL.len()]
}

fn text(x: f32, y: f32, size: f32, face: Face, s: &str, color: Rgb) -> Draw {
  Draw::Text {
    x,
    y,
    size,
    face,
    text: s.to_owned(),
    color,
  }
}

/// `s` shortened with an ellipsis to fit `width`, cut after a whole word
/// (never mid-syllable); only a single word too long for the width is cut
/// inside.
pub fn fit(s: &str, size: f32, width: f32) -> String {
  let m = metrics(Face::Regular);
  if m.width(s, size) <= width {
    return s.to_owned();
  }
  let mut words = None;
  for (i, c) in s.char_indices() {
    if c == ' ' || c == super::blocks::NBSP {
      let head = s[..i].trim_end_matches([' ', ',', ';', ':', '–', '-', super::blocks::NBSP]);
      if m.width(&format!("{head}…"), size) > width {
        break;
      }
      if !head.is_empty() {
        words = Some(head);
      }
    }
  }
  if let Some(head) = words {
    return format!("{head}…");
  }
  let mut out = String::new();
  for c in s.chars() {
    if m.width(&format!("{out}{c}…"), size) > width {
      break;
    }
    out.push(c);
  }
  format!("{}…", out.trim_end())
}

/// Drawing items of one part of a chart, from y = 0 down to `height`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shape {
  /// What is drawn, its `y` measured from the shape's top.
  pub items: Vec<Draw>,
  /// How far down it reaches.
  pub height: f32,
}

/// A chart drawn: a head, set again at the top of every page the chart runs
/// onto, then rows, never cut, then space after. Radar and bars are one
/// head; the timeline is its axis and one row per action.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figure {
  /// Which chart it is.
  pub chart: Option<Chart>,
  /// The head.
  pub head: Shape,
  /// The rows.
  pub rows: Vec<Shape>,
  /// Space after the chart.
  pub after: f32,
}

impl Figure {
  /// Nothing to draw (a timeline with no actions).
  pub fn is_empty(&self) -> bool {
    self.head.items.is_empty() && self.rows.is_empty()
  }

  /// The least height it needs on a page: the head and up to three rows,
  /// so no page ends on a lone axis.
  pub fn min_height(&self) -> f32 {
    self.head.height + self.rows.iter().take(3).map(|r| r.height).sum::<f32>()
  }
}

/// Draws `chart` from `data`.
pub fn draw(chart: Chart, data: &ChartData) -> Figure {
  let figure = match chart {
    Chart::Radar if data.dimensions.len() >= 3 => Figure {
      head: radar(data),
      ..Figure::default()
    },
    Chart::Radar | Chart::Bars => Figure {
      head: bars(data),
      ..Figure::default()
    },
    Chart::Timeline if data.actions.is_empty() => Figure::default(),
    Chart::Timeline => Figure {
      head: timeline_head(data),
      rows: data
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| timeline_row(data, i, a))
        .collect(),
      after: 10.0,
      ..Figure::default()
    },
  };
  Figure {
    chart: Some(chart),
    ..figure
  }
}

/// Collects drawing items.
#[derive(Default)]
struct Pen {
  items: Vec<Draw>,
}

impl Pen {
  fn draw(&mut self, item: Draw) {
    self.items.push(item);
  }

  /// One wrapped line's runs from `x` on baseline `y`.
  fn runs(&mut self, runs: &[Run], x: f32, y: f32, size: f32) {
    for run in runs {
      self.draw(text(x + run.x, y, size, run.face, &run.text, INK));
    }
  }

  fn shape(self, height: f32) -> Shape {
    Shape {
      items: self.items,
      height,
    }
  }
}

fn radar(data: &ChartData) -> Shape {
  let dims = &data.dimensions;
  let mut pen = Pen::default();
  let (cx, cy, r) = (LEFT + WIDTH / 2.0, RADAR / 2.0 - 6.0, 95.0);
  let n = dims.len();
  let angle = |i: usize| -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::TAU / n as f32;
  let point = |i: usize, value: f32| {
    let a = angle(i);
    (
      cx + r * value / 100.0 * a.cos(),
      cy + r * value / 100.0 * a.sin(),
    )
  };
  for ring in [20.0, 40.0, 60.0, 80.0, 100.0] {
    let points = (0..n).map(|i| point(i, ring)).collect();
    pen.draw(Draw::Polygon {
      points,
      fill: None,
      stroke: Some((GRID, 0.5)),
    });
  }
  for i in 0..n {
    pen.draw(Draw::Line {
      points: vec![(cx, cy), point(i, 100.0)],
      width: 0.4,
      color: GRID,
      dash: false,
    });
  }
  let current: Vec<(f32, f32)> = dims
    .iter()
    .enumerate()
    .map(|(i, d)| point(i, d.score.unwrap_or(0.0).clamp(0.0, 100.0)))
    .collect();
  pen.draw(Draw::Polygon {
    points: current.clone(),
    fill: Some(AREA),
    stroke: Some((ACCENT, 1.4)),
  });
  if dims.iter().any(|d| d.previous.is_some()) {
    let mut previous: Vec<(f32, f32)> = dims
      .iter()
      .enumerate()
      .map(|(i, d)| point(i, d.previous.unwrap_or(0.0).clamp(0.0, 100.0)))
      .collect();
    previous.push(previous[0]);
    pen.draw(Draw::Line {
      points: previous,
      width: 1.1,
      color: MUTED,
      dash: true,
    });
  }
  for (x, y) in &current {
    pen.draw(Draw::Rect {
      x: x - 1.6,
      y: y - 1.6,
      w: 3.2,
      h: 3.2,
      fill: Some(ACCENT),
      stroke: None,
    });
  }
  radar_scale(&mut pen, (cx, cy, r), n);
  for (i, d) in dims.iter().enumerate() {
    radar_label(&mut pen, (cx, cy, r), angle(i), d);
  }
  legend(&mut pen, data, RADAR - 14.0);
  pen.shape(RADAR)
}

/// Scale labels last, on a white ground, half-way between the first and
/// last axes: data points sit on the axes, so none hides a label.
fn radar_scale(pen: &mut Pen, (cx, cy, r): (f32, f32, f32), n: usize) {
  let half = std::f32::consts::PI / n as f32;
  let a = -std::f32::consts::FRAC_PI_2 - half;
  for ring in [20.0f32, 40.0, 60.0, 80.0, 100.0] {
    let d = r * ring / 100.0 * half.cos();
    let label = format!("{ring}");
    let w = metrics(Face::Regular).width(&label, 6.0);
    let (x, y) = (cx + d * a.cos() - w / 2.0, cy + d * a.sin() + 2.0);
    pen.draw(Draw::Rect {
      x: x - 1.0,
      y: y - 5.5,
      w: w + 2.0,
      h: 7.0,
      fill: Some(Rgb(1.0, 1.0, 1.0)),
      stroke: None,
    });
    pen.draw(text(x, y, 6.0, Face::Regular, &label, MUTED));
  }
}

/// A dimension's name and score outside its axis, set away from the chart
/// on whichever side the axis points.
fn radar_label(pen: &mut Pen, (cx, cy, r): (f32, f32, f32), a: f32, d: &DimensionPoint) {
  let (px, py) = (cx + (r + 12.0) * a.cos(), cy + (r + 12.0) * a.sin());
  let label = match d.score {
    Some(s) => format!("{} ({})", d.name, s.round()),
    None => d.name.clone(),
  };
  let lines = wrap(
    &[Span {
      text: label,
      face: Face::Regular,
    }],
    7.5,
    118.0,
    None,
  );
  let lh = 7.5 * 1.25;
  let block = lines.len() as f32 * lh;
  let top = if a.sin() > 0.3 {
    py
  } else if a.sin() < -0.3 {
    py - block
  } else {
    py - block / 2.0
  };
  for (k, (runs, w)) in lines.iter().enumerate() {
    let x = if a.cos() > 0.25 {
      px
    } else if a.cos() < -0.25 {
      px - w
    } else {
      px - w / 2.0
    };
    pen.runs(runs, x, top + k as f32 * lh + 7.0, 7.5);
  }
}

/// The two assessments' legend, with `--compare`.
fn legend(pen: &mut Pen, data: &ChartData, y: f32) {
  let Some(previous) = &data.previous else {
    return;
  };
  let x = LEFT + WIDTH / 2.0 - 60.0;
  pen.draw(Draw::Line {
    points: vec![(x, y), (x + 18.0, y)],
    width: 1.4,
    color: ACCENT,
    dash: false,
  });
  pen.draw(text(
    x + 22.0,
    y + 3.0,
    8.0,
    Face::Regular,
    &data.current,
    INK,
  ));
  pen.draw(Draw::Line {
    points: vec![(x + 62.0, y), (x + 80.0, y)],
    width: 1.1,
    color: MUTED,
    dash: true,
  });
  pen.draw(text(x + 84.0, y + 3.0, 8.0, Face::Regular, previous, INK));
}

fn bars(data: &ChartData) -> Shape {
  let mut pen = Pen::default();
  let mut y = 0.0;
  let (x0, x1) = (LEFT + LABEL_W + 8.0, LEFT + WIDTH - 36.0);
  for d in &data.dimensions {
    bar(&mut pen, d, y, (x0, x1));
    y += BAR_ROW;
  }
  if let Some(previous) = &data.previous {
    y += 4.0;
    pen.draw(Draw::Line {
      points: vec![(x0, y - 2.0), (x0, y + 7.0)],
      width: 1.2,
      color: MUTED,
      dash: false,
    });
    pen.draw(text(x0 + 5.0, y + 6.0, 8.0, Face::Regular, previous, INK));
    y += 10.0;
  }
  pen.shape(y + 10.0)
}

/// One dimension's row: its name, the bar and score, and a tick at the
/// earlier score.
fn bar(pen: &mut Pen, d: &DimensionPoint, y: f32, (x0, x1): (f32, f32)) {
  let lines = wrap(
    &[Span {
      text: d.name.clone(),
      face: Face::Regular,
    }],
    8.0,
    LABEL_W,
    None,
  );
  let lh = 8.0 * 1.2;
  let top = y + (BAR_ROW - lines.len().min(2) as f32 * lh) / 2.0;
  for (k, (runs, _)) in lines.iter().take(2).enumerate() {
    pen.runs(runs, LEFT, top + k as f32 * lh + 7.0, 8.0);
  }
  let bar_y = y + (BAR_ROW - 9.0) / 2.0;
  pen.draw(Draw::Rect {
    x: x0,
    y: bar_y,
    w: x1 - x0,
    h: 9.0,
    fill: Some(SHADE),
    stroke: None,
  });
  if let Some(score) = d.score {
    let w = (x1 - x0) * score.clamp(0.0, 100.0) / 100.0;
    pen.draw(Draw::Rect {
      x: x0,
      y: bar_y,
      w,
      h: 9.0,
      fill: Some(ACCENT),
      stroke: None,
    });
    let label = format!("{}", score.round());
    pen.draw(text(x1 + 4.0, bar_y + 7.5, 8.0, Face::Bold, &label, INK));
  }
  if let Some(previous) = d.previous {
    let x = x0 + (x1 - x0) * previous.clamp(0.0, 100.0) / 100.0;
    pen.draw(Draw::Line {
      points: vec![(x, bar_y - 2.0), (x, bar_y + 11.0)],
      width: 1.2,
      color: MUTED,
      dash: false,
    });
  }
}

/// The timeline's phase band and month axis.
fn timeline_head(data: &ChartData) -> Shape {
  let mut pen = Pen::default();
  let months = data.months.max(1) as f32;
  let (x0, x1) = (LEFT + LABEL_W + 6.0, LEFT + WIDTH);
  let scale = (x1 - x0) / months;
  for &(number, from, to) in &data.phases {
    let (a, b) = (
      x0 + from as f32 * scale,
      x0 + (to.min(data.months)) as f32 * scale,
    );
    if b <= a {
      continue;
    }
    pen.draw(Draw::Rect {
      x: a,
      y: 0.0,
      w: b - a,
      h: 11.0,
      fill: Some(phase_color(number)),
      stroke: None,
    });
    let label = fit(&format!("{} {number}", data.phase_label), 7.0, b - a - 4.0);
    pen.draw(text(
      a + 2.0,
      8.0,
      7.0,
      Face::Bold,
      &label,
      Rgb(1.0, 1.0, 1.0),
    ));
  }
  // Months count from 1, as in the plan ("tháng 7–18"): each label sits
  // on its month, the first of every step and the last.
  let step = if data.months > 24 { 6 } else { 3 };
  let last = data.months.max(1);
  let mut labelled: Vec<u32> = (0..last).step_by(step as usize).map(|m| m + 1).collect();
  if labelled.last().is_some_and(|m| last - m >= step / 2) {
    labelled.push(last);
  }
  for m in labelled {
    let x = x0 + (m as f32 - 0.5) * scale;
    let label = format!("{m}");
    let w = metrics(Face::Regular).width(&label, 6.5);
    pen.draw(text(
      (x - w / 2.0).min(x1 - w),
      20.0,
      6.5,
      Face::Regular,
      &label,
      MUTED,
    ));
  }
  pen.draw(text(
    LEFT,
    20.0,
    7.0,
    Face::Italic,
    &data.month_label,
    MUTED,
  ));
  pen.shape(TIMELINE_HEAD)
}

/// Row `i` of the timeline: action `a`'s title and its bar.
fn timeline_row(data: &ChartData, i: usize, a: &TimelineBar) -> Shape {
  let mut pen = Pen::default();
  let months = data.months.max(1) as f32;
  let (x0, x1) = (LEFT + LABEL_W + 6.0, LEFT + WIDTH);
  let scale = (x1 - x0) / months;
  if i.is_multiple_of(2) {
    pen.draw(Draw::Rect {
      x: LEFT,
      y: 0.0,
      w: WIDTH,
      h: TIMELINE_ROW,
      fill: Some(Rgb(0.965, 0.972, 0.978)),
      stroke: None,
    });
  }
  let label = fit(&a.title, 7.0, LABEL_W);
  pen.draw(text(LEFT, 8.0, 7.0, Face::Regular, &label, INK));
  pen.draw(Draw::Rect {
    x: x0 + a.start as f32 * scale,
    y: 2.5,
    w: ((a.end - a.start) as f32 * scale).max(2.0),
    h: 6.0,
    fill: Some(phase_color(a.phase)),
    stroke: None,
  });
  pen.shape(TIMELINE_ROW)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn fit_cuts_after_a_whole_word() {
    let name = "Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Nông sản Sạch";
    let m = metrics(Face::Regular);
    for width in [60.0, 90.0, 120.0, 150.0] {
      let cut = fit(name, 8.0, width);
      assert!(m.width(&cut, 8.0) <= width + 0.01, "{cut:?}");
      let kept = cut.strip_suffix('…').expect("an ellipsis");
      assert!(name.starts_with(kept));
      assert_eq!(name[kept.len()..].chars().next(), Some(' '), "{cut:?}");
    }
    assert_eq!(fit(name, 8.0, 1000.0), name);
  }

  fn plan_of(actions: u32) -> ChartData {
    ChartData {
      actions: (0..actions)
        .map(|i| TimelineBar {
          title: format!("Việc {i}"),
          start: i % 30,
          end: i % 30 + 3,
          phase: 1,
        })
        .collect(),
      months: 36,
      phases: vec![(1, 0, 6), (2, 6, 18), (3, 18, 36)],
      phase_label: "Giai đoạn".into(),
      month_label: "Tháng".into(),
      ..ChartData::default()
    }
  }

  fn texts(items: &[Draw]) -> Vec<&str> {
    items
      .iter()
      .filter_map(|d| match d {
        Draw::Text { text, .. } => Some(text.as_str()),
        _ => None,
      })
      .collect()
  }

  #[test]
  fn a_long_timeline_sets_its_axis_again_on_every_page() {
    use super::super::layout::{FLOOR, Layout};
    let figure = draw(Chart::Timeline, &plan_of(120));
    assert_eq!(figure.rows.len(), 120);
    let mut layout = Layout::new();
    layout.figure(&figure);
    assert!(layout.pages.len() >= 2, "{} pages", layout.pages.len());
    let mut rows = 0;
    for page in &layout.pages {
      let words = texts(&page.items);
      assert_eq!(words.first(), Some(&"Giai đoạn 1"), "{words:?}");
      rows += words.iter().filter(|w| w.starts_with("Việc ")).count();
      for item in &page.items {
        if let Draw::Rect { y, h, .. } = item {
          assert!(y + h <= FLOOR + 0.01, "a row runs past the page foot");
        }
      }
    }
    assert_eq!(rows, 120, "every action on some page, once");
  }

  #[test]
  fn a_timeline_without_actions_draws_nothing() {
    let figure = draw(Chart::Timeline, &plan_of(0));
    assert!(figure.is_empty());
    let mut layout = super::super::layout::Layout::new();
    layout.figure(&figure);
    assert!(layout.pages[0].items.is_empty());
  }

  #[test]
  fn radar_with_two_dimensions_falls_back_to_bars() {
    let dimension = |name: &str, score| DimensionPoint {
      name: name.into(),
      score: Some(score),
      previous: None,
    };
    let data = ChartData {
      dimensions: vec![dimension("Con người", 40.0), dimension("Dữ liệu", 70.0)],
      ..ChartData::default()
    };
    let radar = draw(Chart::Radar, &data);
    assert_eq!(radar.head, draw(Chart::Bars, &data).head);
    assert_eq!(
      texts(&radar.head.items),
      ["Con người", "40", "Dữ liệu", "70"]
    );
  }
}
