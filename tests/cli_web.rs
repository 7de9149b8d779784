//! `coopdx serve`, `user add` and `db backup|check` as an administrator
//! runs them.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs the binary in `dir` with `stdin`: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
  let mut child = Command::new(env!("CARGO_BIN_EXE_coopdx"))
    .args(args)
    .current_dir(dir)
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("the binary runs");
  child
    .stdin
    .take()
    .expect("stdin")
    .write_all(stdin.as_bytes())
    .expect("write stdin");
  let out = child.wait_with_output().expect("it ends");
  (
    out.status.code().unwrap_or(-1),
    String::from_utf8_lossy(&out.stdout).into_owned(),
    String::from_utf8_lossy(&out.stderr).into_owned(),
  )
}

const ADD: [&str; 8] = [
  "user",
  "add",
  "--role",
  "advisor",
  "--province",
  "son_la",
  "--email",
  "Huong@LMHTX.vn",
];

#[test]
fn an_account_is_added_with_a_password_from_standard_input() {
  let dir = tempfile::tempdir().expect("temp dir");
  let (code, _, err) = run(dir.path(), &ADD, "short\n");
  assert_eq!(code, 2, "{err}");
  assert!(err.contains("ít nhất 10 ký tự"), "{err}");
  let (code, _, err) = run(dir.path(), &ADD, "một mật khẩu đủ dài\n");
  assert_eq!(code, 0, "{err}");
  assert!(
    err.contains("huong@lmhtx.vn"),
    "the e-mail is kept in lower case: {err}"
  );
  let (code, _, err) = run(dir.path(), &ADD, "một mật khẩu đủ dài\n");
  assert_eq!(code, 2);
  assert!(err.contains("đã có tài khoản"), "{err}");
}

#[test]
fn an_advisor_needs_a_province_the_questionnaire_knows() {
  let dir = tempfile::tempdir().expect("temp dir");
  let args = [
    "--lang",
    "en",
    "user",
    "add",
    "--role",
    "advisor",
    "--province",
    "atlantis",
    "--email",
    "a@b.vn",
  ];
  let (code, _, err) = run(dir.path(), &args, "long enough password\n");
  assert_eq!(code, 2);
  assert!(
    err.contains("atlantis") && err.contains("son_la"),
    "the known ids are listed: {err}"
  );
  let args = [
    "--lang", "en", "user", "add", "--role", "advisor", "--email", "a@b.vn",
  ];
  let (code, _, err) = run(dir.path(), &args, "long enough password\n");
  assert_eq!(code, 2);
  assert!(err.contains("--province"), "{err}");
}

#[test]
fn a_backup_is_a_checked_copy_and_check_never_creates_a_database() {
  let dir = tempfile::tempdir().expect("temp dir");
  let (code, _, err) = run(dir.path(), &["--lang", "en", "db", "check"], "");
  assert_eq!(code, 2, "{err}");
  assert!(
    !dir.path().join("coopdx.db").exists(),
    "a mistyped name creates nothing"
  );
  run(dir.path(), &ADD, "một mật khẩu đủ dài\n");
  let (code, _, err) = run(dir.path(), &["db", "backup", "copy.db"], "");
  assert_eq!(code, 0, "{err}");
  let (code, _, err) = run(
    dir.path(),
    &["--lang", "en", "db", "check", "--db", "copy.db"],
    "",
  );
  assert_eq!(code, 0, "{err}");
  assert!(err.contains("no problems"), "{err}");
  // The copy holds the account.
  let mut add = ADD.to_vec();
  add.extend(["--db", "copy.db"]);
  let (code, _, err) = run(dir.path(), &add, "một mật khẩu đủ dài\n");
  assert_eq!(code, 2, "{err}");
}

#[test]
fn a_backup_onto_the_database_or_a_device_is_refused_and_harms_nothing() {
  let dir = tempfile::tempdir().expect("temp dir");
  run(dir.path(), &ADD, "một mật khẩu đủ dài\n");
  // The default --db is coopdx.db: the easiest slip of all.
  for target in ["coopdx.db", "./coopdx.db", "coopdx.db-wal", "."] {
    let (code, _, err) = run(dir.path(), &["db", "backup", target], "");
    assert_eq!(code, 2, "{target}: {err}");
    assert!(
      err.contains("tệp mới"),
      "{target}: the message says what to do: {err}"
    );
  }
  #[cfg(unix)]
  {
    std::os::unix::fs::symlink("coopdx.db", dir.path().join("link.db")).expect("link");
    let (code, _, err) = run(dir.path(), &["db", "backup", "link.db"], "");
    assert_eq!(code, 2, "a link to the database: {err}");
  }
  let (code, _, err) = run(dir.path(), &["--lang", "en", "db", "check"], "");
  assert_eq!(code, 0, "the database is unharmed: {err}");
  let (code, _, err) = run(dir.path(), &ADD, "một mật khẩu đủ dài\n");
  assert_eq!(code, 2, "the account is still there: {err}");
}

#[test]
fn serve_refuses_a_public_address_that_is_not_one() {
  let dir = tempfile::tempdir().expect("temp dir");
  let (code, _, err) = run(
    dir.path(),
    &["serve", "--addr", "127.0.0.1:0", "--base-url", "not a url"],
    "",
  );
  assert_eq!(code, 2, "{err}");
  assert!(err.contains("--base-url"), "{err}");
}

#[test]
fn a_damaged_database_is_reported() {
  let dir = tempfile::tempdir().expect("temp dir");
  run(dir.path(), &ADD, "một mật khẩu đủ dài\n");
  let db = dir.path().join("coopdx.db");
  let mut bytes = std::fs::read(&db).expect("database");
  // Overwrite the second page (the first table's root) with noise.
  for b in bytes.iter_mut().skip(4096).take(2048) {
    *b = 0x5a;
  }
  std::fs::write(&db, bytes).expect("write");
  let (code, _, err) = run(dir.path(), &["--lang", "en", "db", "check"], "");
  assert_ne!(code, 0, "a damaged database fails the check: {err}");
}

#[test]
fn serve_answers_on_the_address_it_prints_and_stops_on_sigterm() {
  let dir = tempfile::tempdir().expect("temp dir");
  let mut child = Command::new(env!("CARGO_BIN_EXE_coopdx"))
    .args(["serve", "--addr", "127.0.0.1:0", "--db", "web.db"])
    .current_dir(dir.path())
    .stderr(Stdio::piped())
    .spawn()
    .expect("serve starts");
  let mut line = String::new();
  BufReader::new(child.stderr.take().expect("stderr"))
    .read_line(&mut line)
    .expect("it prints its address");
  let url = line.trim().trim_start_matches("coopdx: ").to_owned();
  let body = ureq::get(&format!("{url}/"))
    .call()
    .expect("the landing page answers")
    .into_body()
    .read_to_string()
    .expect("text");
  assert!(
    body.contains("Bắt đầu đánh giá"),
    "the landing page is Vietnamese"
  );
  assert!(
    dir.path().join("web.db").exists(),
    "the database was created on first start"
  );
  #[cfg(unix)]
  {
    Command::new("kill")
      .arg(child.id().to_string())
      .status()
      .expect("kill runs");
    let status = child.wait().expect("it stops");
    assert_eq!(status.code(), Some(0), "SIGTERM ends it cleanly");
  }
  #[cfg(not(unix))]
  let _ = child.kill();
}

#[test]
fn check_reads_every_stored_assessment_back() {
  let dir = tempfile::tempdir().expect("temp dir");
  let db = dir.path().join("coopdx.db");
  {
    let store = coopdx::storage::open(db.to_str().expect("utf-8")).expect("opens");
    let good = crate::test::example("htx-van-tai.yaml");
    for document in [good.clone(), good.replace("PE01: ", "PE01: 4000 #")] {
      store
        .create_assessment(coopdx::storage::NewAssessment {
          document,
          summary: coopdx::storage::Summary {
            mode: "advisor".into(),
            content_version: coopdx::storage::content_version(
              &coopdx::content::Content::embedded().expect("content"),
            ),
            figures: Some(Default::default()),
            ..Default::default()
          },
          created_by: None,
          claimed_by: None,
          source: None,
          status: coopdx::storage::Status::Complete,
        })
        .expect("stored");
    }
  }
  let (code, out, err) = run(dir.path(), &["--lang", "en", "db", "check"], "");
  assert_eq!(code, 1, "{out}{err}");
  assert_eq!(
    out.lines().count(),
    1,
    "one problem, in the one broken assessment: {out}"
  );
  assert!(out.contains("[PE01]"), "{out}");
}

#[test]
fn a_database_without_summary_figures_is_refreshed_by_the_command_it_names() {
  let dir = tempfile::tempdir().expect("temp dir");
  let db = dir.path().join("coopdx.db");
  let content = coopdx::content::Content::embedded().expect("content");
  {
    let store = coopdx::storage::open(db.to_str().expect("utf-8")).expect("opens");
    let a = coopdx::Assessment::read(
      &crate::test::root().join("examples/htx-van-tai.yaml"),
      &content,
      coopdx::Completeness::Complete,
      coopdx::Lang::Vi,
    )
    .expect("example");
    let score = coopdx::score(&content, &a).expect("scored");
    let version = coopdx::storage::content_version(&content);
    store
      .create_assessment(coopdx::storage::NewAssessment {
        document: a.to_yaml(&content),
        summary: coopdx::storage::Summary::of(&version, &a, Some(&score))
          .with_figures(coopdx::summary::Figures::compute(&content, &a).expect("figures")),
        created_by: None,
        claimed_by: None,
        source: None,
        status: coopdx::storage::Status::Complete,
      })
      .expect("stored");
  }
  // As a database from before migration 0003 holds it: no figures.
  rusqlite::Connection::open(&db)
    .and_then(|c| c.execute_batch("DELETE FROM figure_items; DELETE FROM figures;"))
    .expect("figures removed");
  let summary = ["--lang", "en", "summary", "--db", "coopdx.db", "-o", "s.md"];
  let (code, _, err) = run(dir.path(), &summary, "");
  assert_eq!(code, 1, "{err}");
  assert!(err.contains("coopdx db refresh --db coopdx.db"), "{err}");
  let (code, out, _) = run(dir.path(), &["--lang", "en", "db", "check"], "");
  assert_eq!(code, 1);
  assert!(
    out.contains("1 finished assessment(s) have no summary figures"),
    "{out}"
  );
  let (code, _, err) = run(dir.path(), &["--lang", "en", "db", "refresh"], "");
  assert_eq!(code, 0, "{err}");
  assert!(
    err.contains("summary figures computed for 1 finished"),
    "{err}"
  );
  let (code, _, err) = run(dir.path(), &summary, "");
  assert_eq!(code, 0, "{err}");
  let md = std::fs::read_to_string(dir.path().join("s.md")).expect("written");
  assert!(md.contains("Organisations: **1**"), "{md}");
}
