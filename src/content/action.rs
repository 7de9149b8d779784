//! An advisory action of the catalogue in `rules/actions.yaml`.

use crate::common::*;

/// Indicative cost range of an action in đồng.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
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
  /// Who is responsible.
  pub role: Text,
  /// Measurable results that show it is done.
  pub kpis: Vec<Text>,
  /// Policies that may fund it.
  #[serde(default)]
  pub policies: Vec<String>,
}

/// Whether a policy is law in force or only proposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
  /// Stable id actions refer to.
  pub id: String,
  /// Name.
  pub name: Text,
  /// The legal instrument, as cited.
  pub reference: String,
  /// In force, draft or ended.
  pub status: PolicyStatus,
  /// What it can fund (never an amount the sources lack).
  pub funds: Text,
  /// Who is eligible.
  pub eligible: Text,
  /// How to apply.
  pub how_to_apply: Text,
}

/// A phase of the roadmap.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
  /// 1, 2, 3.
  pub number: u8,
  /// First month (inclusive, 0-based).
  pub from_month: u32,
  /// Last month (exclusive).
  pub to_month: u32,
  /// Name.
  pub name: Text,
}

/// What makes an action a quick win.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuickWin {
  /// Impact at least this.
  pub min_impact: u8,
  /// Effort at most this.
  pub max_effort: u8,
  /// Upper one-off cost at most this (đồng).
  pub max_cost: Decimal,
}

/// Planning parameters from `rules/planning.yaml`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Planning {
  /// Default horizon in months.
  pub default_months: u32,
  /// How many actions a cooperative can run at once.
  pub max_parallel: usize,
  /// Phases in order.
  pub phases: Vec<Phase>,
  /// Quick-win thresholds.
  pub quick_win: QuickWin,
  /// Eligibility conditions for support, printed with the funding sources.
  pub eligibility: Text,
  /// The caveat printed with every cost.
  pub cost_caveat: Text,
}
