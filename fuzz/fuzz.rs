//! A structure-aware fuzzer on the stable toolchain: mutated assessment
//! files through the whole path (load → score → plan → PDF), and mutated
//! content through `Content::load`. See `fuzz/README.md`. Every assessment
//! input is also read by both YAML readers, which must agree.
//!
//! A panic anywhere is the failure: the input is saved under
//! `fuzz/crashes/` and the run exits with 1. Errors are expected and fine:
//! they are how bad input is refused.

use coopdx::content::ContentFiles;
use coopdx::plan::{PlanOptions, plan};
use coopdx::render::pdf::{ReportOptions, report};
use coopdx::{Assessment, Completeness, Content, SourceFile, score};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use yaml_serde::Value as Yaml;

/// A small, seedable generator (xorshift64*): the same seed gives the same
/// inputs, so a failure reproduces.
struct Rng(u64);

impl Rng {
  fn next(&mut self) -> u64 {
    self.0 ^= self.0 >> 12;
    self.0 ^= self.0 << 25;
    self.0 ^= self.0 >> 27;
    self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
  }

  fn below(&mut self, n: usize) -> usize {
    if n == 0 {
      0
    } else {
      (self.next() % n as u64) as usize
    }
  }

  fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
    &items[self.below(items.len())]
  }
}

/// Odd values a field may receive.
fn odd_value(rng: &mut Rng) -> Yaml {
  let strings = [
    "",
    " ",
    "1,000",
    "1.000",
    "not_applicable",
    "dont_know",
    "yes",
    "no",
    "🍵 trà",
    "ก",
    "漢字",
    "<script>alert(1)</script>",
    "{{ org }}",
    "{% for x in range(100000000) %}x{% endfor %}",
    "\u{0}",
    "0001-01-01",
    "2099-12-31",
    "31/02/2026",
  ];
  match rng.below(9) {
    0 => Yaml::from(*rng.pick(&strings)),
    1 => Yaml::from("x".repeat(rng.below(5000))),
    2 => Yaml::from(rng.next() as i64),
    3 => Yaml::from(-(rng.below(1000) as i64)),
    4 => Yaml::from(f64::from_bits(rng.next())),
    5 => Yaml::Null,
    6 => Yaml::Bool(rng.below(2) == 0),
    7 => {
      let mut v = Yaml::from(1);
      for _ in 0..rng.below(40) {
        v = Yaml::Sequence(vec![v]);
      }
      v
    }
    _ => Yaml::Sequence(
      (0..rng.below(5))
        .map(|_| Yaml::from(*rng.pick(&strings)))
        .collect(),
    ),
  }
}

/// Replaces, removes or adds one node somewhere in the document.
fn mutate_node(value: &mut Yaml, rng: &mut Rng, depth: usize) {
  match value {
    Yaml::Mapping(m) if !m.is_empty() && depth < 6 => {
      let keys: Vec<Yaml> = m.keys().cloned().collect();
      let key = rng.pick(&keys).clone();
      match rng.below(6) {
        0 => {
          m.remove(&key);
        }
        1 => {
          m.insert(
            Yaml::from(format!("{} ", key.as_str().unwrap_or("k"))),
            odd_value(rng),
          );
        }
        2 => {
          m.insert(Yaml::from("zz_unknown"), odd_value(rng));
        }
        _ => {
          if let Some(child) = m.get_mut(&key) {
            mutate_node(child, rng, depth + 1);
          }
        }
      }
    }
    Yaml::Sequence(items) if !items.is_empty() && depth < 6 => {
      let i = rng.below(items.len());
      mutate_node(&mut items[i], rng, depth + 1);
    }
    other => *other = odd_value(rng),
  }
}

/// One mutated input from a seed text.
fn mutate(seed: &str, rng: &mut Rng) -> Vec<u8> {
  if rng.below(2) == 0
    && let Ok(mut doc) = yaml_serde::from_str::<Yaml>(seed)
  {
    for _ in 0..1 + rng.below(3) {
      mutate_node(&mut doc, rng, 0);
    }
    return yaml_serde::to_string(&doc).unwrap_or_default().into_bytes();
  }
  let mut bytes = seed.as_bytes().to_vec();
  for _ in 0..1 + rng.below(4) {
    let at = rng.below(bytes.len() + 1);
    match rng.below(6) {
      0 if !bytes.is_empty() => {
        let i = at.min(bytes.len() - 1);
        bytes[i] ^= 1 << rng.below(8);
      }
      1 => bytes.splice(at..at, [0u8]).for_each(drop),
      2 => bytes.splice(at..at, [0xE9u8]).for_each(drop),
      3 => bytes.splice(at..at, "🍵\n  - [".bytes()).for_each(drop),
      4 => {
        let end = (at + rng.below(200)).min(bytes.len());
        bytes.drain(at..end);
      }
      _ => {
        let end = (at + rng.below(120)).min(bytes.len());
        let copy: Vec<u8> = bytes[at..end].to_vec();
        bytes.splice(at..at, copy).for_each(drop);
      }
    }
  }
  bytes
}

/// How many inputs the direct YAML reader accepted (and so were compared).
static READ_DIRECTLY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The whole path for one assessment input; errors are fine.
fn assessment_path(content: &Content, bytes: &[u8]) {
  let Ok(text) = std::str::from_utf8(bytes) else {
    return;
  };
  // The direct reader declines or reads what the full parser reads.
  if let Some(direct) = coopdx::assessment::block_yaml::read(text) {
    let full = yaml_serde::from_str::<Yaml>(text).ok();
    assert_eq!(
      Some(&direct),
      full.as_ref(),
      "the direct YAML reader differs"
    );
    READ_DIRECTLY.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
  }
  let file = SourceFile::new("fuzz.yaml", text);
  let Ok(a) = Assessment::parse(&file, content, Completeness::Complete) else {
    let _ = Assessment::parse(&file, content, Completeness::Partial);
    return;
  };
  let Ok(s) = score(content, &a) else { return };
  let _ = plan(content, &a, &s, PlanOptions::default());
  let options = ReportOptions {
    lang: coopdx::Lang::Vi,
    budget_per_year: None,
    cost_basis: Default::default(),
    previous: None,
    advisor: None,
  };
  let _ = report(content, &a, &options);
}

/// Loads mutated content; where it loads, scores the examples with it.
fn content_path(files: ContentFiles, examples: &[String]) {
  let Ok(content) = Content::load(files) else {
    return;
  };
  for text in examples.iter().take(3) {
    assessment_path(&content, text.as_bytes());
  }
}

fn save_crash(kind: &str, input: &[u8]) -> PathBuf {
  let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/crashes");
  let _ = std::fs::create_dir_all(&dir);
  let path = dir.join(format!("{kind}-{}.yaml", input.len()));
  let _ = std::fs::write(&path, input);
  path
}

fn main() {
  let root = Path::new(env!("CARGO_MANIFEST_DIR"));
  let seconds: u64 = std::env::var("COOPDX_FUZZ_SECONDS")
    .ok()
    .and_then(|s| s.parse().ok())
    .unwrap_or(0);
  let seed: u64 = std::env::var("COOPDX_FUZZ_SEED")
    .ok()
    .and_then(|s| s.parse().ok())
    .unwrap_or(0x5eed_c00b);
  // Without a time budget: a short, fixed run for `cargo test`.
  let (budget, min_inputs) = if seconds > 0 {
    (Duration::from_secs(seconds), u64::MAX)
  } else {
    (Duration::from_secs(3600), 100)
  };
  let mut seeds: Vec<String> = std::fs::read_dir(root.join("fuzz/corpus/assessment"))
    .expect("corpus")
    .filter_map(|e| e.ok())
    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
    .collect();
  seeds.sort();
  let content = Content::embedded().expect("content");
  let embedded = ContentFiles::embedded();
  let content_files: Vec<String> = embedded.files.keys().cloned().collect();
  std::panic::set_hook(Box::new(|_| {}));
  let mut rng = Rng(seed | 1);
  let started = Instant::now();
  let (mut assessments, mut contents) = (0u64, 0u64);
  while started.elapsed() < budget && assessments + contents < min_inputs {
    if rng.below(8) == 0 {
      // Content: mutate one file of the embedded content.
      let mut files = ContentFiles::embedded();
      let name = rng.pick(&content_files).clone();
      let original = files.files[&name].text.clone();
      let bytes = mutate(&original, &mut rng);
      let text = String::from_utf8_lossy(&bytes).into_owned();
      files
        .files
        .insert(name.clone(), SourceFile::new(name.clone(), text.clone()));
      files.json.clear();
      contents += 1;
      if catch_unwind(AssertUnwindSafe(|| content_path(files, &seeds))).is_err() {
        let path = save_crash("content", text.as_bytes());
        eprintln!(
          "PANIC loading content with a mutated {name}; saved to {}",
          path.display()
        );
        std::process::exit(1);
      }
    } else {
      let seed_text = rng.pick(&seeds).clone();
      let bytes = mutate(&seed_text, &mut rng);
      assessments += 1;
      if catch_unwind(AssertUnwindSafe(|| assessment_path(&content, &bytes))).is_err() {
        let path = save_crash("assessment", &bytes);
        eprintln!("PANIC on an assessment; saved to {}", path.display());
        std::process::exit(1);
      }
    }
  }
  println!(
    "fuzz: {} inputs ({assessments} assessments, {} read by both YAML readers alike, {contents} content sets) in {:.1} s, seed {seed}, no panic",
    assessments + contents,
    READ_DIRECTLY.load(std::sync::atomic::Ordering::Relaxed),
    started.elapsed().as_secs_f64()
  );
  println!("1 passed, 0 failed");
}
