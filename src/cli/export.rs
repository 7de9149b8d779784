//! `coopdx export xlsform -o coopdx.xlsx`: the questionnaire for field
//! tools (KoboToolbox, ODK Collect).

use super::*;

/// What to export.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
  /// The questionnaire as an XLSForm for KoboToolbox and ODK Collect.
  Xlsform(XlsformArgs),
}

/// Arguments of `export xlsform`.
#[derive(Debug, clap::Args)]
pub struct XlsformArgs {
  /// The workbook to write (atomically).
  #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
  pub output: PathBuf,
}

pub(super) fn run(cli: &Cli, command: &ExportCommand) -> Result<i32, Error> {
  let ExportCommand::Xlsform(args) = command;
  let content = content(cli)?;
  let form = crate::fieldtool::xlsform::form(&content)?;
  let bytes = crate::fieldtool::xlsform::xlsx(&form)?;
  crate::atomic::write_output(&args.output, &bytes)?;
  let file = args.output.display().to_string();
  eprintln!(
    "{}",
    content.message("export_written", cli.lang, &minijinja::context! { file })
  );
  Ok(0)
}
