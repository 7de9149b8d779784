//! Fills a database with stored assessments for the "Surveys at scale"
//! measurement (benches/README.md); not a timed test. The timing is of
//! whole `coopdx summary --db … -o out.md` processes, done by
//! `benches/summary_scale.sh` around this filler.
//!
//!   SCALE_DB=/path/to/x.db|postgres://… SCALE_RECORDS=2000000 \
//!     cargo bench --bench summary_scale
//!
//! Planning 2,000,000 assessments would take about an hour, so a pool of
//! `SCALE_POOL` (default 3,000) distinct assessments is made by mixing the
//! answers of two examples at a time (kept only when the mix passes the
//! complete-file checks), each scored and planned once; the records reuse
//! the pool's documents and figures under distinct cooperatives (an
//! identification number per cooperative, ~11 yearly assessments each,
//! T0… from 2015, 34 provinces by cooperative).

use coopdx::assessment::{Assessment, Completeness};
use coopdx::storage::{NewAssessment, Status, Summary};
use coopdx::summary::Figures;
use coopdx::{Content, Lang, SourceFile};
use std::time::Instant;

/// A small deterministic generator (xorshift), so runs fill the same data.
struct Rng(u64);

impl Rng {
  fn next(&mut self) -> u64 {
    self.0 ^= self.0 << 13;
    self.0 ^= self.0 >> 7;
    self.0 ^= self.0 << 17;
    self.0
  }

  fn below(&mut self, n: usize) -> usize {
    (self.next() % n as u64) as usize
  }
}

fn env(name: &str, default: usize) -> usize {
  std::env::var(name)
    .ok()
    .and_then(|v| v.parse().ok())
    .unwrap_or(default)
}

fn examples(content: &Content) -> Vec<Assessment> {
  let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
  let mut paths: Vec<_> = std::fs::read_dir(&root)
    .expect("examples")
    .flatten()
    .map(|e| e.path())
    .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    .collect();
  paths.sort();
  paths
    .iter()
    .map(|p| Assessment::read(p, content, Completeness::Complete, Lang::Vi).expect("example"))
    .collect()
}

/// One pool item: `a`'s profile with answers taken from `a` or `b` at
/// random, if that is a complete assessment.
fn mix(content: &Content, a: &Assessment, b: &Assessment, rng: &mut Rng) -> Option<Assessment> {
  let mut m = a.clone();
  for (id, r) in &b.responses {
    if m.responses.contains_key(id) && rng.below(2) == 0 {
      m.responses.insert(id.clone(), r.clone());
    }
  }
  let file = SourceFile::new("mix", m.to_yaml(content));
  Assessment::parse(&file, content, Completeness::Complete).ok()
}

/// The pool: documents and figures, made on two threads.
fn pool(content: &Content, size: usize) -> Vec<(String, Assessment, Figures)> {
  let base = examples(content);
  let make = |seed: u64, n: usize| {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    while out.len() < n {
      let (a, b) = (&base[rng.below(base.len())], &base[rng.below(base.len())]);
      if let Some(m) = mix(content, a, b, &mut rng) {
        let figures = Figures::compute(content, &m).expect("planned");
        out.push((m.to_yaml(content), m, figures));
      }
    }
    out
  };
  std::thread::scope(|s| {
    let half = s.spawn(|| make(0x9E37_79B9_7F4A_7C15, size / 2));
    let mut out = make(0xD1B5_4A32_D192_ED03, size - size / 2);
    out.extend(half.join().expect("pool thread"));
    out
  })
}

fn main() {
  let Ok(db) = std::env::var("SCALE_DB") else {
    eprintln!(
      "summary_scale: set SCALE_DB to a SQLite file or a postgres:// URL (benches/README.md)"
    );
    return;
  };
  let records = env("SCALE_RECORDS", 2_000_000);
  let per_coop = env("SCALE_PER_COOPERATIVE", 11);
  let content = Content::embedded().expect("content");
  let version = coopdx::storage::content_version(&content);
  let provinces: Vec<String> = content
    .questionnaire
    .field("province")
    .map(|f| f.options.iter().map(|o| o.id.clone()).collect())
    .unwrap_or_default();
  let t = Instant::now();
  let pool = pool(&content, env("SCALE_POOL", 3_000));
  eprintln!("pool of {} planned in {:.1?}", pool.len(), t.elapsed());
  let store = coopdx::storage::open(&db).expect("database opens");
  let mut rng = Rng(0x2545_F491_4F6C_DD1D);
  let t = Instant::now();
  let mut batch = Vec::new();
  for i in 0..records {
    let (coop, year) = (i / per_coop, i % per_coop);
    let (document, a, figures) = &pool[rng.below(pool.len())];
    let id_number = format!("{:010}", 5_000_000_000u64 + coop as u64);
    let province = provinces[coop % provinces.len()].clone();
    let stage = format!("T{year}");
    let date = format!("{}-{:02}-15", 2015 + year, 1 + rng.below(12));
    let mut summary = Summary::of(&version, a, None);
    summary.id_number = Some(id_number.clone());
    summary.province = Some(province.clone());
    summary.stage = stage.clone();
    summary.assessed_on = Some(date.clone());
    summary.readiness_index = Some(figures.index as f64 / 100.0);
    summary.level = Some(figures.level);
    let figures = Figures {
      cooperative: id_number,
      assessed_on: date,
      stage,
      province: Some(province),
      ..figures.clone()
    };
    batch.push(NewAssessment {
      document: document.clone(),
      summary: summary.with_figures(figures),
      created_by: None,
      claimed_by: None,
      source: None,
      status: Status::Complete,
    });
    // Whole cooperatives per batch: each history is ordered once. About
    // 1,000 records a transaction: the pages a batch dirties (ids are
    // random, so each record touches its own leaf of several indexes)
    // stay within SQLite's page cache instead of spilling.
    if batch.len() >= 1_000 && (i + 1) % per_coop == 0 {
      store
        .import_many(std::mem::take(&mut batch))
        .expect("stored");
      if (i + 1) % 200_000 < 1_000 {
        eprintln!("{} stored in {:.1?}", i + 1, t.elapsed());
      }
    }
  }
  store.import_many(batch).expect("stored");
  eprintln!("{records} stored in {:.1?}", t.elapsed());
}
