//! Bilingual text and the language a reader chose.

use serde::{Deserialize, Serialize};

/// The language of everything a cooperative or advisor reads.
///
/// Vietnamese is the default: it is the language of the users and of the
/// official documents a plan is attached to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
  /// Vietnamese.
  #[default]
  Vi,
  /// English.
  En,
}

impl Lang {
  /// The ISO 639-1 code, as used in templates (`lang == "vi"`).
  pub fn code(self) -> &'static str {
    match self {
      Lang::Vi => "vi",
      Lang::En => "en",
    }
  }
}

/// A text every reader sees, in Vietnamese and English.
///
/// Both are required where a text is given (a text that may be left out,
/// such as a question's hint, is a field with a default); `coopdx
/// validate` reports an empty one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
  /// Vietnamese (NFC after loading).
  pub vi: String,
  /// English.
  pub en: String,
}

impl Text {
  /// The text in `lang`.
  pub fn get(&self, lang: Lang) -> &str {
    match lang {
      Lang::Vi => &self.vi,
      Lang::En => &self.en,
    }
  }

  /// Normalises both texts to Unicode NFC, so that text typed or copied on
  /// different systems compares, wraps and prints the same.
  pub fn normalize(&mut self) {
    self.vi = nfc(&self.vi);
    self.en = nfc(&self.en);
  }

  /// Names of the languages that are missing (empty or whitespace only).
  pub fn missing(&self) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if self.vi.trim().is_empty() {
      missing.push("vi");
    }
    if self.en.trim().is_empty() {
      missing.push("en");
    }
    missing
  }
}

/// Unicode NFC form of `s`.
///
/// Vietnamese can be typed as precomposed letters or as base letters plus
/// combining marks; both look alike but differ byte for byte. Everything is
/// stored as NFC so that ids, options and printed text match.
pub fn nfc(s: &str) -> String {
  use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
  if is_nfc_quick(s.chars()) == IsNormalized::Yes {
    s.to_owned()
  } else {
    s.nfc().collect()
  }
}

/// Lower case without diacritics, so a name typed without its accents
/// finds it, and a cooperative known only by name is one whatever its
/// accents.
pub fn fold(s: &str) -> String {
  use unicode_normalization::UnicodeNormalization;
  s.nfd()
    .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
    // The d with a stroke is a letter of its own, not d with a mark.
    .map(|c| {
      if c == '\u{111}' || c == '\u{110}' {
        'd'
      } else {
        c
      }
    })
    .flat_map(char::to_lowercase)
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn decomposed_vietnamese_becomes_precomposed() {
    // A word typed as base letters and combining marks becomes the
    // precomposed letters (o with horn and dot below, a with acute, a
    // with tilde).
    let decomposed = "Ho\u{31b}\u{323}p ta\u{301}c xa\u{303}";
    assert_eq!(nfc(decomposed), "H\u{1ee3}p t\u{e1}c x\u{e3}");
  }

  #[test]
  fn a_name_without_its_accents_finds_it() {
    // Ta Xua written with its accents and its capital d with a stroke.
    let written = "\u{110}\u{1ed3}i T\u{e0} X\u{f9}a";
    assert_eq!(fold(written), "doi ta xua");
  }

  #[test]
  fn missing_translation_is_reported() {
    let text = Text {
      vi: "x".into(),
      en: " ".into(),
    };
    assert_eq!(text.missing(), vec!["en"]);
  }
}
