//! `coopdx export xlsform`: the questionnaire as an XLSForm (survey,
//! choices, settings sheets) that KoboToolbox and ODK accept: profile and
//! questions in groups, Vietnamese and English labels and hints, required,
//! constraints from the validation ranges, "not applicable" / "don't know"
//! where allowed, every `when` as `relevant` (see [`crate::content::xpath`]).
//!
//! Texts that follow the legal form (`{{ org }}` names a cooperative or a
//! cooperative group) become a `calculate` per text and language, choosing
//! the wording from the profile answers, so a cooperative group is never
//! called a cooperative in the field either.

use super::{DONT_KNOW, NOT_APPLICABLE, SPECIAL_SUFFIX};
use crate::assessment::{ProfileValue, text_vars};
use crate::content::xpath::{quote, translate};
use crate::content::{Content, FieldKind, ProfileField, Question, QuestionKind, field_name};
use crate::error::Error;
use crate::text::{Lang, Text};
use std::collections::BTreeMap;

/// One sheet: a header row and rows of text.
#[derive(Debug, Default)]
pub struct Sheet {
  /// Sheet name.
  pub name: &'static str,
  /// Column names.
  pub header: Vec<String>,
  /// Rows, each as long as the header.
  pub rows: Vec<Vec<String>>,
}

impl Sheet {
  fn new(name: &'static str, header: Vec<String>) -> Self {
    Self {
      name,
      header,
      rows: Vec::new(),
    }
  }

  /// Adds a row from `(column, value)` pairs; other cells stay empty.
  fn row(&mut self, cells: &[(&str, String)]) {
    let mut row = vec![String::new(); self.header.len()];
    for (column, value) in cells {
      if let Some(i) = self.header.iter().position(|h| h == column) {
        row[i].clone_from(value);
      }
    }
    self.rows.push(row);
  }
}

/// An XLSForm: survey, choices and settings.
#[derive(Debug)]
pub struct XlsForm {
  /// The questions, groups and calculations.
  pub survey: Sheet,
  /// The option lists.
  pub choices: Sheet,
  /// Title, id, version, default language.
  pub settings: Sheet,
}

/// A column once per language: `label::<name> (vi)`, `label::English (en)`.
fn localized(base: &str, languages: &Languages) -> Vec<String> {
  languages
    .iter()
    .map(|(_, name)| format!("{base}::{name}"))
    .collect()
}

fn survey_header(grids: bool, languages: &Languages) -> Vec<String> {
  let mut h = vec!["type".to_owned(), "name".to_owned()];
  h.extend(localized("label", languages));
  h.extend(localized("hint", languages));
  h.extend(["required", "relevant", "constraint"].map(str::to_owned));
  h.extend(localized("constraint_message", languages));
  h.push("calculation".into());
  // Only a form with grids needs `appearance` (its tables).
  if grids {
    h.push("appearance".into());
  }
  h
}

/// The form for `content`'s questionnaire.
pub fn form(content: &Content) -> Result<XlsForm, Error> {
  let languages = super::languages(content);
  let mut b = Builder {
    content,
    survey: Sheet::new(
      "survey",
      survey_header(!content.questionnaire.grids.is_empty(), &languages),
    ),
    choices: Sheet::new("choices", {
      let mut h = vec!["list_name".to_owned(), "name".to_owned()];
      h.extend(localized("label", &languages));
      h
    }),
    lists: BTreeMap::new(),
    variants: variants(content),
    languages,
  };
  b.profile()?;
  for d in &content.dimensions {
    let questions: Vec<&Question> = content
      .questionnaire
      .questions
      .iter()
      .filter(|q| q.dimension == d.id)
      .collect();
    if questions.is_empty() {
      continue;
    }
    let labels = b.texts(&format!("{}_name", d.id), &d.name);
    b.group(
      vec![("type", "begin_group".to_owned()), ("name", d.id.clone())],
      &labels,
    );
    for q in questions {
      b.grid_start(q)?;
      b.question(q)?;
      if q.grid.as_ref().is_some_and(|g| g.last) {
        b.survey.row(&[("type", "end_group".into())]);
      }
    }
    b.survey.row(&[("type", "end_group".into())]);
  }
  let mut settings = Sheet::new(
    "settings",
    ["form_title", "form_id", "version", "default_language"]
      .map(str::to_owned)
      .to_vec(),
  );
  let q = &content.questionnaire;
  settings.row(&[
    ("form_title", q.title.get(Lang::Vi).to_owned()),
    ("form_id", q.id.clone()),
    ("version", q.version.clone()),
    ("default_language", b.languages[0].1.clone()),
  ]);
  Ok(XlsForm {
    survey: b.survey,
    choices: b.choices,
    settings,
  })
}

/// Every profile a text's wording can follow: each legal form and sector
/// (and neither given), as `(legal_form, sector)`.
type Variant = (Option<String>, Option<String>);

fn variants(content: &Content) -> Vec<Variant> {
  let options = |field: &str| -> Vec<Option<String>> {
    let mut v = vec![None];
    if let Some(f) = content.questionnaire.field(field) {
      v.extend(f.options.iter().map(|o| Some(o.id.clone())));
    }
    v
  };
  let mut out = Vec::new();
  for lf in options("legal_form") {
    for s in options("sector") {
      out.push((lf.clone(), s.clone()));
    }
  }
  out
}

/// The form's languages and their column names.
type Languages = [(Lang, String); 2];

struct Builder<'c> {
  content: &'c Content,
  languages: Languages,
  survey: Sheet,
  choices: Sheet,
  /// Choice lists written, by name.
  lists: BTreeMap<String, ()>,
  variants: Vec<Variant>,
}

impl Builder<'_> {
  fn group<'a>(&mut self, mut cells: Vec<(&'a str, String)>, labels: &'a [(String, String)]) {
    for (column, value) in labels {
      cells.push((column.as_str(), value.clone()));
    }
    self.survey.row(&cells);
  }

  /// The label cells of `text` in every language: the wording itself, or
  /// a reference to a `calculate` choosing it from the profile when the
  /// wording follows the legal form or the sector.
  fn texts(&mut self, key: &str, text: &Text) -> Vec<(String, String)> {
    self.localized_texts("label", key, text)
  }

  fn localized_texts(&mut self, column: &str, key: &str, text: &Text) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    for (lang, name) in self.languages.clone() {
      let source = text.get(lang);
      let value = if source.contains("{{") || source.contains("{%") {
        self.wording(&format!("{key}_{}", lang.code()), source, lang)
      } else {
        source.to_owned()
      };
      cells.push((format!("{column}::{name}"), value));
    }
    cells
  }

  /// A text with variables, rendered for every profile variant: one
  /// wording is written as is; several become a `calculate` named `name`.
  fn wording(&mut self, name: &str, source: &str, lang: Lang) -> String {
    let rendered: Vec<(Variant, String)> = self
      .variants
      .iter()
      .map(|v| {
        let mut profile = BTreeMap::new();
        if let Some(lf) = &v.0 {
          profile.insert("legal_form".to_owned(), ProfileValue::Text(lf.clone()));
        }
        if let Some(s) = &v.1 {
          profile.insert("sector".to_owned(), ProfileValue::Text(s.clone()));
        }
        let vars = text_vars(self.content, &profile, lang);
        (v.clone(), self.content.render_text(source, &vars))
      })
      .collect();
    let (rules, default) = decision_list(rendered);
    if rules.is_empty() {
      return default;
    }
    let mut calculation = quote(&default);
    for (condition, text) in rules.iter().rev() {
      calculation = format!("if({condition}, {}, {calculation})", quote(text));
    }
    let name = safe_name(name);
    self.survey.row(&[
      ("type", "calculate".into()),
      ("name", name.clone()),
      ("calculation", calculation),
    ]);
    format!("${{{name}}}")
  }

  fn profile(&mut self) -> Result<(), Error> {
    let label = Text {
      vi: self.content.messages.get("xlsform_profile", Lang::Vi),
      en: self.content.messages.get("xlsform_profile", Lang::En),
    };
    let labels = self.texts("profile", &label);
    self.group(
      vec![("type", "begin_group".into()), ("name", "profile".into())],
      &labels,
    );
    for field in &self.content.questionnaire.profile {
      self.profile_field(field)?;
    }
    self.survey.row(&[("type", "end_group".into())]);
    Ok(())
  }

  fn profile_field(&mut self, f: &ProfileField) -> Result<(), Error> {
    let kind = match f.kind {
      FieldKind::Text => "text".to_owned(),
      FieldKind::Integer => "integer".to_owned(),
      FieldKind::Choice => {
        let list = format!("p_{}", f.id);
        for o in &f.options {
          self.choice(&list, &o.id, |lang| o.label.get(lang).to_owned());
        }
        format!("select_one {list}")
      }
    };
    let mut constraints = Vec::new();
    if let Some(min) = f.min {
      constraints.push(format!(". >= {min}"));
    }
    if let Some(max) = f.max {
      constraints.push(format!(". <= {max}"));
    }
    if f.not_future {
      constraints.push(". <= number(format-date(today(), '%Y'))".into());
    }
    if let Some(n) = f.max_length {
      constraints.push(format!("string-length(.) <= {n}"));
    }
    if let Some(p) = &f.pattern {
      constraints.push(format!("regex(., {})", quote(&format!("^(?:{p})$"))));
    }
    let relevant = f
      .when
      .as_deref()
      .map(|w| self.relevant(w))
      .transpose()?
      .unwrap_or_default();
    let mut cells = vec![
      ("type", kind),
      ("name", f.id.clone()),
      (
        "required",
        if f.required {
          "yes".into()
        } else {
          String::new()
        },
      ),
      ("relevant", relevant),
      ("constraint", constraints.join(" and ")),
    ];
    let mut owned: Vec<(String, String)> = self.localized_texts("label", &f.id, &f.label);
    owned.extend(self.localized_texts("hint", &format!("{}_hint", f.id), &f.hint));
    if !f.pattern_hint.get(Lang::Vi).is_empty() {
      owned.extend(self.localized_texts(
        "constraint_message",
        &format!("{}_pattern", f.id),
        &f.pattern_hint,
      ));
    }
    cells.extend(owned.iter().map(|(k, v)| (k.as_str(), v.clone())));
    self.survey.row(&cells);
    Ok(())
  }

  fn relevant(&self, when: &str) -> Result<String, Error> {
    let q = &self.content.questionnaire;
    let multi = |id: &str| {
      q.question(id)
        .is_some_and(|x| x.kind == QuestionKind::Multi)
    };
    translate(when, &multi).map_err(|why| Error::Input {
      message: format!("`{when}`: {why}; run `coopdx validate`"),
    })
  }

  /// Before a grid's first row: a group drawn as one table (`table-list`:
  /// its rows share one choice list), labelled with the grid's title.
  fn grid_start(&mut self, q: &Question) -> Result<(), Error> {
    let Some(grid) = q
      .grid
      .as_ref()
      .filter(|g| g.first)
      .and_then(|g| self.content.questionnaire.grid(&g.grid))
    else {
      return Ok(());
    };
    let relevant = grid
      .when
      .as_deref()
      .map(|w| self.relevant(w))
      .transpose()?
      .unwrap_or_default();
    let mut owned = self.texts(&grid.id, &grid.text);
    owned.extend(self.localized_texts("hint", &format!("{}_hint", grid.id), &grid.hint));
    let mut cells = vec![
      ("type", "begin_group".to_owned()),
      ("name", grid.id.clone()),
      ("appearance", "table-list".to_owned()),
      ("relevant", relevant),
    ];
    cells.extend(owned.iter().map(|(k, v)| (k.as_str(), v.clone())));
    self.survey.row(&cells);
    Ok(())
  }

  fn question(&mut self, q: &Question) -> Result<(), Error> {
    let relevant = q
      .when
      .as_deref()
      .map(|w| self.relevant(w))
      .transpose()?
      .unwrap_or_default();
    let specials = specials(q);
    let (kind, constraint) = match q.kind {
      QuestionKind::Choice | QuestionKind::Grid => (
        format!("select_one {}", self.option_list(q, &specials)),
        String::new(),
      ),
      QuestionKind::Multi => {
        let list = self.option_list(q, &specials);
        let alone: Vec<String> = q
          .options
          .iter()
          .filter(|o| o.exclusive)
          .map(|o| o.id.clone())
          .chain(specials.iter().map(|s| (*s).to_owned()))
          .map(|id| format!("not(selected(., {}) and count-selected(.) > 1)", quote(&id)))
          .collect();
        (format!("select_multiple {list}"), alone.join(" and "))
      }
      QuestionKind::Number | QuestionKind::Percent => ("decimal".to_owned(), range(q)),
      QuestionKind::Text => ("text".to_owned(), String::new()),
    };
    let numeric = matches!(q.kind, QuestionKind::Number | QuestionKind::Percent);
    // A number cannot hold "not applicable": a companion question can.
    let mut relevant_number = relevant.clone();
    if numeric && !specials.is_empty() {
      let list = self.special_list(&specials);
      let name = format!("{}{SPECIAL_SUFFIX}", q.id);
      let mut cells = vec![
        ("type", format!("select_one {list}")),
        ("name", name.clone()),
        ("relevant", relevant.clone()),
      ];
      let label = Text {
        vi: self.content.messages.get("xlsform_special", Lang::Vi),
        en: self.content.messages.get("xlsform_special", Lang::En),
      };
      let owned = self.localized_texts("label", &name, &label);
      cells.extend(owned.iter().map(|(k, v)| (k.as_str(), v.clone())));
      self.survey.row(&cells);
      let unanswered = format!("${{{name}}} = ''");
      relevant_number = if relevant.is_empty() {
        unanswered
      } else {
        format!("({relevant}) and {unanswered}")
      };
    }
    let mut cells = vec![
      ("type", kind),
      ("name", field_name(&q.id)),
      (
        "required",
        if q.required {
          "yes".into()
        } else {
          String::new()
        },
      ),
      ("relevant", relevant_number),
      ("constraint", constraint),
    ];
    let key = field_name(&q.id);
    let mut owned = self.localized_texts("label", &key, &q.text);
    // A grid's hint is its table's, once.
    if q.grid.is_none() {
      owned.extend(self.localized_texts("hint", &format!("{key}_hint"), &q.hint));
    }
    cells.extend(owned.iter().map(|(k, v)| (k.as_str(), v.clone())));
    self.survey.row(&cells);
    Ok(())
  }

  /// The choice list of a choice or multiple-choice question: its shared
  /// scale's (with the specials it allows) or its own.
  fn option_list(&mut self, q: &Question, specials: &[&str]) -> String {
    // A grid's rows share one list, so its table can draw them.
    let base = q
      .scale
      .clone()
      .unwrap_or_else(|| format!("q_{}", q.written_id()));
    let list = if specials.is_empty() {
      base
    } else {
      format!("{base}__{}", specials.join("_"))
    };
    if self.lists.insert(list.clone(), ()).is_none() {
      // Option labels cannot follow the profile in field tools: the
      // wording for a profile not yet given.
      let default = BTreeMap::new();
      let content = self.content;
      for o in &q.options {
        self.choice(&list, &o.id, |lang| {
          content.render_text(o.label.get(lang), &text_vars(content, &default, lang))
        });
      }
      self.special_choices(&list, specials);
    }
    list
  }

  fn special_list(&mut self, specials: &[&str]) -> String {
    let list = format!("special__{}", specials.join("_"));
    if self.lists.insert(list.clone(), ()).is_none() {
      self.special_choices(&list, specials);
    }
    list
  }

  fn special_choices(&mut self, list: &str, specials: &[&str]) {
    for s in specials {
      let key = if *s == NOT_APPLICABLE {
        "answer_not_applicable"
      } else {
        "answer_dont_know"
      };
      let messages = &self.content.messages;
      self.choice(list, s, |lang| capitalise(&messages.get(key, lang)));
    }
  }

  /// A row of the choices sheet: `name` in `list`, labelled in every
  /// language.
  fn choice(&mut self, list: &str, name: &str, label: impl Fn(Lang) -> String) {
    let labels: Vec<(String, String)> = self
      .languages
      .iter()
      .map(|(lang, column)| (format!("label::{column}"), label(*lang)))
      .collect();
    let mut cells = vec![("list_name", list.to_owned()), ("name", name.to_owned())];
    cells.extend(labels.iter().map(|(k, v)| (k.as_str(), v.clone())));
    self.choices.row(&cells);
  }
}

fn specials(q: &Question) -> Vec<&'static str> {
  let mut s = Vec::new();
  if q.allow_na {
    s.push(NOT_APPLICABLE);
  }
  if q.allow_dont_know {
    s.push(DONT_KNOW);
  }
  s
}

fn range(q: &Question) -> String {
  let (min, max) = match (&q.kind, &q.range) {
    (QuestionKind::Percent, r) => (
      r.as_ref().and_then(|r| r.min).unwrap_or_default(),
      r.as_ref()
        .and_then(|r| r.max)
        .or(Some(rust_decimal::Decimal::ONE_HUNDRED))
        .unwrap_or_default(),
    ),
    (_, Some(r)) => match (r.min, r.max) {
      (Some(a), Some(b)) => (a, b),
      (Some(a), None) => return format!(". >= {}", a.normalize()),
      (None, Some(b)) => return format!(". <= {}", b.normalize()),
      (None, None) => return String::new(),
    },
    _ => return String::new(),
  };
  format!(". >= {} and . <= {}", min.normalize(), max.normalize())
}

/// The wording of each profile variant as a short list of rules, as the
/// words are looked up: a sector that decides alone (a credit fund), then
/// a legal form, then the pairs left; the last wording is the `else`.
fn decision_list(mut left: Vec<(Variant, String)>) -> (Vec<(String, String)>, String) {
  let test = |field: &str, v: &Option<String>| {
    format!("${{{field}}} = {}", quote(v.as_deref().unwrap_or("")))
  };
  let mut rules = Vec::new();
  for by_sector in [true, false] {
    let keys: Vec<Option<String>> = left
      .iter()
      .map(|(v, _)| if by_sector { v.1.clone() } else { v.0.clone() })
      .collect::<std::collections::BTreeSet<_>>()
      .into_iter()
      .collect();
    for key in keys {
      let of_key = |v: &Variant| if by_sector { v.1 == key } else { v.0 == key };
      let texts: std::collections::BTreeSet<&String> = left
        .iter()
        .filter(|(v, _)| of_key(v))
        .map(|(_, t)| t)
        .collect();
      if texts.len() == 1 {
        let text = texts.into_iter().next().cloned().unwrap_or_default();
        rules.push((
          test(if by_sector { "sector" } else { "legal_form" }, &key),
          text,
        ));
        left.retain(|(v, _)| !of_key(v));
      }
    }
  }
  for ((lf, s), text) in left {
    rules.push((
      format!("{} and {}", test("legal_form", &lf), test("sector", &s)),
      text,
    ));
  }
  // Rules whose wording is that of the last one are its `else`.
  let default = rules.last().map(|(_, t)| t.clone()).unwrap_or_default();
  while rules.last().is_some_and(|(_, t)| *t == default) {
    rules.pop();
  }
  (rules, default)
}

fn safe_name(s: &str) -> String {
  s.chars()
    .map(|c| {
      if c.is_ascii_alphanumeric() || c == '_' {
        c
      } else {
        '_'
      }
    })
    .collect()
}

fn capitalise(s: &str) -> String {
  let mut chars = s.chars();
  chars
    .next()
    .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The form as an `.xlsx` workbook.
pub fn xlsx(form: &XlsForm) -> Result<Vec<u8>, Error> {
  let mut book = rust_xlsxwriter::Workbook::new();
  let fail = |e: rust_xlsxwriter::XlsxError| Error::Render {
    message: e.to_string(),
  };
  let bold = rust_xlsxwriter::Format::new().set_bold();
  for sheet in [&form.survey, &form.choices, &form.settings] {
    let ws = book.add_worksheet();
    ws.set_name(sheet.name).map_err(fail)?;
    for (c, h) in sheet.header.iter().enumerate() {
      ws.write_string_with_format(0, c as u16, h, &bold)
        .map_err(fail)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
      for (c, value) in row.iter().enumerate() {
        if !value.is_empty() {
          ws.write_string(r as u32 + 1, c as u16, value)
            .map_err(fail)?;
        }
      }
    }
    ws.set_freeze_panes(1, 0).map_err(fail)?;
  }
  book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
  use super::*;

  /// The wording the rules give a profile, as a field tool would compute
  /// it: the first rule whose tests all hold, else the default.
  fn pick<'a>(rules: &'a [(String, String)], default: &'a str, v: &Variant) -> &'a str {
    let holds = |test: &str| {
      let (field, value) = test.split_once(" = ").unwrap_or_default();
      let value = value.trim_matches('\'');
      let actual = if field == "${legal_form}" { &v.0 } else { &v.1 };
      actual.as_deref().unwrap_or("") == value
    };
    rules
      .iter()
      .find(|(c, _)| c.split(" and ").all(holds))
      .map_or(default, |(_, t)| t.as_str())
  }

  #[test]
  fn every_profile_reads_its_own_wording_in_the_field() {
    let content = Content::embedded().expect("content");
    let source = "{{ org | capitalize }}?";
    let variants = variants(&content);
    let rendered: Vec<(Variant, String)> = variants
      .iter()
      .map(|v| {
        let mut profile = BTreeMap::new();
        if let Some(lf) = &v.0 {
          profile.insert("legal_form".to_owned(), ProfileValue::Text(lf.clone()));
        }
        if let Some(s) = &v.1 {
          profile.insert("sector".to_owned(), ProfileValue::Text(s.clone()));
        }
        (
          v.clone(),
          content.render_text(source, &text_vars(&content, &profile, Lang::Vi)),
        )
      })
      .collect();
    let (rules, default) = decision_list(rendered.clone());
    assert!(rules.len() <= 5, "a short list: {rules:?}");
    for (v, text) in &rendered {
      assert_eq!(pick(&rules, &default, v), text, "{v:?}");
    }
    // A cooperative group reads its own name (the legal form's label in
    // the questionnaire), never a cooperative's.
    let group = (
      Some("to_hop_tac".to_owned()),
      Some("agriculture".to_owned()),
    );
    let group_name = content
      .questionnaire
      .profile
      .iter()
      .find(|f| f.id == "legal_form")
      .and_then(|f| f.options.iter().find(|o| o.id == "to_hop_tac"))
      .map(|o| o.label.get(Lang::Vi).to_owned())
      .expect("the cooperative group is a legal form");
    assert!(
      pick(&rules, &default, &group).starts_with(&group_name),
      "a cooperative group is never called a cooperative"
    );
  }

  #[test]
  fn the_form_holds_every_question_in_groups_with_its_lists() {
    let content = Content::embedded().expect("content");
    let form = form(&content).expect("the shipped content exports");
    let names: Vec<&str> = form.survey.rows.iter().map(|r| r[1].as_str()).collect();
    for q in &content.questionnaire.questions {
      assert!(names.contains(&q.id.as_str()), "{} is in the form", q.id);
    }
    let opens = form
      .survey
      .rows
      .iter()
      .filter(|r| r[0] == "begin_group")
      .count();
    let closes = form
      .survey
      .rows
      .iter()
      .filter(|r| r[0] == "end_group")
      .count();
    assert_eq!(opens, closes);
    let lists: std::collections::BTreeSet<&str> =
      form.choices.rows.iter().map(|r| r[0].as_str()).collect();
    for row in &form.survey.rows {
      if let Some(list) = row[0]
        .strip_prefix("select_one ")
        .or_else(|| row[0].strip_prefix("select_multiple "))
      {
        assert!(lists.contains(list), "{} uses list {list}", row[1]);
      }
    }
    let relevant = form
      .survey
      .header
      .iter()
      .position(|h| h == "relevant")
      .expect("column");
    let with_when = content
      .questionnaire
      .questions
      .iter()
      .filter(|q| q.when.is_some())
      .count();
    let with_relevant = form
      .survey
      .rows
      .iter()
      .filter(|r| content.questionnaire.question(&r[1]).is_some() && !r[relevant].is_empty())
      .count();
    assert!(with_relevant >= with_when, "every `when` is a `relevant`");
  }
}
