//! Content: the questionnaire, rules and templates that drive everything.
//!
//! Content is data. [`ContentFiles`] reads it from the binary or a folder,
//! [`Content::load`] parses, resolves and checks it, and everything after
//! reads only the checked [`Content`].

mod action;
mod band_on;
mod check;
pub mod condition;
mod dimension;
mod dont_know;
mod engine;
mod facts;
mod files;
pub mod filters;
mod grid;
mod group;
mod maturity_level;
mod messages;
mod profile_field;
mod question;
mod questionnaire;
mod scale;
pub mod schema;
pub mod xpath;

pub use action::{
  Action, Capability, CapabilityKind, Capacity, Cost, Envelope, Phase, Planning, Policy,
  PolicyStatus, QuickWin, Terms, Urgent, UrgentRank,
};
pub use band_on::{BandOn, Seam};
pub use dimension::Dimension;
pub use dont_know::DontKnow;
pub use facts::AnswerFacts;
pub use files::{ContentFiles, FOLDERS};
pub use grid::{GridRow, Row, field_name, row_id};
pub use group::Group;
pub use maturity_level::{Gate, LevelRules, MaturityLevel};
pub use messages::Messages;
pub use profile_field::{FieldKind, FieldOption, ProfileField, ShowOn};
pub use question::{AnswerOption, AnswerValue, Band, MultiScoring, Question, QuestionKind, Range};
pub use questionnaire::Questionnaire;
pub use scale::Scale;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::source::SourceFile;
use crate::text::{Lang, Text, nfc};
use minijinja::{Environment, UndefinedBehavior, Value};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Path of the dimensions file within the content root.
pub const DIMENSIONS_FILE: &str = "rules/dimensions.yaml";
/// Path of the scales file.
pub const SCALES_FILE: &str = "rules/scales.yaml";
/// Path of the levels and gates file.
pub const LEVELS_FILE: &str = "rules/levels.yaml";
/// Path of the action catalogue.
pub const ACTIONS_FILE: &str = "rules/actions.yaml";
/// Path of the policy catalogue.
pub const POLICIES_FILE: &str = "rules/policies.yaml";
/// Path of the planning parameters.
pub const PLANNING_FILE: &str = "rules/planning.yaml";
/// Path of the message catalogue.
pub const MESSAGES_FILE: &str = "templates/messages.yaml";

/// How dimension scores combine into the readiness index.
#[derive(
  Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
  /// Σ weight × score ÷ Σ weight over the dimensions that were assessed.
  /// Equal weights give the EU DMA's plain mean of dimensions.
  #[default]
  WeightedMean,
}

/// `rules/dimensions.yaml`: the dimensions, their weights and how they
/// combine into the readiness index.
#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct DimensionsFile {
  #[serde(default)]
  aggregation: Aggregation,
  #[serde(default = "default_strength")]
  strength_threshold: Decimal,
  #[serde(default)]
  dont_know: DontKnow,
  dimensions: Vec<Dimension>,
}

/// `rules/scales.yaml`: answer scales shared by several questions.
#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ScalesFile {
  scales: Vec<Scale>,
}

/// `rules/actions.yaml`: the catalogue of advisory actions.
#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ActionsFile {
  actions: Vec<Action>,
}

/// `rules/policies.yaml`: the support policies that may fund actions.
#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct PoliciesFile {
  policies: Vec<Policy>,
}

/// Loaded, resolved and checked content.
#[derive(Debug)]
pub struct Content {
  /// The questionnaire.
  pub questionnaire: Questionnaire,
  /// How dimensions combine into the index.
  pub aggregation: Aggregation,
  /// Dimensions in report order.
  pub dimensions: Vec<Dimension>,
  /// Whether "don't know" scores 0 or leaves the denominator.
  pub dont_know: DontKnow,
  /// A dimension is called a strength only from this score (0-100);
  /// below it, a dimension above the index is only "relatively better".
  pub strength_threshold: Decimal,
  /// Shared answer scales.
  pub scales: Vec<Scale>,
  /// Maturity levels, lowest first.
  pub levels: Vec<MaturityLevel>,
  /// What the levels' bands are read against.
  pub band_on: BandOn,
  /// Gates, in the order they are checked.
  pub gates: Vec<Gate>,
  /// The advisory actions.
  pub actions: Vec<Action>,
  /// The support policies.
  pub policies: Vec<Policy>,
  /// Planning parameters.
  pub planning: Planning,
  /// The message catalogue.
  pub messages: Messages,
  /// The files everything was read from, for diagnostics.
  pub files: ContentFiles,
  /// Compiles conditions and renders templates (strict about undefined
  /// variables, so a typo fails loudly instead of reading as false).
  engine: engine::Engine,
  /// Question positions by id, shared with condition facts.
  pub(crate) positions: std::sync::Arc<BTreeMap<String, usize>>,
  /// Each grid's row positions by grid id, shared with condition facts.
  pub(crate) grid_positions: std::sync::Arc<BTreeMap<String, Vec<(String, usize)>>>,
}

impl Content {
  /// The content compiled into the binary.
  ///
  /// ```
  /// let content = coopdx::Content::embedded().unwrap();
  /// assert!(content.questionnaire.questions.len() >= 45);
  /// ```
  pub fn embedded() -> Result<Self, Error> {
    // The embedded content is checked by the test suite (and by `coopdx
    // validate`); re-proving it on every command would cost more than
    // scoring. Folders given with --content are always checked.
    Self::load_checked(ContentFiles::embedded_fast(), false)
  }

  /// The content in `dir`, or the embedded content when `None`.
  pub fn from_option(dir: Option<&Path>) -> Result<Self, Error> {
    match dir {
      Some(dir) => Self::load(ContentFiles::from_dir(dir)?),
      None => Self::embedded(),
    }
  }

  /// Parses, resolves and checks `files`; every problem found is returned
  /// at once.
  pub fn load(files: ContentFiles) -> Result<Self, Error> {
    Self::load_checked(files, true)
  }

  fn load_checked(files: ContentFiles, check: bool) -> Result<Self, Error> {
    let mut problems = Vec::new();
    let questionnaire = {
      let found: Vec<&SourceFile> = files.in_folder("questionnaires", ".yaml").collect();
      match found.as_slice() {
        [one] => parse::<Questionnaire>(
          one,
          files.json.get(one.path.as_str()).copied(),
          &mut problems,
        ),
        _ => {
          problems.push(Diagnostic {
            file: check::QUESTIONNAIRE.into(),
            line: None,
            id: None,
            message: format!("expected exactly one questionnaire, found {}", found.len()),
            help: Some("put one questionnaire YAML file in questionnaires/".into()),
          });
          None
        }
      }
    };
    let dimensions = required::<DimensionsFile>(&files, DIMENSIONS_FILE, &mut problems);
    let scales = required::<ScalesFile>(&files, SCALES_FILE, &mut problems);
    let levels = required::<LevelRules>(&files, LEVELS_FILE, &mut problems);
    let messages = required::<Messages>(&files, MESSAGES_FILE, &mut problems);
    // A framework may have no advice: without these files it has no
    // actions and no policies.
    let actions = optional::<ActionsFile>(&files, ACTIONS_FILE, &mut problems);
    let policies = optional::<PoliciesFile>(&files, POLICIES_FILE, &mut problems);
    let planning = required::<Planning>(&files, PLANNING_FILE, &mut problems);
    let mut env = environment(&files, &mut problems);
    // A file that did not parse stands empty, so the others are still
    // checked: its error is reported, and the checks skip what it defines
    // (`unparsed`) instead of calling every reference into it unknown.
    let mut unparsed = BTreeSet::new();
    let questionnaire = or_empty(questionnaire, check::QUESTIONNAIRE, &mut unparsed);
    let dimensions = or_empty(dimensions, DIMENSIONS_FILE, &mut unparsed);
    let scales = or_empty(scales, SCALES_FILE, &mut unparsed);
    let levels = or_empty(levels, LEVELS_FILE, &mut unparsed);
    let messages = or_empty(messages, MESSAGES_FILE, &mut unparsed);
    let actions = or_empty(actions, ACTIONS_FILE, &mut unparsed);
    let policies = or_empty(policies, POLICIES_FILE, &mut unparsed);
    let planning = or_empty(planning, PLANNING_FILE, &mut unparsed);
    // Rationales are rendered for every planned action: compile them once.
    for action in &actions.actions {
      for (lang, text) in [
        (Lang::Vi, &action.rationale.vi),
        (Lang::En, &action.rationale.en),
      ] {
        // A rationale that does not compile is reported by the checks.
        let _ = env.add_template_owned(rationale_template(&action.id, lang), text.clone());
      }
    }
    let conditions = conditions(
      &questionnaire,
      &levels.gates,
      &actions.actions,
      &planning,
      &policies.policies,
    );
    // Every message is compiled once too, not at each time it is said.
    for (key, text) in &messages.0 {
      for lang in [Lang::Vi, Lang::En] {
        // A message that does not compile is reported by the checks and
        // said as written.
        let _ = env.add_template_owned(
          messages::template_name(key, lang),
          text.get(lang).to_owned(),
        );
      }
    }
    let mut questionnaire = questionnaire;
    questionnaire.grids = grid::expand(&mut questionnaire.questions);
    let positions: BTreeMap<String, usize> = questionnaire
      .questions
      .iter()
      .enumerate()
      .map(|(i, q)| (q.id.clone(), i))
      .collect();
    let mut content = Content {
      questionnaire,
      aggregation: dimensions.aggregation,
      dimensions: dimensions.dimensions,
      dont_know: dimensions.dont_know,
      strength_threshold: dimensions.strength_threshold,
      scales: scales.scales,
      levels: levels.levels,
      band_on: levels.band_on,
      gates: levels.gates,
      actions: actions.actions,
      policies: policies.policies,
      planning,
      messages,
      files,
      engine: engine::Engine::build(env, conditions, &positions),
      positions: std::sync::Arc::new(positions),
      grid_positions: Default::default(),
    };
    content.grid_positions = std::sync::Arc::new(grid::positions(&content.questionnaire.questions));
    content.resolve_scales();
    if check {
      problems.extend(check::check(&content, &unparsed));
    }
    if problems.is_empty() {
      Ok(content)
    } else {
      Err(Error::Content {
        origin: content.files.origin.clone(),
        diagnostics: problems,
        files: content.files,
      })
    }
  }

  fn resolve_scales(&mut self) {
    let questionnaire = &mut self.questionnaire;
    for q in questionnaire
      .questions
      .iter_mut()
      .chain(&mut questionnaire.grids)
    {
      if let (Some(scale), true) = (&q.scale, q.options.is_empty())
        && let Some(s) = self.scales.iter().find(|s| &s.id == scale)
      {
        q.options = s.options.clone();
      }
    }
  }

  /// The variables a condition reads, when it compiled at load.
  pub(crate) fn condition_variables(
    &self,
    expression: &str,
  ) -> Option<std::collections::HashSet<String>> {
    self.engine.variables(expression)
  }

  /// Renders the content template `name` (from `templates/`, or an
  /// action's rationale) with `ctx`.
  pub fn render_template(&self, name: &str, ctx: &Value) -> Result<String, Error> {
    let fail = |e: minijinja::Error| {
      let mut message = e.to_string();
      let mut source = std::error::Error::source(&e);
      while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
      }
      Error::Template {
        name: name.to_owned(),
        message,
      }
    };
    self
      .env()
      .get_template(name)
      .map_err(fail)?
      .render(ctx)
      .map_err(fail)
  }

  /// The template environment.
  pub fn env(&self) -> &Environment<'static> {
    self.engine.env()
  }

  /// The dimension with this id.
  pub fn dimension(&self, id: &str) -> Option<&Dimension> {
    self.dimensions.iter().find(|d| d.id == id)
  }

  /// The action with this id.
  pub fn action(&self, id: &str) -> Option<&Action> {
    self.actions.iter().find(|a| a.id == id)
  }

  /// The capability (tool or skill) with this id.
  pub fn capability(&self, id: &str) -> Option<&Capability> {
    self.planning.capabilities.iter().find(|c| c.id == id)
  }

  /// A content text that may use variables (`{{ org }}`), rendered over
  /// `vars`; plain text is returned as it is, without a template pass.
  /// Each text is compiled once, on first use, and kept by the environment
  /// (see [`TEXT_SUFFIX`]): a plan renders a few hundred of them.
  pub fn render_text(&self, text: &str, vars: &Value) -> String {
    if !text.contains("{{") && !text.contains("{%") {
      return text.to_owned();
    }
    self
      .env()
      .get_template(&format!("{text}{TEXT_SUFFIX}"))
      .and_then(|t| t.render(vars))
      .unwrap_or_else(|_| text.to_owned())
  }

  /// [`Content::render_text`] in both languages, over each one's `vars`
  /// (`[vi, en]`).
  pub fn render_both(&self, text: &Text, vars: &[Value; 2]) -> Text {
    Text {
      vi: self.render_text(&text.vi, &vars[0]),
      en: self.render_text(&text.en, &vars[1]),
    }
  }

  /// The policy with this id.
  pub fn policy(&self, id: &str) -> Option<&Policy> {
    self.policies.iter().find(|p| p.id == id)
  }

  /// The maturity level with this number.
  pub fn level(&self, number: u8) -> Option<&MaturityLevel> {
    self.levels.iter().find(|l| l.number == number)
  }

  /// The message `key` in `lang` with `args` filled in.
  pub fn message(&self, key: &str, lang: Lang, args: &Value) -> String {
    self.messages.render(self.env(), key, lang, args)
  }

  /// Evaluates a condition over `facts` (profile, answers and, for gates,
  /// scores).
  pub fn holds(&self, expression: &str, facts: &Value) -> Result<bool, Error> {
    self.engine.holds(expression, facts)
  }
}

/// The questions a condition reads (`answers.GO01` → `GO01`; a grid's
/// row, `answers.TECH.erp` → `TECH.erp`).
pub fn questions_read(condition: &str) -> BTreeSet<&str> {
  let name_end = |s: &str| {
    s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
      .unwrap_or(s.len())
  };
  condition
    .match_indices("answers.")
    .map(|(i, m)| {
      let rest = &condition[i + m.len()..];
      let mut end = name_end(rest);
      if let Some(row) = rest[end..].strip_prefix('.') {
        end += 1 + name_end(row);
      }
      &rest[..end]
    })
    .collect()
}

/// Every condition the content evaluates, compiled once when the engine is
/// built: question and profile `when`, gate `requires`/`when`, action
/// `applies`/`when`/`done_when`/`urgent.when`, capability `present_when`,
/// capacity `when`, policy `applies`. A new kind of condition is added here.
fn conditions(
  questionnaire: &Questionnaire,
  gates: &[Gate],
  actions: &[Action],
  planning: &Planning,
  policies: &[Policy],
) -> BTreeSet<String> {
  let questions = questionnaire
    .questions
    .iter()
    .filter_map(|q| q.when.clone());
  let fields = questionnaire.profile.iter().filter_map(|f| f.when.clone());
  let gates = gates
    .iter()
    .flat_map(|g| std::iter::once(g.requires.clone()).chain(g.when.clone()));
  let capabilities = planning.capabilities.iter().map(|c| c.present_when.clone());
  let capacity = planning.capacity.iter().filter_map(|c| c.when.clone());
  let policies = policies.iter().filter_map(|p| p.applies.clone());
  let actions = actions.iter().flat_map(|a| {
    std::iter::once(a.done_when.clone())
      .chain(a.when.clone())
      .chain(a.applies.clone())
      .chain(a.urgent.as_ref().map(|u| u.when.clone()))
  });
  questions
    .chain(fields)
    .chain(gates)
    .chain(actions)
    .chain(capabilities)
    .chain(capacity)
    .chain(policies)
    .collect()
}

/// The template name of an action's rationale in `lang`.
pub fn rationale_template(action: &str, lang: Lang) -> String {
  format!("rationale/{action}.{}", lang.code())
}

/// The most instructions one template rendering may run.
pub const TEMPLATE_FUEL: u64 = 5_000_000;

/// Default strength threshold: a dimension is a strength from 60/100.
fn default_strength() -> Decimal {
  Decimal::from(60)
}

/// Default weight of questions and dimensions.
pub(crate) fn one() -> Decimal {
  Decimal::ONE
}

/// The template environment every condition and template runs in.
/// Ends the template name of a content text, which is the text itself: the
/// loader compiles it on first use and the environment keeps it. Not a
/// file extension, so no text is auto-escaped.
const TEXT_SUFFIX: &str = "\u{1}text";

fn environment(files: &ContentFiles, problems: &mut Vec<Diagnostic>) -> Environment<'static> {
  let mut env = Environment::new();
  env.set_undefined_behavior(UndefinedBehavior::Strict);
  env.set_loader(|name| Ok(name.strip_suffix(TEXT_SUFFIX).map(str::to_owned)));
  // A template that loops for ever (a content mistake) stops with an error
  // instead of hanging a report: the full report spends well under a
  // twenty-fifth of this (about 200 000).
  env.set_fuel(Some(TEMPLATE_FUEL));
  // Text templates are written for reading: block tags take no line of
  // their own, and a file's final newline is kept.
  if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
    .trim_blocks(true)
    .lstrip_blocks(true)
    .keep_trailing_newline(true)
    .build()
  {
    env.set_syntax(syntax);
  }
  filters::register(&mut env);
  for file in files.in_folder("templates", ".j2") {
    let name = file.path.trim_start_matches("templates/").to_owned();
    if let Err(e) = env.add_template_owned(name, file.text.clone()) {
      problems.push(Diagnostic::new(
        file,
        e.line(),
        format!("template does not compile: {e}"),
      ));
    }
  }
  env
}

/// The parsed value, or an empty one for a file that did not parse
/// (recorded in `unparsed`).
fn or_empty<T: Default>(value: Option<T>, path: &str, unparsed: &mut BTreeSet<String>) -> T {
  value.unwrap_or_else(|| {
    unparsed.insert(path.to_owned());
    T::default()
  })
}

fn required<T: DeserializeOwned>(
  files: &ContentFiles,
  path: &str,
  problems: &mut Vec<Diagnostic>,
) -> Option<T> {
  match files.get(path) {
    Some(file) => parse(file, files.json.get(path).copied(), problems),
    None => {
      problems.push(Diagnostic {
        file: path.into(),
        line: None,
        id: None,
        message: "required content file is missing".into(),
        help: Some(format!("create {path} (copy it from the default content)")),
      });
      None
    }
  }
}

/// A content file that may be left out: its default when it is.
fn optional<T: DeserializeOwned + Default>(
  files: &ContentFiles,
  path: &str,
  problems: &mut Vec<Diagnostic>,
) -> Option<T> {
  match files.get(path) {
    Some(_) => required(files, path, problems),
    None => Some(T::default()),
  }
}

/// Parses a content file: its build-time JSON when there is one, else its
/// YAML after normalising it to NFC, turning a syntax or type error into a
/// diagnostic at its line.
fn parse<T: DeserializeOwned>(
  file: &SourceFile,
  json: Option<&str>,
  problems: &mut Vec<Diagnostic>,
) -> Option<T> {
  if let Some(value) = json.and_then(|j| serde_json::from_str(j).ok()) {
    return Some(value);
  }
  if let Some(line) = crate::source::too_deep(&file.text, 64) {
    problems.push(
      Diagnostic::new(
        file,
        Some(line),
        "lists or mappings nest more than 64 levels deep",
      )
      .help("no content file needs this: check the [ ] and { } brackets"),
    );
    return None;
  }
  match yaml_serde::from_str(&nfc(&file.text)) {
    Ok(value) => Some(value),
    Err(e) => {
      let line = e.location().map(|l| l.line());
      problems.push(
        Diagnostic::new(file, line, format!("{e}"))
          .help("fix the YAML at this line; see the default content for the expected shape"),
      );
      None
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  /// A text compiled once is still rendered with each caller's words, and
  /// a text that does not compile reads as written.
  #[test]
  fn a_kept_text_renders_with_each_callers_words() {
    let content = Content::embedded().expect("content");
    let text = "Ban điều hành {{ org }} chủ trì.";
    let words = |org: &str| minijinja::context! { org => org };
    assert_eq!(
      content.render_text(text, &words("hợp tác xã")),
      "Ban điều hành hợp tác xã chủ trì."
    );
    assert_eq!(
      content.render_text(text, &words("tổ hợp tác")),
      "Ban điều hành tổ hợp tác chủ trì."
    );
    let broken = "Ban điều hành {{ org ";
    assert_eq!(content.render_text(broken, &words("tổ hợp tác")), broken);
  }

  /// `Content::embedded` skips the checks at run time because this test
  /// runs them.
  #[test]
  fn embedded_content_passes_every_check() {
    let content = Content::load(ContentFiles::embedded());
    assert!(content.is_ok(), "{:?}", content.err());
  }

  /// The build-time JSON and the YAML it came from give the same content.
  #[test]
  fn build_time_json_matches_the_yaml() {
    let fast = Content::embedded().expect("embedded (JSON)");
    let slow = Content::load(ContentFiles::embedded()).expect("embedded (YAML)");
    let json = |c: &Content| {
      serde_json::to_string(&(
        &c.questionnaire,
        &c.dimensions,
        &c.dont_know,
        &c.scales,
        &c.levels,
        &c.band_on,
        &c.gates,
        &c.actions,
        &c.policies,
        &c.planning,
        &c.messages,
      ))
      .expect("serialises")
    };
    assert_eq!(json(&fast), json(&slow));
    assert_eq!(
      ContentFiles::embedded_fast().json.len(),
      8,
      "every YAML file has its JSON"
    );
  }
}
