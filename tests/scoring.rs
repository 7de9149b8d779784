//! The scoring rules as a user would check them by hand.

use crate::test::*;
use coopdx::scoring::Status;
use coopdx::{Assessment, Completeness, Content, Score, SourceFile};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn score_text(text: &str) -> Score {
  let content = Content::embedded().expect("content");
  let file = SourceFile::new("a.yaml", text);
  let assessment =
    Assessment::parse(&file, &content, Completeness::Complete).expect("valid assessment");
  coopdx::score(&content, &assessment).expect("scores")
}

fn weighted_mean(score: &Score, dimension: &str) -> Decimal {
  let qs: Vec<_> = score
    .questions
    .iter()
    .filter(|q| {
      q.dimension == dimension
        && q.scored
        && matches!(q.status, Status::Answered | Status::DontKnow)
    })
    .collect();
  let weights: Decimal = qs.iter().map(|q| q.weight).sum();
  let sum: Decimal = qs.iter().map(|q| q.weight * q.points / q.max_points).sum();
  sum / weights * dec!(100)
}

#[test]
fn dimension_is_the_weighted_mean_of_its_answers() {
  let s = score_text(&example("htx-may-tre-dan.yaml"));
  for d in &s.dimensions {
    let expected = coopdx::scoring::round(weighted_mean(&s, &d.id), 2);
    assert_eq!(d.score, Some(expected), "{}", d.id);
  }
}

#[test]
fn index_is_the_weighted_mean_of_dimensions() {
  let s = score_text(&example("quy-tin-dung-nhan-dan.yaml"));
  // A credit fund is asked nothing about markets: that dimension is not
  // assessed and leaves the mean.
  assert!(s.dimensions.iter().any(|d| d.score.is_none()));
  let raw: Vec<(Decimal, Decimal)> = s
    .dimensions
    .iter()
    .filter(|d| d.score.is_some())
    .map(|d| (d.weight, weighted_mean(&s, &d.id)))
    .collect();
  let expected =
    raw.iter().map(|(w, x)| w * x).sum::<Decimal>() / raw.iter().map(|(w, _)| *w).sum::<Decimal>();
  assert_eq!(s.index, coopdx::scoring::round(expected, 2));
  assert!(s.index.scale() <= 2);
}

#[test]
fn not_applicable_leaves_the_denominator() {
  let base = example("htx-may-tre-dan.yaml");
  let na = base.replace("  GO06: partly\n", "  GO06: not_applicable\n");
  let s = score_text(&na);
  let gov = s.dimension("governance").expect("governance");
  assert_eq!(gov.not_applicable, 1);
  assert_eq!(
    s.question("GO06").expect("GO06").status,
    Status::NotApplicable
  );
  assert_eq!(
    gov.score,
    Some(coopdx::scoring::round(weighted_mean(&s, "governance"), 2))
  );
  assert_ne!(
    gov.score,
    score_text(&base)
      .dimension("governance")
      .expect("governance")
      .score
  );
}

#[test]
fn dont_know_scores_zero_and_is_flagged() {
  let s = score_text(&example("htx-may-tre-dan.yaml"));
  let q = s.question("MK03").expect("MK03");
  assert_eq!(q.status, Status::DontKnow);
  assert_eq!(q.points, Decimal::ZERO);
  assert_eq!(s.dont_know, vec!["MK03".to_string()]);
  assert_eq!(s.dimension("market").expect("market").dont_know, 1);
}

#[test]
fn questions_that_do_not_apply_are_skipped() {
  let s = score_text(&example("quy-tin-dung-nhan-dan.yaml"));
  for id in ["MK01", "SP01", "LD08"] {
    assert_eq!(
      s.question(id).expect("question").status,
      Status::Skipped,
      "{id}"
    );
  }
  assert_eq!(s.question("SP07").expect("SP07").status, Status::Answered);
}

#[test]
fn contributions_add_up_to_the_dimension_score() {
  let s = score_text(&example("htx-nong-nghiep-khoi-dau.yaml"));
  for d in &s.dimensions {
    let sum: Decimal = s
      .questions
      .iter()
      .filter(|q| q.dimension == d.id)
      .map(|q| q.contribution)
      .sum();
    let diff = (sum - d.score.expect("scored")).abs();
    assert!(diff <= dec!(0.05), "{}: {sum} vs {:?}", d.id, d.score);
  }
  let total: Decimal = s.dimensions.iter().map(|d| d.contribution).sum();
  assert!((total - s.index).abs() <= dec!(0.05));
}

#[test]
fn gates_that_do_not_apply_do_not_cap() {
  // Cooperative groups have no legal personality: the e-invoice gate skips them.
  let s = score_text(&example("to-hop-tac-rau.yaml"));
  let gate = s.gates.iter().find(|g| g.id == "e_invoice").expect("gate");
  assert!(!gate.applies && gate.passed);
}

#[test]
fn lowest_failing_gate_is_reported() {
  let s = score_text(&example("htx-van-tai.yaml"));
  assert_eq!(s.level.number, 1);
  assert_eq!(s.level.band_number, 3);
  assert_eq!(s.level.capped_by.as_deref(), Some("e_invoice"));
}

#[test]
fn strengths_are_above_and_gaps_below_the_index() {
  for name in examples() {
    let s = score_text(&example(&name));
    assert!(s.strengths.iter().all(|h| h.score > s.index), "{name}");
    assert!(s.gaps.iter().all(|h| h.score < s.index), "{name}");
    assert!(s.strengths.len() <= 3 && s.gaps.len() <= 3);
  }
}

/// `batch` scores each file as it was read, without working out again
/// which questions apply: it must give every example its full score.
#[test]
fn a_batch_scores_every_example_as_score_does() {
  let content = Content::embedded().expect("content");
  for name in examples() {
    let file = SourceFile::new(name.clone(), example(&name));
    let a = Assessment::parse(&file, &content, Completeness::Complete).expect("valid");
    let full = coopdx::score(&content, &a).expect("scores");
    let read = coopdx::scoring::score_read(&content, &a).expect("scores");
    assert_eq!(
      serde_json::to_value(&full).expect("JSON"),
      serde_json::to_value(&read).expect("JSON"),
      "{name}"
    );
  }
}
