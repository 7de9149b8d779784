//! `coopdx report`: the printed PDF, read back with a PDF library.

use crate::test::*;
use coopdx::render::pdf::layout::{
  Draw, FLOOR, LEFT, MIN_FILL, Mark, PAGE_H, SIGN_SPACE, TOP, WIDTH,
};
use coopdx::render::pdf::{LaidOut, ReportOptions, fonts, pages, writer};
use coopdx::{Assessment, Completeness, Content, Lang, SourceFile};
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
pub fn page_texts(bytes: &[u8]) -> Vec<String> {
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
    "Sơn La, ngày 14 tháng 10 năm 2025",
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
        length * 4 < coopdx::render::pdf::fonts::REGULAR_TTF.len(),
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
  assert!(all.contains("18,36") && all.contains("42,50"));
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
  use coopdx::render::pdf::charts::Figure;
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
  let typography = coopdx::render::pdf::typography(&CONTENT).expect("compiles");
  let blocks = parse(&md, &typography, &|_| Figure::default()).expect("parses");
  let mut layout = Layout::new();
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
fn characters_the_font_lacks_are_refused_with_their_field_and_line() {
  let text = example(START)
    .replace(
      "name: Hợp tác xã Nông nghiệp Chè Tà Xùa",
      "name: \"HTX Chè 🍵 Tà Xùa\"",
    )
    .replace("note: Trên đồi chè gần như mất sóng.", "note: Sóng yếu ที่นี่");
  assert!(text.contains("🍵") && text.contains("ที่"));
  let out = Test::new()
    .args(&["report", "a.yaml", "-o", "r.pdf", "--advisor", "Lan 合作"])
    .file("a.yaml", &text)
    .run()
    .code(2)
    .stderr_has("profile.name")
    .stderr_has("\"🍵\" (U+1F375)")
    .stderr_has("answers.IN04.note")
    .stderr_has("--advisor")
    .stderr_has("\"合作\"");
  assert!(out.stderr.contains("a.yaml:12:"), "{}", out.stderr);
  assert!(!out.dir.path().join("r.pdf").exists(), "no PDF written");
  // In English too, and through the library.
  Test::new()
    .args(&["--lang", "en", "report", "a.yaml", "-o", "r.pdf"])
    .file("a.yaml", &text)
    .run()
    .code(2)
    .stderr_has("cannot be printed");
  let err = pages(&CONTENT, &assessment(&text), &ReportOptions::default()).expect_err("refused");
  assert!(err.to_string().contains("U+1F375"), "{err}");
  assert_eq!(err.exit_code(), 2);
}

#[test]
fn spaces_and_breaks_the_typeface_lacks_are_refused_by_their_field() {
  // A line separator pasted from a phone, an ideographic space, a tab in
  // a one-line name: laid out, they broke the report with an error that
  // named the template instead of the field.
  for odd in ["\u{2028}", "\u{3000}", "\\t"] {
    let text = example(START).replace(
      "name: Hợp tác xã Nông nghiệp Chè Tà Xùa",
      &format!("name: \"Hợp tác xã{odd}Chè Tà Xùa\""),
    );
    let out = Test::new()
      .args(&["report", "a.yaml", "-o", "r.pdf"])
      .file("a.yaml", &text)
      .run()
      .code(2)
      .stderr_has("profile.name");
    assert!(out.stderr.contains("a.yaml:12:"), "{odd:?}: {}", out.stderr);
    assert!(!out.stderr.contains("report.md.j2"), "{}", out.stderr);
  }
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
    .stderr_has("không ghi được");
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

/// Every report the print rules are checked on: each example in
/// Vietnamese and English, the T1 example with `--compare`, and a report
/// with `--budget 30000000`; each laid out and written.
struct Printed {
  name: String,
  lang: Lang,
  laid: LaidOut,
  texts: Vec<String>,
}

static PRINTED: LazyLock<Vec<Printed>> = LazyLock::new(|| {
  let t1 =
    std::fs::read_to_string(root().join("examples/progress/htx-nong-nghiep-khoi-dau-t1.yaml"))
      .expect("T1");
  let mut cases: Vec<(String, String, ReportOptions)> = Vec::new();
  for lang in [Lang::Vi, Lang::En] {
    let base = ReportOptions {
      lang,
      ..ReportOptions::default()
    };
    for name in examples() {
      cases.push((name.clone(), example(&name), base.clone()));
    }
    cases.push((
      "compare".into(),
      t1.clone(),
      ReportOptions {
        previous: Some(assessment(&example(START))),
        advisor: Some("Nguyễn Thị Lan".into()),
        ..base.clone()
      },
    ));
    cases.push((
      "budget".into(),
      example(START),
      ReportOptions {
        budget_per_year: Some(30_000_000.into()),
        ..base.clone()
      },
    ));
  }
  cases
    .into_iter()
    .map(|(name, text, options)| {
      let laid = pages(&CONTENT, &assessment(&text), &options).expect("lays out");
      let bytes = writer::write(&laid.pages, &laid.metadata).expect("writes");
      Printed {
        name: format!("{name} ({})", options.lang.code()),
        lang: options.lang,
        texts: page_texts(&bytes),
        laid,
      }
    })
    .collect()
});

#[test]
fn no_page_ends_with_a_heading_a_label_or_a_table_header() {
  for r in PRINTED.iter() {
    for (p, page) in r.laid.pages.iter().enumerate() {
      let last = page.parts.last().map(|part| part.mark);
      assert!(
        !matches!(last, Some(Mark::Heading | Mark::Label | Mark::TableHeader)),
        "{} p{}: the page ends with a {last:?}",
        r.name,
        p + 1
      );
    }
  }
}

#[test]
fn no_page_starts_with_a_stray_line() {
  // The last line of a paragraph or list carried alone to a new page.
  let lh = coopdx::render::pdf::layout::BODY * coopdx::render::pdf::layout::LEADING;
  for r in PRINTED.iter() {
    let pages = &r.laid.pages;
    for p in 1..pages.len() {
      let (Some(before), [first, rest @ ..]) =
        (pages[p - 1].parts.last(), pages[p].parts.as_slice())
      else {
        continue;
      };
      let lone = first.mark == Mark::Text
        && first.bottom - first.top < 1.5 * lh
        && first.block == before.block
        && rest.first().is_none_or(|next| next.block != first.block);
      assert!(
        !lone,
        "{} p{}: a single line of a block at the top of the page",
        r.name,
        p + 1
      );
    }
  }
}

#[test]
fn the_signature_block_is_on_the_last_page_with_the_text_above_it() {
  for r in PRINTED.iter() {
    let pages = &r.laid.pages;
    let with: Vec<usize> = (0..pages.len())
      .filter(|p| pages[*p].parts.iter().any(|x| x.mark == Mark::Signature))
      .collect();
    assert_eq!(with, vec![pages.len() - 1], "{}: signature pages", r.name);
    let parts = &pages[pages.len() - 1].parts;
    let marks: Vec<Mark> = parts.iter().map(|p| p.mark).collect();
    let sig = marks
      .iter()
      .position(|m| *m == Mark::Signature)
      .unwrap_or(0);
    assert!(
      sig >= 2 && marks[sig - 1] == Mark::PlaceDate && marks[sig - 2] == Mark::Text,
      "{}: the signatures must follow the place-and-date line and text on their page: {marks:?}",
      r.name
    );
    let block = parts[sig];
    assert!(
      block.bottom - block.top >= SIGN_SPACE,
      "{}: {} pt to sign and stamp, less than 35 mm",
      r.name,
      block.bottom - block.top
    );
  }
}

#[test]
fn every_page_but_the_cover_and_the_last_is_at_least_a_third_full() {
  for r in PRINTED.iter() {
    let n = r.laid.pages.len();
    for (p, page) in r.laid.pages.iter().enumerate().take(n - 1).skip(1) {
      assert!(
        page.fill() >= MIN_FILL,
        "{} p{}: only {:.0}% full",
        r.name,
        p + 1,
        page.fill() * 100.0
      );
    }
  }
}

#[test]
fn no_action_id_appears_in_the_text_a_person_reads() {
  for r in PRINTED.iter() {
    let all = flat(&r.texts);
    for a in &CONTENT.actions {
      assert!(
        !all.contains(&a.id),
        "{}: the action id {} is printed",
        r.name,
        a.id
      );
    }
  }
}

#[test]
fn the_place_and_date_line_follows_decree_30_in_the_right_half() {
  let last = |name: &str| {
    let r = PRINTED
      .iter()
      .find(|r| r.name == name)
      .unwrap_or_else(|| panic!("{name}"));
    r.texts
      .last()
      .cloned()
      .unwrap_or_default()
      .replace('\n', " ")
  };
  assert!(last("htx-nong-nghiep-khoi-dau.yaml (vi)").contains("Sơn La, ngày 14 tháng 10 năm 2025"));
  assert!(last("htx-nong-nghiep-khoi-dau.yaml (en)").contains("Son La, 14 October 2025"));
  assert!(last("htx-may-tre-dan.yaml (vi)").contains("Ninh Bình, ngày 05 tháng 11 năm 2026"));
  assert!(last("quy-tin-dung-nhan-dan.yaml (vi)").contains("Vĩnh Long, ngày 18 tháng 8 năm 2026"));
  let early = example(START).replace("date: 2025-10-14", "date: 2026-01-05");
  let all = flat(&page_texts(&pdf(&early, &[])));
  assert!(
    all.contains("Sơn La, ngày 05 tháng 01 năm 2026"),
    "January has a zero"
  );
  let all = flat(&page_texts(&pdf(&early, &["--lang", "en"])));
  assert!(all.contains("Son La, 5 January 2026"));
  for r in PRINTED.iter() {
    let page = r.laid.pages.last().expect("a page");
    let part = page
      .parts
      .iter()
      .find(|p| p.mark == Mark::PlaceDate)
      .expect("a place-and-date line");
    for item in &page.items {
      if let Draw::Text { x, y, .. } = item
        && *y > part.top
        && *y <= part.bottom
      {
        assert!(
          *x >= LEFT + WIDTH / 2.0 - 1.0,
          "{}: the place-and-date line starts left of the right half",
          r.name
        );
      }
    }
  }
}

#[test]
fn every_character_printed_is_in_the_typeface_and_none_is_replaced() {
  for r in PRINTED.iter() {
    for page in &r.laid.pages {
      for item in &page.items {
        if let Draw::Text { face, text, .. } = item {
          assert!(
            text.chars().all(|c| fonts::metrics(*face).has(c)),
            "{}: {text:?} has a character the typeface lacks",
            r.name
          );
        }
      }
    }
    let all = flat(&r.texts);
    assert!(
      !all.contains('\u{FFFD}'),
      "{}: a replacement character",
      r.name
    );
    assert!(
      !all.contains("?:") && !all.contains(" ? "),
      "{}: a stray question mark",
      r.name
    );
  }
}

#[test]
fn the_legal_form_and_the_mode_shape_the_wording_and_the_signatures() {
  let group = |lang: &str| {
    PRINTED
      .iter()
      .find(|r| r.name == format!("to-hop-tac-rau.yaml ({lang})"))
      .map(|r| flat(&r.texts))
      .expect("the cooperative group's report")
  };
  let vi = group("vi");
  assert!(vi.contains("Hình thức: tổ hợp tác tự đánh giá"));
  assert!(vi.contains("ĐẠI DIỆN TỔ HỢP TÁC"));
  assert!(!vi.contains("đóng dấu"), "a tổ hợp tác has no seal");
  assert!(
    !vi.contains("CÁN BỘ TƯ VẤN"),
    "a self-assessment has no advisor column"
  );
  assert!(!vi.contains("hợp tác xã tự đánh giá") && !vi.contains("ĐẠI DIỆN HỢP TÁC XÃ"));
  assert!(vi.contains("Chỉ số mức độ sẵn sàng chuyển đổi số của tổ hợp tác"));
  let en = group("en");
  assert!(en.contains("FOR THE COOPERATIVE GROUP") && !en.contains("seal"));
  assert!(!en.contains("ADVISOR"));
  let htx = PRINTED
    .iter()
    .find(|r| r.name == "htx-van-tai.yaml (vi)")
    .map(|r| flat(&r.texts))
    .expect("report");
  assert!(
    htx.contains("ĐẠI DIỆN HỢP TÁC XÃ")
      && htx.contains("đóng dấu")
      && htx.contains("CÁN BỘ TƯ VẤN")
  );
}

#[test]
fn one_month_convention_and_a_real_minus_sign() {
  for r in PRINTED.iter() {
    let all = flat(&r.texts);
    for wrong in ["0-6", "6-18", "18-36", "tháng 0", "months 0"] {
      assert!(!all.contains(wrong), "{}: {wrong:?} printed", r.name);
    }
  }
  let compare = PRINTED
    .iter()
    .find(|r| r.name == "compare (vi)")
    .map(|r| flat(&r.texts))
    .expect("compare");
  assert!(
    compare.contains("tháng 1–6")
      && compare.contains("tháng 7–18")
      && compare.contains("tháng 19–36")
  );
  assert!(
    compare.contains("\u{2212}"),
    "a regressed dimension shows a minus sign"
  );
  assert!(
    !regex::Regex::new(r"\s-\d")
      .expect("pattern")
      .is_match(&compare),
    "a hyphen as a minus sign"
  );
}

#[test]
fn the_english_report_has_no_vietnamese_outside_names_and_references() {
  // Words with Vietnamese letters may come only from what was typed
  // (names, notes, places) or from policy references being translated
  // elsewhere; none from the template.
  let vietnamese = |w: &str| {
    w.chars().any(|c| {
      "ăâđêôơưĂÂĐÊÔƠƯ".contains(c)
        || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || "àáèéìíòóùúýãõĩũỳÀÁÈÉÌÍÒÓÙÚÝ".contains(c)
    })
  };
  let words = |s: &str| -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '/')
      .filter(|w| !w.is_empty())
      .map(str::to_owned)
      .collect()
  };
  for r in PRINTED.iter().filter(|r| r.lang == Lang::En) {
    let mut allowed: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut typed = String::new();
    for name in examples() {
      typed.push_str(&example(&name));
    }
    typed.push_str(
      &std::fs::read_to_string(root().join("examples/progress/htx-nong-nghiep-khoi-dau-t1.yaml"))
        .expect("T1"),
    );
    typed.push_str(" Nguyễn Thị Lan ");
    for p in &CONTENT.policies {
      typed.push_str(&format!(" {} ", p.reference.en));
    }
    for f in &CONTENT.questionnaire.profile {
      for o in &f.options {
        typed.push_str(&format!(" {} ", o.label.en));
      }
    }
    allowed.extend(words(&typed));
    // A legal document's number ("113/2024/NĐ-CP") is a name.
    let number = |w: &str| w.contains('/') && w.chars().any(|c| c.is_ascii_digit());
    let drawn: Vec<&str> = r
      .laid
      .pages
      .iter()
      .flat_map(|p| &p.items)
      .filter_map(|d| match d {
        Draw::Text { text, .. } => Some(text.as_str()),
        _ => None,
      })
      .collect();
    for w in words(&drawn.join(" ")) {
      assert!(
        !vietnamese(&w) || allowed.contains(&w) || number(&w),
        "{}: Vietnamese word {w:?} in the English report",
        r.name
      );
    }
  }
}

#[test]
fn numbers_stay_with_their_units_and_places_with_themselves() {
  for r in PRINTED.iter() {
    for text in &r.texts {
      for line in text.lines() {
        let line = line.trim();
        assert!(
          !(line.starts_with("đ ")
            || line == "đ"
            || line.starts_with("VND")
            || line.starts_with("– ")),
          "{}: a line starts with a unit or a dash: {line:?}",
          r.name
        );
        for place in ["Bình,", "Thọ,", "Long,", "La,", "Đồng,", "Lắk,"] {
          assert!(
            !line.starts_with(place),
            "{}: a place name split: {line:?}",
            r.name
          );
        }
      }
    }
  }
}

#[test]
fn the_running_header_is_cut_at_a_word() {
  let long = "Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp và Chế biến Nông sản An toàn theo Chuỗi Giá trị Liên kết Sản xuất Tiêu thụ Chè Shan Tuyết Cổ thụ Vùng cao Tà Xùa Bắc Yên Sơn La";
  let text = example(START).replace(
    "name: Hợp tác xã Nông nghiệp Chè Tà Xùa",
    &format!("name: {long}"),
  );
  let laid = pages(&CONTENT, &assessment(&text), &ReportOptions::default()).expect("lays out");
  let header = laid.pages[1]
    .items
    .iter()
    .find_map(|d| match d {
      Draw::Text { text, y, .. } if *y < TOP => Some(text.clone()),
      _ => None,
    })
    .expect("a running header");
  let kept = header.strip_suffix('…').expect("an ellipsis");
  assert!(long.starts_with(kept), "{header:?}");
  assert_eq!(
    long[kept.len()..].chars().next(),
    Some(' '),
    "cut mid-word: {header:?}"
  );
}

#[test]
fn the_cover_title_has_no_lone_word_on_its_last_line() {
  for r in PRINTED.iter() {
    let titles: Vec<&str> = r.laid.pages[0]
      .items
      .iter()
      .filter_map(|d| match d {
        Draw::Text { text, size, .. } if *size >= 20.0 => Some(text.as_str()),
        _ => None,
      })
      .collect();
    assert!(titles.len() >= 2, "{}: {titles:?}", r.name);
    let last = titles.last().copied().unwrap_or_default();
    assert!(last.split(' ').count() >= 2, "{}: {last:?} alone", r.name);
  }
}

#[test]
fn the_plan_table_gives_its_widest_column_to_the_action_and_why() {
  // The action column holds most of the plan's words (title, current
  // state, why then); short columns ("tháng 7", "–") must not take the
  // width it needs, or every row grows tall and narrow.
  use coopdx::render::pdf::layout::SHADE;
  for r in PRINTED.iter() {
    let mut seen = false;
    for (p, page) in r.laid.pages.iter().enumerate() {
      let mut rows: Vec<(f32, Vec<f32>)> = Vec::new();
      for d in &page.items {
        if let Draw::Rect {
          y,
          w,
          fill: Some(f),
          ..
        } = d
          && *f == SHADE
        {
          match rows.last_mut() {
            Some((top, widths)) if (*top - y).abs() < 0.01 => widths.push(*w),
            _ => rows.push((*y, vec![*w])),
          }
        }
      }
      for (_, widths) in rows.iter().filter(|(_, w)| w.len() == 6) {
        seen = true;
        // No column so narrow that a long cell among dashes ("Đề xuất hỗ
        // trợ thuê giải pháp số…") stands one word a line.
        let narrowest = widths.iter().copied().fold(f32::MAX, f32::min);
        assert!(
          narrowest >= 0.09 * WIDTH,
          "{} p{}: a plan column only {narrowest:.0} pt wide: {widths:?}",
          r.name,
          p + 1
        );
        let widest = widths.iter().copied().fold(0.0f32, f32::max);
        assert!(
          widths[0] >= widest - 0.01,
          "{} p{}: the action column is {:.0} pt, another {widest:.0} pt: {widths:?}",
          r.name,
          p + 1,
          widths[0]
        );
      }
    }
    assert!(seen, "{}: no plan table found", r.name);
  }
}

#[test]
fn a_label_stays_with_a_two_item_list_wherever_the_page_ends() {
  // "Việc cần làm để cải thiện:" then two one-line items: the last item
  // never goes alone to a new page, so the list's start is both items and
  // the label must go with them.
  use coopdx::render::pdf::blocks::{Block, Span};
  use coopdx::render::pdf::fonts::Face;
  use coopdx::render::pdf::layout::Layout;
  let span = |t: &str| Span {
    text: t.into(),
    face: Face::Regular,
  };
  // Every position near the page foot: one-line paragraphs (18.8 pt
  // each) and rules (10 pt) above the label.
  for (filler, rules) in (30..50).flat_map(|f| (0..4).map(move |r| (f, r))) {
    let mut blocks: Vec<Block> = (0..filler)
      .map(|_| Block::Paragraph(vec![span("Hợp tác xã chuyển đổi số.")]))
      .collect();
    blocks.extend((0..rules).map(|_| Block::Rule));
    blocks.push(Block::Paragraph(vec![Span {
      text: "Việc cần làm để cải thiện:".into(),
      face: Face::Bold,
    }]));
    blocks.push(Block::List {
      items: vec![
        vec![span("Lưu trữ tài liệu dùng chung trên đám mây (tháng 16)")],
        vec![span("Trang bị một máy tính đủ cấu hình (tháng 18)")],
      ],
      ordered: false,
    });
    blocks.push(Block::Paragraph(vec![span("Kết thúc.")]));
    let mut layout = Layout::new();
    layout.blocks(&blocks);
    for (p, page) in layout.pages.iter().enumerate() {
      assert_ne!(
        page.parts.last().map(|x| x.mark),
        Some(Mark::Label),
        "{filler} paragraphs, {rules} rules: page {} ends with the label",
        p + 1
      );
    }
  }
}

#[test]
fn a_heading_stays_with_a_three_line_start_wherever_the_page_ends() {
  // A three-line paragraph or list item cannot break (two lines on each
  // side), so the heading above it needs all three lines below it.
  use coopdx::render::pdf::blocks::{Block, Span};
  use coopdx::render::pdf::fonts::Face;
  use coopdx::render::pdf::layout::{BODY, Layout, wrap};
  let span = |t: &str| Span {
    text: t.into(),
    face: Face::Regular,
  };
  let mut three = String::new();
  while wrap(&[span(&three)], BODY, WIDTH - 14.0, None).len() < 3 {
    three.push_str("vượt ngân sách năm thứ hai của kế hoạch ");
  }
  for list in [false, true] {
    for (filler, rules) in (30..50).flat_map(|f| (0..4).map(move |r| (f, r))) {
      let mut blocks: Vec<Block> = (0..filler)
        .map(|_| Block::Paragraph(vec![span("Hợp tác xã chuyển đổi số.")]))
        .collect();
      blocks.extend((0..rules).map(|_| Block::Rule));
      blocks.push(Block::Heading {
        level: 2,
        spans: vec![span("Việc chưa xếp được vào kế hoạch")],
      });
      blocks.push(if list {
        Block::List {
          items: vec![vec![span(&three)], vec![span(&three)], vec![span(&three)]],
          ordered: false,
        }
      } else {
        Block::Paragraph(vec![span(&three)])
      });
      let mut layout = Layout::new();
      layout.blocks(&blocks);
      for (p, page) in layout.pages.iter().enumerate() {
        assert_ne!(
          page.parts.last().map(|x| x.mark),
          Some(Mark::Heading),
          "list {list}, {filler} paragraphs, {rules} rules: page {} ends with the heading",
          p + 1
        );
      }
    }
  }
}

#[test]
fn dimension_descriptions_follow_the_legal_form() {
  // A dimension's description uses the legal form's words as question
  // texts do, so a tổ hợp tác's report does not call it "hợp tác xã".
  let mut content = Content::embedded().expect("content");
  for d in &mut content.dimensions {
    if d.id == "people" {
      d.description.vi = "Thành viên được kết nối với {{ org }} qua kênh số.".into();
      d.description.en = "Members are connected to the {{ org }} through digital channels.".into();
    }
  }
  for (lang, want) in [
    (Lang::Vi, "kết nối với tổ hợp tác qua kênh số"),
    (Lang::En, "connected to the cooperative group through"),
  ] {
    let laid = pages(
      &content,
      &assessment(&example("to-hop-tac-rau.yaml")),
      &ReportOptions {
        lang,
        ..ReportOptions::default()
      },
    )
    .expect("lays out");
    let bytes = writer::write(&laid.pages, &laid.metadata).expect("writes");
    let all = flat(&page_texts(&bytes));
    assert!(all.contains(want), "{lang:?}: {want:?} not printed");
  }
}

#[test]
fn no_doubled_punctuation_around_a_bracket() {
  // A note ending with a full stop set inside brackets mid-sentence gave
  // "… quyết định.), tính theo".
  for r in PRINTED.iter() {
    let all = flat(&r.texts);
    for bad in [".)", "..", ",,", ";;", " ,", " ."] {
      assert!(!all.contains(bad), "{}: {bad:?} printed", r.name);
    }
  }
}
