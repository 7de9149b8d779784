//! The embedded SQLite backend: WAL journal (readers never wait for the
//! writer), foreign keys on, `synchronous = FULL` (a confirmed page survives
//! a power cut), a small pool of connections.

use super::queries as q;
use super::record::{NewAssessment, Record, Role, Status, Summary, User};
use super::{Change, CooperativeRow, MIGRATIONS, Provinces, Store, now, token};
use crate::error::Error;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A SQLite database file.
pub struct Sqlite {
  path: PathBuf,
  pool: Mutex<Vec<Connection>>,
  /// Writers of this process queue here, in turn, rather than in
  /// SQLite's busy handler, which sleeps in growing steps and leaves some
  /// writers waiting for seconds under load.
  writer: Mutex<()>,
}

impl Sqlite {
  /// Opens (creating it if needed) and migrates the database at `path`.
  pub fn open(path: &Path) -> Result<Self, Error> {
    let store = Self {
      path: path.to_owned(),
      pool: Mutex::new(Vec::new()),
      writer: Mutex::new(()),
    };
    let mut conn = store.connect()?;
    migrate(&mut conn).map_err(|e| store.error(e))?;
    store.give_back(conn);
    Ok(store)
  }

  fn error(&self, e: rusqlite::Error) -> Error {
    Error::Database {
      path: self.path.display().to_string(),
      message: e.to_string(),
    }
  }

  fn connect(&self) -> Result<Connection, Error> {
    let conn = Connection::open(&self.path).map_err(|e| self.error(e))?;
    conn
      .execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
         PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;",
      )
      .map_err(|e| self.error(e))?;
    Ok(conn)
  }

  fn give_back(&self, conn: Connection) {
    if let Ok(mut pool) = self.pool.lock()
      && pool.len() < 8
    {
      pool.push(conn);
    }
  }

  /// Runs `f` on a pooled connection.
  fn with<T>(&self, f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T, Error> {
    let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
    let mut conn = match pooled {
      Some(c) => c,
      None => self.connect()?,
    };
    let result = f(&mut conn).map_err(|e| self.error(e));
    self.give_back(conn);
    result
  }

  /// Runs `f` in a write transaction (taken at once, so two writers queue
  /// instead of failing on upgrade).
  fn write<T>(
    &self,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, Error>,
  ) -> Result<T, Error> {
    // The turn first, then a connection: waiting writers hold none, so
    // the pool is not drained and refilled under load.
    let _turn = self
      .writer
      .lock()
      .unwrap_or_else(std::sync::PoisonError::into_inner);
    let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
    let mut conn = match pooled {
      Some(c) => c,
      None => self.connect()?,
    };
    let result = (|| {
      let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| self.error(e))?;
      let value = f(&tx)?;
      tx.commit().map_err(|e| self.error(e))?;
      Ok(value)
    })();
    self.give_back(conn);
    result
  }
}

/// Applies the migrations not yet applied, each in its own transaction.
fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
  conn.execute_batch(q::CREATE_MIGRATIONS_TABLE)?;
  for (version, sql) in MIGRATIONS {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let done: Option<i64> = tx
      .prepare_cached(q::MIGRATION_DONE)?
      .query_row([version], |r| r.get(0))
      .optional()?;
    if done.is_none() {
      tx.execute_batch(sql)?;
      tx.prepare_cached(q::RECORD_MIGRATION)?
        .execute(params![version, now()])?;
    }
    tx.commit()?;
  }
  Ok(())
}

fn record(row: &Row<'_>) -> rusqlite::Result<Record> {
  Ok(Record {
    id: row.get(0)?,
    code: row.get(1)?,
    csrf: row.get(2)?,
    document: row.get(3)?,
    revision: row.get(4)?,
    status: Status::from_name(&row.get::<_, String>(5)?),
    page: row.get(6)?,
    summary: Summary {
      content_version: row.get(7)?,
      questionnaire_id: row.get(8)?,
      questionnaire_version: row.get(9)?,
      mode: row.get(10)?,
      stage: row.get(11)?,
      assessed_on: row.get(12)?,
      name: row.get(13)?,
      id_number: row.get(14)?,
      province: row.get(15)?,
      legal_form: row.get(16)?,
      sector: row.get(17)?,
      readiness_index: row.get(18)?,
      level: row.get(19)?,
    },
    created_by: row.get(20)?,
    claimed_by: row.get(21)?,
    created_at: row.get(22)?,
    updated_at: row.get(23)?,
  })
}

/// Writes the changing columns of `r`; with `at`, only if the stored
/// revision is still `at` (the count of rows written says which).
fn write_record(
  tx: &rusqlite::Transaction<'_>,
  r: &Record,
  at: Option<i64>,
) -> rusqlite::Result<usize> {
  let s = &r.summary;
  let sql = match at {
    None => q::UPDATE_ASSESSMENT,
    Some(_) => q::UPDATE_ASSESSMENT_AT_REVISION,
  };
  let status = r.status.name();
  let mut values: Vec<&dyn rusqlite::ToSql> = params![
    r.id,
    r.document,
    r.revision,
    status,
    r.page,
    s.content_version,
    s.questionnaire_id,
    s.questionnaire_version,
    s.mode,
    s.stage,
    s.assessed_on,
    s.name,
    s.id_number,
    s.province,
    s.legal_form,
    s.sector,
    s.readiness_index,
    s.level,
    r.claimed_by,
    r.updated_at,
  ]
  .to_vec();
  if let Some(at) = &at {
    values.push(at);
  }
  tx.prepare_cached(sql)?.execute(values.as_slice())
}

/// Inserts a new record (its row, then its columns).
fn insert(
  tx: &rusqlite::Transaction<'_>,
  record: &Record,
  source: Option<&str>,
) -> rusqlite::Result<()> {
  tx.execute(
    q::INSERT_ASSESSMENT,
    params![
      record.id,
      record.code,
      record.csrf,
      record.summary.mode,
      record.created_by,
      record.created_at,
      source
    ],
  )?;
  write_record(tx, record, None).map(|_| ())
}

impl Store for Sqlite {
  fn create_assessment(&self, new: NewAssessment) -> Result<Record, Error> {
    let (record, source) = new.into_record()?;
    self.write(|tx| insert(tx, &record, source.as_deref()).map_err(|e| self.error(e)))?;
    Ok(record)
  }

  fn import_assessment(&self, new: NewAssessment) -> Result<Option<Record>, Error> {
    let (record, source) = new.into_record()?;
    self.write(|tx| {
      let run = || -> rusqlite::Result<Option<Record>> {
        if let Some(s) = &source {
          let existing: Option<String> = tx
            .prepare_cached(q::ASSESSMENT_BY_SOURCE)?
            .query_row([s], |r| r.get(0))
            .optional()?;
          if existing.is_some() {
            return Ok(None);
          }
        }
        insert(tx, &record, source.as_deref())?;
        Ok(Some(record))
      };
      run().map_err(|e| self.error(e))
    })
  }

  fn assessment(&self, id: &str) -> Result<Option<Record>, Error> {
    self.with(|c| {
      c.prepare_cached(q::ASSESSMENT_BY_ID)?
        .query_row([id], record)
        .optional()
    })
  }

  fn assessment_by_code(&self, code: &str) -> Result<Option<Record>, Error> {
    self.with(|c| {
      c.prepare_cached(q::ASSESSMENT_BY_CODE)?
        .query_row([code], record)
        .optional()
    })
  }

  fn update_assessment(&self, id: &str, change: &mut Change<'_>) -> Result<Option<Record>, Error> {
    // The change (reading the document, applying a page, writing YAML) is
    // most of a save: made outside the one write lock, then written only if
    // nobody saved in between, so saves of different assessments do not
    // queue behind each other's work. After a few collisions (one
    // assessment saved from many tabs at once), it waits its turn instead.
    for _ in 0..3 {
      let Some(read) = self.assessment(id)? else {
        return Ok(None);
      };
      let mut r = read.clone();
      change(&mut r)?;
      r.revision = read.revision + 1;
      r.updated_at = now();
      let written =
        self.write(|tx| write_record(tx, &r, Some(read.revision)).map_err(|e| self.error(e)))?;
      if written == 1 {
        return Ok(Some(r));
      }
    }
    self.write(|tx| {
      let found = tx
        .query_row(q::ASSESSMENT_BY_ID, [id], record)
        .optional()
        .map_err(|e| self.error(e))?;
      let Some(mut r) = found else {
        return Ok(None);
      };
      change(&mut r)?;
      r.revision += 1;
      r.updated_at = now();
      write_record(tx, &r, None).map_err(|e| self.error(e))?;
      Ok(Some(r))
    })
  }

  fn cooperatives(
    &self,
    provinces: &Provinces,
    search: &str,
  ) -> Result<Vec<CooperativeRow>, Error> {
    Ok(super::group_cooperatives(
      self.visible(provinces, None)?,
      search,
    ))
  }

  fn history(&self, provinces: &Provinces, key: &str) -> Result<Vec<Record>, Error> {
    let mut rows = self.visible(provinces, super::key_id_number(key))?;
    rows.retain(|r| super::cooperative_key(&r.summary) == key);
    Ok(rows)
  }

  fn add_user(&self, user: &User, password_hash: &str) -> Result<(), Error> {
    self.write(|tx| {
      let taken: Option<String> = tx
        .query_row(q::USER_ID_BY_EMAIL, [&user.email], |r| r.get(0))
        .optional()
        .map_err(|e| self.error(e))?;
      if taken.is_some() {
        return Err(Error::Input {
          message: format!("{}: exists", user.email),
        });
      }
      tx.execute(
        q::INSERT_USER,
        params![
          user.id,
          user.email,
          user.name,
          user.role.name(),
          password_hash,
          now()
        ],
      )
      .map_err(|e| self.error(e))?;
      for p in &user.provinces {
        tx.execute(q::INSERT_USER_PROVINCE, params![user.id, p])
          .map_err(|e| self.error(e))?;
      }
      Ok(())
    })
  }

  fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, Error> {
    self.with(|c| {
      let found = c
        .prepare_cached(q::USER_BY_EMAIL)?
        .query_row([email], |r| {
          Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
          ))
        })
        .optional()?;
      let Some((id, email, name, role, hash)) = found else {
        return Ok(None);
      };
      let provinces = user_provinces(c, &id)?;
      let role = Role::from_name(&role);
      Ok(Some((
        User {
          id,
          email,
          name,
          role,
          provinces,
        },
        hash,
      )))
    })
  }

  fn create_session(&self, token: &str, user_id: &str, csrf: &str, ttl: i64) -> Result<(), Error> {
    let t = now();
    self.write(|tx| {
      tx.execute(q::DELETE_EXPIRED_SESSIONS, [t])
        .and_then(|_| {
          tx.execute(
            q::INSERT_SESSION,
            params![token::hash(token), user_id, csrf, t, t + ttl],
          )
        })
        .map_err(|e| self.error(e))?;
      Ok(())
    })
  }

  fn session(&self, token: &str, ttl: i64) -> Result<Option<(User, String)>, Error> {
    let t = now();
    let hash = token::hash(token);
    self.with(|c| {
      let found = c
        .prepare_cached(q::SESSION)?
        .query_row(params![hash, t], |r| {
          Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
          ))
        })
        .optional()?;
      let Some((id, email, name, role, csrf, expires)) = found else {
        return Ok(None);
      };
      // Extend an active session at most once a minute, not on every page.
      if expires < t + ttl - 60 {
        c.prepare_cached(q::EXTEND_SESSION)?
          .execute(params![hash, t + ttl])?;
      }
      let provinces = user_provinces(c, &id)?;
      let role = Role::from_name(&role);
      Ok(Some((
        User {
          id,
          email,
          name,
          role,
          provinces,
        },
        csrf,
      )))
    })
  }

  fn delete_session(&self, token: &str) -> Result<(), Error> {
    self.with(|c| {
      c.prepare_cached(q::DELETE_SESSION)?
        .execute([token::hash(token)])
        .map(|_| ())
    })
  }

  fn reserve_attempt(&self, keys: &[(&str, i64)], window: i64) -> Result<bool, Error> {
    let t = now();
    self.write(|tx| {
      let run = || -> rusqlite::Result<bool> {
        for (key, limit) in keys {
          let n: i64 = tx
            .prepare_cached(q::COUNT_FAILURES)?
            .query_row(params![key, t - window], |r| r.get(0))?;
          if n >= *limit {
            return Ok(false);
          }
        }
        for (key, _) in keys {
          tx.prepare_cached(q::INSERT_FAILURE)?
            .execute(params![key, t])?;
        }
        Ok(true)
      };
      run().map_err(|e| self.error(e))
    })
  }

  fn release_attempt(&self, key: &str, at: i64) -> Result<(), Error> {
    self.with(|c| {
      c.prepare_cached(q::RELEASE_ATTEMPT)?
        .execute(params![key, at])
        .map(|_| ())
    })
  }

  fn record_failure(&self, key: &str) -> Result<(), Error> {
    let t = now();
    self.with(|c| {
      c.prepare_cached(q::DELETE_OLD_FAILURES)?
        .execute([t - 86_400])?;
      c.prepare_cached(q::INSERT_FAILURE)?
        .execute(params![key, t])
        .map(|_| ())
    })
  }

  fn failures(&self, key: &str, window: i64) -> Result<i64, Error> {
    self.with(|c| {
      c.prepare_cached(q::COUNT_FAILURES)?
        .query_row(params![key, now() - window], |r| r.get(0))
    })
  }

  fn clear_failures(&self, key: &str) -> Result<(), Error> {
    self.with(|c| {
      c.prepare_cached(q::CLEAR_FAILURES)?
        .execute([key])
        .map(|_| ())
    })
  }

  fn each_assessment(
    &self,
    visit: &mut dyn FnMut(&Record) -> Result<(), Error>,
  ) -> Result<(), Error> {
    let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
    let mut conn = match pooled {
      Some(c) => c,
      None => self.connect()?,
    };
    let result = (|| {
      let tx = conn.transaction().map_err(|e| self.error(e))?;
      {
        let mut stmt = tx.prepare(q::ALL_ASSESSMENTS).map_err(|e| self.error(e))?;
        let rows = stmt.query_map([], record).map_err(|e| self.error(e))?;
        for row in rows {
          visit(&row.map_err(|e| self.error(e))?)?;
        }
      }
      tx.commit().map_err(|e| self.error(e))
    })();
    self.give_back(conn);
    result
  }

  fn backup(&self, path: &Path) -> Result<(), Error> {
    // Into a temporary file beside the target, renamed when complete: an
    // interrupted backup never leaves a half file under the backup's name.
    let tmp = path.with_extension("coopdx-backup-tmp");
    let _ = std::fs::remove_file(&tmp);
    self.with(|c| c.backup(rusqlite::MAIN_DB, &tmp, None))?;
    std::fs::rename(&tmp, path).map_err(|source| Error::Write {
      path: path.to_owned(),
      source,
    })
  }

  fn check(&self) -> Result<Vec<String>, Error> {
    self.with(|c| {
      let mut problems = Vec::new();
      let mut stmt = c.prepare("PRAGMA integrity_check")?;
      for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let row = row?;
        if row != "ok" {
          problems.push(row);
        }
      }
      let mut stmt = c.prepare("PRAGMA foreign_key_check")?;
      for row in stmt.query_map([], |r| {
        Ok(format!(
          "foreign key: {} row {}",
          r.get::<_, String>(0)?,
          r.get::<_, i64>(1)?
        ))
      })? {
        problems.push(row?);
      }
      Ok(problems)
    })
  }
}

impl Sqlite {
  /// Assessments an advisor may list (advisor mode, or claimed
  /// self-assessments) in `provinces`, oldest first, without documents.
  fn visible(&self, provinces: &Provinces, id_number: Option<&str>) -> Result<Vec<Record>, Error> {
    let (sql, args) = q::visible(provinces);
    let first: Option<&str> = id_number;
    self.with(|c| {
      let mut stmt = c.prepare(&sql)?;
      let mut values: Vec<&dyn rusqlite::ToSql> = vec![&first];
      values.extend(args.iter().map(|a| a as &dyn rusqlite::ToSql));
      let rows = stmt.query_map(values.as_slice(), record)?;
      rows.collect()
    })
  }
}

fn user_provinces(c: &Connection, user_id: &str) -> rusqlite::Result<Vec<String>> {
  let mut stmt = c.prepare(q::USER_PROVINCES)?;
  let rows = stmt.query_map([user_id], |r| r.get(0))?;
  rows.collect()
}
