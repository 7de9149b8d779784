//! Pages that say something went wrong or is not there, in the reader's
//! language: 404, 403, an expired form, a failure.

use super::common::*;

/// A message page: title, text, a link onwards.
pub fn message(app: &App, req: &Req, status: u16, title: &str, text: &str, link: &str) -> Page {
  let w = |k: &str| app.pages.word(req.lang, k);
  let ctx =
    context! { title => w(title), text => w(text), link, link_label => w(&format!("{text}_link")) };
  app.pages.render("message.html.j2", req, status, ctx)
}

/// 404.
pub fn not_found_page(app: &App, req: &Req) -> Page {
  message(app, req, 404, "not_found_title", "not_found_text", "/")
}

/// 403: not this viewer's.
pub fn forbidden(app: &App, req: &Req) -> Page {
  message(app, req, 403, "forbidden_title", "forbidden_text", "/login")
}

/// 403: the form's CSRF token is missing or stale (an old tab).
pub fn expired(app: &App, req: &Req) -> Page {
  message(app, req, 403, "expired_title", "expired_text", "/")
}

/// An error in the reader's words: 4xx for input, 500 otherwise.
pub fn failure(app: &App, req: &Req, error: &Error) -> Page {
  eprintln!("coopdx: {}: {error}", req.path);
  let status = if error.exit_code() == 2 { 422 } else { 500 };
  let text = crate::cli::describe_error(error, req.lang);
  let ctx = context! { title => app.pages.word(req.lang, "failure_title"), text, link => "/", link_label => app.pages.word(req.lang, "home") };
  app.pages.render("message.html.j2", req, status, ctx)
}

/// Any address without a page.
pub async fn not_found(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || not_found_page(&app, &req)).await
}

/// 405: an address asked with a method it does not take (a form's
/// address typed in, a tool's request); a page in the reader's words
/// rather than an empty answer.
pub async fn wrong_method(State(app): State<Shared>, req: Req) -> Page {
  message(&app, &req, 405, "not_found_title", "not_found_text", "/")
}
