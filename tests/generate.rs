//! Valid assessments drawn from random numbers, for property tests.

use coopdx::assessment::{Answer, ProfileValue, Response};
use coopdx::content::{AnswerValue, QuestionKind};
use coopdx::{Assessment, Content, Score};
use rust_decimal::Decimal;
use std::sync::LazyLock;

pub static CONTENT: LazyLock<Content> = LazyLock::new(|| Content::embedded().expect("content"));

/// A valid assessment drawn from `picks`: a profile, then an answer for
/// every question, then only the answers to questions that apply.
pub fn assessment(picks: &[u32]) -> Assessment {
  let content = &*CONTENT;
  let mut next = {
    let mut i = 0;
    move || {
      i += 1;
      picks[i % picks.len()]
    }
  };
  let mut a = Assessment::new(content);
  let mut choose = |field: &str| {
    let options = &content.questionnaire.field(field).expect("field").options;
    ProfileValue::Text(options[next() as usize % options.len()].id.clone())
  };
  a.profile.insert(
    "name".into(),
    ProfileValue::Text("Hợp tác xã Thử nghiệm".into()),
  );
  a.profile.insert("province".into(), choose("province"));
  a.profile.insert("legal_form".into(), choose("legal_form"));
  a.profile.insert("sector".into(), choose("sector"));
  a.profile.insert(
    "members".into(),
    ProfileValue::Integer(i64::from(next() % 500)),
  );
  a.profile.insert(
    "workers".into(),
    ProfileValue::Integer(i64::from(next() % 3)),
  );
  for q in &content.questionnaire.questions {
    let roll = next() % 12;
    let answer = if q.allow_na && roll == 0 {
      Answer::NotApplicable
    } else if q.allow_dont_know && roll == 1 {
      Answer::DontKnow
    } else {
      Answer::Given(match q.kind {
        QuestionKind::Choice | QuestionKind::Grid => {
          AnswerValue::Choice(q.options[next() as usize % q.options.len()].id.clone())
        }
        QuestionKind::Multi => {
          let bits = next();
          match q.options.iter().find(|o| o.exclusive) {
            Some(none) if bits % 5 == 0 => AnswerValue::Multi(vec![none.id.clone()]),
            _ => AnswerValue::Multi(
              q.options
                .iter()
                .enumerate()
                .filter(|(i, o)| !o.exclusive && bits & (1 << i) != 0)
                .map(|(_, o)| o.id.clone())
                .collect(),
            ),
          }
        }
        QuestionKind::Number => AnswerValue::Number(Decimal::from(next() % 12)),
        QuestionKind::Percent => AnswerValue::Number(Decimal::new(i64::from(next() % 1001), 1)),
        QuestionKind::Text => AnswerValue::Text("ghi chú".into()),
      })
    };
    a.responses
      .insert(q.id.clone(), Response { answer, note: None });
  }
  prune(&mut a);
  a
}

/// Drops answers to questions that do not apply, until none is left.
pub fn prune(a: &mut Assessment) {
  loop {
    let applies = a.applicability(&CONTENT).expect("conditions evaluate");
    let before = a.responses.len();
    for (q, applies) in CONTENT.questionnaire.questions.iter().zip(applies) {
      if !applies {
        a.responses.remove(&q.id);
      }
    }
    if a.responses.len() == before {
      return;
    }
  }
}

pub fn score(a: &Assessment) -> Score {
  coopdx::score(&CONTENT, a).expect("scores")
}
