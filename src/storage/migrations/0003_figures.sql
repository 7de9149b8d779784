-- coopdx storage, version 3: what a summary reads of each finished
-- assessment (`summary::Figures`), written in the same transaction as the
-- record whenever it becomes or stays complete, so a national summary is
-- SQL aggregates over these tables instead of planning every assessment.
-- Scores are whole hundredths (scoring publishes two decimals), money
-- whole đồng: sums are exact integers on both backends.

CREATE TABLE figures (
  assessment_id TEXT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
  -- The content that computed them (`coopdx db refresh` recomputes others).
  content_version TEXT NOT NULL,
  -- The cooperative: identification number, or `~` and the folded name.
  cooperative TEXT NOT NULL,
  assessed_on TEXT NOT NULL,
  stage TEXT NOT NULL,
  -- Advisor-mode or claimed: what advisors' pages count.
  listed BIGINT NOT NULL,
  province TEXT,
  legal_form TEXT,
  sector TEXT,
  readiness BIGINT NOT NULL,
  level BIGINT NOT NULL,
  -- Its place in the cooperative's history (by date, then stage), among
  -- all finished assessments and among the listed ones, kept by the
  -- storage whenever a figure of the cooperative is written: latest and
  -- first are 1 or 0; seen, on the latest, is how many there are.
  latest BIGINT NOT NULL,
  first BIGINT NOT NULL,
  seen BIGINT NOT NULL,
  latest_listed BIGINT NOT NULL,
  first_listed BIGINT NOT NULL,
  seen_listed BIGINT NOT NULL,
  -- Dimensions, duties, gaps, actions and policies (JSON), copied into
  -- figure_items while the assessment is a latest one.
  detail TEXT NOT NULL
);
CREATE INDEX figures_latest ON figures (latest, province, sector, legal_form, level, readiness, seen, cooperative);
CREATE INDEX figures_latest_listed ON figures (latest_listed, province, sector, legal_form, level, readiness, seen_listed, cooperative);
CREATE INDEX figures_history ON figures (cooperative, first, first_listed, readiness, level);
CREATE INDEX figures_version ON figures (content_version);

-- The detail of the latest assessments only, one row per item: kind `d`
-- dimension (a = score, NULL when none), `u` duty that applies (a = met),
-- `g` gap, `a` action and `p` policy (a, b = cost low, high). Flags and
-- scope are copies of the figures row, so a summary reads this one table.
CREATE TABLE figure_items (
  assessment_id TEXT NOT NULL,
  latest BIGINT NOT NULL,
  latest_listed BIGINT NOT NULL,
  province TEXT,
  sector TEXT,
  kind TEXT NOT NULL,
  item TEXT NOT NULL,
  a BIGINT,
  b BIGINT
);
CREATE INDEX figure_items_assessment ON figure_items (assessment_id);
CREATE INDEX figure_items_latest ON figure_items (latest, kind, item, a, b);
CREATE INDEX figure_items_province ON figure_items (province, latest, kind, item, a, b);
