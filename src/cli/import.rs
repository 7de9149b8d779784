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

pub(super) fn run(cli: &Cli, args: &ImportArgs) -> Result<i32, Error> {
  let content = content(cli)?;
  let bytes = fs::read(&args.file).map_err(|source| Error::Read {
    path: args.file.clone(),
    source,
  })?;
  let name = args.file.display().to_string();
  let xlsx = name.to_ascii_lowercase().ends_with(".xlsx");
  let table = if xlsx {
    submissions::read_xlsx(&bytes)
  } else {
    submissions::read_csv(&bytes)
  }
  .map_err(|why| Error::Assessment {
    path: args.file.clone(),
    problems: vec![format!("{name}: {why}")],
  })?;
  let outcomes = submissions::read(&content, &table, &name, cli.lang);
  let store = args.db.as_deref().map(crate::storage::open).transpose()?;
  let version = crate::storage::content_version(&content);
  let (mut accepted, mut new, mut rejected) = (0, 0, Vec::new());
  for outcome in outcomes {
    match outcome {
      Outcome::Accepted {
        instance,
        assessment,
        ..
      } => {
        accepted += 1;
        let added = match (&store, &args.output) {
          (Some(db), _) => to_db(&content, db.as_ref(), &version, &instance, &assessment)?,
          (None, Some(dir)) => to_dir(&content, dir, &instance, &assessment)?,
          (None, None) => false,
        };
        if added {
          new += 1;
        }
      }
      Outcome::Rejected { problems, .. } => rejected.extend(problems),
    }
  }
  let mut out = io::stdout().lock();
  for p in &rejected {
    writeln!(out, "{p}").map_err(|source| Error::Stdout { source })?;
  }
  let args_msg = minijinja::context! { accepted, new, rejected => rejected.len() };
  eprintln!("{}", content.message("import_summary", cli.lang, &args_msg));
  // Rows with problems are input errors, like an assessment file's.
  Ok(if rejected.is_empty() { 0 } else { 2 })
}

/// Stores one accepted row in the database, in one transaction; whether
/// it was new.
fn to_db(
  content: &Content,
  store: &dyn crate::storage::Store,
  version: &str,
  instance: &str,
  a: &Assessment,
) -> Result<bool, Error> {
  let (score, roadmap) = crate::summary::score_and_plan(content, a, Lang::Vi)?;
  let figures = crate::summary::Figures::of(content, a, &score, &roadmap);
  let new = crate::storage::NewAssessment {
    document: a.to_yaml(content),
    summary: crate::storage::Summary::of(version, a, Some(&score)).with_figures(figures),
    created_by: None,
    claimed_by: None,
    source: Some(instance.to_owned()),
    status: crate::storage::Status::Complete,
  };
  Ok(store.import_assessment(new)?.is_some())
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
