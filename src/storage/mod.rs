//! Where the web application keeps assessments, accounts and sessions.
//!
//! [`Store`] is the one interface the web layer talks to; [`Sqlite`] is the
//! embedded backend (compiled in, no system library), the default;
//! [`Postgres`] (`--db postgres://…`) is for a national deployment, where
//! several server processes share one database. The schema lives in
//! versioned migrations (`migrations/*.sql`), written in SQL that both run,
//! applied in a transaction on first start; the queries both backends run
//! are written once ([`queries`]).
//!
//! An assessment is stored as its assessment file ([`Record::document`]),
//! byte for byte what `coopdx score` reads, so export and import are
//! lossless; the indexed columns ([`Summary`]) are copies made on every
//! save.

pub mod figures;
mod group_sync;
mod postgres;
pub mod queries;
mod record;
mod sqlite;
pub mod token;

pub use postgres::Postgres;
pub use record::{NewAssessment, Record, Role, Status, Summary, User, content_version};
pub use sqlite::Sqlite;

use crate::error::Error;
use std::path::{Path, PathBuf};

/// The migrations, in order: (version, SQL).
pub const MIGRATIONS: &[(i64, &str)] = &[
  (1, include_str!("migrations/0001_initial.sql")),
  (2, include_str!("migrations/0002_submission_source.sql")),
  (3, include_str!("migrations/0003_figures.sql")),
];

/// What a search of cooperatives returns: the latest assessment of each.
#[derive(Clone, Debug)]
pub struct CooperativeRow {
  /// How the cooperative is told apart: its identification number, or `~`
  /// and its folded name.
  pub key: String,
  /// The identification number (tax code), or empty for cooperatives
  /// known only by name.
  pub id_number: String,
  /// Name in the latest assessment.
  pub name: String,
  /// Province id.
  pub province: String,
  /// How many assessments are stored.
  pub assessments: i64,
  /// The latest assessment.
  pub latest: Record,
}

/// Which finished assessments a summary covers: every one (`coopdx
/// summary --db`) or the listed ones (advisor-mode or claimed, what
/// advisors' pages show), in some provinces, of a province or a sector.
/// A cooperative is in scope by its latest assessment.
#[derive(Clone, Debug)]
pub struct Scope {
  /// Only advisor-mode and claimed assessments.
  pub listed: bool,
  /// The provinces the reader may see.
  pub provinces: Provinces,
  /// Only this province.
  pub province: Option<String>,
  /// Only this sector.
  pub sector: Option<String>,
}

/// Which provinces a reader may see: all (admin) or a list (advisor).
#[derive(Clone, Debug)]
pub enum Provinces {
  /// Every province.
  All,
  /// Only these.
  Only(Vec<String>),
}

impl Provinces {
  /// Whether `province` is visible.
  pub fn allows(&self, province: Option<&str>) -> bool {
    match self {
      Provinces::All => true,
      Provinces::Only(list) => province.is_some_and(|p| list.iter().any(|x| x == p)),
    }
  }
}

/// A change made to an assessment inside one transaction.
pub type Change<'a> = dyn FnMut(&mut Record) -> Result<(), Error> + 'a;

/// The storage interface: one per backend, every method one transaction.
pub trait Store: Send + Sync {
  /// Creates an assessment with a fresh id and code.
  fn create_assessment(&self, new: NewAssessment) -> Result<Record, Error>;
  /// Creates an assessment unless one with the same `source` (a field
  /// tool's submission id) exists: `None` then, and nothing is written.
  fn import_assessment(&self, new: NewAssessment) -> Result<Option<Record>, Error>;
  /// The assessment with this id (the secret of its link).
  fn assessment(&self, id: &str) -> Result<Option<Record>, Error>;
  /// The assessment with this short code.
  fn assessment_by_code(&self, code: &str) -> Result<Option<Record>, Error>;
  /// Reads, changes and writes an assessment in one transaction, so two
  /// submits at once (two tabs, a double tap) never lose each other's
  /// answers. Returns the saved record; `None` when there is no such id.
  /// A change that leaves the record as it was writes nothing (a page sent
  /// twice is not a second save).
  /// `change` may run more than once (someone saved in between): it must
  /// start afresh each time and change nothing but the record.
  fn update_assessment(&self, id: &str, change: &mut Change<'_>) -> Result<Option<Record>, Error>;
  /// Cooperatives of `provinces` whose name or identification number
  /// contains `search`, with their latest assessment, advisor-mode and
  /// claimed self-assessments only.
  fn cooperatives(&self, provinces: &Provinces, search: &str)
  -> Result<Vec<CooperativeRow>, Error>;
  /// Every assessment of one cooperative (by its key, see
  /// [`CooperativeRow::key`]; advisor-mode and claimed), oldest first.
  fn history(&self, provinces: &Provinces, key: &str) -> Result<Vec<Record>, Error>;

  /// Adds an account; fails when the e-mail is taken.
  fn add_user(&self, user: &User, password_hash: &str) -> Result<(), Error>;
  /// The account with this e-mail and its password hash.
  fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, Error>;
  /// Opens a session; the token is kept only as a hash.
  fn create_session(&self, token: &str, user_id: &str, csrf: &str, ttl: i64) -> Result<(), Error>;
  /// The live session of a token: its user and CSRF token; it is
  /// extended to `ttl` seconds from now.
  fn session(&self, token: &str, ttl: i64) -> Result<Option<(User, String)>, Error>;
  /// Ends a session.
  fn delete_session(&self, token: &str) -> Result<(), Error>;
  /// Counts an attempt under each key before it is tried, in one
  /// transaction, unless a key already holds its limit of attempts in the
  /// last `window` seconds: then records nothing and returns false. Attempts
  /// made at the same moment cannot all slip under the limit.
  fn reserve_attempt(&self, keys: &[(&str, i64)], window: i64) -> Result<bool, Error>;
  /// Takes back an attempt reserved under `key` at second `at` (it
  /// succeeded).
  fn release_attempt(&self, key: &str, at: i64) -> Result<(), Error>;
  /// Records a failure (login, code lookup) under `key`.
  fn record_failure(&self, key: &str) -> Result<(), Error>;
  /// Failures under `key` in the last `window` seconds.
  fn failures(&self, key: &str, window: i64) -> Result<i64, Error>;
  /// Forgets the failures under `key` (after a successful login).
  fn clear_failures(&self, key: &str) -> Result<(), Error>;

  /// Calls `visit` with every stored assessment, oldest first, in one read
  /// transaction (a consistent view).
  fn each_assessment(
    &self,
    visit: &mut dyn FnMut(&Record) -> Result<(), Error>,
  ) -> Result<(), Error>;

  /// The summary's totals over `scope`, from the stored figures, in one
  /// read transaction; [`Error::FiguresOutdated`] when a finished
  /// assessment lacks figures made with content `content_version`.
  fn summary_totals(
    &self,
    scope: &Scope,
    content_version: &str,
  ) -> Result<crate::summary::Totals, Error>;
  /// How many finished assessments lack figures of `content_version`.
  fn outdated_figures(&self, content_version: &str) -> Result<i64, Error>;
  /// The ids of the finished assessments lacking figures of
  /// `content_version`, oldest first.
  fn outdated_ids(&self, content_version: &str) -> Result<Vec<String>, Error>;
  /// Stores `figures` (made with `content_version`) for assessment `id`
  /// if it is still complete at `revision`; whether it was.
  fn put_figures(
    &self,
    id: &str,
    revision: i64,
    content_version: &str,
    figures: &crate::summary::Figures,
  ) -> Result<bool, Error>;
  /// [`Store::import_assessment`] for many, in one transaction: the
  /// records created (submissions already stored are left out).
  fn import_many(&self, batch: Vec<NewAssessment>) -> Result<Vec<Record>, Error>;

  /// A consistent copy of the database at `path`, made while serving.
  fn backup(&self, path: &Path) -> Result<(), Error>;
  /// Problems found by the database's own integrity checks (none: empty).
  fn check(&self) -> Result<Vec<String>, Error>;
}

/// Seconds since 1970.
pub fn now() -> i64 {
  time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Whether `--db` names a PostgreSQL database (`postgres://…` or
/// `postgresql://…`) rather than a SQLite file.
pub fn is_postgres(db: &str) -> bool {
  let db = db.trim_start().to_ascii_lowercase();
  db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Opens the store named by `--db`: a `postgres://` (or `postgresql://`)
/// URL, else a SQLite file path.
pub fn open(db: &str) -> Result<Box<dyn Store>, Error> {
  if is_postgres(db) {
    Ok(Box::new(Postgres::open(db.trim())?))
  } else {
    Ok(Box::new(Sqlite::open(Path::new(db))?))
  }
}

/// `--db` as it may be shown: a URL without its password.
pub fn display_name(db: &str) -> String {
  if is_postgres(db) {
    postgres::without_password(db.trim())
  } else {
    db.to_owned()
  }
}

pub use crate::text::fold;

/// Where `db backup` writes: `path`, or the file it links to. Refused when
/// that is the database itself (`db`, a file; the copy would replace the
/// live database under its connections and damage it) or not a regular
/// file (a device or folder, which the rename would replace).
pub(super) fn backup_target(db: Option<&Path>, path: &Path) -> Result<PathBuf, Error> {
  let refuse = |itself| Error::BackupTarget {
    path: path.to_owned(),
    itself,
  };
  match std::fs::metadata(path) {
    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(path.to_owned()),
    Err(source) => Err(Error::Write {
      path: path.to_owned(),
      source,
    }),
    Ok(m) if !m.is_file() => Err(refuse(false)),
    Ok(_) => {
      let target = std::fs::canonicalize(path).map_err(|source| Error::Write {
        path: path.to_owned(),
        source,
      })?;
      let database = db.and_then(|db| std::fs::canonicalize(db).ok());
      let live = database.is_some_and(|db| {
        // The log and shared-memory files are the database too.
        let name = |suffix: &str| {
          let mut s = db.as_os_str().to_owned();
          s.push(suffix);
          PathBuf::from(s)
        };
        target == db || target == name("-wal") || target == name("-shm")
      });
      if live { Err(refuse(true)) } else { Ok(target) }
    }
  }
}

/// How a cooperative is told apart: its identification number, or its name
/// (folded) when it has none.
pub fn cooperative_key(s: &Summary) -> String {
  crate::summary::cooperative_key(s.id_number.as_deref(), &s.name)
}

/// [`Store::cooperatives`] from the visible assessments, oldest first: the
/// latest of each cooperative whose name or number contains `search`.
fn group_cooperatives(rows: Vec<Record>, search: &str) -> Vec<CooperativeRow> {
  let wanted = fold(search.trim());
  let mut by_key: std::collections::BTreeMap<String, CooperativeRow> = Default::default();
  for r in rows {
    let key = cooperative_key(&r.summary);
    let row = by_key.entry(key.clone()).or_insert_with(|| CooperativeRow {
      key,
      id_number: r.summary.id_number.clone().unwrap_or_default(),
      name: String::new(),
      province: String::new(),
      assessments: 0,
      latest: r.clone(),
    });
    row.assessments += 1;
    row.name = r.summary.name.clone();
    row.province = r.summary.province.clone().unwrap_or_default();
    row.latest = r;
  }
  let mut out: Vec<CooperativeRow> = by_key
    .into_values()
    .filter(|c| {
      wanted.is_empty() || fold(&c.name).contains(&wanted) || c.id_number.contains(&wanted)
    })
    .collect();
  out.sort_by_key(|c| fold(&c.name));
  out
}

/// The identification number a cooperative key stands for, if it is one
/// (so [`Store::history`] reads only that cooperative's rows).
fn key_id_number(key: &str) -> Option<&str> {
  key
    .bytes()
    .next()
    .is_some_and(|b| b.is_ascii_digit())
    .then_some(key)
}
