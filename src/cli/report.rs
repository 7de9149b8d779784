//! `coopdx report FILE -o report.pdf [--format pdf|html]`.

use super::*;
use crate::assessment::{Completeness, Problem, ProblemKind as Kind};
use crate::render::pdf::{ReportOptions, Unprintable, html_report, report, unprintable};

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
  let advisor = args
    .advisor
    .as_deref()
    .map(nfc)
    .filter(|a| !a.trim().is_empty());
  let assessment = Assessment::read(&args.file, &content, Completeness::Complete, cli.lang)?;
  refuse_unprintable(
    &content,
    &args.file,
    &unprintable(&assessment, advisor.as_deref()),
    cli.lang,
  )?;
  let previous = match &args.compare {
    Some(path) => {
      let old = Assessment::read(path, &content, Completeness::Complete, cli.lang)?;
      refuse_unprintable(&content, path, &unprintable(&old, None), cli.lang)?;
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
  let options = ReportOptions {
    lang: cli.lang,
    budget_per_year: budget,
    cost_basis: args.cost_basis.into(),
    previous,
    advisor,
  };
  let bytes = match args.format {
    ReportFormat::Pdf => report(&content, &assessment, &options)?,
    ReportFormat::Html => html_report(&content, &assessment, &options)?.into_bytes(),
  };
  if args.output == Path::new("-") {
    let mut out = io::stdout().lock();
    out
      .write_all(&bytes)
      .and_then(|()| out.flush())
      .map_err(|source| Error::Stdout { source })?;
  } else {
    crate::atomic::write_output(&args.output, &bytes)?;
  }
  Ok(0)
}

/// Refuses characters the report's typeface cannot print, each with its
/// file, line and field, rather than print `?` in place of what was typed.
fn refuse_unprintable(
  content: &Content,
  path: &Path,
  found: &[Unprintable],
  lang: Lang,
) -> Result<(), Error> {
  if found.is_empty() {
    return Ok(());
  }
  let file = fs::read_to_string(path)
    .map(|text| SourceFile::new(path.display().to_string(), text))
    .ok();
  let problems = found
    .iter()
    .map(|u| {
      let steps: Vec<&str> = u.path.iter().map(String::as_str).collect();
      let line = file.as_ref().and_then(|f| f.line_of_path(&steps));
      let mut problem = Problem::new(Kind::UnprintableCharacter, u.args()).at(line);
      if let Some(id) = u.path.get(1) {
        problem = problem.id(id);
      }
      // A command-line option is its own place, not a line of the file.
      let place = match u.path.first() {
        Some(option) if option.starts_with("--") => option.clone(),
        _ => path.display().to_string(),
      };
      problem.render(content, &place, lang)
    })
    .collect();
  Err(Error::Assessment {
    path: path.to_owned(),
    problems,
  })
}
