//! `coopdx import`: a KoboToolbox or ODK submissions export (CSV or XLSX)
//! back into assessments. Column names are read as those tools write them
//! (`group/field`, `group-field` or `field`; a multiple choice as one
//! space-separated column or one 0/1 column per option; `meta/instanceID`,
//! `_uuid` or `KEY` for the submission), and every row is checked exactly
//! as an assessment file is: a row is in or out whole, and a rejected row
//! is reported with its number, column and the fix.

use super::{DONT_KNOW, NOT_APPLICABLE, SPECIAL_SUFFIX};
use crate::assessment::{Assessment, Completeness, Mode, iso_date, parse_date};
use crate::content::{Content, QuestionKind, field_name};
use crate::source::SourceFile;
use crate::text::{Lang, nfc};
use std::collections::BTreeMap;
use yaml_serde::{Mapping, Value as Yaml};

/// A sheet of submissions: the header and the rows (each with its row
/// number in the file, the header being row 1).
#[derive(Debug, Default)]
pub struct Table {
  /// Column names.
  pub headers: Vec<String>,
  /// Rows and their numbers.
  pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads a CSV export: UTF-8 (a BOM is skipped), `,` or `;` (Kobo's
/// default) as the separator.
pub fn read_csv(bytes: &[u8]) -> Result<Table, String> {
  let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
  let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
  let count = |c: u8| first.iter().filter(|b| **b == c).count();
  let delimiter = if count(b';') > count(b',') {
    b';'
  } else {
    b','
  };
  let mut reader = csv::ReaderBuilder::new()
    .delimiter(delimiter)
    .flexible(true)
    .from_reader(bytes);
  let headers = reader
    .headers()
    .map_err(|e| e.to_string())?
    .iter()
    .map(|h| h.trim().to_owned())
    .collect();
  let mut rows = Vec::new();
  for (i, record) in reader.records().enumerate() {
    let record = record.map_err(|e| format!("row {}: {e}", i + 2))?;
    rows.push((i + 2, record.iter().map(|c| nfc(c.trim())).collect()));
  }
  Ok(Table { headers, rows })
}

/// Reads the first sheet of an XLSX export.
pub fn read_xlsx(bytes: &[u8]) -> Result<Table, String> {
  use calamine::{Data, Reader, Xlsx};
  let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
  let first = book
    .sheet_names()
    .first()
    .cloned()
    .ok_or("the workbook has no sheet")?;
  let range = book.worksheet_range(&first).map_err(|e| e.to_string())?;
  let text = |d: &Data| match d {
    Data::Empty => String::new(),
    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
    Data::DateTimeIso(s) | Data::DurationIso(s) | Data::String(s) => nfc(s.trim()),
    other => other.to_string(),
  };
  let mut rows = range.rows();
  let headers = rows
    .next()
    .map(|r| r.iter().map(text).collect())
    .unwrap_or_default();
  let rows = rows
    .enumerate()
    .map(|(i, r)| (i + 2, r.iter().map(text).collect()))
    .collect();
  Ok(Table { headers, rows })
}

/// What a column holds.
#[derive(Clone, Debug, PartialEq)]
enum Column {
  Profile(String),
  Answer(String),
  /// One option of a multiple choice, ticked when 1.
  Ticked(String, String),
  /// "Not applicable" / "don't know" of a number question.
  Special(String),
  Instance,
  Date,
  Ignored,
}

fn columns(content: &Content, headers: &[String]) -> Vec<Column> {
  let q = &content.questionnaire;
  headers
    .iter()
    .map(|h| {
      let parts: Vec<&str> = h.split(['/', '-']).filter(|p| !p.is_empty()).collect();
      let last = parts.last().copied().unwrap_or("");
      match last {
        "instanceID" | "_uuid" | "KEY" => return Column::Instance,
        "_submission_time" | "SubmissionDate" => return Column::Date,
        _ => {}
      }
      if let Some(id) = last.strip_suffix(SPECIAL_SUFFIX)
        && q.question(id).is_some()
      {
        return Column::Special(id.to_owned());
      }
      if q.field(last).is_some() {
        return Column::Profile(last.to_owned());
      }
      if q.question(last).is_some() {
        return Column::Answer(last.to_owned());
      }
      // A grid's row, exported as `TECH_erp`.
      if let Some(row) = q
        .questions
        .iter()
        .find(|x| x.grid.is_some() && field_name(&x.id) == last)
      {
        return Column::Answer(row.id.clone());
      }
      if let [.., question, option] = parts.as_slice()
        && let Some(q) = q.question(question)
        && q.kind == QuestionKind::Multi
        && (q.option(option).is_some() || matches!(*option, NOT_APPLICABLE | DONT_KNOW))
      {
        return Column::Ticked((*question).to_owned(), (*option).to_owned());
      }
      Column::Ignored
    })
    .collect()
}

/// A row read back.
#[derive(Debug)]
pub enum Outcome {
  /// A valid assessment, with the submission's instance id.
  Accepted {
    /// Row number.
    row: usize,
    /// The submission's instance id (what a rerun is keyed by).
    instance: String,
    /// The assessment.
    assessment: Box<Assessment>,
  },
  /// A row with problems, each as `FILE row N, column C: message`.
  Rejected {
    /// Row number.
    row: usize,
    /// The problems.
    problems: Vec<String>,
  },
}

/// Takes out of `table` each row whose submission id an earlier row has
/// with other answers (the same submission edited, or two given one id)
/// and gives its problem, naming the earlier row, which is kept. A row
/// repeated as it was (an export run twice) stays: it is stored once.
pub fn conflicting(content: &Content, table: &mut Table, name: &str, lang: Lang) -> Vec<String> {
  let ids: Vec<usize> = columns(content, &table.headers)
    .iter()
    .enumerate()
    .filter(|(_, c)| matches!(c, Column::Instance))
    .map(|(i, _)| i)
    .collect();
  let mut first: std::collections::HashMap<String, (usize, Vec<String>)> = Default::default();
  let mut problems = Vec::new();
  table.rows.retain(|(row, cells)| {
    let id = ids
      .iter()
      .filter_map(|&i| cells.get(i))
      .map(|c| c.trim().trim_start_matches("uuid:"))
      .find(|c| !c.is_empty());
    let Some(id) = id else { return true };
    match first.get(id) {
      None => {
        first.insert(id.to_owned(), (*row, cells.clone()));
        true
      }
      Some((_, same)) if same == cells => true,
      Some((earlier, _)) => {
        let args = minijinja::context! { row => earlier };
        problems.push(format!(
          "{}: {}",
          place(content, name, *row, None, lang),
          content.message("import_instance_conflict", lang, &args)
        ));
        false
      }
    }
  });
  problems
}

/// Every row of `table` as an assessment or its problems; `name` is the
/// file's, for messages.
pub fn read(content: &Content, table: &Table, name: &str, lang: Lang) -> Vec<Outcome> {
  let columns = columns(content, &table.headers);
  table
    .rows
    .iter()
    .map(|(row, cells)| one(content, table, &columns, *row, cells, name, lang))
    .collect()
}

fn one(
  content: &Content,
  table: &Table,
  columns: &[Column],
  row: usize,
  cells: &[String],
  name: &str,
  lang: Lang,
) -> Outcome {
  let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
  let mut profile = Mapping::new();
  let mut answers: BTreeMap<String, Yaml> = BTreeMap::new();
  let mut ticked: BTreeMap<String, Vec<String>> = BTreeMap::new();
  let mut instance = String::new();
  let mut date = None;
  let mut column_of: BTreeMap<String, String> = BTreeMap::new();
  for (i, column) in columns.iter().enumerate() {
    let value = cell(i);
    let header = table.headers.get(i).cloned().unwrap_or_default();
    match column {
      Column::Instance if instance.is_empty() => {
        instance = value.trim_start_matches("uuid:").to_owned()
      }
      Column::Date if date.is_none() => date = value.get(..10).and_then(parse_date),
      Column::Profile(id) => {
        column_of.insert(id.clone(), header);
        if !value.is_empty() {
          let field = content.questionnaire.field(id).map(|f| f.kind);
          let v = field.map_or_else(
            || Yaml::from(value),
            |k| crate::assessment::typed_profile_value(value, k),
          );
          profile.insert(id.clone().into(), v);
        }
      }
      Column::Answer(id) => {
        column_of.insert(id.clone(), header);
        if !value.is_empty() {
          answers.insert(id.clone(), answer_value(content, id, value));
        }
      }
      Column::Special(id) => {
        column_of.entry(id.clone()).or_insert(header);
        if matches!(value, NOT_APPLICABLE | DONT_KNOW) {
          answers.insert(id.clone(), Yaml::from(value));
        }
      }
      Column::Ticked(id, option) => {
        column_of.entry(id.clone()).or_insert(header);
        let on = matches!(value.to_ascii_lowercase().as_str(), "1" | "true" | "yes");
        let list = ticked.entry(id.clone()).or_default();
        if on {
          list.push(option.clone());
        }
      }
      _ => {}
    }
  }
  // One 0/1 column per option, when the export has no combined column.
  for (id, options) in ticked {
    if answers.contains_key(&id) || options.is_empty() {
      continue;
    }
    let value = match options.as_slice() {
      [one] if matches!(one.as_str(), NOT_APPLICABLE | DONT_KNOW) => Yaml::from(one.as_str()),
      _ => Yaml::Sequence(options.into_iter().map(Yaml::from).collect()),
    };
    answers.insert(id, value);
  }
  let document = document(content, profile, answers, date);
  let file = SourceFile::new(name.to_owned(), document);
  match Assessment::parse(&file, content, Completeness::Complete) {
    Ok(mut assessment) if !instance.is_empty() => {
      assessment.mode = Mode::Advisor;
      Outcome::Accepted {
        row,
        instance,
        assessment: Box::new(assessment),
      }
    }
    Ok(_) => Outcome::Rejected {
      row,
      problems: vec![format!(
        "{}: {}",
        place(content, name, row, None, lang),
        content.messages.get("import_no_instance", lang)
      )],
    },
    Err(problems) => Outcome::Rejected {
      row,
      problems: problems
        .iter()
        .map(|p| {
          let column = p.id.as_ref().and_then(|id| column_of.get(id));
          format!(
            "{}: {}",
            place(content, name, row, column.map(String::as_str), lang),
            p.message(content, lang)
          )
        })
        .collect(),
    },
  }
}

/// Where a problem is: the file, the row and the column, in the reader's
/// words.
fn place(content: &Content, name: &str, row: usize, column: Option<&str>, lang: Lang) -> String {
  let args = minijinja::context! { file => name, row, column };
  content.message("import_place", lang, &args)
}

/// A cell as the assessment file holds the answer: a multiple choice's
/// space-separated options as a list, anything else as typed.
fn answer_value(content: &Content, id: &str, value: &str) -> Yaml {
  match content.questionnaire.question(id).map(|q| q.kind) {
    // "Not applicable" and "don't know" stand alone, as in the file.
    Some(QuestionKind::Multi) if matches!(value, NOT_APPLICABLE | DONT_KNOW) => Yaml::from(value),
    Some(QuestionKind::Multi) => Yaml::Sequence(value.split_whitespace().map(Yaml::from).collect()),
    _ => Yaml::from(value),
  }
}

/// The assessment file of a row.
fn document(
  content: &Content,
  profile: Mapping,
  answers: BTreeMap<String, Yaml>,
  date: Option<time::Date>,
) -> String {
  let mut root = Mapping::new();
  let mut q = Mapping::new();
  q.insert("id".into(), content.questionnaire.id.clone().into());
  q.insert(
    "version".into(),
    content.questionnaire.version.clone().into(),
  );
  root.insert("questionnaire".into(), Yaml::Mapping(q));
  root.insert("stage".into(), "T0".into());
  if let Some(d) = date {
    root.insert("date".into(), iso_date(d).into());
  }
  root.insert("mode".into(), "advisor".into());
  root.insert("profile".into(), Yaml::Mapping(profile));
  let mut a = Mapping::new();
  for (k, v) in answers {
    a.insert(k.into(), v);
  }
  root.insert("answers".into(), Yaml::Mapping(a));
  yaml_serde::to_string(&Yaml::Mapping(root)).unwrap_or_default()
}
