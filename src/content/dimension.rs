//! A dimension of digital-transformation readiness.

use crate::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One of the dimensions the index is made of, from `rules/dimensions.yaml`.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
  /// Stable id, e.g. `governance`.
  pub id: String,
  /// Short name.
  pub name: Text,
  /// What it covers.
  #[serde(default)]
  pub description: Text,
  /// Weight in the readiness index.
  #[serde(default = "crate::content::one")]
  pub weight: Decimal,
  /// The EU Digital Maturity Assessment dimensions it corresponds to.
  #[serde(default)]
  pub eu_dma: Vec<String>,
  /// The DBI (Decision 1970/QĐ-BTTTT) pillars it corresponds to.
  #[serde(default)]
  pub dbi: Vec<String>,
  /// Its groups, when it scores as a mean of groups (see
  /// [`crate::content::Group`]); questions name theirs with `group:`.
  #[serde(default)]
  pub groups: Vec<crate::content::Group>,
}
