//! `coopdx score FILE`.

use super::*;
use crate::assessment::Completeness;

/// Output formats of `score`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
  /// A readable terminal summary.
  #[default]
  Text,
  /// The documented JSON schema.
  Json,
}

/// Arguments of `score`.
#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
  /// The assessment file (YAML).
  pub file: PathBuf,
  /// Output format.
  #[arg(long, value_enum, default_value_t = ScoreFormat::Text)]
  pub format: ScoreFormat,
}

pub(super) fn run(cli: &Cli, args: &ScoreArgs, out: &mut dyn Write) -> Result<i32, Error> {
  let content = content(cli)?;
  let assessment = Assessment::read(&args.file, &content, Completeness::Complete, cli.lang)?;
  let score = crate::score(&content, &assessment)?;
  let text = match args.format {
    ScoreFormat::Text => crate::render::score_text(&content, &score, cli.lang)?,
    ScoreFormat::Json => json(&score)?,
  };
  out
    .write_all(text.as_bytes())
    .map_err(|source| Error::Stdout { source })?;
  Ok(0)
}

/// Pretty JSON with a trailing newline.
pub(crate) fn json<T: Serialize>(value: &T) -> Result<String, Error> {
  let mut s = serde_json::to_string_pretty(value).map_err(|e| Error::Serialize {
    message: e.to_string(),
  })?;
  s.push('\n');
  Ok(s)
}
