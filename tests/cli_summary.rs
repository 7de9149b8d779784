//! `coopdx summary`: what a provincial alliance reports upward.

use crate::test::*;

fn examples_folder() -> String {
  root().join("examples").display().to_string()
}

#[test]
fn the_summary_counts_levels_duties_gaps_and_demand_for_support() {
  let out = Test::new()
    .args(&["summary", &examples_folder(), "-o", "summary.md"])
    .run()
    .code(0);
  let md = out.read("summary.md");
  assert!(md.contains("Số tổ chức: **10**"), "{md}");
  assert!(
    !md.contains("{{") && !md.contains("{%"),
    "no template code:\n{md}"
  );
  assert!(md.contains("| Hợp tác xã | 8 | 80,0 |") && md.contains("| Tổ hợp tác | 2 | 20,0 |"));
  assert!(
    md.contains("| Nghĩa vụ hóa đơn điện tử | 8 |"),
    "a duty counts those it applies to"
  );
  assert!(
    md.contains("không phải mức hỗ trợ được cam kết"),
    "demand is never a promise"
  );
  let gaps = md
    .split("## Những điểm yếu")
    .nth(1)
    .and_then(|s| s.split("## ").next())
    .expect("gaps section");
  assert!(
    !gaps.contains("Hợp tác xã"),
    "questions name no legal form across forms:\n{gaps}"
  );
}

#[test]
fn progress_is_counted_for_a_cooperative_assessed_twice() {
  let out = Test::new()
    .file("t0.yaml", &example("htx-nong-nghiep-khoi-dau.yaml"))
    .file(
      "t1.yaml",
      &std::fs::read_to_string(root().join("examples/progress/htx-nong-nghiep-khoi-dau-t1.yaml"))
        .expect("t1"),
    )
    .file("other.yaml", &example("htx-van-tai.yaml"))
    .args(&["--lang", "en", "summary", ".", "-o", "summary.md"])
    .run()
    .code(0);
  let md = out.read("summary.md");
  assert!(
    md.contains("Organisations: **2** (the latest assessment of each; assessments in all: 3)"),
    "the T0/T1 pair counts once in the picture: {md}"
  );
  assert!(
    md.contains("Organisations assessed twice or more: **1**"),
    "and once in progress: {md}"
  );
}

#[test]
fn a_province_summary_prints_as_pdf_and_xlsx() {
  for file in ["son-la.pdf", "son-la.xlsx"] {
    let out = Test::new()
      .args(&[
        "summary",
        &examples_folder(),
        "--province",
        "son_la",
        "-o",
        file,
      ])
      .run()
      .code(0);
    let bytes = std::fs::read(out.path(file)).expect("written");
    let magic: &[u8] = if file.ends_with(".pdf") {
      b"%PDF"
    } else {
      b"PK"
    };
    assert!(bytes.starts_with(magic), "{file}");
  }
}
