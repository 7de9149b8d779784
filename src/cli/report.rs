//! `coopdx report FILE -o report.pdf [--format pdf|html]`.

use super::*;
use crate::assessment::Completeness;
use crate::render::pdf::{ReportOptions, html_report, report};

/// Output formats of `report`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
  /// The A4 PDF, laid out by coopdx.
  #[default]
  Pdf,
  /// The same report as one self-contained HTML page with print CSS, for
  /// a browser to print.
  Html,
}

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
  /// The assessment file (YAML).
  pub file: PathBuf,
  /// The file to write (atomically): the PDF, or the HTML page with
  /// `--format html`.
  #[arg(short = 'o', long = "output", value_name = "OUT")]
  pub output: PathBuf,
  /// Output format.
  #[arg(long, value_enum, default_value_t = ReportFormat::Pdf)]
  pub format: ReportFormat,
  /// Budget per year in đồng for the plan, e.g. 50.000.000.
  #[arg(long, value_name = "VND")]
  pub budget: Option<String>,
  /// An earlier assessment of the same cooperative, to show progress.
  #[arg(long, value_name = "OLD")]
  pub compare: Option<PathBuf>,
  /// The advisor's name for the cover and signature block (default: the
  /// assessor in the file).
  #[arg(long, value_name = "NAME")]
  pub advisor: Option<String>,
}

pub(super) fn run(cli: &Cli, args: &ReportArgs) -> Result<i32, Error> {
  let content = content(cli)?;
  let budget = args
    .budget
    .as_deref()
    .map(|b| super::plan::parse_vnd(&content, b, cli.lang))
    .transpose()?;
  let assessment = Assessment::read(&args.file, &content, Completeness::Complete, cli.lang)?;
  let previous = match &args.compare {
    Some(path) => {
      let old = Assessment::read(path, &content, Completeness::Complete, cli.lang)?;
      if !crate::compare::same_cooperative(&old, &assessment) {
        let names = minijinja::context! { old => old.name(), new => assessment.name() };
        return Err(Error::Input {
          message: content.message("compare_different_cooperatives", cli.lang, &names),
        });
      }
      Some(old)
    }
    None => None,
  };
  let advisor = args
    .advisor
    .as_deref()
    .map(nfc)
    .filter(|a| !a.trim().is_empty());
  let options = ReportOptions {
    lang: cli.lang,
    budget_per_year: budget,
    previous,
    advisor,
  };
  let bytes = match args.format {
    ReportFormat::Pdf => report(&content, &assessment, &options)?,
    ReportFormat::Html => html_report(&content, &assessment, &options)?.into_bytes(),
  };
  crate::atomic::write_output(&args.output, &bytes)?;
  Ok(0)
}
