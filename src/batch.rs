//! `coopdx batch`: one row per assessment, for a provincial alliance's
//! spreadsheet: identification, profile, index, level, every dimension,
//! every failing gate, the first actions and the plan's indicative cost.
//! Scored and planned in parallel; written as XLSX (formatted header,
//! frozen first row, numbers as numbers) or CSV (UTF-8 with a BOM, so
//! Excel reads Vietnamese).

use crate::assessment::Assessment;
use crate::common::*;

/// One assessment's row.
#[derive(Clone, Debug)]
pub struct Row {
  /// Where it came from: the file, or the stored assessment's code.
  pub source: String,
  /// Text cells, in [`header`] order up to the first number.
  pub texts: Vec<String>,
  /// Index, level, dimension scores (empty: not applicable), indicative
  /// one-off cost range.
  pub numbers: Vec<Option<f64>>,
  /// Failing gates and first actions.
  pub tail: Vec<String>,
}

/// Column names: texts, then numbers, then the tail.
pub fn header(content: &Content, lang: Lang) -> (Vec<String>, Vec<String>, Vec<String>) {
  let word = |k: &str| content.messages.get(k, lang);
  let mut texts = vec![word("batch_source")];
  texts.extend(
    content
      .questionnaire
      .profile
      .iter()
      .map(|f| f.label.get(lang).to_owned()),
  );
  texts.extend(
    [
      "batch_stage",
      "batch_date",
      "batch_mode",
      "batch_level_name",
    ]
    .map(word),
  );
  let mut numbers = vec![word("batch_index"), word("batch_level")];
  numbers.extend(
    content
      .dimensions
      .iter()
      .map(|d| d.name.get(lang).to_owned()),
  );
  numbers.extend([word("batch_cost_min"), word("batch_cost_max")]);
  let tail = vec![word("batch_gates"), word("batch_first_actions")];
  (texts, numbers, tail)
}

/// The row of one assessment, as [`Assessment::parse`] read it (a file or
/// a stored record): it is scored with [`crate::scoring::score_read`].
pub fn row(content: &Content, source: &str, a: &Assessment, lang: Lang) -> Result<Row, Error> {
  let score = crate::scoring::score_read(content, a)?;
  // The plan's figures at the default budget and cost basis, as
  // `summary::score_and_plan` makes it; the row shows none of its
  // sentences, so they are not written (most of a plan's time).
  let options = crate::plan::PlanOptions {
    budget_per_year: None,
    months: None,
    cost_basis: Default::default(),
    lang,
  };
  let roadmap = crate::plan::plan_with(content, a, &score, options, crate::plan::Detail::Figures)?;
  let pick = |vi: &str, en: &str| {
    if lang == Lang::Vi {
      vi.to_owned()
    } else {
      en.to_owned()
    }
  };
  let mut texts = vec![source.to_owned()];
  for f in &content.questionnaire.profile {
    let value = match a.profile.get(&f.id) {
      Some(crate::assessment::ProfileValue::Text(s)) => f
        .options
        .iter()
        .find(|o| &o.id == s)
        .map_or_else(|| s.clone(), |o| o.label.get(lang).to_owned()),
      Some(crate::assessment::ProfileValue::Integer(i)) => i.to_string(),
      None => String::new(),
    };
    texts.push(value);
  }
  texts.push(a.stage.clone());
  texts.push(
    a.date
      .map(crate::assessment::format_date)
      .unwrap_or_default(),
  );
  texts.push(
    content
      .messages
      .get(&format!("mode_{}", a.mode.name()), lang),
  );
  texts.push(pick(&score.level.name_vi, &score.level.name_en));
  let f = |d: Decimal| d.to_f64();
  let mut numbers = vec![
    f(crate::number::round(score.index, 1)),
    Some(f64::from(score.level.number)),
  ];
  numbers.extend(
    score
      .dimensions
      .iter()
      .map(|d| d.score.map(|s| crate::number::round(s, 1)).and_then(f)),
  );
  numbers.extend([f(roadmap.totals.cost_min), f(roadmap.totals.cost_max)]);
  let gates: Vec<String> = roadmap
    .failing_gates
    .iter()
    .map(|g| pick(&g.name_vi, &g.name_en))
    .collect();
  // A plan of figures has no titles: the three shown are written here.
  let vars = a.text_vars(content, lang);
  let first: Vec<String> = roadmap
    .actions
    .iter()
    .take(3)
    .filter_map(|x| content.action(&x.id))
    .map(|action| content.render_text(action.title.get(lang), &vars))
    .collect();
  Ok(Row {
    source: source.to_owned(),
    texts,
    numbers,
    tail: vec![gates.join("; "), first.join("; ")],
  })
}

/// An assessment that could not be scored or planned: its source and why.
pub type Failed = Box<(String, Error)>;

/// Rows of many assessments, on every core, in the order given.
pub fn rows(
  content: &Content,
  items: &[(String, Assessment)],
  lang: Lang,
) -> Vec<Result<Row, Failed>> {
  crate::parallel::in_parallel(items, |(src, a)| {
    row(content, src, a, lang).map_err(|e| Box::new((src.clone(), e)))
  })
}

/// CSV in UTF-8 with a byte-order mark; numbers with a decimal comma in
/// Vietnamese.
pub fn csv(content: &Content, rows: &[Row], lang: Lang) -> Result<Vec<u8>, Error> {
  let (t, n, tail) = header(content, lang);
  let mut w = csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
  let fail = |e: csv::Error| Error::Serialize {
    message: e.to_string(),
  };
  w.write_record(t.iter().chain(&n).chain(&tail))
    .map_err(fail)?;
  for r in rows {
    // No thousands separator (a spreadsheet would take it for a
    // decimal point); the decimal mark of the reader's language.
    let mark = if lang == Lang::Vi { "," } else { "." };
    let numbers = r.numbers.iter().map(|x| match x {
      Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
      Some(v) => format!("{v:.1}").replace('.', mark),
      None => String::new(),
    });
    let cells: Vec<String> = r
      .texts
      .iter()
      .cloned()
      .chain(numbers)
      .chain(r.tail.iter().cloned())
      .collect();
    w.write_record(&cells).map_err(fail)?;
  }
  w.into_inner().map_err(|e| Error::Serialize {
    message: e.to_string(),
  })
}

/// An XLSX workbook: bold header, frozen first row, filters, numbers as
/// numbers (shown as the reader's Excel shows numbers), costs in đồng.
pub fn xlsx(content: &Content, rows: &[Row], lang: Lang) -> Result<Vec<u8>, Error> {
  use rust_xlsxwriter::{Format, Workbook};
  let fail = |e: rust_xlsxwriter::XlsxError| Error::Render {
    message: e.to_string(),
  };
  let (t, n, tail) = header(content, lang);
  let mut book = Workbook::new();
  let sheet = book.add_worksheet();
  let head = Format::new()
    .set_bold()
    .set_text_wrap()
    .set_background_color("#E6EEF2");
  let score = Format::new().set_num_format("0.0");
  let money = Format::new().set_num_format("#,##0 \"đ\"");
  let columns: Vec<&String> = t.iter().chain(&n).chain(&tail).collect();
  for (c, name) in columns.iter().enumerate() {
    sheet
      .write_string_with_format(0, c as u16, name.as_str(), &head)
      .map_err(fail)?;
  }
  let cost_from = t.len() + n.len() - 2;
  for (r, row) in rows.iter().enumerate() {
    let r = r as u32 + 1;
    for (c, v) in row.texts.iter().enumerate() {
      sheet.write_string(r, c as u16, v).map_err(fail)?;
    }
    for (i, v) in row.numbers.iter().enumerate() {
      let c = t.len() + i;
      if let Some(v) = v {
        let format = if c >= cost_from { &money } else { &score };
        sheet
          .write_number_with_format(r, c as u16, *v, format)
          .map_err(fail)?;
      }
    }
    for (i, v) in row.tail.iter().enumerate() {
      sheet
        .write_string(r, (t.len() + n.len() + i) as u16, v)
        .map_err(fail)?;
    }
  }
  sheet.set_freeze_panes(1, 0).map_err(fail)?;
  let last_col = columns.len().saturating_sub(1) as u16;
  sheet
    .autofilter(0, 0, rows.len() as u32, last_col)
    .map_err(fail)?;
  sheet.set_column_width(1, 36).map_err(fail)?;
  book.save_to_buffer().map_err(fail)
}
