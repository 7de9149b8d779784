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
