//! Field tools: the questionnaire as an XLSForm for KoboToolbox and ODK
//! Collect ([`xlsform`]), and their submissions back as assessments
//! ([`submissions`]). The same questions, conditions and checks as the
//! command line and the web, in the tools advisors already carry offline.

pub mod submissions;
pub mod xlsform;

/// The language columns of an XLSForm, as KoboToolbox writes them: each
/// language's own name (`xlsform_language` in the messages) and its code,
/// Vietnamese first, the form's default.
pub fn languages(content: &crate::content::Content) -> [(crate::text::Lang, String); 2] {
  [crate::text::Lang::Vi, crate::text::Lang::En].map(|lang| {
    let name = content.messages.get("xlsform_language", lang);
    (lang, format!("{name} ({})", lang.code()))
  })
}

/// The value field tools store for "not applicable" and "don't know".
pub const NOT_APPLICABLE: &str = "not_applicable";
/// See [`NOT_APPLICABLE`].
pub const DONT_KNOW: &str = "dont_know";
/// Suffix of the companion question of a number that allows "not
/// applicable" or "don't know": a number field cannot hold them.
pub const SPECIAL_SUFFIX: &str = "__special";
