//! Type sizes and colours.

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

/// Heading size by level.
pub fn heading_size(level: u8) -> f32 {
  match level {
    1 => 16.0,
    2 => 13.0,
    _ => 11.0,
  }
}
