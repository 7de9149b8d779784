//! `coopdx summary DIR|--db DB [--province P] [--sector S] -o OUT.md|.xlsx|.pdf`.

use super::*;
use crate::summary::{Assessed, Summary, in_scope, summarize};

/// Arguments of `summary`.
#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
  /// Where the assessments are.
  #[command(flatten)]
  pub from: super::batch::Assessments,
  /// Only this province (its id, e.g. son_la).
  #[arg(long)]
  pub province: Option<String>,
  /// Only this sector (its id, e.g. agriculture).
  #[arg(long)]
  pub sector: Option<String>,
  /// The summary to write: .md, .xlsx or .pdf.
  #[arg(short = 'o', long = "output", value_name = "OUT")]
  pub output: PathBuf,
}

pub(super) fn run(cli: &Cli, args: &SummaryArgs) -> Result<i32, Error> {
  let content = content(cli)?;
  let lang = cli.lang;
  let (summary, failed) = match &args.from.db {
    Some(db) => (from_db(&content, db, args)?, Vec::new()),
    None => from_dir(&content, args, lang)?,
  };
  let scope = scope(&content, args, lang);
  write(&content, args, &summary, &scope, &failed, lang)
}

/// The summary of a folder: every file read, scored and planned.
fn from_dir(
  content: &Content,
  args: &SummaryArgs,
  lang: Lang,
) -> Result<(Summary, Vec<String>), Error> {
  let (items, failed) = super::batch::load(content, &args.from, lang)?;
  let wanted = |a: &Assessment| {
    args
      .province
      .as_deref()
      .is_none_or(|p| a.profile_text("province") == Some(p))
      && args
        .sector
        .as_deref()
        .is_none_or(|s| a.profile_text("sector") == Some(s))
  };
  let items = in_scope(items.into_iter().map(|(_, a)| a).collect(), wanted);
  let scored = items
    .into_iter()
    .map(|a| Assessed::new(content, a, lang))
    .collect::<Result<Vec<_>, Error>>()?;
  Ok((summarize(content, &scored), failed))
}

/// The summary of a database: SQL over the figures stored with each
/// finished assessment (nothing is planned again).
fn from_db(content: &Content, db: &str, args: &SummaryArgs) -> Result<Summary, Error> {
  let store = crate::storage::open(db)?;
  let scope = crate::storage::Scope {
    listed: false,
    provinces: crate::storage::Provinces::All,
    province: args.province.clone(),
    sector: args.sector.clone(),
  };
  let version = crate::storage::content_version(content);
  let totals = store.summary_totals(&scope, &version)?;
  Ok(Summary::from_totals(content, &totals))
}

/// Writes the summary of `args` and tells what was summed up.
fn write(
  content: &Content,
  args: &SummaryArgs,
  summary: &Summary,
  scope: &str,
  failed: &[String],
  lang: Lang,
) -> Result<i32, Error> {
  let ext = args
    .output
    .extension()
    .and_then(|e| e.to_str())
    .unwrap_or("md")
    .to_ascii_lowercase();
  let bytes = match ext.as_str() {
    "xlsx" => crate::render::summary_xlsx(content, summary, scope, lang)?,
    "pdf" => pdf(content, summary, scope, lang)?,
    _ => markdown(content, summary, scope, lang)?.into_bytes(),
  };
  crate::atomic::write_output(&args.output, &bytes)?;
  for f in failed {
    eprintln!("{f}");
  }
  let msg = minijinja::context! { n => summary.assessed, assessments => summary.assessments, file => args.output.display().to_string(), failed => failed.len() };
  eprintln!("{}", content.message("summary_written", lang, &msg));
  Ok(if failed.is_empty() { 0 } else { 2 })
}

/// What was summed up, in words: "Tỉnh Sơn La · Nông nghiệp".
fn scope(content: &Content, args: &SummaryArgs, lang: Lang) -> String {
  let label = |field: &str, id: &Option<String>| {
    let id = id.as_deref()?;
    let f = content.questionnaire.field(field)?;
    Some(
      f.options
        .iter()
        .find(|o| o.id == id)
        .map_or(id.to_owned(), |o| o.label.get(lang).to_owned()),
    )
  };
  let parts: Vec<String> = [
    label("province", &args.province),
    label("sector", &args.sector),
  ]
  .into_iter()
  .flatten()
  .collect();
  if parts.is_empty() {
    content.messages.get("summary_all", lang)
  } else {
    parts.join(" · ")
  }
}

fn markdown(content: &Content, s: &Summary, scope: &str, lang: Lang) -> Result<String, Error> {
  let ctx = minijinja::context! { lang => lang.code(), s => Value::from(minijinja::value::Serde(s)), scope };
  crate::render::template(content, "summary.md.j2", &ctx)
}

fn pdf(content: &Content, s: &Summary, scope: &str, lang: Lang) -> Result<Vec<u8>, Error> {
  let md = markdown(content, s, scope, lang)?;
  let pick = |vi: &str, en: &str| {
    if lang == Lang::Vi {
      vi.to_owned()
    } else {
      en.to_owned()
    }
  };
  let f = |d: Decimal| d.to_f32().unwrap_or_default();
  let means: Vec<(String, f32)> = s
    .dimensions
    .iter()
    .map(|d| (pick(&d.name_vi, &d.name_en), f(d.mean)))
    .collect();
  let levels: Vec<(String, f32)> = s
    .levels
    .iter()
    .map(|l| {
      (
        format!("{}. {}", l.id, pick(&l.name_vi, &l.name_en)),
        f(l.share),
      )
    })
    .collect();
  let title = format!("{} – {scope}", content.messages.get("summary_title", lang));
  crate::render::pdf::summary_pdf(content, &md, &means, &levels, &title, lang)
}
