//! Properties of scoring over many generated assessments.

use crate::generate::{CONTENT, assessment, prune, score};
use coopdx::assessment::{Answer, Response};
use coopdx::content::AnswerValue;
use coopdx::{Assessment, Completeness, Score, SourceFile};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Questions no condition reads: changing them changes nothing else.
fn independent(id: &str) -> bool {
  let reads = format!("answers.{id}");
  let content = &*CONTENT;
  !content
    .questionnaire
    .questions
    .iter()
    .any(|q| q.when.as_deref().is_some_and(|w| w.contains(&reads)))
    && !content.gates.iter().any(|g| g.requires.contains(&reads))
}

proptest! {
  #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

  #[test]
  fn index_and_dimensions_stay_within_0_and_100(picks in prop::collection::vec(any::<u32>(), 8..64)) {
    let s = score(&assessment(&picks));
    prop_assert!(s.index >= Decimal::ZERO && s.index <= Decimal::ONE_HUNDRED);
    for d in &s.dimensions {
      if let Some(x) = d.score {
        prop_assert!(x >= Decimal::ZERO && x <= Decimal::ONE_HUNDRED, "{} = {}", d.id, x);
      }
    }
    prop_assert!(s.level.number <= s.level.band_number);
  }

  #[test]
  fn a_better_answer_never_lowers_its_dimension(picks in prop::collection::vec(any::<u32>(), 8..64), which in any::<prop::sample::Index>()) {
    let a = assessment(&picks);
    let candidates: Vec<&String> = a.responses.iter()
      .filter(|(id, r)| independent(id) && matches!(r.answer, Answer::Given(AnswerValue::Choice(_))))
      .map(|(id, _)| id)
      .collect();
    prop_assume!(!candidates.is_empty());
    let id = candidates[which.index(candidates.len())].clone();
    let q = CONTENT.questionnaire.question(&id).expect("question");
    let Some(Answer::Given(current)) = a.responses.get(&id).map(|r| r.answer.clone()) else { unreachable!() };
    let here = q.points(&current);
    let before = score(&a);
    for better in q.options.iter().filter(|o| o.points.unwrap_or_default() > here) {
      let mut b = a.clone();
      b.responses.insert(id.clone(), Response { answer: Answer::Given(AnswerValue::Choice(better.id.clone())), note: None });
      let after = score(&b);
      let dim = |s: &Score| s.dimension(&q.dimension).and_then(|d| d.score);
      prop_assert!(dim(&after) >= dim(&before), "{id}: {:?} -> {}", current, better.id);
      prop_assert!(after.index >= before.index);
    }
  }

  #[test]
  fn not_applicable_never_changes_another_dimension(picks in prop::collection::vec(any::<u32>(), 8..64), which in any::<prop::sample::Index>()) {
    let a = assessment(&picks);
    let candidates: Vec<&String> = a.responses.keys()
      .filter(|id| CONTENT.questionnaire.question(id).is_some_and(|q| q.allow_na))
      .collect();
    prop_assume!(!candidates.is_empty());
    let id = candidates[which.index(candidates.len())].clone();
    let dimension = CONTENT.questionnaire.question(&id).expect("question").dimension.clone();
    let mut b = a.clone();
    b.responses.insert(id.clone(), Response { answer: Answer::NotApplicable, note: None });
    prune(&mut b);
    let (before, after) = (score(&a), score(&b));
    for (x, y) in before.dimensions.iter().zip(&after.dimensions) {
      if x.id != dimension {
        prop_assert_eq!(x.score, y.score, "{} changed when {} became not applicable", x.id, id);
      }
    }
  }

  #[test]
  fn answer_order_in_the_file_never_changes_the_result(picks in prop::collection::vec(any::<u32>(), 8..64), seed in any::<u64>()) {
    let a = assessment(&picks);
    let yaml = a.to_yaml(&CONTENT);
    let mut doc: yaml_serde::Value = yaml_serde::from_str(&yaml).expect("written YAML parses");
    let answers = doc.get_mut("answers").and_then(|v| v.as_mapping_mut()).expect("answers");
    let mut entries: Vec<(yaml_serde::Value, yaml_serde::Value)> = std::mem::take(answers).into_iter().collect();
    // A deterministic shuffle from the seed.
    let mut state = seed | 1;
    for i in (1..entries.len()).rev() {
      state ^= state << 13; state ^= state >> 7; state ^= state << 17;
      entries.swap(i, (state % (i as u64 + 1)) as usize);
    }
    answers.extend(entries);
    let shuffled = yaml_serde::to_string(&doc).expect("serialises");
    let parse = |text: &str| {
      let file = SourceFile::new("a.yaml", text);
      Assessment::parse(&file, &CONTENT, Completeness::Partial).expect("valid")
    };
    let (x, y) = (score(&parse(&yaml)), score(&parse(&shuffled)));
    prop_assert_eq!(serde_json::to_string(&x).expect("json"), serde_json::to_string(&y).expect("json"));
  }

  #[test]
  fn written_assessments_read_back_identically(picks in prop::collection::vec(any::<u32>(), 8..64)) {
    let a = assessment(&picks);
    let file = SourceFile::new("a.yaml", a.to_yaml(&CONTENT));
    let back = Assessment::parse(&file, &CONTENT, Completeness::Partial).expect("valid");
    prop_assert_eq!(back, a);
  }
}
