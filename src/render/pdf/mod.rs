//! The printed report: assessment and plan as an A4 PDF.
//!
//! The pipeline: the `report.md.j2` template renders the words as Markdown
//! ([`blocks`] parses it), the layout engine places them on pages with the
//! charts ([`layout`], [`charts`]), a running header and a "Trang X/Y"
//! footer are added, and [`writer`] produces the PDF with subset fonts
//! ([`fonts`]). Same input, same bytes.

pub mod blocks;
pub mod charts;
pub mod fonts;
pub mod html;
pub mod layout;
pub mod writer;

use crate::advice::describe;
use crate::assessment::format_date;
use crate::common::*;
use crate::compare::{Comparison, compare};
use crate::content::Messages;
use crate::plan::{PlanOptions, Roadmap, plan};
use crate::scoring::{Score, Status, score};
use blocks::Typography;
use charts::{ChartData, DimensionPoint, TimelineBar};
use layout::{Draw, FLOOR, LEFT, Layout, MUTED, PAGE_H, TOP, WIDTH};
use minijinja::value::Serde;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// What the user asked of the report.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
  /// Language.
  pub lang: Lang,
  /// Budget per year for the plan.
  pub budget_per_year: Option<Decimal>,
  /// The point of cost ranges the budget is fitted on.
  pub cost_basis: crate::plan::CostBasis,
  /// The earlier assessment, to show progress.
  pub previous: Option<Assessment>,
  /// The advisor's name for the cover and signature block.
  pub advisor: Option<String>,
}

/// Everything the report shows, computed once.
struct Report {
  score: Score,
  roadmap: Roadmap,
  comparison: Option<Comparison>,
}

/// The PDF report of `assessment`.
pub fn report(
  content: &Content,
  assessment: &Assessment,
  options: &ReportOptions,
) -> Result<Vec<u8>, Error> {
  let laid = pages(content, assessment, options)?;
  writer::write(&laid.pages, &laid.metadata)
}

/// The report laid out, before it is written: for checking what lands
/// where.
#[derive(Debug)]
pub struct LaidOut {
  /// The pages.
  pub pages: Vec<layout::Page>,
  /// Document information.
  pub metadata: writer::Metadata,
}

/// A character of the input the typeface cannot print, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unprintable {
  /// Its path in the assessment file (`["profile", "name"]`,
  /// `["answers", "IN04", "note"]`), or the command-line option
  /// (`["--advisor"]`).
  pub path: Vec<String>,
  /// The characters, each once, in the order typed.
  pub chars: Vec<char>,
}

impl Unprintable {
  /// The field as a reader names it: `profile.name`, `--advisor`.
  pub fn field(&self) -> String {
    self.path.join(".")
  }

  /// The message arguments: char (the characters), code ("U+1F375",
  /// several separated by spaces), field.
  pub fn args(&self) -> Value {
    let codes: Vec<String> = self
      .chars
      .iter()
      .map(|c| format!("U+{:04X}", u32::from(*c)))
      .collect();
    minijinja::context! {
      char => self.chars.iter().collect::<String>(),
      code => codes.join(" "),
      field => self.field(),
    }
  }
}

fn printable(c: char) -> bool {
  // Spaces other than these two (a line or paragraph separator, an
  // ideographic space) are laid out only if the typeface has them.
  matches!(c, ' ' | blocks::NBSP)
    || c.is_control()
    || fonts::Face::ALL.iter().all(|f| fonts::metrics(*f).has(c))
}

/// The characters of `text` the report cannot print, each once: those the
/// typeface lacks, and control characters (line breaks and tabs are
/// allowed where `multiline`, in notes and free-text answers).
pub fn unprintable_in(text: &str, multiline: bool) -> Vec<char> {
  let mut chars: Vec<char> = Vec::new();
  let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
  for c in text.chars() {
    let bad = !printable(c) || (c.is_control() && !allowed(c));
    if bad && !chars.contains(&c) {
      chars.push(c);
    }
  }
  chars
}

/// Characters of `assessment` (and of the advisor's name) that the
/// typeface lacks, each with its field. The report refuses them rather than
/// print a `?` or a box in place of what was typed.
pub fn unprintable(assessment: &Assessment, advisor: Option<&str>) -> Vec<Unprintable> {
  let mut found = Vec::new();
  // Names and profile fields are one line; answers and notes may break.
  let mut check = |path: &[&str], text: &str| {
    let multiline = path.first() == Some(&"answers");
    let chars = unprintable_in(text, multiline);
    if !chars.is_empty() {
      found.push(Unprintable {
        path: path.iter().map(|p| (*p).to_owned()).collect(),
        chars,
      });
    }
  };
  if let Some(a) = &assessment.assessor {
    check(&["assessor"], a);
  }
  for (id, value) in &assessment.profile {
    if let Some(text) = value.as_str() {
      check(&["profile", id], text);
    }
  }
  for (id, r) in &assessment.responses {
    if let crate::assessment::Answer::Given(AnswerValue::Text(text)) = &r.answer {
      check(&["answers", id], text);
    }
    if let Some(note) = &r.note {
      check(&["answers", id, "note"], note);
    }
  }
  if let Some(a) = advisor {
    check(&["--advisor"], a);
  }
  found
}

/// Lays the report out on pages.
pub fn pages(
  content: &Content,
  assessment: &Assessment,
  options: &ReportOptions,
) -> Result<LaidOut, Error> {
  let blocks = prepare(content, assessment, options)?;
  let mut layout = Layout::new();
  layout.blocks(&blocks);
  let mut pages = layout.pages;
  let header = header(content, assessment, options.lang);
  decorate(content, &mut pages, &header, options.lang);
  finish_text(&mut pages).map_err(|c| {
    refusal(
      content,
      options.lang,
      &Unprintable {
        path: vec!["templates/report.md.j2".into()],
        chars: vec![c],
      },
    )
  })?;
  Ok(LaidOut {
    pages,
    metadata: metadata(content, assessment, options),
  })
}

/// The report as one self-contained HTML page for a browser to print
/// (`coopdx report --format html`): the same blocks and chart data as the
/// PDF, see [`html`].
pub fn html_report(
  content: &Content,
  assessment: &Assessment,
  options: &ReportOptions,
) -> Result<String, Error> {
  let blocks = prepare(content, assessment, options)?;
  let header = header(content, assessment, options.lang);
  let page = html::Page {
    metadata: metadata(content, assessment, options),
    lang: options.lang,
    header: &header,
    footer: content.message(
      "pdf_page",
      options.lang,
      &minijinja::context! { page => html::PAGE, pages => html::PAGES },
    ),
  };
  html::write(&blocks, &page)
}

/// A character the typeface lacks, refused in the user's language.
fn refusal(content: &Content, lang: Lang, u: &Unprintable) -> Error {
  Error::Input {
    message: content.message("unprintable_character", lang, &u.args()),
  }
}

/// What the report shows, as blocks, and the data its charts draw; input
/// holding characters the typeface lacks is refused first.
fn prepare(
  content: &Content,
  assessment: &Assessment,
  options: &ReportOptions,
) -> Result<Vec<blocks::Block>, Error> {
  let lang = options.lang;
  if let Some(u) = unprintable(assessment, options.advisor.as_deref()).first() {
    return Err(refusal(content, lang, u));
  }
  if let Some(u) = options
    .previous
    .as_ref()
    .and_then(|p| unprintable(p, None).into_iter().next())
  {
    return Err(refusal(content, lang, &u));
  }
  let r = computed(content, assessment, options)?;
  let markdown = crate::render::template(
    content,
    "report.md.j2",
    &context(content, assessment, &r, options),
  )?;
  let data = chart_data(content, &r, lang);
  let typography = typography(content)?;
  blocks::parse(&markdown, &typography, &|chart| charts::draw(chart, &data))
}

/// The report's typography from the message catalogue's word lists,
/// compiled once per catalogue and kept (a few at most: a process has one,
/// tests and the fuzzer load others).
pub fn typography(content: &Content) -> Result<Arc<Typography>, Error> {
  type Lists = (Vec<String>, Vec<String>);
  static COMPILED: LazyLock<Mutex<BTreeMap<Lists, Arc<Typography>>>> =
    LazyLock::new(Default::default);
  let lists = (
    content.messages.words(Messages::UNIT_WORDS),
    content.messages.words(Messages::WORDS_BEFORE_NUMBER),
  );
  let mut compiled = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
  if let Some(typography) = compiled.get(&lists) {
    return Ok(Arc::clone(typography));
  }
  let typography = Arc::new(Typography::new(&lists.0, &lists.1)?);
  if compiled.len() >= 8 {
    compiled.clear();
  }
  compiled.insert(lists, Arc::clone(&typography));
  Ok(typography)
}

/// What `report.md.j2` is rendered with, from the score and the plan
/// already made with `options` (`coopdx validate` renders it for made-up
/// cooperatives).
pub fn report_context(
  content: &Content,
  assessment: &Assessment,
  options: &ReportOptions,
  score: Score,
  roadmap: Roadmap,
) -> Result<Value, Error> {
  let comparison = options
    .previous
    .as_ref()
    .map(|old| compare(content, old, assessment, options.lang))
    .transpose()?;
  let r = Report {
    score,
    roadmap,
    comparison,
  };
  Ok(context(content, assessment, &r, options))
}

/// The score, plan and comparison the report shows.
fn computed(
  content: &Content,
  assessment: &Assessment,
  options: &ReportOptions,
) -> Result<Report, Error> {
  let lang = options.lang;
  let score = score(content, assessment)?;
  let plan_options = PlanOptions {
    budget_per_year: options.budget_per_year,
    months: None,
    cost_basis: options.cost_basis,
    lang,
  };
  let roadmap = plan(content, assessment, &score, plan_options)?;
  let comparison = options
    .previous
    .as_ref()
    .map(|old| compare(content, old, assessment, lang))
    .transpose()?;
  Ok(Report {
    score,
    roadmap,
    comparison,
  })
}

/// Document information: title, author, subject, keywords (in the
/// report's language), date.
fn metadata(
  content: &Content,
  assessment: &Assessment,
  options: &ReportOptions,
) -> writer::Metadata {
  let lang = options.lang;
  let advisor = options
    .advisor
    .clone()
    .or_else(|| assessment.assessor.clone())
    .unwrap_or_default();
  let args = minijinja::context! { name => assessment.name() };
  writer::Metadata {
    title: content.message("pdf_title", lang, &args),
    author: if advisor.is_empty() {
      assessment.name().to_owned()
    } else {
      advisor
    },
    subject: content.message("pdf_subject", lang, &args),
    keywords: vec![
      "coopdx".into(),
      content.message("pdf_keyword", lang, &args),
      organisation(content, assessment, lang),
      assessment.stage.clone(),
    ],
    date: assessment.date,
  }
}

/// The last pass over the text drawn: a no-break space, which only told
/// the layout where not to break, becomes a plain space; a character the
/// typeface cannot draw is an error (the input was checked before, so it
/// came from the template), never a silent `?` or box.
fn finish_text(pages: &mut [layout::Page]) -> Result<(), char> {
  for page in pages {
    for item in &mut page.items {
      if let Draw::Text { face, text, .. } = item {
        if text.contains(blocks::NBSP) {
          *text = text.replace(blocks::NBSP, " ");
        }
        let m = fonts::metrics(*face);
        if let Some(c) = text.chars().find(|c| !m.has(*c)) {
          return Err(c);
        }
      }
    }
  }
  Ok(())
}

/// What the cooperative is, in words (`organisation` in the message
/// catalogue): "hợp tác xã", "tổ hợp tác", "liên hiệp hợp tác xã";
/// "cooperative", "cooperative group", "cooperative union".
fn organisation(content: &Content, assessment: &Assessment, lang: Lang) -> String {
  crate::render::org_term(content, &assessment.profile, lang)
}

/// The place-and-date line of a signed document (Decree 30/2020/NĐ-CP),
/// worded by the `place_date` message: "Sơn La, ngày 05 tháng 10 năm
/// 2026", a leading zero for days below 10 and for months 1 and 2 only;
/// "Son La, 5 October 2026" in English. The place never breaks across
/// lines (no-break spaces); without a date, dots to fill in by hand.
pub fn place_and_date(
  content: &Content,
  place: Option<&str>,
  date: Option<Date>,
  lang: Lang,
) -> String {
  let place = place
    .map(str::trim)
    .filter(|p| !p.is_empty())
    .map(|p| p.replace(' ', "\u{a0}"));
  let month = date.map(|d| {
    let m = u8::from(d.month());
    if m <= 2 {
      format!("{m:02}")
    } else {
      m.to_string()
    }
  });
  let args = minijinja::context! {
    place,
    day => date.map(|d| format!("{:02}", d.day())),
    day_number => date.map(|d| d.day()),
    month,
    month_name => date.map(|d| d.month().to_string()),
    year => date.map(|d| d.year()),
  };
  content.message("place_date", lang, &args)
}

/// The running header: the profile fields the questionnaire shows there,
/// else the cooperative's name.
fn header(content: &Content, assessment: &Assessment, lang: Lang) -> String {
  crate::render::header_text(content, &assessment.profile, lang)
    .unwrap_or_else(|| assessment.name().to_owned())
}

/// Running header (from page 2: see [`header`]) and footer ("Trang X/Y")
/// on every page.
fn decorate(content: &Content, pages: &mut [layout::Page], name: &str, lang: Lang) {
  let total = pages.len();
  let m = fonts::metrics(fonts::Face::Regular);
  for (i, page) in pages.iter_mut().enumerate() {
    let footer = content.message(
      "pdf_page",
      lang,
      &minijinja::context! { page => i + 1, pages => total },
    );
    let w = m.width(&footer, 8.0);
    page.items.push(Draw::Text {
      x: LEFT + (WIDTH - w) / 2.0,
      y: FLOOR + 30.0,
      size: 8.0,
      face: fonts::Face::Regular,
      text: footer,
      color: MUTED,
    });
    if i > 0 {
      let header = charts::fit(name, 8.0, WIDTH);
      page.items.push(Draw::Text {
        x: LEFT,
        y: TOP - 22.0,
        size: 8.0,
        face: fonts::Face::Regular,
        text: header,
        color: MUTED,
      });
      page.items.push(Draw::Line {
        points: vec![(LEFT, TOP - 16.0), (LEFT + WIDTH, TOP - 16.0)],
        width: 0.4,
        color: layout::GRID,
        dash: false,
      });
    }
  }
  const { assert!(FLOOR + 30.0 < PAGE_H) };
}

/// A summary of many assessments as a PDF with the report's layout: the
/// Markdown of `summary.md.j2`, its radar of dimension means and its bars
/// of the level distribution (shares in percent).
pub fn summary_pdf(
  content: &Content,
  markdown: &str,
  means: &[(String, f32)],
  levels: &[(String, f32)],
  title: &str,
  lang: Lang,
) -> Result<Vec<u8>, Error> {
  let points = |items: &[(String, f32)]| -> Vec<DimensionPoint> {
    items
      .iter()
      .map(|(name, score)| DimensionPoint {
        name: name.clone(),
        score: Some(*score),
        previous: None,
      })
      .collect()
  };
  let radar = ChartData {
    dimensions: points(means),
    current: content.messages.get("summary_mean", lang),
    ..ChartData::default()
  };
  let bars = ChartData {
    dimensions: points(levels),
    ..ChartData::default()
  };
  let typography = typography(content)?;
  let blocks = blocks::parse(markdown, &typography, &|chart| match chart {
    blocks::Chart::Bars => charts::draw(chart, &bars),
    _ => charts::draw(chart, &radar),
  })?;
  let mut layout = Layout::new();
  layout.blocks(&blocks);
  let mut pages = layout.pages;
  decorate(content, &mut pages, title, lang);
  finish_text(&mut pages).map_err(|c| {
    let found = Unprintable {
      path: vec!["templates/summary.md.j2".into()],
      chars: vec![c],
    };
    refusal(content, lang, &found)
  })?;
  let metadata = writer::Metadata {
    title: title.to_owned(),
    author: String::new(),
    subject: title.to_owned(),
    keywords: Vec::new(),
    date: None,
  };
  writer::write(&pages, &metadata)
}

/// The dimension radar as inline SVG for a web page, with the earlier
/// assessment overlaid when `previous` is given. On a phone the names do
/// not fit around the chart: the axes are numbered 1, 2, … in dimension
/// order and the page lists the names.
pub fn radar_svg(
  score: &crate::Score,
  comparison: Option<&crate::compare::Comparison>,
  labels: (&str, Option<&str>),
  lang: Lang,
) -> String {
  let mut dimensions = dimension_points(score, comparison, lang);
  for (i, d) in dimensions.iter_mut().enumerate() {
    d.name = (i + 1).to_string();
  }
  let data = ChartData {
    dimensions,
    current: labels.0.to_owned(),
    previous: labels.1.map(str::to_owned),
    ..ChartData::default()
  };
  html::figure_svg(&charts::draw(blocks::Chart::Radar, &data))
}

fn dimension_points(
  score: &crate::Score,
  previous: Option<&crate::compare::Comparison>,
  lang: Lang,
) -> Vec<DimensionPoint> {
  let f = |x: Option<Decimal>| x.and_then(|d| d.to_f32());
  score
    .dimensions
    .iter()
    .map(|d| DimensionPoint {
      name: if lang == Lang::Vi {
        d.name_vi.clone()
      } else {
        d.name_en.clone()
      },
      score: f(d.score),
      previous: previous
        .and_then(|c| c.dimensions.iter().find(|x| x.id == d.id))
        .and_then(|x| f(x.old)),
    })
    .collect()
}

fn chart_data(content: &Content, r: &Report, lang: Lang) -> ChartData {
  ChartData {
    dimensions: dimension_points(&r.score, r.comparison.as_ref(), lang),
    actions: r
      .roadmap
      .actions
      .iter()
      .map(|a| TimelineBar {
        title: if lang == Lang::Vi {
          a.title_vi.clone()
        } else {
          a.title_en.clone()
        },
        start: a.start_month,
        end: a.end_month,
        phase: a.phase,
      })
      .collect(),
    months: r.roadmap.months,
    phases: r
      .roadmap
      .phases
      .iter()
      .map(|p| (p.number, p.from_month, p.to_month))
      .collect(),
    current: r.score.assessment.stage.clone(),
    previous: r.comparison.as_ref().map(|c| c.old.stage.clone()),
    month_label: content.messages.get("chart_month", lang),
    phase_label: content.messages.get("chart_phase", lang),
  }
}

/// Every question with its answer as read, for the findings and appendix.
fn answer_rows(content: &Content, assessment: &Assessment, score: &Score) -> Vec<Value> {
  content
    .questionnaire
    .questions
    .iter()
    .zip(&score.questions)
    .map(|(q, s)| {
      let answer = assessment.responses.get(&q.id).map(|r| &r.answer);
      let asked = s.status != Status::Skipped || answer.is_some();
      // A grid's title heads its first row, so its rows read as one table.
      let first = q.grid.as_ref().is_some_and(|g| g.first);
      let title = |lang| assessment.grid_title(content, q, lang).filter(|_| first);
      minijinja::context! {
        grid_vi => title(Lang::Vi),
        grid_en => title(Lang::En),
        id => q.id.as_str(),
        dimension => q.dimension.as_str(),
        text_vi => assessment.question_text(content, q, Lang::Vi),
        text_en => assessment.question_text(content, q, Lang::En),
        // In lists (gaps, "don't know") a grid's row is named with its grid.
        standalone_vi => assessment.question_text_alone(content, q, Lang::Vi),
        standalone_en => assessment.question_text_alone(content, q, Lang::En),
        answer_vi => describe(content, assessment, q, answer, Lang::Vi),
        answer_en => describe(content, assessment, q, answer, Lang::En),
        note => s.note.clone(),
        status => Value::from(Serde(&s.status)),
        scored => s.scored,
        counted => s.counted,
        asked => asked,
        score => crate::assessment::decimal_value(s.score),
        contribution => crate::assessment::decimal_value(s.contribution),
      }
    })
    .collect()
}

fn context(
  content: &Content,
  assessment: &Assessment,
  r: &Report,
  options: &ReportOptions,
) -> Value {
  let date = assessment.date;
  minijinja::context! {
    lang => options.lang.code(),
    score => Value::from(Serde(&r.score)),
    plan => Value::from(Serde(&r.roadmap)),
    comparison => r.comparison.as_ref().map(|c| Value::from(Serde(c))),
    profile => crate::render::profile_rows(content, &assessment.profile),
    answers => answer_rows(content, assessment, &r.score),
    dimensions => crate::render::dimension_names(content),
    dimension_texts => Value::from(Serde(&dimension_texts(content, assessment))),
    titles => crate::render::plan_titles(content, &r.roadmap),
    policy_names => crate::render::policy_names(content),
    advisor => options.advisor.clone().or_else(|| assessment.assessor.clone()),
    date => date.map(format_date),
    place_date => place_and_date(content, place(content, assessment, options.lang).as_deref(), date, options.lang),
    mode => assessment.mode.name(),
    legal_form => assessment.profile.get("legal_form").and_then(|v| v.as_str()).unwrap_or("htx"),
    levels => levels(content),
    organisation => organisation(content, assessment, options.lang),
    cost_basis_name => content.messages.get(&format!("cost_basis_{}", r.roadmap.budget.cost_basis.name()), options.lang),
  }
}

/// The maturity levels, lowest first (`number`, `name_vi`, `name_en`):
/// the report says how many there are and their range from these, so
/// content with another scale reads right.
fn levels(content: &Content) -> Vec<Value> {
  content
    .levels
    .iter()
    .map(|l| minijinja::context! { number => l.number, name_vi => l.name.vi.as_str(), name_en => l.name.en.as_str() })
    .collect()
}

/// Each dimension's description, its words following the legal form as
/// question texts do (a tổ hợp tác is never called "hợp tác xã").
fn dimension_texts<'a>(content: &'a Content, assessment: &Assessment) -> BTreeMap<&'a str, Text> {
  let vars = [
    assessment.text_vars(content, Lang::Vi),
    assessment.text_vars(content, Lang::En),
  ];
  content
    .dimensions
    .iter()
    .map(|d| (d.id.as_str(), content.render_both(&d.description, &vars)))
    .collect()
}

/// The province's name in `lang`, for the place-and-date line.
fn place(content: &Content, assessment: &Assessment, lang: Lang) -> Option<String> {
  let id = assessment.profile.get("province")?.as_str()?;
  let field = content
    .questionnaire
    .profile
    .iter()
    .find(|f| f.id == "province")?;
  Some(match field.options.iter().find(|o| o.id == id) {
    Some(o) => o.label.get(lang).to_owned(),
    None => id.to_owned(),
  })
}

#[cfg(test)]
mod tests {
  use super::*;
  use time::macros::date;

  #[test]
  fn place_and_date_follows_decree_30() {
    let content = Content::embedded().expect("content");
    let place_and_date = |p, d, l| place_and_date(&content, p, d, l);
    let vi = |d| place_and_date(Some("Sơn La"), Some(d), Lang::Vi).replace('\u{a0}', " ");
    assert_eq!(
      vi(date!(2026 - 10 - 05)),
      "Sơn La, ngày 05 tháng 10 năm 2026"
    );
    assert_eq!(
      vi(date!(2026 - 09 - 14)),
      "Sơn La, ngày 14 tháng 9 năm 2026"
    );
    assert_eq!(
      vi(date!(2027 - 01 - 31)),
      "Sơn La, ngày 31 tháng 01 năm 2027"
    );
    assert_eq!(
      vi(date!(2027 - 02 - 09)),
      "Sơn La, ngày 09 tháng 02 năm 2027"
    );
    assert_eq!(
      vi(date!(2026 - 12 - 10)),
      "Sơn La, ngày 10 tháng 12 năm 2026"
    );
    assert_eq!(
      place_and_date(Some("Son La"), Some(date!(2026 - 10 - 05)), Lang::En),
      "Son\u{a0}La, 5 October 2026"
    );
    assert_eq!(
      place_and_date(Some("Ninh Bình"), Some(date!(2026 - 03 - 01)), Lang::Vi),
      "Ninh\u{a0}Bình, ngày 01 tháng 3 năm 2026"
    );
    assert_eq!(
      place_and_date(None, None, Lang::Vi),
      "ngày ..... tháng ..... năm .........."
    );
  }
}
