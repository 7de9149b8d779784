//! The questionnaire's own fields: its id, version and title.

use super::Checker;

impl Checker<'_> {
  pub(super) fn questionnaire(&mut self) {
    let f = self.qfile();
    let q = &self.content.questionnaire;
    if q.id.trim().is_empty() || q.version.trim().is_empty() {
      let line = f.line_of_path(&["version"]);
      self.report(
        &f,
        line,
        &q.id,
        "questionnaire needs an `id` and a `version`".into(),
        "",
      );
    }
    let line = f.line_of_path(&["title"]);
    self.text(&f, line, &q.id.clone(), "title", &q.title);
  }
}
