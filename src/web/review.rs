//! The review page and finishing: every answer listed, then the
//! assessment checked exactly as a complete file is checked, and scored.

use super::common::*;

/// An answer on the review page.
#[derive(Serialize)]
pub(super) struct Line {
  label: String,
  answer: String,
  missing: bool,
  /// The advisor's note or evidence under the answer.
  note: Option<String>,
}

/// A page on the review page: its title, link and answers.
#[derive(Serialize)]
pub(super) struct Section {
  title: String,
  url: String,
  lines: Vec<Line>,
}

/// `GET /a/{id}/review`.
pub async fn review(State(app): State<Shared>, req: Req, Path(id): Path<String>) -> Page {
  blocking(move || review_page(&app, &req, &id, Vec::new())).await
}

pub(super) fn review_page(app: &App, req: &Req, id: &str, problems: Vec<String>) -> Page {
  let (record, viewer) = match open(app, req, id) {
    Ok(x) => x,
    Err(page) => return page,
  };
  let read = load(app, &record).and_then(|a| {
    let applicable = Applicable::of(&app.content, &a)?;
    Ok((
      review_sections(app, &a, &applicable, id, req.lang)?,
      applicable.steps(),
    ))
  });
  let (sections, all) = match read {
    Ok(x) => x,
    Err(e) => return failure(app, req, &e),
  };
  let missing = sections
    .iter()
    .flat_map(|s| &s.lines)
    .filter(|l| l.missing)
    .count();
  let (_, _, n, total) = steps::around(&all, &Step::Review);
  let status = if problems.is_empty() { 200 } else { 422 };
  let ctx = context! {
    a => about(&record, &viewer),
    sections => Serde(&sections), missing, problems, n, total,
    complete => record.status == Status::Complete,
  };
  app.pages.render("review.html.j2", req, status, ctx)
}

pub(super) fn review_sections(
  app: &App,
  a: &Assessment,
  applicable: &Applicable<'_>,
  id: &str,
  lang: Lang,
) -> Result<Vec<Section>, Error> {
  let content = &app.content;
  let mut sections = Vec::new();
  let profile = steps::profile_fields(&app.content, a)?
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
        note: None,
      }
    })
    .collect();
  sections.push(Section {
    title: app.pages.word(lang, "profile_title"),
    url: Step::Profile.url(id),
    lines: profile,
  });
  for step in applicable.steps() {
    let Step::Dimension(d) = &step else { continue };
    let lines = applicable
      .questions(d)
      .into_iter()
      .map(|q| {
        let response = a.responses.get(&q.id);
        let answer = response
          .map(|r| crate::advice::describe(content, a, q, Some(&r.answer), lang))
          .unwrap_or_default();
        Line {
          label: a.question_text(content, q, lang),
          missing: q.required && answer.is_empty(),
          answer,
          note: response.and_then(|r| r.note.clone()),
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
    let mut made = None;
    let result = app.store.update_assessment(&id, &mut |record| {
      // A change may be tried again (someone saved in between): each try
      // starts afresh.
      problems.clear();
      made = None;
      let mut assessment = load(&app, record)?;
      assessment.date = Some(today());
      let file = SourceFile::new("", assessment.to_yaml(&app.content));
      match Assessment::parse(&file, &app.content, Completeness::Complete) {
        Ok(checked) => {
          record.summary = finished(&app, &checked)?;
          record.document = file.text.clone();
          record.status = Status::Complete;
          made = Some(checked);
        }
        Err(found) => {
          problems = found
            .iter()
            .map(|p| p.message_here(&app.content, req.lang))
            .collect();
        }
      }
      Ok(())
    });
    // The result page that follows reads this very document.
    if let (Ok(Some(record)), Some(checked)) = (&result, &made) {
      debug_assert_eq!(load(&app, record).ok().as_ref(), Some(checked));
      app.parsed.put(&id, &record.document, checked);
    }
    match result {
      Ok(Some(_)) if problems.is_empty() => Page::redirect(&format!("/a/{id}/result")),
      Ok(Some(_)) => review_page(&app, &req, &id, problems),
      Ok(None) => not_found_page(&app, &req),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}
