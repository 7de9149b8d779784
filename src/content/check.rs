//! Content checks: what `coopdx validate` reports, and what every command
//! refuses to run with.
//!
//! Each check names the file, line and id, and says how to fix it. One
//! file per thing checked: [`Checker`] collects the diagnostics; the
//! questionnaire (`questionnaire`, `profile`, `question`, `options`,
//! `bands`), the rules (`dimension`, `scale`, `level`, `gate`, `action`,
//! `action_references`, `prerequisites`, `coverage`, `policy`, `planning`,
//! `capacity`, `capability`, `envelope`, `terms`), the texts (`template`,
//! `messages`), the numbers (`range`) and the conditions (`condition`,
//! `scope`, `literals`, evaluated on the made-up cooperatives of
//! `samples`); `dedupe` keeps one error per unknown id.

mod action;
mod action_references;
mod bands;
mod capability;
mod capacity;
mod checker;
mod condition;
mod coverage;
mod dedupe;
mod dimension;
mod envelope;
mod gate;
mod level;
mod literals;
mod messages;
mod options;
mod planning;
mod policy;
mod prerequisites;
mod profile;
mod question;
mod questionnaire;
mod range;
mod samples;
mod scale;
mod scope;
mod template;
mod terms;

// The weight bound applies to groups too (`group.rs`).
pub use range::MAX_WEIGHT;

use super::{
  ACTIONS_FILE, Content, DIMENSIONS_FILE, LEVELS_FILE, MESSAGES_FILE, PLANNING_FILE, POLICIES_FILE,
  SCALES_FILE,
};
use crate::diagnostic::Diagnostic;
use checker::Checker;
use std::collections::BTreeSet;

/// Stands for the questionnaire, whatever its file name, among the files
/// that did not parse.
pub(super) const QUESTIONNAIRE: &str = "questionnaires/";

/// Every problem of `content`; `unparsed` are the files that did not parse
/// (reported by the loader), whose checks are skipped.
pub(super) fn check(content: &Content, unparsed: &BTreeSet<String>) -> Vec<Diagnostic> {
  let mut checker = Checker::new(content, unparsed);
  let questionnaire = checker.read(QUESTIONNAIRE);
  if questionnaire {
    checker.questionnaire();
    checker.profile();
    checker.questions();
  }
  if checker.read(DIMENSIONS_FILE) {
    checker.dimensions();
  }
  if checker.read(SCALES_FILE) {
    checker.scales();
  }
  if checker.read(LEVELS_FILE) {
    checker.levels();
    checker.gates();
  }
  if checker.read(ACTIONS_FILE) {
    checker.actions();
    if questionnaire {
      checker.coverage();
    }
  }
  if checker.read(POLICIES_FILE) {
    checker.policies();
  }
  if checker.read(PLANNING_FILE) {
    checker.planning();
  }
  if checker.read(MESSAGES_FILE) {
    checker.messages();
  }
  checker.ranges();
  // Constructs that live in files of their own.
  checker.problems.extend(super::group::check(content));
  checker.problems.extend(super::grid::check(content));
  dedupe::dedupe(checker.problems)
}
