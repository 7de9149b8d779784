//! `coopdx import FILE.csv|FILE.xlsx -o DIR`: KoboToolbox or
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
  #[arg(short = 'o', long = "output", value_name = "DIR")]
  pub output: PathBuf,
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
  let (mut accepted, mut new, mut rejected) = (0, 0, Vec::new());
  for outcome in outcomes {
    match outcome {
      Outcome::Accepted {
        instance,
        assessment,
        ..
      } => {
        accepted += 1;
        if store(&content, args, &instance, &assessment)? {
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

/// Stores one accepted row; whether it was new.
fn store(
  content: &Content,
  args: &ImportArgs,
  instance: &str,
  a: &Assessment,
) -> Result<bool, Error> {
  let document = a.to_yaml(content);
  let dir = &args.output;
  fs::create_dir_all(dir).map_err(|source| Error::Write {
    path: dir.clone(),
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
    crate::atomic::write(&path, document.as_bytes())?;
  }
  Ok(!existed)
}
