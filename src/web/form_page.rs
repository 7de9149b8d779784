//! The profile page and the dimension pages: shown from the saved answers
//! (or, after a refused submit, from what was sent), and saved in one
//! transaction, then on to where the button said.

use super::common::*;

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
pub(super) struct Refused<'f> {
  fields: &'f Fields,
  errors: std::collections::BTreeMap<String, String>,
}

/// Shows a profile or dimension page; with `refused`, what was sent and
/// what is wrong with it (status 422).
pub(super) fn show(
  app: &App,
  req: &Req,
  id: &str,
  step: &Step,
  refused: Option<Refused<'_>>,
) -> Page {
  let (record, viewer) = match open(app, req, id) {
    Ok(x) => x,
    Err(page) => return page,
  };
  let assessment = match load(app, &record) {
    Ok(a) => a,
    Err(e) => return failure(app, req, &e),
  };
  let applicable = match Applicable::of(&app.content, &assessment) {
    Ok(x) => x,
    Err(e) => return failure(app, req, &e),
  };
  let all = applicable.steps();
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
  let mut items = match items(
    app,
    &assessment,
    &applicable,
    step,
    current,
    advisor,
    req.lang,
  ) {
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
  // Items an answer just brought onto this page (`?more=`) are marked.
  let fresh: Vec<&str> = req.query.get("more").unwrap_or("").split('.').collect();
  for item in &mut items {
    item.fresh = fresh.contains(&item.id.as_str());
  }
  let (prev, next, n, total) = steps::around(&all, step);
  let dropped = dropped_texts(app, &assessment, req);
  let (title, intro) = match step {
    Step::Dimension(d) => app
      .content
      .dimension(d)
      .map(|d| {
        // Descriptions use the legal form's words (`{{ org }}`).
        let vars = assessment.text_vars(&app.content, req.lang);
        (
          app.content.render_text(d.name.get(req.lang), &vars),
          app.content.render_text(d.description.get(req.lang), &vars),
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
    errors => status == 422,
    action => step.url(id),
    has_prev => prev.is_some(),
    has_next => next.as_ref().is_some_and(|s| *s != Step::Review),
    more => req.query.has("more"),
    saved => req.query.has("saved"),
    advisor,
  };
  app.pages.render("step.html.j2", req, status, ctx)
}

/// The items of a page, from `current` values.
pub(super) fn items(
  app: &App,
  assessment: &Assessment,
  applicable: &Applicable<'_>,
  step: &Step,
  current: &form_items::Current<'_>,
  advisor: bool,
  lang: Lang,
) -> Result<Vec<Item>, Error> {
  Ok(match step {
    Step::Profile => steps::profile_fields(&app.content, assessment)?
      .into_iter()
      .map(|f| profile_item(f, current, lang))
      .collect(),
    Step::Dimension(d) => applicable
      .questions(d)
      .into_iter()
      .map(|q| question_item(&app.content, assessment, q, current, advisor, lang))
      .collect(),
    Step::Review => Vec::new(),
  })
}

/// The outcome of a submitted page, decided inside its transaction.
#[derive(Default)]
pub(super) struct Saved {
  errors: std::collections::BTreeMap<String, String>,
  dropped: Vec<String>,
  /// Questions (or fields) of this page that apply now and were not shown.
  more: Vec<String>,
  steps: Vec<Step>,
}

/// Records a submitted page in one transaction, then goes where the
/// button said (`go`: back, next, review, save), or shows the page again
/// with what is wrong.
pub(super) fn save(app: &App, req: &Req, id: &str, step: &Step, fields: &Fields) -> Page {
  let (record, _) = match open(app, req, id) {
    Ok(x) => x,
    Err(page) => return page,
  };
  if !token::same(fields.get("csrf").unwrap_or(""), &record.csrf) {
    return expired(app, req);
  }
  // A page that does not apply (any more: the profile changed in another
  // tab) is not written to.
  let applies = load(app, &record).and_then(|a| steps::steps(&app.content, &a));
  match applies {
    Ok(all) if all.contains(step) => {}
    Ok(_) => {
      return message(
        app,
        req,
        409,
        "stale_title",
        "stale_text",
        &format!("/a/{id}"),
      );
    }
    Err(e) => return failure(app, req, &e),
  }
  let go = fields.get("go").unwrap_or("next");
  let advisor = record.summary.mode == Mode::Advisor.name();
  let mut outcome = Saved::default();
  let result = app.store.update_assessment(id, &mut |record| {
    outcome = record_page(app, record, step, fields, go == "next", advisor, req.lang)?;
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
  Page::redirect(&destination(id, step, go, &outcome))
}

/// Applies a submitted page to the stored record (inside its
/// transaction): the answers that pass their checks are kept, the others
/// come back as errors; with `next`, required items left empty are errors
/// too.
fn record_page(
  app: &App,
  record: &mut Record,
  step: &Step,
  fields: &Fields,
  next: bool,
  advisor: bool,
  lang: Lang,
) -> Result<Saved, Error> {
  let mut interview = Interview::new(&app.content, load(app, record)?);
  let (applied, more, missing, steps) = match step {
    Step::Profile => profile_page(app, &mut interview, fields, lang)?,
    Step::Dimension(d) => dimension_page(app, &mut interview, d, fields, advisor, lang)?,
    Step::Review => return Ok(Saved::default()),
  };
  let mut errors = applied.errors;
  if next {
    for m in missing {
      errors
        .entry(m)
        .or_insert_with(|| app.pages.word(lang, "required"));
    }
  }
  let document = interview.assessment.to_yaml(&app.content);
  // A finished assessment's page sent again unchanged (back, a double
  // tap) leaves the record as it was, which the store does not write: it
  // stays finished, with its result.
  if document == record.document && record.status == Status::Complete {
    return Ok(Saved {
      errors,
      dropped: applied.dropped,
      more,
      steps,
    });
  }
  let position = steps.iter().position(|s| s == step).unwrap_or(0);
  record.page = record.page.max(i64::try_from(position).unwrap_or(0));
  record.status = Status::Draft;
  record.document = document;
  // It reads back as this very assessment (tests/properties.rs), so the
  // next page need not parse it.
  app
    .parsed
    .put(&record.id, &record.document, &interview.assessment);
  let before = std::mem::replace(
    &mut record.summary,
    summary(app, &interview.assessment, None),
  );
  // A claim is an advisor's for one cooperative of one province: another
  // province or number means another cooperative, to be claimed anew.
  if before.province != record.summary.province || before.id_number != record.summary.id_number {
    record.claimed_by = None;
  }
  Ok(Saved {
    errors,
    dropped: applied.dropped,
    more,
    steps,
  })
}

/// What a page's submit did: the answers applied, the items that now
/// apply on the same page and were not shown, the required items shown
/// and left empty, and the pages as they now stand.
type PageOutcome = (form_items::Applied, Vec<String>, Vec<String>, Vec<Step>);

fn profile_page(
  app: &App,
  interview: &mut Interview<'_>,
  fields: &Fields,
  lang: Lang,
) -> Result<PageOutcome, Error> {
  let shown = steps::profile_fields(&app.content, &interview.assessment)?;
  let applied = apply_profile(&app.content, interview, &shown, fields, lang)?;
  let now = steps::profile_fields(&app.content, &interview.assessment)?;
  let given = |id: &str| interview.assessment.profile.contains_key(id);
  let was_shown = |id: &str| shown.iter().any(|s| s.id == id);
  let more = now
    .iter()
    .filter(|f| !was_shown(&f.id) && !given(&f.id))
    .map(|f| f.id.clone())
    .collect();
  let missing = now
    .iter()
    .filter(|f| f.required && was_shown(&f.id) && !given(&f.id))
    .map(|f| f.id.clone())
    .collect();
  let steps = steps::steps(&app.content, &interview.assessment)?;
  Ok((applied, more, missing, steps))
}

fn dimension_page(
  app: &App,
  interview: &mut Interview<'_>,
  dimension: &str,
  fields: &Fields,
  advisor: bool,
  lang: Lang,
) -> Result<PageOutcome, Error> {
  let shown = Applicable::of(&app.content, &interview.assessment)?.questions(dimension);
  let applied = apply_answers(&app.content, interview, &shown, fields, advisor, lang)?;
  let after = Applicable::of(&app.content, &interview.assessment)?;
  let now = after.questions(dimension);
  let given = |id: &str| interview.assessment.responses.contains_key(id);
  let was_shown = |id: &str| shown.iter().any(|s| s.id == id);
  let more = now
    .iter()
    .filter(|q| !was_shown(&q.id) && !given(&q.id))
    .map(|q| q.id.clone())
    .collect();
  let missing = now
    .iter()
    .filter(|q| q.required && was_shown(&q.id) && !given(&q.id))
    .map(|q| q.id.clone())
    .collect();
  Ok((applied, more, missing, after.steps()))
}

/// Where a saved page leads: the same page when new questions appeared on
/// it, else where its button (`go`) said; dropped answers ride along for
/// the next page to name.
fn destination(id: &str, step: &Step, go: &str, outcome: &Saved) -> String {
  let dropped = if outcome.dropped.is_empty() {
    String::new()
  } else {
    format!("dropped={}&", outcome.dropped.join("."))
  };
  let (prev, next, _, _) = steps::around(&outcome.steps, step);
  let here = step.url(id);
  let target = match go {
    _ if !outcome.more.is_empty() => format!("{here}?{dropped}more={}", outcome.more.join(".")),
    "back" => prev.map_or(here.clone(), |s| s.url(id)) + &format!("?{dropped}"),
    "save" => format!("{here}?{dropped}saved=1"),
    "review" => format!("{}?{dropped}", Step::Review.url(id)),
    _ => next.map_or(Step::Review.url(id), |s| s.url(id)) + &format!("?{dropped}"),
  };
  target.trim_end_matches(['?', '&']).to_owned()
}

/// The texts of the questions whose answers were dropped (`?dropped=`).
pub(super) fn dropped_texts(app: &App, assessment: &Assessment, req: &Req) -> Vec<String> {
  req
    .query
    .get("dropped")
    .unwrap_or("")
    .split('.')
    .filter_map(|id| app.content.questionnaire.question(id))
    .map(|q| assessment.question_text_alone(&app.content, q, req.lang))
    .collect()
}
