//! Speed of the engine, release build: `cargo bench`.
//!
//! A plain harness (no external framework): each case runs warm-up rounds,
//! then reports the median and the 95th percentile of timed rounds.
//! Figures are kept in benches/README.md.

use coopdx::assessment::Answer;
use coopdx::content::{AnswerValue, QuestionKind};
use coopdx::{Assessment, Completeness, Content, SourceFile};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn measure(name: &str, rounds: usize, mut f: impl FnMut()) -> Duration {
  for _ in 0..rounds.div_ceil(10) {
    f();
  }
  let mut times: Vec<Duration> = (0..rounds)
    .map(|_| {
      let start = Instant::now();
      f();
      start.elapsed()
    })
    .collect();
  times.sort();
  let median = times[times.len() / 2];
  let p95 = times[times.len() * 95 / 100];
  println!(
    "{name:<44} median {:>10.3} ms   p95 {:>10.3} ms   ({rounds} rounds)",
    ms(median),
    ms(p95)
  );
  median
}

fn ms(d: Duration) -> f64 {
  d.as_secs_f64() * 1e3
}

/// Variations of an example: each answer moved along its options by the
/// variation number, so all 10,000 differ.
fn vary(content: &Content, base: &Assessment, n: usize) -> Assessment {
  let mut a = base.clone();
  for (i, q) in content.questionnaire.questions.iter().enumerate() {
    let Some(r) = a.responses.get_mut(&q.id) else {
      continue;
    };
    let k = n.wrapping_mul(31).wrapping_add(i * 7);
    r.answer = match (&r.answer, q.kind) {
      (Answer::Given(_), QuestionKind::Choice) => Answer::Given(AnswerValue::Choice(
        q.options[k % q.options.len()].id.clone(),
      )),
      (Answer::Given(AnswerValue::Number(_)), QuestionKind::Percent) => {
        Answer::Given(AnswerValue::Number((k % 101).into()))
      }
      (other, _) => other.clone(),
    };
  }
  a
}

fn main() {
  let examples = [
    "htx-nong-nghiep-khoi-dau.yaml",
    "htx-nong-nghiep-tien-tien.yaml",
    "htx-may-tre-dan.yaml",
    "quy-tin-dung-nhan-dan.yaml",
  ];
  let root = env!("CARGO_MANIFEST_DIR");
  let texts: Vec<String> = examples
    .iter()
    .map(|n| std::fs::read_to_string(format!("{root}/examples/{n}")).expect("example"))
    .collect();

  println!("coopdx benchmarks (release build)");
  measure("load embedded content", 200, || {
    black_box(Content::embedded().expect("content"));
  });
  let content = Content::embedded().expect("content");
  let assessments: Vec<Assessment> = texts
    .iter()
    .map(|t| {
      Assessment::parse(
        &SourceFile::new("a.yaml", t.as_str()),
        &content,
        Completeness::Complete,
      )
      .expect("valid")
    })
    .collect();
  measure("read + check one assessment file", 2000, || {
    black_box(
      Assessment::parse(
        &SourceFile::new("a.yaml", texts[0].as_str()),
        &content,
        Completeness::Complete,
      )
      .expect("valid"),
    );
  });
  measure("score one assessment", 2000, || {
    black_box(coopdx::score(&content, &assessments[1]).expect("score"));
  });
  let varied: Vec<Assessment> = (0..10_000)
    .map(|n| vary(&content, &assessments[n % assessments.len()], n))
    .collect();
  let scores: Vec<coopdx::Score> = assessments
    .iter()
    .map(|a| coopdx::score(&content, a).expect("score"))
    .collect();
  measure("plan: early-stage cooperative (43 actions)", 500, || {
    black_box(
      coopdx::plan::plan(&content, &assessments[0], &scores[0], Default::default()).expect("plan"),
    );
  });
  let budget = coopdx::plan::PlanOptions {
    budget_per_year: Some(20_000_000.into()),
    ..Default::default()
  };
  measure("plan: early-stage, budget 20.000.000 đ/year", 500, || {
    black_box(coopdx::plan::plan(&content, &assessments[0], &scores[0], budget).expect("plan"));
  });
  measure("plan: advanced cooperative", 500, || {
    black_box(
      coopdx::plan::plan(&content, &assessments[1], &scores[1], Default::default()).expect("plan"),
    );
  });
  // What `batch` makes of each assessment: figures and titles only.
  let figures = |i: usize| {
    coopdx::plan::plan_with(
      &content,
      &assessments[i],
      &scores[i],
      Default::default(),
      coopdx::plan::Detail::Figures,
    )
    .expect("plan")
  };
  measure("plan figures (batch): early-stage", 500, || {
    black_box(figures(0));
  });
  measure("plan figures (batch): advanced", 500, || {
    black_box(figures(1));
  });
  let options = coopdx::render::pdf::ReportOptions::default();
  for (name, a) in examples.iter().zip(&assessments) {
    let pdf = coopdx::render::pdf::report(&content, a, &options).expect("report");
    let label = format!(
      "PDF report: {} ({} KB)",
      name.trim_end_matches(".yaml"),
      pdf.len() / 1024
    );
    measure(&label, 50, || {
      black_box(coopdx::render::pdf::report(&content, a, &options).expect("report"));
    });
  }
  measure("score 10,000 varied assessments", 5, || {
    for a in &varied {
      black_box(coopdx::score(&content, a).expect("score"));
    }
  });
}
