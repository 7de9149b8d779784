//! A submitted form (or query string): name–value pairs in order, names
//! repeated for ticked boxes.

use crate::text::nfc;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};

/// Submitted fields, values in NFC.
#[derive(Clone, Debug, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
  /// Parses `application/x-www-form-urlencoded` bytes.
  pub fn parse(bytes: &[u8]) -> Self {
    Self(
      form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), nfc(&v)))
        .collect(),
    )
  }

  /// The first value of `name`.
  pub fn get(&self, name: &str) -> Option<&str> {
    self
      .0
      .iter()
      .find(|(k, _)| k == name)
      .map(|(_, v)| v.as_str())
  }

  /// Every value of `name`, in order.
  pub fn all(&self, name: &str) -> Vec<&str> {
    self
      .0
      .iter()
      .filter(|(k, _)| k == name)
      .map(|(_, v)| v.as_str())
      .collect()
  }

  /// Whether `name` was sent at all.
  pub fn has(&self, name: &str) -> bool {
    self.0.iter().any(|(k, _)| k == name)
  }
}

impl FromRequest<super::Shared> for Fields {
  type Rejection = super::Page;

  async fn from_request(req: Request, app: &super::Shared) -> Result<Self, Self::Rejection> {
    use axum::extract::FromRequestParts;
    // The request's language, for the page that refuses a form too large.
    let (mut parts, body) = req.into_parts();
    let asked = super::Req::from_request_parts(&mut parts, app).await?;
    let req = Request::from_parts(parts, body);
    match Bytes::from_request(req, app).await {
      Ok(bytes) => Ok(Self::parse(&bytes)),
      Err(_) => {
        let app = app.clone();
        Err(
          super::blocking(move || {
            super::message::message(
              &app,
              &asked,
              413,
              "form_too_large_title",
              "form_too_large",
              "/",
            )
          })
          .await,
        )
      }
    }
  }
}
