//! The plan a cooperative takes away: what `coopdx plan --format json`
//! prints. Field names are a stable interface: add, never rename.

use super::cost::CostBasis;
use super::schedule::Rule;
use crate::assessment::{ProfileValue, QuestionnaireRef};
use crate::scoring::GateStatus;
use crate::text::{Lang, Text};
use rust_decimal::Decimal;
use rust_decimal::serde::{float, float_option};
use serde::Serialize;
use std::collections::BTreeMap;

/// A phased, budgeted transformation roadmap.
#[derive(Clone, Debug, Serialize)]
pub struct Roadmap {
  /// The questionnaire answered.
  pub questionnaire: QuestionnaireRef,
  /// The cooperative profile.
  pub cooperative: BTreeMap<String, ProfileValue>,
  /// Stage, date, mode, assessor.
  pub assessment: crate::scoring::AssessmentInfo,
  /// The readiness index the plan starts from.
  #[serde(with = "float")]
  pub index: Decimal,
  /// The level the plan starts from.
  pub level: LevelRef,
  /// Horizon in months.
  pub months: u32,
  /// Language of `rationale` and `reason` fields.
  pub lang: Lang,
  /// Planned actions, by start month.
  pub actions: Vec<PlannedAction>,
  /// Phases with their totals.
  pub phases: Vec<PhaseSummary>,
  /// Totals over the plan.
  pub totals: Totals,
  /// Actions that did not fit, with why.
  pub deferred: Vec<Deferred>,
  /// The yearly budget and planned spending per year.
  pub budget: BudgetSummary,
  /// Policies that may fund planned actions.
  pub policies: Vec<PolicyFunding>,
  /// Ids of the quick wins.
  pub quick_wins: Vec<String>,
  /// "Indicative, confirm with suppliers", Vietnamese.
  pub cost_caveat_vi: String,
  /// The same in English.
  pub cost_caveat_en: String,
  /// Eligibility conditions for support, Vietnamese.
  pub eligibility_vi: String,
  /// The same in English.
  pub eligibility_en: String,
  /// What the cooperative can carry at once, by its size.
  pub capacity: CapacityRef,
  /// Actions it needs but cannot yet do: a capability is missing that no
  /// action can provide (e.g. members without smartphones).
  pub left_out: Vec<Deferred>,
  /// Every question listed under a gap by `score`, with its answer in the
  /// plan: scheduled actions, a deferred or left-out action and why, or
  /// why no action applies.
  pub gaps: Vec<GapAnswer>,
  /// Every gate that fails or could not be determined, binding or not.
  pub failing_gates: Vec<GateRef>,
  /// The legal form's words (`org`, `board`...) for templates.
  pub terms: BTreeMap<String, Kpi>,
}

/// The capacity class the plan was sized for.
#[derive(Clone, Debug, Serialize)]
pub struct CapacityRef {
  /// Class id (`household_group`, `small`...).
  pub id: String,
  /// Its name, Vietnamese.
  pub name_vi: String,
  /// Its name, English.
  pub name_en: String,
  /// Actions running at once, at most.
  pub max_parallel: usize,
  /// Actions starting in the first phase, at most.
  pub first_phase_starts: usize,
  /// Administrative steps starting in the first phase, at most.
  pub first_phase_steps: usize,
}

/// How a gap is answered in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapStatus {
  /// One or more actions in the plan address it.
  Scheduled,
  /// The action that addresses it is deferred, with its reason.
  Deferred,
  /// The action that addresses it cannot be done yet, with the reason.
  LeftOut,
  /// Its action comes later, once groundwork is done (the action's
  /// `not_yet`).
  NotYet,
  /// No action applies, for the reason given by the content.
  NoAction,
  /// Nothing in the content answers it: a content defect, reported so an
  /// advisor adds an action by hand (a test keeps the shipped content free
  /// of it).
  Uncovered,
}

/// One gap question and its answer in the plan.
#[derive(Clone, Debug, Serialize)]
pub struct GapAnswer {
  /// The dimension listed as a gap.
  pub dimension: String,
  /// The question.
  pub question: String,
  /// The question text, Vietnamese.
  pub text_vi: String,
  /// The question text, English.
  pub text_en: String,
  /// The answer as read, Vietnamese.
  pub answer_vi: String,
  /// The answer as read, English.
  pub answer_en: String,
  /// Scheduled, deferred, left out or no action.
  pub status: GapStatus,
  /// The actions concerned (scheduled, deferred or left out).
  pub actions: Vec<String>,
  /// Why it is not scheduled (none when scheduled), Vietnamese.
  pub reason_vi: Option<String>,
  /// The same in English.
  pub reason_en: Option<String>,
}

/// A gate that fails or could not be determined.
#[derive(Clone, Debug, Serialize)]
pub struct GateRef {
  /// Gate id.
  pub id: String,
  /// Failed or undetermined.
  pub status: GateStatus,
  /// Highest level while it fails.
  pub max_level: u8,
  /// Whether it is the gate that capped the level.
  pub binding: bool,
  /// What it checks, Vietnamese.
  pub name_vi: String,
  /// What it checks, English.
  pub name_en: String,
  /// Why it fails, Vietnamese.
  pub reason_vi: String,
  /// Why it fails, English.
  pub reason_en: String,
  /// Planned actions that address its questions.
  pub actions: Vec<String>,
}

/// A maturity level by number and names.
#[derive(Clone, Debug, Serialize)]
pub struct LevelRef {
  /// 0-5.
  pub number: u8,
  /// Vietnamese name.
  pub name_vi: String,
  /// English name.
  pub name_en: String,
}

/// A bilingual text as JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Kpi {
  /// Vietnamese.
  pub vi: String,
  /// English.
  pub en: String,
}

impl From<&Text> for Kpi {
  fn from(t: &Text) -> Self {
    Self {
      vi: t.vi.clone(),
      en: t.en.clone(),
    }
  }
}

/// An action placed in the roadmap.
#[derive(Clone, Debug, Serialize)]
pub struct PlannedAction {
  /// Action id.
  pub id: String,
  /// Title, Vietnamese.
  pub title_vi: String,
  /// Title, English.
  pub title_en: String,
  /// Description, Vietnamese.
  pub description_vi: String,
  /// Description, English.
  pub description_en: String,
  /// Its dimension.
  pub dimension: String,
  /// Phase number.
  pub phase: u8,
  /// First month (0-based, inclusive).
  pub start_month: u32,
  /// Month it ends (exclusive): `start_month + months`.
  pub end_month: u32,
  /// Duration.
  pub months: u32,
  /// gap × dimension weight × impact ÷ effort.
  #[serde(with = "float")]
  pub priority: Decimal,
  /// 1-5.
  pub impact: u8,
  /// 1-5.
  pub effort: u8,
  /// One-off cost, lower bound (đồng).
  #[serde(with = "float")]
  pub cost_min: Decimal,
  /// One-off cost, upper bound.
  #[serde(with = "float")]
  pub cost_max: Decimal,
  /// Recurring cost per year, lower bound.
  #[serde(with = "float")]
  pub recurring_min: Decimal,
  /// Recurring cost per year, upper bound.
  #[serde(with = "float")]
  pub recurring_max: Decimal,
  /// Prerequisite action ids.
  pub prerequisites: Vec<String>,
  /// Policies that may fund it.
  pub policies: Vec<String>,
  /// Measurable targets.
  pub kpis: Vec<Kpi>,
  /// Why it was chosen, in the plan's language.
  pub rationale: String,
  /// Why, Vietnamese.
  pub rationale_vi: String,
  /// Why, English.
  pub rationale_en: String,
  /// `selected` or `prerequisite`.
  pub reason: crate::advice::Reason,
  /// Actions that need it first.
  pub required_by: Vec<String>,
  /// Who is responsible, Vietnamese.
  pub role_vi: String,
  /// Who is responsible, English.
  pub role_en: String,
  /// High impact, low effort, low cost.
  pub quick_win: bool,
  /// An administrative step (effort 1, one month, no one-off cost): it
  /// does not take one of the cooperative's project slots.
  pub admin_step: bool,
  /// The rule that decided its start month.
  pub placed_by: Rule,
  /// Why it starts when it does, in the plan's language.
  pub placement: String,
  /// The same, Vietnamese.
  pub placement_vi: String,
  /// The same, English.
  pub placement_en: String,
  /// Capabilities it needs that were not yet in place.
  pub needs: Vec<String>,
  /// Capabilities it provides.
  pub provides: Vec<String>,
  /// One-off cost on the budget's cost basis.
  #[serde(with = "float")]
  pub cost_at_basis: Decimal,
  /// Recurring cost per year on the budget's cost basis.
  #[serde(with = "float")]
  pub recurring_at_basis: Decimal,
}

/// A phase and what it costs.
#[derive(Clone, Debug, Serialize)]
pub struct PhaseSummary {
  /// 1, 2, 3.
  pub number: u8,
  /// First month.
  pub from_month: u32,
  /// Last month (exclusive).
  pub to_month: u32,
  /// Name, Vietnamese.
  pub name_vi: String,
  /// Name, English.
  pub name_en: String,
  /// Actions starting in it.
  pub actions: Vec<String>,
  /// One-off costs of its actions, lower bound.
  #[serde(with = "float")]
  pub cost_min: Decimal,
  /// One-off costs, upper bound.
  #[serde(with = "float")]
  pub cost_max: Decimal,
  /// Recurring costs per year its actions add, lower bound.
  #[serde(with = "float")]
  pub recurring_min: Decimal,
  /// Recurring per year, upper bound.
  #[serde(with = "float")]
  pub recurring_max: Decimal,
}

/// Totals over the whole plan.
#[derive(Clone, Debug, Serialize)]
pub struct Totals {
  /// Number of planned actions.
  pub actions: usize,
  /// One-off costs, lower bound.
  #[serde(with = "float")]
  pub cost_min: Decimal,
  /// One-off costs, upper bound.
  #[serde(with = "float")]
  pub cost_max: Decimal,
  /// Recurring per year once everything runs, lower bound.
  #[serde(with = "float")]
  pub recurring_min: Decimal,
  /// Recurring per year once everything runs, upper bound.
  #[serde(with = "float")]
  pub recurring_max: Decimal,
  /// One-off plus recurring over the horizon, lower bound.
  #[serde(with = "float")]
  pub total_min: Decimal,
  /// One-off plus recurring over the horizon, upper bound.
  #[serde(with = "float")]
  pub total_max: Decimal,
}

/// An action left out, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Deferred {
  /// Action id.
  pub id: String,
  /// Title, Vietnamese.
  pub title_vi: String,
  /// Title, English.
  pub title_en: String,
  /// Why, in the plan's language.
  pub reason: String,
  /// Why, Vietnamese.
  pub reason_vi: String,
  /// Why, English.
  pub reason_en: String,
}

/// Spending against the yearly budget.
#[derive(Clone, Debug, Serialize)]
pub struct BudgetSummary {
  /// The budget per year: given with `--budget`, or the content's
  /// envelope for the revenue band.
  #[serde(with = "float_option")]
  pub per_year: Option<Decimal>,
  /// Planned spending per plan year.
  pub years: Vec<YearSpend>,
  /// Where `per_year` comes from: `option` (`--budget`), `envelope` (the
  /// revenue band), or `none`.
  pub source: String,
  /// The point of each cost range the budget is fitted on.
  pub cost_basis: CostBasis,
  /// How the envelope was set (with `source: envelope`), Vietnamese.
  pub note_vi: Option<String>,
  /// The same in English.
  pub note_en: Option<String>,
}

/// Planned spending in one plan year.
#[derive(Clone, Debug, Serialize)]
pub struct YearSpend {
  /// 1, 2, 3...
  pub year: u32,
  /// First month.
  pub from_month: u32,
  /// Last month (exclusive).
  pub to_month: u32,
  /// One-off costs of actions starting this year plus running recurring
  /// costs, lower bound.
  #[serde(with = "float")]
  pub spend_min: Decimal,
  /// The same, upper bound.
  #[serde(with = "float")]
  pub spend_max: Decimal,
  /// Spending on the cost basis: the figure checked against the budget.
  #[serde(with = "float")]
  pub spend_at_basis: Decimal,
}

/// A policy and the planned actions that may be eligible for it.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyFunding {
  /// Policy id.
  pub id: String,
  /// Name, Vietnamese.
  pub name_vi: String,
  /// Name, English.
  pub name_en: String,
  /// Legal reference, Vietnamese (kept for existing readers).
  pub reference: String,
  /// The reference, Vietnamese.
  pub reference_vi: String,
  /// The reference, English.
  pub reference_en: String,
  /// `in_force`, `draft` or `period_ended`.
  pub status: crate::content::PolicyStatus,
  /// What it can fund, Vietnamese.
  pub funds_vi: String,
  /// What it can fund, English.
  pub funds_en: String,
  /// Who is eligible, Vietnamese.
  pub eligible_vi: String,
  /// Who is eligible, English.
  pub eligible_en: String,
  /// How to apply, Vietnamese.
  pub how_to_apply_vi: String,
  /// How to apply, English.
  pub how_to_apply_en: String,
  /// Planned actions that may be eligible.
  pub actions: Vec<String>,
}
