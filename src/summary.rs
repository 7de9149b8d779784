//! `coopdx summary`: what a provincial alliance reports upward, from many
//! scored and planned assessments: how many by legal form and sector, the
//! level distribution, dimension means and spread, the share meeting each
//! legal duty, the most frequent gaps, the actions most recommended and
//! their indicative cost, the demand for support per policy (never a
//! promised amount), and progress for cooperatives assessed twice.
//!
//! The picture is over the latest assessment of each cooperative (ten
//! years of history hold many per cooperative); progress over the first
//! and latest of those assessed twice or more. Each finished assessment is
//! reduced once to its [`Figures`]; figures are summed into [`Totals`]
//! (here, or by the database's SQL over stored figures), and the totals
//! become the [`Summary`].
//!
//! Pure: it reads assessments, scores and roadmaps, and computes.

use crate::assessment::{Assessment, ProfileValue};
use crate::content::Content;
use crate::plan::{GapStatus, Roadmap};
use crate::scoring::Score;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A count with its name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Count {
  /// Id.
  pub id: String,
  /// Name, Vietnamese.
  pub name_vi: String,
  /// Name, English.
  pub name_en: String,
  /// How many.
  pub n: usize,
  /// Share of the assessed, in percent.
  #[serde(with = "rust_decimal::serde::float")]
  pub share: Decimal,
}

/// A dimension across the assessed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DimensionStat {
  /// Id.
  pub id: String,
  /// Name, Vietnamese.
  pub name_vi: String,
  /// Name, English.
  pub name_en: String,
  /// Assessments with a score in it.
  pub n: usize,
  /// Mean score.
  #[serde(with = "rust_decimal::serde::float")]
  pub mean: Decimal,
  /// Lowest.
  #[serde(with = "rust_decimal::serde::float")]
  pub min: Decimal,
  /// Highest.
  #[serde(with = "rust_decimal::serde::float")]
  pub max: Decimal,
}

/// A legal duty (a gate marked `duty`): how many it applies to and meet it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Duty {
  /// Gate id.
  pub id: String,
  /// Name, Vietnamese.
  pub name_vi: String,
  /// Name, English.
  pub name_en: String,
  /// Cooperatives it applies to.
  pub applies: usize,
  /// Those meeting it.
  pub met: usize,
  /// Share meeting it, in percent of those it applies to.
  #[serde(with = "rust_decimal::serde::float")]
  pub share: Decimal,
}

/// A recommended action across the plans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionDemand {
  /// Action id.
  pub id: String,
  /// Title, Vietnamese.
  pub title_vi: String,
  /// Title, English.
  pub title_en: String,
  /// Plans holding it.
  pub n: usize,
  /// Summed indicative one-off cost, low.
  #[serde(with = "rust_decimal::serde::float")]
  pub cost_min: Decimal,
  /// Summed indicative one-off cost, high.
  #[serde(with = "rust_decimal::serde::float")]
  pub cost_max: Decimal,
}

/// Progress of cooperatives assessed at least twice: earliest to latest.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Progress {
  /// Cooperatives assessed twice or more.
  pub cooperatives: usize,
  /// Mean index at their first assessment.
  #[serde(with = "rust_decimal::serde::float")]
  pub before: Decimal,
  /// Mean index at their latest.
  #[serde(with = "rust_decimal::serde::float")]
  pub after: Decimal,
  /// How many rose a level or more.
  pub level_up: usize,
}

/// The whole summary. The picture (counts, levels, means, duties, gaps,
/// actions, policies) is over the latest assessment of each cooperative
/// in scope; progress over the first and latest of those assessed twice
/// or more.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
  /// Cooperatives in the picture (the latest assessment of each).
  pub assessed: usize,
  /// Every assessment of those cooperatives that was read.
  pub assessments: usize,
  /// By legal form.
  pub legal_forms: Vec<Count>,
  /// By sector.
  pub sectors: Vec<Count>,
  /// By level.
  pub levels: Vec<Count>,
  /// Mean index.
  #[serde(with = "rust_decimal::serde::float")]
  pub index_mean: Decimal,
  /// Per dimension.
  pub dimensions: Vec<DimensionStat>,
  /// Legal duties.
  pub duties: Vec<Duty>,
  /// The most frequent gaps (questions), most frequent first.
  pub gaps: Vec<Count>,
  /// The actions most recommended, most frequent first.
  pub actions: Vec<ActionDemand>,
  /// Demand per policy: plans with actions it may fund, and their cost.
  pub policies: Vec<ActionDemand>,
  /// T0 → T1 progress.
  pub progress: Progress,
}

/// One assessment, scored and planned.
pub struct Assessed {
  /// The answers.
  pub assessment: Assessment,
  /// The score.
  pub score: Score,
  /// The plan, at the default budget and cost basis.
  pub roadmap: Roadmap,
  /// What the summary reads of it.
  pub figures: Figures,
}

impl Assessed {
  /// Scores and plans `assessment` (rationales in `lang`).
  pub fn new(
    content: &Content,
    assessment: Assessment,
    lang: crate::text::Lang,
  ) -> Result<Self, crate::error::Error> {
    let (score, roadmap) = score_and_plan(content, &assessment, lang)?;
    let figures = Figures::of(content, &assessment, &score, &roadmap);
    Ok(Self {
      figures,
      assessment,
      score,
      roadmap,
    })
  }
}

/// The score and the plan at the default budget and cost basis, as
/// tables of many assessments show them: the plan's figures and gap
/// statuses, without titles or texts ([`crate::plan::Detail::Figures`]).
pub fn score_and_plan(
  content: &Content,
  assessment: &Assessment,
  lang: crate::text::Lang,
) -> Result<(Score, Roadmap), crate::error::Error> {
  let score = crate::scoring::score(content, assessment)?;
  let options = crate::plan::PlanOptions {
    budget_per_year: None,
    months: None,
    cost_basis: Default::default(),
    lang,
  };
  // Figures need no sentence of the plan: the texts were most of its time.
  let roadmap = crate::plan::plan_with(
    content,
    assessment,
    &score,
    options,
    crate::plan::Detail::Figures,
  )?;
  Ok((score, roadmap))
}

/// Scores are published with two decimals (`scoring` rounds them), so
/// figures keep them as whole hundredths: sums of them are exact in SQL
/// and in Rust alike, and both sides divide the same sums.
pub const SCORE_SCALE: u32 = 2;

/// A score as whole hundredths.
fn hundredths(x: Decimal) -> i64 {
  let scaled = crate::number::round(x * Decimal::ONE_HUNDRED, 0);
  scaled.to_i64().unwrap_or_default()
}

/// An amount in whole đồng.
fn dong(x: Decimal) -> i64 {
  crate::number::round(x, 0).to_i64().unwrap_or_default()
}

/// An action's (or a policy's) indicative one-off cost in one plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
  /// Action or policy id.
  pub id: String,
  /// Low, whole đồng.
  pub min: i64,
  /// High, whole đồng.
  pub max: i64,
}

/// What the summary reads of one finished assessment, computed once by
/// [`Figures::of`] from its score and plan (the storage keeps it beside
/// the record, so a summary of millions plans nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
  /// The cooperative ([`cooperative_key`]).
  pub cooperative: String,
  /// ISO date, or empty: with the stage, orders a cooperative's history.
  pub assessed_on: String,
  /// T0, T1...
  pub stage: String,
  /// Province id.
  pub province: Option<String>,
  /// Legal form id.
  pub legal_form: Option<String>,
  /// Sector id.
  pub sector: Option<String>,
  /// Readiness index, hundredths.
  pub index: i64,
  /// Level number.
  pub level: i64,
  /// What a summary sums per item.
  pub detail: Detail,
}

/// The per-item part of [`Figures`] (short names: stored as JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detail {
  /// Dimension id and score in hundredths (none when nothing scored).
  #[serde(rename = "d")]
  pub dimensions: Vec<(String, Option<i64>)>,
  /// Legal duties that apply: gate id and whether it is met.
  #[serde(rename = "u")]
  pub duties: Vec<(String, bool)>,
  /// Questions left as gaps (any gap answer but "no action needed").
  #[serde(rename = "g")]
  pub gaps: Vec<String>,
  /// Planned actions and their one-off cost.
  #[serde(rename = "a")]
  pub actions: Vec<Cost>,
  /// Policies that may fund actions of the plan, with those actions' cost.
  #[serde(rename = "p")]
  pub policies: Vec<Cost>,
}

impl Figures {
  /// The figures of `a`, scored and planned.
  pub fn of(content: &Content, a: &Assessment, score: &Score, roadmap: &Roadmap) -> Self {
    let text = |f: &str| a.profile_text(f).map(str::to_owned);
    Figures {
      cooperative: key(a),
      assessed_on: a.date.map(crate::assessment::iso_date).unwrap_or_default(),
      stage: a.stage.clone(),
      province: text("province"),
      legal_form: text("legal_form"),
      sector: text("sector"),
      index: hundredths(score.index),
      level: i64::from(score.level.number),
      detail: detail(content, score, roadmap),
    }
  }

  /// Scores and plans `a` for its figures.
  pub fn compute(content: &Content, a: &Assessment) -> Result<Self, crate::error::Error> {
    let (score, roadmap) = score_and_plan(content, a, crate::text::Lang::Vi)?;
    Ok(Self::of(content, a, &score, &roadmap))
  }

  /// Where it stands in its cooperative's history: by date, then stage.
  pub fn order(&self) -> (&str, &str) {
    (&self.assessed_on, &self.stage)
  }
}

fn detail(content: &Content, score: &Score, roadmap: &Roadmap) -> Detail {
  let duty = |id: &str| content.gates.iter().any(|g| g.duty && g.id == id);
  let gaps: std::collections::BTreeSet<String> = roadmap
    .gaps
    .iter()
    .filter(|g| g.status != GapStatus::NoAction)
    .map(|g| g.question.clone())
    .collect();
  let cost = |id: &str, actions: &mut dyn Iterator<Item = &crate::plan::PlannedAction>| {
    actions.fold(
      Cost {
        id: id.to_owned(),
        ..Cost::default()
      },
      |c, x| Cost {
        min: c.min + dong(x.cost_min),
        max: c.max + dong(x.cost_max),
        ..c
      },
    )
  };
  Detail {
    dimensions: score
      .dimensions
      .iter()
      .map(|d| (d.id.clone(), d.score.map(hundredths)))
      .collect(),
    duties: score
      .gates
      .iter()
      .filter(|g| g.applies && duty(&g.id))
      .map(|g| (g.id.clone(), g.passed))
      .collect(),
    gaps: gaps.into_iter().collect(),
    actions: roadmap
      .actions
      .iter()
      .map(|x| cost(&x.id, &mut std::iter::once(x)))
      .collect(),
    policies: roadmap
      .policies
      .iter()
      .filter(|f| !f.actions.is_empty())
      .map(|f| {
        let mut funded = roadmap.actions.iter().filter(|x| f.actions.contains(&x.id));
        cost(&f.id, &mut funded)
      })
      .collect(),
  }
}

/// A number of items, a sum of hundredths, and its extremes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spread {
  /// Items.
  pub n: i64,
  /// Sum, hundredths.
  pub sum: i64,
  /// Lowest, hundredths.
  pub min: i64,
  /// Highest, hundredths.
  pub max: i64,
}

impl Spread {
  fn add(&mut self, x: i64) {
    if self.n == 0 || x < self.min {
      self.min = x;
    }
    if self.n == 0 || x > self.max {
      self.max = x;
    }
    self.n += 1;
    self.sum += x;
  }
}

/// Items holding something and their summed cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Demand {
  /// Items.
  pub n: i64,
  /// Summed low cost, đồng.
  pub min: i64,
  /// Summed high cost, đồng.
  pub max: i64,
}

/// First → latest of the cooperatives assessed twice or more.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progressed {
  /// Cooperatives.
  pub cooperatives: i64,
  /// Sum of their first indexes, hundredths.
  pub before: i64,
  /// Sum of their latest indexes, hundredths.
  pub after: i64,
  /// How many rose a level or more.
  pub level_up: i64,
}

/// Counts and exact sums over the latest assessment of each cooperative in
/// scope: what both the pure path ([`Totals::gather`]) and the database
/// (SQL aggregates) compute, and [`Summary::from_totals`] turns into the
/// summary, so the two cannot disagree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
  /// Cooperatives in the picture.
  pub assessed: i64,
  /// Every assessment of those cooperatives.
  pub assessments: i64,
  /// Sum of the latest indexes, hundredths.
  pub index: i64,
  /// By legal form id.
  pub legal_forms: BTreeMap<String, i64>,
  /// By sector id.
  pub sectors: BTreeMap<String, i64>,
  /// By level number.
  pub levels: BTreeMap<i64, i64>,
  /// By province id: cooperatives and the sum of their indexes.
  pub provinces: BTreeMap<String, (i64, i64)>,
  /// By dimension id.
  pub dimensions: BTreeMap<String, Spread>,
  /// By duty gate id: applies to, met.
  pub duties: BTreeMap<String, (i64, i64)>,
  /// By question id.
  pub gaps: BTreeMap<String, i64>,
  /// By action id.
  pub actions: BTreeMap<String, Demand>,
  /// By policy id.
  pub policies: BTreeMap<String, Demand>,
  /// Progress.
  pub progress: Progressed,
}

impl Totals {
  /// The totals of `items`: for each cooperative, its latest assessment
  /// (by date, then stage; the later one given on a tie), counted when
  /// `wanted` takes it.
  pub fn gather(items: &[Figures], wanted: impl Fn(&Figures) -> bool) -> Self {
    let mut t = Totals::default();
    for history in histories(items, |f| f.cooperative.clone(), |f| f.order()) {
      let (Some(first), Some(latest)) = (history.first(), history.last()) else {
        continue;
      };
      if !wanted(latest) {
        continue;
      }
      t.assessments += history.len() as i64;
      t.add(latest);
      if history.len() >= 2 {
        let p = &mut t.progress;
        p.cooperatives += 1;
        p.before += first.index;
        p.after += latest.index;
        p.level_up += i64::from(latest.level > first.level);
      }
    }
    t
  }

  /// Adds a cooperative's latest assessment to the picture.
  fn add(&mut self, f: &Figures) {
    let bump = |m: &mut BTreeMap<String, i64>, k: &Option<String>| {
      if let Some(k) = k {
        *m.entry(k.clone()).or_default() += 1;
      }
    };
    self.assessed += 1;
    self.index += f.index;
    bump(&mut self.legal_forms, &f.legal_form);
    bump(&mut self.sectors, &f.sector);
    *self.levels.entry(f.level).or_default() += 1;
    if let Some(p) = &f.province {
      let e = self.provinces.entry(p.clone()).or_default();
      *e = (e.0 + 1, e.1 + f.index);
    }
    let d = &f.detail;
    for (id, score) in &d.dimensions {
      let spread = self.dimensions.entry(id.clone()).or_default();
      if let Some(x) = score {
        spread.add(*x);
      }
    }
    for (id, met) in &d.duties {
      let e = self.duties.entry(id.clone()).or_default();
      *e = (e.0 + 1, e.1 + i64::from(*met));
    }
    for q in &d.gaps {
      *self.gaps.entry(q.clone()).or_default() += 1;
    }
    for (list, into) in [
      (&d.actions, &mut self.actions),
      (&d.policies, &mut self.policies),
    ] {
      for c in list {
        let e = into.entry(c.id.clone()).or_default();
        *e = Demand {
          n: e.n + 1,
          min: e.min + c.min,
          max: e.max + c.max,
        };
      }
    }
  }
}

/// `items` grouped by `key`, each group ordered by `order` (stably: on a
/// tie the later item comes last), groups in key order.
pub fn histories<'a, T, O: Ord + 'a>(
  items: &'a [T],
  key: impl Fn(&T) -> String,
  order: impl Fn(&'a T) -> O,
) -> Vec<Vec<&'a T>> {
  let mut by_key: BTreeMap<String, Vec<&T>> = BTreeMap::new();
  for item in items {
    by_key.entry(key(item)).or_default().push(item);
  }
  by_key
    .into_values()
    .map(|mut v| {
      v.sort_by_key(|x| order(x));
      v
    })
    .collect()
}

fn share(n: i64, of: i64) -> Decimal {
  if of == 0 {
    return Decimal::ZERO;
  }
  crate::number::round(
    Decimal::from(n) * Decimal::ONE_HUNDRED / Decimal::from(of),
    1,
  )
}

/// The mean of `n` values summing to `sum` hundredths, to one decimal.
pub fn mean(sum: i64, n: i64) -> Decimal {
  if n == 0 {
    return Decimal::ZERO;
  }
  crate::number::round(Decimal::new(sum, SCORE_SCALE) / Decimal::from(n), 1)
}

/// Hundredths as a score to one decimal.
fn score(x: i64) -> Decimal {
  crate::number::round(Decimal::new(x, SCORE_SCALE), 1)
}

fn counts_by_field(
  content: &Content,
  counts: &BTreeMap<String, i64>,
  field: &str,
  total: i64,
) -> Vec<Count> {
  let Some(f) = content.questionnaire.field(field) else {
    return Vec::new();
  };
  f.options
    .iter()
    .filter_map(|o| {
      let n = *counts.get(&o.id)?;
      (n > 0).then(|| Count {
        id: o.id.clone(),
        name_vi: o.label.vi.clone(),
        name_en: o.label.en.clone(),
        n: n as usize,
        share: share(n, total),
      })
    })
    .collect()
}

/// Sums up `items`: every cooperative among them.
pub fn summarize(content: &Content, items: &[Assessed]) -> Summary {
  let figures: Vec<Figures> = items.iter().map(|a| a.figures.clone()).collect();
  Summary::from_totals(content, &Totals::gather(&figures, |_| true))
}

/// Every assessment of the cooperatives whose latest assessment `wanted`
/// takes (a province or sector summary counts a cooperative where it is
/// now), so that only those need scoring.
pub fn in_scope(items: Vec<Assessment>, wanted: impl Fn(&Assessment) -> bool) -> Vec<Assessment> {
  let order = |a: &Assessment| (a.date, a.stage.clone());
  let keep: std::collections::BTreeSet<String> = histories(&items, key, order)
    .into_iter()
    .filter(|h| h.last().is_some_and(|a| wanted(a)))
    .filter_map(|h| h.first().map(|a| key(a)))
    .collect();
  items
    .into_iter()
    .filter(|a| keep.contains(&key(a)))
    .collect()
}

impl Summary {
  /// The summary of `t`, named and ordered by `content`.
  pub fn from_totals(content: &Content, t: &Totals) -> Self {
    let total = t.assessed;
    let levels = content
      .levels
      .iter()
      .map(|l| {
        let n = t.levels.get(&i64::from(l.number)).copied().unwrap_or(0);
        Count {
          id: l.number.to_string(),
          name_vi: l.name.vi.clone(),
          name_en: l.name.en.clone(),
          n: n as usize,
          share: share(n, total),
        }
      })
      .collect();
    Summary {
      assessed: total as usize,
      assessments: t.assessments as usize,
      legal_forms: counts_by_field(content, &t.legal_forms, "legal_form", total),
      sectors: counts_by_field(content, &t.sectors, "sector", total),
      levels,
      index_mean: mean(t.index, total),
      dimensions: dimensions(content, t),
      duties: duties(content, t),
      gaps: gaps(content, t),
      actions: actions(content, t),
      policies: policies(content, t),
      progress: Progress {
        cooperatives: t.progress.cooperatives as usize,
        before: mean(t.progress.before, t.progress.cooperatives),
        after: mean(t.progress.after, t.progress.cooperatives),
        level_up: t.progress.level_up as usize,
      },
    }
  }
}

fn dimensions(content: &Content, t: &Totals) -> Vec<DimensionStat> {
  content
    .dimensions
    .iter()
    .map(|d| {
      let s = t.dimensions.get(&d.id).copied().unwrap_or_default();
      DimensionStat {
        id: d.id.clone(),
        name_vi: d.name.vi.clone(),
        name_en: d.name.en.clone(),
        n: s.n as usize,
        mean: mean(s.sum, s.n),
        min: score(s.min),
        max: score(s.max),
      }
    })
    .collect()
}

fn duties(content: &Content, t: &Totals) -> Vec<Duty> {
  content
    .gates
    .iter()
    .filter(|g| g.duty)
    .map(|g| {
      let (applies, met) = t.duties.get(&g.id).copied().unwrap_or_default();
      Duty {
        id: g.id.clone(),
        name_vi: g.name.vi.clone(),
        name_en: g.name.en.clone(),
        applies: applies as usize,
        met: met as usize,
        share: share(met, applies),
      }
    })
    .collect()
}

/// The ten largest of `counts`, largest first, ties by id.
fn top<V: Copy>(counts: &BTreeMap<String, V>, n: impl Fn(&V) -> i64) -> Vec<(&str, V)> {
  let mut out: Vec<(&str, V)> = counts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
  out.sort_by(|a, b| n(&b.1).cmp(&n(&a.1)).then(a.0.cmp(b.0)));
  out.truncate(10);
  out
}

fn gaps(content: &Content, t: &Totals) -> Vec<Count> {
  top(&t.gaps, |n| *n)
    .into_iter()
    .map(|(id, n)| {
      let text = content.questionnaire.question(id).map(|q| &q.text);
      let (name_vi, name_en) = neutral_text(content, text, id);
      Count {
        id: id.to_owned(),
        name_vi,
        name_en,
        n: n as usize,
        share: share(n, t.assessed),
      }
    })
    .collect()
}

/// A content text for organisations of every legal form at once: the
/// organisation named "tổ chức", so no tổ hợp tác is called a hợp tác xã.
fn neutral_text(content: &Content, text: Option<&crate::text::Text>, id: &str) -> (String, String) {
  let Some(text) = text else {
    return (id.to_owned(), id.to_owned());
  };
  let render = |lang: crate::text::Lang| {
    let mut vars: BTreeMap<String, minijinja::Value> =
      crate::assessment::terms(content, &BTreeMap::new())
        .into_iter()
        .map(|(k, t)| (k, minijinja::Value::from(t.get(lang))))
        .collect();
    vars.insert(
      "org".into(),
      content.messages.get("summary_org", lang).into(),
    );
    // Texts may branch on the legal form or the sector: neither is one.
    vars.insert("legal_form".into(), minijinja::Value::from(()));
    vars.insert("sector".into(), minijinja::Value::from(()));
    content.render_text(text.get(lang), &minijinja::Value::from(vars))
  };
  (render(crate::text::Lang::Vi), render(crate::text::Lang::En))
}

fn demand(id: &str, (title_vi, title_en): (String, String), d: Demand) -> ActionDemand {
  ActionDemand {
    id: id.to_owned(),
    title_vi,
    title_en,
    n: d.n as usize,
    cost_min: Decimal::from(d.min),
    cost_max: Decimal::from(d.max),
  }
}

fn actions(content: &Content, t: &Totals) -> Vec<ActionDemand> {
  top(&t.actions, |d| d.n)
    .into_iter()
    .map(|(id, d)| {
      let title = content.action(id).map(|a| &a.title);
      demand(id, neutral_text(content, title, id), d)
    })
    .collect()
}

fn policies(content: &Content, t: &Totals) -> Vec<ActionDemand> {
  content
    .policies
    .iter()
    .filter_map(|p| {
      let d = *t.policies.get(&p.id)?;
      let names = (p.name.vi.clone(), p.name.en.clone());
      (d.n > 0).then(|| demand(&p.id, names, d))
    })
    .collect()
}

/// How a cooperative is told apart: its identification number, or `~`
/// and its folded name when it has none (as the storage keys it).
pub fn cooperative_key(id_number: Option<&str>, name: &str) -> String {
  match id_number {
    Some(n) if !n.is_empty() => n.to_owned(),
    _ => format!("~{}", crate::text::fold(name)),
  }
}

fn key(a: &Assessment) -> String {
  let id_number = match a.profile.get("id_number") {
    Some(ProfileValue::Text(n)) => Some(n.as_str()),
    _ => None,
  };
  cooperative_key(id_number, a.name())
}
