//! Conditions (`when`, `requires`, `applies`...): they compile, read only
//! what exists when they are evaluated (`scope`), hold or fail on every
//! made-up cooperative without an error (`samples`), compare with options
//! that exist (`literals`), and can be written as XPath for field tools.

use super::scope::Scope;
use super::{Checker, QUESTIONNAIRE};
use crate::content::{DIMENSIONS_FILE, QuestionKind};
use crate::source::SourceFile;

impl Checker<'_> {
  /// Checks that a condition compiles and reads only variables that exist
  /// when it is evaluated; false when it does not (the error is reported,
  /// so checks that build on the condition are skipped).
  pub(super) fn condition(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    source: &str,
    scope: Scope,
  ) -> bool {
    let Some(variables) = self.condition_variables(f, line, id, source) else {
      return false;
    };
    let ok = self.condition_reads(f, line, id, source, scope, variables)
      && self.condition_evaluates(f, line, id, source);
    self.condition_literals(f, line, id, source);
    ok
  }

  /// The variables a condition reads, sorted; `None` when it does not
  /// compile (reported).
  fn condition_variables(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    source: &str,
  ) -> Option<Vec<String>> {
    let content = self.content;
    // Conditions were compiled once at load; only a failure is compiled
    // again, for its message.
    let Some(variables) = content.condition_variables(source) else {
      let message = content
        .env()
        .compile_expression(source)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
      self.report(
        f,
        line,
        id,
        format!("condition `{source}` does not compile: {message}"),
        "write a minijinja expression, e.g. profile.sector == 'agriculture'",
      );
      return None;
    };
    let mut variables: Vec<String> = variables.into_iter().collect();
    variables.sort();
    Some(variables)
  }

  /// Whether every variable exists when the condition is evaluated
  /// (`scope`); each that does not is reported.
  fn condition_reads(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    source: &str,
    scope: Scope,
    variables: Vec<String>,
  ) -> bool {
    let mut ok = true;
    for variable in variables {
      if let Err(message) = scope.allows(self.content, &variable, self.unparsed) {
        ok = false;
        self.report(
          f,
          line,
          id,
          format!("condition `{source}`: {message}"),
          scope.help(),
        );
      }
    }
    ok
  }

  /// Whether the condition evaluates without error on every made-up
  /// cooperative; the first error is reported. Made-up facts without the
  /// files that did not parse would fail every condition: then it is not
  /// evaluated.
  fn condition_evaluates(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    source: &str,
  ) -> bool {
    let content = self.content;
    let facts_complete = self.read(QUESTIONNAIRE) && self.read(DIMENSIONS_FILE);
    if let Some(error) = self
      .samples
      .iter()
      .filter(|_| facts_complete)
      .find_map(|facts| content.holds(source, facts).err())
    {
      self.report(
        f,
        line,
        id,
        format!("condition `{source}` fails when evaluated: {error}"),
        "check the types it compares (a list with `in`, numbers with `or 0`) and the filters it uses",
      );
      return false;
    }
    true
  }

  /// A `when` that the XLSForm export (`coopdx export xlsform`) cannot
  /// write as XPath: field tools would ask the question everywhere.
  pub(super) fn field_tool_condition(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    when: &str,
  ) {
    let questionnaire = &self.content.questionnaire;
    let multi = |q: &str| {
      questionnaire
        .question(q)
        .is_some_and(|q| q.kind == QuestionKind::Multi)
    };
    if let Err(why) = crate::content::xpath::translate(when, &multi) {
      self.report(
        f,
        line,
        id,
        format!("condition `{when}` cannot be exported to field tools (XLSForm `relevant`): {why}"),
        "write it with comparisons, and/or/not, `in [...]` and `'option' in answers.<multiple choice>`",
      );
    }
  }
}
