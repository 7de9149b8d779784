//! The assessment pages: landing, start, come back with a code, profile,
//! one page per dimension, review, finish, result and downloads. The same
//! pages serve a self-assessment (no account, the link is the key) and an
//! advisor's interview (notes per question).

use super::access::{Viewer, open};
use super::form::Fields;
use super::form_items::{self, Item, apply_answers, apply_profile, profile_item, question_item};
use super::respond::cookie;
use super::steps::{self, Step};
use super::{App, Page, Req, Shared, blocking};
use crate::assessment::{Assessment, Completeness, Mode, format_date, iso_date, today};
use crate::content::ProfileField;
use crate::error::Error;
use crate::interview::Interview;
use crate::plan::{PlanOptions, Roadmap, plan};
use crate::scoring::{Score, score};
use crate::source::SourceFile;
use crate::storage::{NewAssessment, Record, Status, Summary, token};
use crate::text::Lang;
use axum::extract::{Path, State};
use axum::http::header;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Serialize;

/// Failed code lookups allowed per address per hour.
const CODE_TRIES: i64 = 20;

// ---- pages every visitor reaches ------------------------------------------

/// `GET /`: what the assessment is, how long it takes, what one gets.
pub async fn landing(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || {
    let (csrf, set) = anonymous_csrf(&app, &req);
    let questions = app.content.questionnaire.questions.len();
    let page = app.pages.render(
      "landing.html.j2",
      &req,
      200,
      context! { csrf, questions, dimensions => dimension_names(&app, req.lang) },
    );
    with(page, set)
  })
  .await
}

/// `POST /start`: a new self-assessment, then its link and code.
pub async fn start(State(app): State<Shared>, req: Req, fields: Fields) -> Page {
  blocking(move || {
    if !anonymous_csrf_ok(&req, &fields) {
      return expired(&app, &req);
    }
    let mut assessment = Assessment::new(&app.content);
    assessment.mode = Mode::SelfAssessment;
    assessment.date = Some(today());
    match create(&app, &assessment, None) {
      Ok(record) => Page::redirect(&format!("/a/{}", record.id)),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

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
    status: Status::Draft,
  })
}

/// `GET /resume`: type the code written down.
pub async fn resume_form(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || {
    let (csrf, set) = anonymous_csrf(&app, &req);
    with(
      app
        .pages
        .render("resume.html.j2", &req, 200, context! { csrf, error => () }),
      set,
    )
  })
  .await
}

/// `POST /resume`: the code → the assessment's link. Failed lookups are
/// counted per address, so codes cannot be guessed.
pub async fn resume(State(app): State<Shared>, req: Req, fields: Fields) -> Page {
  blocking(move || {
    if !anonymous_csrf_ok(&req, &fields) {
      return expired(&app, &req);
    }
    let key = format!("code:{}", req.peer);
    let refuse = |word: &str, status: u16| {
      let csrf = req.cookie("coopdx_csrf").unwrap_or("").to_owned();
      let error = app.pages.word(req.lang, word);
      app
        .pages
        .render("resume.html.j2", &req, status, context! { csrf, error })
    };
    match app.store.failures(&key, 3600) {
      Ok(n) if n >= CODE_TRIES => return refuse("resume_too_many", 429),
      Ok(_) => {}
      Err(e) => return failure(&app, &req, &e),
    }
    let typed = fields.get("code").unwrap_or("");
    let found = match token::normalize_code(typed) {
      Some(code) => app.store.assessment_by_code(&code),
      None => Ok(None),
    };
    match found {
      Ok(Some(record)) => Page::redirect(&format!("/a/{}", record.id)),
      Ok(None) => {
        let _ = app.store.record_failure(&key);
        refuse("resume_unknown", 404)
      }
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

/// `GET /a/{id}`: the link and code to keep, and where to continue.
pub async fn welcome(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || {
    let (record, viewer) = match open(&app, &req, &id) {
      Ok(x) => x,
      Err(page) => return page,
    };
    let assessment = match load(&app, &record) {
      Ok(a) => a,
      Err(e) => return failure(&app, &req, &e),
    };
    let next = match record.status {
      Status::Complete => format!("/a/{id}/result"),
      Status::Draft => match steps::resume(&app.content, &assessment) {
        Ok(step) => step.url(&id),
        Err(e) => return failure(&app, &req, &e),
      },
    };
    let ctx = context! {
      a => about(&record, &viewer),
      next,
      started => record.revision <= 1,
      name => assessment.name(),
    };
    app.pages.render("welcome.html.j2", &req, 200, ctx)
  })
  .await
}

// ---- the form pages -------------------------------------------------------

/// `GET /a/{id}/profile`.
pub async fn profile(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || show(&app, &req, &id, &Step::Profile, None)).await
}

/// `GET /a/{id}/d/{dimension}`.
pub async fn dimension(
  State(app): State<Shared>,
  req: Req,
  Path((id, dimension)): Path<(String, String)>,
) -> Page {
  blocking(move || show(&app, &req, &id, &Step::Dimension(dimension), None)).await
}

/// `POST /a/{id}/profile`.
pub async fn save_profile(
  State(app): State<Shared>,
  req: Req,
  Path(id): Path<String>,
  fields: Fields,
) -> Page {
  blocking(move || save(&app, &req, &id, &Step::Profile, &fields)).await
}

/// `POST /a/{id}/d/{dimension}`.
pub async fn save_dimension(
  State(app): State<Shared>,
  req: Req,
  Path((id, dimension)): Path<(String, String)>,
  fields: Fields,
) -> Page {
  blocking(move || save(&app, &req, &id, &Step::Dimension(dimension), &fields)).await
}

/// What a form page shows after a refused submit.
struct Refused<'f> {
  fields: &'f Fields,
  errors: std::collections::BTreeMap<String, String>,
}

/// Shows a profile or dimension page; with `refused`, what was sent and
/// what is wrong with it (status 422).
fn show(app: &App, req: &Req, id: &str, step: &Step, refused: Option<Refused<'_>>) -> Page {
  let (record, viewer) = match open(app, req, id) {
    Ok(x) => x,
    Err(page) => return page,
  };
  let assessment = match load(app, &record) {
    Ok(a) => a,
    Err(e) => return failure(app, req, &e),
  };
  let all = match steps::steps(&app.content, &assessment) {
    Ok(s) => s,
    Err(e) => return failure(app, req, &e),
  };
  if !all.contains(step) {
    // A dimension with no question for this cooperative (any more).
    return not_found_page(app, req);
  }
  let advisor = record.summary.mode == Mode::Advisor.name();
  let saved = form_items::saved(&assessment);
  let sent = refused.as_ref().map(|r| form_items::sent(r.fields));
  let current: &form_items::Current<'_> = match &sent {
    Some(s) => s,
    None => &saved,
  };
  let mut items = match items(app, &assessment, step, current, advisor, req.lang) {
    Ok(items) => items,
    Err(e) => return failure(app, req, &e),
  };
  let status = match &refused {
    Some(r) => {
      for item in &mut items {
        item.error = r.errors.get(&item.id).cloned();
      }
      422
    }
    None => 200,
  };
  let (prev, next, n, total) = steps::around(&all, step);
  let dropped = dropped_texts(app, &assessment, req);
  let (title, intro) = match step {
    Step::Dimension(d) => app
      .content
      .dimension(d)
      .map(|d| {
        (
          d.name.get(req.lang).to_owned(),
          d.description.get(req.lang).to_owned(),
        )
      })
      .unwrap_or_default(),
    _ => (
      app.pages.word(req.lang, "profile_title"),
      app.pages.word(req.lang, "profile_intro"),
    ),
  };
  let ctx = context! {
    a => about(&record, &viewer),
    title, intro, n, total, dropped,
    items => Serde(&items),
    errors => items_with_errors(status),
    action => step.url(id),
    has_prev => prev.is_some(),
    has_next => next.as_ref().is_some_and(|s| *s != Step::Review),
    more => req.query.has("more"),
    saved => req.query.has("saved"),
    advisor,
  };
  app.pages.render("step.html.j2", req, status, ctx)
}

fn items_with_errors(status: u16) -> bool {
  status == 422
}

/// The items of a page, from `current` values.
fn items(
  app: &App,
  assessment: &Assessment,
  step: &Step,
  current: &form_items::Current<'_>,
  advisor: bool,
  lang: Lang,
) -> Result<Vec<Item>, Error> {
  Ok(match step {
    Step::Profile => profile_fields(app, assessment)?
      .into_iter()
      .map(|f| profile_item(f, current, lang))
      .collect(),
    Step::Dimension(d) => steps::questions(&app.content, assessment, d)?
      .into_iter()
      .map(|q| question_item(&app.content, assessment, q, current, advisor, lang))
      .collect(),
    Step::Review => Vec::new(),
  })
}

/// The profile fields that apply, in form order.
fn profile_fields<'c>(
  app: &'c App,
  assessment: &Assessment,
) -> Result<Vec<&'c ProfileField>, Error> {
  let mut out = Vec::new();
  for f in &app.content.questionnaire.profile {
    if assessment.field_applies(&app.content, f)? {
      out.push(f);
    }
  }
  Ok(out)
}

/// The outcome of a submitted page, decided inside its transaction.
#[derive(Default)]
struct Saved {
  errors: std::collections::BTreeMap<String, String>,
  dropped: Vec<String>,
  /// Questions (or fields) of this page that apply now and were not shown.
  more: bool,
  steps: Vec<Step>,
}

/// Records a submitted page in one transaction, then goes where the
/// button said (`go`: back, next, review, save), or shows the page again
/// with what is wrong.
fn save(app: &App, req: &Req, id: &str, step: &Step, fields: &Fields) -> Page {
  let (record, _) = match open(app, req, id) {
    Ok(x) => x,
    Err(page) => return page,
  };
  if !token::same(fields.get("csrf").unwrap_or(""), &record.csrf) {
    return expired(app, req);
  }
  let go = fields.get("go").unwrap_or("next");
  let advisor = record.summary.mode == Mode::Advisor.name();
  let mut outcome = Saved::default();
  let result = app.store.update_assessment(id, &mut |record| {
    let assessment = load(app, record)?;
    let mut interview = Interview::new(&app.content, assessment);
    let lang = req.lang;
    let applied = match step {
      Step::Profile => {
        let shown = profile_fields(app, &interview.assessment)?;
        let applied = apply_profile(&app.content, &mut interview, &shown, fields, lang)?;
        let now = profile_fields(app, &interview.assessment)?;
        outcome.more = now.iter().any(|f| {
          !shown.iter().any(|s| s.id == f.id) && !interview.assessment.profile.contains_key(&f.id)
        });
        let missing = now.iter().filter(|f| {
          f.required
            && !interview.assessment.profile.contains_key(&f.id)
            && shown.iter().any(|s| s.id == f.id)
        });
        (applied, missing.map(|f| f.id.clone()).collect::<Vec<_>>())
      }
      Step::Dimension(d) => {
        let shown = steps::questions(&app.content, &interview.assessment, d)?;
        let applied = apply_answers(&app.content, &mut interview, &shown, fields, advisor, lang)?;
        let now = steps::questions(&app.content, &interview.assessment, d)?;
        outcome.more = now.iter().any(|q| {
          !shown.iter().any(|s| s.id == q.id) && !interview.assessment.responses.contains_key(&q.id)
        });
        let missing = now.iter().filter(|q| {
          q.required
            && !interview.assessment.responses.contains_key(&q.id)
            && shown.iter().any(|s| s.id == q.id)
        });
        (applied, missing.map(|q| q.id.clone()).collect::<Vec<_>>())
      }
      Step::Review => return Ok(()),
    };
    let (applied, missing) = applied;
    outcome.errors = applied.errors;
    outcome.dropped = applied.dropped;
    if go == "next" {
      for m in missing {
        outcome
          .errors
          .entry(m)
          .or_insert_with(|| app.pages.word(lang, "required"));
      }
    }
    outcome.steps = steps::steps(&app.content, &interview.assessment)?;
    let position = outcome.steps.iter().position(|s| s == step).unwrap_or(0);
    record.page = record.page.max(i64::try_from(position).unwrap_or(0));
    record.status = Status::Draft;
    record.document = interview.assessment.to_yaml(&app.content);
    record.summary = summary(app, &interview.assessment, None);
    Ok(())
  });
  match result {
    Ok(Some(_)) => {}
    Ok(None) => return not_found_page(app, req),
    Err(e) => return failure(app, req, &e),
  }
  if !outcome.errors.is_empty() {
    let refused = Refused {
      fields,
      errors: outcome.errors,
    };
    return show(app, req, id, step, Some(refused));
  }
  let dropped = if outcome.dropped.is_empty() {
    String::new()
  } else {
    format!("dropped={}&", outcome.dropped.join("."))
  };
  let (prev, next, _, _) = steps::around(&outcome.steps, step);
  let here = step.url(id);
  let target = match go {
    _ if outcome.more => format!("{here}?{dropped}more=1"),
    "back" => prev.map_or(here.clone(), |s| s.url(id)) + &format!("?{dropped}"),
    "save" => format!("{here}?{dropped}saved=1"),
    "review" => format!("{}?{dropped}", Step::Review.url(id)),
    _ => next.map_or(Step::Review.url(id), |s| s.url(id)) + &format!("?{dropped}"),
  };
  Page::redirect(target.trim_end_matches(['?', '&']))
}

/// The texts of the questions whose answers were dropped (`?dropped=`).
fn dropped_texts(app: &App, assessment: &Assessment, req: &Req) -> Vec<String> {
  req
    .query
    .get("dropped")
    .unwrap_or("")
    .split('.')
    .filter_map(|id| app.content.questionnaire.question(id))
    .map(|q| assessment.question_text(&app.content, q, req.lang))
    .collect()
}

// ---- review, finish, result -----------------------------------------------

/// An answer on the review page.
#[derive(Serialize)]
struct Line {
  label: String,
  answer: String,
  missing: bool,
}

/// A page on the review page: its title, link and answers.
#[derive(Serialize)]
struct Section {
  title: String,
  url: String,
  lines: Vec<Line>,
}

/// `GET /a/{id}/review`.
pub async fn review(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || review_page(&app, &req, &id, Vec::new())).await
}

fn review_page(app: &App, req: &Req, id: &str, problems: Vec<String>) -> Page {
  let (record, viewer) = match open(app, req, id) {
    Ok(x) => x,
    Err(page) => return page,
  };
  let sections = match load(app, &record).and_then(|a| review_sections(app, &a, id, req.lang)) {
    Ok(s) => s,
    Err(e) => return failure(app, req, &e),
  };
  let missing = sections
    .iter()
    .flat_map(|s| &s.lines)
    .filter(|l| l.missing)
    .count();
  let assessment = load(app, &record).ok();
  let all = assessment
    .as_ref()
    .and_then(|a| steps::steps(&app.content, a).ok())
    .unwrap_or_default();
  let (_, _, n, total) = steps::around(&all, &Step::Review);
  let status = if problems.is_empty() { 200 } else { 422 };
  let ctx = context! {
    a => about(&record, &viewer),
    sections => Serde(&sections), missing, problems, n, total,
    complete => record.status == Status::Complete,
  };
  app.pages.render("review.html.j2", req, status, ctx)
}

fn review_sections(app: &App, a: &Assessment, id: &str, lang: Lang) -> Result<Vec<Section>, Error> {
  let content = &app.content;
  let mut sections = Vec::new();
  let profile = profile_fields(app, a)?
    .into_iter()
    .map(|f| {
      let answer = match a.profile.get(&f.id) {
        Some(v) => {
          let text = v.as_str().map_or_else(|| format!("{v:?}"), str::to_owned);
          let text = match v {
            crate::assessment::ProfileValue::Integer(i) => i.to_string(),
            _ => text,
          };
          f.options
            .iter()
            .find(|o| o.id == text)
            .map_or(text, |o| o.label.get(lang).to_owned())
        }
        None => String::new(),
      };
      Line {
        label: f.label.get(lang).to_owned(),
        missing: f.required && answer.is_empty(),
        answer,
      }
    })
    .collect();
  sections.push(Section {
    title: app.pages.word(lang, "profile_title"),
    url: Step::Profile.url(id),
    lines: profile,
  });
  for step in steps::steps(content, a)? {
    let Step::Dimension(d) = &step else { continue };
    let lines = steps::questions(content, a, d)?
      .into_iter()
      .map(|q| {
        let answer = a
          .responses
          .get(&q.id)
          .map(|r| crate::advice::describe(content, a, q, Some(&r.answer), lang))
          .unwrap_or_default();
        Line {
          label: a.question_text(content, q, lang),
          missing: q.required && answer.is_empty(),
          answer,
        }
      })
      .collect();
    sections.push(Section {
      title: content
        .dimension(d)
        .map(|x| x.name.get(lang).to_owned())
        .unwrap_or_default(),
      url: step.url(id),
      lines,
    });
  }
  Ok(sections)
}

/// `POST /a/{id}/finish`: checks the assessment as a complete file would
/// be checked, scores it and marks it complete.
pub async fn finish(
  State(app): State<Shared>,
  req: Req,
  Path(id): Path<String>,
  fields: Fields,
) -> Page {
  blocking(move || {
    let (record, _) = match open(&app, &req, &id) {
      Ok(x) => x,
      Err(page) => return page,
    };
    if !token::same(fields.get("csrf").unwrap_or(""), &record.csrf) {
      return expired(&app, &req);
    }
    let mut problems = Vec::new();
    let result = app.store.update_assessment(&id, &mut |record| {
      let mut assessment = load(&app, record)?;
      assessment.date = Some(today());
      let file = SourceFile::new("", assessment.to_yaml(&app.content));
      match Assessment::parse(&file, &app.content, Completeness::Complete) {
        Ok(checked) => {
          let score = score(&app.content, &checked)?;
          record.document = file.text.clone();
          record.summary = summary(&app, &checked, Some(&score));
          record.status = Status::Complete;
        }
        Err(found) => {
          problems = found
            .iter()
            .map(|p| p.message(&app.content, req.lang))
            .collect();
        }
      }
      Ok(())
    });
    match result {
      Ok(Some(_)) if problems.is_empty() => Page::redirect(&format!("/a/{id}/result")),
      Ok(Some(_)) => review_page(&app, &req, &id, problems),
      Ok(None) => not_found_page(&app, &req),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

/// A complete assessment, scored and planned, or the page to show instead
/// (the review when it is not complete).
fn scored(
  app: &App,
  req: &Req,
  id: &str,
) -> Result<(Record, Viewer, Assessment, Score, Roadmap), Page> {
  let (record, viewer) = open(app, req, id)?;
  if record.status != Status::Complete {
    return Err(Page::redirect(&format!("/a/{id}/review")));
  }
  let computed = load(app, &record).and_then(|a| {
    let s = score(&app.content, &a)?;
    let options = PlanOptions {
      budget_per_year: None,
      months: None,
      cost_basis: Default::default(),
      lang: req.lang,
    };
    let r = plan(&app.content, &a, &s, options)?;
    Ok((a, s, r))
  });
  match computed {
    Ok((a, s, r)) => Ok((record, viewer, a, s, r)),
    Err(e) => Err(failure(app, req, &e)),
  }
}

/// `GET /a/{id}/result`: index, level, radar, gaps, first steps, the plan.
pub async fn result(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || {
    let (record, viewer, assessment, score, roadmap) = match scored(&app, &req, &id) {
      Ok(x) => x,
      Err(page) => return page,
    };
    let radar =
      crate::render::pdf::radar_svg(&score, None, (&score.assessment.stage, None), req.lang);
    let ctx = context! {
      a => about(&record, &viewer),
      name => assessment.name(),
      date => assessment.date.map(format_date),
      score => Value::from(Serde(&score)),
      plan => Value::from(Serde(&roadmap)),
      radar,
      dimensions => dimension_names(&app, req.lang),
    };
    app.pages.render("result.html.j2", &req, 200, ctx)
  })
  .await
}

/// `GET /a/{id}/report.pdf`: the same report as `coopdx report`.
pub async fn report_pdf(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || {
    let (record, _, assessment, _, _) = match scored(&app, &req, &id) {
      Ok(x) => x,
      Err(page) => return page,
    };
    let options = crate::render::pdf::ReportOptions {
      lang: req.lang,
      ..Default::default()
    };
    match crate::render::pdf::report(&app.content, &assessment, &options) {
      Ok(bytes) => Page::file(
        "application/pdf",
        bytes,
        Some(&format!("coopdx-{}-{}.pdf", record.code, req.lang.code())),
      ),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

/// `GET /a/{id}/plan.html`: the plan page as `coopdx plan --format html`
/// writes it (its own inline style, still no script).
pub async fn plan_html(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || {
    let (_, _, _, _, roadmap) = match scored(&app, &req, &id) {
      Ok(x) => x,
      Err(page) => return page,
    };
    match crate::render::plan(&app.content, &roadmap, "html", req.lang) {
      Ok(html) => Page::html(200, html).header(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'".into(),
      ),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

/// `GET /a/{id}/plan.md`.
pub async fn plan_md(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || {
    let (record, _, _, _, roadmap) = match scored(&app, &req, &id) {
      Ok(x) => x,
      Err(page) => return page,
    };
    match crate::render::plan(&app.content, &roadmap, "md", req.lang) {
      Ok(md) => Page::file(
        "text/markdown; charset=utf-8",
        md.into_bytes(),
        Some(&format!("coopdx-plan-{}.md", record.code)),
      ),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

/// `GET /a/{id}/assessment.yaml`: the assessment file the command line
/// reads, as stored.
pub async fn export_yaml(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || match open(&app, &req, &id) {
    Ok((record, _)) => Page::file(
      "application/yaml; charset=utf-8",
      record.document.clone().into_bytes(),
      Some(&format!("assessment-{}.yaml", record.code)),
    ),
    Err(page) => page,
  })
  .await
}

// ---- shared ---------------------------------------------------------------

/// The stored document as an assessment (answers that no longer fit the
/// content, if it changed since, are dropped as a resumed interview drops
/// them).
pub fn load(app: &App, record: &Record) -> Result<Assessment, Error> {
  let file = SourceFile::new(
    format!("assessment {}", record.code),
    record.document.clone(),
  );
  Assessment::parse_lenient(&file, &app.content)
    .map(|(a, _)| a)
    .map_err(|problems| Error::Assessment {
      path: format!("assessment {}", record.code).into(),
      problems: problems
        .iter()
        .map(|p| p.render(&app.content, &file.path, Lang::En))
        .collect(),
    })
}

/// The indexed copies of an assessment (and its score, once complete).
pub fn summary(app: &App, a: &Assessment, score: Option<&Score>) -> Summary {
  let text = |f: &str| a.profile_text(f).map(str::to_owned);
  Summary {
    content_version: app.content_version.clone(),
    questionnaire_id: a.questionnaire.id.clone(),
    questionnaire_version: a.questionnaire.version.clone(),
    mode: a.mode.name().to_owned(),
    stage: a.stage.clone(),
    assessed_on: a.date.map(iso_date),
    name: a.name().to_owned(),
    id_number: text("id_number"),
    province: text("province"),
    legal_form: text("legal_form"),
    sector: text("sector"),
    readiness_index: score.and_then(|s| rust_decimal::prelude::ToPrimitive::to_f64(&s.index)),
    level: score.map(|s| i64::from(s.level.number)),
  }
}

/// What every assessment page knows about the assessment and its viewer.
fn about(record: &Record, viewer: &Viewer) -> Value {
  context! {
    id => record.id.as_str(),
    code => record.code.as_str(),
    csrf => record.csrf.as_str(),
    advisor => record.summary.mode == Mode::Advisor.name(),
    complete => record.status == Status::Complete,
    signed_in => viewer.user().is_some(),
  }
}

fn dimension_names(app: &App, lang: Lang) -> Vec<String> {
  app
    .content
    .dimensions
    .iter()
    .map(|d| d.name.get(lang).to_owned())
    .collect()
}

/// The CSRF token of forms shown before any session (start, resume,
/// login): a random value in a cookie that the form must repeat.
pub fn anonymous_csrf(app: &App, req: &Req) -> (String, Option<String>) {
  match req.cookie("coopdx_csrf") {
    Some(v) if v.len() == 26 => (v.to_owned(), None),
    _ => {
      let fresh = token::secret().unwrap_or_default();
      let set = cookie("coopdx_csrf", &fresh, 86_400, "Strict", app.secure);
      (fresh, Some(set))
    }
  }
}

/// Whether a form repeats its cookie's CSRF token.
pub fn anonymous_csrf_ok(req: &Req, fields: &Fields) -> bool {
  match (req.cookie("coopdx_csrf"), fields.get("csrf")) {
    (Some(c), Some(f)) => c.len() == 26 && token::same(c, f),
    _ => false,
  }
}

/// A page with a cookie set, when there is one.
pub fn with(page: Page, set: Option<String>) -> Page {
  match set {
    Some(c) => page.cookie(c),
    None => page,
  }
}

/// A message page: title, text, a link onwards.
pub fn message(app: &App, req: &Req, status: u16, title: &str, text: &str, link: &str) -> Page {
  let w = |k: &str| app.pages.word(req.lang, k);
  let ctx =
    context! { title => w(title), text => w(text), link, link_label => w(&format!("{text}_link")) };
  app.pages.render("message.html.j2", req, status, ctx)
}

/// 404.
pub fn not_found_page(app: &App, req: &Req) -> Page {
  message(app, req, 404, "not_found_title", "not_found_text", "/")
}

/// 403: not this viewer's.
pub fn forbidden(app: &App, req: &Req) -> Page {
  message(app, req, 403, "forbidden_title", "forbidden_text", "/login")
}

/// 403: the form's CSRF token is missing or stale (an old tab).
pub fn expired(app: &App, req: &Req) -> Page {
  message(app, req, 403, "expired_title", "expired_text", "/")
}

/// An error in the reader's words: 4xx for input, 500 otherwise.
pub fn failure(app: &App, req: &Req, error: &Error) -> Page {
  eprintln!("coopdx: {}: {error}", req.path);
  let status = if error.exit_code() == 2 { 422 } else { 500 };
  let text = crate::cli::describe_error(error, req.lang);
  let ctx = context! { title => app.pages.word(req.lang, "failure_title"), text, link => "/", link_label => app.pages.word(req.lang, "home") };
  app.pages.render("message.html.j2", req, status, ctx)
}

/// Any address without a page.
pub async fn not_found(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || not_found_page(&app, &req)).await
}
