//! A laid-out page: what is drawn on it, and what its parts are (the
//! marks the print rules are stated over).

use super::{Draw, FLOOR, TOP};

/// A laid-out page.
#[derive(Clone, Debug, Default)]
pub struct Page {
  /// What is drawn on it.
  pub items: Vec<Draw>,
  /// What its parts are, top to bottom (the running header and footer
  /// are not marked).
  pub parts: Vec<Part>,
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
