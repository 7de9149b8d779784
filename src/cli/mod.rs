//! The `coopdx` command line: parses arguments, loads content, runs one
//! subcommand, and maps errors to exit codes (0 ok, 1 failure, 2 invalid
//! input). All I/O of the program happens here and in the modules it calls
//! at the edge (`assessment::read`, `atomic`).

mod batch;
mod compare;
mod export;
mod import;
mod interview;
mod plan;
mod report;
mod schema;
mod score;
mod serve;
mod summary;
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
  /// The questionnaire for field tools (KoboToolbox, ODK Collect).
  #[command(subcommand)]
  Export(export::ExportCommand),
  /// One row per assessment (folder or database) as XLSX or CSV.
  Batch(batch::BatchArgs),
  /// What a provincial alliance reports upward, as Markdown, XLSX or PDF.
  Summary(summary::SummaryArgs),
  /// KoboToolbox / ODK submissions (CSV, XLSX) into assessments.
  Import(import::ImportArgs),
  /// The web application: self-assessment and advisor workspace.
  Serve(serve::ServeArgs),
  /// Accounts of the web application.
  #[command(subcommand)]
  User(serve::UserCommand),
  /// The web application's database: backup, integrity check.
  #[command(subcommand)]
  Db(serve::DbCommand),
  /// JSON Schemas of the content and assessment files, for editors.
  Schema(schema::SchemaArgs),
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
    Command::Export(command) => export::run(&cli, command),
    Command::Import(args) => import::run(&cli, args),
    Command::Batch(args) => batch::run(&cli, args),
    Command::Summary(args) => summary::run(&cli, args),
    Command::Serve(args) => serve::serve(&cli, args),
    Command::User(command) => serve::user(&cli, command),
    Command::Db(command) => serve::db(&cli, command),
    Command::Schema(args) => schema::run(&cli, args),
  };
  match result {
    Ok(code) => code,
    // `coopdx plan … | head`: the reader has all it wanted; end quietly,
    // as other command-line tools do.
    Err(Error::Stdout { source }) if source.kind() == io::ErrorKind::BrokenPipe => 0,
    Err(e) => report(&e, cli.lang),
  }
}

/// Prints an error to stderr in the user's language and returns its exit
/// code.
fn report(error: &Error, lang: Lang) -> i32 {
  let mut stderr = io::stderr().lock();
  if let Error::Content {
    diagnostics, files, ..
  } = error
  {
    let sources: Vec<&SourceFile> = files.files.values().collect();
    let _ = crate::diagnostic::emit(&mut stderr, &sources, diagnostics);
  }
  let _ = writeln!(stderr, "{}", describe_error(error, lang));
  error.exit_code()
}

/// An error in words from the message catalogue (the embedded one: the
/// content given with `--content` may be what failed to load).
pub fn describe_error(error: &Error, lang: Lang) -> String {
  let messages: crate::content::Messages = ContentFiles::embedded_fast()
    .json
    .get(crate::content::MESSAGES_FILE)
    .and_then(|json| serde_json::from_str(json).ok())
    .unwrap_or_default();
  let env = Environment::new();
  let say = |key: &str, args: Value| messages.render(&env, key, lang, &args);
  let path = |p: &Path| p.display().to_string();
  // Common system errors in the reader's words; others as the system says.
  let why = |e: &io::Error| match e.kind() {
    io::ErrorKind::NotFound => say("io_not_found", Value::from(())),
    io::ErrorKind::PermissionDenied => say("io_permission", Value::from(())),
    io::ErrorKind::StorageFull => say("io_disk_full", Value::from(())),
    io::ErrorKind::IsADirectory => say("io_is_a_folder", Value::from(())),
    _ => e.to_string(),
  };
  let body = match error {
    Error::Read { path: p, source } => say(
      "error_read",
      minijinja::context! { path => path(p), why => why(source) },
    ),
    Error::Write { path: p, source } => say(
      "error_write",
      minijinja::context! { path => path(p), why => why(source) },
    ),
    Error::BackupTarget { path: p, itself } => say(
      "error_backup_target",
      minijinja::context! { path => path(p), itself },
    ),
    Error::ContentDir { path: p } => {
      say("error_content_dir", minijinja::context! { path => path(p) })
    }
    Error::Content {
      origin,
      diagnostics,
      ..
    } => say(
      "error_content",
      minijinja::context! { origin => origin, n => diagnostics.len() },
    ),
    Error::Assessment { path: p, problems } => format!(
      "{}\n{}",
      say(
        "error_assessment",
        minijinja::context! { path => path(p), n => problems.len() }
      ),
      problems.join("\n")
    ),
    Error::Condition {
      expression,
      message,
    } => say(
      "error_condition",
      minijinja::context! { expression => expression, why => message },
    ),
    Error::Template { name, message } => say(
      "error_template",
      minijinja::context! { name => name, why => message },
    ),
    Error::Render { message } => say("error_render", minijinja::context! { why => message }),
    Error::Stdout { source } => say("error_stdout", minijinja::context! { why => why(source) }),
    Error::Serialize { message } => say("error_serialize", minijinja::context! { why => message }),
    Error::Database { path, message } => say(
      "error_database",
      minijinja::context! { path => path, why => message },
    ),
    Error::FiguresOutdated { path, count } => say(
      "error_figures",
      minijinja::context! { path => path, n => count },
    ),
    Error::Input { message } => message.clone(),
  };
  format!("{}: {body}", say("error_prefix", Value::from(())))
}

/// Loads the content the command line asks for.
fn content(cli: &Cli) -> Result<Content, Error> {
  Content::from_option(cli.content.as_deref())
}

use std::io::Write;
