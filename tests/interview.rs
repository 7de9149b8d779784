//! The interview driven in a pseudo-terminal, as an advisor would.

use crate::test::*;
use expectrl::{Expect, Session};
use std::process::Command;
use std::time::Duration;

const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const ENTER: &str = "\r";

fn spawn(dir: &std::path::Path, args: &[&str]) -> expectrl::session::OsSession {
  let mut command = Command::new(env!("CARGO_BIN_EXE_coopdx"));
  command.args(args).current_dir(dir).env("TERM", "xterm");
  let mut session = Session::spawn(command).expect("spawns in a pty");
  session.set_expect_timeout(Some(Duration::from_secs(15)));
  session
}

fn step(s: &mut expectrl::session::OsSession, wait_for: &str, keys: &str) {
  s.expect(wait_for)
    .unwrap_or_else(|e| panic!("waiting for {wait_for:?}: {e}"));
  // Let the prompt finish drawing before typing.
  std::thread::sleep(Duration::from_millis(120));
  s.send(keys).expect("keys sent");
}

fn kill(s: &expectrl::session::OsSession) {
  let pid = s.get_process().pid().to_string();
  let _ = Command::new("kill").args(["-9", &pid]).status();
}

#[test]
fn answers_survive_a_killed_process_and_the_interview_resumes() {
  let dir = tempfile::tempdir().expect("temp dir");
  let mut s = spawn(dir.path(), &["interview", "-o", "htx.yaml"]);
  step(&mut s, "Tên tổ chức", "HTX Kiểm Thử\r");
  step(&mut s, "Mã số thuế", "5500123456\r");
  step(&mut s, "Tỉnh/thành phố", "Sơn La");
  step(&mut s, "Sơn La", ENTER);
  step(&mut s, "Xã/phường", "Xã Tà Xùa\r");
  step(&mut s, "Loại hình tổ chức", ENTER);
  step(&mut s, "Lĩnh vực hoạt động chính", ENTER);
  // Asked only of agriculture: the branch (crops).
  step(&mut s, "Ngành hàng nông nghiệp chính", ENTER);
  step(&mut s, "Số thành viên chính thức", "25\r");
  step(&mut s, "Số người lao động", "3\r");
  step(&mut s, "Doanh thu năm gần nhất", ENTER);
  step(&mut s, "Năm thành lập", "2015\r");
  step(&mut s, "Họ tên cán bộ tư vấn", "Lò Thị Hương\r");
  // LD01: "ideas, not written down" (third option), with evidence.
  step(&mut s, "Câu 1/56", &format!("{DOWN}{DOWN}{ENTER}"));
  step(&mut s, "Ghi chú, minh chứng", "Biên bản họp HĐQT\r");
  // LD07 now applies: 57 questions. LD02: "no".
  step(&mut s, "Câu 2/57", ENTER);
  step(&mut s, "Ghi chú, minh chứng", ENTER);
  // Back from LD03 to LD02 and change it to "yes".
  step(&mut s, "Câu 3/57", ESC);
  step(&mut s, "Câu 2/57", &format!("{DOWN}{DOWN}{ENTER}"));
  step(&mut s, "Ghi chú, minh chứng", ENTER);
  s.expect("Câu 3/57").expect("moves on");
  std::thread::sleep(Duration::from_millis(200));
  kill(&s);

  let saved =
    std::fs::read_to_string(dir.path().join("htx.yaml")).expect("file saved before the kill");
  assert!(saved.contains("name: HTX Kiểm Thử"), "{saved}");
  assert!(saved.contains("province: son_la"), "{saved}");
  assert!(saved.contains("assessor: Lò Thị Hương"), "{saved}");
  assert!(
    saved.contains("answer: informal") && saved.contains("note: Biên bản họp HĐQT"),
    "{saved}"
  );
  assert!(
    saved.contains("LD02: 'yes'") || saved.contains("LD02: \"yes\"") || saved.contains("LD02: yes"),
    "{saved}"
  );
  assert!(!saved.contains("LD03"), "{saved}");

  // Resume at the first unanswered question, keeping every answer.
  let mut s = spawn(dir.path(), &["interview", "--resume", "htx.yaml"]);
  step(&mut s, "Câu 3/57", ENTER);
  step(&mut s, "Ghi chú, minh chứng", ENTER);
  s.expect("Câu 4/57").expect("continues");
  std::thread::sleep(Duration::from_millis(200));
  kill(&s);
  let saved = std::fs::read_to_string(dir.path().join("htx.yaml")).expect("file");
  assert!(
    saved.contains("LD03: none") && saved.contains("answer: informal"),
    "{saved}"
  );
}

#[test]
fn finishing_shows_the_result_and_leaves_a_complete_assessment() {
  // An assessment missing only its last scored answer, as left by an
  // interrupted interview.
  let almost = example("htx-nong-nghiep-khoi-dau.yaml").replace("  SP13: not_used\n", "");
  let dir = tempfile::tempdir().expect("temp dir");
  std::fs::write(dir.path().join("htx.yaml"), almost).expect("written");
  let mut s = spawn(
    dir.path(),
    &["interview", "--resume", "htx.yaml", "--mode", "self"],
  );
  step(&mut s, "theo dõi mức tiêu thụ điện", ENTER);
  // The open questions follow, already answered: Enter keeps the text.
  step(&mut s, "Khó khăn lớn nhất", ENTER);
  step(&mut s, "mong muốn được hỗ trợ", ENTER);
  step(&mut s, "Xem lại", ENTER);
  s.expect("Chỉ số sẵn sàng chuyển đổi số: 18,36/100")
    .expect("result shown");
  s.expect("coopdx report htx.yaml")
    .expect("report command shown");
  let saved = std::fs::read_to_string(dir.path().join("htx.yaml")).expect("file");
  assert!(saved.contains("SP13: not_used"), "{saved}");
  Test::new()
    .args(&["score", "htx.yaml"])
    .file("htx.yaml", &saved)
    .run()
    .code(0)
    .stdout_has("18,36/100");
}

#[test]
fn without_a_terminal_it_says_how_to_score_a_file_instead() {
  Test::new()
    .args(&["interview", "-o", "a.yaml"])
    .stdin("")
    .run()
    .code(2)
    .stderr_has("coopdx score");
}

#[test]
fn it_will_not_overwrite_an_existing_file() {
  let dir = tempfile::tempdir().expect("temp dir");
  std::fs::write(dir.path().join("htx.yaml"), "keep me").expect("written");
  let mut s = spawn(dir.path(), &["interview", "-o", "htx.yaml"]);
  s.expect("--resume htx.yaml").expect("refuses and explains");
  assert_eq!(
    std::fs::read_to_string(dir.path().join("htx.yaml")).expect("file"),
    "keep me"
  );
}

#[test]
fn resuming_after_the_questionnaire_changed_keeps_what_still_matches() {
  let content = coopdx::Content::embedded().expect("content");
  let old = example("htx-nong-nghiep-khoi-dau.yaml")
    .replace("version: \"1.1\"", "version: \"0.9\"")
    .replace("  LD03: ad_hoc\n", "  LD03: sometimes\n  ZZ01: \"yes\"\n");
  let file = coopdx::SourceFile::new("old.yaml", old);
  let (assessment, dropped) =
    coopdx::Assessment::parse_lenient(&file, &content).expect("resumable");
  let ids: Vec<&str> = dropped.iter().filter_map(|p| p.id.as_deref()).collect();
  assert!(ids.contains(&"LD03") && ids.contains(&"ZZ01"), "{ids:?}");
  assert!(
    dropped
      .iter()
      .any(|p| p.kind == coopdx::assessment::ProblemKind::QuestionnaireMismatch)
  );
  assert!(!assessment.responses.contains_key("LD03"));
  assert!(assessment.responses.contains_key("LD01") && assessment.responses.contains_key("SP13"));
  assert_eq!(assessment.questionnaire.version, "1.1");
  let resumed = coopdx::interview::Interview::resume(&content, assessment).expect("resumes");
  assert_eq!(
    resumed.step(),
    coopdx::interview::Step::Question(content.questionnaire.position("LD03").expect("LD03"))
  );
}

#[test]
fn a_second_interview_on_the_same_file_is_refused() {
  let dir = tempfile::tempdir().expect("temp dir");
  let mut first = spawn(dir.path(), &["interview", "-o", "htx.yaml"]);
  first.expect("Tên tổ chức").expect("first interview runs");
  let mut second = spawn(dir.path(), &["interview", "--resume", "htx.yaml"]);
  second
    .expect("đang được một cuộc phỏng vấn khác ghi")
    .expect("the second is refused");
  kill(&first);
}

#[test]
fn an_answer_chosen_before_the_note_survives_a_kill_at_the_note() {
  let almost = example("htx-nong-nghiep-khoi-dau.yaml").replace("  SP13: not_used\n", "");
  let dir = tempfile::tempdir().expect("temp dir");
  std::fs::write(dir.path().join("htx.yaml"), almost).expect("written");
  let mut s = spawn(dir.path(), &["interview", "--resume", "htx.yaml"]);
  step(&mut s, "theo dõi mức tiêu thụ điện", ENTER);
  s.expect("Ghi chú, minh chứng").expect("note asked");
  kill(&s);
  let saved = std::fs::read_to_string(dir.path().join("htx.yaml")).expect("file");
  assert!(saved.contains("SP13: not_used"), "{saved}");
}

#[test]
fn an_interview_stopped_in_the_profile_resumes_at_the_first_empty_field() {
  let dir = tempfile::tempdir().expect("temp dir");
  std::fs::write(
    dir.path().join("htx.yaml"),
    "questionnaire: {id: coopdx-htx, version: \"1.1\"}\nstage: T0\ndate: 2026-11-30\nmode: advisor\nprofile:\n  name: HTX Kiểm Thử\n",
  )
  .expect("written");
  let mut s = spawn(dir.path(), &["interview", "--resume", "htx.yaml"]);
  // The identification number is optional, and was never asked.
  s.expect("Mã số thuế")
    .expect("resumes at the first empty field");
  kill(&s);
}

/// The review, multiple-choice and number prompts, as an advisor meets
/// them changing two answers of a finished file from the review.
#[test]
fn multiple_choice_number_and_review_prompts_record_what_was_picked() {
  let dir = tempfile::tempdir().expect("temp dir");
  let file = example("htx-nong-nghiep-khoi-dau.yaml");
  std::fs::write(dir.path().join("htx.yaml"), file).expect("written");
  let mut s = spawn(
    dir.path(),
    &["interview", "--resume", "htx.yaml", "--mode", "self"],
  );
  // Nothing is missing: the review, profile first.
  s.expect("Xem lại").expect("the review");
  // Type to filter the review list, Enter to change that answer.
  step(&mut s, "Loại hình tổ chức", "MK01");
  step(&mut s, "MK01", ENTER);
  // Tick a second channel (down to it, space), confirm.
  step(
    &mut s,
    "có mặt trên những kênh trực tuyến nào",
    &format!("{DOWN} {ENTER}"),
  );
  step(&mut s, "Xem lại", "PE01");
  step(&mut s, "PE01", ENTER);
  // "Don't know" is allowed: first the choice to type a number.
  step(&mut s, "sử dụng thành thạo máy tính", ENTER);
  // Out of range is refused as typed; a valid percentage is kept.
  // The field holds the old answer (40): erase it, type 140.
  step(&mut s, "Nhập số (%)", "\x7f\x7f\x7f140\r");
  s.expect("nằm ngoài khoảng cho phép")
    .expect("refused as typed");
  s.send("\x7f\x7f\x7f60\r").expect("typed");
  step(&mut s, "Xem lại", ENTER);
  s.expect("coopdx report htx.yaml").expect("finished");
  let saved = std::fs::read_to_string(dir.path().join("htx.yaml")).expect("file");
  assert!(
    saved.contains("PE01: '60'") || saved.contains("PE01: 60"),
    "{saved}"
  );
  assert!(
    saved.contains("MK01:\n  - facebook_page\n  - zalo_oa"),
    "{saved}"
  );
}

/// A grid is asked row by row under its title, and saved as the file
/// writes it: the rows under the grid.
#[test]
fn a_grid_is_asked_row_by_row_under_its_title() {
  let dir = tempfile::tempdir().expect("temp dir");
  let content = root().join("examples/content/minimal");
  let content = content.to_string_lossy();
  let mut s = spawn(
    dir.path(),
    &[
      "interview",
      "--content",
      &content,
      "--mode",
      "self",
      "-o",
      "a.yaml",
    ],
  );
  step(&mut s, "Tên tổ chức", "HTX Lưới\r");
  // Rows: accounting "fully" (fourth option), the others "not used".
  step(&mut s, "Tổ chức dùng các phần mềm sau đến mức nào?", "");
  step(&mut s, "Kế toán", &format!("{DOWN}{DOWN}{DOWN}{ENTER}"));
  step(&mut s, "Hóa đơn điện tử", ENTER);
  step(&mut s, "Quản lý kho", ENTER);
  step(&mut s, "Tính lương", ENTER);
  // Accounting is in use: BK01 applies.
  step(&mut s, "sao lưu", ENTER);
  s.expect("trang thông tin").expect("moves on");
  std::thread::sleep(Duration::from_millis(200));
  kill(&s);
  let saved = std::fs::read_to_string(dir.path().join("a.yaml")).expect("saved");
  assert!(
    saved.contains("TECH:\n    accounting: fully\n    invoicing: none"),
    "{saved}"
  );
  assert!(saved.contains("BK01: 'no'"), "{saved}");
}
