//! The CSRF token of forms shown before any session (start, resume,
//! login): a random value in a cookie that the form repeats. Forms of an
//! assessment repeat the assessment's token, forms of the workspace the
//! session's.

use super::common::*;

/// The CSRF token of forms shown before any session (start, resume,
/// login): a random value in a cookie that the form must repeat.
pub fn anonymous_csrf(app: &App, req: &Req) -> (String, Option<String>) {
  match req.cookie("coopdx_csrf") {
    Some(v) if v.len() == 26 => (v.to_owned(), None),
    _ => {
      let fresh = token::secret().unwrap_or_default();
      let set = cookie("coopdx_csrf", &fresh, 86_400, "Strict", app.secure);
      (fresh, Some(set))
    }
  }
}

/// Whether a form repeats its cookie's CSRF token.
pub fn anonymous_csrf_ok(req: &Req, fields: &Fields) -> bool {
  match (req.cookie("coopdx_csrf"), fields.get("csrf")) {
    (Some(c), Some(f)) => c.len() == 26 && token::same(c, f),
    _ => false,
  }
}

/// A page with a cookie set, when there is one.
pub fn with(page: Page, set: Option<String>) -> Page {
  match set {
    Some(c) => page.cookie(c),
    None => page,
  }
}
