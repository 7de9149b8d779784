//! Advice for every scored question: an action addresses it, or it says
//! why none does.

use super::Checker;

impl Checker<'_> {
  /// Every scored question needs an action that can raise a low answer,
  /// or an explicit `actionable: false`.
  pub(super) fn coverage(&mut self) {
    let f = self.qfile();
    let content = self.content;
    // A framework without an action catalogue scores only: no advice is
    // missing.
    if content.actions.is_empty() {
      return;
    }
    for q in &content.questionnaire.questions {
      if !q.actionable {
        match &q.no_action {
          Some(text) => {
            let line = f.line_of_item(Some("questions"), &q.id);
            self.text(&f, line, &q.id, "no_action", text);
          }
          None => {
            let line = f.line_of_item(Some("questions"), &q.id);
            self.report(
              &f,
              line,
              &q.id,
              "a question marked `actionable: false` needs `no_action`".into(),
              "say in vi and en why no action answers a low answer (it is shown in the plan)",
            );
          }
        }
        continue;
      }
      if !q.is_scored() {
        continue;
      }
      if !content.actions.iter().any(|a| a.addresses.contains(&q.id)) {
        let line = f.line_of_item(Some("questions"), &q.id);
        self.report(
          &f,
          line,
          &q.id,
          "no action addresses this question, so a low answer gets no advice".into(),
          "add its id to an action's `addresses:` in rules/actions.yaml, or mark the question `actionable: false`",
        );
      }
    }
  }
}
