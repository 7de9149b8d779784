//! `coopdx plan FILE`.

use super::*;
use crate::assessment::Completeness;
use crate::plan::{CostBasis, MAX_MONTHS, PlanOptions};

/// The point of each cost range a budget is fitted on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CostBasisArg {
  /// The lower bound of every range.
  Low,
  /// The midpoint of every range.
  #[default]
  Typical,
  /// The upper bound of every range.
  High,
}

impl From<CostBasisArg> for CostBasis {
  fn from(arg: CostBasisArg) -> Self {
    match arg {
      CostBasisArg::Low => CostBasis::Low,
      CostBasisArg::Typical => CostBasis::Typical,
      CostBasisArg::High => CostBasis::High,
    }
  }
}

/// Output formats of `plan`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
  /// Markdown, for reading and editing.
  #[default]
  Md,
  /// A self-contained, printable HTML page.
  Html,
  /// The documented JSON schema.
  Json,
}

/// Arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
  /// The assessment file (YAML).
  pub file: PathBuf,
  /// Budget per year in đồng, e.g. 50000000 or 50.000.000.
  #[arg(long, value_name = "VND")]
  pub budget: Option<String>,
  /// Where in each cost range the budget is checked (tables always show
  /// the whole range).
  #[arg(long, value_enum, default_value_t = CostBasisArg::Typical)]
  pub cost_basis: CostBasisArg,
  /// Horizon in months (default 36).
  #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_MONTHS)))]
  pub months: Option<u32>,
  /// Output format.
  #[arg(long, value_enum, default_value_t = PlanFormat::Md)]
  pub format: PlanFormat,
  /// Write to this file (atomically) instead of standard output.
  #[arg(short = 'o', long = "output", value_name = "OUT")]
  pub output: Option<PathBuf>,
}

pub(super) fn run(cli: &Cli, args: &PlanArgs, out: &mut dyn Write) -> Result<i32, Error> {
  let content = content(cli)?;
  let budget = args
    .budget
    .as_deref()
    .map(|b| parse_vnd(&content, b, cli.lang))
    .transpose()?;
  let assessment = Assessment::read(&args.file, &content, Completeness::Complete, cli.lang)?;
  let score = crate::score(&content, &assessment)?;
  let options = PlanOptions {
    budget_per_year: budget,
    months: args.months,
    cost_basis: args.cost_basis.into(),
    lang: cli.lang,
  };
  let roadmap = crate::plan::plan(&content, &assessment, &score, options)?;
  let text = match args.format {
    PlanFormat::Md => crate::render::plan(&content, &roadmap, "md", cli.lang)?,
    PlanFormat::Html => crate::render::plan(&content, &roadmap, "html", cli.lang)?,
    PlanFormat::Json => super::score::json(&roadmap)?,
  };
  emit(args.output.as_deref(), &text, out)
}

/// Writes `text` to `path` atomically, or to `out` (also for `-o -`).
pub(super) fn emit(path: Option<&Path>, text: &str, out: &mut dyn Write) -> Result<i32, Error> {
  match path.filter(|p| *p != Path::new("-")) {
    Some(path) => crate::atomic::write_output(path, text.as_bytes())?,
    None => out
      .write_all(text.as_bytes())
      .map_err(|source| Error::Stdout { source })?,
  }
  Ok(0)
}

/// A whole number of đồng, written with or without thousands separators
/// (`50000000`, `50.000.000`, `50,000,000`, `50 000 000`). Anything else
/// is refused, not guessed: `5.000.000,5` or `5,5` is no amount of đồng,
/// and reading it as 50,000,005 or 55 would plan on the wrong budget.
pub(crate) fn parse_vnd(content: &Content, typed: &str, lang: Lang) -> Result<Decimal, Error> {
  let amount = typed.trim().trim_end_matches(['đ', 'd', 'D']).trim();
  match whole_dong(amount) {
    Some(n) if n > 0 && n <= 1_000_000_000_000_000 => Ok(Decimal::from(n)),
    _ => Err(Error::Input {
      message: content.message("bad_budget", lang, &minijinja::context! { value => typed }),
    }),
  }
}

/// Digits, or groups of three after the first (one to three digits),
/// all separated by the same one of `.`, `,`, space or `_`.
fn whole_dong(amount: &str) -> Option<u64> {
  let groups: Vec<&str> = match amount.chars().find(|c| matches!(c, '.' | ',' | ' ' | '_')) {
    Some(separator) => amount.split(separator).collect(),
    None => vec![amount],
  };
  let digits = |g: &&str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
  let grouped = match groups.as_slice() {
    [one] => digits(one),
    [first, rest @ ..] => {
      digits(first) && first.len() <= 3 && rest.iter().all(|g| digits(g) && g.len() == 3)
    }
    [] => false,
  };
  grouped.then(|| groups.concat().parse().ok()).flatten()
}
