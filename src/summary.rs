//! `coopdx summary`: what a provincial alliance reports upward, from many
//! scored and planned assessments: how many by legal form and sector, the
//! level distribution, dimension means and spread, the share meeting each
//! legal duty, the most frequent gaps, the actions most recommended and
//! their indicative cost, the demand for support per policy (never a
//! promised amount), and progress for cooperatives assessed twice.
//!
//! Pure: it reads assessments, scores and roadmaps, and computes.

use crate::assessment::{Assessment, ProfileValue};
use crate::content::Content;
use crate::plan::{GapStatus, Roadmap};
use crate::scoring::Score;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// A count with its name.
#[derive(Clone, Debug, Serialize)]
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
#[derive(Clone, Debug, Serialize)]
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
#[derive(Clone, Debug, Serialize)]
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
#[derive(Clone, Debug, Serialize)]
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
#[derive(Clone, Debug, Default, Serialize)]
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

/// The whole summary.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
  /// Assessments summed up.
  pub assessed: usize,
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
}

impl Assessed {
  /// Scores and plans `assessment` (rationales in `lang`).
  pub fn new(
    content: &Content,
    assessment: Assessment,
    lang: crate::text::Lang,
  ) -> Result<Self, crate::error::Error> {
    let (score, roadmap) = score_and_plan(content, &assessment, lang)?;
    Ok(Self {
      assessment,
      score,
      roadmap,
    })
  }
}

/// The score and the plan at the default budget and cost basis, as
/// tables of many assessments show them.
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
  let roadmap = crate::plan::plan(content, assessment, &score, options)?;
  Ok((score, roadmap))
}

fn share(n: usize, of: usize) -> Decimal {
  if of == 0 {
    return Decimal::ZERO;
  }
  crate::number::round(
    Decimal::from(n) * Decimal::ONE_HUNDRED / Decimal::from(of),
    1,
  )
}

fn counts_by_field(content: &Content, items: &[Assessed], field: &str) -> Vec<Count> {
  let Some(f) = content.questionnaire.field(field) else {
    return Vec::new();
  };
  f.options
    .iter()
    .map(|o| {
      let n = items
        .iter()
        .filter(|a| a.assessment.profile_text(field) == Some(o.id.as_str()))
        .count();
      Count {
        id: o.id.clone(),
        name_vi: o.label.vi.clone(),
        name_en: o.label.en.clone(),
        n,
        share: share(n, items.len()),
      }
    })
    .filter(|c| c.n > 0)
    .collect()
}

/// Sums up `items`.
pub fn summarize(content: &Content, items: &[Assessed]) -> Summary {
  let total = items.len();
  let levels = content
    .levels
    .iter()
    .map(|l| {
      let n = items
        .iter()
        .filter(|a| a.score.level.number == l.number)
        .count();
      Count {
        id: l.number.to_string(),
        name_vi: l.name.vi.clone(),
        name_en: l.name.en.clone(),
        n,
        share: share(n, total),
      }
    })
    .collect();
  let index_mean = mean(items.iter().map(|a| a.score.index));
  Summary {
    assessed: total,
    legal_forms: counts_by_field(content, items, "legal_form"),
    sectors: counts_by_field(content, items, "sector"),
    levels,
    index_mean,
    dimensions: dimensions(content, items),
    duties: duties(content, items),
    gaps: gaps(content, items),
    actions: actions(items),
    policies: policies(content, items),
    progress: progress(items),
  }
}

fn mean(values: impl Iterator<Item = Decimal>) -> Decimal {
  let (sum, n) = values.fold((Decimal::ZERO, 0u32), |(s, n), v| (s + v, n + 1));
  if n == 0 {
    Decimal::ZERO
  } else {
    crate::number::round(sum / Decimal::from(n), 1)
  }
}

fn dimensions(content: &Content, items: &[Assessed]) -> Vec<DimensionStat> {
  content
    .dimensions
    .iter()
    .map(|d| {
      let scores: Vec<Decimal> = items
        .iter()
        .filter_map(|a| a.score.dimensions.iter().find(|x| x.id == d.id)?.score)
        .collect();
      DimensionStat {
        id: d.id.clone(),
        name_vi: d.name.vi.clone(),
        name_en: d.name.en.clone(),
        n: scores.len(),
        mean: mean(scores.iter().copied()),
        min: crate::number::round(scores.iter().copied().min().unwrap_or_default(), 1),
        max: crate::number::round(scores.iter().copied().max().unwrap_or_default(), 1),
      }
    })
    .collect()
}

fn duties(content: &Content, items: &[Assessed]) -> Vec<Duty> {
  content
    .gates
    .iter()
    .filter(|g| g.duty)
    .map(|g| {
      let results: Vec<_> = items
        .iter()
        .filter_map(|a| a.score.gates.iter().find(|x| x.id == g.id))
        .filter(|r| r.applies)
        .collect();
      let met = results.iter().filter(|r| r.passed).count();
      let (name_vi, name_en) = (g.name.vi.clone(), g.name.en.clone());
      Duty {
        id: g.id.clone(),
        name_vi,
        name_en,
        applies: results.len(),
        met,
        share: share(met, results.len()),
      }
    })
    .collect()
}

fn gaps(content: &Content, items: &[Assessed]) -> Vec<Count> {
  let mut by_question: BTreeMap<&str, usize> = BTreeMap::new();
  for a in items {
    for g in &a.roadmap.gaps {
      if g.status != GapStatus::NoAction {
        *by_question.entry(&g.question).or_default() += 1;
      }
    }
  }
  let mut out: Vec<Count> = by_question
    .into_iter()
    .map(|(id, n)| {
      let (name_vi, name_en) = neutral_text(content, id);
      Count {
        id: id.to_owned(),
        name_vi,
        name_en,
        n,
        share: share(n, items.len()),
      }
    })
    .collect();
  out.sort_by(|a, b| b.n.cmp(&a.n).then(a.id.cmp(&b.id)));
  out.truncate(10);
  out
}

/// A question's text for organisations of every legal form at once: the
/// organisation named "tổ chức", so no tổ hợp tác is called a hợp tác xã.
fn neutral_text(content: &Content, id: &str) -> (String, String) {
  let Some(q) = content.questionnaire.question(id) else {
    return (id.to_owned(), id.to_owned());
  };
  let text = |lang: crate::text::Lang| {
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
    content.render_text(q.text.get(lang), &minijinja::Value::from(vars))
  };
  (text(crate::text::Lang::Vi), text(crate::text::Lang::En))
}

fn actions(items: &[Assessed]) -> Vec<ActionDemand> {
  let mut by_id: BTreeMap<&str, ActionDemand> = BTreeMap::new();
  for a in items {
    for x in &a.roadmap.actions {
      let e = by_id.entry(&x.id).or_insert_with(|| ActionDemand {
        id: x.id.clone(),
        title_vi: x.title_vi.clone(),
        title_en: x.title_en.clone(),
        n: 0,
        cost_min: Decimal::ZERO,
        cost_max: Decimal::ZERO,
      });
      e.n += 1;
      e.cost_min += x.cost_min;
      e.cost_max += x.cost_max;
    }
  }
  let mut out: Vec<ActionDemand> = by_id.into_values().collect();
  out.sort_by(|a, b| b.n.cmp(&a.n).then(a.id.cmp(&b.id)));
  out.truncate(10);
  out
}

fn policies(content: &Content, items: &[Assessed]) -> Vec<ActionDemand> {
  content
    .policies
    .iter()
    .map(|p| {
      let mut d = ActionDemand {
        id: p.id.clone(),
        title_vi: p.name.vi.clone(),
        title_en: p.name.en.clone(),
        n: 0,
        cost_min: Decimal::ZERO,
        cost_max: Decimal::ZERO,
      };
      for a in items {
        let Some(funding) = a.roadmap.policies.iter().find(|f| f.id == p.id) else {
          continue;
        };
        if funding.actions.is_empty() {
          continue;
        }
        d.n += 1;
        for x in a
          .roadmap
          .actions
          .iter()
          .filter(|x| funding.actions.contains(&x.id))
        {
          d.cost_min += x.cost_min;
          d.cost_max += x.cost_max;
        }
      }
      d
    })
    .filter(|d| d.n > 0)
    .collect()
}

/// A cooperative: its identification number, else its name.
fn key(a: &Assessment) -> String {
  match a.profile.get("id_number") {
    Some(ProfileValue::Text(n)) if !n.is_empty() => n.clone(),
    _ => a.name().to_lowercase(),
  }
}

fn progress(items: &[Assessed]) -> Progress {
  let mut by_coop: BTreeMap<String, Vec<&Assessed>> = BTreeMap::new();
  for a in items {
    by_coop.entry(key(&a.assessment)).or_default().push(a);
  }
  let pairs: Vec<(&Assessed, &Assessed)> = by_coop
    .values_mut()
    .filter(|v| v.len() >= 2)
    .filter_map(|v| {
      v.sort_by_key(|a| (a.assessment.date, a.assessment.stage.clone()));
      Some((*v.first()?, *v.last()?))
    })
    .collect();
  Progress {
    cooperatives: pairs.len(),
    before: mean(pairs.iter().map(|(a, _)| a.score.index)),
    after: mean(pairs.iter().map(|(_, b)| b.score.index)),
    level_up: pairs
      .iter()
      .filter(|(a, b)| b.score.level.number > a.score.level.number)
      .count(),
  }
}
