//! The page: A4, its margins and the text area between them.

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
