//! Properties of the planner over many generated assessments.

use crate::generate::{CONTENT, assessment, score};
use coopdx::advice::{facts, is_done};
use coopdx::plan::{PlanOptions, Roadmap, plan};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn roadmap(
  picks: &[u32],
  budget: Option<u64>,
  months: Option<u32>,
) -> (coopdx::Assessment, coopdx::Score, Roadmap) {
  let a = assessment(picks);
  let s = score(&a);
  let options = PlanOptions {
    budget_per_year: budget.map(Decimal::from),
    months,
    ..PlanOptions::default()
  };
  let r = plan(&CONTENT, &a, &s, options).expect("plans");
  (a, s, r)
}

proptest! {
  #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

  #[test]
  fn no_action_starts_before_its_prerequisites_end(picks in prop::collection::vec(any::<u32>(), 8..64)) {
    let (_, _, r) = roadmap(&picks, None, None);
    for a in &r.actions {
      for p in &a.prerequisites {
        if let Some(pre) = r.actions.iter().find(|x| &x.id == p) {
          prop_assert!(pre.end_month <= a.start_month, "{} starts at {} before {} ends at {}", a.id, a.start_month, p, pre.end_month);
        }
        prop_assert!(!r.deferred.iter().any(|d| &d.id == p), "{} planned while its prerequisite {} is deferred", a.id, p);
      }
    }
  }

  #[test]
  fn no_year_spends_more_than_the_budget(picks in prop::collection::vec(any::<u32>(), 8..64), budget in 1_000_000u64..80_000_000, months in 6u32..60) {
    let (_, _, r) = roadmap(&picks, Some(budget), Some(months));
    let budget = Decimal::from(budget);
    for y in &r.budget.years {
      prop_assert!(y.spend_max <= budget, "year {} spends {} over {}", y.year, y.spend_max, budget);
    }
    for a in &r.actions {
      prop_assert!(a.end_month <= r.months, "{} ends after the horizon", a.id);
    }
  }

  #[test]
  fn never_more_actions_at_once_than_the_cooperative_can_run(picks in prop::collection::vec(any::<u32>(), 8..64)) {
    let (_, _, r) = roadmap(&picks, None, None);
    for month in 0..r.months {
      let running = r.actions.iter().filter(|a| a.start_month <= month && month < a.end_month).count();
      prop_assert!(running <= CONTENT.planning.max_parallel, "{running} actions in month {month}");
    }
  }

  #[test]
  fn a_cooperative_already_doing_x_is_never_told_to_start_x(picks in prop::collection::vec(any::<u32>(), 8..64)) {
    let (a, s, r) = roadmap(&picks, None, None);
    let f = facts(&CONTENT, &a, &s);
    for planned in r.actions.iter().map(|x| &x.id).chain(r.deferred.iter().map(|d| &d.id)) {
      let action = CONTENT.action(planned).expect("catalogue action");
      prop_assert!(!is_done(&CONTENT, action, &f).expect("evaluates"), "{planned} proposed although done");
    }
  }

  #[test]
  fn the_same_assessment_gives_the_same_plan(picks in prop::collection::vec(any::<u32>(), 8..64), budget in prop::option::of(1_000_000u64..80_000_000)) {
    let (_, _, x) = roadmap(&picks, budget, None);
    let (_, _, y) = roadmap(&picks, budget, None);
    prop_assert_eq!(serde_json::to_string(&x).expect("json"), serde_json::to_string(&y).expect("json"));
  }

  #[test]
  fn every_planned_or_deferred_action_is_accounted_for_once(picks in prop::collection::vec(any::<u32>(), 8..64), budget in prop::option::of(1_000_000u64..30_000_000)) {
    let (_, _, r) = roadmap(&picks, budget, None);
    let mut ids: Vec<&String> = r.actions.iter().map(|a| &a.id).chain(r.deferred.iter().map(|d| &d.id)).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    prop_assert_eq!(ids.len(), n);
    let phase_total: Decimal = r.phases.iter().map(|p| p.cost_max).sum();
    prop_assert_eq!(phase_total, r.totals.cost_max);
  }
}
