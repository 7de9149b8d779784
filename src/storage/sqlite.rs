//! The embedded SQLite backend: WAL journal (readers never wait for the
//! writer), foreign keys on, every commit synced to disk before it is
//! acknowledged (a confirmed page survives a power cut; the syncs of
//! writers at once are shared, [`GroupSync`]), a small pool of connections.

use super::figures::{self, Arg, Cell, Kind};
use super::group_sync::GroupSync;
use super::queries as q;
use super::record::{NewAssessment, Record, Role, Status, Summary, User};
use super::{Change, CooperativeRow, MIGRATIONS, Provinces, Scope, Store, now, token};
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
  /// Every commit waits here until it is on disk.
  sync: GroupSync,
}

impl Sqlite {
  /// Opens (creating it if needed) and migrates the database at `path`.
  pub fn open(path: &Path) -> Result<Self, Error> {
    let mut store = Self {
      path: path.to_owned(),
      pool: Mutex::new(Vec::new()),
      writer: Mutex::new(()),
      sync: GroupSync::new(None),
    };
    let mut conn = store.connect()?;
    // The log is beside the file SQLite opened, a link's target.
    store.sync = GroupSync::new(conn.path().map(Path::new));
    migrate(&mut conn).map_err(|e| store.error(e))?;
    store.give_back(conn);
    store.durable(store.sync.committed())?;
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
    // A page cache of 64 MiB, not 2: an import batch dirties more pages
    // than 2 MiB hold, and each spill rewrote them to the WAL (a 2,000,000
    // record fill wrote ~400 KB per record). `synchronous = NORMAL`: the
    // sync after each commit is made by `durable`, outside the write lock.
    conn
      .execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
         PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; \
         PRAGMA cache_size = -65536;",
      )
      .map_err(|e| self.error(e))?;
    Ok(conn)
  }

  /// A pooled connection, or a new one when the pool is empty.
  fn take(&self) -> Result<Connection, Error> {
    match self.pool.lock().ok().and_then(|mut p| p.pop()) {
      Some(c) => Ok(c),
      None => self.connect(),
    }
  }

  fn give_back(&self, conn: Connection) {
    if let Ok(mut pool) = self.pool.lock()
      && pool.len() < 8
    {
      pool.push(conn);
    }
  }

  /// Runs `f` on a pooled connection; returns once what it wrote, if
  /// anything, is on disk.
  fn with<T>(&self, f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T, Error> {
    let mut conn = self.take()?;
    let before = conn.total_changes();
    let result = f(&mut conn).map_err(|e| self.error(e));
    let wrote = conn.total_changes() != before;
    self.give_back(conn);
    if wrote {
      self.durable(self.sync.committed())?;
    }
    result
  }

  /// Waits until commit `n` is on disk.
  fn durable(&self, n: u64) -> Result<(), Error> {
    self.sync.until(n).map_err(|source| Error::Write {
      path: self.path.clone(),
      source,
    })
  }

  /// Runs `f` in a write transaction (taken at once, so two writers queue
  /// instead of failing on upgrade).
  fn write<T>(
    &self,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, Error>,
  ) -> Result<T, Error> {
    // The turn first, then a connection: waiting writers hold none, so
    // the pool is not drained and refilled under load.
    let turn = self
      .writer
      .lock()
      .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut conn = self.take()?;
    let result = (|| {
      let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| self.error(e))?;
      let value = f(&tx)?;
      tx.commit().map_err(|e| self.error(e))?;
      Ok((value, self.sync.committed()))
    })();
    // The next writer may commit while this one's commit is synced.
    drop(turn);
    self.give_back(conn);
    let (value, commit) = result?;
    self.durable(commit)?;
    Ok(value)
  }
}

/// Applies the migrations not yet applied, each in its own transaction.
fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
  conn.execute_batch(q::CREATE_MIGRATIONS_TABLE)?;
  for (version, sql) in MIGRATIONS {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let done: Option<i64> = tx
      .query_row(q::MIGRATION_DONE, [version], |r| r.get(0))
      .optional()?;
    if done.is_none() {
      tx.execute_batch(sql)?;
      tx.execute(q::RECORD_MIGRATION, params![version, now()])?;
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
      figures: None,
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

/// Inserts the row of a new record (its columns follow by [`Sqlite::save`]).
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
  )
  .map(|_| ())
}

/// A connection running the figures' SQL ([`figures::Sql`]).
struct Lite<'a> {
  conn: &'a Connection,
  store: &'a Sqlite,
}

fn bind(args: &[Arg]) -> Vec<&dyn rusqlite::ToSql> {
  args
    .iter()
    .map(|a| match a {
      Arg::Text(t) => t as &dyn rusqlite::ToSql,
      Arg::Int(i) => i as &dyn rusqlite::ToSql,
      Arg::MaybeInt(i) => i as &dyn rusqlite::ToSql,
    })
    .collect()
}

impl figures::Sql for Lite<'_> {
  fn run(&mut self, sql: &str, args: &[Arg]) -> Result<u64, Error> {
    let run = || {
      self
        .conn
        .prepare_cached(sql)?
        .execute(bind(args).as_slice())
    };
    run().map(|n| n as u64).map_err(|e| self.store.error(e))
  }

  fn rows(&mut self, sql: &str, args: &[Arg], kinds: &[Kind]) -> Result<Vec<Vec<Cell>>, Error> {
    let read = |row: &Row<'_>| -> rusqlite::Result<Vec<Cell>> {
      let cell = |(i, k): (usize, &Kind)| -> rusqlite::Result<Cell> {
        Ok(match k {
          Kind::Text => Cell::Text(row.get(i)?),
          Kind::Int => Cell::Int(row.get(i)?),
        })
      };
      kinds.iter().enumerate().map(cell).collect()
    };
    let run = || -> rusqlite::Result<Vec<Vec<Cell>>> {
      let mut stmt = self.conn.prepare_cached(sql)?;
      let rows = stmt.query_map(bind(args).as_slice(), read)?;
      rows.collect()
    };
    run().map_err(|e| self.store.error(e))
  }
}

impl Store for Sqlite {
  fn create_assessment(&self, new: NewAssessment) -> Result<Record, Error> {
    let (record, source) = new.into_record()?;
    self.write(|tx| {
      insert(tx, &record, source.as_deref()).map_err(|e| self.error(e))?;
      self.save(tx, &record)
    })?;
    Ok(record)
  }

  fn import_assessment(&self, new: NewAssessment) -> Result<Option<Record>, Error> {
    let (record, source) = new.into_record()?;
    self.write(|tx| {
      let added = self.import_one(tx, record, source)?;
      if let Some(r) = &added {
        figures::write(
          &mut Lite {
            conn: tx,
            store: self,
          },
          r,
        )?;
      }
      Ok(added)
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
      c.query_row(q::ASSESSMENT_BY_CODE, [code], record)
        .optional()
    })
  }

  fn update_assessment(&self, id: &str, change: &mut Change<'_>) -> Result<Option<Record>, Error> {
    // The change (reading the document, applying a page, writing YAML,
    // scoring) is most of a save: made outside the one write lock, then
    // written only if nobody saved in between, so saves of different
    // assessments do not queue behind each other's work. After a few
    // collisions (one assessment saved from many tabs at once), it waits
    // its turn instead.
    for _ in 0..3 {
      let Some(read) = self.assessment(id)? else {
        return Ok(None);
      };
      let mut r = read.clone();
      change(&mut r)?;
      if r == read {
        return Ok(Some(r));
      }
      r.revision = read.revision + 1;
      r.updated_at = now();
      if self.write(|tx| self.save_at(tx, &r, Some(read.revision)))? {
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
      let read = r.clone();
      change(&mut r)?;
      if r == read {
        return Ok(Some(r));
      }
      r.revision += 1;
      r.updated_at = now();
      self.save(tx, &r)?;
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
        .query_row(q::USER_BY_EMAIL, [email], |r| {
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
        .query_row(q::SESSION, params![hash, t], |r| {
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
        c.execute(q::EXTEND_SESSION, params![hash, t + ttl])?;
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
      c.execute(q::DELETE_SESSION, [token::hash(token)])
        .map(|_| ())
    })
  }

  fn reserve_attempt(&self, keys: &[(&str, i64)], window: i64) -> Result<bool, Error> {
    let t = now();
    self.write(|tx| {
      let run = || -> rusqlite::Result<bool> {
        for (key, limit) in keys {
          let n: i64 = tx.query_row(q::COUNT_FAILURES, params![key, t - window], |r| r.get(0))?;
          if n >= *limit {
            return Ok(false);
          }
        }
        for (key, _) in keys {
          tx.execute(q::INSERT_FAILURE, params![key, t])?;
        }
        Ok(true)
      };
      run().map_err(|e| self.error(e))
    })
  }

  fn release_attempt(&self, key: &str, at: i64) -> Result<(), Error> {
    self.with(|c| c.execute(q::RELEASE_ATTEMPT, params![key, at]).map(|_| ()))
  }

  fn record_failure(&self, key: &str) -> Result<(), Error> {
    let t = now();
    self.with(|c| {
      c.execute(q::DELETE_OLD_FAILURES, [t - 86_400])?;
      c.execute(q::INSERT_FAILURE, params![key, t]).map(|_| ())
    })
  }

  fn failures(&self, key: &str, window: i64) -> Result<i64, Error> {
    self.with(|c| {
      c.query_row(q::COUNT_FAILURES, params![key, now() - window], |r| {
        r.get(0)
      })
    })
  }

  fn clear_failures(&self, key: &str) -> Result<(), Error> {
    self.with(|c| c.execute(q::CLEAR_FAILURES, [key]).map(|_| ()))
  }

  fn each_assessment(
    &self,
    visit: &mut dyn FnMut(&Record) -> Result<(), Error>,
  ) -> Result<(), Error> {
    let mut conn = self.take()?;
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

  fn summary_totals(
    &self,
    scope: &Scope,
    content_version: &str,
  ) -> Result<crate::summary::Totals, Error> {
    let name = self.path.display().to_string();
    self.read(|db| figures::totals(db, scope, content_version, &name))
  }

  fn outdated_figures(&self, content_version: &str) -> Result<i64, Error> {
    self.read(|db| figures::outdated_count(db, content_version))
  }

  fn outdated_ids(&self, content_version: &str) -> Result<Vec<String>, Error> {
    self.read(|db| figures::outdated(db, content_version))
  }

  fn put_figures(
    &self,
    id: &str,
    revision: i64,
    content_version: &str,
    figures: &crate::summary::Figures,
  ) -> Result<bool, Error> {
    self.write(|tx| {
      let found = tx
        .query_row(q::ASSESSMENT_BY_ID, [id], record)
        .optional()
        .map_err(|e| self.error(e))?;
      let Some(mut r) = found.filter(|r| r.revision == revision && r.status == Status::Complete)
      else {
        return Ok(false);
      };
      r.summary.figures = Some(figures.clone());
      figures::write_as(
        &mut Lite {
          conn: tx,
          store: self,
        },
        &r,
        content_version,
      )?;
      Ok(true)
    })
  }

  fn import_many(&self, batch: Vec<NewAssessment>) -> Result<Vec<Record>, Error> {
    let mut fresh = Vec::with_capacity(batch.len());
    for new in batch {
      fresh.push(new.into_record()?);
    }
    self.write(|tx| {
      let mut added = Vec::new();
      for (record, source) in fresh {
        added.extend(self.import_one(tx, record, source)?);
      }
      figures::write_new(
        &mut Lite {
          conn: tx,
          store: self,
        },
        &added,
      )?;
      Ok(added)
    })
  }

  fn backup(&self, path: &Path) -> Result<(), Error> {
    let path = &super::backup_target(Some(&self.path), path)?;
    // Into a temporary file beside the target, renamed when complete: an
    // interrupted backup never leaves a half file under the backup's name.
    let tmp = path.with_extension("coopdx-backup-tmp");
    let _ = std::fs::remove_file(&tmp);
    self.with(|c| c.backup(rusqlite::MAIN_DB, &tmp, None))?;
    std::fs::rename(&tmp, path)
      .and_then(|()| super::group_sync::sync_directory(path))
      .map_err(|source| Error::Write {
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
  /// Writes every changing column of `r` and its figures.
  fn save(&self, tx: &rusqlite::Transaction<'_>, r: &Record) -> Result<(), Error> {
    self.save_at(tx, r, None).map(|_| ())
  }

  /// [`Sqlite::save`], with `at` only if the stored revision is still
  /// `at`: false (and nothing written) when someone saved since.
  fn save_at(
    &self,
    tx: &rusqlite::Transaction<'_>,
    r: &Record,
    at: Option<i64>,
  ) -> Result<bool, Error> {
    if write_record(tx, r, at).map_err(|e| self.error(e))? == 0 {
      return Ok(false);
    }
    figures::write(
      &mut Lite {
        conn: tx,
        store: self,
      },
      r,
    )?;
    Ok(true)
  }

  /// Inserts `record` unless its submission is stored; the record if new.
  fn import_one(
    &self,
    tx: &rusqlite::Transaction<'_>,
    record: Record,
    source: Option<String>,
  ) -> Result<Option<Record>, Error> {
    if let Some(s) = &source {
      let existing: Option<String> = tx
        .query_row(q::ASSESSMENT_BY_SOURCE, [s], |r| r.get(0))
        .optional()
        .map_err(|e| self.error(e))?;
      if existing.is_some() {
        return Ok(None);
      }
    }
    insert(tx, &record, source.as_deref()).map_err(|e| self.error(e))?;
    write_record(tx, &record, None).map_err(|e| self.error(e))?;
    Ok(Some(record))
  }

  /// Runs `f` in a read transaction (one consistent view).
  fn read<T>(&self, f: impl FnOnce(&mut Lite<'_>) -> Result<T, Error>) -> Result<T, Error> {
    let mut conn = self.take()?;
    let result = (|| {
      let tx = conn.transaction().map_err(|e| self.error(e))?;
      let value = f(&mut Lite {
        conn: &tx,
        store: self,
      })?;
      tx.commit().map_err(|e| self.error(e))?;
      Ok(value)
    })();
    self.give_back(conn);
    result
  }

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
