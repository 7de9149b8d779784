//! The rows the store reads and writes.

/// Where an assessment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
  /// Being filled in.
  Draft,
  /// Finished: every required answer given and checked.
  Complete,
}

impl Status {
  /// The name stored.
  pub fn name(self) -> &'static str {
    match self {
      Status::Draft => "draft",
      Status::Complete => "complete",
    }
  }

  /// The status stored under `name`.
  pub fn from_name(name: &str) -> Self {
    if name == "complete" {
      Status::Complete
    } else {
      Status::Draft
    }
  }
}

/// What lists and summaries read without parsing the document: copied from
/// the assessment (and its score, once complete) on every save.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
  /// The content (questionnaire and rules) the answers were given to.
  pub content_version: String,
  /// Questionnaire id.
  pub questionnaire_id: String,
  /// Questionnaire version.
  pub questionnaire_version: String,
  /// `advisor` or `self`.
  pub mode: String,
  /// T0, T1...
  pub stage: String,
  /// ISO date.
  pub assessed_on: Option<String>,
  /// Cooperative name.
  pub name: String,
  /// Identification number (tax code).
  pub id_number: Option<String>,
  /// Province id.
  pub province: Option<String>,
  /// Legal form id.
  pub legal_form: Option<String>,
  /// Sector id.
  pub sector: Option<String>,
  /// Readiness index, once complete.
  pub readiness_index: Option<f64>,
  /// Level number, once complete.
  pub level: Option<i64>,
}

/// A stored assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
  /// Random id: the secret of a self-assessment's link.
  pub id: String,
  /// Short code to come back with.
  pub code: String,
  /// CSRF token of the assessment's forms.
  pub csrf: String,
  /// The assessment file (YAML).
  pub document: String,
  /// Incremented on every save.
  pub revision: i64,
  /// Draft or complete.
  pub status: Status,
  /// The furthest page reached.
  pub page: i64,
  /// Indexed copies.
  pub summary: Summary,
  /// The advisor who started it (advisor mode).
  pub created_by: Option<String>,
  /// The advisor who claimed it (self-assessment).
  pub claimed_by: Option<String>,
  /// Unix seconds.
  pub created_at: i64,
  /// Unix seconds.
  pub updated_at: i64,
}

/// A new assessment.
#[derive(Clone, Debug)]
pub struct NewAssessment {
  /// The assessment file.
  pub document: String,
  /// Its indexed copies.
  pub summary: Summary,
  /// The advisor starting it, if any.
  pub created_by: Option<String>,
  /// The advisor who brought in a self-assessment (an imported file).
  pub claimed_by: Option<String>,
  /// Draft, or complete (an imported file).
  pub status: Status,
}

/// An account's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
  /// The alliance's system administrator: every province.
  Admin,
  /// An advisor: their provinces.
  Advisor,
}

impl Role {
  /// The name stored.
  pub fn name(self) -> &'static str {
    match self {
      Role::Admin => "admin",
      Role::Advisor => "advisor",
    }
  }

  /// The role stored under `name`.
  pub fn from_name(name: &str) -> Self {
    if name == "admin" {
      Role::Admin
    } else {
      Role::Advisor
    }
  }
}

/// An account.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
  /// Random id.
  pub id: String,
  /// Login e-mail, lower case.
  pub email: String,
  /// Name shown and printed as the advisor.
  pub name: String,
  /// Role.
  pub role: Role,
  /// Provinces followed (advisors).
  pub provinces: Vec<String>,
}

impl User {
  /// The provinces this user may see.
  pub fn visible(&self) -> super::Provinces {
    match self.role {
      Role::Admin => super::Provinces::All,
      Role::Advisor => super::Provinces::Only(self.provinces.clone()),
    }
  }
}
