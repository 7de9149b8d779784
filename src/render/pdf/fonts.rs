//! The report's typeface: Noto Sans (Regular, Bold, Italic), measured for
//! line breaking and embedded as a subset of exactly the glyphs used.
//!
//! printpdf subsets fonts only with its heavy `text_layout` feature; without
//! it, it embeds whole fonts (~200 KB each). allsorts, already in printpdf's
//! tree, does the subsetting here. The subset keeps a Unicode cmap, so
//! printpdf maps text to the new glyph ids itself and writes a ToUnicode map:
//! text copies out of the PDF exactly.

/// Noto Sans (SIL Open Font License 1.1, `fonts/LICENSE_OFL.txt`),
/// vendored in `fonts/`.
pub const REGULAR_TTF: &[u8] = include_bytes!("../../../fonts/NotoSans-Regular.ttf");
/// Bold.
pub const BOLD_TTF: &[u8] = include_bytes!("../../../fonts/NotoSans-Bold.ttf");
/// Italic.
pub const ITALIC_TTF: &[u8] = include_bytes!("../../../fonts/NotoSans-Italic.ttf");

use crate::common::*;
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;
use std::sync::OnceLock;

/// A face of the typeface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
  /// Body text.
  Regular,
  /// Headings, emphasis, table headers.
  Bold,
  /// Notes and caveats.
  Italic,
}

impl Face {
  /// Every face, in embedding order.
  pub const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Italic];

  fn bytes(self) -> &'static [u8] {
    match self {
      Face::Regular => REGULAR_TTF,
      Face::Bold => BOLD_TTF,
      Face::Italic => ITALIC_TTF,
    }
  }

  /// PostScript-style name of the face.
  pub fn name(self) -> &'static str {
    match self {
      Face::Regular => "NotoSans-Regular",
      Face::Bold => "NotoSans-Bold",
      Face::Italic => "NotoSans-Italic",
    }
  }
}

/// Characters below this have their advance in a table: all of Latin,
/// Vietnamese (U+1E00-U+1EFF) and common punctuation.
const TABLE: usize = 0x2200;

/// Advance widths of one face.
#[derive(Debug)]
pub struct Metrics {
  glyphs: BTreeMap<u32, u16>,
  widths: BTreeMap<u16, u16>,
  /// Advance by character for the common range: measuring is done for
  /// every character of every line, so it must not be two map lookups.
  table: Vec<u16>,
  units_per_em: f32,
  /// Ascender, in em.
  pub ascent: f32,
}

impl Metrics {
  fn parse(face: Face) -> Option<Self> {
    let font = ParsedFont::from_bytes(face.bytes(), 0, &mut Vec::new())?;
    Some(Self {
      units_per_em: f32::from(font.units_per_em.max(1)),
      ascent: f32::from(font.font_metrics.ascent) / f32::from(font.units_per_em.max(1)),
      table: (0..TABLE as u32)
        .map(|c| {
          font
            .codepoint_to_glyph
            .get(&c)
            .and_then(|g| font.glyph_widths.get(g))
            .copied()
            .unwrap_or(0)
        })
        .collect(),
      glyphs: font.codepoint_to_glyph,
      widths: font.glyph_widths,
    })
  }

  /// The width of `text` at `size` points.
  pub fn width(&self, text: &str, size: f32) -> f32 {
    let units: u32 = text.chars().map(|c| u32::from(self.advance(c))).sum();
    units as f32 * size / self.units_per_em
  }

  fn advance(&self, c: char) -> u16 {
    if let Some(w) = self.table.get(c as usize) {
      return *w;
    }
    let glyph = self.glyphs.get(&u32::from(c)).copied().unwrap_or(0);
    self.widths.get(&glyph).copied().unwrap_or(0)
  }

  /// Whether the face has a glyph for `c`.
  pub fn has(&self, c: char) -> bool {
    self.glyphs.contains_key(&u32::from(c))
  }

  fn glyph(&self, c: char) -> Option<u16> {
    self.glyphs.get(&u32::from(c)).copied()
  }
}

/// The three faces' metrics, parsed once per process.
pub fn metrics(face: Face) -> &'static Metrics {
  static FACES: OnceLock<Vec<Metrics>> = OnceLock::new();
  let faces = FACES.get_or_init(|| {
    // The fonts are compiled in: failing to parse them is a build defect.
    Face::ALL
      .iter()
      .map(|f| Metrics::parse(*f).unwrap_or_else(|| panic!("embedded font {} parses", f.name())))
      .collect()
  });
  &faces[Face::ALL.iter().position(|f| *f == face).unwrap_or(0)]
}

/// A subset of `face` holding the glyphs of `chars`, ready for printpdf,
/// named with a subset tag derived from its glyphs (ISO 32000-1, 9.6.4), so
/// the same text always gives the same bytes.
pub fn subset_font(face: Face, chars: &BTreeSet<char>) -> Result<ParsedFont, Error> {
  let fail = |what: &str| Error::Render {
    message: format!("font {}: {what}", face.name()),
  };
  let m = metrics(face);
  let mut glyphs: Vec<u16> = vec![0];
  glyphs.extend(chars.iter().filter_map(|c| m.glyph(*c)).filter(|g| *g != 0));
  glyphs[1..].sort_unstable();
  glyphs.dedup();
  let data = ReadScope::new(face.bytes())
    .read::<FontData<'_>>()
    .map_err(|_| fail("cannot read"))?;
  let provider = data
    .table_provider(0)
    .map_err(|_| fail("no table provider"))?;
  let bytes = subset(
    &provider,
    &glyphs,
    &SubsetProfile::Minimal,
    CmapTarget::Unicode,
  )
  .map_err(|e| fail(&format!("cannot subset: {e}")))?;
  let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
    .ok_or_else(|| fail("subset does not parse"))?;
  font.font_name = Some(format!("{}+{}", tag(&glyphs), face.name()));
  Ok(font)
}

/// Six capital letters from a hash of the glyph list (FNV-1a: stable across
/// platforms and Rust versions, unlike `std`'s hasher).
fn tag(glyphs: &[u16]) -> String {
  let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
  for g in glyphs {
    for b in g.to_le_bytes() {
      hash ^= u64::from(b);
      hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
  }
  (0..6)
    .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn every_vietnamese_letter_has_a_glyph_in_every_face() {
    let letters = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ";
    for face in Face::ALL {
      for c in letters.chars() {
        assert!(metrics(face).has(c), "{} lacks {c}", face.name());
      }
    }
  }

  #[test]
  fn bold_text_is_wider_than_regular() {
    let text = "Hợp tác xã Nông nghiệp";
    assert!(metrics(Face::Bold).width(text, 10.0) > metrics(Face::Regular).width(text, 10.0));
  }

  #[test]
  fn subset_is_much_smaller_and_named_with_a_tag() {
    let chars: BTreeSet<char> = "Hợp tác xã Trang 1/2".chars().collect();
    let font = subset_font(Face::Regular, &chars).expect("subsets");
    assert!(
      font.original_bytes.len() * 10 < REGULAR_TTF.len(),
      "{} bytes",
      font.original_bytes.len()
    );
    let name = font.font_name.expect("named");
    assert!(
      name.ends_with("+NotoSans-Regular") && name.len() == "ABCDEF+NotoSans-Regular".len(),
      "{name}"
    );
    assert!(font.codepoint_to_glyph.contains_key(&u32::from('ợ')));
  }
}
