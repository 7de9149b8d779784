//! What is drawn on a page: text, lines, rectangles and polygons.

use super::Rgb;
use crate::render::pdf::fonts::Face;

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
