//! What a page function returns: status, headers, body.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A response under construction.
#[derive(Debug)]
pub struct Page {
  status: u16,
  headers: Vec<(HeaderName, String)>,
  body: Vec<u8>,
}

impl Page {
  /// An HTML page.
  pub fn html(status: u16, body: String) -> Self {
    Self {
      status,
      headers: vec![(header::CONTENT_TYPE, "text/html; charset=utf-8".into())],
      body: body.into_bytes(),
    }
  }

  /// Plain text, for what happens before any template can render.
  pub fn status_text(status: u16, text: &str) -> Self {
    Self {
      status,
      headers: vec![(header::CONTENT_TYPE, "text/plain; charset=utf-8".into())],
      body: text.as_bytes().to_vec(),
    }
  }

  /// 303 See Other: after every successful form, so reloading never
  /// submits twice.
  pub fn redirect(location: &str) -> Self {
    Self {
      status: 303,
      headers: vec![(header::LOCATION, location.to_owned())],
      body: Vec::new(),
    }
  }

  /// A file to download (`attachment`) or show (`inline`).
  pub fn file(content_type: &str, body: Vec<u8>, filename: Option<&str>) -> Self {
    let mut headers = vec![(header::CONTENT_TYPE, content_type.to_owned())];
    if let Some(name) = filename {
      headers.push((
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{name}\""),
      ));
    }
    Self {
      status: 200,
      headers,
      body,
    }
  }

  /// The body gzip-compressed when the browser takes it (`gzip`): the
  /// full plan is a long document, over a phone's slow line.
  pub fn compressed(mut self, gzip: bool) -> Self {
    use std::io::Write;
    self.headers.push((header::VARY, "Accept-Encoding".into()));
    if !gzip {
      return self;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    if let Ok(packed) = encoder
      .write_all(&self.body)
      .and_then(|()| encoder.finish())
    {
      self.body = packed;
      self.headers.push((header::CONTENT_ENCODING, "gzip".into()));
    }
    self
  }

  /// Adds a header.
  pub fn header(mut self, name: HeaderName, value: String) -> Self {
    self.headers.push((name, value));
    self
  }

  /// Adds a `Set-Cookie`.
  pub fn cookie(self, cookie: String) -> Self {
    self.header(header::SET_COOKIE, cookie)
  }

  /// The status code.
  pub fn status(&self) -> u16 {
    self.status
  }
}

impl IntoResponse for Page {
  fn into_response(self) -> Response {
    let mut response = (
      StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
      self.body,
    )
      .into_response();
    for (name, value) in self.headers {
      if let Ok(v) = HeaderValue::from_str(&value) {
        // Cookies add up; any other header replaces the default.
        if name == header::SET_COOKIE {
          response.headers_mut().append(name, v);
        } else {
          response.headers_mut().insert(name, v);
        }
      }
    }
    response
  }
}

/// A cookie for the whole site: `HttpOnly`, `SameSite`, `Secure` behind
/// TLS; `max_age` in seconds (0 deletes it).
pub fn cookie(name: &str, value: &str, max_age: i64, same_site: &str, secure: bool) -> String {
  format!(
    "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite={same_site}{}",
    if secure { "; Secure" } else { "" }
  )
}
