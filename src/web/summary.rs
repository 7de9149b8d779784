//! `GET /advisor/summary`: the province summary as a page: what `coopdx
//! summary` reports, over the finished assessments an advisor may see
//! (their provinces; an admin all, with a table by province).

use super::common::*;
use crate::summary::{Assessed, summarize};

/// A province's line in the admin's table.
#[derive(Serialize)]
struct ProvinceLine {
  name: String,
  assessed: usize,
  index_mean: String,
}

/// The summary page.
pub async fn page(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || {
    let (user, csrf) = match viewer(&app, &req) {
      Ok(Viewer::Signed { user, csrf }) => (user, csrf),
      Ok(Viewer::Anonymous) => return Page::redirect("/login"),
      Err(e) => return failure(&app, &req, &e),
    };
    let visible = user.visible();
    let mut scored = Vec::new();
    let result = app.store.each_assessment(&mut |r| {
      let mine = r.summary.mode == Mode::Advisor.name() || r.claimed_by.is_some();
      if r.status != Status::Complete || !mine || !visible.allows(r.summary.province.as_deref()) {
        return Ok(());
      }
      scored.push(Assessed::new(&app.content, load(&app, r)?, req.lang)?);
      Ok(())
    });
    if let Err(e) = result {
      return failure(&app, &req, &e);
    }
    let summary = summarize(&app.content, &scored);
    let provinces = match visible {
      crate::storage::Provinces::All => provinces(&app, &scored, req.lang),
      crate::storage::Provinces::Only(_) => Vec::new(),
    };
    let ctx = context! {
      user => context! { name => user.name.as_str(), admin => user.role == crate::storage::Role::Admin },
      csrf,
      s => Value::from(Serde(&summary)),
      provinces => Value::from(Serde(&provinces)),
    };
    app.pages.render("summary.html.j2", &req, 200, ctx)
  })
  .await
}

/// Assessments and mean index per province, for the admin.
fn provinces(app: &App, items: &[Assessed], lang: Lang) -> Vec<ProvinceLine> {
  let Some(field) = app.content.questionnaire.field("province") else {
    return Vec::new();
  };
  field
    .options
    .iter()
    .filter_map(|o| {
      let here: Vec<&Assessed> = items
        .iter()
        .filter(|a| a.assessment.profile_text("province") == Some(o.id.as_str()))
        .collect();
      if here.is_empty() {
        return None;
      }
      let sum: rust_decimal::Decimal = here.iter().map(|a| a.score.index).sum();
      let mean = crate::number::round(sum / rust_decimal::Decimal::from(here.len()), 1);
      Some(ProvinceLine {
        name: o.label.get(lang).to_owned(),
        assessed: here.len(),
        index_mean: crate::number::format_number(mean, 1, lang),
      })
    })
    .collect()
}
