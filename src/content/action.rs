//! An advisory action of the catalogue in `rules/actions.yaml`.

use crate::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Indicative cost range of an action in đồng.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cost {
  /// One-off cost `[min, max]`.
  #[serde(default)]
  pub one_off: [Decimal; 2],
  /// Recurring cost per year `[min, max]`, from the start of the action.
  #[serde(default)]
  pub recurring: [Decimal; 2],
}

/// Something a cooperative can do to raise its readiness.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
  /// Stable id, e.g. `GO-EINVOICE`.
  pub id: String,
  /// The dimension it raises.
  pub dimension: String,
  /// The questions whose low answers it raises.
  #[serde(default)]
  pub addresses: Vec<String>,
  /// For whom it is meant at all: an expression over `profile` only
  /// (sector, legal form). Default: everyone.
  #[serde(default)]
  pub applies: Option<String>,
  /// What triggers it: an expression over `profile`, `answers`,
  /// `dimensions`, `index` and `level`.
  #[serde(default)]
  pub when: Option<String>,
  /// Its outcome is already in place: never proposed then, and counted as
  /// done when comparing a later assessment.
  pub done_when: String,
  /// Short imperative title.
  pub title: Text,
  /// What doing it involves.
  pub description: Text,
  /// Why it was chosen, citing what was observed: a template over the same
  /// variables as `when` plus `observed.<question>` (the answer as read).
  pub rationale: Text,
  /// Impact on readiness, 1-5.
  pub impact: u8,
  /// Effort for the cooperative, 1-5.
  pub effort: u8,
  /// Indicative costs.
  #[serde(default)]
  pub cost: Cost,
  /// Duration in months.
  pub months: u32,
  /// Actions that must end before this one starts.
  #[serde(default)]
  pub prerequisites: Vec<String>,
  /// Capabilities (tools or skills of `rules/planning.yaml`) it cannot
  /// start without: a tool must be in place (present, or provided by an
  /// action that has ended), a skill's training must have started.
  #[serde(default)]
  pub needs: Vec<String>,
  /// Capabilities the cooperative has once this action is done.
  #[serde(default)]
  pub provides: Vec<String>,
  /// When it must come early whatever its priority (e.g. members'
  /// digital skills where few are trained): scheduled right after what
  /// lifts the binding gate.
  #[serde(default)]
  pub urgent: Option<Urgent>,
  /// Why it is not proposed yet although its question is a gap (its
  /// `when` asks for groundwork first), shown in the gap-to-action map.
  #[serde(default)]
  pub not_yet: Option<Text>,
  /// Who is responsible.
  pub role: Text,
  /// Measurable results that show it is done.
  #[schemars(length(min = 1))]
  pub kpis: Vec<Text>,
  /// Policies that may fund it.
  #[serde(default)]
  pub policies: Vec<String>,
}

/// A condition under which an action comes early, and why.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Urgent {
  /// An expression over the same facts as `when`.
  pub when: String,
  /// Why, as the plan says it ("few members have digital skills").
  pub why: Text,
  /// How early: `first` (before everything, for a free step everything
  /// else builds on) or `early` (right after the legal and basic floors:
  /// gates capping at level 2 or below).
  #[serde(default)]
  pub rank: UrgentRank,
}

/// How early an urgent action comes.
#[derive(
  Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum UrgentRank {
  /// Before everything.
  First,
  /// After what lifts gates capping at level 2 or below.
  #[default]
  Early,
}

/// Whether a policy is law in force or only proposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyStatus {
  /// In force.
  InForce,
  /// A draft: "proposed", never "in force".
  Draft,
  /// Its programme period has ended; a successor must be checked.
  PeriodEnded,
}

/// A support policy from `rules/policies.yaml`.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
  /// Stable id actions refer to.
  pub id: String,
  /// Name.
  pub name: Text,
  /// The legal instrument, as cited, in each language.
  pub reference: Text,
  /// The action through which a cooperative applies for it (the
  /// application registering demand for support): actions it may fund are
  /// scheduled after that action.
  #[serde(default)]
  pub applied_through: Option<String>,
  /// In force, draft or ended.
  pub status: PolicyStatus,
  /// Whom it can support: an expression over `profile` (e.g. not a tổ hợp
  /// tác). Default: everyone.
  #[serde(default)]
  pub applies: Option<String>,
  /// What it can fund (never an amount the sources lack).
  pub funds: Text,
  /// Who is eligible.
  pub eligible: Text,
  /// How to apply.
  pub how_to_apply: Text,
}

/// A phase of the roadmap.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
  /// 1, 2, 3.
  pub number: u8,
  /// Months elapsed before it starts (0 for the first phase: it runs from
  /// month 1).
  pub from_month: u32,
  /// Its last month (inclusive, counted from 1): phases 0-6, 6-18, 18-36
  /// read "months 1-6, 7-18, 19-36".
  pub to_month: u32,
  /// Name.
  pub name: Text,
}

/// What makes an action a quick win.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuickWin {
  /// Impact at least this.
  pub min_impact: u8,
  /// Effort at most this.
  pub max_effort: u8,
  /// Upper one-off cost at most this (đồng).
  pub max_cost: Decimal,
}

/// Whether a capability is a thing in place or a skill being learnt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CapabilityKind {
  /// A tool (a computer, books in software): the action that provides it
  /// must have ended before an action that needs it starts.
  Tool,
  /// A skill: the training that provides it must start no later than the
  /// action that needs it (people learn with the tool).
  Skill,
}

/// Something an action may need: a tool or a skill.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capability {
  /// Stable id actions refer to in `needs` and `provides`.
  pub id: String,
  /// Tool or skill.
  pub kind: CapabilityKind,
  /// What a reader calls it ("a working computer").
  pub name: Text,
  /// Already in place: an expression over `profile` and `answers`.
  pub present_when: String,
  /// Said when no action of the plan can provide it (optional: a default
  /// message names the capability).
  #[serde(default)]
  pub missing: Option<Text>,
}

/// How much a cooperative of a given size can carry out at once.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
  /// Stable id (`household_group`, `small`...).
  pub id: String,
  /// Applies where this holds (profile only); the first that holds wins,
  /// and the last must have none.
  #[serde(default)]
  pub when: Option<String>,
  /// How the plan names this size.
  pub name: Text,
  /// Actions running at the same time, at most.
  pub max_parallel: usize,
  /// Actions starting in the first phase, at most.
  pub first_phase_starts: usize,
  /// Administrative steps starting in the first phase, at most (steps take
  /// no project slot, but a first phase of twenty small steps is no plan).
  pub first_phase_steps: usize,
}

/// The yearly envelope a plan assumes when the user gives no `--budget`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
  /// The profile field it is read from (`revenue_band`).
  pub field: String,
  /// Yearly amount in đồng per option of that field.
  pub amounts: BTreeMap<String, Decimal>,
  /// How the amounts were set, shown with the budget.
  pub note: Text,
}

/// Words that change with the legal form (`hợp tác xã` / `tổ hợp tác`),
/// available to action texts and templates as variables.
pub type Terms = BTreeMap<String, BTreeMap<String, Text>>;

/// Planning parameters from `rules/planning.yaml`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Planning {
  /// Default horizon in months.
  pub default_months: u32,
  /// Capacity by size, first match wins.
  pub capacity: Vec<Capacity>,
  /// Tools and skills actions may need.
  #[serde(default)]
  pub capabilities: Vec<Capability>,
  /// Default yearly budget when none is given.
  #[serde(default)]
  pub envelope: Option<Envelope>,
  /// Words by legal form: `terms.<legal form>.<word>`.
  #[serde(default)]
  pub terms: Terms,
  /// Phases in order.
  pub phases: Vec<Phase>,
  /// Quick-win thresholds.
  pub quick_win: QuickWin,
  /// Eligibility conditions for support, printed with the funding sources.
  pub eligibility: Text,
  /// The caveat printed with every cost.
  pub cost_caveat: Text,
}
