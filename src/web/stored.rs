//! An assessment as stored and as the core reads it: create, load, the
//! indexed summary, and what every assessment page knows about it.

use super::common::*;

/// Stores a new draft assessment.
pub fn create(
  app: &App,
  assessment: &Assessment,
  created_by: Option<String>,
) -> Result<Record, Error> {
  app.store.create_assessment(NewAssessment {
    document: assessment.to_yaml(&app.content),
    summary: summary(app, assessment, None),
    created_by,
    claimed_by: None,
    source: None,
    status: Status::Draft,
  })
}

/// The stored document as an assessment (answers that no longer fit the
/// content, if it changed since, are dropped as a resumed interview drops
/// them).
pub fn load(app: &App, record: &Record) -> Result<Assessment, Error> {
  if let Some(a) = app.parsed.get(&record.id, &record.document) {
    return Ok(a);
  }
  let file = SourceFile::new(
    format!("assessment {}", record.code),
    record.document.clone(),
  );
  let read = Assessment::parse_lenient(&file, &app.content).map(|(a, _)| a);
  if let Ok(a) = &read {
    app.parsed.put(&record.id, &record.document, a);
  }
  read.map_err(|problems| Error::Assessment {
    path: format!("assessment {}", record.code).into(),
    problems: problems
      .iter()
      .map(|p| p.render(&app.content, &file.path, Lang::En))
      .collect(),
  })
}

/// The indexed copies of an assessment (and its score, once complete).
pub fn summary(app: &App, a: &Assessment, score: Option<&Score>) -> Summary {
  Summary::of(&app.content_version, a, score)
}

/// The indexed copies of a finished assessment with the summary's
/// figures: scored and planned, as every save of a complete record needs.
pub fn finished(app: &App, a: &Assessment) -> Result<Summary, Error> {
  let (score, roadmap) = crate::summary::score_and_plan(&app.content, a, Lang::Vi)?;
  let figures = crate::summary::Figures::of(&app.content, a, &score, &roadmap);
  Ok(summary(app, a, Some(&score)).with_figures(figures))
}

/// The score and full plan of a complete assessment, as the result page
/// shows it in `lang`.
pub fn result_plan(app: &App, a: &Assessment, lang: Lang) -> Result<Scored, Error> {
  let s = score(&app.content, a)?;
  let options = PlanOptions {
    budget_per_year: None,
    months: None,
    cost_basis: Default::default(),
    lang,
  };
  let roadmap = plan(&app.content, a, &s, options)?;
  Ok(std::sync::Arc::new((s, roadmap)))
}

/// What every assessment page knows about the assessment and its viewer.
pub(super) fn about(record: &Record, viewer: &Viewer) -> Value {
  context! {
    id => record.id.as_str(),
    code => record.code.as_str(),
    csrf => record.csrf.as_str(),
    advisor => record.summary.mode == Mode::Advisor.name(),
    complete => record.status == Status::Complete,
    signed_in => viewer.user().is_some(),
  }
}

pub(super) fn dimension_names(app: &App, lang: Lang) -> Vec<String> {
  app
    .content
    .dimensions
    .iter()
    .map(|d| d.name.get(lang).to_owned())
    .collect()
}
