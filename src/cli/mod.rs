//! The `coopdx` command line: parses arguments, loads content, runs one
//! subcommand, and maps errors to exit codes (0 ok, 1 failure, 2 invalid
//! input). All I/O of the program happens here and in the modules it calls
//! at the edge (`assessment::read`, `atomic`).

mod compare;
mod interview;
mod plan;
mod report;
mod score;
mod validate;

use crate::common::*;
use clap::{Parser, Subcommand};

/// Digital-transformation readiness of Vietnamese cooperatives.
#[derive(Debug, Parser)]
#[command(name = "coopdx", version, about, long_about = None)]
pub struct Cli {
  /// Content folder (questionnaires/, rules/, templates/) replacing the
  /// embedded default.
  #[arg(long, global = true, value_name = "DIR")]
  pub content: Option<PathBuf>,
  /// Language of everything printed.
  #[arg(long, global = true, value_enum, default_value_t = Lang::Vi)]
  pub lang: Lang,
  /// What to do.
  #[command(subcommand)]
  pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
  /// Check questionnaires, rules and templates for errors.
  Validate,
  /// Score an assessment: index, level, dimensions, explanation.
  Score(score::ScoreArgs),
  /// The tailored, phased, budgeted transformation plan.
  Plan(plan::PlanArgs),
  /// Progress between two assessments of the same cooperative (T0 → T1).
  Compare(compare::CompareArgs),
  /// The full PDF report: assessment and plan, A4, Vietnamese by default
  /// (or the same report as HTML for a browser to print).
  Report(report::ReportArgs),
  /// Guided interview that writes an assessment file, saving every answer.
  Interview(interview::InterviewArgs),
}

/// Runs the command line and returns the exit code.
pub fn run() -> i32 {
  let cli = match Cli::try_parse() {
    Ok(cli) => cli,
    Err(e) => {
      let _ = e.print();
      return if e.use_stderr() { 2 } else { 0 };
    }
  };
  let mut stdout = io::stdout().lock();
  let result = match &cli.command {
    Command::Validate => validate::run(&cli, &mut stdout),
    Command::Score(args) => score::run(&cli, args, &mut stdout),
    Command::Plan(args) => plan::run(&cli, args, &mut stdout),
    Command::Compare(args) => compare::run(&cli, args, &mut stdout),
    Command::Report(args) => report::run(&cli, args),
    Command::Interview(args) => interview::run(&cli, args),
  };
  match result {
    Ok(code) => code,
    Err(e) => report(&e),
  }
}

/// Prints an error to stderr and returns its exit code.
fn report(error: &Error) -> i32 {
  let mut stderr = io::stderr().lock();
  if let Error::Content {
    diagnostics, files, ..
  } = error
  {
    let sources: Vec<&SourceFile> = files.files.values().collect();
    let _ = crate::diagnostic::emit(&mut stderr, &sources, diagnostics);
  }
  let _ = writeln!(stderr, "error: {error}");
  error.exit_code()
}

/// Loads the content the command line asks for.
fn content(cli: &Cli) -> Result<Content, Error> {
  Content::from_option(cli.content.as_deref())
}

use std::io::Write;
