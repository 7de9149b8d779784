//! The pages of an assessment on the web: the profile, one page per
//! dimension that has questions for this cooperative, the review. Which
//! dimensions have questions follows the answers (`when`), so the list is
//! computed again on every request.

use crate::assessment::Assessment;
use crate::content::{Content, ProfileField, Question};
use crate::error::Error;
use crate::interview::{Interview, Step as InterviewStep};

/// A page of the assessment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
  /// The cooperative's profile.
  Profile,
  /// The questions of one dimension (its id).
  Dimension(String),
  /// Every answer, to check before finishing.
  Review,
}

impl Step {
  /// The page's address under `/a/{id}`.
  pub fn url(&self, id: &str) -> String {
    match self {
      Step::Profile => format!("/a/{id}/profile"),
      Step::Dimension(d) => format!("/a/{id}/d/{d}"),
      Step::Review => format!("/a/{id}/review"),
    }
  }
}

/// Which pages and questions apply to one state of the answers, decided
/// once: a page asks it for the list of pages and for its own questions,
/// and each asking used to evaluate every `when` again.
pub struct Applicable<'c> {
  content: &'c Content,
  applies: Vec<bool>,
}

impl<'c> Applicable<'c> {
  /// What applies to `assessment` as it stands.
  pub fn of(content: &'c Content, assessment: &Assessment) -> Result<Self, Error> {
    Ok(Self {
      content,
      applies: assessment.applicability(content)?,
    })
  }

  /// The pages in order.
  pub fn steps(&self) -> Vec<Step> {
    let mut steps = vec![Step::Profile];
    for d in &self.content.dimensions {
      if self.in_dimension(&d.id).next().is_some() {
        steps.push(Step::Dimension(d.id.clone()));
      }
    }
    steps.push(Step::Review);
    steps
  }

  /// The questions of dimension `dimension` that apply, in order.
  pub fn questions(&self, dimension: &str) -> Vec<&'c Question> {
    self.in_dimension(dimension).collect()
  }

  fn in_dimension<'a>(&'a self, dimension: &'a str) -> impl Iterator<Item = &'c Question> + 'a {
    let questions = &self.content.questionnaire.questions;
    questions
      .iter()
      .zip(&self.applies)
      .filter(move |(q, a)| **a && q.dimension == dimension)
      .map(|(q, _)| q)
  }
}

/// The pages in order.
pub fn steps(content: &Content, assessment: &Assessment) -> Result<Vec<Step>, Error> {
  Ok(Applicable::of(content, assessment)?.steps())
}

/// The profile fields that apply, in form order.
pub fn profile_fields<'c>(
  content: &'c Content,
  assessment: &Assessment,
) -> Result<Vec<&'c ProfileField>, Error> {
  let mut out = Vec::new();
  for f in &content.questionnaire.profile {
    if assessment.field_applies(content, f)? {
      out.push(f);
    }
  }
  Ok(out)
}

/// Where to continue: the first page with a required answer missing, else
/// the review.
pub fn resume(content: &Content, assessment: &Assessment) -> Result<Step, Error> {
  let interview = Interview::new(content, assessment.clone());
  Ok(match interview.first_missing()? {
    InterviewStep::Profile(_) => Step::Profile,
    InterviewStep::Question(i) => {
      Step::Dimension(content.questionnaire.questions[i].dimension.clone())
    }
    InterviewStep::Review | InterviewStep::Done => Step::Review,
  })
}

/// The page before and after `step`, and its position (1-based) and the
/// number of pages: "Trang 3/9".
pub fn around(steps: &[Step], step: &Step) -> (Option<Step>, Option<Step>, usize, usize) {
  let i = steps.iter().position(|s| s == step).unwrap_or(0);
  (
    i.checked_sub(1).and_then(|j| steps.get(j)).cloned(),
    steps.get(i + 1).cloned(),
    i + 1,
    steps.len(),
  )
}
