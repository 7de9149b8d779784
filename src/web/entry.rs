//! The pages before the questions: landing, start, coming back with a
//! code, and the page that shows an assessment's link and code.

use super::common::*;

/// Failed code lookups allowed per address per hour.
pub(super) const CODE_TRIES: i64 = 20;

/// `GET /`: what the assessment is, how long it takes, what one gets.
/// Rendered where the request arrived: it reads no database, so it does
/// not queue for a page thread behind the saves (every visitor starts
/// here, often many at once).
pub async fn landing(State(app): State<Shared>, req: Req) -> Page {
  let (csrf, set) = anonymous_csrf(&app, &req);
  let questions = app.content.questionnaire.questions.len();
  let page = app.pages.render(
    "landing.html.j2",
    &req,
    200,
    context! { csrf, questions, dimensions => dimension_names(&app, req.lang) },
  );
  with(page, set)
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

/// `GET /resume`: type the code written down.
pub async fn resume_form(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || {
    let (csrf, set) = anonymous_csrf(&app, &req);
    with(
      app.pages.render(
        "resume.html.j2",
        &req,
        200,
        context! { csrf, error => (), typed => () },
      ),
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
    let typed = fields.get("code").unwrap_or("");
    // The code stays in its box, to be checked character by character.
    let refuse = |word: &str, status: u16| {
      let csrf = req.cookie("coopdx_csrf").unwrap_or("").to_owned();
      let error = app.pages.word(req.lang, word);
      let ctx = context! { csrf, error, typed };
      app.pages.render("resume.html.j2", &req, status, ctx)
    };
    match app.store.failures(&key, 3600) {
      Ok(n) if n >= CODE_TRIES => return refuse("resume_too_many", 429),
      Ok(_) => {}
      Err(e) => return failure(&app, &req, &e),
    }
    let found = match token::normalize_code(typed) {
      Some(code) => app.store.assessment_by_code(&code),
      None => Ok(None),
    };
    match found {
      // Codes open self-assessments; an advisor's assessment opens from
      // the workspace, and its link is not given away here.
      Ok(Some(record)) if record.summary.mode == Mode::SelfAssessment.name() => {
        Page::redirect(&format!("/a/{}", record.id))
      }
      Ok(_) => {
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
    // The whole address, to open on another phone or send by Zalo.
    let origin = match (&app.base_url, &req.host) {
      (Some(base), _) => base.clone(),
      (None, Some(host)) => format!("http://{host}"),
      (None, None) => String::new(),
    };
    let ctx = context! {
      a => about(&record, &viewer),
      link => format!("{origin}/a/{id}"),
      next,
      started => record.revision <= 1,
      name => assessment.name(),
    };
    app.pages.render("welcome.html.j2", &req, 200, ctx)
  })
  .await
}

/// `GET` of an address that only takes a form (`/start`, `/advisor/claim`,
/// `/a/{id}/finish`…): the page that holds the form, in the language asked
/// for. The language switch on the page a form answered links there, and
/// so does a reload or a bookmark.
pub async fn form_page(req: Req) -> Page {
  let path = req.path.as_str();
  let page = if path == "/start" {
    "/".to_owned()
  } else if let Some(id) = path
    .strip_prefix("/a/")
    .and_then(|p| p.strip_suffix("/finish"))
  {
    format!("/a/{id}/review")
  } else {
    "/advisor".to_owned()
  };
  match req.query.get("lang") {
    Some(lang @ ("vi" | "en")) => Page::redirect(&format!("{page}?lang={lang}")),
    _ => Page::redirect(&page),
  }
}
