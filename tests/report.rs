//! `coopdx report`: the printed PDF, read back with a PDF library.

use crate::test::*;
use coopdx::render::pdf::layout::{Draw, FLOOR, LEFT, PAGE_H, TOP, WIDTH};
use coopdx::render::pdf::{ReportOptions, fonts, pages};
use coopdx::{Assessment, Completeness, Content, SourceFile};
use std::sync::LazyLock;

const START: &str = "htx-nong-nghiep-khoi-dau.yaml";

static CONTENT: LazyLock<Content> = LazyLock::new(|| Content::embedded().expect("content"));

fn pdf(example_text: &str, extra: &[&str]) -> Vec<u8> {
  let mut args = vec!["report", "a.yaml", "-o", "report.pdf"];
  args.extend_from_slice(extra);
  let out = Test::new()
    .args(&args)
    .file("a.yaml", example_text)
    .file("t0.yaml", &example(START))
    .run()
    .code(0);
  std::fs::read(out.dir.path().join("report.pdf")).expect("PDF written")
}

/// The text of every page, in page order.
fn page_texts(bytes: &[u8]) -> Vec<String> {
  let doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf can read");
  doc
    .get_pages()
    .keys()
    .map(|n| doc.extract_text(&[*n]).expect("text extracts"))
    .collect()
}

fn flat(texts: &[String]) -> String {
  texts.join("\n").replace('\n', " ")
}

fn assessment(text: &str) -> Assessment {
  Assessment::parse(
    &SourceFile::new("a.yaml", text),
    &CONTENT,
    Completeness::Complete,
  )
  .expect("valid")
}

#[test]
fn vietnamese_text_comes_back_exactly() {
  let texts = page_texts(&pdf(&example(START), &[]));
  let all = flat(&texts);
  for expected in [
    "Hợp tác xã Nông nghiệp Chè Tà Xùa",
    "BÁO CÁO ĐÁNH GIÁ MỨC ĐỘ SẴN SÀNG CHUYỂN ĐỔI SỐ",
    "1. Tóm tắt kết quả",
    "3. Kế hoạch chuyển đổi số",
    "Đăng ký tài khoản định danh điện tử của hợp tác xã",
    "12.000.000 đ",
    "Chi phí là ước tính tham khảo, cần xác nhận lại với nhà cung cấp.",
    "ĐẠI DIỆN HỢP TÁC XÃ",
    "CÁN BỘ TƯ VẤN",
    "Sơn La, ngày 14 tháng 10 năm 2026",
  ] {
    assert!(
      all.contains(expected),
      "{expected:?} not found in the PDF text"
    );
  }
  assert_eq!(all, coopdx::nfc(&all), "extracted text is NFC");
}

#[test]
fn every_page_has_the_footer_with_its_number() {
  let texts = page_texts(&pdf(&example(START), &[]));
  assert!(texts.len() > 5);
  for (i, text) in texts.iter().enumerate() {
    let footer = format!("Trang {}/{}", i + 1, texts.len());
    assert!(text.contains(&footer), "page {} lacks {footer:?}", i + 1);
  }
}

#[test]
fn running_header_names_the_cooperative_after_the_cover() {
  let texts = page_texts(&pdf(&example(START), &[]));
  for text in &texts[1..] {
    assert!(text.contains("Hợp tác xã Nông nghiệp Chè Tà Xùa"));
  }
}

#[test]
fn fonts_are_embedded_as_small_subsets() {
  let bytes = pdf(&example(START), &[]);
  let doc = lopdf::Document::load_mem(&bytes).expect("PDF");
  let mut embedded = 0;
  for object in doc.objects.values() {
    let Ok(dict) = object.as_dict() else { continue };
    if let Ok(name) = dict.get(b"FontName").and_then(|n| n.as_name()) {
      let name = String::from_utf8_lossy(name).into_owned();
      assert!(
        name.len() > 7 && name.as_bytes()[6] == b'+',
        "{name} is not tagged as a subset"
      );
      let file = dict
        .get(b"FontFile2")
        .and_then(|r| r.as_reference())
        .expect("font file embedded");
      let stream = doc
        .get_object(file)
        .and_then(|o| o.as_stream())
        .expect("font stream");
      let length = stream
        .dict
        .get(b"Length1")
        .and_then(|l| l.as_i64())
        .expect("Length1") as usize;
      assert!(
        length * 4 < notosans::REGULAR_TTF.len(),
        "{name}: {length} bytes embedded, not a subset"
      );
      embedded += 1;
    }
  }
  assert_eq!(embedded, 3, "regular, bold and italic embedded");
  assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
}

#[test]
fn same_input_gives_identical_bytes() {
  assert_eq!(pdf(&example(START), &[]), pdf(&example(START), &[]));
  // And in one process, where printpdf's own ids would differ.
  let a = assessment(&example(START));
  let options = ReportOptions::default();
  let first = coopdx::render::pdf::report(&CONTENT, &a, &options).expect("report");
  let second = coopdx::render::pdf::report(&CONTENT, &a, &options).expect("report");
  assert!(first == second);
}

#[test]
fn english_report_with_lang_en() {
  let all = flat(&page_texts(&pdf(&example(START), &["--lang", "en"])));
  for expected in [
    "DIGITAL TRANSFORMATION READINESS ASSESSMENT",
    "1. Summary",
    "Page 1/",
    "12,000,000 VND",
    "FOR THE COOPERATIVE",
  ] {
    assert!(
      all.contains(expected),
      "{expected:?} not in the English report"
    );
  }
  assert!(!all.contains("Tóm tắt kết quả"));
}

#[test]
fn progress_section_and_overlay_with_compare() {
  let t1 =
    std::fs::read_to_string(root().join("examples/progress/htx-nong-nghiep-khoi-dau-t1.yaml"))
      .expect("T1");
  let all = flat(&page_texts(&pdf(
    &t1,
    &["--compare", "t0.yaml", "--advisor", "Nguyễn Thị Lan"],
  )));
  assert!(all.contains("5. Tiến bộ so với lần đánh giá trước"));
  assert!(all.contains("18,95") && all.contains("42,37"));
  assert!(all.contains("Nguyễn Thị Lan"));
}

#[test]
fn all_text_stays_inside_the_margins_on_every_example() {
  for name in examples() {
    let laid = pages(
      &CONTENT,
      &assessment(&example(&name)),
      &ReportOptions::default(),
    )
    .expect("lays out");
    assert!(
      laid.missing_glyphs.is_empty(),
      "{name}: no glyph for {:?}",
      laid.missing_glyphs
    );
    for (p, page) in laid.pages.iter().enumerate() {
      for item in &page.items {
        if let Draw::Text {
          x,
          y,
          size,
          face,
          text,
          ..
        } = item
        {
          let w = fonts::metrics(*face).width(text, *size);
          assert!(
            *x >= LEFT - 0.5 && x + w <= LEFT + WIDTH + 0.5,
            "{name} p{}: {text:?} runs outside the side margins",
            p + 1
          );
          assert!(
            *y >= TOP - 30.0 && *y <= FLOOR + 32.0 && *y < PAGE_H,
            "{name} p{}: {text:?} at y {y}",
            p + 1
          );
          let body = *y > TOP - 10.0 && *y < FLOOR + 20.0;
          assert!(
            !body || *y <= FLOOR + 0.5,
            "{name} p{}: body text below the bottom margin",
            p + 1
          );
        }
      }
    }
  }
}

#[test]
fn a_plan_with_every_action_breaks_cleanly_across_pages() {
  use coopdx::render::pdf::blocks::parse;
  use coopdx::render::pdf::charts::ChartData;
  use coopdx::render::pdf::layout::Layout;
  let mut md = String::from(
    "| Việc cần làm và lý do | Thời gian | Chi phí | Phụ trách |\n|---|---|---|---|\n",
  );
  for a in &CONTENT.actions {
    md.push_str(&format!(
      "| **{}** {} {} | 3 tháng | {} đ | {} |\n",
      a.title.vi,
      a.description.vi,
      a.rationale.vi.replace(['{', '}'], ""),
      a.cost.one_off[1],
      a.role.vi
    ));
  }
  let blocks = parse(&md).expect("parses");
  let data = ChartData::default();
  let mut layout = Layout::new(&data);
  layout.blocks(&blocks);
  assert!(layout.pages.len() > 3, "{} pages", layout.pages.len());
  let mut titles_seen = 0;
  for page in &layout.pages {
    let texts: Vec<(&str, f32, f32)> = page
      .items
      .iter()
      .filter_map(|d| match d {
        Draw::Text { text, x, y, .. } => Some((text.as_str(), *x, *y)),
        _ => None,
      })
      .collect();
    // The header row opens every page of the table.
    assert_eq!(texts.first().map(|t| t.0), Some("Việc cần làm và lý do"));
    for (text, x, y) in &texts {
      assert!(
        *y <= FLOOR + 0.5 && *x >= LEFT - 0.5,
        "{text:?} outside the text area"
      );
    }
    titles_seen += CONTENT
      .actions
      .iter()
      .filter(|a| {
        texts
          .iter()
          .any(|t| a.title.vi.starts_with(t.0) && t.0.len() > 8)
      })
      .count();
  }
  // No row is cut: each action's title starts on exactly one page.
  assert!(
    titles_seen >= CONTENT.actions.len(),
    "{titles_seen} of {} titles",
    CONTENT.actions.len()
  );
}

#[test]
fn a_200_character_name_wraps_on_the_cover() {
  let long = "Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp và Chế biến Nông sản An toàn theo Chuỗi Giá trị Liên kết Sản xuất Tiêu thụ Chè Shan Tuyết Cổ thụ Vùng cao Tà Xùa huyện Bắc Yên tỉnh Sơn La Việt Nam".to_owned();
  assert!(long.chars().count() >= 180);
  let text = example(START).replace(
    "name: Hợp tác xã Nông nghiệp Chè Tà Xùa",
    &format!("name: {long}"),
  );
  let laid = pages(&CONTENT, &assessment(&text), &ReportOptions::default()).expect("lays out");
  let cover: Vec<&Draw> = laid.pages[0]
    .items
    .iter()
    .filter(
      |d| matches!(d, Draw::Text { text, .. } if long.contains(text.as_str()) && text.len() > 10),
    )
    .collect();
  assert!(
    cover.len() >= 2,
    "the name should wrap over several lines, found {}",
    cover.len()
  );
  for d in cover {
    if let Draw::Text {
      x,
      size,
      face,
      text,
      ..
    } = d
    {
      assert!(x + fonts::metrics(*face).width(text, *size) <= LEFT + WIDTH + 0.5);
    }
  }
  let texts = page_texts(
    &coopdx::render::pdf::report(&CONTENT, &assessment(&text), &ReportOptions::default())
      .expect("report"),
  );
  assert!(flat(&texts[..1]).contains("Chè Shan Tuyết Cổ thụ"));
}

#[test]
fn characters_the_font_lacks_are_replaced_not_boxed() {
  let text = example(START).replace(
    "name: Hợp tác xã Nông nghiệp Chè Tà Xùa",
    "name: \"HTX Chè 🍵 合作社\"",
  );
  let laid = pages(&CONTENT, &assessment(&text), &ReportOptions::default()).expect("lays out");
  assert!(laid.missing_glyphs.contains(&'🍵') && laid.missing_glyphs.contains(&'合'));
  let cover: String = laid.pages[0]
    .items
    .iter()
    .filter_map(|d| match d {
      Draw::Text { text, .. } => Some(text.as_str()),
      _ => None,
    })
    .collect();
  assert!(cover.contains("HTX Chè ? ??"));
}

#[test]
fn report_needs_an_output_file_and_valid_input() {
  Test::new()
    .args(&["report", "a.yaml"])
    .file("a.yaml", &example(START))
    .run()
    .code(2);
  Test::new()
    .args(&["report", "a.yaml", "-o", "r.pdf", "--compare", "b.yaml"])
    .file("a.yaml", &example(START))
    .file("b.yaml", &example("htx-may-tre-dan.yaml"))
    .run()
    .code(2)
    .stderr_has("không phải của cùng một hợp tác xã");
  Test::new()
    .args(&["report", "a.yaml", "-o", "no/such/dir/r.pdf"])
    .file("a.yaml", &example(START))
    .run()
    .code(1)
    .stderr_has("cannot write");
}

#[test]
fn a_budget_fits_the_plan_and_shows_in_the_report() {
  let all = flat(&page_texts(&pdf(
    &example(START),
    &["--budget", "10.000.000"],
  )));
  assert!(all.contains("10.000.000 đ mỗi năm"), "the budget is stated");
  assert!(
    all.contains("Việc chưa xếp được vào kế hoạch"),
    "deferred actions are listed"
  );
  assert!(all.contains("Chưa đủ ngân sách"), "with the reason");
}
