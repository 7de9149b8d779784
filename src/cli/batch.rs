//! `coopdx batch DIR|--db DB [--province P] [--stage T] -o OUT.csv|.xlsx`.

use super::*;
use crate::assessment::Completeness;

/// Where many assessments are read from: a folder of files or the web
/// application's database (`batch` and `summary`).
#[derive(Debug, clap::Args)]
pub struct Assessments {
  /// A folder of assessment files.
  #[arg(required_unless_present = "db", conflicts_with = "db")]
  pub dir: Option<PathBuf>,
  /// The web application's database (its finished assessments).
  #[arg(long, value_name = "DB")]
  pub db: Option<String>,
}

/// Arguments of `batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
  /// Where the assessments are.
  #[command(flatten)]
  pub from: Assessments,
  /// Only this province (its id, e.g. son_la).
  #[arg(long)]
  pub province: Option<String>,
  /// Only this stage (T0, T1...).
  #[arg(long)]
  pub stage: Option<String>,
  /// The table to write: .xlsx or .csv.
  #[arg(short = 'o', long = "output", value_name = "OUT")]
  pub output: PathBuf,
}

pub(super) fn run(cli: &Cli, args: &BatchArgs) -> Result<i32, Error> {
  let content = content(cli)?;
  let wanted = |a: &Assessment| {
    args
      .province
      .as_deref()
      .is_none_or(|p| a.profile_text("province") == Some(p))
      && args.stage.as_deref().is_none_or(|s| a.stage == s)
  };
  let (rows, failed) = match &args.from.dir {
    Some(dir) => rows_of_dir(&content, dir, &wanted, cli.lang)?,
    None => {
      let (items, failed) = load(&content, &args.from, cli.lang)?;
      let items: Vec<(String, Assessment)> = items.into_iter().filter(|(_, a)| wanted(a)).collect();
      let outcomes = crate::batch::rows(&content, &items, cli.lang)
        .into_iter()
        .map(|r| r.map_or_else(Outcome::Unplanned, Outcome::Row))
        .collect();
      rows_and_failures(failed, outcomes, cli.lang)
    }
  };
  let xlsx = args
    .output
    .extension()
    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
  let bytes = if xlsx {
    crate::batch::xlsx(&content, &rows, cli.lang)?
  } else {
    crate::batch::csv(&content, &rows, cli.lang)?
  };
  crate::atomic::write_output(&args.output, &bytes)?;
  let mut err = io::stderr().lock();
  for f in &failed {
    let _ = writeln!(err, "{f}");
  }
  let msg = minijinja::context! { n => rows.len(), file => args.output.display().to_string(), failed => failed.len() };
  let _ = writeln!(err, "{}", content.message("batch_written", cli.lang, &msg));
  Ok(if failed.is_empty() { 0 } else { 2 })
}

/// Assessments by source, and the problems of those that could not be
/// read.
type Loaded = (Vec<(String, Assessment)>, Vec<String>);

/// The assessments of a folder, or the finished ones of a database.
pub(super) fn load(content: &Content, from: &Assessments, lang: Lang) -> Result<Loaded, Error> {
  match (from.dir.as_deref(), from.db.as_deref()) {
    (Some(dir), _) => from_dir(content, dir, lang),
    (None, Some(db)) => from_db(content, db, lang),
    (None, None) => Ok((Vec::new(), Vec::new())),
  }
}

/// What became of one source.
enum Outcome {
  Row(crate::batch::Row),
  /// Left out by `--province` or `--stage`.
  Filtered,
  /// Could not be read or checked: why, as told to the user.
  Unreadable(String),
  /// Could not be scored or planned.
  Unplanned(crate::batch::Failed),
}

/// The rows of a folder's files, each read, checked, scored and planned
/// on any core as one piece of work, so no more than a row per file is
/// held (185,000 assessments at once would not fit in a laptop's memory).
fn rows_of_dir(
  content: &Content,
  dir: &Path,
  wanted: &(dyn Fn(&Assessment) -> bool + Sync),
  lang: Lang,
) -> Result<(Vec<crate::batch::Row>, Vec<String>), Error> {
  let paths = assessment_files(dir)?;
  let outcomes = crate::parallel::in_parallel(&paths, |path| match read_one(content, path, lang) {
    Ok((src, a)) if wanted(&a) => match crate::batch::row(content, &src, &a, lang) {
      Ok(row) => Outcome::Row(row),
      Err(e) => Outcome::Unplanned(Box::new((src, e))),
    },
    Ok(_) => Outcome::Filtered,
    Err(why) => Outcome::Unreadable(why),
  });
  Ok(rows_and_failures(Vec::new(), outcomes, lang))
}

/// The rows, and the problems as `batch` lists them: sources that could
/// not be read first, then those that could not be planned, each in
/// source order.
fn rows_and_failures(
  mut failed: Vec<String>,
  outcomes: Vec<Outcome>,
  lang: Lang,
) -> (Vec<crate::batch::Row>, Vec<String>) {
  let mut rows = Vec::new();
  let mut unplanned = Vec::new();
  for outcome in outcomes {
    match outcome {
      Outcome::Row(row) => rows.push(row),
      Outcome::Filtered => {}
      Outcome::Unreadable(why) => failed.push(why),
      Outcome::Unplanned(f) => unplanned.push(format!("{}: {}", f.0, describe_error(&f.1, lang))),
    }
  }
  failed.extend(unplanned);
  (rows, failed)
}

/// Every `.yaml` assessment file of a folder, sorted.
fn assessment_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
  let entries = fs::read_dir(dir).map_err(|source| Error::Read {
    path: dir.to_owned(),
    source,
  })?;
  let mut paths: Vec<PathBuf> = entries
    .flatten()
    .map(|e| e.path())
    .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
    .collect();
  paths.sort();
  Ok(paths)
}

/// One assessment file read and checked, or its problems as told to the
/// user.
fn read_one(content: &Content, path: &Path, lang: Lang) -> Result<(String, Assessment), String> {
  Assessment::read(path, content, Completeness::Complete, lang)
    .map(|a| (path.display().to_string(), a))
    .map_err(|e| describe_error(&e, lang))
}

/// Every `.yaml` assessment file of a folder (sorted, read on every core),
/// and the problems of those that are not valid.
fn from_dir(content: &Content, dir: &Path, lang: Lang) -> Result<Loaded, Error> {
  let paths = assessment_files(dir)?;
  let mut items = Vec::new();
  let mut failed = Vec::new();
  for read in crate::parallel::in_parallel(&paths, |p| read_one(content, p, lang)) {
    match read {
      Ok(item) => items.push(item),
      Err(why) => failed.push(why),
    }
  }
  Ok((items, failed))
}

/// The finished assessments of the database.
fn from_db(content: &Content, db: &str, lang: Lang) -> Result<Loaded, Error> {
  let store = crate::storage::open(db)?;
  let mut items = Vec::new();
  let mut failed = Vec::new();
  store.each_assessment(&mut |r| {
    if r.status != crate::storage::Status::Complete {
      return Ok(());
    }
    let file = SourceFile::new(r.code.clone(), r.document.clone());
    match Assessment::parse(&file, content, Completeness::Complete) {
      Ok(a) => items.push((r.code.clone(), a)),
      Err(p) => failed.extend(p.iter().map(|p| p.render(content, &r.code, lang))),
    }
    Ok(())
  })?;
  Ok((items, failed))
}
