-- coopdx storage, version 1. Portable SQL: the same file runs on SQLite
-- and PostgreSQL (TEXT, BIGINT, DOUBLE PRECISION; ids are random text, not
-- serials; times are Unix seconds).

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'advisor')),
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE user_provinces (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  province TEXT NOT NULL,
  PRIMARY KEY (user_id, province)
);

-- A session cookie holds a random token; only its hash is stored, so a
-- copy of the database opens no session.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed logins and failed code lookups, by account and by address, for
-- rate limiting shared by every server process.
CREATE TABLE failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX failures_key ON failures (key, at);

-- One assessment: `document` is the assessment file exactly as the
-- command line reads and writes it; the other columns are copies of what
-- lists and summaries filter and sort on.
CREATE TABLE assessments (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  csrf TEXT NOT NULL,
  document TEXT NOT NULL,
  revision BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'complete')),
  page BIGINT NOT NULL,
  content_version TEXT NOT NULL,
  questionnaire_id TEXT NOT NULL,
  questionnaire_version TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('advisor', 'self')),
  stage TEXT NOT NULL,
  assessed_on TEXT,
  name TEXT NOT NULL,
  id_number TEXT,
  province TEXT,
  legal_form TEXT,
  sector TEXT,
  readiness_index DOUBLE PRECISION,
  level BIGINT,
  created_by TEXT REFERENCES users (id),
  claimed_by TEXT REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX assessments_province ON assessments (province, id_number, assessed_on);
CREATE INDEX assessments_id_number ON assessments (id_number, assessed_on);
CREATE INDEX assessments_summary ON assessments (status, province, legal_form, sector, stage, level);
