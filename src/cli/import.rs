//! `coopdx import FILE.csv|FILE.xlsx (-o DIR | --db DB)`: KoboToolbox or
//! ODK submissions back into assessments; every rejected row reported with
//! its row, column and fix.

use super::*;
use crate::fieldtool::submissions::{self, Outcome};

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
  /// The submissions export (.csv or .xlsx).
  pub file: PathBuf,
  /// Write each accepted row as an assessment file in this folder, named
  /// by its submission id (a rerun rewrites, never duplicates).
  #[arg(
    short = 'o',
    long = "output",
    value_name = "DIR",
    required_unless_present = "db",
    conflicts_with = "db"
  )]
  pub output: Option<PathBuf>,
  /// Store each accepted row in the web application's database (a SQLite
  /// file or a postgres:// URL), keyed by its submission id: a rerun adds
  /// nothing twice.
  #[arg(long, value_name = "DB")]
  pub db: Option<String>,
}

/// Rows accepted, of which new, and the problems of the rejected rows.
type Counts = (usize, usize, Vec<String>);

pub(super) fn run(cli: &Cli, args: &ImportArgs) -> Result<i32, Error> {
  let content = content(cli)?;
  let bytes = fs::read(&args.file).map_err(|source| Error::Read {
    path: args.file.clone(),
    source,
  })?;
  let name = args.file.display().to_string();
  let xlsx = name.to_ascii_lowercase().ends_with(".xlsx");
  let mut table = if xlsx {
    submissions::read_xlsx(&bytes)
  } else {
    submissions::read_csv(&bytes)
  }
  .map_err(|why| Error::Assessment {
    path: args.file.clone(),
    problems: vec![format!("{name}: {why}")],
  })?;
  let conflicts = submissions::conflicting(&content, &mut table, &name, cli.lang);
  let (accepted, new, mut rejected) = match &args.db {
    Some(db) => {
      let store = crate::storage::open(db)?;
      to_db(&content, store.as_ref(), table, &name, cli.lang)?
    }
    None => to_files(&content, args, &table, &name, cli.lang)?,
  };
  rejected.extend(conflicts);
  let mut out = io::stdout().lock();
  for p in &rejected {
    writeln!(out, "{p}").map_err(|source| Error::Stdout { source })?;
  }
  let args_msg = minijinja::context! { accepted, new, rejected => rejected.len() };
  eprintln!("{}", content.message("import_summary", cli.lang, &args_msg));
  // Rows with problems are input errors, like an assessment file's.
  Ok(if rejected.is_empty() { 0 } else { 2 })
}

/// Writes one accepted row as a file named by its submission id; whether
/// it was new.
fn to_dir(content: &Content, dir: &Path, instance: &str, a: &Assessment) -> Result<bool, Error> {
  let document = a.to_yaml(content);
  fs::create_dir_all(dir).map_err(|source| Error::Write {
    path: dir.to_owned(),
    source,
  })?;
  let safe: String = instance
    .chars()
    .map(|c| {
      if c.is_ascii_alphanumeric() || c == '-' {
        c
      } else {
        '_'
      }
    })
    .collect();
  let path = dir.join(format!("{safe}.yaml"));
  let existed = fs::read_to_string(&path).is_ok_and(|old| old == document);
  if !existed {
    // Regenerable from the export it came from: written atomically, not
    // synced one by one (the export is what a person entered).
    crate::atomic::write_output(&path, document.as_bytes())?;
  }
  Ok(!existed)
}

/// Checks every row and writes the accepted ones as files, in order.
fn to_files(
  content: &Content,
  args: &ImportArgs,
  table: &submissions::Table,
  name: &str,
  lang: Lang,
) -> Result<Counts, Error> {
  let (mut accepted, mut new, mut rejected) = (0, 0, Vec::new());
  for outcome in submissions::read(content, table, name, lang) {
    match outcome {
      Outcome::Accepted {
        instance,
        assessment,
        ..
      } => {
        accepted += 1;
        if let Some(dir) = &args.output
          && to_dir(content, dir, &instance, &assessment)?
        {
          new += 1;
        }
      }
      Outcome::Rejected { problems, .. } => rejected.extend(problems),
    }
  }
  Ok((accepted, new, rejected))
}

/// Rows stored per transaction: one fsync per batch instead of per row,
/// and a row is still in whole or not at all.
const ROWS_PER_TRANSACTION: usize = 500;

/// One row, checked and, when accepted, scored and planned for storing.
enum Ready {
  Row(Box<crate::storage::NewAssessment>),
  Rejected(Vec<String>),
}

/// Checks, scores and plans every row on all cores, then stores the
/// accepted ones in file order, [`ROWS_PER_TRANSACTION`] to a transaction,
/// keyed by instance id (a rerun adds nothing twice).
fn to_db(
  content: &Content,
  store: &dyn crate::storage::Store,
  table: submissions::Table,
  name: &str,
  lang: Lang,
) -> Result<Counts, Error> {
  let (mut accepted, mut new, mut rejected) = (0, 0, Vec::new());
  let mut batch = Vec::with_capacity(ROWS_PER_TRANSACTION);
  for ready in prepare(content, table, name, lang) {
    match ready {
      // A row that cannot be planned stops the import; the rows before it
      // are stored, as when each row was its own transaction.
      Err(e) => {
        store.import_many(std::mem::take(&mut batch))?;
        return Err(e);
      }
      Ok(Ready::Rejected(problems)) => rejected.extend(problems),
      Ok(Ready::Row(row)) => {
        accepted += 1;
        batch.push(*row);
        if batch.len() == ROWS_PER_TRANSACTION {
          new += store.import_many(std::mem::take(&mut batch))?.len();
        }
      }
    }
  }
  new += store.import_many(batch)?.len();
  Ok((accepted, new, rejected))
}

/// [`ready`] for every row of `table`, in file order, the rows split in
/// contiguous parts, one per core (rows are independent of each other).
fn prepare(
  content: &Content,
  table: submissions::Table,
  name: &str,
  lang: Lang,
) -> Vec<Result<Ready, Error>> {
  let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
  let per_part = table.rows.len().div_ceil(cores).max(1);
  let parts: Vec<submissions::Table> = table
    .rows
    .chunks(per_part)
    .map(|rows| submissions::Table {
      headers: table.headers.clone(),
      rows: rows.to_vec(),
    })
    .collect();
  let version = crate::storage::content_version(content);
  std::thread::scope(|s| {
    let workers: Vec<_> = parts
      .iter()
      .map(|part| {
        let version = &version;
        s.spawn(move || {
          submissions::read(content, part, name, lang)
            .into_iter()
            .map(|o| ready(content, version, o))
            .collect::<Vec<_>>()
        })
      })
      .collect();
    workers
      .into_iter()
      .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
      .collect()
  })
}

/// An accepted row scored and planned (its summary figures are stored in
/// the same transaction as the record), or a rejected row's problems.
fn ready(content: &Content, version: &str, outcome: Outcome) -> Result<Ready, Error> {
  let (instance, a) = match outcome {
    Outcome::Rejected { problems, .. } => return Ok(Ready::Rejected(problems)),
    Outcome::Accepted {
      instance,
      assessment,
      ..
    } => (instance, assessment),
  };
  let (score, roadmap) = crate::summary::score_and_plan(content, &a, Lang::Vi)?;
  let figures = crate::summary::Figures::of(content, &a, &score, &roadmap);
  Ok(Ready::Row(Box::new(crate::storage::NewAssessment {
    document: a.to_yaml(content),
    summary: crate::storage::Summary::of(version, &a, Some(&score)).with_figures(figures),
    created_by: None,
    claimed_by: None,
    source: Some(instance),
    status: crate::storage::Status::Complete,
  })))
}
