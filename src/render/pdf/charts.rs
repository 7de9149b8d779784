//! Vector charts: radar of the dimensions, bars per dimension, and the
//! plan's timeline. Positions are drawing coordinates (f32); the figures
//! they show were computed in `Decimal` and only converted to be drawn.

use super::blocks::{Chart, Span};
use super::fonts::{Face, metrics};
use super::layout::{ACCENT, Draw, FLOOR, GRID, INK, LEFT, Layout, MUTED, Rgb, SHADE, WIDTH, wrap};

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

impl Layout<'_> {
  /// The least height a chart needs on a page.
  pub fn chart_min_height(&self, chart: Chart) -> f32 {
    match chart {
      Chart::Radar => RADAR,
      Chart::Bars => self.data.dimensions.len() as f32 * BAR_ROW + 10.0,
      Chart::Timeline => TIMELINE_HEAD + 3.0 * TIMELINE_ROW,
    }
  }

  /// Draws a chart at the cursor.
  pub fn chart(&mut self, chart: Chart) {
    match chart {
      Chart::Radar => self.radar(),
      Chart::Bars => self.bars(),
      Chart::Timeline => self.timeline(),
    }
  }

  fn radar(&mut self) {
    let dims = self.data.dimensions.clone();
    if dims.len() < 3 {
      return self.bars();
    }
    self.ensure(RADAR);
    let (cx, cy, r) = (LEFT + WIDTH / 2.0, self.y + RADAR / 2.0 - 6.0, 95.0);
    let n = dims.len();
    let point = |i: usize, value: f32| {
      let a = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::TAU / n as f32;
      (
        cx + r * value / 100.0 * a.cos(),
        cy + r * value / 100.0 * a.sin(),
      )
    };
    for ring in [20.0, 40.0, 60.0, 80.0, 100.0] {
      let points = (0..n).map(|i| point(i, ring)).collect();
      self.draw(Draw::Polygon {
        points,
        fill: None,
        stroke: Some((GRID, 0.5)),
      });
    }
    for i in 0..n {
      self.draw(Draw::Line {
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
    self.draw(Draw::Polygon {
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
      self.draw(Draw::Line {
        points: previous,
        width: 1.1,
        color: MUTED,
        dash: true,
      });
    }
    for (x, y) in &current {
      self.draw(Draw::Rect {
        x: x - 1.6,
        y: y - 1.6,
        w: 3.2,
        h: 3.2,
        fill: Some(ACCENT),
        stroke: None,
      });
    }
    // Scale labels last, on a white ground, half-way between the first
    // and last axes: data points sit on the axes, so none hides a label.
    let half = std::f32::consts::PI / n as f32;
    let a = -std::f32::consts::FRAC_PI_2 - half;
    for ring in [20.0f32, 40.0, 60.0, 80.0, 100.0] {
      let d = r * ring / 100.0 * half.cos();
      let label = format!("{ring}");
      let w = metrics(Face::Regular).width(&label, 6.0);
      let (x, y) = (cx + d * a.cos() - w / 2.0, cy + d * a.sin() + 2.0);
      self.draw(Draw::Rect {
        x: x - 1.0,
        y: y - 5.5,
        w: w + 2.0,
        h: 7.0,
        fill: Some(Rgb(1.0, 1.0, 1.0)),
        stroke: None,
      });
      self.draw(text(x, y, 6.0, Face::Regular, &label, MUTED));
    }
    for (i, d) in dims.iter().enumerate() {
      let a = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::TAU / n as f32;
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
        self.runs(runs, x, top + k as f32 * lh + 7.0, 7.5);
      }
    }
    let legend_y = self.y + RADAR - 14.0;
    self.legend(legend_y);
    self.y += RADAR;
  }

  /// Draws one wrapped line's runs from `x` on baseline `y`.
  fn runs(&mut self, runs: &[super::layout::Run], x: f32, y: f32, size: f32) {
    for run in runs {
      self.draw(text(x + run.x, y, size, run.face, &run.text, INK));
    }
  }

  fn legend(&mut self, y: f32) {
    let Some(previous) = self.data.previous.clone() else {
      return;
    };
    let x = LEFT + WIDTH / 2.0 - 60.0;
    self.draw(Draw::Line {
      points: vec![(x, y), (x + 18.0, y)],
      width: 1.4,
      color: ACCENT,
      dash: false,
    });
    let current = self.data.current.clone();
    self.draw(text(x + 22.0, y + 3.0, 8.0, Face::Regular, &current, INK));
    self.draw(Draw::Line {
      points: vec![(x + 62.0, y), (x + 80.0, y)],
      width: 1.1,
      color: MUTED,
      dash: true,
    });
    self.draw(text(x + 84.0, y + 3.0, 8.0, Face::Regular, &previous, INK));
  }

  fn bars(&mut self) {
    let dims = self.data.dimensions.clone();
    let height = dims.len() as f32 * BAR_ROW + 10.0;
    self.ensure(
      height
        + if self.data.previous.is_some() {
          14.0
        } else {
          0.0
        },
    );
    let (x0, x1) = (LEFT + LABEL_W + 8.0, LEFT + WIDTH - 36.0);
    for d in &dims {
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
      let top = self.y + (BAR_ROW - lines.len().min(2) as f32 * lh) / 2.0;
      for (k, (runs, _)) in lines.iter().take(2).enumerate() {
        self.runs(runs, LEFT, top + k as f32 * lh + 7.0, 8.0);
      }
      let bar_y = self.y + (BAR_ROW - 9.0) / 2.0;
      self.draw(Draw::Rect {
        x: x0,
        y: bar_y,
        w: x1 - x0,
        h: 9.0,
        fill: Some(SHADE),
        stroke: None,
      });
      if let Some(score) = d.score {
        let w = (x1 - x0) * score.clamp(0.0, 100.0) / 100.0;
        self.draw(Draw::Rect {
          x: x0,
          y: bar_y,
          w,
          h: 9.0,
          fill: Some(ACCENT),
          stroke: None,
        });
        self.draw(text(
          x1 + 4.0,
          bar_y + 7.5,
          8.0,
          Face::Bold,
          &format!("{}", score.round()),
          INK,
        ));
      }
      if let Some(previous) = d.previous {
        let x = x0 + (x1 - x0) * previous.clamp(0.0, 100.0) / 100.0;
        self.draw(Draw::Line {
          points: vec![(x, bar_y - 2.0), (x, bar_y + 11.0)],
          width: 1.2,
          color: MUTED,
          dash: false,
        });
      }
      self.y += BAR_ROW;
    }
    if self.data.previous.is_some() {
      self.y += 4.0;
      let previous = self.data.previous.clone().unwrap_or_default();
      let y = self.y;
      self.draw(Draw::Line {
        points: vec![(x0, y - 2.0), (x0, y + 7.0)],
        width: 1.2,
        color: MUTED,
        dash: false,
      });
      self.draw(text(x0 + 5.0, y + 6.0, 8.0, Face::Regular, &previous, INK));
      self.y += 10.0;
    }
    self.y += 10.0;
  }

  /// The timeline's phase band and month axis, at the cursor.
  pub(super) fn timeline_head(&mut self) {
    let months = self.data.months.max(1) as f32;
    let (x0, x1) = (LEFT + LABEL_W + 6.0, LEFT + WIDTH);
    let scale = (x1 - x0) / months;
    for (number, from, to) in self.data.phases.clone() {
      let (a, b) = (
        x0 + from as f32 * scale,
        x0 + (to.min(self.data.months)) as f32 * scale,
      );
      if b <= a {
        continue;
      }
      self.draw(Draw::Rect {
        x: a,
        y: self.y,
        w: b - a,
        h: 11.0,
        fill: Some(phase_color(number)),
        stroke: None,
      });
      let label = fit(
        &format!("{} {number}", self.data.phase_label),
        7.0,
        b - a - 4.0,
      );
      self.draw(text(
        a + 2.0,
        self.y + 8.0,
        7.0,
        Face::Bold,
        &label,
        Rgb(1.0, 1.0, 1.0),
      ));
    }
    // Months count from 1, as in the plan ("tháng 7–18"): each label sits
    // on its month, the first of every step and the last.
    let step = if self.data.months > 24 { 6 } else { 3 };
    let last = self.data.months.max(1);
    let mut months: Vec<u32> = (0..last).step_by(step as usize).map(|m| m + 1).collect();
    if months.last().is_some_and(|m| last - m >= step / 2) {
      months.push(last);
    }
    for m in months {
      let x = x0 + (m as f32 - 0.5) * scale;
      let label = format!("{m}");
      let w = metrics(Face::Regular).width(&label, 6.5);
      self.draw(text(
        (x - w / 2.0).min(x1 - w),
        self.y + 20.0,
        6.5,
        Face::Regular,
        &label,
        MUTED,
      ));
    }
    let label = self.data.month_label.clone();
    self.draw(text(LEFT, self.y + 20.0, 7.0, Face::Italic, &label, MUTED));
    self.y += TIMELINE_HEAD;
  }

  fn timeline(&mut self) {
    let actions = self.data.actions.clone();
    if actions.is_empty() {
      return;
    }
    self.ensure(TIMELINE_HEAD + 3.0 * TIMELINE_ROW);
    self.timeline_head();
    let mut top = self.y;
    for (i, a) in actions.iter().enumerate() {
      if self.y + TIMELINE_ROW > FLOOR {
        self.mark(super::layout::Mark::Chart, top);
        self.new_page();
        top = self.y;
        self.timeline_head();
      }
      self.timeline_row(i, a);
    }
    self.y += 10.0;
  }

  /// Row `i` of the timeline, action `a`, at the cursor.
  pub(super) fn timeline_row(&mut self, i: usize, a: &TimelineBar) {
    let months = self.data.months.max(1) as f32;
    let (x0, x1) = (LEFT + LABEL_W + 6.0, LEFT + WIDTH);
    let scale = (x1 - x0) / months;
    if i.is_multiple_of(2) {
      self.draw(Draw::Rect {
        x: LEFT,
        y: self.y,
        w: WIDTH,
        h: TIMELINE_ROW,
        fill: Some(Rgb(0.965, 0.972, 0.978)),
        stroke: None,
      });
    }
    let label = fit(&a.title, 7.0, LABEL_W);
    self.draw(text(LEFT, self.y + 8.0, 7.0, Face::Regular, &label, INK));
    let (bx, bw) = (
      x0 + a.start as f32 * scale,
      ((a.end - a.start) as f32 * scale).max(2.0),
    );
    self.draw(Draw::Rect {
      x: bx,
      y: self.y + 2.5,
      w: bw,
      h: 6.0,
      fill: Some(phase_color(a.phase)),
      stroke: None,
    });
    self.y += TIMELINE_ROW;
  }
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
}
