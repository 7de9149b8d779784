//! The planner: recommended actions → a phased, budgeted [`Roadmap`].
//!
//! Pure and deterministic. Actions are ordered so that every prerequisite
//! comes first and, among those ready, actions that lift a failing gate go
//! first, then the highest priority (a prerequisite inherits the urgency of
//! what it unlocks). Each is placed at
//! the earliest month when its prerequisites have ended, fewer than
//! `max_parallel` actions are running, it ends within the horizon, and, under
//! a budget, every plan year it touches stays within the budget: its upper
//! one-off cost counts in the year it starts, its upper recurring cost in
//! every year from then to the end of the horizon. What cannot be placed is
//! deferred with the reason.

mod roadmap;

pub use roadmap::{
  BudgetSummary, Deferred, Kpi, LevelRef, PhaseSummary, PlannedAction, PolicyFunding, Roadmap,
  Totals, YearSpend,
};

use crate::advice::{Recommendation, advise};
use crate::common::*;
use crate::render::filters::format_vnd;
use crate::scoring::Score;

/// What the user asked of the plan.
#[derive(Clone, Copy, Debug, Default)]
pub struct PlanOptions {
  /// Budget per plan year in đồng.
  pub budget_per_year: Option<Decimal>,
  /// Horizon in months (default from `rules/planning.yaml`).
  pub months: Option<u32>,
  /// Language of rationales and reasons in the JSON.
  pub lang: Lang,
}

/// Longest horizon accepted, in months.
pub const MAX_MONTHS: u32 = 120;

struct Placed {
  start: u32,
  end: u32,
}

/// Builds the roadmap for an assessed cooperative.
pub fn plan(
  content: &Content,
  assessment: &Assessment,
  score: &Score,
  options: PlanOptions,
) -> Result<Roadmap, Error> {
  let recommendations = advise(content, assessment, score)?;
  let months = options
    .months
    .unwrap_or(content.planning.default_months)
    .clamp(1, MAX_MONTHS);
  let order = order(&recommendations);
  let years = months.div_ceil(12);
  let max_parallel = content.planning.max_parallel.max(1);

  let mut placed: BTreeMap<&str, Placed> = BTreeMap::new();
  let mut spend_max = vec![Decimal::ZERO; years as usize];
  let mut deferred: Vec<Deferred> = Vec::new();
  let mut deferred_ids: BTreeSet<&str> = BTreeSet::new();
  for &i in &order {
    let r = &recommendations[i];
    let a = r.action;
    let in_plan: Vec<&str> = a
      .prerequisites
      .iter()
      .map(String::as_str)
      .filter(|p| recommendations.iter().any(|r| r.action.id == *p))
      .collect();
    if let Some(waiting) = in_plan.iter().find(|p| deferred_ids.contains(**p)) {
      // Named by its title: an action id is not for people to read.
      let title = |lang: Lang| {
        let title = recommendations
          .iter()
          .find(|r| r.action.id == *waiting)
          .map_or(*waiting, |r| r.action.title.get(lang));
        minijinja::context! { prerequisite => title }
      };
      deferred.push(defer_with(
        content,
        r,
        "deferred_prerequisite",
        title,
        options.lang,
      ));
      deferred_ids.insert(&a.id);
      continue;
    }
    let earliest = in_plan
      .iter()
      .filter_map(|p| placed.get(p))
      .map(|p| p.end)
      .max()
      .unwrap_or(0);
    let one_off = a.cost.one_off[1];
    let recurring = a.cost.recurring[1];
    let mut budget_miss: Option<(u32, Decimal, Decimal)> = None;
    let mut slot = None;
    let mut start = earliest;
    while start + a.months <= months {
      let busy = (start..start + a.months).any(|m| {
        placed
          .values()
          .filter(|p| p.start <= m && m < p.end)
          .count()
          >= max_parallel
      });
      if !busy {
        match over_budget(
          &spend_max,
          options.budget_per_year,
          start,
          one_off,
          recurring,
        ) {
          None => {
            slot = Some(start);
            break;
          }
          Some(miss) => {
            budget_miss.get_or_insert(miss);
          }
        }
      }
      start += 1;
    }
    match slot {
      Some(start) => {
        let first_year = (start / 12) as usize;
        for (y, spend) in spend_max.iter_mut().enumerate().skip(first_year) {
          *spend += recurring
            + if y == first_year {
              one_off
            } else {
              Decimal::ZERO
            };
        }
        placed.insert(
          &a.id,
          Placed {
            start,
            end: start + a.months,
          },
        );
      }
      None => {
        let d = match budget_miss {
          Some((year, needed, left)) => {
            let args = |lang| minijinja::context! { year => year + 1, needed => format_vnd(needed, lang), left => format_vnd(left, lang) };
            defer_with(content, r, "deferred_budget", args, options.lang)
          }
          None => defer(
            content,
            r,
            "deferred_horizon",
            &minijinja::context! { months => months },
            options.lang,
          ),
        };
        deferred.push(d);
        deferred_ids.insert(&a.id);
      }
    }
  }

  let phases = &content.planning.phases;
  let phase_of = |start: u32| {
    phases
      .iter()
      .find(|p| p.from_month <= start && start < p.to_month)
      .or(phases.last())
      .map_or(1, |p| p.number)
  };
  let quick = &content.planning.quick_win;
  let mut actions: Vec<PlannedAction> = order
    .iter()
    .filter_map(|&i| {
      let r = &recommendations[i];
      let p = placed.get(r.action.id.as_str())?;
      Some(planned(r, p, phase_of(p.start), quick, options.lang))
    })
    .collect();
  actions.sort_by_key(|a| a.start_month);

  let sum = |list: &[&PlannedAction], f: fn(&PlannedAction) -> Decimal| {
    list.iter().map(|a| f(a)).sum::<Decimal>()
  };
  let phase_summaries = phases
    .iter()
    .map(|p| {
      let mine: Vec<&PlannedAction> = actions.iter().filter(|a| a.phase == p.number).collect();
      PhaseSummary {
        number: p.number,
        from_month: p.from_month,
        to_month: if Some(p.number) == phases.last().map(|l| l.number) {
          p.to_month.max(months)
        } else {
          p.to_month
        },
        name_vi: p.name.vi.clone(),
        name_en: p.name.en.clone(),
        actions: mine.iter().map(|a| a.id.clone()).collect(),
        cost_min: sum(&mine, |a| a.cost_min),
        cost_max: sum(&mine, |a| a.cost_max),
        recurring_min: sum(&mine, |a| a.recurring_min),
        recurring_max: sum(&mine, |a| a.recurring_max),
      }
    })
    .filter(|p| p.from_month < months)
    .collect();

  let all: Vec<&PlannedAction> = actions.iter().collect();
  let running_years = |a: &PlannedAction| Decimal::from(years - a.start_month / 12);
  let year_spend = (0..years)
    .map(|y| {
      let spend = |one: fn(&PlannedAction) -> Decimal, rec: fn(&PlannedAction) -> Decimal| {
        actions
          .iter()
          .filter(|a| a.start_month / 12 <= y)
          .map(|a| {
            rec(a)
              + if a.start_month / 12 == y {
                one(a)
              } else {
                Decimal::ZERO
              }
          })
          .sum::<Decimal>()
      };
      YearSpend {
        year: y + 1,
        from_month: y * 12,
        to_month: ((y + 1) * 12).min(months),
        spend_min: spend(|a| a.cost_min, |a| a.recurring_min),
        spend_max: spend(|a| a.cost_max, |a| a.recurring_max),
      }
    })
    .collect();
  let totals = Totals {
    actions: actions.len(),
    cost_min: sum(&all, |a| a.cost_min),
    cost_max: sum(&all, |a| a.cost_max),
    recurring_min: sum(&all, |a| a.recurring_min),
    recurring_max: sum(&all, |a| a.recurring_max),
    total_min: actions
      .iter()
      .map(|a| a.cost_min + a.recurring_min * running_years(a))
      .sum(),
    total_max: actions
      .iter()
      .map(|a| a.cost_max + a.recurring_max * running_years(a))
      .sum(),
  };
  let policies = content
    .policies
    .iter()
    .filter_map(|p| {
      let ids: Vec<String> = actions
        .iter()
        .filter(|a| a.policies.contains(&p.id))
        .map(|a| a.id.clone())
        .collect();
      (!ids.is_empty()).then(|| PolicyFunding {
        id: p.id.clone(),
        name_vi: p.name.vi.clone(),
        name_en: p.name.en.clone(),
        reference: p.reference.clone(),
        status: p.status,
        funds_vi: p.funds.vi.clone(),
        funds_en: p.funds.en.clone(),
        eligible_vi: p.eligible.vi.clone(),
        eligible_en: p.eligible.en.clone(),
        how_to_apply_vi: p.how_to_apply.vi.clone(),
        how_to_apply_en: p.how_to_apply.en.clone(),
        actions: ids,
      })
    })
    .collect();

  Ok(Roadmap {
    questionnaire: score.questionnaire.clone(),
    cooperative: score.cooperative.clone(),
    assessment: score.assessment.clone(),
    index: score.index,
    level: LevelRef {
      number: score.level.number,
      name_vi: score.level.name_vi.clone(),
      name_en: score.level.name_en.clone(),
    },
    months,
    lang: options.lang,
    quick_wins: actions
      .iter()
      .filter(|a| a.quick_win)
      .map(|a| a.id.clone())
      .collect(),
    actions,
    phases: phase_summaries,
    totals,
    deferred,
    budget: BudgetSummary {
      per_year: options.budget_per_year,
      years: year_spend,
    },
    policies,
    cost_caveat_vi: content.planning.cost_caveat.vi.clone(),
    cost_caveat_en: content.planning.cost_caveat.en.clone(),
    eligibility_vi: content.planning.eligibility.vi.clone(),
    eligibility_en: content.planning.eligibility.en.clone(),
  })
}

/// Indexes of `recommendations` with every prerequisite first and, among
/// the ready, the highest effective priority first (ties: catalogue order).
fn order(recommendations: &[Recommendation<'_>]) -> Vec<usize> {
  let n = recommendations.len();
  let index: BTreeMap<&str, usize> = recommendations
    .iter()
    .enumerate()
    .map(|(i, r)| (r.action.id.as_str(), i))
    .collect();
  let prereqs: Vec<Vec<usize>> = recommendations
    .iter()
    .map(|r| {
      r.action
        .prerequisites
        .iter()
        .filter_map(|p| index.get(p.as_str()).copied())
        .collect()
    })
    .collect();
  // Lifting a failing gate first, then priority; a prerequisite is as
  // urgent as the most urgent action it unlocks.
  let mut effective: Vec<(bool, Decimal)> = recommendations
    .iter()
    .map(|r| (r.lifts_gate.is_some(), r.priority))
    .collect();
  for _ in 0..n {
    let mut changed = false;
    for i in 0..n {
      for &p in &prereqs[i] {
        if effective[p] < effective[i] {
          effective[p] = effective[i];
          changed = true;
        }
      }
    }
    if !changed {
      break;
    }
  }
  let mut done = vec![false; n];
  let mut out = Vec::with_capacity(n);
  while out.len() < n {
    let next = (0..n)
      .filter(|&i| !done[i] && prereqs[i].iter().all(|&p| done[p]))
      .max_by(|&a, &b| effective[a].cmp(&effective[b]).then(b.cmp(&a)));
    // Content checks rule out cycles; should one slip through, keep the
    // remaining actions in catalogue order rather than loop.
    let next = next.or_else(|| (0..n).find(|&i| !done[i])).unwrap_or(0);
    done[next] = true;
    out.push(next);
  }
  out
}

/// The first plan year that adding these costs from `start` would push over
/// the budget: (year index, upper cost it needs, what is left).
fn over_budget(
  spend: &[Decimal],
  budget: Option<Decimal>,
  start: u32,
  one_off: Decimal,
  recurring: Decimal,
) -> Option<(u32, Decimal, Decimal)> {
  let budget = budget?;
  let first = (start / 12) as usize;
  spend.iter().enumerate().skip(first).find_map(|(y, spent)| {
    let needed = recurring + if y == first { one_off } else { Decimal::ZERO };
    (*spent + needed > budget).then(|| (y as u32, needed, (budget - *spent).max(Decimal::ZERO)))
  })
}

fn defer(
  content: &Content,
  r: &Recommendation<'_>,
  key: &str,
  args: &Value,
  lang: Lang,
) -> Deferred {
  defer_with(content, r, key, |_| args.clone(), lang)
}

fn defer_with(
  content: &Content,
  r: &Recommendation<'_>,
  key: &str,
  args: impl Fn(Lang) -> Value,
  lang: Lang,
) -> Deferred {
  let vi = content.message(key, Lang::Vi, &args(Lang::Vi));
  let en = content.message(key, Lang::En, &args(Lang::En));
  Deferred {
    id: r.action.id.clone(),
    title_vi: r.action.title.vi.clone(),
    title_en: r.action.title.en.clone(),
    reason: if lang == Lang::Vi {
      vi.clone()
    } else {
      en.clone()
    },
    reason_vi: vi,
    reason_en: en,
  }
}

fn planned(
  r: &Recommendation<'_>,
  p: &Placed,
  phase: u8,
  quick: &crate::content::QuickWin,
  lang: Lang,
) -> PlannedAction {
  let a = r.action;
  PlannedAction {
    id: a.id.clone(),
    title_vi: a.title.vi.clone(),
    title_en: a.title.en.clone(),
    description_vi: a.description.vi.clone(),
    description_en: a.description.en.clone(),
    dimension: a.dimension.clone(),
    phase,
    start_month: p.start,
    end_month: p.end,
    months: a.months,
    priority: r.priority,
    impact: a.impact,
    effort: a.effort,
    cost_min: a.cost.one_off[0],
    cost_max: a.cost.one_off[1],
    recurring_min: a.cost.recurring[0],
    recurring_max: a.cost.recurring[1],
    prerequisites: a.prerequisites.clone(),
    policies: a.policies.clone(),
    kpis: a
      .kpis
      .iter()
      .map(|k| Kpi {
        vi: k.vi.clone(),
        en: k.en.clone(),
      })
      .collect(),
    rationale: r.rationale.get(lang).to_owned(),
    rationale_vi: r.rationale.vi.clone(),
    rationale_en: r.rationale.en.clone(),
    reason: r.reason,
    required_by: r.required_by.clone(),
    role_vi: a.role.vi.clone(),
    role_en: a.role.en.clone(),
    quick_win: a.impact >= quick.min_impact
      && a.effort <= quick.max_effort
      && a.cost.one_off[1] <= quick.max_cost,
  }
}
