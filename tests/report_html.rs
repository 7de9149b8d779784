//! `coopdx report --format html`: the same report as an HTML page for a
//! browser to print.

use crate::test::*;
use coopdx::render::pdf::layout::{ACCENT, Draw};
use coopdx::render::pdf::{ReportOptions, fonts::Face, pages};
use coopdx::{Assessment, Completeness, Content, Lang, SourceFile};

const START: &str = "htx-nong-nghiep-khoi-dau.yaml";

fn html(example_text: &str, extra: &[&str]) -> String {
  let mut args = vec!["report", "a.yaml", "-o", "report.html", "--format", "html"];
  args.extend_from_slice(extra);
  Test::new()
    .args(&args)
    .file("a.yaml", example_text)
    .file("t0.yaml", &example(START))
    .run()
    .code(0)
    .read("report.html")
}

fn unescape(s: &str) -> String {
  s.replace("&lt;", "<")
    .replace("&gt;", ">")
    .replace("&quot;", "\"")
    .replace("&#39;", "'")
    .replace("&amp;", "&")
}

fn squash(s: &str) -> String {
  s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of every heading element, unescaped, in order.
fn html_headings(html: &str) -> Vec<String> {
  let re = regex::Regex::new(r"(?s)<h([1-3])[^>]*>(.*?)</h[1-3]>").expect("regex");
  re.captures_iter(html)
    .map(|c| squash(&unescape(&c[2])))
    .collect()
}

/// Every heading line the PDF draws (bold, in the accent colour), in page
/// order.
fn pdf_heading_lines(text: &str, options: &ReportOptions) -> Vec<String> {
  let content = Content::embedded().expect("content");
  let assessment = Assessment::parse(
    &SourceFile::new("a.yaml", text),
    &content,
    Completeness::Complete,
  )
  .expect("valid");
  let laid = pages(&content, &assessment, options).expect("lays out");
  let mut lines = Vec::new();
  for page in &laid.pages {
    for item in &page.items {
      if let Draw::Text {
        face: Face::Bold,
        color,
        text,
        ..
      } = item
        && *color == ACCENT
      {
        lines.push(squash(text));
      }
    }
  }
  lines
}

fn assert_same_headings(text: &str, extra: &[&str], options: &ReportOptions) {
  let page = html(text, extra);
  let headings = html_headings(&page);
  let all = headings.join("\n");
  let pdf = pdf_heading_lines(text, options);
  assert!(pdf.len() > 10, "{pdf:?}");
  for line in &pdf {
    assert!(
      all.contains(line.as_str()),
      "PDF heading line {line:?} is not a heading of the HTML report:\n{all}"
    );
  }
}

#[test]
fn html_report_holds_every_heading_of_the_pdf() {
  let text = example(START);
  assert_same_headings(&text, &[], &ReportOptions::default());
  assert_same_headings(
    &text,
    &["--lang", "en"],
    &ReportOptions {
      lang: Lang::En,
      ..Default::default()
    },
  );
  let t1 = example("progress/htx-nong-nghiep-khoi-dau-t1.yaml");
  let content = Content::embedded().expect("content");
  let t0 = Assessment::parse(
    &SourceFile::new("t0.yaml", example(START)),
    &content,
    Completeness::Complete,
  )
  .expect("valid");
  assert_same_headings(
    &t1,
    &["--compare", "t0.yaml"],
    &ReportOptions {
      previous: Some(t0),
      ..Default::default()
    },
  );
}

#[test]
fn html_report_is_a_printable_page_with_tables_charts_and_signatures() {
  let page = html(&example(START), &[]);
  assert!(page.starts_with("<!DOCTYPE html>"));
  assert!(page.contains("<html lang=\"vi\">"));
  assert!(page.contains("size: A4"));
  assert!(page.contains("Trang \" counter(page) \"/\" counter(pages)"));
  // The cover, three charts (radar, bars, timeline rows), repeated table
  // headers, the appendix and the signature block.
  assert!(page.contains("<section class=\"cover\">"));
  assert!(page.matches("<svg").count() > 10);
  assert!(page.contains("<thead>"));
  assert!(page.contains("Phụ lục: Toàn bộ câu hỏi và câu trả lời"));
  assert!(page.contains("ĐẠI DIỆN HỢP TÁC XÃ"));
  assert!(
    page
      .replace('\u{a0}', " ")
      .contains("Sơn La, ngày 14 tháng 10 năm 2025")
  );
  // Nothing from outside the file: fonts are data URLs.
  assert!(!page.contains("<link") && !page.contains("<script") && !page.contains("<img"));
  assert_eq!(
    page.matches("url(").count(),
    page.matches("url(data:font/ttf;base64,").count()
  );
  assert!(page.matches("@font-face").count() == 3);
}

#[test]
fn html_report_escapes_every_text() {
  let name = r#"HTX <script>alert("x")</script> & 'Co' </style><b>"#;
  let yaml_name = name.replace('"', "\\\"");
  let text = example(START)
    .replace(
      "  name: Hợp tác xã Nông nghiệp Chè Tà Xùa",
      &format!("  name: \"{yaml_name}\""),
    )
    .replace(
      "note: Trên đồi chè gần như mất sóng.",
      "note: \"<img src=x onerror=alert(1)>\"",
    );
  assert!(text.contains("<script>") && text.contains("<img"));
  let page = html(&text, &["--advisor", "<i>Lan</i>"]);
  for raw in ["<script", "<img", "<b>", "<i>"] {
    assert!(!page.contains(raw), "{raw} reached the page unescaped");
  }
  assert_eq!(
    page.matches("</style>").count(),
    1,
    "the name closed the style"
  );
  assert!(page.contains("HTX &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39; &lt;/style&gt;&lt;b&gt;"));
  assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
  assert!(page.contains("&lt;i&gt;Lan&lt;/i&gt;"));
  // The running header carries the name as an escaped CSS string.
  assert!(page.contains("\\3c script\\3e alert(\\22 x\\22 )"));
}

#[test]
fn html_report_keeps_the_report_flags() {
  let page = html(&example(START), &["--budget", "20.000.000"]);
  assert!(
    page.replace('\u{a0}', " ").contains("20.000.000 đ mỗi năm"),
    "budget missing"
  );
  Test::new()
    .args(&["report", "a.yaml", "-o", "r.html", "--format", "docx"])
    .file("a.yaml", &example(START))
    .run()
    .code(2)
    .stderr_has("docx");
}
