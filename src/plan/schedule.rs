//! Ordering and placing recommended actions in months.
//!
//! Order: every dependency first (prerequisites; the action providing a
//! tool or skill it lacks; the application for support, for actions that
//! support may fund), then among the ready, actions that lift a failing
//! gate, then the highest priority; a dependency is as urgent as the most
//! urgent action waiting for it. Placement: each action in that order at
//! the earliest month its dependencies allow (a tool's provider must have
//! ended, a skill's training must have started), where fewer than the
//! cooperative's `max_parallel` actions run, the first phase still has room
//! for a start, the action ends within the horizon and, under a budget,
//! every plan year it touches stays within the budget on the chosen cost
//! basis. Every placement records the rule that decided it.

use super::cost::{CostBasis, CostRange, years};
use crate::advice::{Recommendation, waits_for_end};
use crate::content::Content;
use crate::content::{Capacity, Phase, UrgentRank};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The rule that decided when an action starts (or why it could not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
  /// Nothing held it back: it starts at once, in order of urgency.
  Priority,
  /// It waits for a prerequisite to end.
  Prerequisite,
  /// It waits for the action that provides a tool it needs to end.
  Capability,
  /// It starts with (not before) the training of a skill it needs.
  Skill,
  /// It waits for the application for support that may fund it.
  Support,
  /// It waits until fewer actions run at once.
  Capacity,
  /// The first phase already has as many starts as the cooperative can
  /// carry.
  FirstPhase,
  /// It waits for a plan year with room in the budget.
  Budget,
}

/// How one action depends on another.
#[derive(Clone, Copy, Debug)]
struct Dependency {
  on: usize,
  /// Waits for the end (tools, prerequisites, support) or only the start
  /// (skills) of `on`.
  end: bool,
  rule: Rule,
}

/// Where an action was placed and why.
#[derive(Clone, Debug)]
pub struct Placement {
  /// First month, 0-based.
  pub start: u32,
  /// Month after the last, 0-based (= last month counted from 1).
  pub end: u32,
  /// The rule that decided its start.
  pub rule: Rule,
  /// The action it waited for, for dependency rules.
  pub after: Option<usize>,
}

/// Why an action could not be placed.
#[derive(Clone, Debug)]
pub enum Miss {
  /// It needs an action that was itself deferred.
  Dependency(usize),
  /// No plan year had room: (year, needed, left) at the first try.
  Budget(u32, Decimal, Decimal),
  /// It does not fit in the horizon.
  Horizon,
}

/// The schedule: per recommendation, a placement or the reason it missed.
pub struct Schedule {
  /// Indexes of recommendations in placement order.
  pub order: Vec<usize>,
  /// By recommendation index.
  pub placed: Vec<Option<Placement>>,
  /// By recommendation index.
  pub missed: Vec<Option<Miss>>,
}

/// What constrains a schedule.
pub struct Limits<'a> {
  /// Horizon in months.
  pub months: u32,
  /// What the cooperative can carry.
  pub capacity: &'a Capacity,
  /// Phases of the plan.
  pub phases: &'a [Phase],
  /// Yearly budget, if any.
  pub budget: Option<Decimal>,
  /// Where in cost ranges the budget is checked.
  pub basis: CostBasis,
}

/// Orders and places `recs`.
pub fn schedule(content: &Content, recs: &[Recommendation<'_>], limits: &Limits<'_>) -> Schedule {
  let deps = dependencies(content, recs);
  let order = order(recs, &deps);
  let mut placed: Vec<Option<Placement>> = vec![None; recs.len()];
  let mut missed: Vec<Option<Miss>> = vec![None; recs.len()];
  let mut ledger = vec![Decimal::ZERO; limits.months.div_ceil(12) as usize];
  let first_phase_end = limits.phases.first().map_or(0, |p| p.to_month);
  let mut first_phase_starts = 0;
  let mut first_phase_steps = 0;
  // How many actions (administrative steps aside) run in each month.
  let mut running = vec![0usize; limits.months as usize];
  for &i in &order {
    if let Some(d) = deps[i].iter().find(|d| placed[d.on].is_none()) {
      missed[i] = Some(Miss::Dependency(d.on));
      continue;
    }
    let (earliest, binding) = earliest(&deps[i], &placed);
    let cost = &recs[i].action.cost;
    let months = recs[i].action.months;
    let step = is_step(recs[i].action);
    let mut start = earliest;
    // The last rule that held it back: why it did not start a month
    // earlier.
    let mut blocked: Option<Rule> = None;
    let mut budget_miss: Option<(u32, Decimal, Decimal)> = None;
    let slot = loop {
      if start + months > limits.months {
        break None;
      }
      if !step && busy(&running, start, months, limits.capacity.max_parallel) {
        blocked = Some(Rule::Capacity);
        start += 1;
        continue;
      }
      let (count, cap) = if step {
        (first_phase_steps, limits.capacity.first_phase_steps)
      } else {
        (first_phase_starts, limits.capacity.first_phase_starts)
      };
      if start < first_phase_end && count >= cap {
        blocked = Some(Rule::FirstPhase);
        start = first_phase_end;
        continue;
      }
      if let Some(miss) = over_budget(&ledger, limits, cost, start) {
        blocked = Some(Rule::Budget);
        budget_miss.get_or_insert(miss);
        start += 1;
        continue;
      }
      break Some(start);
    };
    let Some(start) = slot else {
      missed[i] = Some(match budget_miss {
        Some((y, needed, left)) => Miss::Budget(y, needed, left),
        None => Miss::Horizon,
      });
      continue;
    };
    for (y, c) in years(cost, start, limits.months).enumerate() {
      ledger[y] += c.at(limits.basis);
    }
    if start < first_phase_end {
      if step {
        first_phase_steps += 1;
      } else {
        first_phase_starts += 1;
      }
    }
    if !step {
      for month in &mut running[start as usize..(start + months) as usize] {
        *month += 1;
      }
    }
    let rule = match (blocked, binding) {
      (Some(rule), _) if start > earliest => rule,
      (_, Some(d)) if earliest > 0 => d.rule,
      _ => Rule::Priority,
    };
    placed[i] = Some(Placement {
      start,
      end: start + months,
      rule,
      after: binding.filter(|d| d.rule == rule).map(|d| d.on),
    });
  }
  Schedule {
    order,
    placed,
    missed,
  }
}

/// Each recommendation's dependencies on others in the plan.
fn dependencies(content: &Content, recs: &[Recommendation<'_>]) -> Vec<Vec<Dependency>> {
  let index: BTreeMap<&str, usize> = recs
    .iter()
    .enumerate()
    .map(|(i, r)| (r.action.id.as_str(), i))
    .collect();
  let provider = |capability: &str| {
    recs
      .iter()
      .position(|r| r.action.provides.iter().any(|p| p == capability))
  };
  let mut deps: Vec<Vec<Dependency>> = recs
    .iter()
    .map(|r| {
      let prerequisites = r
        .action
        .prerequisites
        .iter()
        .filter_map(|p| index.get(p.as_str()))
        .map(|&on| Dependency {
          on,
          end: true,
          rule: Rule::Prerequisite,
        });
      let capabilities = r.missing.iter().filter_map(|c| {
        let end = waits_for_end(c.kind);
        provider(&c.id).map(|on| Dependency {
          on,
          end,
          rule: if end { Rule::Capability } else { Rule::Skill },
        })
      });
      prerequisites.chain(capabilities).collect()
    })
    .collect();
  for (i, d) in deps.iter_mut().enumerate() {
    d.retain(|d| d.on != i);
  }
  // Support is applied for before the spending it may fund. Not for what
  // lifts a legal duty (a duty does not wait for funding), nor for what
  // such actions wait for, nor where the application would wait for itself.
  let urgent = urgency(recs, &deps);
  for (i, r) in recs.iter().enumerate() {
    let application = r
      .policies
      .iter()
      .filter_map(|p| content.policy(p)?.applied_through.as_deref())
      .find_map(|a| index.get(a).copied());
    if let Some(on) = application
      && on != i
      && urgent[i].0 < 5
      && !depends_on(&deps, on, i)
    {
      deps[i].push(Dependency {
        on,
        end: true,
        rule: Rule::Support,
      });
    }
  }
  deps
}

/// How urgent each action is: a rank, then priority. Ranks, highest
/// first: content-urgent `first` (a free step everything builds on); lifts
/// a failing legal duty (e-invoices, the VNeID account); lifts another
/// gate capping at level 2 or below; content-urgent `early`; lifts a gate
/// capping higher; the rest. A dependency is as urgent as the most urgent
/// action waiting for it.
fn urgency(recs: &[Recommendation<'_>], deps: &[Vec<Dependency>]) -> Vec<(u8, Decimal)> {
  let mut urgency: Vec<(u8, Decimal)> = recs
    .iter()
    .map(|r| {
      let rank = match (&r.urgent, r.lifts_duty, r.lifts_gate_cap) {
        (Some((_, UrgentRank::First)), _, _) => 6,
        (_, true, _) => 5,
        (_, _, Some(0..=2)) => 4,
        (Some((_, UrgentRank::Early)), _, _) => 3,
        (_, _, Some(_)) => 2,
        (None, _, None) => 0,
      };
      (rank, r.priority)
    })
    .collect();
  for _ in 0..recs.len() {
    let mut changed = false;
    for (i, d) in deps.iter().enumerate() {
      for d in d {
        if urgency[d.on] < urgency[i] {
          urgency[d.on] = urgency[i];
          changed = true;
        }
      }
    }
    if !changed {
      break;
    }
  }
  urgency
}

/// Whether `from` waits, directly or not, for `to`.
fn depends_on(deps: &[Vec<Dependency>], from: usize, to: usize) -> bool {
  let mut seen = vec![false; deps.len()];
  let mut stack = vec![from];
  while let Some(i) = stack.pop() {
    if i == to {
      return true;
    }
    if !std::mem::replace(&mut seen[i], true) {
      stack.extend(deps[i].iter().map(|d| d.on));
    }
  }
  false
}

/// Indexes with every dependency first and, among the ready, the most
/// urgent first (see [`urgency`]; ties: catalogue order).
fn order(recs: &[Recommendation<'_>], deps: &[Vec<Dependency>]) -> Vec<usize> {
  let n = recs.len();
  let urgency = urgency(recs, deps);
  let mut done = vec![false; n];
  let mut out = Vec::with_capacity(n);
  while out.len() < n {
    let next = (0..n)
      .filter(|&i| !done[i] && deps[i].iter().all(|d| done[d.on]))
      .max_by(|&a, &b| urgency[a].cmp(&urgency[b]).then(b.cmp(&a)));
    // Content checks rule out cycles; should one slip through, keep the
    // remaining actions in catalogue order rather than loop.
    let next = next.or_else(|| (0..n).find(|&i| !done[i])).unwrap_or(0);
    done[next] = true;
    out.push(next);
  }
  out
}

/// The earliest start its dependencies allow, and the dependency that set
/// it (the first of equals).
fn earliest<'d>(
  deps: &'d [Dependency],
  placed: &[Option<Placement>],
) -> (u32, Option<&'d Dependency>) {
  let mut best: (u32, Option<&Dependency>) = (0, None);
  for d in deps {
    if let Some(p) = &placed[d.on] {
      let month = if d.end { p.end } else { p.start };
      if best.1.is_none() || month > best.0 {
        best = (month, Some(d));
      }
    }
  }
  best
}

/// An administrative step (a decision, a registration: effort 1, one
/// month, no one-off cost) takes days, not a project slot: it counts
/// neither against how many actions run at once nor against the first
/// phase's starts.
pub fn is_step(action: &crate::content::Action) -> bool {
  action.effort <= 1 && action.months <= 1 && action.cost.one_off[1].is_zero()
}

/// Whether some month of `start..start + months` already runs as many
/// actions as the cooperative can carry (`running`: per month).
fn busy(running: &[usize], start: u32, months: u32, max_parallel: usize) -> bool {
  running
    .get(start as usize..(start + months) as usize)
    .is_some_and(|ms| ms.iter().any(|&n| n >= max_parallel.max(1)))
}

/// The first plan year that starting `cost` at `start` would push over the
/// budget: (year, what it needs that year, what is left).
fn over_budget(
  ledger: &[Decimal],
  limits: &Limits<'_>,
  cost: &crate::content::Cost,
  start: u32,
) -> Option<(u32, Decimal, Decimal)> {
  let budget = limits.budget?;
  let limit = budget.min(printed_limit(budget));
  years(cost, start, limits.months)
    .map(|c: CostRange| c.at(limits.basis))
    .zip(ledger)
    .enumerate()
    .find(|(_, (needed, spent))| !needed.is_zero() && **spent + *needed > limit)
    .map(|(y, (needed, spent))| (y as u32, needed, (budget - *spent).max(Decimal::ZERO)))
}

/// The most a year may hold so that the plan, which prints years to the
/// thousand đồng (half up), never prints more than `budget`: below the
/// next half thousand, with a đồng to spare, since the printed sum and the
/// ledger add the same fractions in another order.
fn printed_limit(budget: Decimal) -> Decimal {
  let thousand = Decimal::ONE_THOUSAND;
  (budget / thousand).floor() * thousand + Decimal::from(499)
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::advice::{ActionTexts, Reason};
  use crate::content::{Action, Capability};
  use crate::text::Text;

  fn action(yaml: &str) -> Action {
    let base = "dimension: d\ndone_when: 'false'\ntitle: {vi: t, en: t}\ndescription: {vi: d, en: d}\nrationale: {vi: r, en: r}\nimpact: 3\neffort: 2\nrole: {vi: r, en: r}\nkpis: [{vi: k, en: k}]\n";
    yaml_serde::from_str(&format!("{yaml}\n{base}")).expect("action")
  }

  fn rec<'c>(a: &'c Action, priority: i64, missing: Vec<&'c Capability>) -> Recommendation<'c> {
    Recommendation {
      action: a,
      texts: ActionTexts::default(),
      priority: Decimal::from(priority),
      rationale: Text::default(),
      reason: Reason::Selected,
      required_by: Vec::new(),
      lifts_gate: None,
      lifts_gate_cap: None,
      lifts_duty: false,
      policies: Vec::new(),
      urgent: None,
      missing,
    }
  }

  /// Three actions worked out by hand: A buys the computer B needs; C
  /// waits for the one slot a very small cooperative has, then, under a
  /// budget of 15 million, for the next year.
  #[test]
  fn a_small_plan_is_placed_as_worked_out_by_hand() {
    let content = Content::embedded().expect("content");
    let computer: Capability = yaml_serde::from_str(
      "{id: computer, kind: tool, name: {vi: m, en: c}, present_when: 'false'}",
    )
    .expect("capability");
    let a = action("id: A\nmonths: 1\nprovides: [computer]\ncost: {one_off: [10000000, 10000000]}");
    let b = action("id: B\nmonths: 2\nneeds: [computer]");
    let c = action("id: C\nmonths: 3\ncost: {one_off: [8000000, 8000000]}");
    let recs = vec![
      rec(&a, 1, vec![]),
      rec(&b, 3, vec![&computer]),
      rec(&c, 2, vec![]),
    ];
    let capacity: Capacity = yaml_serde::from_str(
      "{id: one, name: {vi: x, en: x}, max_parallel: 1, first_phase_starts: 5, first_phase_steps: 5}",
    )
    .expect("capacity");
    let mut limits = Limits {
      months: 36,
      capacity: &capacity,
      phases: &content.planning.phases,
      budget: None,
      basis: CostBasis::Typical,
    };
    let s = schedule(&content, &recs, &limits);
    // A inherits B's urgency and goes first; C, less urgent, last.
    assert_eq!(s.order, vec![0, 1, 2]);
    let at = |i: usize| s.placed[i].as_ref().map(|p| (p.start, p.end, p.rule));
    assert_eq!(at(0), Some((0, 1, Rule::Priority)));
    assert_eq!(at(1), Some((1, 3, Rule::Capability)));
    assert_eq!(s.placed[1].as_ref().and_then(|p| p.after), Some(0));
    assert_eq!(at(2), Some((3, 6, Rule::Capacity)));

    // 10 + 8 million would exceed 15 million in year 1: C waits for year 2.
    limits.budget = Some(Decimal::from(15_000_000));
    let s = schedule(&content, &recs, &limits);
    let c_at = s.placed[2].as_ref().map(|p| (p.start, p.rule));
    assert_eq!(c_at, Some((12, Rule::Budget)));
  }
}
