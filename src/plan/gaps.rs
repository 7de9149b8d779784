//! The gap-to-action map: every question `score` lists under a gap gets an
//! answer in the plan.

use super::roadmap::{Deferred, GapAnswer, GapStatus, PlannedAction};
use crate::advice::describe;
use crate::assessment::Assessment;
use crate::content::Content;
use crate::scoring::Score;
use crate::text::Lang;

/// One [`GapAnswer`] per question listed under a gap, in the order `score`
/// lists them: the planned actions that address it; else the deferred or
/// left-out action with its reason; else why its action is not proposed
/// yet (`not_yet` of the action); else the content's reason why no action
/// applies (`no_action` of the question). A question none of these
/// answers is `uncovered`, which the content must never produce (a test
/// checks every example).
pub(super) fn answer(
  content: &Content,
  assessment: &Assessment,
  score: &Score,
  actions: &[PlannedAction],
  deferred: &[Deferred],
  left_out: &[Deferred],
) -> Vec<GapAnswer> {
  let addresses = |action: &str, q: &str| {
    content
      .action(action)
      .is_some_and(|a| a.addresses.iter().any(|x| x == q))
  };
  let vars = [
    assessment.text_vars(content, Lang::Vi),
    assessment.text_vars(content, Lang::En),
  ];
  let mut out = Vec::new();
  for gap in &score.gaps {
    for id in &gap.questions {
      let Some(q) = content.questionnaire.questions.iter().find(|q| &q.id == id) else {
        continue;
      };
      let answer = assessment.responses.get(id).map(|r| &r.answer);
      let scheduled: Vec<String> = actions
        .iter()
        .filter(|a| addresses(&a.id, id))
        .map(|a| a.id.clone())
        .collect();
      let waiting = |list: &[Deferred]| list.iter().find(|d| addresses(&d.id, id)).cloned();
      let (status, actions, reason) = if !scheduled.is_empty() {
        (GapStatus::Scheduled, scheduled, None)
      } else if let Some(d) = waiting(deferred) {
        (
          GapStatus::Deferred,
          vec![d.id],
          Some((d.reason_vi, d.reason_en)),
        )
      } else if let Some(d) = waiting(left_out) {
        (
          GapStatus::LeftOut,
          vec![d.id],
          Some((d.reason_vi, d.reason_en)),
        )
      } else if let Some((a, t)) = content
        .actions
        .iter()
        .filter(|a| a.addresses.iter().any(|x| x == id))
        .find_map(|a| a.not_yet.as_ref().map(|t| (a, t)))
      {
        let vi = content.render_text(&t.vi, &vars[0]);
        let en = content.render_text(&t.en, &vars[1]);
        (GapStatus::NotYet, vec![a.id.clone()], Some((vi, en)))
      } else if let Some(t) = &q.no_action {
        let vi = content.render_text(&t.vi, &vars[0]);
        let en = content.render_text(&t.en, &vars[1]);
        (GapStatus::NoAction, Vec::new(), Some((vi, en)))
      } else {
        let m = |lang: Lang| content.message("gap_uncovered", lang, &vars[lang as usize]);
        (
          GapStatus::Uncovered,
          Vec::new(),
          Some((m(Lang::Vi), m(Lang::En))),
        )
      };
      out.push(GapAnswer {
        dimension: gap.dimension.clone(),
        question: id.clone(),
        text_vi: assessment.question_text_alone(content, q, Lang::Vi),
        text_en: assessment.question_text_alone(content, q, Lang::En),
        answer_vi: describe(content, assessment, q, answer, Lang::Vi),
        answer_en: describe(content, assessment, q, answer, Lang::En),
        status,
        actions,
        reason_vi: reason.as_ref().map(|r| r.0.clone()),
        reason_en: reason.map(|r| r.1),
      });
    }
  }
  out
}
