//! `coopdx compare OLD NEW`.

use super::*;
use crate::assessment::Completeness;

/// Output formats of `compare`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
  /// A readable terminal summary.
  #[default]
  Text,
  /// The documented JSON schema.
  Json,
  /// Markdown.
  Md,
}

/// Arguments of `compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
  /// The earlier assessment (e.g. T0).
  pub old: PathBuf,
  /// The later assessment (e.g. T1).
  pub new: PathBuf,
  /// Output format.
  #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
  pub format: CompareFormat,
  /// Write to this file (atomically) instead of standard output.
  #[arg(short = 'o', long = "output", value_name = "OUT")]
  pub output: Option<PathBuf>,
}

pub(super) fn run(cli: &Cli, args: &CompareArgs, out: &mut dyn Write) -> Result<i32, Error> {
  let content = content(cli)?;
  let old = Assessment::read(&args.old, &content, Completeness::Complete, cli.lang)?;
  let new = Assessment::read(&args.new, &content, Completeness::Complete, cli.lang)?;
  if !crate::compare::same_cooperative(&old, &new) {
    let args = minijinja::context! { old => old.name(), new => new.name() };
    return Err(Error::Input {
      message: content.message("compare_different_cooperatives", cli.lang, &args),
    });
  }
  if old.questionnaire != new.questionnaire {
    let args = minijinja::context! {
      old => format!("{} {}", old.questionnaire.id, old.questionnaire.version),
      new => format!("{} {}", new.questionnaire.id, new.questionnaire.version),
    };
    return Err(Error::Input {
      message: content.message("compare_different_questionnaires", cli.lang, &args),
    });
  }
  let comparison = crate::compare::compare(&content, &old, &new, cli.lang)?;
  let text = match args.format {
    CompareFormat::Json => super::score::json(&comparison)?,
    CompareFormat::Text | CompareFormat::Md => {
      let name = if args.format == CompareFormat::Md {
        "compare.md.j2"
      } else {
        "compare.txt.j2"
      };
      let ctx = minijinja::context! {
        lang => cli.lang.code(),
        c => Value::from(minijinja::value::Serde(&comparison)),
      };
      crate::render::template(&content, name, &ctx)?
    }
  };
  super::plan::emit(args.output.as_deref(), &text, out)
}
