//! The result of a finished assessment and its downloads: the page, the
//! PDF report, the plan (HTML, Markdown) and the assessment file.

use super::common::*;

/// A complete assessment, or the page to show instead (the review when
/// it is not complete).
fn complete(app: &App, req: &Req, id: &str) -> Result<(Record, Viewer, Assessment), Page> {
  let (record, viewer) = open(app, req, id)?;
  if record.status != Status::Complete {
    return Err(Page::redirect(&format!("/a/{id}/review")));
  }
  match load(app, &record) {
    Ok(a) => Ok((record, viewer, a)),
    Err(e) => Err(failure(app, req, &e)),
  }
}

/// A complete assessment, scored and planned (by an earlier page for the
/// same document and language, or now), or the page to show instead.
fn scored(app: &App, req: &Req, id: &str) -> Result<(Record, Viewer, Assessment, Scored), Page> {
  let (record, viewer, a) = complete(app, req, id)?;
  if let Some(scored) = app.planned.get(id, &record.document, req.lang) {
    return Ok((record, viewer, a, scored));
  }
  match result_plan(app, &a, req.lang) {
    Ok(scored) => {
      app.planned.put(id, &record.document, req.lang, &scored);
      Ok((record, viewer, a, scored))
    }
    Err(e) => Err(failure(app, req, &e)),
  }
}

/// `GET /a/{id}/result`: index, level, radar, gaps, first steps, the plan.
pub async fn result(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || {
    let (record, viewer, assessment, scored) = match scored(&app, &req, &id) {
      Ok(x) => x,
      Err(page) => return page,
    };
    let (score, roadmap) = &*scored;
    let radar =
      crate::render::pdf::radar_svg(score, None, (&score.assessment.stage, None), req.lang);
    let ctx = context! {
      a => about(&record, &viewer),
      name => assessment.name(),
      date => assessment.date.map(format_date),
      score => Value::from(Serde(score)),
      plan => Value::from(Serde(roadmap)),
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
    // The report scores and plans for itself.
    let (record, _, assessment) = match complete(&app, &req, &id) {
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
    let (_, _, _, scored) = match scored(&app, &req, &id) {
      Ok(x) => x,
      Err(page) => return page,
    };
    match crate::render::plan(&app.content, &scored.1, "html", req.lang) {
      Ok(html) => Page::html(200, html)
        .header(
          header::CONTENT_SECURITY_POLICY,
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'".into(),
        )
        .compressed(req.gzip),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

/// `GET /a/{id}/plan.md`.
pub async fn plan_md(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || {
    let (record, _, _, scored) = match scored(&app, &req, &id) {
      Ok(x) => x,
      Err(page) => return page,
    };
    match crate::render::plan(&app.content, &scored.1, "md", req.lang) {
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
