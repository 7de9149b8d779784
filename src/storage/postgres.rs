//! The PostgreSQL backend, for a national deployment: several `coopdx
//! serve` processes behind a load balancer share one database, sessions and
//! rate limits included, so no request needs to return to the same process.
//! The same migrations and the same queries as SQLite ([`super::queries`],
//! placeholders translated once per connection when a statement is
//! prepared); a small pool of connections per process.

use super::figures::{self, Arg, Cell, Kind};
use super::queries::{self as q, record_columns, to_postgres};
use super::record::{NewAssessment, Record, Role, Status, Summary, User};
use super::{Change, CooperativeRow, MIGRATIONS, Provinces, Scope, Store, now, token};
use crate::error::Error;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, Config, GenericClient, IsolationLevel, NoTls, Row, Statement};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Connections one process opens at most; more requests at once wait for
/// one (PostgreSQL's own limit, `max_connections`, is 100 by default and
/// shared by every process).
const MAX_CONNECTIONS: usize = 16;
/// How long a request waits for a free connection before it fails.
const CHECKOUT_WAIT: Duration = Duration::from_secs(30);
/// A connection idle longer than this is tested before use (the server
/// may have restarted or closed it).
const IDLE_CHECK: Duration = Duration::from_secs(30);
/// The advisory lock taken while migrating, so two servers starting at
/// once do not both migrate ("coopdx", 0, 1).
const MIGRATION_LOCK: i64 = 0x636f_6f70_6478_0001;
/// The first key of the per-key advisory locks of `reserve_attempt`
/// ("coop"); the second is the hash of the rate-limit key.
const ATTEMPT_LOCKS: i32 = 0x636f_6f70;

/// Assessment `?1`, locked until the transaction ends.
const ASSESSMENT_FOR_UPDATE: &str = concat!(
  "SELECT ",
  record_columns!(),
  " FROM assessments WHERE id = ?1 FOR UPDATE"
);
/// Serializes the attempts under one key across every process.
const LOCK_ATTEMPTS: &str = "SELECT pg_advisory_xact_lock(?1, hashtext(?2))";
/// The latest migration applied.
const SCHEMA_VERSION: &str = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
/// Indexes left invalid (a failed build) in the schema in use.
const INVALID_INDEXES: &str = "SELECT c.relname::text FROM pg_index i \
  JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
  WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready)";
/// Rows that name a missing row (possible only when the foreign keys were
/// bypassed, e.g. by a restore with triggers disabled): what, and the query
/// naming each.
const ORPHANS: [(&str, &str); 4] = [
  (
    "user_provinces.user_id names no account",
    "SELECT p.user_id FROM user_provinces p LEFT JOIN users u ON u.id = p.user_id \
     WHERE u.id IS NULL",
  ),
  (
    "sessions.user_id names no account",
    "SELECT s.user_id FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE u.id IS NULL",
  ),
  (
    "assessments.created_by names no account, assessment",
    "SELECT a.code FROM assessments a LEFT JOIN users u ON u.id = a.created_by \
     WHERE a.created_by IS NOT NULL AND u.id IS NULL",
  ),
  (
    "assessments.claimed_by names no account, assessment",
    "SELECT a.code FROM assessments a LEFT JOIN users u ON u.id = a.claimed_by \
     WHERE a.claimed_by IS NOT NULL AND u.id IS NULL",
  ),
];

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// A PostgreSQL database, named by a `postgres://` URL.
pub struct Postgres {
  config: Config,
  /// The URL without its password: shown in errors, given to `pg_dump`.
  name: String,
  pool: Mutex<Pool>,
  freed: Condvar,
}

struct Pool {
  idle: Vec<Conn>,
  /// Connections open, idle or lent.
  open: usize,
}

struct Conn {
  client: Client,
  /// Statements prepared on this connection, by their SQLite text.
  statements: HashMap<String, Statement>,
  idle_since: Instant,
}

/// A connection lent by the pool: given back when dropped, or closed (and
/// its place freed) when it broke.
struct Lease<'a> {
  store: &'a Postgres,
  conn: Option<Conn>,
  broken: bool,
}

impl Lease<'_> {
  fn conn(&mut self) -> &mut Conn {
    self
      .conn
      .as_mut()
      .expect("a lease holds its connection until dropped")
  }
}

impl Drop for Lease<'_> {
  fn drop(&mut self) {
    let Some(mut conn) = self.conn.take() else {
      return;
    };
    let keep = !self.broken && !conn.client.is_closed() && !std::thread::panicking();
    let mut pool = self.store.lock();
    if keep {
      conn.idle_since = Instant::now();
      pool.idle.push(conn);
      drop(pool);
    } else {
      pool.open -= 1;
      drop(pool);
      close(vec![conn]);
    }
    self.store.freed.notify_one();
  }
}

impl Drop for Postgres {
  fn drop(&mut self) {
    let idle = std::mem::take(&mut self.lock().idle);
    close(idle);
  }
}

/// Closes connections. A client runs its own small runtime, which may not
/// be stopped on a thread that drives asynchronous tasks (the server's, at
/// shutdown): there it is closed on a thread of its own.
fn close(conns: Vec<Conn>) {
  if conns.is_empty() {
    return;
  }
  if tokio::runtime::Handle::try_current().is_ok() {
    let _ = std::thread::spawn(move || drop(conns)).join();
  } else {
    drop(conns);
  }
}

impl Postgres {
  /// Connects to the database at `url` and applies the migrations not yet
  /// applied.
  pub fn open(url: &str) -> Result<Self, Error> {
    let name = without_password(url);
    let mut config: Config = url.parse().map_err(|e| Error::Database {
      path: name.clone(),
      message: describe(&e),
    })?;
    if config.get_connect_timeout().is_none() {
      config.connect_timeout(Duration::from_secs(10));
    }
    if config.get_application_name().is_none() {
      config.application_name("coopdx");
    }
    let store = Self {
      config,
      name,
      pool: Mutex::new(Pool {
        idle: Vec::new(),
        open: 0,
      }),
      freed: Condvar::new(),
    };
    {
      let mut lease = store.lease()?;
      migrate(&mut lease.conn().client).map_err(|e| store.error(e))?;
    }
    Ok(store)
  }

  fn lock(&self) -> MutexGuard<'_, Pool> {
    self.pool.lock().unwrap_or_else(PoisonError::into_inner)
  }

  fn error(&self, e: postgres::Error) -> Error {
    Error::Database {
      path: self.name.clone(),
      message: describe(&e),
    }
  }

  /// A connection from the pool, a new one while fewer than
  /// [`MAX_CONNECTIONS`] are open, else the first one given back.
  fn lease(&self) -> Result<Lease<'_>, Error> {
    let deadline = Instant::now() + CHECKOUT_WAIT;
    let mut pool = self.lock();
    loop {
      if let Some(conn) = pool.idle.pop() {
        drop(pool);
        let mut lease = Lease {
          store: self,
          conn: Some(conn),
          broken: false,
        };
        let conn = lease.conn();
        if conn.idle_since.elapsed() < IDLE_CHECK
          || conn.client.is_valid(Duration::from_secs(5)).is_ok()
        {
          return Ok(lease);
        }
        lease.broken = true;
        drop(lease);
        pool = self.lock();
        continue;
      }
      if pool.open < MAX_CONNECTIONS {
        pool.open += 1;
        drop(pool);
        return match self.config.connect(NoTls) {
          Ok(client) => Ok(Lease {
            store: self,
            conn: Some(Conn {
              client,
              statements: HashMap::new(),
              idle_since: Instant::now(),
            }),
            broken: false,
          }),
          Err(e) => {
            self.lock().open -= 1;
            self.freed.notify_one();
            Err(self.error(e))
          }
        };
      }
      let left = deadline.saturating_duration_since(Instant::now());
      if left.is_zero() {
        return Err(Error::Database {
          path: self.name.clone(),
          message: format!("all {MAX_CONNECTIONS} connections stayed busy for {CHECKOUT_WAIT:?}"),
        });
      }
      pool = self
        .freed
        .wait_timeout(pool, left)
        .unwrap_or_else(PoisonError::into_inner)
        .0;
    }
  }

  /// Runs `f` on a pooled connection, outside a transaction.
  fn with<T>(&self, f: impl FnOnce(&mut Db<'_, Client>) -> Result<T, Error>) -> Result<T, Error> {
    let mut lease = self.lease()?;
    let conn = lease.conn();
    f(&mut Db {
      client: &mut conn.client,
      statements: &mut conn.statements,
      store: self,
    })
  }

  /// Runs `f` in a transaction (read committed: the locks each method
  /// takes make it enough), committed when `f` succeeds.
  fn write<T>(
    &self,
    f: impl FnOnce(&mut Db<'_, postgres::Transaction<'_>>) -> Result<T, Error>,
  ) -> Result<T, Error> {
    let mut lease = self.lease()?;
    let conn = lease.conn();
    let mut tx = conn.client.transaction().map_err(|e| self.error(e))?;
    let value = f(&mut Db {
      client: &mut tx,
      statements: &mut conn.statements,
      store: self,
    })?;
    tx.commit().map_err(|e| self.error(e))?;
    Ok(value)
  }

  /// Runs `f` in a read-only transaction over one snapshot.
  fn read<T>(
    &self,
    f: impl FnOnce(&mut Db<'_, postgres::Transaction<'_>>) -> Result<T, Error>,
  ) -> Result<T, Error> {
    let mut lease = self.lease()?;
    let conn = lease.conn();
    let mut tx = conn
      .client
      .build_transaction()
      .isolation_level(IsolationLevel::RepeatableRead)
      .read_only(true)
      .start()
      .map_err(|e| self.error(e))?;
    let value = f(&mut Db {
      client: &mut tx,
      statements: &mut conn.statements,
      store: self,
    })?;
    tx.commit().map_err(|e| self.error(e))?;
    Ok(value)
  }

  /// Assessments an advisor may list (see [`q::visible`]).
  fn visible(&self, provinces: &Provinces, id_number: Option<&str>) -> Result<Vec<Record>, Error> {
    let (sql, args) = q::visible(provinces);
    let sql = to_postgres(&sql);
    let mut values: Vec<&(dyn ToSql + Sync)> = vec![&id_number];
    values.extend(args.iter().map(|a| a as &(dyn ToSql + Sync)));
    self.with(|db| {
      let rows = db
        .client
        .query(sql.as_str(), &values)
        .map_err(|e| self.error(e))?;
      rows
        .iter()
        .map(|r| record(r).map_err(|e| self.error(e)))
        .collect()
    })
  }
}

/// A connection or a transaction on it, with the connection's prepared
/// statements; errors come out as the store's.
struct Db<'a, C> {
  client: &'a mut C,
  statements: &'a mut HashMap<String, Statement>,
  store: &'a Postgres,
}

impl<C: GenericClient> Db<'_, C> {
  /// `sql` prepared on this connection (translated and prepared on first
  /// use).
  fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
    if let Some(s) = self.statements.get(sql) {
      return Ok(s.clone());
    }
    let s = self.client.prepare(&to_postgres(sql))?;
    self.statements.insert(sql.to_owned(), s.clone());
    Ok(s)
  }

  fn try_execute(&mut self, sql: &'static str, params: Params<'_>) -> Result<u64, postgres::Error> {
    let statement = self.statement(sql)?;
    self.client.execute(&statement, params)
  }

  fn execute(&mut self, sql: &'static str, params: Params<'_>) -> Result<u64, Error> {
    self
      .try_execute(sql, params)
      .map_err(|e| self.store.error(e))
  }

  fn query(&mut self, sql: &'static str, params: Params<'_>) -> Result<Vec<Row>, Error> {
    let run = |db: &mut Self| {
      let statement = db.statement(sql)?;
      db.client.query(&statement, params)
    };
    run(self).map_err(|e| self.store.error(e))
  }

  fn query_opt(&mut self, sql: &'static str, params: Params<'_>) -> Result<Option<Row>, Error> {
    let run = |db: &mut Self| {
      let statement = db.statement(sql)?;
      db.client.query_opt(&statement, params)
    };
    run(self).map_err(|e| self.store.error(e))
  }

  fn query_one(&mut self, sql: &'static str, params: Params<'_>) -> Result<Row, Error> {
    let run = |db: &mut Self| {
      let statement = db.statement(sql)?;
      db.client.query_one(&statement, params)
    };
    run(self).map_err(|e| self.store.error(e))
  }

  /// The record in `row`.
  fn record(&self, row: &Row) -> Result<Record, Error> {
    record(row).map_err(|e| self.store.error(e))
  }

  /// The provinces of account `user_id`.
  fn user_provinces(&mut self, user_id: &str) -> Result<Vec<String>, Error> {
    self
      .query(q::USER_PROVINCES, &[&user_id])?
      .iter()
      .map(|r| r.try_get(0).map_err(|e| self.store.error(e)))
      .collect()
  }
}

fn bind(args: &[Arg]) -> Vec<&(dyn ToSql + Sync)> {
  args
    .iter()
    .map(|a| match a {
      Arg::Text(t) => t as &(dyn ToSql + Sync),
      Arg::Int(i) => i as &(dyn ToSql + Sync),
      Arg::MaybeInt(i) => i as &(dyn ToSql + Sync),
    })
    .collect()
}

impl<C: GenericClient> figures::Sql for Db<'_, C> {
  fn run(&mut self, sql: &str, args: &[Arg]) -> Result<u64, Error> {
    let run = |db: &mut Self| {
      let statement = db.statement(sql)?;
      db.client.execute(&statement, &bind(args))
    };
    run(self).map_err(|e| self.store.error(e))
  }

  fn rows(&mut self, sql: &str, args: &[Arg], kinds: &[Kind]) -> Result<Vec<Vec<Cell>>, Error> {
    let run = |db: &mut Self| {
      let statement = db.statement(sql)?;
      db.client.query(&statement, &bind(args))
    };
    let rows = run(self).map_err(|e| self.store.error(e))?;
    let read = |row: &Row| -> Result<Vec<Cell>, postgres::Error> {
      let cell = |(i, k): (usize, &Kind)| -> Result<Cell, postgres::Error> {
        Ok(match k {
          Kind::Text => Cell::Text(row.try_get(i)?),
          Kind::Int => Cell::Int(row.try_get(i)?),
        })
      };
      kinds.iter().enumerate().map(cell).collect()
    };
    rows
      .iter()
      .map(|r| read(r).map_err(|e| self.store.error(e)))
      .collect()
  }
}

/// Applies the migrations not yet applied, each in its own transaction,
/// under an advisory lock: a second server starting at the same time waits,
/// then finds them applied.
fn migrate(client: &mut Client) -> Result<(), postgres::Error> {
  for (version, sql) in MIGRATIONS {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(q::CREATE_MIGRATIONS_TABLE)?;
    let done = tx.query_opt(&to_postgres(q::MIGRATION_DONE), &[version])?;
    if done.is_none() {
      tx.batch_execute(sql)?;
      tx.execute(&to_postgres(q::RECORD_MIGRATION), &[version, &now()])?;
    }
    tx.commit()?;
  }
  Ok(())
}

fn record(row: &Row) -> Result<Record, postgres::Error> {
  Ok(Record {
    id: row.try_get(0)?,
    code: row.try_get(1)?,
    csrf: row.try_get(2)?,
    document: row.try_get(3)?,
    revision: row.try_get(4)?,
    status: Status::from_name(row.try_get(5)?),
    page: row.try_get(6)?,
    summary: Summary {
      content_version: row.try_get(7)?,
      questionnaire_id: row.try_get(8)?,
      questionnaire_version: row.try_get(9)?,
      mode: row.try_get(10)?,
      stage: row.try_get(11)?,
      assessed_on: row.try_get(12)?,
      name: row.try_get(13)?,
      id_number: row.try_get(14)?,
      province: row.try_get(15)?,
      legal_form: row.try_get(16)?,
      sector: row.try_get(17)?,
      readiness_index: row.try_get(18)?,
      level: row.try_get(19)?,
      figures: None,
    },
    created_by: row.try_get(20)?,
    claimed_by: row.try_get(21)?,
    created_at: row.try_get(22)?,
    updated_at: row.try_get(23)?,
  })
}

fn write_record<C: GenericClient>(db: &mut Db<'_, C>, r: &Record) -> Result<u64, Error> {
  let s = &r.summary;
  db.execute(
    q::UPDATE_ASSESSMENT,
    &[
      &r.id,
      &r.document,
      &r.revision,
      &r.status.name(),
      &r.page,
      &s.content_version,
      &s.questionnaire_id,
      &s.questionnaire_version,
      &s.mode,
      &s.stage,
      &s.assessed_on,
      &s.name,
      &s.id_number,
      &s.province,
      &s.legal_form,
      &s.sector,
      &s.readiness_index,
      &s.level,
      &r.claimed_by,
      &r.updated_at,
    ],
  )
}

/// The account in the first four columns of `row` (id, email, name, role).
fn user(row: &Row, provinces: Vec<String>) -> Result<User, postgres::Error> {
  Ok(User {
    id: row.try_get(0)?,
    email: row.try_get(1)?,
    name: row.try_get(2)?,
    role: Role::from_name(row.try_get(3)?),
    provinces,
  })
}

/// Inserts the row of a new record and writes its columns (its figures
/// follow by [`figures::write`] or [`figures::write_new`]).
fn insert<C: GenericClient>(
  db: &mut Db<'_, C>,
  record: &Record,
  source: Option<&str>,
) -> Result<(), Error> {
  db.execute(
    q::INSERT_ASSESSMENT,
    &[
      &record.id,
      &record.code,
      &record.csrf,
      &record.summary.mode,
      &record.created_by,
      &record.created_at,
      &source,
    ],
  )?;
  write_record(db, record).map(|_| ())
}

/// Writes every changing column of `r` and its figures.
fn save<C: GenericClient>(db: &mut Db<'_, C>, r: &Record) -> Result<(), Error> {
  write_record(db, r)?;
  figures::write(db, r)
}

/// Inserts `record` unless its submission is stored; the record if new.
fn import_one<C: GenericClient>(
  db: &mut Db<'_, C>,
  record: Record,
  source: Option<String>,
) -> Result<Option<Record>, Error> {
  if let Some(s) = &source {
    // One import of a submission at a time: the second waits, then
    // finds the first.
    db.execute("SELECT pg_advisory_xact_lock(hashtext(?1))", &[s])?;
    if db.query_opt(q::ASSESSMENT_BY_SOURCE, &[s])?.is_some() {
      return Ok(None);
    }
  }
  insert(db, &record, source.as_deref())?;
  Ok(Some(record))
}

impl Store for Postgres {
  fn create_assessment(&self, new: NewAssessment) -> Result<Record, Error> {
    let (record, source) = new.into_record()?;
    self.write(|db| {
      insert(db, &record, source.as_deref())?;
      figures::write(db, &record)
    })?;
    Ok(record)
  }

  fn import_assessment(&self, new: NewAssessment) -> Result<Option<Record>, Error> {
    let (record, source) = new.into_record()?;
    self.write(|db| {
      let added = import_one(db, record, source)?;
      if let Some(r) = &added {
        figures::write(db, r)?;
      }
      Ok(added)
    })
  }

  fn assessment(&self, id: &str) -> Result<Option<Record>, Error> {
    self.with(|db| {
      db.query_opt(q::ASSESSMENT_BY_ID, &[&id])?
        .map(|r| db.record(&r))
        .transpose()
    })
  }

  fn assessment_by_code(&self, code: &str) -> Result<Option<Record>, Error> {
    self.with(|db| {
      db.query_opt(q::ASSESSMENT_BY_CODE, &[&code])?
        .map(|r| db.record(&r))
        .transpose()
    })
  }

  fn update_assessment(&self, id: &str, change: &mut Change<'_>) -> Result<Option<Record>, Error> {
    self.write(|db| {
      let Some(row) = db.query_opt(ASSESSMENT_FOR_UPDATE, &[&id])? else {
        return Ok(None);
      };
      let mut r = db.record(&row)?;
      let read = r.clone();
      change(&mut r)?;
      if r == read {
        return Ok(Some(r));
      }
      r.revision += 1;
      r.updated_at = now();
      save(db, &r)?;
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
    let exists = || Error::Input {
      message: format!("{}: exists", user.email),
    };
    self.write(|db| {
      if db.query_opt(q::USER_ID_BY_EMAIL, &[&user.email])?.is_some() {
        return Err(exists());
      }
      // Two administrators adding the same e-mail at once: the second
      // insert meets the unique index.
      match db.try_execute(
        q::INSERT_USER,
        &[
          &user.id,
          &user.email,
          &user.name,
          &user.role.name(),
          &password_hash,
          &now(),
        ],
      ) {
        Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => return Err(exists()),
        Err(e) => return Err(self.error(e)),
        Ok(_) => {}
      }
      for p in &user.provinces {
        db.execute(q::INSERT_USER_PROVINCE, &[&user.id, p])?;
      }
      Ok(())
    })
  }

  fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, Error> {
    self.with(|db| {
      let Some(row) = db.query_opt(q::USER_BY_EMAIL, &[&email])? else {
        return Ok(None);
      };
      let id: String = row.try_get(0).map_err(|e| self.error(e))?;
      let provinces = db.user_provinces(&id)?;
      let found = user(&row, provinces).and_then(|u| Ok((u, row.try_get(4)?)));
      found.map(Some).map_err(|e| self.error(e))
    })
  }

  fn create_session(&self, token: &str, user_id: &str, csrf: &str, ttl: i64) -> Result<(), Error> {
    let t = now();
    self.write(|db| {
      db.execute(q::DELETE_EXPIRED_SESSIONS, &[&t])?;
      db.execute(
        q::INSERT_SESSION,
        &[&token::hash(token), &user_id, &csrf, &t, &(t + ttl)],
      )?;
      Ok(())
    })
  }

  fn session(&self, token: &str, ttl: i64) -> Result<Option<(User, String)>, Error> {
    let t = now();
    let hash = token::hash(token);
    self.with(|db| {
      let Some(row) = db.query_opt(q::SESSION, &[&hash, &t])? else {
        return Ok(None);
      };
      let read = |row: &Row| -> Result<(String, String, i64), postgres::Error> {
        Ok((row.try_get(0)?, row.try_get(4)?, row.try_get(5)?))
      };
      let (id, csrf, expires) = read(&row).map_err(|e| self.error(e))?;
      // Extend an active session at most once a minute, not on every page.
      if expires < t + ttl - 60 {
        db.execute(q::EXTEND_SESSION, &[&hash, &(t + ttl)])?;
      }
      let provinces = db.user_provinces(&id)?;
      let user = user(&row, provinces).map_err(|e| self.error(e))?;
      Ok(Some((user, csrf)))
    })
  }

  fn delete_session(&self, token: &str) -> Result<(), Error> {
    self.with(|db| {
      db.execute(q::DELETE_SESSION, &[&token::hash(token)])
        .map(|_| ())
    })
  }

  fn reserve_attempt(&self, keys: &[(&str, i64)], window: i64) -> Result<bool, Error> {
    let t = now();
    // One lock per key, always taken in the same order (no deadlock
    // between two requests naming the same keys), held to the commit: the
    // attempts under a key are counted and added one request at a time,
    // whichever process serves it.
    let mut locks: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
    locks.sort_unstable();
    locks.dedup();
    self.write(|db| {
      for key in &locks {
        db.execute(LOCK_ATTEMPTS, &[&ATTEMPT_LOCKS, key])?;
      }
      for (key, limit) in keys {
        let n: i64 = db
          .query_one(q::COUNT_FAILURES, &[key, &(t - window)])?
          .try_get(0)
          .map_err(|e| self.error(e))?;
        if n >= *limit {
          return Ok(false);
        }
      }
      for (key, _) in keys {
        db.execute(q::INSERT_FAILURE, &[key, &t])?;
      }
      Ok(true)
    })
  }

  fn release_attempt(&self, key: &str, at: i64) -> Result<(), Error> {
    self.with(|db| db.execute(q::RELEASE_ATTEMPT, &[&key, &at]).map(|_| ()))
  }

  fn record_failure(&self, key: &str) -> Result<(), Error> {
    let t = now();
    self.with(|db| {
      db.execute(q::DELETE_OLD_FAILURES, &[&(t - 86_400)])?;
      db.execute(q::INSERT_FAILURE, &[&key, &t]).map(|_| ())
    })
  }

  fn failures(&self, key: &str, window: i64) -> Result<i64, Error> {
    self.with(|db| {
      db.query_one(q::COUNT_FAILURES, &[&key, &(now() - window)])?
        .try_get(0)
        .map_err(|e| self.error(e))
    })
  }

  fn clear_failures(&self, key: &str) -> Result<(), Error> {
    self.with(|db| db.execute(q::CLEAR_FAILURES, &[&key]).map(|_| ()))
  }

  fn each_assessment(
    &self,
    visit: &mut dyn FnMut(&Record) -> Result<(), Error>,
  ) -> Result<(), Error> {
    let mut lease = self.lease()?;
    let conn = lease.conn();
    // One snapshot for the whole walk, rows streamed rather than loaded at
    // once.
    let mut tx = conn
      .client
      .build_transaction()
      .isolation_level(IsolationLevel::RepeatableRead)
      .read_only(true)
      .start()
      .map_err(|e| self.error(e))?;
    let statement = Db {
      client: &mut tx,
      statements: &mut conn.statements,
      store: self,
    }
    .statement(q::ALL_ASSESSMENTS)
    .map_err(|e| self.error(e))?;
    {
      let mut rows = tx
        .query_raw(&statement, std::iter::empty::<i64>())
        .map_err(|e| self.error(e))?;
      while let Some(row) = rows.next().map_err(|e| self.error(e))? {
        visit(&record(&row).map_err(|e| self.error(e))?)?;
      }
    }
    tx.commit().map_err(|e| self.error(e))
  }

  fn summary_totals(
    &self,
    scope: &Scope,
    content_version: &str,
  ) -> Result<crate::summary::Totals, Error> {
    self.read(|db| figures::totals(db, scope, content_version, &self.name))
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
    self.write(|db| {
      let Some(row) = db.query_opt(ASSESSMENT_FOR_UPDATE, &[&id])? else {
        return Ok(false);
      };
      let mut r = db.record(&row)?;
      if r.revision != revision || r.status != Status::Complete {
        return Ok(false);
      }
      r.summary.figures = Some(figures.clone());
      figures::write_as(db, &r, content_version)?;
      Ok(true)
    })
  }

  fn import_many(&self, batch: Vec<NewAssessment>) -> Result<Vec<Record>, Error> {
    let mut fresh = Vec::with_capacity(batch.len());
    for new in batch {
      fresh.push(new.into_record()?);
    }
    self.write(|db| {
      let mut added = Vec::new();
      for (record, source) in fresh {
        added.extend(import_one(db, record, source)?);
      }
      figures::write_new(db, &added)?;
      Ok(added)
    })
  }

  fn backup(&self, path: &Path) -> Result<(), Error> {
    let Some(pg_dump) = pg_dump() else {
      return Err(Error::Database {
        path: self.name.clone(),
        message: "pg_dump was not found (on PATH or in /usr/lib/postgresql/*/bin): install \
                  PostgreSQL's client programs, or back the database up with pg_dump or \
                  pg_basebackup directly"
          .into(),
      });
    };
    let path = &super::backup_target(None, path)?;
    // Into a temporary file beside the target, renamed when complete, as
    // the SQLite backup does. The password goes by the environment, not
    // the command line that every user of the machine can read.
    let tmp = path.with_extension("coopdx-backup-tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut command = std::process::Command::new(&pg_dump);
    command
      .arg("--format=custom")
      .arg("--file")
      .arg(&tmp)
      .arg("--dbname")
      .arg(&self.name);
    if let Some(password) = self.config.get_password() {
      command.env("PGPASSWORD", String::from_utf8_lossy(password).as_ref());
    }
    let out = command.output().map_err(|e| Error::Database {
      path: self.name.clone(),
      message: format!("{}: {e}", pg_dump.display()),
    })?;
    if !out.status.success() {
      let _ = std::fs::remove_file(&tmp);
      return Err(Error::Database {
        path: self.name.clone(),
        message: format!(
          "{} failed: {}",
          pg_dump.display(),
          String::from_utf8_lossy(&out.stderr).trim()
        ),
      });
    }
    std::fs::rename(&tmp, path).map_err(|source| Error::Write {
      path: path.to_owned(),
      source,
    })
  }

  fn check(&self) -> Result<Vec<String>, Error> {
    self.with(|db| {
      let mut problems = Vec::new();
      db.client
        .simple_query("SELECT 1")
        .map_err(|e| self.error(e))?;
      let version: i64 = db
        .query_one(SCHEMA_VERSION, &[])?
        .try_get(0)
        .map_err(|e| self.error(e))?;
      let expected = MIGRATIONS.last().map_or(0, |m| m.0);
      if version != expected {
        problems.push(format!(
          "schema version {version}, this coopdx expects {expected}"
        ));
      }
      for row in db.query(INVALID_INDEXES, &[])? {
        let index: String = row.try_get(0).map_err(|e| self.error(e))?;
        problems.push(format!("index {index} is not valid (REINDEX it)"));
      }
      for (what, sql) in ORPHANS {
        for row in db.query(sql, &[])? {
          let id: String = row.try_get(0).map_err(|e| self.error(e))?;
          problems.push(format!("foreign key: {what} {id}"));
        }
      }
      Ok(problems)
    })
  }
}

/// What a PostgreSQL error says, with the server's message when there is
/// one.
fn describe(e: &postgres::Error) -> String {
  if let Some(db) = e.as_db_error() {
    let mut message = format!("{}: {}", db.severity(), db.message());
    if let Some(detail) = db.detail() {
      message.push_str(&format!(" ({detail})"));
    }
    return message;
  }
  let mut message = e.to_string();
  let mut source = std::error::Error::source(e);
  while let Some(s) = source {
    message.push_str(": ");
    message.push_str(&s.to_string());
    source = s.source();
  }
  message
}

/// `url` without its password (in the user part or a `password=`
/// parameter), as it may be shown or handed to `pg_dump`.
pub fn without_password(url: &str) -> String {
  let Some((scheme, rest)) = url.split_once("://") else {
    return url.to_owned();
  };
  let (main, query) = match rest.split_once('?') {
    Some((m, q)) => (m, Some(q)),
    None => (rest, None),
  };
  let main = match main.rsplit_once('@') {
    Some((userinfo, hosts)) => {
      let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
      format!("{user}@{hosts}")
    }
    None => main.to_owned(),
  };
  let query: Vec<&str> = query
    .unwrap_or("")
    .split('&')
    .filter(|kv| !kv.is_empty() && !kv.to_ascii_lowercase().starts_with("password="))
    .collect();
  if query.is_empty() {
    format!("{scheme}://{main}")
  } else {
    format!("{scheme}://{main}?{}", query.join("&"))
  }
}

/// `pg_dump`: on PATH, else beside the server programs (the newest
/// version, which dumps every older server).
fn pg_dump() -> Option<PathBuf> {
  let exe = format!("pg_dump{}", std::env::consts::EXE_SUFFIX);
  let on_path = std::env::var_os("PATH").and_then(|paths| {
    std::env::split_paths(&paths)
      .map(|dir| dir.join(&exe))
      .find(|p| p.is_file())
  });
  on_path.or_else(|| {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
      .ok()?
      .filter_map(Result::ok)
      .filter_map(|e| {
        let version = e.file_name().to_str()?.parse().ok()?;
        let path = e.path().join("bin").join(&exe);
        path.is_file().then_some((version, path))
      })
      .collect();
    found.sort();
    found.pop().map(|(_, path)| path)
  })
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn a_url_is_shown_without_its_password() {
    assert_eq!(
      without_password("postgres://coopdx:s3cr:et@db.example:5432/coopdx"),
      "postgres://coopdx@db.example:5432/coopdx"
    );
    assert_eq!(
      without_password("postgresql://coopdx@db1,db2/coopdx?password=x&sslmode=disable"),
      "postgresql://coopdx@db1,db2/coopdx?sslmode=disable"
    );
    assert_eq!(
      without_password("postgres://localhost/coopdx"),
      "postgres://localhost/coopdx"
    );
    assert_eq!(
      without_password("postgres://u:p@h/d?Password=y"),
      "postgres://u@h/d"
    );
  }

  #[test]
  fn an_unreachable_server_is_a_database_error_without_the_password() {
    // Port 1 on the loopback: refused at once.
    let Err(e) = Postgres::open("postgres://coopdx:hunter2@127.0.0.1:1/coopdx") else {
      panic!("nothing listens on port 1");
    };
    let text = format!("{e:?}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("127.0.0.1:1"), "{text}");
  }
}
