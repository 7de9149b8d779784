//! Reading an assessment file and checking it against the questionnaire.

use super::problem::Kind;
use super::*;
use crate::assessment::Assessment;
use crate::content::{AnswerValue, Content, FieldKind, ProfileField, Question, QuestionKind};
use crate::source::SourceFile;
use crate::text::{Lang, nfc};
use minijinja::value::Serde;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use yaml_serde::Value as Yaml;

/// Whether every required question must be answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completeness {
  /// For scoring: a missing required answer is a problem.
  Complete,
  /// For resuming an interview: missing answers are expected.
  Partial,
}

const TOP_KEYS: [&str; 7] = [
  "questionnaire",
  "stage",
  "date",
  "mode",
  "assessor",
  "profile",
  "answers",
];

/// No assessment nests lists or mappings this deep; a file that does is
/// refused at once instead of keeping the parser busy for seconds.
const MAX_DEPTH: usize = 32;

/// The longest note or piece of evidence, in characters: a page of text.
pub const MAX_NOTE: usize = 2000;

struct Loader<'a> {
  file: &'a SourceFile,
  content: &'a Content,
  problems: Vec<Problem>,
  /// The assessment's year, against which `not_future` years are checked.
  year: Option<i32>,
}

/// Whether required profile fields must be there: not while an interview
/// is still filling them in.
fn profile_required(completeness: Completeness) -> bool {
  completeness == Completeness::Complete
}

impl Assessment {
  /// Parses and checks the assessment in `file`; every problem is returned
  /// at once.
  pub fn parse(
    file: &SourceFile,
    content: &Content,
    completeness: Completeness,
  ) -> Result<Self, Vec<Problem>> {
    let text = nfc(&file.text);
    if let Some(pos) = text.find('\0') {
      let line = 1 + text[..pos].matches('\n').count();
      return Err(vec![
        Problem::new(Kind::NulByte, Value::from(())).at(Some(line)),
      ]);
    }
    if let Some(line) = crate::source::too_deep(&text, MAX_DEPTH) {
      return Err(vec![
        Problem::new(
          Kind::NestingTooDeep,
          minijinja::context! { max => MAX_DEPTH },
        )
        .at(Some(line)),
      ]);
    }
    // The plain block style files are written in is read directly; the
    // full parser reads the rest and words every syntax error.
    let root = super::block_yaml::read(&text).map_or_else(|| full_yaml(&text), Ok)?;
    let Yaml::Mapping(root) = root else {
      return Err(vec![Problem::new(Kind::NotAMapping, Value::from(()))]);
    };
    let mut loader = Loader {
      file,
      content,
      problems: Vec::new(),
      year: None,
    };
    let assessment = loader.assessment(&root, completeness);
    if loader.problems.is_empty() {
      Ok(assessment)
    } else {
      Err(loader.problems)
    }
  }
}

/// `text` read by `yaml_serde`, its error as the file's problem.
fn full_yaml(text: &str) -> Result<Yaml, Vec<Problem>> {
  yaml_serde::from_str(text).map_err(|e| {
    let line = e.location().map(|l| l.line());
    let message = e.to_string();
    // A number too large for any type is not a syntax error.
    let problem = if message.contains("u128") || message.contains("i128") {
      Problem::new(Kind::NumberTooLarge, Value::from(()))
    } else {
      let column = e.location().map(|l| l.column());
      let key = message
        .split_once("key \"")
        .and_then(|(_, rest)| rest.rsplit_once('"'))
        .map(|(key, _)| key.to_owned());
      let why = syntax_cause(&message);
      Problem::new(
        Kind::YamlSyntax,
        minijinja::context! { error => message, why, column, key },
      )
    };
    vec![problem.at(line)]
  })
}

/// The YAML reader's own words (English) for the mistakes people make,
/// named so the message catalogue can say them in the reader's language;
/// `None` for others, shown as the reader gives them.
fn syntax_cause(message: &str) -> Option<&'static str> {
  [
    ("did not find expected ',' or ']'", "unclosed_list"),
    ("did not find expected ',' or '}'", "unclosed_mapping"),
    ("did not find expected key", "indentation"),
    ("mapping values are not allowed", "colon"),
    ("cannot start any token", "character"),
    ("found unexpected end of stream", "unclosed_quote"),
    ("unknown anchor", "alias"),
    ("duplicate entry with key", "duplicate_key"),
    ("recursion limit exceeded", "too_deep"),
    ("repetition limit exceeded", "too_deep"),
  ]
  .into_iter()
  .find(|(words, _)| message.contains(words))
  .map(|(_, cause)| cause)
}

fn scalar_string(v: &Yaml) -> Option<String> {
  match v {
    Yaml::String(s) => Some(s.trim().to_owned()),
    Yaml::Number(n) => Some(n.to_string()),
    Yaml::Bool(b) => Some(b.to_string()),
    _ => None,
  }
}

/// "1.000" or "1,000": a thousand in Vietnamese, one in English. Three
/// digits after a separator could be either, so such a number is refused
/// rather than guessed (37,5 or 2.25 are plain decimals).
fn is_ambiguous_grouping(typed: &str) -> bool {
  let s = typed.trim().trim_end_matches('%').trim();
  let Some(pos) = s.find(['.', ',']) else {
    return false;
  };
  let (head, tail) = (&s[..pos], &s[pos + 1..]);
  let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
  let groups: Vec<&str> = tail.split(['.', ',']).collect();
  digits(head.trim_start_matches('-'))
    && head.trim_start_matches('-').len() <= 3
    && groups.iter().all(|g| g.len() == 3 && digits(g))
}

fn describe(v: &Yaml) -> String {
  match v {
    // Placeholders the message catalogue words in the reader's language
    // (see `Problem::render`).
    Yaml::Null => super::problem::EMPTY.into(),
    Yaml::Sequence(_) => super::problem::LIST.into(),
    Yaml::Mapping(_) => super::problem::MAPPING.into(),
    other => scalar_string(other).unwrap_or_default(),
  }
}

/// Where an entry sits in the file, by the keys that lead to it. Its line
/// is looked up only when a problem is reported there: finding the line of
/// every answer of every file read was a tenth of a survey batch's reading.
#[derive(Clone, Copy)]
enum Place<'k> {
  /// `section: {key: …}`: a profile field or an answer.
  Entry(&'k str, &'k str),
  /// A grid's row, `answers: {grid: {row: …}}`; the grid's line when the
  /// row's is not found.
  Row(&'k str, &'k str),
  /// Not in a file: typed at a prompt or on a web page.
  Typed,
}

impl Loader<'_> {
  fn line(&self, path: &[&str]) -> Option<usize> {
    self.file.line_of_path(path)
  }

  /// Reports a problem with the entry at `place`, about `id`.
  fn problem_at(&mut self, kind: Kind, args: Value, place: Place<'_>, id: &str) {
    let line = self.line_at(place);
    self.push(Problem::new(kind, args).at(line).id(id));
  }

  fn line_at(&self, place: Place<'_>) -> Option<usize> {
    match place {
      Place::Entry(section, key) => self.line(&[section, key]),
      Place::Row(grid, row) => self
        .line(&["answers", grid, row])
        .or_else(|| self.line(&["answers", grid])),
      Place::Typed => None,
    }
  }

  fn push(&mut self, problem: Problem) {
    self.problems.push(problem);
  }

  fn assessment(&mut self, root: &yaml_serde::Mapping, completeness: Completeness) -> Assessment {
    let mut a = Assessment::new(self.content);
    for key in root.keys() {
      let name = scalar_string(key).unwrap_or_default();
      if !TOP_KEYS.contains(&name.as_str()) {
        let line = self.line(&[&name]);
        self.push(
          Problem::new(
            Kind::UnknownKey,
            minijinja::context! { key => name, known => TOP_KEYS.join(", ") },
          )
          .at(line),
        );
      }
    }
    self.questionnaire_ref(root.get("questionnaire"));
    if let Some(stage) = root.get("stage") {
      match scalar_string(stage) {
        Some(s) if is_stage(&s) => a.stage = s,
        _ => {
          let line = self.line(&["stage"]);
          self.push(
            Problem::new(
              Kind::BadStage,
              minijinja::context! { value => describe(stage) },
            )
            .at(line),
          );
        }
      }
    }
    if let Some(date) = root.get("date") {
      match scalar_string(date)
        .as_deref()
        .and_then(parse_date)
        .filter(|d| d.year() >= 2000)
      {
        Some(d) => {
          a.date = Some(d);
          self.year = Some(d.year());
        }
        None => {
          let line = self.line(&["date"]);
          self.push(
            Problem::new(
              Kind::BadDate,
              minijinja::context! { value => describe(date) },
            )
            .at(line),
          );
        }
      }
    }
    if let Some(mode) = root.get("mode") {
      match scalar_string(mode).as_deref() {
        Some("advisor") => a.mode = Mode::Advisor,
        Some("self") => a.mode = Mode::SelfAssessment,
        _ => {
          let line = self.line(&["mode"]);
          self.push(
            Problem::new(
              Kind::BadMode,
              minijinja::context! { value => describe(mode) },
            )
            .at(line),
          );
        }
      }
    }
    a.assessor = root
      .get("assessor")
      .and_then(scalar_string)
      .filter(|s| !s.is_empty());
    match root.get("profile") {
      Some(Yaml::Mapping(profile)) => {
        a.profile = self.profile(profile, profile_required(completeness))
      }
      Some(_) => {
        let line = self.line(&["profile"]);
        self.push(Problem::new(Kind::ProfileNotMapping, Value::from(())).at(line));
      }
      None => self.push(Problem::new(
        Kind::MissingSection,
        minijinja::context! { key => "profile" },
      )),
    }
    match root.get("answers") {
      Some(Yaml::Mapping(answers)) => a.responses = self.answers(answers),
      Some(Yaml::Null) | None => {}
      Some(_) => {
        let line = self.line(&["answers"]);
        self.push(Problem::new(Kind::AnswersNotMapping, Value::from(())).at(line));
      }
    }
    if self.profile_ok() {
      for field in &self.content.questionnaire.profile {
        if a.profile.contains_key(&field.id)
          && !a.field_applies(self.content, field).unwrap_or(true)
        {
          let line = self.line(&["profile", &field.id]);
          let when = field.when.clone().unwrap_or_default();
          self.push(
            Problem::new(
              Kind::ProfileDoesNotApply,
              minijinja::context! { field => field.id.as_str(), when => when },
            )
            .at(line)
            .id(&field.id),
          );
        }
      }
    }
    if !self.profile_ok() {
      // Applicability reads the profile; with a broken profile it would only
      // add noise to the problems already reported.
      return a;
    }
    self.applicability(&mut a, completeness);
    a
  }

  fn profile_ok(&self) -> bool {
    !self.problems.iter().any(|p| {
      (p.kind.is_profile() && p.kind != Kind::MissingSection)
        || (p.kind == Kind::MissingSection
          && p
            .args
            .get_attr("key")
            .is_ok_and(|k| k.as_str() == Some("profile")))
    })
  }

  fn questionnaire_ref(&mut self, v: Option<&Yaml>) {
    let q = &self.content.questionnaire;
    let (id, version) = match v {
      Some(Yaml::Mapping(m)) => {
        for key in m.keys() {
          let name = scalar_string(key).unwrap_or_default();
          if !["id", "version"].contains(&name.as_str()) {
            let line = self
              .line(&["questionnaire", &name])
              .or_else(|| self.line(&["questionnaire"]));
            self.push(
              Problem::new(
                Kind::UnknownKey,
                minijinja::context! { key => format!("questionnaire.{name}"), known => "id, version" },
              )
              .at(line),
            );
          }
        }
        (
          m.get("id").and_then(scalar_string).unwrap_or_default(),
          m.get("version").and_then(scalar_string).unwrap_or_default(),
        )
      }
      _ => {
        self.push(
          Problem::new(
            Kind::MissingQuestionnaire,
            minijinja::context! { id => q.id.clone(), version => q.version.clone() },
          )
          .at(self.line(&["questionnaire"])),
        );
        return;
      }
    };
    if id != q.id || version != q.version {
      self.push(
        Problem::new(
          Kind::QuestionnaireMismatch,
          minijinja::context! { found_id => id, found_version => version, id => q.id.as_str(), version => q.version.as_str() },
        )
        .at(self.line(&["questionnaire"])),
      );
    }
  }

  fn profile(
    &mut self,
    raw: &yaml_serde::Mapping,
    required: bool,
  ) -> BTreeMap<String, ProfileValue> {
    let mut profile = BTreeMap::new();
    let fields = &self.content.questionnaire.profile;
    for (key, value) in raw {
      let name = scalar_string(key).unwrap_or_default();
      let place = Place::Entry("profile", &name);
      let Some(field) = fields.iter().find(|f| f.id == name) else {
        let known: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
        self.problem_at(
          Kind::ProfileUnknownField,
          minijinja::context! { field => name.as_str(), known => known.join(", ") },
          place,
          &name,
        );
        continue;
      };
      if matches!(value, Yaml::Null) || scalar_string(value).is_some_and(|s| s.is_empty()) {
        continue;
      }
      if let Some(v) = self.profile_value(field, value, place) {
        profile.insert(field.id.clone(), v);
      }
    }
    for field in fields.iter().filter(|f| f.required && required) {
      if !profile.contains_key(&field.id)
        && !self
          .problems
          .iter()
          .any(|p| p.id.as_deref() == Some(&field.id))
      {
        let line = self.line(&["profile"]);
        self.push(
          Problem::new(
            Kind::ProfileRequired,
            minijinja::context! { field => field.id.as_str(), label => Serde(&field.label) },
          )
          .at(line)
          .id(&field.id),
        );
      }
    }
    profile
  }

  fn profile_value(
    &mut self,
    field: &ProfileField,
    value: &Yaml,
    place: Place<'_>,
  ) -> Option<ProfileValue> {
    let typed = scalar_string(value);
    let id = field.id.as_str();
    match field.kind {
      FieldKind::Text => {
        let Some(text) = typed else {
          self.problem_at(
            Kind::ProfileNotText,
            minijinja::context! { field => id },
            place,
            id,
          );
          return None;
        };
        if let Some(max) = field.max_length
          && text.chars().count() > max
        {
          self.problem_at(
            Kind::ProfileTooLong,
            minijinja::context! { field => id, max => max },
            place,
            id,
          );
          return None;
        }
        if !field.matches(&text) {
          self.problem_at(Kind::ProfilePattern, minijinja::context! { field => id, value => text.as_str(), hint => Serde(&field.pattern_hint) }, place, id);
          return None;
        }
        Some(ProfileValue::Text(text))
      }
      FieldKind::Choice => {
        let found = typed.as_deref().and_then(|t| field.find_option(t));
        match found {
          Some(option) => Some(ProfileValue::Text(option.id.clone())),
          None => {
            let options: Vec<&str> = field.options.iter().map(|o| o.id.as_str()).collect();
            self.problem_at(Kind::ProfileBadOption, minijinja::context! { field => id, value => describe(value), options => options.join(", ") }, place, id);
            None
          }
        }
      }
      FieldKind::Integer => {
        let Some(n) = value.as_i64() else {
          self.problem_at(
            Kind::ProfileNotInteger,
            minijinja::context! { field => id, value => describe(value) },
            place,
            id,
          );
          return None;
        };
        let below = field.min.is_some_and(|min| n < min);
        let max = match (field.max, self.year.filter(|_| field.not_future)) {
          (Some(max), Some(year)) => Some(max.min(i64::from(year))),
          (max, year) => max.or(year.map(i64::from)),
        };
        let above = max.is_some_and(|max| n > max);
        if below || above {
          self.problem_at(
            Kind::ProfileOutOfRange,
            minijinja::context! { field => id, value => n, min => field.min, max => max },
            place,
            id,
          );
          return None;
        }
        Some(ProfileValue::Integer(n))
      }
    }
  }

  fn answers(&mut self, raw: &yaml_serde::Mapping) -> BTreeMap<String, Response> {
    let mut responses = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for (key, entry) in raw {
      let id = scalar_string(key).unwrap_or_default();
      let place = Place::Entry("answers", &id);
      // `"LD02 "` and `LD02` are one question: a second answer would
      // silently replace the first.
      if !seen.insert(id.clone()) {
        self.problem_at(
          Kind::DuplicateAnswer,
          minijinja::context! { question => id.as_str() },
          place,
          &id,
        );
        continue;
      }
      if self.content.questionnaire.grid(&id).is_some() {
        self.grid_answers(&id, entry, place, &mut responses);
        continue;
      }
      if let Some(response) = self.response(&id, entry, place) {
        responses.insert(id, response);
      }
    }
    responses
  }

  /// A grid's answer: a mapping of row id to the row's answer (each like
  /// a question's, `not_applicable`, `dont_know` and notes included).
  fn grid_answers(
    &mut self,
    grid: &str,
    entry: &Yaml,
    place: Place<'_>,
    responses: &mut BTreeMap<String, Response>,
  ) {
    let Yaml::Mapping(rows) = entry else {
      if !matches!(entry, Yaml::Null) {
        self.problem_at(
          Kind::GridNotMapping,
          minijinja::context! { question => grid },
          place,
          grid,
        );
      }
      return;
    };
    for (key, entry) in rows {
      let row = scalar_string(key).unwrap_or_default();
      let id = crate::content::row_id(grid, &row);
      let place = Place::Row(grid, &row);
      if let Some(response) = self.response(&id, entry, place) {
        responses.insert(id, response);
      }
    }
  }

  /// One question's entry, `Q: value` or `Q: {answer: value, note: "..."}`.
  fn response(&mut self, id: &str, entry: &Yaml, place: Place<'_>) -> Option<Response> {
    let Some(question) = self.content.questionnaire.question(id) else {
      self.problem_at(
        Kind::UnknownQuestion,
        minijinja::context! { question => id },
        place,
        id,
      );
      return None;
    };
    // `Q: value` or `Q: {answer: value, note: "..."}`.
    let (value, note) = match entry {
      Yaml::Mapping(m) if m.contains_key("answer") || m.contains_key("note") => {
        let extra: Vec<String> = m
          .keys()
          .filter_map(scalar_string)
          .filter(|k| k != "answer" && k != "note")
          .collect();
        if !extra.is_empty() {
          self.problem_at(
            Kind::AnswerUnknownKey,
            minijinja::context! { question => id, key => extra.join(", ") },
            place,
            id,
          );
        }
        let note = m
          .get("note")
          .and_then(scalar_string)
          .filter(|n| !n.is_empty());
        if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE) {
          self.problem_at(
            Kind::NoteTooLong,
            minijinja::context! { question => id, max => MAX_NOTE },
            place,
            id,
          );
          return None;
        }
        (m.get("answer").cloned().unwrap_or(Yaml::Null), note)
      }
      other => (other.clone(), None),
    };
    if matches!(value, Yaml::Null) {
      return None;
    }
    let answer = self.answer(question, &value, place)?;
    Some(Response { answer, note })
  }

  fn answer(&mut self, q: &Question, value: &Yaml, place: Place<'_>) -> Option<Answer> {
    let id = q.id.as_str();
    match scalar_string(value).as_deref() {
      Some("not_applicable") => {
        if q.allow_na {
          return Some(Answer::NotApplicable);
        }
        self.problem_at(
          Kind::NaNotAllowed,
          minijinja::context! { question => id },
          place,
          id,
        );
        return None;
      }
      Some("dont_know") => {
        if q.allow_dont_know {
          return Some(Answer::DontKnow);
        }
        self.problem_at(
          Kind::DontKnowNotAllowed,
          minijinja::context! { question => id },
          place,
          id,
        );
        return None;
      }
      _ => {}
    }
    let given = match q.kind {
      QuestionKind::Choice | QuestionKind::Grid => self.choice(q, value, place)?,
      QuestionKind::Multi => self.multi(q, value, place)?,
      QuestionKind::Number | QuestionKind::Percent => self.number(q, value, place)?,
      QuestionKind::Text => self.free_text(q, value, place)?,
    };
    Some(Answer::Given(given))
  }

  /// A choice: one of the question's options.
  fn choice(&mut self, q: &Question, value: &Yaml, place: Place<'_>) -> Option<AnswerValue> {
    let id = q.id.as_str();
    Some(match scalar_string(value) {
      Some(s) if q.option(&s).is_some() => AnswerValue::Choice(s),
      _ => {
        self.problem_at(Kind::UnknownOption, minijinja::context! { question => id, value => describe(value), options => option_list(q) }, place, id);
        return None;
      }
    })
  }

  /// Ticks: known options, an exclusive one alone, kept in questionnaire order.
  fn multi(&mut self, q: &Question, value: &Yaml, place: Place<'_>) -> Option<AnswerValue> {
    let id = q.id.as_str();
    let items: Vec<String> = match value {
      Yaml::Sequence(items) => items
        .iter()
        .map(|i| scalar_string(i).unwrap_or_else(|| describe(i)))
        .collect(),
      other => vec![scalar_string(other).unwrap_or_else(|| describe(other))],
    };
    let mut ok = true;
    for item in &items {
      if q.option(item).is_none() {
        self.problem_at(
          Kind::UnknownOption,
          minijinja::context! { question => id, value => item, options => option_list(q) },
          place,
          id,
        );
        ok = false;
      }
    }
    if let Some(exclusive) = q
      .options
      .iter()
      .find(|o| o.exclusive && items.contains(&o.id))
      && items.len() > 1
    {
      self.problem_at(
        Kind::ExclusiveWithOthers,
        minijinja::context! { question => id, option => exclusive.id.as_str() },
        place,
        id,
      );
      ok = false;
    }
    if !ok {
      return None;
    }
    // Questionnaire order, no repeats: the same ticks always read the same.
    let ticked: Vec<String> = q
      .options
      .iter()
      .filter(|o| items.contains(&o.id))
      .map(|o| o.id.clone())
      .collect();
    Some(AnswerValue::Multi(ticked))
  }

  /// A number or percentage: unambiguous digits, within the question's range.
  fn number(&mut self, q: &Question, value: &Yaml, place: Place<'_>) -> Option<AnswerValue> {
    let id = q.id.as_str();
    if let Some(typed) = scalar_string(value).filter(|s| is_ambiguous_grouping(s)) {
      self.problem_at(
        Kind::AmbiguousNumber,
        minijinja::context! { question => id, value => typed },
        place,
        id,
      );
      return None;
    }
    let number = scalar_string(value).and_then(|s| {
      s.trim_end_matches('%')
        .trim()
        .replace(',', ".")
        .parse::<Decimal>()
        .ok()
    });
    let Some(x) = number else {
      self.problem_at(
        Kind::NotANumber,
        minijinja::context! { question => id, value => describe(value) },
        place,
        id,
      );
      return None;
    };
    let (min, max) = q.allowed_range();
    if min.is_some_and(|m| x < m) || max.is_some_and(|m| x > m) {
      self.problem_at(Kind::OutOfRange, minijinja::context! { question => id, value => x.to_string(), min => min.map(|m| m.to_string()), max => max.map(|m| m.to_string()) }, place, id);
      return None;
    }
    Some(AnswerValue::Number(x))
  }

  /// Free text.
  fn free_text(&mut self, q: &Question, value: &Yaml, place: Place<'_>) -> Option<AnswerValue> {
    let id = q.id.as_str();
    Some(match scalar_string(value) {
      Some(s) => AnswerValue::Text(s),
      None => {
        self.problem_at(
          Kind::NotText,
          minijinja::context! { question => id },
          place,
          id,
        );
        return None;
      }
    })
  }

  fn applicability(&mut self, a: &mut Assessment, completeness: Completeness) {
    let applies = match a.applicability(self.content) {
      Ok(applies) => applies,
      Err(e) => {
        self.push(Problem::new(
          Kind::ConditionFailed,
          minijinja::context! { error => e.to_string() },
        ));
        return;
      }
    };
    for (q, applies) in self.content.questionnaire.questions.iter().zip(applies) {
      match (applies, a.responses.contains_key(&q.id)) {
        (false, true) => {
          self.problem_at(
            Kind::AnswerDoesNotApply,
            minijinja::context! { question => q.id.as_str(), when => q.when.as_deref() },
            Place::Entry("answers", &q.id),
            &q.id,
          );
        }
        // An answer that was given but rejected is already reported.
        (true, false)
          if q.required
            && completeness == Completeness::Complete
            && !self.problems.iter().any(|p| p.id.as_deref() == Some(&q.id)) =>
        {
          let line = self.line(&["answers"]);
          self.push(
            Problem::new(
              Kind::MissingAnswer,
              // The question as the cooperative reads it, its words filled in.
              minijinja::context! {
                question => q.id.as_str(),
                text => minijinja::context! {
                  vi => a.question_text_alone(self.content, q, Lang::Vi),
                  en => a.question_text_alone(self.content, q, Lang::En),
                },
              },
            )
            .at(line)
            .id(&q.id),
          );
        }
        _ => {}
      }
    }
  }
}

/// The question's option ids, for a message.
fn option_list(q: &Question) -> String {
  q.options
    .iter()
    .map(|o| o.id.as_str())
    .collect::<Vec<_>>()
    .join(", ")
}

/// `T0`, `T1`, `T2`...
/// A stage as files write it: `T` and up to three digits (T0, T1, T12).
pub fn is_stage(s: &str) -> bool {
  s.strip_prefix('T')
    .is_some_and(|n| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()))
}

fn first_problem(problems: Vec<Problem>, fallback: Kind) -> Problem {
  problems
    .into_iter()
    .next()
    .unwrap_or_else(|| Problem::new(fallback, Value::from(())))
}

/// Runs one check of the file loader on a single value, outside any file.
fn check_one<T>(
  content: &Content,
  year: Option<i32>,
  fallback: Kind,
  check: impl FnOnce(&mut Loader<'_>) -> Option<T>,
) -> Result<T, Problem> {
  let file = SourceFile::new("", "");
  let mut loader = Loader {
    file: &file,
    content,
    problems: Vec::new(),
    year,
  };
  check(&mut loader).ok_or_else(|| first_problem(loader.problems, fallback))
}

/// A typed profile value as the assessment file would hold it: a whole
/// number for an integer field when it reads as one, else the text (which
/// the check then refuses with its message).
pub fn typed_profile_value(typed: &str, kind: crate::content::FieldKind) -> Yaml {
  let typed = nfc(typed.trim());
  match (kind, typed.parse::<i64>()) {
    (crate::content::FieldKind::Integer, Ok(n)) => Yaml::from(n),
    _ => Yaml::from(typed),
  }
}

/// Checks one typed profile value exactly as a file's would be checked,
/// `year` being the assessment's.
pub fn check_profile_value(
  content: &Content,
  field: &ProfileField,
  value: &Yaml,
  year: Option<i32>,
) -> Result<ProfileValue, Problem> {
  check_one(content, year, Kind::ProfileNotText, |loader| {
    loader.profile_value(field, value, Place::Typed)
  })
}

/// Checks one typed answer exactly as a file's would be checked.
pub fn check_answer(
  content: &Content,
  question: &Question,
  value: &Yaml,
) -> Result<Answer, Problem> {
  check_one(content, None, Kind::NotText, |loader| {
    loader.answer(question, value, Place::Typed)
  })
}

impl Assessment {
  /// Reads an assessment to resume an interview: answers and profile
  /// fields that no longer match the questionnaire (changed since, or
  /// edited by hand) are dropped and returned as problems; the rest is
  /// kept. Fails only when the file is not an assessment at all.
  pub fn parse_lenient(
    file: &SourceFile,
    content: &Content,
  ) -> Result<(Self, Vec<Problem>), Vec<Problem>> {
    let mut text = file.text.clone();
    let mut dropped = Vec::new();
    for _ in 0..4 {
      let attempt = SourceFile::new(file.path.clone(), text.clone());
      let problems = match Assessment::parse(&attempt, content, Completeness::Partial) {
        Ok(assessment) => return Ok((assessment, dropped)),
        Err(problems) => problems,
      };
      let Ok(Yaml::Mapping(mut root)) = yaml_serde::from_str::<Yaml>(&nfc(&text)) else {
        return Err(problems);
      };
      let mut changed = false;
      for p in &problems {
        let section = if matches!(
          p.kind,
          Kind::QuestionnaireMismatch | Kind::MissingQuestionnaire
        ) {
          let mut q = yaml_serde::Mapping::new();
          q.insert("id".into(), content.questionnaire.id.clone().into());
          q.insert(
            "version".into(),
            content.questionnaire.version.clone().into(),
          );
          root.insert("questionnaire".into(), Yaml::Mapping(q));
          changed = true;
          None
        } else if p.kind.is_profile() {
          Some("profile")
        } else {
          Some("answers")
        };
        if let (Some(section), Some(id)) = (section, &p.id)
          && let Some(Yaml::Mapping(m)) = root.get_mut(section)
        {
          changed |= m.remove(id.as_str()).is_some();
        }
      }
      if !changed {
        return Err(problems);
      }
      dropped.extend(problems);
      text = yaml_serde::to_string(&Yaml::Mapping(root)).unwrap_or_default();
    }
    Err(dropped)
  }
}

#[cfg(test)]
mod tests {
  use super::is_ambiguous_grouping;

  #[test]
  fn three_digits_after_a_separator_are_ambiguous() {
    for s in ["1,000", "1.000", "12.500", "1.000.000", "2,500%"] {
      assert!(is_ambiguous_grouping(s), "{s}");
    }
    for s in ["37,5", "2.25", "1000", "0.5", "100", "1,0000"] {
      assert!(!is_ambiguous_grouping(s), "{s}");
    }
  }
}
