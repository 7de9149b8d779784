//! The guided interview as a state machine, without a terminal: which step
//! comes next, going back, `when` re-evaluated after every change, resume.
//!
//! The terminal front end (`cli/interview.rs`) only asks what [`Interview::step`]
//! says and hands the answers back; every rule lives here, where it is tested.

use crate::assessment::Assessment;
use crate::assessment::{ProfileValue, Response};
use crate::content::Content;
use crate::error::Error;

/// Where the interview is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
  /// The profile field at this position of the form.
  Profile(usize),
  /// The question at this position of the questionnaire.
  Question(usize),
  /// Every answer listed, to change any of them or finish.
  Review,
  /// Finished.
  Done,
}

/// An interview in progress.
#[derive(Debug)]
pub struct Interview<'c> {
  content: &'c Content,
  /// The assessment being filled in; saved after every change.
  pub assessment: Assessment,
  step: Step,
  history: Vec<Step>,
}

impl<'c> Interview<'c> {
  /// A new interview, starting with the profile.
  pub fn new(content: &'c Content, assessment: Assessment) -> Self {
    Self {
      content,
      assessment,
      step: Step::Profile(0),
      history: Vec::new(),
    }
  }

  /// An interview continuing `assessment`: at the first required profile
  /// field left empty, else the first unanswered question, else the review.
  pub fn resume(content: &'c Content, assessment: Assessment) -> Result<Self, Error> {
    let mut interview = Self::new(content, assessment);
    interview.step = match interview.interrupted_profile()? {
      Some(step) => step,
      None => interview.first_missing()?,
    };
    Ok(interview)
  }

  /// Goes to the first of `questions` that still applies, if it comes
  /// before where the interview would resume: answers dropped on resume
  /// (the questionnaire changed) are asked again, optional ones too.
  pub fn ask_again(&mut self, questions: &[&str]) -> Result<(), Error> {
    let applies = self.applicable()?;
    let first = self
      .content
      .questionnaire
      .questions
      .iter()
      .enumerate()
      .find(|(i, q)| {
        questions.contains(&q.id.as_str()) && applies.get(*i).copied().unwrap_or(false)
      })
      .map(|(i, _)| i);
    if let Some(i) = first {
      let earlier = match self.step {
        Step::Question(j) => i < j,
        Step::Review | Step::Done => true,
        Step::Profile(_) => false,
      };
      if earlier {
        self.step = Step::Question(i);
      }
    }
    Ok(())
  }

  /// Where an interview stopped during the profile: before any question
  /// was answered, the first field left empty, optional ones included (an
  /// optional field skipped on purpose is asked once more, which costs an
  /// Enter; one interrupted is not lost).
  fn interrupted_profile(&self) -> Result<Option<Step>, Error> {
    if !self.assessment.responses.is_empty() {
      return Ok(None);
    }
    for (i, f) in self.content.questionnaire.profile.iter().enumerate() {
      if !self.assessment.profile.contains_key(&f.id)
        && self.assessment.field_applies(self.content, f)?
      {
        return Ok(Some(Step::Profile(i)));
      }
    }
    Ok(None)
  }

  /// The current step.
  pub fn step(&self) -> Step {
    self.step
  }

  /// Which questions apply, given the answers so far.
  pub fn applicable(&self) -> Result<Vec<bool>, Error> {
    self.assessment.applicability(self.content)
  }

  /// The first step with something still to fill in.
  pub fn first_missing(&self) -> Result<Step, Error> {
    let profile = &self.content.questionnaire.profile;
    for (i, f) in profile.iter().enumerate() {
      if f.required
        && !self.assessment.profile.contains_key(&f.id)
        && self.assessment.field_applies(self.content, f)?
      {
        return Ok(Step::Profile(i));
      }
    }
    let applies = self.applicable()?;
    let questions = &self.content.questionnaire.questions;
    let missing = questions.iter().zip(&applies).position(|(q, applies)| {
      *applies && q.required && !self.assessment.responses.contains_key(&q.id)
    });
    Ok(missing.map_or(Step::Review, Step::Question))
  }

  /// Position of question `index` among the questions that apply (1-based)
  /// and how many apply: "Câu 12/54".
  pub fn progress(&self, index: usize) -> Result<(usize, usize), Error> {
    let applies = self.applicable()?;
    let before = applies.iter().take(index + 1).filter(|a| **a).count();
    Ok((before.max(1), applies.iter().filter(|a| **a).count()))
  }

  /// Records a profile value (`None` clears it) and returns the questions
  /// whose answers no longer apply and were dropped.
  pub fn set_profile(
    &mut self,
    field: &str,
    value: Option<ProfileValue>,
  ) -> Result<Vec<String>, Error> {
    match value {
      Some(v) => self.assessment.profile.insert(field.to_owned(), v),
      None => self.assessment.profile.remove(field),
    };
    // A field that no longer applies (the branch of agriculture after the
    // sector changed) is cleared.
    for f in &self.content.questionnaire.profile {
      if self.assessment.profile.contains_key(&f.id)
        && !self.assessment.field_applies(self.content, f)?
      {
        self.assessment.profile.remove(&f.id);
      }
    }
    self.prune()
  }

  /// Records an answer (`None` clears it) and returns the questions whose
  /// answers no longer apply and were dropped.
  pub fn set_answer(
    &mut self,
    question: &str,
    response: Option<Response>,
  ) -> Result<Vec<String>, Error> {
    match response {
      Some(r) => self.assessment.responses.insert(question.to_owned(), r),
      None => self.assessment.responses.remove(question),
    };
    self.prune()
  }

  /// Records the answers of a whole page (`None` clears one), then drops
  /// the answers that no longer apply. Deciding once for the page rather
  /// than after each answer is cheaper, and keeps a later answer that one
  /// change on the page would drop and another brings back.
  pub fn set_answers(
    &mut self,
    answers: Vec<(String, Option<Response>)>,
  ) -> Result<Vec<String>, Error> {
    for (question, response) in answers {
      match response {
        Some(r) => self.assessment.responses.insert(question, r),
        None => self.assessment.responses.remove(&question),
      };
    }
    self.prune()
  }

  /// Drops answers to questions that no longer apply, until none is left.
  fn prune(&mut self) -> Result<Vec<String>, Error> {
    let mut dropped = Vec::new();
    loop {
      let applies = self.applicable()?;
      let gone: Vec<String> = self
        .content
        .questionnaire
        .questions
        .iter()
        .zip(applies)
        .filter(|(q, applies)| !applies && self.assessment.responses.contains_key(&q.id))
        .map(|(q, _)| q.id.clone())
        .collect();
      if gone.is_empty() {
        return Ok(dropped);
      }
      for id in &gone {
        self.assessment.responses.remove(id);
      }
      dropped.extend(gone);
    }
  }

  /// Moves on to the step after the current one.
  pub fn advance(&mut self) -> Result<(), Error> {
    let next = self.next_after(self.step)?;
    self.history.push(self.step);
    self.step = next;
    Ok(())
  }

  /// Jumps to `step` (from the review), remembering where it came from.
  pub fn goto(&mut self, step: Step) {
    self.history.push(self.step);
    self.step = step;
  }

  /// Goes back to the previous step; false at the very start.
  pub fn back(&mut self) -> Result<bool, Error> {
    // A remembered question may no longer apply: skip it.
    while let Some(previous) = self.history.pop() {
      let still_there = match previous {
        Step::Question(i) => self.applicable()?.get(i).copied().unwrap_or(false),
        Step::Profile(i) => match self.content.questionnaire.profile.get(i) {
          Some(f) => self.assessment.field_applies(self.content, f)?,
          None => false,
        },
        _ => true,
      };
      if still_there {
        self.step = previous;
        return Ok(true);
      }
    }
    Ok(false)
  }

  /// After an answer given from the review: to the first thing now missing
  /// (a change may open new questions), else back to the review.
  pub fn return_to_review(&mut self) -> Result<(), Error> {
    self.history.push(self.step);
    self.step = self.first_missing()?;
    Ok(())
  }

  fn next_after(&self, step: Step) -> Result<Step, Error> {
    let fields = &self.content.questionnaire.profile;
    let from = match step {
      Step::Profile(i) => {
        for (j, f) in fields.iter().enumerate().skip(i + 1) {
          if self.assessment.field_applies(self.content, f)? {
            return Ok(Step::Profile(j));
          }
        }
        0
      }
      Step::Question(i) => i + 1,
      Step::Review | Step::Done => return Ok(Step::Done),
    };
    let applies = self.applicable()?;
    Ok(
      applies
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, a)| **a)
        .map_or(Step::Review, |(i, _)| Step::Question(i)),
    )
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::assessment::Answer;
  use crate::content::AnswerValue;

  fn content() -> Content {
    Content::embedded().expect("content")
  }

  fn choice(id: &str) -> Option<Response> {
    Some(Response {
      answer: Answer::Given(AnswerValue::Choice(id.into())),
      note: None,
    })
  }

  fn position(c: &Content, id: &str) -> usize {
    c.questionnaire.position(id).expect("question")
  }

  fn profiled(c: &Content) -> Interview<'_> {
    let mut i = Interview::new(c, Assessment::new(c));
    for (field, value) in [
      ("name", "HTX Thử"),
      ("province", "son_la"),
      ("legal_form", "htx"),
      ("sector", "agriculture"),
    ] {
      i.set_profile(field, Some(ProfileValue::Text(value.into())))
        .expect("set");
    }
    i.set_profile("members", Some(ProfileValue::Integer(20)))
      .expect("set");
    i
  }

  #[test]
  fn profile_comes_first_then_the_questions_in_order() {
    let c = content();
    let mut i = profiled(&c);
    assert_eq!(i.step(), Step::Profile(0));
    for _ in 0..c.questionnaire.profile.len() {
      i.advance().expect("advances");
    }
    assert_eq!(i.step(), Step::Question(0));
    i.advance().expect("advances");
    assert_eq!(i.step(), Step::Question(1));
  }

  #[test]
  fn a_question_that_does_not_apply_is_not_asked() {
    let c = content();
    let mut i = profiled(&c);
    // LD07 is asked only with at least an informal plan.
    i.set_answer("LD01", choice("none")).expect("answers");
    i.goto(Step::Question(position(&c, "LD06")));
    i.advance().expect("advances");
    // LD08 is for cooperative unions only: the next question is PE01.
    assert_eq!(i.step(), Step::Question(position(&c, "PE01")));
    assert_ne!(i.step(), Step::Question(position(&c, "LD07")));
    i.set_answer("LD01", choice("informal")).expect("answers");
    i.goto(Step::Question(position(&c, "LD06")));
    i.advance().expect("advances");
    assert_eq!(i.step(), Step::Question(position(&c, "LD07")));
  }

  #[test]
  fn changing_an_earlier_answer_drops_answers_that_no_longer_apply() {
    let c = content();
    let mut i = profiled(&c);
    i.set_answer("LD01", choice("informal")).expect("answers");
    i.set_answer("LD07", choice("yes")).expect("answers");
    let dropped = i.set_answer("LD01", choice("interested")).expect("answers");
    assert_eq!(dropped, vec!["LD07".to_string()]);
    assert!(!i.assessment.responses.contains_key("LD07"));
    // A profile change too: a cooperative group has no e-invoice question.
    i.set_answer("GO02", choice("all_sales")).expect("answers");
    let dropped = i
      .set_profile("legal_form", Some(ProfileValue::Text("to_hop_tac".into())))
      .expect("set");
    assert!(dropped.contains(&"GO02".to_string()));
  }

  #[test]
  fn going_back_returns_to_the_previous_question() {
    let c = content();
    let mut i = profiled(&c);
    i.goto(Step::Question(0));
    i.advance().expect("advances");
    i.advance().expect("advances");
    assert_eq!(i.step(), Step::Question(2));
    assert!(i.back().expect("back"));
    assert_eq!(i.step(), Step::Question(1));
    assert!(i.back().expect("back"));
    assert_eq!(i.step(), Step::Question(0));
  }

  #[test]
  fn going_back_skips_a_question_that_stopped_applying() {
    let c = content();
    let mut i = profiled(&c);
    i.set_answer("LD01", choice("informal")).expect("answers");
    i.goto(Step::Question(position(&c, "LD07")));
    i.advance().expect("advances");
    i.set_answer("LD01", choice("none")).expect("answers");
    assert!(i.back().expect("back"));
    assert_eq!(
      i.step(),
      Step::Profile(0),
      "LD07 no longer applies, so back goes past it"
    );
  }

  #[test]
  fn resume_continues_at_the_first_unanswered_question() {
    let c = content();
    let mut i = profiled(&c);
    i.set_answer("LD01", choice("none")).expect("answers");
    i.set_answer("LD02", choice("no")).expect("answers");
    let resumed = Interview::resume(&c, i.assessment.clone()).expect("resumes");
    assert_eq!(resumed.step(), Step::Question(position(&c, "LD03")));
    // A missing required profile field comes first.
    let mut a = i.assessment.clone();
    a.profile.remove("sector");
    let resumed = Interview::resume(&c, a).expect("resumes");
    assert_eq!(
      resumed.step(),
      Step::Profile(
        c.questionnaire
          .profile
          .iter()
          .position(|f| f.id == "sector")
          .expect("field")
      )
    );
  }

  #[test]
  fn progress_counts_only_questions_that_apply() {
    let c = content();
    let i = profiled(&c);
    let (n, total) = i.progress(position(&c, "PE01")).expect("progress");
    let applies = i.applicable().expect("applies");
    assert_eq!(total, applies.iter().filter(|a| **a).count());
    assert!(n > 1 && n < total);
    assert!(
      total < c.questionnaire.questions.len(),
      "credit-fund questions do not apply to a farm"
    );
  }

  /// An optional answer dropped when the questionnaire changed is asked
  /// again, not silently lost.
  #[test]
  fn a_dropped_optional_answer_is_asked_again() {
    let content = content();
    let text = include_str!("../../examples/htx-nong-nghiep-khoi-dau.yaml");
    let mut a = Assessment::parse(
      &crate::source::SourceFile::new("a.yaml", text),
      &content,
      crate::assessment::Completeness::Complete,
    )
    .expect("a complete example");
    let nt01 = content.questionnaire.position("NT01").expect("NT01");
    a.responses.remove("NT01");
    let mut i = Interview::resume(&content, a).expect("resumes");
    assert_eq!(i.step(), Step::Review, "nothing required is missing");
    i.ask_again(&["NT01"]).expect("applies");
    assert_eq!(i.step(), Step::Question(nt01));
  }
}
