//! Advice an advisor would sign: what the planner decides and why, on
//! small cooperatives built from the examples by changing a few answers.

use crate::generate::CONTENT;
use crate::test::*;
use coopdx::plan::{GapStatus, PlanOptions, Roadmap, Rule, plan};
use coopdx::scoring::GateStatus;
use coopdx::{Assessment, Completeness, Score, SourceFile, score};
use rust_decimal::Decimal;
use yaml_serde::Value;

/// An example with some answers and profile fields replaced (`~` removes
/// one), scored and planned.
struct Case {
  yaml: Value,
}

impl Case {
  fn from(example_name: &str) -> Self {
    Self {
      yaml: yaml_serde::from_str(&example(example_name)).expect("example YAML"),
    }
  }

  fn answer(mut self, question: &str, value: &str) -> Self {
    let answers = self.yaml["answers"].as_mapping_mut().expect("answers");
    let key = Value::from(question);
    if value == "~" {
      answers.remove(&key);
    } else {
      answers.insert(key, yaml_serde::from_str(value).expect("answer YAML"));
    }
    self
  }

  fn profile(mut self, field: &str, value: &str) -> Self {
    let profile = self.yaml["profile"].as_mapping_mut().expect("profile");
    let key = Value::from(field);
    if value == "~" {
      profile.remove(&key);
    } else {
      profile.insert(key, yaml_serde::from_str(value).expect("profile YAML"));
    }
    self
  }

  fn assessment(&self) -> Assessment {
    let text = yaml_serde::to_string(&self.yaml).expect("YAML");
    let file = SourceFile::new("case.yaml", &text);
    Assessment::parse(&file, &CONTENT, Completeness::Complete)
      .unwrap_or_else(|p| panic!("case is not a valid assessment: {p:?}"))
  }

  fn score(&self) -> Score {
    score(&CONTENT, &self.assessment()).expect("scores")
  }

  fn plan(&self, budget: Option<u64>) -> Roadmap {
    let a = self.assessment();
    let s = score(&CONTENT, &a).expect("scores");
    let options = PlanOptions {
      budget_per_year: budget.map(Decimal::from),
      ..PlanOptions::default()
    };
    plan(&CONTENT, &a, &s, options).expect("plans")
  }
}

fn action<'a>(r: &'a Roadmap, id: &str) -> &'a coopdx::plan::PlannedAction {
  r.actions
    .iter()
    .find(|a| a.id == id)
    .unwrap_or_else(|| panic!("{id} is not in the plan: {:?}", ids(r)))
}

fn ids(r: &Roadmap) -> Vec<&str> {
  r.actions.iter().map(|a| a.id.as_str()).collect()
}

/// No computer that runs accounting software, books on paper.
fn no_computer() -> Case {
  Case::from("htx-nong-nghiep-khoi-dau.yaml")
    .answer("IN01", "0")
    .answer("IN02", "~")
    .answer("DA03", "~")
    .answer("GO01", "paper")
}

#[test]
fn without_a_computer_the_computer_comes_before_what_needs_it() {
  let r = no_computer().plan(None);
  let computer = action(&r, "IN-COMPUTER");
  for id in ["GO-ACCOUNTING", "GO-EINVOICE"] {
    let a = action(&r, id);
    assert!(
      computer.end_month <= a.start_month,
      "{id} starts in month {} before the computer arrives in month {}",
      a.start_month + 1,
      computer.end_month
    );
  }
  // Paper books cannot be backed up: the backup waits for the books to be
  // on a computer.
  if let Some(backup) = r.actions.iter().find(|a| a.id == "DA-BACKUP") {
    assert!(backup.start_month >= action(&r, "GO-ACCOUNTING").end_month);
    assert_ne!(backup.start_month, 0, "backup in month 1 with paper books");
  }
}

#[test]
fn an_action_waiting_for_a_tool_says_which_action_provides_it() {
  let r = no_computer().plan(None);
  let waiting: Vec<_> = r
    .actions
    .iter()
    .filter(|a| a.placed_by == Rule::Capability)
    .collect();
  assert!(!waiting.is_empty(), "no action placed by a capability");
  for a in waiting {
    assert!(a.placement_vi.contains('“'), "{}: {}", a.id, a.placement_vi);
    assert!(
      !a.placement_vi.contains("IN-"),
      "an id in {}",
      a.placement_vi
    );
  }
}

#[test]
fn the_accountant_is_trained_no_later_than_the_tools_arrive() {
  let r = no_computer().answer("PE04", "'no'").plan(None);
  let training = action(&r, "PE-ACCOUNTANT");
  for id in ["GO-EINVOICE", "GO-ACCOUNTING"] {
    let a = action(&r, id);
    assert!(
      training.start_month <= a.start_month,
      "{id} starts in month {} before the accountant's training (month {})",
      a.start_month + 1,
      training.start_month + 1
    );
  }
}

/// With few members trained, their training comes in the first year,
/// right after the legal floors that fill a very small cooperative's first
/// phase, and before anything members must use.
#[test]
fn members_with_few_skills_are_trained_in_the_first_year() {
  let r = Case::from("htx-nong-nghiep-khoi-dau.yaml")
    .answer("PE03", "0")
    .plan(Some(40_000_000));
  let training = action(&r, "PE-TRAIN-MEMBERS");
  assert!(training.start_month < 12, "{:?}", ids(&r));
  for a in r
    .actions
    .iter()
    .filter(|a| a.needs.iter().any(|n| n == "member_skills"))
  {
    assert!(
      training.start_month <= a.start_month,
      "{} before the training",
      a.id
    );
  }
}

#[test]
fn a_three_worker_cooperative_gets_a_short_first_phase_and_is_told_why() {
  let r = Case::from("htx-nong-nghiep-khoi-dau.yaml")
    .profile("workers", "3")
    .plan(None);
  // Administrative steps (a decision, a registration) take no slot.
  let projects = || r.actions.iter().filter(|a| !a.admin_step);
  let first = projects().filter(|a| a.phase == 1).count();
  assert!(first <= 5, "{first} actions start in phase 1");
  assert!(first >= 3, "only {first} actions in phase 1");
  assert_eq!(r.capacity.max_parallel, 2);
  for month in 0..r.months {
    let running = projects()
      .filter(|a| a.start_month <= month && month < a.end_month)
      .count();
    assert!(
      running <= 2,
      "{running} actions at once in month {}",
      month + 1
    );
  }
  let waits: Vec<_> = r
    .actions
    .iter()
    .filter(|a| matches!(a.placed_by, Rule::Capacity | Rule::FirstPhase))
    .collect();
  assert!(!waits.is_empty());
  assert!(
    waits.iter().all(|a| a.placement_vi.contains("rất nhỏ")),
    "the size is named in the reason"
  );
}

#[test]
fn a_larger_cooperative_can_run_more_at_once() {
  let small = Case::from("htx-nong-nghiep-khoi-dau.yaml")
    .profile("workers", "3")
    .plan(None);
  let large = Case::from("htx-nong-nghiep-khoi-dau.yaml")
    .profile("workers", "60")
    .plan(None);
  assert!(large.capacity.max_parallel > small.capacity.max_parallel);
  assert!(large.capacity.first_phase_starts > small.capacity.first_phase_starts);
}

#[test]
fn with_thirty_million_a_year_the_computer_and_the_books_software_come_in_year_one() {
  let r = no_computer().plan(Some(30_000_000));
  for id in ["IN-COMPUTER", "GO-ACCOUNTING"] {
    let a = action(&r, id);
    assert!(
      a.start_month < 12,
      "{id} starts in month {}",
      a.start_month + 1
    );
  }
  for y in &r.budget.years {
    assert!(
      y.spend_at_basis <= Decimal::from(30_000_000),
      "year {} plans {}",
      y.year,
      y.spend_at_basis
    );
  }
  assert_eq!(r.budget.source, "option");
}

#[test]
fn without_a_budget_the_revenue_band_sets_an_envelope_the_plan_names() {
  let r = no_computer().plan(None);
  assert_eq!(r.budget.source, "envelope");
  assert!(r.budget.per_year.is_some());
  assert!(
    r.budget
      .note_vi
      .as_deref()
      .is_some_and(|n| !n.contains("{{"))
  );
  let r = no_computer().profile("revenue_band", "~").plan(None);
  assert_eq!(r.budget.source, "none");
}

#[test]
fn every_gap_of_every_example_has_an_answer_in_the_plan() {
  for name in examples() {
    let case = Case::from(&name);
    let s = case.score();
    let r = case.plan(None);
    let listed: Vec<&String> = s.gaps.iter().flat_map(|g| &g.questions).collect();
    assert_eq!(listed.len(), r.gaps.len(), "{name}: gap map incomplete");
    for g in &r.gaps {
      assert_ne!(
        g.status,
        GapStatus::Uncovered,
        "{name}: {} has no answer in the plan",
        g.question
      );
      if g.status != GapStatus::Scheduled {
        assert!(
          g.reason_vi.as_deref().is_some_and(|r| !r.is_empty()),
          "{name}: {} has no reason",
          g.question
        );
      }
    }
  }
}

#[test]
fn no_level_description_claims_what_a_failing_gate_denies() {
  for name in examples() {
    let s = Case::from(&name).score();
    let level = CONTENT.level(s.level.number).expect("level");
    for gate in &level.relies_on {
      let result = s.gates.iter().find(|g| &g.id == gate).expect("gate");
      assert!(
        matches!(
          result.status,
          GateStatus::Passed | GateStatus::NotApplicable
        ),
        "{name}: level {} relies on {gate}, which is {:?}",
        level.number,
        result.status
      );
    }
  }
}

#[test]
fn partial_e_invoicing_does_not_meet_the_duty() {
  let s = Case::from("htx-nong-nghiep-khoi-dau.yaml")
    .answer("GO02", "partly")
    .score();
  let gate = s.gates.iter().find(|g| g.id == "e_invoice").expect("gate");
  assert_eq!(gate.status, GateStatus::Failed);
}

#[test]
fn an_unknown_answer_makes_a_gate_undetermined_not_a_fact() {
  let s = Case::from("htx-nong-nghiep-khoi-dau.yaml")
    .answer("GO10", "dont_know")
    .score();
  let gate = s
    .gates
    .iter()
    .find(|g| g.id == "cashless_payments")
    .expect("gate");
  assert_eq!(gate.status, GateStatus::Undetermined);
  let reason = gate.reason_vi.as_deref().expect("reason");
  assert!(reason.contains("không biết"), "{reason}");
  assert!(!reason.contains("Dưới 20%"), "{reason}");
}

#[test]
fn low_scores_are_relatively_better_areas_not_strengths() {
  let s = Case::from("to-hop-tac-rau.yaml").score();
  assert!(
    s.strengths.is_empty(),
    "strengths below the threshold: {:?}",
    s.strengths
  );
  assert!(!s.better_areas.is_empty());
  let text = Test::new()
    .args(&["score", "a.yaml"])
    .file("a.yaml", &example("to-hop-tac-rau.yaml"))
    .run()
    .code(0);
  assert!(!text.stdout.contains("Điểm mạnh:"), "{}", text.stdout);
  assert!(text.stdout.contains("tương đối tốt hơn"));
}

#[test]
fn mobile_coverage_does_not_pull_the_score_down() {
  let weak = Case::from("htx-nong-nghiep-khoi-dau.yaml")
    .answer("IN04", "none")
    .score();
  let good = Case::from("htx-nong-nghiep-khoi-dau.yaml")
    .answer("IN04", "good")
    .score();
  assert_eq!(weak.index, good.index);
}

#[test]
fn every_failing_gate_is_shown_in_score_and_plan() {
  let out = Test::new()
    .args(&["score", "a.yaml"])
    .file("a.yaml", &example("htx-nong-nghiep-khoi-dau.yaml"))
    .run()
    .code(0);
  let md = Test::new()
    .args(&["plan", "a.yaml"])
    .file("a.yaml", &example("htx-nong-nghiep-khoi-dau.yaml"))
    .run()
    .code(0);
  let s = Case::from("htx-nong-nghiep-khoi-dau.yaml").score();
  let failing: Vec<_> = s.gates.iter().filter(|g| g.fails()).collect();
  assert!(failing.len() >= 2, "the example fails several gates");
  for g in failing {
    let reason = g.reason_vi.as_deref().expect("reason");
    assert!(out.stdout.contains(reason), "score lacks {}", g.id);
    assert!(md.stdout.contains(reason), "plan lacks {}", g.id);
  }
}

#[test]
fn compare_shows_a_gate_lifted_between_t0_and_t1() {
  Test::new()
    .args(&["compare", "t0.yaml", "t1.yaml"])
    .file("t0.yaml", &example("htx-nong-nghiep-khoi-dau.yaml"))
    .file(
      "t1.yaml",
      &std::fs::read_to_string(root().join("examples/progress/htx-nong-nghiep-khoi-dau-t1.yaml"))
        .expect("t1"),
    )
    .run()
    .code(0)
    .stdout_has("Đã đáp ứng: Nghĩa vụ hóa đơn điện tử");
}

#[test]
fn the_plan_json_says_which_rule_placed_every_action() {
  for name in examples() {
    let r = Case::from(&name).plan(None);
    for a in &r.actions {
      assert!(!a.placement_vi.is_empty() && !a.placement_en.is_empty());
      if matches!(
        a.placed_by,
        Rule::Prerequisite | Rule::Capability | Rule::Skill | Rule::Support
      ) {
        assert!(a.start_month > 0, "{name}: {} waits for nothing", a.id);
      }
    }
  }
}

/// A people's credit fund is a credit institution: no marketplace, order
/// taking, OCOP, farm actions, cooperative accounting software or member
/// chat group for deposit data, planned, deferred or left out.
#[test]
fn a_credit_fund_gets_no_market_farm_or_cooperative_accounting_action() {
  let forbidden = [
    "MK-",
    "SP-FARM",
    "SP-VIETGAP",
    "SP-IOT",
    "SP-DRONE",
    "SP-INPUT",
    "SP-AGRI",
    "GO-ACCOUNTING",
    "PE-ZALO-",
  ];
  for name in [
    "quy-tin-dung-nhan-dan.yaml",
    "quy-tin-dung-nhan-dan-core-banking.yaml",
  ] {
    let r = Case::from(name).plan(None);
    let all = r
      .actions
      .iter()
      .map(|a| a.id.as_str())
      .chain(r.deferred.iter().map(|d| d.id.as_str()))
      .chain(r.left_out.iter().map(|d| d.id.as_str()));
    for id in all {
      assert!(
        !forbidden.iter().any(|f| id.starts_with(f)),
        "{name}: {id} does not fit a credit fund"
      );
    }
  }
}

/// Everything a tổ hợp tác reads calls it "tổ hợp tác": never "hợp tác
/// xã" (but in names: the Law on Cooperatives, the alliance, the bank), no
/// Board, General Meeting, Director or seal.
#[test]
fn a_cooperative_group_is_never_called_a_cooperative() {
  // Names, and the list of legal forms a policy is for.
  let names = [
    "hợp tác xã, liên hiệp hợp tác xã",
    "Hợp tác xã, liên hiệp hợp tác xã",
    "Luật Hợp tác xã",
    "Liên minh Hợp tác xã",
    "Ngân hàng Hợp tác xã",
    "Liên minh HTX",
  ];
  for name in ["to-hop-tac-rau.yaml", "to-hop-tac-nuoi-ong.yaml"] {
    for args in [vec!["plan", "a.yaml"], vec!["score", "a.yaml"]] {
      let out = Test::new()
        .args(&args)
        .file("a.yaml", &example(name))
        .run()
        .code(0);
      let mut text = out.stdout.clone();
      for n in names {
        text = text.replace(n, "");
      }
      for wrong in [
        "hợp tác xã",
        "Hợp tác xã",
        "Hội đồng quản trị",
        "Đại hội thành viên",
        "Giám đốc",
        "đóng dấu",
      ] {
        let at = text
          .find(wrong)
          .map(|i| &text[i.saturating_sub(60)..(i + 60).min(text.len())]);
        assert!(
          at.is_none(),
          "{name} {}: {wrong:?} in …{}…",
          args[0],
          at.unwrap_or("")
        );
      }
    }
  }
}
