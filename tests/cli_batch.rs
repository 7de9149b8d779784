//! `coopdx batch`: the spreadsheet of a provincial alliance.

use crate::test::*;

fn examples_folder() -> String {
  root().join("examples").display().to_string()
}

#[test]
fn every_example_is_a_row_excel_reads_as_vietnamese() {
  let out = Test::new()
    .args(&["batch", &examples_folder(), "-o", "all.csv"])
    .run()
    .code(0)
    .stderr_has("10 hàng");
  let bytes = std::fs::read(out.path("all.csv")).expect("written");
  assert!(
    bytes.starts_with(b"\xEF\xBB\xBF"),
    "a BOM, so Excel reads UTF-8"
  );
  let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
  let mut reader = csv::Reader::from_reader(text.as_bytes());
  let header = reader.headers().expect("header").clone();
  let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
  assert_eq!(rows.len(), 10);
  let col = |name: &str| {
    header
      .iter()
      .position(|h| h == name)
      .unwrap_or_else(|| panic!("column {name}"))
  };
  let khoi_dau = rows
    .iter()
    .find(|r| r[0].ends_with("htx-nong-nghiep-khoi-dau.yaml"))
    .expect("row");
  assert_eq!(&khoi_dau[col("Chỉ số sẵn sàng")], "18,4", "a decimal comma");
  assert_eq!(
    &khoi_dau[col("Tỉnh/thành phố")],
    "Sơn La",
    "labels, not ids"
  );
  assert!(khoi_dau[col("Nghĩa vụ, điều kiện chưa đạt")].contains("hóa đơn điện tử"));
}

#[test]
fn a_province_and_a_stage_filter_the_rows_and_xlsx_is_written() {
  let out = Test::new()
    .args(&[
      "--lang",
      "en",
      "batch",
      &examples_folder(),
      "--province",
      "son_la",
      "--stage",
      "T0",
      "-o",
      "son-la.xlsx",
    ])
    .run()
    .code(0);
  let bytes = std::fs::read(out.path("son-la.xlsx")).expect("written");
  assert!(bytes.starts_with(b"PK"));
  let said = out.stderr.clone();
  let n: usize = said
    .split_whitespace()
    .next()
    .and_then(|w| w.parse().ok())
    .expect("a count");
  assert!((1..10).contains(&n), "only Sơn La T0: {said}");
}

/// Every example in a folder with one file that cannot be read, as
/// `batch` sees it from the folder's parent.
fn examples_with_a_broken_file() -> Test {
  let mut test = Test::new().file("in/zz-broken.yaml", "profile: [not, a, mapping]\n");
  for name in crate::test::examples() {
    test = test.file(&format!("in/{name}"), &crate::test::example(&name));
  }
  test
}

#[test]
fn batch_csv_and_messages_match_golden_in_both_languages() {
  // Speed work on scoring and planning must not change a byte of the table.
  for lang in ["vi", "en"] {
    let out = examples_with_a_broken_file()
      .args(&["--lang", lang, "batch", "in", "-o", "all.csv"])
      .run()
      .code(2);
    assert_golden(&format!("batch.{lang}.csv"), &out.read("all.csv"));
    assert_golden(&format!("batch.{lang}.stderr"), &out.stderr);
  }
}

#[test]
fn batch_xlsx_cells_match_golden() {
  use calamine::{Reader, Xlsx};
  let out = examples_with_a_broken_file()
    .args(&["--lang", "en", "batch", "in", "-o", "all.xlsx"])
    .run()
    .code(2);
  let bytes = std::fs::read(out.path("all.xlsx")).expect("written");
  let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
  let sheet = book.sheet_names()[0].clone();
  let range = book.worksheet_range(&sheet).expect("sheet");
  // Cells with their types: a number stays a number.
  let text: String = range
    .rows()
    .map(|r| {
      let cells: Vec<String> = r.iter().map(|c| format!("{c:?}")).collect();
      cells.join("\t") + "\n"
    })
    .collect();
  assert_golden("batch.en.xlsx.txt", &text);
}
