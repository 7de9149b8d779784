//! The summary's figures as stored (migration 0003): written with their
//! record in its transaction, kept in each cooperative's history order, and
//! summed by SQL into [`Totals`]. Written once for both backends against
//! [`Sql`], which each backend implements for its transactions.

use super::record::{Record, Status};
use super::{Provinces, Scope};
use crate::error::Error;
use crate::summary::{Demand, Detail, Spread, Totals};
use std::collections::BTreeSet;

/// A value bound to a placeholder.
pub enum Arg {
  /// Text, or NULL.
  Text(Option<String>),
  /// A whole number.
  Int(i64),
  /// A whole number, or NULL (PostgreSQL types a NULL by its column).
  MaybeInt(Option<i64>),
}

/// What a column holds.
#[derive(Clone, Copy)]
pub enum Kind {
  /// Text (or NULL).
  Text,
  /// A whole number (or NULL).
  Int,
}

/// A value read.
pub enum Cell {
  /// Text, or NULL.
  Text(Option<String>),
  /// A whole number, or NULL.
  Int(Option<i64>),
}

impl Cell {
  fn text(&self) -> Option<String> {
    match self {
      Cell::Text(t) => t.clone(),
      Cell::Int(i) => i.map(|i| i.to_string()),
    }
  }

  fn int(&self) -> i64 {
    match self {
      Cell::Int(i) => i.unwrap_or(0),
      Cell::Text(_) => 0,
    }
  }
}

/// A connection or transaction that runs the SQL written here (SQLite's
/// `?1` placeholders; PostgreSQL translates them).
pub trait Sql {
  /// Runs a statement.
  fn run(&mut self, sql: &str, args: &[Arg]) -> Result<u64, Error>;
  /// The rows of a query, each column read as `kinds` says.
  fn rows(&mut self, sql: &str, args: &[Arg], kinds: &[Kind]) -> Result<Vec<Vec<Cell>>, Error>;
}

const OLD_KEY: &str = "SELECT cooperative FROM figures WHERE assessment_id = ?1";
const DELETE_FIGURES: &str = "DELETE FROM figures WHERE assessment_id = ?1";
const DELETE_ITEMS: &str = "DELETE FROM figure_items WHERE assessment_id = ?1";
const INSERT_FIGURES: &str = "INSERT INTO figures (assessment_id, content_version, cooperative, \
  assessed_on, stage, listed, province, legal_form, sector, readiness, level, latest, first, \
  seen, latest_listed, first_listed, seen_listed, detail) \
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, 0, 0, 0, 0, 0, ?12)";
const HISTORY: &str = "SELECT assessment_id, assessed_on, stage, listed, latest, first, seen, \
  latest_listed, first_listed, seen_listed FROM figures WHERE cooperative = ?1";
const PLACE: &str = "UPDATE figures SET latest = ?2, first = ?3, seen = ?4, latest_listed = ?5, \
  first_listed = ?6, seen_listed = ?7 WHERE assessment_id = ?1";
const DETAIL: &str = "SELECT province, sector, detail FROM figures WHERE assessment_id = ?1";
const INSERT_ITEMS: &str = "INSERT INTO figure_items (assessment_id, latest, latest_listed, \
  province, sector, kind, item, a, b) VALUES ";
/// Finished assessments, and those with figures of content `?1`: the
/// difference is what `db refresh` has to do.
const COMPLETE: &str = "SELECT COUNT(*) FROM assessments WHERE status = 'complete'";
const CURRENT: &str = "SELECT COUNT(*) FROM figures WHERE content_version = ?1";
/// Finished assessments without figures of content `?1`.
const OUTDATED: &str = "SELECT a.id FROM assessments a \
  LEFT JOIN figures f ON f.assessment_id = a.id \
  WHERE a.status = 'complete' AND (f.assessment_id IS NULL OR f.content_version <> ?1) \
  ORDER BY a.created_at, a.id";
/// Rows of `figure_items` per INSERT statement.
const ITEMS_PER_INSERT: usize = 100;

fn text(s: &Option<String>) -> Arg {
  Arg::Text(s.clone())
}

fn str_arg(s: &str) -> Arg {
  Arg::Text(Some(s.to_owned()))
}

/// Writes the figures of `r` (complete) or removes them (draft), and puts
/// the histories of the cooperatives concerned in order. Runs inside the
/// transaction that writes the record.
pub fn write(db: &mut dyn Sql, r: &Record) -> Result<(), Error> {
  let version = r.summary.content_version.clone();
  write_as(db, r, &version)
}

/// [`write`], the figures made with content `version`.
pub fn write_as(db: &mut dyn Sql, r: &Record, version: &str) -> Result<(), Error> {
  let mut keys = BTreeSet::new();
  keys.extend(remove(db, &r.id)?);
  if r.status == Status::Complete {
    keys.insert(insert(db, r, version)?);
  }
  for key in &keys {
    place(db, key)?;
  }
  Ok(())
}

/// Writes the figures of many new records, then orders each cooperative's
/// history once.
pub fn write_new(db: &mut dyn Sql, records: &[Record]) -> Result<(), Error> {
  let mut keys = BTreeSet::new();
  for r in records.iter().filter(|r| r.status == Status::Complete) {
    keys.insert(insert(db, r, &r.summary.content_version)?);
  }
  for key in &keys {
    place(db, key)?;
  }
  Ok(())
}

/// Removes the figures of assessment `id`; its cooperative, if it had any.
fn remove(db: &mut dyn Sql, id: &str) -> Result<Option<String>, Error> {
  let old = db.rows(OLD_KEY, &[str_arg(id)], &[Kind::Text])?;
  let Some(key) = old.first().and_then(|r| r[0].text()) else {
    return Ok(None);
  };
  db.run(DELETE_ITEMS, &[str_arg(id)])?;
  db.run(DELETE_FIGURES, &[str_arg(id)])?;
  Ok(Some(key))
}

/// Inserts the figures of a complete record; its cooperative.
fn insert(db: &mut dyn Sql, r: &Record, version: &str) -> Result<String, Error> {
  let Some(f) = &r.summary.figures else {
    return Err(Error::Database {
      path: format!("assessment {}", r.code),
      message: "a finished assessment was saved without its summary figures".into(),
    });
  };
  let listed = r.summary.mode == "advisor" || r.claimed_by.is_some();
  let detail = serde_json::to_string(&f.detail).map_err(|e| Error::Serialize {
    message: e.to_string(),
  })?;
  db.run(
    INSERT_FIGURES,
    &[
      str_arg(&r.id),
      str_arg(version),
      str_arg(&f.cooperative),
      str_arg(&f.assessed_on),
      str_arg(&f.stage),
      Arg::Int(i64::from(listed)),
      text(&f.province),
      text(&f.legal_form),
      text(&f.sector),
      Arg::Int(f.index),
      Arg::Int(f.level),
      Arg::Text(Some(detail)),
    ],
  )?;
  Ok(f.cooperative.clone())
}

/// One row of a cooperative's history: its id, order, whether listed, and
/// its place (latest, first, seen; the same among the listed).
struct Place {
  id: String,
  order: (String, String),
  listed: bool,
  place: [i64; 6],
}

/// Puts the history of cooperative `key` in order: marks its first and
/// latest assessments (among all and among the listed), and copies the
/// detail of the latest ones into `figure_items`, removing it from those
/// that no longer are.
fn place(db: &mut dyn Sql, key: &str) -> Result<(), Error> {
  use Kind::{Int, Text};
  let kinds = [Text, Text, Text, Int, Int, Int, Int, Int, Int, Int];
  let mut rows: Vec<Place> = db
    .rows(HISTORY, &[str_arg(key)], &kinds)?
    .iter()
    .map(|r| Place {
      id: r[0].text().unwrap_or_default(),
      order: (
        r[1].text().unwrap_or_default(),
        r[2].text().unwrap_or_default(),
      ),
      listed: r[3].int() == 1,
      place: std::array::from_fn(|i| r[4 + i].int()),
    })
    .collect();
  // By date, then stage; the id breaks a tie so the order is stable.
  rows.sort_by(|a, b| a.order.cmp(&b.order).then(a.id.cmp(&b.id)));
  let all: Vec<usize> = (0..rows.len()).collect();
  let listed: Vec<usize> = all.iter().copied().filter(|&i| rows[i].listed).collect();
  for (i, row) in rows.iter().enumerate() {
    let (l, f, s) = ends(&all, i);
    let (ll, fl, sl) = ends(&listed, i);
    let new = [l, f, s, ll, fl, sl];
    if new == row.place {
      continue;
    }
    let mut args = vec![str_arg(&row.id)];
    args.extend(new.iter().map(|&x| Arg::Int(x)));
    db.run(PLACE, &args)?;
    let (was, is) = ((row.place[0], row.place[3]), (l, ll));
    if was != is {
      db.run(DELETE_ITEMS, &[str_arg(&row.id)])?;
      if is != (0, 0) {
        copy_items(db, &row.id, is)?;
      }
    }
  }
  Ok(())
}

/// Whether row `i` is the latest and the first of `members` (indexes in
/// history order), and how many there are when it is the latest.
fn ends(members: &[usize], i: usize) -> (i64, i64, i64) {
  let latest = members.last() == Some(&i);
  let first = members.first() == Some(&i);
  let seen = if latest { members.len() as i64 } else { 0 };
  (i64::from(latest), i64::from(first), seen)
}

/// Copies the detail of a latest assessment into `figure_items`.
fn copy_items(db: &mut dyn Sql, id: &str, (latest, listed): (i64, i64)) -> Result<(), Error> {
  let found = db.rows(
    DETAIL,
    &[str_arg(id)],
    &[Kind::Text, Kind::Text, Kind::Text],
  )?;
  let Some(row) = found.first() else {
    return Ok(());
  };
  let (province, sector) = (row[0].text(), row[1].text());
  let detail: Detail =
    serde_json::from_str(&row[2].text().unwrap_or_default()).map_err(|e| Error::Database {
      path: format!("assessment {id}"),
      message: format!("stored figures unreadable ({e}); run `coopdx db refresh`"),
    })?;
  let items = items(&detail);
  for chunk in items.chunks(ITEMS_PER_INSERT) {
    let mut sql = String::from(INSERT_ITEMS);
    let mut args = Vec::with_capacity(chunk.len() * 9);
    for (n, (kind, item, a, b)) in chunk.iter().enumerate() {
      let base = n * 9;
      let marks: Vec<String> = (1..=9).map(|k| format!("?{}", base + k)).collect();
      if n > 0 {
        sql.push_str(", ");
      }
      sql.push_str(&format!("({})", marks.join(", ")));
      args.extend([
        str_arg(id),
        Arg::Int(latest),
        Arg::Int(listed),
        text(&province),
        text(&sector),
        str_arg(kind),
        str_arg(item),
      ]);
      args.push(Arg::MaybeInt(*a));
      args.push(Arg::MaybeInt(*b));
    }
    db.run(&sql, &args)?;
  }
  Ok(())
}

type Item<'a> = (&'static str, &'a str, Option<i64>, Option<i64>);

/// The rows of `figure_items` for a detail.
fn items(d: &Detail) -> Vec<Item<'_>> {
  let mut out: Vec<Item<'_>> = Vec::new();
  out.extend(
    d.dimensions
      .iter()
      .map(|(id, s)| ("d", id.as_str(), *s, None)),
  );
  out.extend(
    d.duties
      .iter()
      .map(|(id, met)| ("u", id.as_str(), Some(i64::from(*met)), None)),
  );
  out.extend(d.gaps.iter().map(|q| ("g", q.as_str(), None, None)));
  for (kind, list) in [("a", &d.actions), ("p", &d.policies)] {
    out.extend(
      list
        .iter()
        .map(|c| (kind, c.id.as_str(), Some(c.min), Some(c.max))),
    );
  }
  out
}

/// How many finished assessments lack figures of content `version`.
pub fn outdated_count(db: &mut dyn Sql, version: &str) -> Result<i64, Error> {
  let complete = db.rows(COMPLETE, &[], &[Kind::Int])?;
  let current = db.rows(CURRENT, &[str_arg(version)], &[Kind::Int])?;
  let n = |rows: &[Vec<Cell>]| rows.first().map_or(0, |r| r[0].int());
  Ok(n(&complete) - n(&current))
}

/// The finished assessments lacking figures of content `version`.
pub fn outdated(db: &mut dyn Sql, version: &str) -> Result<Vec<String>, Error> {
  let rows = db.rows(OUTDATED, &[str_arg(version)], &[Kind::Text])?;
  Ok(rows.iter().filter_map(|r| r[0].text()).collect())
}

/// The `WHERE` of the rows in `scope`, columns prefixed by `p`, and its
/// arguments (placeholders from `?1`).
fn filter(scope: &Scope, p: &str) -> (String, Vec<Arg>) {
  let latest = if scope.listed {
    "latest_listed"
  } else {
    "latest"
  };
  let mut sql = format!("{p}{latest} = 1");
  let mut args = Vec::new();
  let mut add = |sql: &mut String, column: &str, value: &str| {
    args.push(str_arg(value));
    sql.push_str(&format!(" AND {p}{column} = ?{}", args.len()));
  };
  if let Some(v) = &scope.province {
    add(&mut sql, "province", v);
  }
  if let Some(v) = &scope.sector {
    add(&mut sql, "sector", v);
  }
  if let Provinces::Only(list) = &scope.provinces {
    let marks: Vec<String> = list
      .iter()
      .map(|v| {
        args.push(str_arg(v));
        format!("?{}", args.len())
      })
      .collect();
    let marks = if marks.is_empty() {
      "NULL".to_owned()
    } else {
      marks.join(", ")
    };
    sql.push_str(&format!(" AND {p}province IN ({marks})"));
  }
  (sql, args)
}

/// The totals of `scope` from the stored figures, after checking that every
/// finished assessment has figures of content `version` (`name` is the
/// database, for the error naming `db refresh`).
pub fn totals(db: &mut dyn Sql, scope: &Scope, version: &str, name: &str) -> Result<Totals, Error> {
  let count = outdated_count(db, version)?;
  if count != 0 {
    return Err(Error::FiguresOutdated {
      path: name.to_owned(),
      count,
    });
  }
  let mut t = Totals::default();
  picture(db, scope, &mut t)?;
  detail_totals(db, scope, &mut t)?;
  progress(db, scope, &mut t)?;
  Ok(t)
}

fn picture(db: &mut dyn Sql, scope: &Scope, t: &mut Totals) -> Result<(), Error> {
  use Kind::{Int, Text};
  let (wh, args) = filter(scope, "");
  let seen = if scope.listed { "seen_listed" } else { "seen" };
  let sql = format!(
    "SELECT province, legal_form, sector, level, COUNT(*), CAST(SUM(readiness) AS BIGINT), \
     CAST(SUM({seen}) AS BIGINT) FROM figures WHERE {wh} \
     GROUP BY province, legal_form, sector, level"
  );
  for r in db.rows(&sql, &args, &[Text, Text, Text, Int, Int, Int, Int])? {
    let (n, index) = (r[4].int(), r[5].int());
    t.assessed += n;
    t.index += index;
    t.assessments += r[6].int();
    *t.levels.entry(r[3].int()).or_default() += n;
    for (cell, into) in [(&r[1], &mut t.legal_forms), (&r[2], &mut t.sectors)] {
      if let Some(k) = cell.text() {
        *into.entry(k).or_default() += n;
      }
    }
    if let Some(p) = r[0].text() {
      let e = t.provinces.entry(p).or_default();
      *e = (e.0 + n, e.1 + index);
    }
  }
  Ok(())
}

fn detail_totals(db: &mut dyn Sql, scope: &Scope, t: &mut Totals) -> Result<(), Error> {
  use Kind::{Int, Text};
  let (wh, args) = filter(scope, "");
  let sql = format!(
    "SELECT kind, item, COUNT(a), COUNT(*), CAST(SUM(a) AS BIGINT), MIN(a), MAX(a), \
     CAST(SUM(b) AS BIGINT) FROM figure_items WHERE {wh} GROUP BY kind, item"
  );
  for r in db.rows(&sql, &args, &[Text, Text, Int, Int, Int, Int, Int, Int])? {
    let item = r[1].text().unwrap_or_default();
    let (valued, n, sum) = (r[2].int(), r[3].int(), r[4].int());
    match r[0].text().as_deref() {
      Some("d") => {
        let spread = Spread {
          n: valued,
          sum,
          min: r[5].int(),
          max: r[6].int(),
        };
        t.dimensions.insert(item, spread);
      }
      Some("u") => {
        t.duties.insert(item, (n, sum));
      }
      Some("g") => {
        t.gaps.insert(item, n);
      }
      Some(kind @ ("a" | "p")) => {
        let d = Demand {
          n,
          min: sum,
          max: r[7].int(),
        };
        let into = if kind == "a" {
          &mut t.actions
        } else {
          &mut t.policies
        };
        into.insert(item, d);
      }
      _ => {}
    }
  }
  Ok(())
}

fn progress(db: &mut dyn Sql, scope: &Scope, t: &mut Totals) -> Result<(), Error> {
  let (wh, args) = filter(scope, "l.");
  let (first, seen) = if scope.listed {
    ("first_listed", "seen_listed")
  } else {
    ("first", "seen")
  };
  let sql = format!(
    "SELECT COUNT(*), CAST(SUM(f.readiness) AS BIGINT), CAST(SUM(l.readiness) AS BIGINT), \
     CAST(SUM(CASE WHEN l.level > f.level THEN 1 ELSE 0 END) AS BIGINT) \
     FROM figures l JOIN figures f ON f.cooperative = l.cooperative AND f.{first} = 1 \
     WHERE {wh} AND l.{seen} >= 2"
  );
  let rows = db.rows(&sql, &args, &[Kind::Int; 4])?;
  if let Some(r) = rows.first() {
    t.progress = crate::summary::Progressed {
      cooperatives: r[0].int(),
      before: r[1].int(),
      after: r[2].int(),
      level_up: r[3].int(),
    };
  }
  Ok(())
}
