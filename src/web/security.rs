//! Headers on every response: a Content-Security-Policy without inline
//! script, no sniffing, no framing, no referrer (links hold secrets), no
//! caching of pages that show a cooperative's answers.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of every page: nothing from elsewhere, no script at all.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
  form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers a page did not set itself.
pub async fn headers(request: Request, next: Next) -> Response {
  let is_static = request.uri().path().starts_with("/static/");
  let mut response = next.run(request).await;
  let h = response.headers_mut();
  let mut set = |name: header::HeaderName, value: &'static str| {
    if !h.contains_key(&name) {
      h.insert(name, HeaderValue::from_static(value));
    }
  };
  set(header::CONTENT_SECURITY_POLICY, CSP);
  set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
  set(header::X_FRAME_OPTIONS, "DENY");
  set(header::REFERRER_POLICY, "no-referrer");
  if is_static {
    set(header::CACHE_CONTROL, "public, max-age=86400");
  } else {
    set(header::CACHE_CONTROL, "no-store");
  }
  response
}
