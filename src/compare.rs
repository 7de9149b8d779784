//! Progress between two assessments of the same cooperative (T0 → T1).
//!
//! Pure: both assessments are scored and planned with the same content; the
//! old plan's actions whose outcome is now in place are reported as done.

use crate::advice::{describe, facts, is_done};
use crate::assessment::Assessment;
use crate::assessment::{ProfileValue, QuestionnaireRef};
use crate::content::Content;
use crate::error::Error;
use crate::plan::{PlanOptions, plan};
use crate::scoring::{GateStatus, Score, Status, score};
use crate::text::{Lang, nfc};
use rust_decimal::Decimal;
use rust_decimal::serde::{float, float_option};
use serde::Serialize;
use std::collections::BTreeMap;

/// One assessment's headline figures.
#[derive(Clone, Debug, Serialize)]
pub struct Snapshot {
  /// T0, T1...
  pub stage: String,
  /// `dd/mm/yyyy`.
  pub date: Option<String>,
  /// Readiness index.
  #[serde(with = "float")]
  pub index: Decimal,
  /// Level number.
  pub level: u8,
  /// Level name, Vietnamese.
  pub level_vi: String,
  /// Level name, English.
  pub level_en: String,
}

/// A dimension's change.
#[derive(Clone, Debug, Serialize)]
pub struct DimensionChange {
  /// Dimension id.
  pub id: String,
  /// Vietnamese name.
  pub name_vi: String,
  /// English name.
  pub name_en: String,
  /// Score before.
  #[serde(with = "float_option")]
  pub old: Option<Decimal>,
  /// Score after.
  #[serde(with = "float_option")]
  pub new: Option<Decimal>,
  /// After − before, when both exist.
  #[serde(with = "float_option")]
  pub delta: Option<Decimal>,
}

/// A question whose answer scored differently.
#[derive(Clone, Debug, Serialize)]
pub struct AnswerChange {
  /// Question id.
  pub id: String,
  /// Its dimension.
  pub dimension: String,
  /// The question, Vietnamese.
  pub text_vi: String,
  /// The question, English.
  pub text_en: String,
  /// Answer before, as read, Vietnamese.
  pub old_vi: String,
  /// Answer before, English.
  pub old_en: String,
  /// Answer after, Vietnamese.
  pub new_vi: String,
  /// Answer after, English.
  pub new_en: String,
  /// Score 0..1 before.
  #[serde(with = "float")]
  pub old_score: Decimal,
  /// Score 0..1 after.
  #[serde(with = "float")]
  pub new_score: Decimal,
}

/// An action by id and title.
#[derive(Clone, Debug, Serialize)]
pub struct ActionRef {
  /// Action id.
  pub id: String,
  /// Title, Vietnamese.
  pub title_vi: String,
  /// Title, English.
  pub title_en: String,
}

/// A dimension that became a gap.
#[derive(Clone, Debug, Serialize)]
pub struct GapRef {
  /// Dimension id.
  pub dimension: String,
  /// Vietnamese name.
  pub name_vi: String,
  /// English name.
  pub name_en: String,
  /// Its score now.
  #[serde(with = "float")]
  pub score: Decimal,
}

/// What changed between two assessments: `coopdx compare --format json`.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
  /// The questionnaire both answer.
  pub questionnaire: QuestionnaireRef,
  /// The cooperative, as in the newer assessment.
  pub cooperative: BTreeMap<String, ProfileValue>,
  /// The earlier assessment.
  pub old: Snapshot,
  /// The later assessment.
  pub new: Snapshot,
  /// Index after − before.
  #[serde(with = "float")]
  pub index_delta: Decimal,
  /// Level after − before.
  pub level_delta: i32,
  /// Per-dimension change, in content order.
  pub dimensions: Vec<DimensionChange>,
  /// Answers that now score higher.
  pub improved: Vec<AnswerChange>,
  /// Answers that now score lower.
  pub regressed: Vec<AnswerChange>,
  /// Actions of the earlier plan whose outcome is now in place.
  pub done_actions: Vec<ActionRef>,
  /// Actions of the earlier plan still to do.
  pub open_actions: Vec<ActionRef>,
  /// Dimensions that are gaps now and were not before.
  pub new_gaps: Vec<GapRef>,
  /// Gates that failed (or were undetermined) at the earlier assessment and
  /// now pass.
  pub gates_lifted: Vec<GateChange>,
  /// Gates that fail (or are undetermined) now, with their earlier status.
  pub gates_failing: Vec<GateChange>,
}

/// Whether two assessments are of the same cooperative: the same
/// identification number when both have one, otherwise the same name.
pub fn same_cooperative(old: &Assessment, new: &Assessment) -> bool {
  let id = |a: &Assessment| {
    a.profile
      .get("id_number")
      .and_then(ProfileValue::as_str)
      .map(str::to_owned)
  };
  match (id(old), id(new)) {
    (Some(a), Some(b)) => a == b,
    _ => nfc(old.name()).to_lowercase() == nfc(new.name()).to_lowercase(),
  }
}

fn snapshot(s: &Score) -> Snapshot {
  Snapshot {
    stage: s.assessment.stage.clone(),
    date: s.assessment.date.clone(),
    index: s.index,
    level: s.level.number,
    level_vi: s.level.name_vi.clone(),
    level_en: s.level.name_en.clone(),
  }
}

/// A gate's standing at both assessments.
#[derive(Clone, Debug, Serialize)]
pub struct GateChange {
  /// Gate id.
  pub id: String,
  /// What it checks, Vietnamese.
  pub name_vi: String,
  /// What it checks, English.
  pub name_en: String,
  /// Its status at the earlier assessment.
  pub old_status: GateStatus,
  /// Its status now.
  pub new_status: GateStatus,
  /// Highest level while it fails.
  pub max_level: u8,
  /// Why it fails now (none when it passes), Vietnamese.
  pub reason_vi: Option<String>,
  /// The same in English.
  pub reason_en: Option<String>,
}

/// Compares two assessments of the same cooperative.
pub fn compare(
  content: &Content,
  old: &Assessment,
  new: &Assessment,
  lang: Lang,
) -> Result<Comparison, Error> {
  if old.questionnaire != new.questionnaire {
    return Err(Error::Input {
      message: content.message(
        "compare_different_questionnaires",
        lang,
        &minijinja::context! { old => format!("{} {}", old.questionnaire.id, old.questionnaire.version), new => format!("{} {}", new.questionnaire.id, new.questionnaire.version) },
      ),
    });
  }
  let (before, after) = (score(content, old)?, score(content, new)?);
  let dimensions = before
    .dimensions
    .iter()
    .zip(&after.dimensions)
    .map(|(b, a)| DimensionChange {
      id: a.id.clone(),
      name_vi: a.name_vi.clone(),
      name_en: a.name_en.clone(),
      old: b.score,
      new: a.score,
      delta: b.score.zip(a.score).map(|(b, a)| a - b),
    })
    .collect();
  let (improved, regressed) = answer_changes(content, (old, &before), (new, &after));
  let (done_actions, open_actions) = action_progress(content, (old, &before), (new, &after))?;
  let (gates_lifted, gates_failing) = gate_changes(&before, &after);
  let new_gaps = after
    .gaps
    .iter()
    .filter(|g| !before.gaps.iter().any(|b| b.dimension == g.dimension))
    .map(|g| GapRef {
      dimension: g.dimension.clone(),
      name_vi: g.name_vi.clone(),
      name_en: g.name_en.clone(),
      score: g.score,
    })
    .collect();
  Ok(Comparison {
    questionnaire: new.questionnaire.clone(),
    cooperative: new.profile.clone(),
    index_delta: after.index - before.index,
    level_delta: i32::from(after.level.number) - i32::from(before.level.number),
    old: snapshot(&before),
    new: snapshot(&after),
    dimensions,
    improved,
    regressed,
    done_actions,
    open_actions,
    new_gaps,
    gates_lifted,
    gates_failing,
  })
}

/// Answers whose score rose and fell, in questionnaire order.
fn answer_changes(
  content: &Content,
  (old, before): (&Assessment, &Score),
  (new, after): (&Assessment, &Score),
) -> (Vec<AnswerChange>, Vec<AnswerChange>) {
  let mut improved = Vec::new();
  let mut regressed = Vec::new();
  for ((q, b), a) in content
    .questionnaire
    .questions
    .iter()
    .zip(&before.questions)
    .zip(&after.questions)
  {
    let counts = |s: &crate::scoring::QuestionScore| {
      s.scored && matches!(s.status, Status::Answered | Status::DontKnow)
    };
    if !(counts(b) && counts(a)) || a.score == b.score {
      continue;
    }
    let answer = |x: &Assessment, lang| {
      describe(
        content,
        x,
        q,
        x.responses.get(&q.id).map(|r| &r.answer),
        lang,
      )
    };
    let change = AnswerChange {
      id: q.id.clone(),
      dimension: q.dimension.clone(),
      text_vi: new.question_text_alone(content, q, Lang::Vi),
      text_en: new.question_text_alone(content, q, Lang::En),
      old_vi: answer(old, Lang::Vi),
      old_en: answer(old, Lang::En),
      new_vi: answer(new, Lang::Vi),
      new_en: answer(new, Lang::En),
      old_score: b.score,
      new_score: a.score,
    };
    if a.score > b.score {
      improved.push(change)
    } else {
      regressed.push(change)
    }
  }
  (improved, regressed)
}

/// The earlier plan's actions, done by now or still open.
fn action_progress(
  content: &Content,
  (old, before): (&Assessment, &Score),
  (new, after): (&Assessment, &Score),
) -> Result<(Vec<ActionRef>, Vec<ActionRef>), Error> {
  let old_plan = plan(content, old, before, PlanOptions::default())?;
  let new_facts = facts(content, new, after);
  let mut done_actions = Vec::new();
  let mut open_actions = Vec::new();
  for planned in &old_plan.actions {
    let Some(action) = content.action(&planned.id) else {
      continue;
    };
    let r = ActionRef {
      id: action.id.clone(),
      title_vi: planned.title_vi.clone(),
      title_en: planned.title_en.clone(),
    };
    if is_done(content, action, &new_facts)? {
      done_actions.push(r)
    } else {
      open_actions.push(r)
    }
  }
  Ok((done_actions, open_actions))
}

/// Gates lifted since the earlier assessment, and gates failing now.
fn gate_changes(before: &Score, after: &Score) -> (Vec<GateChange>, Vec<GateChange>) {
  let gate_changes: Vec<GateChange> = before
    .gates
    .iter()
    .zip(&after.gates)
    .map(|(b, a)| GateChange {
      id: a.id.clone(),
      name_vi: a.name_vi.clone(),
      name_en: a.name_en.clone(),
      old_status: b.status,
      new_status: a.status,
      max_level: a.max_level,
      reason_vi: a.reason_vi.clone(),
      reason_en: a.reason_en.clone(),
    })
    .collect();
  let gates_lifted = gate_changes
    .iter()
    .filter(|g| before.gates.iter().any(|b| b.id == g.id && b.fails()))
    .filter(|g| matches!(g.new_status, GateStatus::Passed | GateStatus::NotApplicable))
    .cloned()
    .collect();
  let gates_failing = gate_changes
    .into_iter()
    .filter(|g| matches!(g.new_status, GateStatus::Failed | GateStatus::Undetermined))
    .collect();
  (gates_lifted, gates_failing)
}
