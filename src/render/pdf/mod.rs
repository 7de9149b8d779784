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
use crate::plan::{PlanOptions, Roadmap, plan};
use crate::scoring::{Score, Status, score};
use charts::{ChartData, DimensionPoint, TimelineBar};
use layout::{Draw, FLOOR, LEFT, Layout, MUTED, PAGE_H, TOP, WIDTH};
use minijinja::value::Serde;

/// What the user asked of the report.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
  /// Language.
  pub lang: Lang,
  /// Budget per year for the plan.
  pub budget_per_year: Option<Decimal>,
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
  /// Characters the font has no glyph for, printed as `?`.
  pub missing_glyphs: BTreeSet<char>,
}

/// Lays the report out on pages.
pub fn pages(
  content: &Content,
  assessment: &Assessment,
  options: &ReportOptions,
) -> Result<LaidOut, Error> {
  let (blocks, data) = prepare(content, assessment, options)?;
  let mut layout = Layout::new(&data);
  layout.blocks(&blocks);
  let mut pages = layout.pages;
  decorate(content, &mut pages, assessment.name(), options.lang);
  let missing = replace_missing_glyphs(&mut pages);
  Ok(LaidOut {
    pages,
    metadata: metadata(content, assessment, options),
    missing_glyphs: missing,
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
  let (blocks, data) = prepare(content, assessment, options)?;
  let page = html::Page {
    metadata: metadata(content, assessment, options),
    lang: options.lang,
    header: assessment.name(),
    footer: content.message(
      "pdf_page",
      options.lang,
      &minijinja::context! { page => html::PAGE, pages => html::PAGES },
    ),
  };
  html::write(&blocks, &data, &page)
}

/// What the report shows, as blocks, and the data its charts draw.
fn prepare(
  content: &Content,
  assessment: &Assessment,
  options: &ReportOptions,
) -> Result<(Vec<blocks::Block>, ChartData), Error> {
  let lang = options.lang;
  let score = score(content, assessment)?;
  let plan_options = PlanOptions {
    budget_per_year: options.budget_per_year,
    months: None,
    lang,
  };
  let roadmap = plan(content, assessment, &score, plan_options)?;
  let comparison = options
    .previous
    .as_ref()
    .map(|old| compare(content, old, assessment, lang))
    .transpose()?;
  let r = Report {
    score,
    roadmap,
    comparison,
  };

  let markdown = crate::render::template(
    content,
    "report.md.j2",
    &context(content, assessment, &r, options),
  )?;
  let blocks = blocks::parse(&markdown)?;
  Ok((blocks, chart_data(content, &r, lang)))
}

/// Document information: title, author, subject, keywords, date.
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
      "chuyển đổi số".into(),
      "hợp tác xã".into(),
      assessment.stage.clone(),
    ],
    date: assessment.date,
  }
}

/// Replaces characters the typeface cannot draw (emoji, scripts Noto Sans
/// lacks) with `?`, so nothing prints as an empty box; returns them.
fn replace_missing_glyphs(pages: &mut [layout::Page]) -> BTreeSet<char> {
  let mut missing = BTreeSet::new();
  for page in pages {
    for item in &mut page.items {
      if let Draw::Text { face, text, .. } = item {
        let m = fonts::metrics(*face);
        if text.chars().any(|c| !m.has(c)) {
          missing.extend(text.chars().filter(|c| !m.has(*c)));
          *text = text
            .chars()
            .map(|c| if m.has(c) { c } else { '?' })
            .collect();
        }
      }
    }
  }
  missing
}

/// Running header (the cooperative's name, from page 2) and footer
/// ("Trang X/Y") on every page.
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

fn chart_data(content: &Content, r: &Report, lang: Lang) -> ChartData {
  let f = |x: Option<Decimal>| x.and_then(|d| d.to_f32());
  let previous = r.comparison.as_ref();
  ChartData {
    dimensions: r
      .score
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
      .collect(),
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
    previous: previous.map(|c| c.old.stage.clone()),
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
      minijinja::context! {
        id => q.id.as_str(),
        dimension => q.dimension.as_str(),
        text_vi => q.text.vi.as_str(),
        text_en => q.text.en.as_str(),
        answer_vi => describe(content, q, answer, Lang::Vi),
        answer_en => describe(content, q, answer, Lang::En),
        note => s.note.clone(),
        status => Value::from(Serde(&s.status)),
        scored => s.scored,
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
    dimension_texts => Value::from(Serde(&content.dimensions.iter().map(|d| (d.id.as_str(), &d.description)).collect::<BTreeMap<_, _>>())),
    titles => crate::render::action_titles(content),
    policy_names => crate::render::policy_names(content),
    advisor => options.advisor.clone().or_else(|| assessment.assessor.clone()),
    date => date.map(format_date),
    day => date.map(|d| format!("{:02}", d.day())),
    month => date.map(|d| format!("{:02}", u8::from(d.month()))),
    year => date.map(|d| d.year()),
    mode => assessment.mode.name(),
  }
}
