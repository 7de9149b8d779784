//! The SQL both backends run, written once with SQLite's numbered
//! placeholders (`?1`); PostgreSQL runs the same text through
//! [`to_postgres`] (`$1`), translated once per connection when the
//! statement is prepared. What only one backend says (PRAGMAs, `BEGIN
//! IMMEDIATE`, `FOR UPDATE`, advisory locks, integrity checks, backups)
//! stays in that backend.

use super::Provinces;

/// The columns of a [`super::Record`], in the order both backends read
/// them (a macro so that `concat!` can build constant queries from it).
macro_rules! record_columns {
  () => {
    "id, code, csrf, document, revision, status, page, content_version, questionnaire_id, \
     questionnaire_version, mode, stage, assessed_on, name, id_number, province, legal_form, \
     sector, readiness_index, level, created_by, claimed_by, created_at, updated_at"
  };
}
pub(super) use record_columns;

/// The table of applied migrations.
pub const CREATE_MIGRATIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations \
  (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)";
/// Whether migration `?1` is applied.
pub const MIGRATION_DONE: &str = "SELECT version FROM schema_migrations WHERE version = ?1";
/// Records migration `?1` as applied at `?2`.
pub const RECORD_MIGRATION: &str =
  "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)";

/// The row of a new assessment (its other columns follow by
/// [`UPDATE_ASSESSMENT`] in the same transaction).
pub const INSERT_ASSESSMENT: &str = "INSERT INTO assessments (id, code, csrf, document, revision, \
  status, page, content_version, questionnaire_id, questionnaire_version, mode, stage, name, \
  created_by, created_at, updated_at, source) \
  VALUES (?1, ?2, ?3, '', 0, 'draft', 0, '', '', '', ?4, '', '', ?5, ?6, ?6, ?7)";
/// The assessment imported from submission `?1`.
pub const ASSESSMENT_BY_SOURCE: &str = "SELECT id FROM assessments WHERE source = ?1";
/// The changing columns of an assessment, `?2` to `?20` (a macro for
/// `concat!`).
macro_rules! update_assessment {
  () => {
    "UPDATE assessments SET document = ?2, revision = ?3, \
     status = ?4, page = ?5, content_version = ?6, questionnaire_id = ?7, \
     questionnaire_version = ?8, mode = ?9, stage = ?10, assessed_on = ?11, name = ?12, \
     id_number = ?13, province = ?14, legal_form = ?15, sector = ?16, readiness_index = ?17, \
     level = ?18, claimed_by = ?19, updated_at = ?20 WHERE id = ?1"
  };
}
/// Writes every changing column of assessment `?1`.
pub const UPDATE_ASSESSMENT: &str = update_assessment!();
/// [`UPDATE_ASSESSMENT`] if the stored revision is still `?21`: nobody
/// saved since it was read (no row changed otherwise).
pub const UPDATE_ASSESSMENT_AT_REVISION: &str =
  concat!(update_assessment!(), " AND revision = ?21");
/// The assessment with id `?1`.
pub const ASSESSMENT_BY_ID: &str = concat!(
  "SELECT ",
  record_columns!(),
  " FROM assessments WHERE id = ?1"
);
/// The assessment with code `?1`.
pub const ASSESSMENT_BY_CODE: &str = concat!(
  "SELECT ",
  record_columns!(),
  " FROM assessments WHERE code = ?1"
);
/// Every assessment, oldest first.
pub const ALL_ASSESSMENTS: &str = concat!(
  "SELECT ",
  record_columns!(),
  " FROM assessments ORDER BY created_at, id"
);

/// The id of the account with e-mail `?1`.
pub const USER_ID_BY_EMAIL: &str = "SELECT id FROM users WHERE email = ?1";
/// A new account.
pub const INSERT_USER: &str = "INSERT INTO users (id, email, name, role, password_hash, \
  created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
/// A province an account follows.
pub const INSERT_USER_PROVINCE: &str =
  "INSERT INTO user_provinces (user_id, province) VALUES (?1, ?2)";
/// The account with e-mail `?1` and its password hash.
pub const USER_BY_EMAIL: &str =
  "SELECT id, email, name, role, password_hash FROM users WHERE email = ?1";
/// The provinces account `?1` follows.
pub const USER_PROVINCES: &str =
  "SELECT province FROM user_provinces WHERE user_id = ?1 ORDER BY province";

/// Forgets the sessions expired before `?1`.
pub const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at < ?1";
/// A new session.
pub const INSERT_SESSION: &str = "INSERT INTO sessions (token_hash, user_id, csrf, created_at, \
  expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";
/// The account and CSRF token of the session with token hash `?1`, live
/// at `?2`.
pub const SESSION: &str = "SELECT u.id, u.email, u.name, u.role, s.csrf, s.expires_at \
  FROM sessions s JOIN users u ON u.id = s.user_id \
  WHERE s.token_hash = ?1 AND s.expires_at >= ?2";
/// Extends session `?1` to `?2`.
pub const EXTEND_SESSION: &str = "UPDATE sessions SET expires_at = ?2 WHERE token_hash = ?1";
/// Ends session `?1`.
pub const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = ?1";

/// Attempts and failures under key `?1` since `?2`.
pub const COUNT_FAILURES: &str = "SELECT COUNT(*) FROM failures WHERE key = ?1 AND at >= ?2";
/// An attempt or failure under key `?1` at `?2`.
pub const INSERT_FAILURE: &str = "INSERT INTO failures (key, at) VALUES (?1, ?2)";
/// Takes back the attempts under key `?1` since `?2`.
pub const RELEASE_ATTEMPT: &str = "DELETE FROM failures WHERE key = ?1 AND at >= ?2";
/// Forgets every failure older than `?1`.
pub const DELETE_OLD_FAILURES: &str = "DELETE FROM failures WHERE at < ?1";
/// Forgets the failures under key `?1`.
pub const CLEAR_FAILURES: &str = "DELETE FROM failures WHERE key = ?1";

/// The assessments an advisor may list in `provinces` (advisor mode, or
/// claimed self-assessments), oldest first, without their documents: the
/// query and its province arguments, which follow `?1` (an identification
/// number, or NULL for every cooperative).
pub fn visible(provinces: &Provinces) -> (String, Vec<String>) {
  let (filter, args) = match provinces {
    Provinces::All => ("1 = 1".to_owned(), Vec::new()),
    Provinces::Only(list) if list.is_empty() => ("province IN (NULL)".to_owned(), Vec::new()),
    Provinces::Only(list) => {
      let marks: Vec<String> = (0..list.len()).map(|i| format!("?{}", i + 2)).collect();
      (format!("province IN ({})", marks.join(", ")), list.clone())
    }
  };
  let sql = format!(
    "SELECT {} FROM assessments WHERE (CAST(?1 AS TEXT) IS NULL OR id_number = ?1) AND {filter} \
     AND (mode = 'advisor' OR claimed_by IS NOT NULL) \
     ORDER BY assessed_on NULLS FIRST, created_at",
    record_columns!().replace("document", "'' AS document")
  );
  (sql, args)
}

/// `sql` with SQLite's `?1` placeholders written PostgreSQL's way, `$1`;
/// quoted text and identifiers are left alone.
pub fn to_postgres(sql: &str) -> String {
  let mut out = String::with_capacity(sql.len());
  let mut quote: Option<char> = None;
  let mut chars = sql.chars().peekable();
  while let Some(c) = chars.next() {
    match quote {
      Some(q) => {
        if c == q {
          quote = None;
        }
        out.push(c);
      }
      None if c == '\'' || c == '"' => {
        quote = Some(c);
        out.push(c);
      }
      None if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
      None => out.push(c),
    }
  }
  out
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn placeholders_are_translated_outside_quotes_only() {
    assert_eq!(
      to_postgres("SELECT a FROM t WHERE b = ?1 AND c IN (?2, ?10) AND d = '?3' AND \"?4\" = ?"),
      "SELECT a FROM t WHERE b = $1 AND c IN ($2, $10) AND d = '?3' AND \"?4\" = ?"
    );
    assert_eq!(
      to_postgres("VALUES ('it''s ?1', ?1)"),
      "VALUES ('it''s ?1', $1)"
    );
    assert_eq!(
      to_postgres(INSERT_ASSESSMENT).matches('$').count(),
      INSERT_ASSESSMENT.matches('?').count()
    );
    assert!(!to_postgres(UPDATE_ASSESSMENT).contains('?'));
  }

  #[test]
  fn the_visible_query_numbers_its_provinces_after_the_identification_number() {
    let (sql, args) = visible(&Provinces::Only(vec!["son_la".into(), "lao_cai".into()]));
    assert!(sql.contains("province IN (?2, ?3)"), "{sql}");
    assert!(sql.contains("'' AS document"), "{sql}");
    assert_eq!(args, ["son_la", "lao_cai"]);
    let (sql, args) = visible(&Provinces::Only(Vec::new()));
    assert!(sql.contains("province IN (NULL)"), "{sql}");
    assert!(args.is_empty());
  }
}
