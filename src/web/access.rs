//! Who may open what. A self-assessment opens with its link (the secret
//! id) or the code that leads to it; an advisor-mode assessment only for an
//! advisor of its province (or the advisor who started it) and admins. An
//! advisor sees only their provinces.

use super::{App, Page, Req};
use crate::assessment::Mode;
use crate::error::Error;
use crate::storage::{Record, User};

/// Who is asking.
#[derive(Clone, Debug)]
pub enum Viewer {
  /// Nobody signed in.
  Anonymous,
  /// An advisor or admin, with the session's CSRF token.
  Signed {
    /// The account.
    user: User,
    /// The session's CSRF token.
    csrf: String,
  },
}

impl Viewer {
  /// The account, when signed in.
  pub fn user(&self) -> Option<&User> {
    match self {
      Viewer::Signed { user, .. } => Some(user),
      Viewer::Anonymous => None,
    }
  }
}

/// The viewer of a request: the account of a live session cookie.
pub fn viewer(app: &App, req: &Req) -> Result<Viewer, Error> {
  let Some(token) = req.cookie("coopdx_session") else {
    return Ok(Viewer::Anonymous);
  };
  Ok(match app.store.session(token, super::SESSION_TTL)? {
    Some((user, csrf)) => Viewer::Signed { user, csrf },
    None => Viewer::Anonymous,
  })
}

/// Whether `viewer` may open `record`.
pub fn may_open(viewer: &Viewer, record: &Record) -> bool {
  let self_mode = record.summary.mode == Mode::SelfAssessment.name();
  match viewer.user() {
    _ if self_mode => true,
    None => false,
    Some(user) => {
      record.created_by.as_deref() == Some(user.id.as_str())
        || user.visible().allows(record.summary.province.as_deref())
    }
  }
}

/// The record with id `id` and who opens it, or the refusal page: 404 when
/// there is no such assessment, 403 when it is not the viewer's.
pub fn open(app: &App, req: &Req, id: &str) -> Result<(Record, Viewer), Page> {
  let found = app
    .store
    .assessment(id)
    .map_err(|e| super::message::failure(app, req, &e))?;
  let viewer = viewer(app, req).map_err(|e| super::message::failure(app, req, &e))?;
  match found {
    None => Err(super::message::not_found_page(app, req)),
    Some(record) if may_open(&viewer, &record) => Ok((record, viewer)),
    Some(_) => Err(super::message::forbidden(app, req)),
  }
}
