//! The gap-to-action map: every question `score` lists under a gap gets an
//! answer in the plan.

use super::Detail;
use super::roadmap::{Deferred, GapAnswer, GapStatus, PlannedAction};
use crate::advice::describe;
use crate::assessment::Assessment;
use crate::content::Content;
use crate::scoring::Score;
use crate::text::{Lang, Text};

/// What the plan did with the advised actions.
#[derive(Clone, Copy)]
pub(super) struct Planned<'a> {
  pub actions: &'a [PlannedAction],
  pub deferred: &'a [Deferred],
  pub left_out: &'a [Deferred],
}

/// One [`GapAnswer`] per question listed under a gap, in the order `score`
/// lists them: the planned actions that address it; else the deferred or
/// left-out action with its reason; else why its action is not proposed
/// yet (`not_yet` of the action); else the content's reason why no action
/// applies (`no_action` of the question). A question none of these
/// answers is `uncovered`, which the content must never produce (a test
/// checks every example). With [`Detail::Figures`], statuses and actions
/// only: the texts are empty (a summary counts gaps, it does not read them).
pub(super) fn answer(
  content: &Content,
  assessment: &Assessment,
  score: &Score,
  planned: &Planned<'_>,
  detail: Detail,
) -> Vec<GapAnswer> {
  let Planned {
    actions,
    deferred,
    left_out,
  } = *planned;
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
      let render = |t: &Text, lang: Lang| {
        detail.full(|| content.render_text(t.get(lang), &vars[lang as usize]))
      };
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
        let reason = (render(t, Lang::Vi), render(t, Lang::En));
        (GapStatus::NotYet, vec![a.id.clone()], Some(reason))
      } else if let Some(t) = &q.no_action {
        let reason = (render(t, Lang::Vi), render(t, Lang::En));
        (GapStatus::NoAction, Vec::new(), Some(reason))
      } else {
        let m =
          |lang: Lang| detail.full(|| content.message("gap_uncovered", lang, &vars[lang as usize]));
        (
          GapStatus::Uncovered,
          Vec::new(),
          Some((m(Lang::Vi), m(Lang::En))),
        )
      };
      out.push(GapAnswer {
        dimension: gap.dimension.clone(),
        question: id.clone(),
        text_vi: detail.full(|| assessment.question_text_alone(content, q, Lang::Vi)),
        text_en: detail.full(|| assessment.question_text_alone(content, q, Lang::En)),
        answer_vi: detail.full(|| describe(content, assessment, q, answer, Lang::Vi)),
        answer_en: detail.full(|| describe(content, assessment, q, answer, Lang::En)),
        status,
        actions,
        reason_vi: reason.as_ref().map(|r| r.0.clone()),
        reason_en: reason.map(|r| r.1),
      });
    }
  }
  out
}
