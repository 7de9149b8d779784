//! Content checks: what `coopdx validate` reports, and what every command
//! refuses to run with.
//!
//! Each check names the file, line and id, and says how to fix it.

mod dedupe;

use super::*;
use crate::content::{Content, FieldKind, Question, QuestionKind};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::text::{Lang, Text};
use minijinja::Value;
use regex::Regex;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// Ids an option may not take: they are how an assessment says "not
/// applicable" and "don't know".
pub const RESERVED_ANSWERS: [&str; 2] = ["not_applicable", "dont_know"];

struct Checker<'a> {
  content: &'a Content,
  problems: Vec<Diagnostic>,
  /// Files that did not parse (their error is reported): what they define
  /// is empty here, so checks of them are skipped and references into them
  /// are not called unknown.
  unparsed: &'a BTreeSet<String>,
  questionnaire_file: Option<&'a SourceFile>,
  /// Made-up cooperatives every condition is evaluated on, so a condition
  /// that compiles but fails at run time (`answers.X in 5`, an unknown
  /// filter) is reported here, not blamed on an assessment file.
  samples: Vec<Value>,
}

/// Everything wrong with `content`.
/// Ranges every number in content must keep, so that no sum of them can
/// overflow `Decimal` (about 7.9e28) and no template is asked to print or
/// pad something absurd. Documented in the README ("Writing content").
pub const MAX_WEIGHT: i64 = 100;
/// Points of one option or band.
pub const MAX_POINTS: i64 = 1_000;
/// A cost, a budget or an envelope, in VND (a thousand billion).
pub const MAX_MONEY: i64 = 1_000_000_000_000;
/// Bounds of number answers and bands.
pub const MAX_NUMBER: i64 = 1_000_000_000;
/// Months of an action or a plan.
pub const MAX_MONTHS: u32 = 120;

/// Stands for the questionnaire, whatever its file name, among the files
/// that did not parse.
pub(super) const QUESTIONNAIRE: &str = "questionnaires/";

/// Every problem of `content`; `unparsed` are the files that did not parse
/// (reported by the loader), whose checks are skipped.
pub(super) fn check(content: &Content, unparsed: &BTreeSet<String>) -> Vec<Diagnostic> {
  let questionnaire_file = content.files.in_folder("questionnaires", ".yaml").next();
  let mut checker = Checker {
    content,
    problems: Vec::new(),
    unparsed,
    questionnaire_file,
    samples: samples(content),
  };
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

impl<'a> Checker<'a> {
  /// Whether `path` parsed (or, for [`QUESTIONNAIRE`], the questionnaire).
  fn read(&self, path: &str) -> bool {
    !self.unparsed.contains(path)
  }

  /// Checks a text that may be left out: when given, both languages.
  fn optional_text(
    &mut self,
    file: &SourceFile,
    line: Option<usize>,
    id: &str,
    what: &str,
    text: &Text,
  ) {
    if text.missing().len() < 2 {
      self.text(file, line, id, what, text);
    }
  }

  fn file(&self, path: &str) -> SourceFile {
    self
      .content
      .files
      .get(path)
      .cloned()
      .unwrap_or_else(|| SourceFile::new(path, ""))
  }

  fn qfile(&self) -> SourceFile {
    self
      .questionnaire_file
      .cloned()
      .unwrap_or_else(|| SourceFile::new("questionnaires/", ""))
  }

  fn report(
    &mut self,
    file: &SourceFile,
    line: Option<usize>,
    id: &str,
    message: String,
    help: &str,
  ) {
    let mut d = Diagnostic::new(file, line, message).id(id);
    if !help.is_empty() {
      d = d.help(help);
    }
    self.problems.push(d);
  }

  fn text(&mut self, file: &SourceFile, line: Option<usize>, id: &str, what: &str, text: &Text) {
    for lang in text.missing() {
      self.report(
        file,
        line,
        id,
        format!("{what} has no `{lang}` text"),
        "every text a reader sees needs both `vi` and `en`",
      );
    }
  }

  fn questionnaire(&mut self) {
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

  fn profile(&mut self) {
    let f = self.qfile();
    if self.content.questionnaire.field("name").is_none() {
      let line = f.line_of_path(&["profile"]);
      self.report(
        &f,
        line,
        "profile",
        "the profile has no `name` field".into(),
        "add a text field `name`: plans, reports and the interview name the cooperative by it",
      );
    }
    let mut seen = BTreeSet::new();
    for field in &self.content.questionnaire.profile {
      let line = f.line_of_item(Some("profile"), &field.id);
      if !seen.insert(field.id.as_str()) {
        self.report(
          &f,
          line,
          &field.id,
          "duplicate profile field id".into(),
          "give each field its own id",
        );
      }
      self.text(&f, line, &field.id, "label", &field.label);
      if let Some(when) = &field.when
        && self.condition(&f, line, &field.id, when, Scope::Profile)
      {
        self.field_tool_condition(&f, line, &field.id, when);
      }
      match field.kind {
        FieldKind::Choice if field.options.is_empty() => self.report(
          &f,
          line,
          &field.id,
          "choice field has no options".into(),
          "add `options:`",
        ),
        _ => {}
      }
      let mut option_ids = BTreeSet::new();
      for o in &field.options {
        if !option_ids.insert(o.id.as_str()) {
          self.report(
            &f,
            line,
            &field.id,
            format!("duplicate option `{}`", o.id),
            "",
          );
        }
        self.text(&f, line, &field.id, &format!("option `{}`", o.id), &o.label);
      }
      if let Some(pattern) = &field.pattern
        && let Err(e) = Regex::new(pattern)
      {
        let line = line.map(|l| f.line_of_field(l, "pattern"));
        self.report(
          &f,
          line,
          &field.id,
          format!("pattern does not compile: {e}"),
          "",
        );
      }
      if let (Some(min), Some(max)) = (field.min, field.max)
        && min > max
      {
        self.report(
          &f,
          line,
          &field.id,
          format!("min {min} is above max {max}"),
          "",
        );
      }
    }
  }

  fn questions(&mut self) {
    let f = self.qfile();
    let content = self.content;
    let mut seen = BTreeSet::new();
    for (index, q) in content.questionnaire.questions.iter().enumerate() {
      // A grid's rows share everything but their labels: its first row
      // stands for it (grid.rs checks the rest).
      if q.grid.as_ref().is_some_and(|g| !g.first) {
        continue;
      }
      let line = f.line_of_item(Some("questions"), q.written_id());
      let at = |field: &str| line.map(|l| f.line_of_field(l, field));
      let id = q.id.as_str();
      if !seen.insert(id) {
        self.report(
          &f,
          line,
          id,
          "duplicate question id".into(),
          "question ids must be unique",
        );
      }
      if self.read(DIMENSIONS_FILE) && content.dimension(&q.dimension).is_none() {
        let known: Vec<&str> = content.dimensions.iter().map(|d| d.id.as_str()).collect();
        self.report(
          &f,
          at("dimension"),
          id,
          format!("unknown dimension `{}`", q.dimension),
          &format!("use one of: {}", known.join(", ")),
        );
      }
      if q.weight <= Decimal::ZERO {
        self.report(
          &f,
          at("weight"),
          id,
          format!("weight {} is not positive", q.weight),
          "use a weight above 0",
        );
      }
      self.text(&f, at("text"), id, "question text", &q.text);
      self.content_template(&f, at("text"), id, "question text", &q.text);
      // The hint may be left out (the schema says so); when given, in
      // both languages.
      if q.kind != QuestionKind::Text {
        self.optional_text(&f, line, id, "advisor hint", &q.hint);
        self.content_template(&f, line, id, "advisor hint", &q.hint);
      }
      if let Some(t) = &q.no_action {
        self.content_template(&f, line, id, "no_action", t);
      }
      for o in &q.options {
        self.content_template(&f, line, id, "option label", &o.label);
      }
      // A question whose options or bands are wrong cannot be scored
      // either: that follows from the error already reported.
      let before = self.problems.len();
      self.question_options(&f, line, q);
      self.question_bands(&f, line, q);
      let options_known = q.scale.is_none()
        || self
          .content
          .scales
          .iter()
          .any(|s| Some(&s.id) == q.scale.as_ref());
      if self.problems.len() == before
        && options_known
        && q.kind != QuestionKind::Text
        && q.actionable
        && !q.is_scored()
      {
        self.report(
          &f,
          line,
          id,
          "no answer can earn points, so the question cannot be scored".into(),
          "give the best option or band points above 0, or make it `type: text`",
        );
      }
      if let Some(when) = &q.when
        && self.condition(&f, at("when"), id, when, Scope::Question(index))
      {
        self.field_tool_condition(&f, at("when"), id, when);
      }
    }
  }

  /// A `when` that the XLSForm export (`coopdx export xlsform`) cannot
  /// write as XPath: field tools would ask the question everywhere.
  fn field_tool_condition(&mut self, f: &SourceFile, line: Option<usize>, id: &str, when: &str) {
    let questionnaire = &self.content.questionnaire;
    let multi = |q: &str| {
      questionnaire
        .question(q)
        .is_some_and(|q| q.kind == QuestionKind::Multi)
    };
    if let Err(why) = super::xpath::translate(when, &multi) {
      self.report(
        f,
        line,
        id,
        format!("condition `{when}` cannot be exported to field tools (XLSForm `relevant`): {why}"),
        "write it with comparisons, and/or/not, `in [...]` and `'option' in answers.<multiple choice>`",
      );
    }
  }

  fn question_options(&mut self, f: &SourceFile, line: Option<usize>, q: &Question) {
    let id = q.id.as_str();
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let from_scale = match &q.scale {
      Some(scale) => match self.content.scales.iter().find(|s| &s.id == scale) {
        // Its options are the scale's, checked once with the scale.
        Some(s) => s.options == q.options,
        None if !self.read(SCALES_FILE) => return,
        None => {
          let known: Vec<&str> = self.content.scales.iter().map(|s| s.id.as_str()).collect();
          self.report(
            f,
            at("scale"),
            id,
            format!("unknown scale `{scale}`"),
            &format!("use one of: {}", known.join(", ")),
          );
          // Without the scale the question has no options: one mistake,
          // one error.
          return;
        }
      },
      None => false,
    };
    let has_options = matches!(q.kind, QuestionKind::Choice | QuestionKind::Multi);
    if has_options && q.options.is_empty() {
      self.report(
        f,
        line,
        id,
        format!("{} question has no options", q.kind.name()),
        "add `options:` or `scale:`",
      );
    }
    if !has_options && (!q.options.is_empty() || q.scale.is_some()) {
      self.report(
        f,
        at("options"),
        id,
        format!("{} question cannot have options", q.kind.name()),
        "remove `options:`/`scale:` or change `type:`",
      );
    }
    let mut seen = BTreeSet::new();
    let needs_points = q.kind == QuestionKind::Choice
      || (q.kind == QuestionKind::Multi && q.scoring == MultiScoring::Sum);
    for o in q.options.iter().filter(|_| !from_scale) {
      if !seen.insert(o.id.as_str()) {
        self.report(
          f,
          at("options"),
          id,
          format!("duplicate option `{}`", o.id),
          "",
        );
      }
      if RESERVED_ANSWERS.contains(&o.id.as_str()) {
        self.report(
          f,
          at("options"),
          id,
          format!("option id `{}` is reserved", o.id),
          "use `allow_na`/`allow_dont_know` instead",
        );
      }
      if needs_points && o.points.is_none() {
        self.report(
          f,
          at("options"),
          id,
          format!("option `{}` has no points", o.id),
          "add `points:` (0 for the lowest answer)",
        );
      }
      if o.points.is_some_and(|p| p < Decimal::ZERO) {
        self.report(
          f,
          at("options"),
          id,
          format!("option `{}` has negative points", o.id),
          "points are 0 or more",
        );
      }
      if o.exclusive && q.kind != QuestionKind::Multi {
        self.report(
          f,
          at("options"),
          id,
          format!(
            "option `{}` is exclusive in a {} question",
            o.id,
            q.kind.name()
          ),
          "only multi questions have exclusive options",
        );
      }
      self.text(
        f,
        at("options"),
        id,
        &format!("option `{}`", o.id),
        &o.label,
      );
    }
    if q.options.iter().filter(|o| o.exclusive).count() > 1 {
      self.report(
        f,
        at("options"),
        id,
        "more than one exclusive option".into(),
        "keep one \"none of these\" option",
      );
    }
    if q.cap.is_some_and(|c| c <= Decimal::ZERO) {
      self.report(f, at("cap"), id, "cap is not positive".into(), "");
    }
  }

  fn question_bands(&mut self, f: &SourceFile, line: Option<usize>, q: &Question) {
    let id = q.id.as_str();
    let at = line.map(|l| f.line_of_field(l, "bands"));
    let numeric = matches!(q.kind, QuestionKind::Number | QuestionKind::Percent);
    if !numeric {
      if !q.bands.is_empty() {
        self.report(
          f,
          at,
          id,
          format!("{} question cannot have bands", q.kind.name()),
          "",
        );
      }
      return;
    }
    if q.bands.is_empty() {
      self.report(
        f,
        line,
        id,
        "number question has no scoring bands".into(),
        "add `bands:` with min, max and points",
      );
      return;
    }
    for pair in q.bands.windows(2) {
      match pair[0].max {
        None => self.report(
          f,
          at,
          id,
          "only the last band may leave `max` open".into(),
          "",
        ),
        Some(max) if max < pair[1].min => self.report(
          f,
          at,
          id,
          format!("bands leave a gap between {max} and {}", pair[1].min),
          "each band's min must equal the previous band's max",
        ),
        Some(max) if max > pair[1].min => self.report(
          f,
          at,
          id,
          format!("bands overlap between {} and {max}", pair[1].min),
          "each band's min must equal the previous band's max",
        ),
        _ => {}
      }
    }
    for b in &q.bands {
      if b.max.is_some_and(|max| max <= b.min) {
        self.report(
          f,
          at,
          id,
          format!("band {}..{:?} is empty", b.min, b.max),
          "max must be above min",
        );
      }
    }
    let (min, _) = q.allowed_range();
    if let (Some(min), Some(first)) = (min, q.bands.first())
      && first.min > min
    {
      self.report(
        f,
        at,
        id,
        format!("values from {min} to {} fall in no band", first.min),
        "start the first band at the range's min",
      );
    }
  }

  fn dimensions(&mut self) {
    let f = self.file(DIMENSIONS_FILE);
    let mut seen = BTreeSet::new();
    for d in &self.content.dimensions {
      let line = f.line_of_item(Some("dimensions"), &d.id);
      if !seen.insert(d.id.as_str()) {
        self.report(&f, line, &d.id, "duplicate dimension id".into(), "");
      }
      if d.weight <= Decimal::ZERO {
        self.report(
          &f,
          line.map(|l| f.line_of_field(l, "weight")),
          &d.id,
          format!("weight {} is not positive", d.weight),
          "use a weight above 0",
        );
      }
      self.text(&f, line, &d.id, "name", &d.name);
      self.optional_text(&f, line, &d.id, "description", &d.description);
      self.content_template(&f, line, &d.id, "description", &d.description);
      let scored = self
        .content
        .questionnaire
        .questions
        .iter()
        .any(|q| q.dimension == d.id && q.is_scored());
      if !scored && self.read(QUESTIONNAIRE) {
        self.report(
          &f,
          line,
          &d.id,
          "no scored question belongs to this dimension".into(),
          "add questions with `dimension: ` this id, or remove the dimension",
        );
      }
    }
  }

  fn scales(&mut self) {
    let f = self.file(SCALES_FILE);
    let mut seen = BTreeSet::new();
    for s in &self.content.scales {
      let line = f.line_of_item(Some("scales"), &s.id);
      if !seen.insert(s.id.as_str()) {
        self.report(&f, line, &s.id, "duplicate scale id".into(), "");
      }
      // Points are needed when a question scores by them (choice, or
      // multi scored by sum); a scale only ticked and counted needs none.
      let needs_points = self.content.questionnaire.questions.iter().any(|q| {
        q.scale.as_ref() == Some(&s.id)
          && (q.kind == QuestionKind::Choice
            || (q.kind == QuestionKind::Multi && q.scoring == MultiScoring::Sum))
      });
      let mut ids = BTreeSet::new();
      for o in &s.options {
        if !ids.insert(o.id.as_str()) {
          self.report(&f, line, &s.id, format!("duplicate option `{}`", o.id), "");
        }
        if RESERVED_ANSWERS.contains(&o.id.as_str()) {
          self.report(
            &f,
            line,
            &s.id,
            format!("option id `{}` is reserved", o.id),
            "use `allow_na`/`allow_dont_know` on the question instead",
          );
        }
        if o.points.is_some_and(|p| p < Decimal::ZERO) {
          self.report(
            &f,
            line,
            &s.id,
            format!("option `{}` has negative points", o.id),
            "points are 0 or more",
          );
        }
        if needs_points && o.points.is_none() {
          self.report(
            &f,
            line,
            &s.id,
            format!("option `{}` has no points", o.id),
            "add `points:`",
          );
        }
        self.text(&f, line, &s.id, &format!("option `{}`", o.id), &o.label);
      }
    }
  }

  fn levels(&mut self) {
    let f = self.file(LEVELS_FILE);
    let levels = &self.content.levels;
    if levels.is_empty() {
      self.report(
        &f,
        None,
        "levels",
        "no maturity levels".into(),
        "define levels (e.g. 0 to 5) with bands covering 0-100",
      );
      return;
    }
    let line_of = |n: u8| {
      f.line_of_path(&["levels"]).and_then(|start| {
        f.text
          .lines()
          .enumerate()
          .skip(start)
          .find(|(_, l)| {
            let l = l.trim_start().trim_start_matches("- ");
            l.starts_with("number:") && l["number:".len()..].trim() == n.to_string()
          })
          .map(|(i, _)| i + 1)
      })
    };
    for (i, level) in levels.iter().enumerate() {
      let line = line_of(level.number);
      let id = format!("level {}", level.number);
      // Levels are numbered as the framework numbers them (0-5, 1-4...),
      // one apart.
      let first = levels[0].number;
      if usize::from(level.number) != usize::from(first) + i {
        self.report(
          &f,
          line,
          &id,
          format!(
            "level numbers must run {first}, {}, {}... in order; found {} at position {i}",
            usize::from(first) + 1,
            usize::from(first) + 2,
            level.number
          ),
          "",
        );
      }
      let band_on = self.content.band_on;
      if band_on.is_empty(level.min, level.max) {
        self.report(
          &f,
          line,
          &id,
          format!("band {}-{} is empty", level.min, level.max),
          "max must be above min",
        );
      }
      if band_on.fraction(level.min, level.max) {
        self.report(
          &f,
          line,
          &id,
          format!("band {}-{} is not whole numbers", level.min, level.max),
          "with `band_on: rounded_integer` the index is rounded to a whole number: write whole-number bounds",
        );
      }
      self.text(&f, line, &id, "name", &level.name);
      self.text(&f, line, &id, "description", &level.description);
      self.content_template(&f, line, &id, "description", &level.description);
      for g in &level.relies_on {
        match self.content.gates.iter().find(|gate| &gate.id == g) {
          None => self.report(
            &f,
            line,
            &id,
            format!("relies on unknown gate `{g}`"),
            "name a gate id from `gates:` below",
          ),
          Some(gate) if gate.max_level >= level.number => self.report(
            &f,
            line,
            &id,
            format!(
              "relies on gate `{g}`, which caps at level {}: a cooperative can be at level {} while it fails, so the description may claim what is not true",
              gate.max_level, level.number
            ),
            "reword the description so it does not rely on this gate, or lower the gate's max_level below this level",
          ),
          Some(_) => {}
        }
      }
    }
    if levels[0].min != Decimal::ZERO {
      self.report(
        &f,
        line_of(levels[0].number),
        &format!("level {}", levels[0].number),
        format!("bands start at {}, not 0", levels[0].min),
        "the lowest band must start at 0",
      );
    }
    let last = &levels[levels.len() - 1];
    if last.max != Decimal::ONE_HUNDRED {
      self.report(
        &f,
        line_of(last.number),
        &format!("level {}", last.number),
        format!("bands end at {}, not 100", last.max),
        "the top band must end at 100",
      );
    }
    let band_on = self.content.band_on;
    for pair in levels.windows(2) {
      if let Some(seam) = band_on.seam(pair[0].max, pair[1].min) {
        let what = match seam {
          Seam::Gap => "leave a gap",
          Seam::Overlap => "overlap",
        };
        self.report(
          &f,
          line_of(pair[1].number),
          &format!("level {}", pair[1].number),
          format!("bands {what} between {} and {}", pair[0].max, pair[1].min),
          band_on.rule(),
        );
      }
    }
  }

  fn gates(&mut self) {
    let f = self.file(LEVELS_FILE);
    let top = self.content.levels.last().map_or(0, |l| l.number);
    let mut seen = BTreeSet::new();
    for gate in &self.content.gates {
      let line = f.line_of_item(Some("gates"), &gate.id);
      let id = gate.id.as_str();
      if !seen.insert(id) {
        self.report(&f, line, id, "duplicate gate id".into(), "");
      }
      let bottom = self.content.levels.first().map_or(0, |l| l.number);
      if gate.max_level < bottom {
        self.report(
          &f,
          line.map(|l| f.line_of_field(l, "max_level")),
          id,
          format!(
            "max_level {} is below the lowest level, {bottom}",
            gate.max_level
          ),
          "cap at one of the levels' numbers",
        );
      }
      if gate.max_level >= top {
        self.report(
          &f,
          line.map(|l| f.line_of_field(l, "max_level")),
          id,
          format!(
            "max_level {} caps nothing (the top level is {top})",
            gate.max_level
          ),
          "",
        );
      }
      self.text(&f, line, id, "reason", &gate.reason);
      self.text(&f, line, id, "name", &gate.name);
      self.text(&f, line, id, "reason_unknown", &gate.reason_unknown);
      for (what, text) in [
        ("reason", &gate.reason),
        ("reason_unknown", &gate.reason_unknown),
      ] {
        self.content_template(&f, line, id, what, text);
      }
      if gate.why.trim().is_empty() {
        self.report(
          &f,
          line,
          id,
          "gate has no `why`".into(),
          "document the gate's reasoning and legal ground",
        );
      }
      self.condition(
        &f,
        line.map(|l| f.line_of_field(l, "requires")),
        id,
        &gate.requires,
        Scope::Gate,
      );
      if let Some(when) = &gate.when {
        self.condition(
          &f,
          line.map(|l| f.line_of_field(l, "when")),
          id,
          when,
          Scope::Gate,
        );
      }
    }
  }

  fn actions(&mut self) {
    let f = self.file(ACTIONS_FILE);
    let content = self.content;
    let mut seen = BTreeSet::new();
    for a in &content.actions {
      if !seen.insert(a.id.as_str()) {
        let line = f.line_of_item(Some("actions"), &a.id);
        self.report(&f, line, &a.id, "duplicate action id".into(), "");
      }
      self.action_references(&f, a);
      self.action_numbers(&f, a);
      self.action_texts(&f, a);
      self.action_conditions(&f, a);
    }
    self.cycles(&f);
  }

  /// Action references: dimension, questions, prerequisites, capabilities and policies must exist.
  fn action_references(&mut self, f: &SourceFile, a: &Action) {
    let content = self.content;
    let line = f.line_of_item(Some("actions"), &a.id);
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = a.id.as_str();
    if self.read(DIMENSIONS_FILE) && content.dimension(&a.dimension).is_none() {
      self.report(
        f,
        at("dimension"),
        id,
        format!("unknown dimension `{}`", a.dimension),
        "",
      );
    }
    let read = |path: &str| !self.unparsed.contains(path);
    let (questions, capabilities, policies) = (
      read(QUESTIONNAIRE),
      read(PLANNING_FILE),
      read(POLICIES_FILE),
    );
    for q in a.addresses.iter().filter(|_| questions) {
      if content.questionnaire.question(q).is_none() {
        self.report(
          f,
          at("addresses"),
          id,
          format!("addresses unknown question `{q}`"),
          "",
        );
      }
    }
    for p in &a.prerequisites {
      if content.action(p).is_none() {
        self.report(
          f,
          at("prerequisites"),
          id,
          format!("unknown prerequisite `{p}`"),
          "name an action id from this file",
        );
      }
    }
    for (what, list) in [("needs", &a.needs), ("provides", &a.provides)] {
      for c in list.iter().filter(|_| capabilities) {
        if content.capability(c).is_none() {
          let known: Vec<&str> = content
            .planning
            .capabilities
            .iter()
            .map(|c| c.id.as_str())
            .collect();
          self.report(
            f,
            at(what),
            id,
            format!("{what} unknown capability `{c}`"),
            &format!(
              "define it under `capabilities:` in {PLANNING_FILE}, or use one of: {}",
              known.join(", ")
            ),
          );
        }
      }
    }
    if let Some(c) = a.needs.iter().find(|c| a.provides.contains(c)) {
      self.report(
        f,
        at("needs"),
        id,
        format!("needs `{c}` and provides it too"),
        "an action cannot wait for what it provides; remove one of the two",
      );
    }
    for p in a.policies.iter().filter(|_| policies) {
      if content.policy(p).is_none() {
        let known: Vec<&str> = content.policies.iter().map(|p| p.id.as_str()).collect();
        self.report(
          f,
          at("policies"),
          id,
          format!("unknown policy `{p}`"),
          &format!("use one of: {}", known.join(", ")),
        );
      }
    }
  }

  /// Action numbers: impact and effort 1 to 5, at least a month, cost ranges from 0 up.
  fn action_numbers(&mut self, f: &SourceFile, a: &Action) {
    let line = f.line_of_item(Some("actions"), &a.id);
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = a.id.as_str();
    if !(1..=5).contains(&a.impact) || !(1..=5).contains(&a.effort) {
      self.report(
        f,
        at("impact"),
        id,
        format!("impact {} and effort {} must be 1 to 5", a.impact, a.effort),
        "",
      );
    }
    if a.months == 0 {
      self.report(
        f,
        at("months"),
        id,
        "an action lasts at least one month".into(),
        "",
      );
    }
    for (what, [min, max]) in [("one-off", a.cost.one_off), ("recurring", a.cost.recurring)] {
      if min > max || min < Decimal::ZERO {
        self.report(
          f,
          at("cost"),
          id,
          format!("{what} cost range {min}..{max} is not 0 <= min <= max"),
          "",
        );
      }
    }
  }

  /// Action texts: templates compile, both languages present, KPIs given.
  fn action_texts(&mut self, f: &SourceFile, a: &Action) {
    let content = self.content;
    let line = f.line_of_item(Some("actions"), &a.id);
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = a.id.as_str();
    for (what, text) in [
      ("title", &a.title),
      ("description", &a.description),
      ("role", &a.role),
    ] {
      self.content_template(f, at(what), id, what, text);
    }
    self.text(f, at("title"), id, "title", &a.title);
    self.text(f, at("description"), id, "description", &a.description);
    self.text(f, at("rationale"), id, "rationale", &a.rationale);
    self.text(f, at("role"), id, "role", &a.role);
    if a.kpis.is_empty() {
      self.report(
        f,
        line,
        id,
        "action has no KPI".into(),
        "add a measurable target under `kpis:`",
      );
    }
    for k in &a.kpis {
      self.text(f, at("kpis"), id, "KPI", k);
    }
    for lang in [Lang::Vi, Lang::En] {
      // Added at load; a failure is compiled again for its message.
      if content
        .env()
        .get_template(&rationale_template(&a.id, lang))
        .is_err()
      {
        let message = content
          .env()
          .template_from_str(a.rationale.get(lang))
          .err()
          .map(|e| e.to_string())
          .unwrap_or_default();
        self.report(
          f,
          at("rationale"),
          id,
          format!("rationale does not compile: {message}"),
          "",
        );
      }
    }
  }

  /// Action conditions: `applies`, `when`, `done_when` and `urgent` evaluate.
  fn action_conditions(&mut self, f: &SourceFile, a: &Action) {
    let line = f.line_of_item(Some("actions"), &a.id);
    let at = |field: &str| line.map(|l| f.line_of_field(l, field));
    let id = a.id.as_str();
    if let Some(applies) = &a.applies {
      self.condition(f, at("applies"), id, applies, Scope::Profile);
    }
    if let Some(when) = &a.when {
      self.condition(f, at("when"), id, when, Scope::Action);
    }
    self.condition(f, at("done_when"), id, &a.done_when, Scope::Action);
    if let Some(u) = &a.urgent {
      self.condition(f, at("urgent"), id, &u.when, Scope::Action);
      self.text(f, at("urgent"), id, "urgent.why", &u.why);
    }
    if let Some(t) = &a.not_yet {
      self.text(f, at("not_yet"), id, "not_yet", t);
    }
  }

  /// Prerequisites must form no cycle, or no plan could order them.
  fn cycles(&mut self, f: &SourceFile) {
    let content = self.content;
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    fn visit<'a>(
      content: &'a Content,
      id: &'a str,
      state: &mut BTreeMap<&'a str, u8>,
      path: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
      match state.get(id) {
        Some(2) => return None,
        Some(1) => {
          let start = path.iter().position(|p| *p == id).unwrap_or(0);
          let mut cycle = path[start..].to_vec();
          cycle.push(id);
          return Some(cycle);
        }
        _ => {}
      }
      state.insert(id, 1);
      path.push(id);
      for p in content
        .action(id)
        .map(|a| a.prerequisites.as_slice())
        .unwrap_or_default()
      {
        if let Some(cycle) = visit(content, p, state, path) {
          return Some(cycle);
        }
      }
      path.pop();
      state.insert(id, 2);
      None
    }
    for a in &content.actions {
      let mut path = Vec::new();
      if let Some(cycle) = visit(content, &a.id, &mut state, &mut path) {
        let line = f.line_of_item(Some("actions"), cycle[0]);
        self.report(
          f,
          line,
          cycle[0],
          format!("prerequisites form a cycle: {}", cycle.join(" → ")),
          "remove one of these prerequisites",
        );
        return;
      }
    }
  }

  /// Every scored question needs an action that can raise a low answer,
  /// or an explicit `actionable: false`.
  fn coverage(&mut self) {
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

  fn policies(&mut self) {
    let f = self.file(POLICIES_FILE);
    let mut seen = BTreeSet::new();
    for p in &self.content.policies {
      let line = f.line_of_item(Some("policies"), &p.id);
      if !seen.insert(p.id.as_str()) {
        self.report(&f, line, &p.id, "duplicate policy id".into(), "");
      }
      if let Some(a) = &p.applied_through
        && self.read(ACTIONS_FILE)
        && self.content.action(a).is_none()
      {
        self.report(
          &f,
          line,
          &p.id,
          format!("applied_through names unknown action `{a}`"),
          "name the action that files the application for support",
        );
      }
      self.text(&f, line, &p.id, "reference", &p.reference);
      if let Some(applies) = &p.applies {
        self.condition(&f, line, &p.id, applies, Scope::Profile);
      }
      for (what, text) in [
        ("name", &p.name),
        ("funds", &p.funds),
        ("eligible", &p.eligible),
        ("how_to_apply", &p.how_to_apply),
      ] {
        self.text(&f, line, &p.id, what, text);
      }
    }
  }

  fn planning(&mut self) {
    let f = self.file(PLANNING_FILE);
    let p = &self.content.planning;
    let line = f.line_of_path(&["phases"]);
    let mut expected = 0;
    for (i, phase) in p.phases.iter().enumerate() {
      if usize::from(phase.number) != i + 1
        || phase.from_month != expected
        || phase.to_month <= phase.from_month
      {
        self.report(
          &f,
          line,
          &format!("phase {}", phase.number),
          "phases must be numbered 1, 2, 3... and run back to back from month 0".into(),
          "",
        );
      }
      expected = phase.to_month;
      self.text(
        &f,
        line,
        &format!("phase {}", phase.number),
        "name",
        &phase.name,
      );
    }
    if p.phases.is_empty() || p.default_months == 0 {
      self.report(
        &f,
        None,
        "planning",
        "need at least one phase and default_months >= 1".into(),
        "",
      );
    }
    self.capacity(&f);
    self.capabilities(&f);
    self.envelope(&f);
    self.terms(&f);
    self.text(
      &f,
      f.line_of_path(&["eligibility"]),
      "eligibility",
      "eligibility",
      &p.eligibility,
    );
    self.text(
      &f,
      f.line_of_path(&["cost_caveat"]),
      "cost_caveat",
      "cost caveat",
      &p.cost_caveat,
    );
  }

  fn capacity(&mut self, f: &SourceFile) {
    let classes = &self.content.planning.capacity;
    let line = f.line_of_path(&["capacity"]);
    if classes.last().is_none_or(|c| c.when.is_some()) {
      self.report(
        f,
        line,
        "capacity",
        "the last capacity class must have no `when`, so every cooperative gets one".into(),
        "end the list with a default class",
      );
    }
    for c in classes {
      let line = f.line_of_item(Some("capacity"), &c.id);
      if c.max_parallel == 0 || c.first_phase_starts == 0 {
        self.report(
          f,
          line,
          &c.id,
          "max_parallel and first_phase_starts must be at least 1".into(),
          "",
        );
      }
      self.text(f, line, &c.id, "name", &c.name);
      if let Some(when) = &c.when {
        self.condition(
          f,
          line.map(|l| f.line_of_field(l, "when")),
          &c.id,
          when,
          Scope::Profile,
        );
      }
    }
  }

  fn capabilities(&mut self, f: &SourceFile) {
    let content = self.content;
    let mut seen = BTreeSet::new();
    for c in &content.planning.capabilities {
      let line = f.line_of_item(Some("capabilities"), &c.id);
      if !seen.insert(c.id.as_str()) {
        self.report(f, line, &c.id, "duplicate capability id".into(), "");
      }
      self.text(f, line, &c.id, "name", &c.name);
      if let Some(m) = &c.missing {
        self.text(f, line, &c.id, "missing", m);
      }
      self.condition(
        f,
        line.map(|l| f.line_of_field(l, "present_when")),
        &c.id,
        &c.present_when,
        Scope::Action,
      );
      if self.read(ACTIONS_FILE) && !content.actions.iter().any(|a| a.needs.contains(&c.id)) {
        self.report(
          f,
          line,
          &c.id,
          "no action needs this capability".into(),
          "add it to an action's `needs:` or remove it",
        );
      }
    }
  }

  fn envelope(&mut self, f: &SourceFile) {
    let Some(e) = &self.content.planning.envelope else {
      return;
    };
    if !self.read(QUESTIONNAIRE) {
      self.text(
        f,
        f.line_of_path(&["envelope"]),
        "envelope",
        "note",
        &e.note,
      );
      return;
    }
    let line = f.line_of_path(&["envelope"]);
    match self.content.questionnaire.field(&e.field) {
      None => self.report(
        f,
        line,
        "envelope",
        format!("unknown profile field `{}`", e.field),
        "name a choice field of the profile, e.g. revenue_band",
      ),
      Some(field) => {
        for option in &field.options {
          if !e.amounts.contains_key(&option.id) {
            self.report(
              f,
              line,
              "envelope",
              format!("no amount for `{}` of {}", option.id, e.field),
              "give a yearly amount in VND for every option",
            );
          }
        }
        for key in e.amounts.keys() {
          if field.find_option(key).is_none() {
            self.report(
              f,
              line,
              "envelope",
              format!("`{key}` is not an option of {}", e.field),
              "",
            );
          }
        }
      }
    }
    self.text(f, line, "envelope", "note", &e.note);
  }

  fn terms(&mut self, f: &SourceFile) {
    let content = self.content;
    let line = f.line_of_path(&["terms"]);
    let Some(form) = content.questionnaire.field("legal_form") else {
      return;
    };
    let keys: BTreeSet<&String> = content
      .planning
      .terms
      .values()
      .flat_map(|t| t.keys())
      .collect();
    for option in &form.options {
      match content.planning.terms.get(&option.id) {
        None => self.report(
          f,
          line,
          &option.id,
          format!("no terms for legal form `{}`", option.id),
          "give its words (org, board...) under `terms:`",
        ),
        Some(words) => {
          for k in &keys {
            match words.get(*k) {
              None => self.report(
                f,
                line,
                &option.id,
                format!("terms of `{}` lack `{k}`", option.id),
                "every legal form needs the same words",
              ),
              Some(t) => self.text(f, line, &option.id, k, t),
            }
          }
        }
      }
    }
  }

  /// A content text that is a template (`{{ org }}`) must render for
  /// every legal form.
  fn content_template(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    what: &str,
    text: &Text,
  ) {
    let content = self.content;
    for lang in [Lang::Vi, Lang::En] {
      let source = text.get(lang);
      if !source.contains("{{") && !source.contains("{%") {
        continue;
      }
      let forms: Vec<&String> = content.planning.terms.keys().collect();
      for form in forms {
        let mut vars: BTreeMap<String, Value> = content.planning.terms[form]
          .iter()
          .map(|(k, t)| (k.clone(), Value::from(t.get(lang))))
          .collect();
        vars.insert("legal_form".into(), Value::from(form.as_str()));
        vars.insert("sector".into(), Value::from(()));
        if let Err(e) = content.env().render_str(source, Value::from(vars)) {
          self.report(
            f,
            line,
            id,
            format!("{what} ({}) does not render for legal form `{form}`: {e}", lang.code()),
            "content texts may use the words under `terms:` in rules/planning.yaml, legal_form and sector",
          );
          return;
        }
      }
    }
  }

  /// One number outside its documented range.
  fn range(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    what: &str,
    (x, min, max): (Decimal, i64, i64),
  ) {
    if x < Decimal::from(min) || x > Decimal::from(max) {
      self.report(
        f,
        line,
        id,
        format!("{what} {x} is outside {min}..={max}"),
        "keep content numbers in their documented ranges (README, Writing content)",
      );
    }
  }

  /// Every number of the content within its range.
  fn ranges(&mut self) {
    let content = self.content;
    let q = self.qfile();
    for question in &content.questionnaire.questions {
      let line = q.line_of_item(Some("questions"), &question.id);
      let id = question.id.as_str();
      // A weight of 0 or less is reported as not positive.
      if question.weight > Decimal::ZERO {
        self.range(&q, line, id, "weight", (question.weight, 0, MAX_WEIGHT));
      }
      for o in &question.options {
        if let Some(p) = o.points {
          self.range(&q, line, id, "points", (p, -MAX_POINTS, MAX_POINTS));
        }
      }
      if let Some(cap) = question.cap {
        self.range(&q, line, id, "cap", (cap, 0, MAX_POINTS * 100));
      }
      for b in &question.bands {
        self.range(
          &q,
          line,
          id,
          "band points",
          (b.points, -MAX_POINTS, MAX_POINTS),
        );
        self.range(&q, line, id, "band bound", (b.min, -MAX_NUMBER, MAX_NUMBER));
        if let Some(max) = b.max {
          self.range(&q, line, id, "band bound", (max, -MAX_NUMBER, MAX_NUMBER));
        }
      }
      if let Some(r) = &question.range {
        for x in [r.min, r.max].into_iter().flatten() {
          self.range(&q, line, id, "range bound", (x, -MAX_NUMBER, MAX_NUMBER));
        }
      }
    }
    if self.read(DIMENSIONS_FILE) {
      self.dimension_ranges();
    }
    if self.read(ACTIONS_FILE) {
      self.action_ranges();
    }
    if self.read(PLANNING_FILE) {
      self.planning_ranges();
    }
  }

  fn dimension_ranges(&mut self) {
    let content = self.content;
    let d = self.file(DIMENSIONS_FILE);
    for dim in &content.dimensions {
      let line = d.line_of_item(Some("dimensions"), &dim.id);
      if dim.weight > Decimal::ZERO {
        self.range(&d, line, &dim.id, "weight", (dim.weight, 0, MAX_WEIGHT));
      }
    }
    self.range(
      &d,
      d.line_of_path(&["strength_threshold"]),
      "strength_threshold",
      "strength threshold",
      (content.strength_threshold, 0, 100),
    );
  }

  fn action_ranges(&mut self) {
    let content = self.content;
    let a = self.file(ACTIONS_FILE);
    for action in &content.actions {
      let line = a.line_of_item(Some("actions"), &action.id);
      for x in action.cost.one_off.iter().chain(&action.cost.recurring) {
        self.range(&a, line, &action.id, "cost", (*x, 0, MAX_MONEY));
      }
      self.range(
        &a,
        line,
        &action.id,
        "months",
        (Decimal::from(action.months), 1, i64::from(MAX_MONTHS)),
      );
    }
  }

  fn planning_ranges(&mut self) {
    let content = self.content;
    let p = self.file(PLANNING_FILE);
    let planning = &content.planning;
    self.range(
      &p,
      p.line_of_path(&["default_months"]),
      "default_months",
      "default months",
      (
        Decimal::from(planning.default_months),
        1,
        i64::from(MAX_MONTHS),
      ),
    );
    self.range(
      &p,
      p.line_of_path(&["quick_win"]),
      "quick_win",
      "max_cost",
      (planning.quick_win.max_cost, 0, MAX_MONEY),
    );
    if let Some(e) = &planning.envelope {
      for (band, x) in &e.amounts {
        self.range(
          &p,
          p.line_of_path(&["envelope"]),
          band,
          "envelope",
          (*x, 0, MAX_MONEY),
        );
      }
    }
    for c in &planning.capacity {
      let line = p.line_of_item(Some("capacity"), &c.id);
      for (what, n) in [
        ("max_parallel", c.max_parallel),
        ("first_phase_starts", c.first_phase_starts),
      ] {
        self.range(&p, line, &c.id, what, (Decimal::from(n), 1, 100));
      }
    }
  }

  fn messages(&mut self) {
    let f = self.file(MESSAGES_FILE);
    for (key, text) in &self.content.messages.0 {
      let line = f.line_of_path(&[key]);
      self.text(&f, line, key, "message", text);
      for lang in [Lang::Vi, Lang::En] {
        if let Err(e) = self.content.env().template_from_str(text.get(lang)) {
          self.report(
            &f,
            line,
            key,
            format!("message ({}) does not compile: {e}", lang.code()),
            "fix the template syntax; users would otherwise read the raw text",
          );
        }
      }
    }
    // The program says these: a catalogue without one would show users a
    // bare key.
    let default: BTreeMap<String, Text> =
      yaml_serde::from_str(include_str!("../../templates/messages.yaml")).unwrap_or_default();
    for key in default.keys() {
      if !self.content.messages.0.contains_key(key) {
        self.report(
          &f,
          None,
          key,
          "message missing from the catalogue".into(),
          "coopdx says this message; copy it from the default templates/messages.yaml",
        );
      }
    }
  }

  /// Checks that a condition compiles and reads only variables that exist
  /// when it is evaluated; false when it does not (the error is reported,
  /// so checks that build on the condition are skipped).
  fn condition(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    source: &str,
    scope: Scope,
  ) -> bool {
    let content = self.content;
    // Conditions were compiled once at load; only a failure is compiled
    // again, for its message.
    let variables = match content.condition_variables(source) {
      Some(v) => v,
      None => {
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
        return false;
      }
    };
    let mut variables: Vec<String> = variables.into_iter().collect();
    variables.sort();
    let mut ok = true;
    for variable in variables {
      if let Err(message) = scope.allows(content, &variable, self.unparsed) {
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
    // A variable already reported fails evaluation too: one error is
    // enough. Made-up facts without the files that did not parse would
    // fail every condition.
    let facts_complete = self.read(QUESTIONNAIRE) && self.read(DIMENSIONS_FILE);
    if let Some(error) = self
      .samples
      .iter()
      .filter(|_| ok && facts_complete)
      .find_map(|facts| content.holds(source, facts).err())
    {
      ok = false;
      self.report(
        f,
        line,
        id,
        format!("condition `{source}` fails when evaluated: {error}"),
        "check the types it compares (a list with `in`, numbers with `or 0`) and the filters it uses",
      );
    }
    for (root, key, literal) in literals(source) {
      if let Some(options) = option_ids(content, &root, &key)
        && !options.contains(&literal)
      {
        self.report(
            f,
            line,
            id,
            format!("condition `{source}`: `{literal}` is not an option of {root}.{key}, so the condition can never hold"),
            &format!("use one of: {}", options.join(", ")),
          );
      }
    }
    ok
  }
}

/// Facts for made-up cooperatives: every legal form and sector, each with
/// every question answered by its first option, by its last option, or not
/// at all (numbers at the bottom and top of their range).
fn samples(content: &Content) -> Vec<Value> {
  let field_options = |id: &str| -> Vec<Value> {
    content.questionnaire.field(id).map_or_else(
      || vec![Value::from(())],
      |f| {
        f.options
          .iter()
          .map(|o| Value::from(o.id.as_str()))
          .collect()
      },
    )
  };
  let answers = |pick: usize| -> Value {
    let map: BTreeMap<&str, Value> = content
      .questionnaire
      .questions
      .iter()
      .map(|q| {
        let value = match (pick, q.kind) {
          (2, QuestionKind::Multi) => Value::from(Vec::<Value>::new()),
          (2, _) => Value::from(()),
          (_, QuestionKind::Choice | QuestionKind::Grid) => {
            let o = if pick == 0 {
              q.options.first()
            } else {
              q.options.last()
            };
            o.map_or(Value::from(()), |o| Value::from(o.id.as_str()))
          }
          (_, QuestionKind::Multi) => {
            let o = if pick == 0 {
              q.options.first()
            } else {
              q.options.last()
            };
            Value::from(
              o.map(|o| Value::from(o.id.as_str()))
                .into_iter()
                .collect::<Vec<_>>(),
            )
          }
          (_, QuestionKind::Number | QuestionKind::Percent) => {
            Value::from(if pick == 0 { 0 } else { 100 })
          }
          (_, QuestionKind::Text) => Value::from("…"),
        };
        (q.id.as_str(), value)
      })
      .collect();
    super::grid::nest(content, map)
  };
  let dimensions: BTreeMap<&str, Value> = content
    .dimensions
    .iter()
    .map(|d| (d.id.as_str(), Value::from(50)))
    .collect();
  let mut out = Vec::new();
  for form in field_options("legal_form") {
    for sector in field_options("sector") {
      let profile: BTreeMap<&str, Value> = content
        .questionnaire
        .profile
        .iter()
        .map(|f| {
          let v = match f.id.as_str() {
            "legal_form" => form.clone(),
            "sector" => sector.clone(),
            _ => Value::from(()),
          };
          (f.id.as_str(), v)
        })
        .collect();
      for pick in 0..3 {
        out.push(minijinja::context! {
          profile => Value::from(profile.clone()),
          answers => answers(pick),
          dimensions => Value::from(dimensions.clone()),
          index => 50,
          level => 2,
        });
      }
    }
  }
  out
}

#[derive(Clone, Copy)]
enum Scope {
  /// A question's `when`, which may read only earlier answers.
  Question(usize),
  /// A gate, evaluated after scoring.
  Gate,
  /// An action's `when` or `done_when`, evaluated after scoring.
  Action,
  /// An action's `applies`: the profile only.
  Profile,
}

impl Scope {
  fn help(self) -> &'static str {
    match self {
      Scope::Question(_) => "a `when` may read profile.<field> and answers.<earlier question>",
      Scope::Gate => {
        "a gate may read profile.<field>, answers.<question>, dimensions.<dimension> and index"
      }
      Scope::Action => {
        "an action may read profile.<field>, answers.<question>, dimensions.<dimension>, index and level"
      }
      Scope::Profile => "`applies` may read profile.<field> only",
    }
  }

  fn allows(
    self,
    content: &Content,
    variable: &str,
    unparsed: &BTreeSet<String>,
  ) -> Result<(), String> {
    let (root, key) = match variable.split_once('.') {
      Some((root, rest)) => (root, Some(super::grid::answer_key(content, rest))),
      None => (variable, None),
    };
    // Ids of a file that did not parse are unknown here, not wrong.
    let defined_in = match root {
      "profile" | "answers" => QUESTIONNAIRE,
      "dimensions" => DIMENSIONS_FILE,
      _ => "",
    };
    if key.is_some() && unparsed.contains(defined_in) {
      return Ok(());
    }
    match (root, key, self) {
      ("profile", Some(key), _) => match content.questionnaire.field(key) {
        Some(_) => Ok(()),
        None => Err(format!("unknown profile field `{key}`")),
      },
      ("answers", _, Scope::Profile) => Err("`applies` may not read answers; use `when`".into()),
      ("answers", Some(key), scope) => match (content.questionnaire.position(key), scope) {
        (None, _) => Err(format!("unknown question `{key}`")),
        (Some(p), Scope::Question(me)) if p >= me => Err(format!(
          "refers to question `{key}`, which is asked later (or is this question)"
        )),
        _ => Ok(()),
      },
      ("dimensions", Some(key), Scope::Gate | Scope::Action) => match content.dimension(key) {
        Some(_) => Ok(()),
        None => Err(format!("unknown dimension `{key}`")),
      },
      ("index" | "dimensions", None, Scope::Gate | Scope::Action)
      | ("level", None, Scope::Action)
      | ("profile", None, _)
      | ("answers", None, Scope::Question(_) | Scope::Gate | Scope::Action) => Ok(()),
      _ => Err(format!("unknown variable `{variable}`")),
    }
  }
}

/// `(root, key, literal)` for each string compared with a profile field or an
/// answer: `profile.sector == 'x'`, `'x' in answers.Q`, `answers.Q in ['x', 'y']`.
fn literals(source: &str) -> Vec<(String, String, String)> {
  static EQ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(profile|answers)\.(\w+(?:\.\w+)?)\s*(?:==|!=)\s*['"]([^'"]*)['"]"#)
      .expect("valid regex")
  });
  static IN_VAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"['"]([^'"]*)['"]\s+(?:not\s+)?in\s+(profile|answers)\.(\w+(?:\.\w+)?)"#)
      .expect("valid regex")
  });
  static IN_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(profile|answers)\.(\w+(?:\.\w+)?)\s+(?:not\s+)?in\s+[\[(]([^\])]*)[\])]"#)
      .expect("valid regex")
  });
  static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"['"]([^'"]*)['"]"#).expect("valid regex"));
  let mut found = Vec::new();
  for c in EQ.captures_iter(source) {
    found.push((c[1].to_owned(), c[2].to_owned(), c[3].to_owned()));
  }
  for c in IN_VAR.captures_iter(source) {
    found.push((c[2].to_owned(), c[3].to_owned(), c[1].to_owned()));
  }
  for c in IN_LIST.captures_iter(source) {
    for item in ITEM.captures_iter(&c[3]) {
      found.push((c[1].to_owned(), c[2].to_owned(), item[1].to_owned()));
    }
  }
  found
}

fn option_ids(content: &Content, root: &str, key: &str) -> Option<Vec<String>> {
  let ids: Vec<String> = match root {
    "profile" => content
      .questionnaire
      .field(key)?
      .options
      .iter()
      .map(|o| o.id.clone())
      .collect(),
    _ => content
      .questionnaire
      .question(key)?
      .options
      .iter()
      .map(|o| o.id.clone())
      .collect(),
  };
  (!ids.is_empty()).then_some(ids)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn literals_are_found_in_all_three_forms() {
    let found =
      literals("profile.sector == 'agri' and ('zalo' in answers.Q1 or answers.Q2 in ['a', \"b\"])");
    assert_eq!(
      found,
      vec![
        ("profile".into(), "sector".into(), "agri".into()),
        ("answers".into(), "Q1".into(), "zalo".into()),
        ("answers".into(), "Q2".into(), "a".into()),
        ("answers".into(), "Q2".into(), "b".into()),
      ]
    );
  }
}
