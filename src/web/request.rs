//! What every page reads from a request before it runs: language, cookies,
//! query, the client's address.

use super::form::Fields;
use crate::text::Lang;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::collections::BTreeMap;
use std::net::SocketAddr;

/// The request as pages see it.
#[derive(Clone, Debug)]
pub struct Req {
  /// Language of the page: `?lang=` first, then the cookie, else
  /// Vietnamese.
  pub lang: Lang,
  /// The language was chosen by this request's `?lang=` (remembered in a
  /// cookie).
  pub chose_lang: bool,
  /// Cookies by name.
  pub cookies: BTreeMap<String, String>,
  /// The query string.
  pub query: Fields,
  /// The client's address, for rate limits: the peer, or with
  /// `--trust-proxy` the last `X-Forwarded-For` hop when the peer is the
  /// proxy on this machine.
  pub peer: String,
  /// The path, for the language switch.
  pub path: String,
  /// The browser takes a gzip-compressed body (`Accept-Encoding`).
  pub gzip: bool,
  /// The `Host` the browser asked for, when it is a plain host name or
  /// address (with its port), for a link to write down.
  pub host: Option<String>,
}

impl Req {
  /// A cookie's value.
  pub fn cookie(&self, name: &str) -> Option<&str> {
    self.cookies.get(name).map(String::as_str)
  }
}

impl FromRequestParts<super::Shared> for Req {
  type Rejection = super::Page;

  async fn from_request_parts(
    parts: &mut Parts,
    app: &super::Shared,
  ) -> Result<Self, Self::Rejection> {
    let query = Fields::parse(parts.uri.query().unwrap_or("").as_bytes());
    let mut cookies = BTreeMap::new();
    for header in parts.headers.get_all("cookie") {
      for pair in header.to_str().unwrap_or("").split(';') {
        if let Some((k, v)) = pair.trim().split_once('=') {
          cookies.insert(k.to_owned(), v.to_owned());
        }
      }
    }
    let asked = query.get("lang").and_then(lang_named);
    let lang = asked
      .or_else(|| cookies.get("coopdx_lang").and_then(|l| lang_named(l)))
      .unwrap_or(Lang::Vi);
    let peer = parts
      .extensions
      .get::<ConnectInfo<SocketAddr>>()
      .map(|c| c.0);
    let forwarded = parts
      .headers
      .get("x-forwarded-for")
      .and_then(|h| h.to_str().ok())
      .and_then(|h| h.rsplit(',').next())
      .map(|h| h.trim().to_owned());
    let peer = match (peer, forwarded) {
      (Some(p), Some(f)) if app.trust_proxy && p.ip().is_loopback() && !f.is_empty() => f,
      (Some(p), _) => p.ip().to_string(),
      (None, _) => "local".to_owned(),
    };
    Ok(Req {
      lang,
      chose_lang: asked.is_some(),
      cookies,
      query,
      peer,
      path: parts.uri.path().to_owned(),
      gzip: parts
        .headers
        .get_all(axum::http::header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(','))
        .any(|e| {
          let (coding, q) = e.split_once(";q=").unwrap_or((e, "1"));
          coding.trim().eq_ignore_ascii_case("gzip")
            && q.trim().parse::<f32>().is_ok_and(|q| q > 0.0)
        }),
      host: parts
        .headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
          !h.is_empty()
            && h
              .chars()
              .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .map(str::to_owned),
    })
  }
}

fn lang_named(s: &str) -> Option<Lang> {
  match s {
    "vi" => Some(Lang::Vi),
    "en" => Some(Lang::En),
    _ => None,
  }
}
