//! `GET /advisor/summary`: the province summary as a page: what `coopdx
//! summary` reports, over the finished assessments an advisor may see
//! (their provinces; an admin all, with a table by province), summed by
//! the database from the figures stored with each assessment.

use super::common::*;
use crate::summary::Totals;

/// A province's line in the admin's table.
#[derive(Serialize)]
struct ProvinceLine {
  name: String,
  assessed: i64,
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
    let scope = crate::storage::Scope {
      listed: true,
      provinces: visible.clone(),
      province: None,
      sector: None,
    };
    let totals = match app.store.summary_totals(&scope, &app.content_version) {
      Ok(t) => t,
      Err(e) => return failure(&app, &req, &e),
    };
    let summary = crate::summary::Summary::from_totals(&app.content, &totals);
    let provinces = match visible {
      crate::storage::Provinces::All => provinces(&app, &totals, req.lang),
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

/// Cooperatives and mean index per province, for the admin.
fn provinces(app: &App, totals: &Totals, lang: Lang) -> Vec<ProvinceLine> {
  let Some(field) = app.content.questionnaire.field("province") else {
    return Vec::new();
  };
  field
    .options
    .iter()
    .filter_map(|o| {
      let (n, sum) = *totals.provinces.get(&o.id)?;
      let mean = crate::summary::mean(sum, n);
      Some(ProvinceLine {
        name: o.label.get(lang).to_owned(),
        assessed: n,
        index_mean: crate::number::format_number(mean, 1, lang),
      })
    })
    .collect()
}
