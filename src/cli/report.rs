//! `coopdx report FILE -o report.pdf`.

use super::*;
use crate::assessment::Completeness;
use crate::render::pdf::{ReportOptions, report};

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
  /// The assessment file (YAML).
  pub file: PathBuf,
  /// The PDF to write (atomically).
  #[arg(short = 'o', long = "output", value_name = "PDF")]
  pub output: PathBuf,
  /// Budget per year in đồng for the plan, e.g. 50.000.000.
  #[arg(long, value_name = "VND")]
  pub budget: Option<String>,
  /// Where in each cost range the budget is checked.
  #[arg(long, value_enum, default_value_t = super::plan::CostBasisArg::Typical)]
  pub cost_basis: super::plan::CostBasisArg,
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
    cost_basis: args.cost_basis.into(),
    previous,
    advisor,
  };
  let pdf = report(&content, &assessment, &options)?;
  crate::atomic::write_output(&args.output, &pdf)?;
  Ok(0)
}
