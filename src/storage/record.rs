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
  /// What a summary reads, required when the record is saved complete
  /// (written to the figures tables in the same transaction); not read
  /// back with the record.
  pub figures: Option<crate::summary::Figures>,
}

impl Summary {
  /// The indexed copies of an assessment (and of its score, once complete)
  /// answered with content `content_version`, without figures (set them
  /// with [`Summary::with_figures`] before saving a complete record).
  pub fn of(
    content_version: &str,
    a: &crate::assessment::Assessment,
    score: Option<&crate::scoring::Score>,
  ) -> Self {
    let text = |f: &str| a.profile_text(f).map(str::to_owned);
    Summary {
      content_version: content_version.to_owned(),
      questionnaire_id: a.questionnaire.id.clone(),
      questionnaire_version: a.questionnaire.version.clone(),
      mode: a.mode.name().to_owned(),
      stage: a.stage.clone(),
      assessed_on: a.date.map(crate::assessment::iso_date),
      name: a.name().to_owned(),
      id_number: text("id_number"),
      province: text("province"),
      legal_form: text("legal_form"),
      sector: text("sector"),
      readiness_index: score.and_then(|s| rust_decimal::prelude::ToPrimitive::to_f64(&s.index)),
      level: score.map(|s| i64::from(s.level.number)),
      figures: None,
    }
  }
}

impl Summary {
  /// The same with the summary's figures.
  pub fn with_figures(self, figures: crate::summary::Figures) -> Self {
    Summary {
      figures: Some(figures),
      ..self
    }
  }
}

/// `questionnaire@version+hash`: which content gave a stored assessment
/// its questions and score.
pub fn content_version(content: &crate::content::Content) -> String {
  use blake2::{Blake2b, Digest, digest::consts::U8};
  let mut hash = Blake2b::<U8>::new();
  for (path, file) in &content.files.files {
    hash.update(path.as_bytes());
    hash.update([0]);
    hash.update(file.text.as_bytes());
    hash.update([0]);
  }
  let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
  format!(
    "{}@{}+{digest}",
    content.questionnaire.id, content.questionnaire.version
  )
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
  /// The field tool's submission this came from (import), if any.
  pub source: Option<String>,
  /// Draft, or complete (an imported file).
  pub status: Status,
}

impl NewAssessment {
  /// The record to insert, with fresh secrets (id, code, CSRF token), and
  /// its submission id.
  pub(super) fn into_record(self) -> Result<(Record, Option<String>), crate::error::Error> {
    let t = super::now();
    let record = Record {
      id: super::token::secret()?,
      code: super::token::code()?,
      csrf: super::token::secret()?,
      document: self.document,
      revision: 1,
      status: self.status,
      page: 0,
      summary: self.summary,
      created_by: self.created_by,
      claimed_by: self.claimed_by,
      created_at: t,
      updated_at: t,
    };
    Ok((record, self.source))
  }
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
