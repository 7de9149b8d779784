//! The summary as a workbook: one sheet per table, numbers as numbers.

use crate::common::*;
use crate::summary::Summary;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn fail(e: XlsxError) -> Error {
  Error::Render {
    message: e.to_string(),
  }
}

/// A sheet: its name, header and rows (a name, then numbers).
type Table = (String, Vec<String>, Vec<(String, Vec<f64>)>);

/// Writes a table: a bold frozen header, then rows of text and numbers.
fn table(
  sheet: &mut Worksheet,
  header: &[String],
  rows: &[(String, Vec<f64>)],
) -> Result<(), Error> {
  let bold = Format::new().set_bold().set_background_color("#E6EEF2");
  let number = Format::new().set_num_format("#,##0.0");
  for (c, h) in header.iter().enumerate() {
    sheet
      .write_string_with_format(0, c as u16, h, &bold)
      .map_err(fail)?;
  }
  for (r, (name, values)) in rows.iter().enumerate() {
    let r = r as u32 + 1;
    sheet.write_string(r, 0, name).map_err(fail)?;
    for (c, v) in values.iter().enumerate() {
      sheet
        .write_number_with_format(r, c as u16 + 1, *v, &number)
        .map_err(fail)?;
    }
  }
  sheet.set_freeze_panes(1, 0).map_err(fail)?;
  sheet.set_column_width(0, 48).map_err(fail)?;
  Ok(())
}

/// The summary as an `.xlsx` workbook.
pub fn summary_xlsx(
  content: &Content,
  s: &Summary,
  scope: &str,
  lang: Lang,
) -> Result<Vec<u8>, Error> {
  let say = |k: &str| content.messages.get(k, lang);
  let pick = |vi: &str, en: &str| {
    if lang == Lang::Vi {
      vi.to_owned()
    } else {
      en.to_owned()
    }
  };
  let f = |d: Decimal| d.to_f64().unwrap_or_default();
  let n = |x: usize| x as f64;
  let mut book = Workbook::new();
  let sheets: Vec<Table> = vec![
    (
      say("summary_sheet_levels"),
      vec![say("batch_level"), say("summary_number"), "%".into()],
      s.levels
        .iter()
        .map(|c| {
          (
            format!("{}. {}", c.id, pick(&c.name_vi, &c.name_en)),
            vec![n(c.n), f(c.share)],
          )
        })
        .collect(),
    ),
    (
      say("summary_sheet_dimensions"),
      vec![
        say("summary_dimension"),
        say("summary_mean"),
        say("summary_min"),
        say("summary_max"),
      ],
      s.dimensions
        .iter()
        .map(|d| {
          (
            pick(&d.name_vi, &d.name_en),
            vec![f(d.mean), f(d.min), f(d.max)],
          )
        })
        .collect(),
    ),
    (
      say("summary_sheet_duties"),
      vec![
        say("summary_duty"),
        say("summary_applies"),
        say("summary_met"),
        "%".into(),
      ],
      s.duties
        .iter()
        .map(|d| {
          (
            pick(&d.name_vi, &d.name_en),
            vec![n(d.applies), n(d.met), f(d.share)],
          )
        })
        .collect(),
    ),
    (
      say("summary_sheet_actions"),
      vec![
        say("summary_action"),
        say("summary_plans"),
        say("batch_cost_min"),
        say("batch_cost_max"),
      ],
      s.actions
        .iter()
        .map(|a| {
          (
            pick(&a.title_vi, &a.title_en),
            vec![n(a.n), f(a.cost_min), f(a.cost_max)],
          )
        })
        .collect(),
    ),
    (
      say("summary_sheet_policies"),
      vec![
        say("summary_policy"),
        say("summary_plans"),
        say("batch_cost_min"),
        say("batch_cost_max"),
      ],
      s.policies
        .iter()
        .map(|a| {
          (
            pick(&a.title_vi, &a.title_en),
            vec![n(a.n), f(a.cost_min), f(a.cost_max)],
          )
        })
        .collect(),
    ),
  ];
  let cover = book.add_worksheet();
  cover
    .set_name(say("summary_sheet_overview"))
    .map_err(fail)?;
  cover
    .write_string(0, 0, say("summary_title"))
    .map_err(fail)?;
  cover.write_string(1, 0, scope).map_err(fail)?;
  cover
    .write_string(2, 0, say("summary_assessed"))
    .map_err(fail)?;
  cover.write_number(2, 1, n(s.assessed)).map_err(fail)?;
  cover
    .write_string(3, 0, say("summary_assessments"))
    .map_err(fail)?;
  cover.write_number(3, 1, n(s.assessments)).map_err(fail)?;
  cover.write_string(4, 0, say("batch_index")).map_err(fail)?;
  cover.write_number(4, 1, f(s.index_mean)).map_err(fail)?;
  cover.set_column_width(0, 48).map_err(fail)?;
  for (name, header, rows) in &sheets {
    let sheet = book.add_worksheet();
    sheet.set_name(name).map_err(fail)?;
    table(sheet, header, rows)?;
  }
  book.save_to_buffer().map_err(fail)
}
