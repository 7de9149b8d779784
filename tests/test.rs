#![allow(dead_code)] // Shared by every test module; not each uses every helper.

//! A small builder that runs the real binary in a scratch folder.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root.
pub fn root() -> PathBuf {
  PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The text of a shipped example.
pub fn example(name: &str) -> String {
  fs::read_to_string(root().join("examples").join(name)).expect("example exists")
}

/// Every shipped example's file name.
pub fn examples() -> Vec<String> {
  let mut names: Vec<String> = fs::read_dir(root().join("examples"))
    .expect("examples folder")
    .filter_map(|e| e.ok())
    .map(|e| e.file_name().to_string_lossy().into_owned())
    .filter(|n| n.ends_with(".yaml"))
    .collect();
  names.sort();
  names
}

/// Compares `actual` with the golden file `tests/golden/<name>`, or
/// rewrites it under `COOPDX_BLESS=1` (then review the diff).
pub fn assert_golden(name: &str, actual: &str) {
  let golden = root().join("tests/golden").join(name);
  if std::env::var_os("COOPDX_BLESS").is_some() {
    fs::write(&golden, actual).expect("write golden");
    return;
  }
  let expected = fs::read_to_string(&golden).unwrap_or_else(|_| {
    panic!(
      "{} missing: run COOPDX_BLESS=1 cargo test",
      golden.display()
    )
  });
  assert!(
    actual == expected,
    "output differs from {}; if intended, bless (COOPDX_BLESS=1) and review the diff:\n{}",
    golden.display(),
    diff(&expected, actual)
  );
}

/// The lines that differ, with their numbers: the first few changes, so a
/// failing golden says what changed instead of only that something did.
pub fn diff(expected: &str, actual: &str) -> String {
  let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
  let mut out = String::new();
  let mut shown = 0;
  for i in 0..e.len().max(a.len()) {
    let (x, y) = (e.get(i), a.get(i));
    if x != y {
      out.push_str(&format!(
        "line {}:\n- {}\n+ {}\n",
        i + 1,
        x.unwrap_or(&"(none)"),
        y.unwrap_or(&"(none)")
      ));
      shown += 1;
      if shown == 8 {
        out.push_str("...\n");
        break;
      }
    }
  }
  out
}

/// What a run printed and returned.
pub struct Output {
  pub code: i32,
  pub stdout: String,
  pub stderr: String,
  pub dir: tempfile::TempDir,
}

impl Output {
  /// Asserts the exit code, showing the output when it differs.
  pub fn code(self, expected: i32) -> Self {
    assert_eq!(
      self.code, expected,
      "exit code\nstdout:\n{}\nstderr:\n{}",
      self.stdout, self.stderr
    );
    self
  }

  /// Asserts stderr contains `s`.
  pub fn stderr_has(self, s: &str) -> Self {
    assert!(
      self.stderr.contains(s),
      "stderr lacks {s:?}:\n{}",
      self.stderr
    );
    self
  }

  /// Asserts stdout contains `s`.
  pub fn stdout_has(self, s: &str) -> Self {
    assert!(
      self.stdout.contains(s),
      "stdout lacks {s:?}:\n{}",
      self.stdout
    );
    self
  }

  /// A file written in the scratch folder.
  /// The path of a file in the scratch folder.
  pub fn path(&self, name: &str) -> PathBuf {
    self.dir.path().join(name)
  }

  pub fn read(&self, name: &str) -> String {
    fs::read_to_string(self.dir.path().join(name)).expect("output file exists")
  }
}

/// A run of the binary being set up.
pub struct Test {
  dir: tempfile::TempDir,
  args: Vec<String>,
  stdin: Option<String>,
  env: Vec<(String, String)>,
}

impl Test {
  pub fn new() -> Self {
    Self {
      dir: tempfile::tempdir().expect("temp dir"),
      args: Vec::new(),
      stdin: None,
      env: Vec::new(),
    }
  }

  /// An environment variable for the run.
  pub fn env(mut self, key: &str, value: &str) -> Self {
    self.env.push((key.into(), value.into()));
    self
  }

  pub fn args(mut self, args: &[&str]) -> Self {
    self.args.extend(args.iter().map(|a| a.to_string()));
    self
  }

  /// Writes `text` to `name` in the scratch folder.
  pub fn file(self, name: &str, text: &str) -> Self {
    let path = self.dir.path().join(name);
    if let Some(parent) = path.parent() {
      fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, text).expect("write file");
    self
  }

  /// Copies the default content into `content/` of the scratch folder.
  /// A symbolic link `name` → `target` in the scratch folder.
  #[cfg(unix)]
  pub fn symlink(self, name: &str, target: &str) -> Self {
    std::os::unix::fs::symlink(target, self.dir.path().join(name)).expect("symlink");
    self
  }

  pub fn content(self) -> Self {
    for folder in ["questionnaires", "rules", "templates"] {
      copy_dir(
        &root().join(folder),
        &self.dir.path().join("content").join(folder),
      );
    }
    self
  }

  /// Copies the minimal sample framework (examples/content/minimal) into
  /// `minimal/` of the scratch folder.
  pub fn minimal(self) -> Self {
    copy_dir(
      &root().join("examples/content/minimal"),
      &self.dir.path().join("minimal"),
    );
    self
  }

  /// Replaces `from` with `to` in a file of the scratch folder; `from` must
  /// be there, so a test cannot silently stop testing anything.
  pub fn edit(self, name: &str, from: &str, to: &str) -> Self {
    let path = self.dir.path().join(name);
    let text = fs::read_to_string(&path).expect("file to edit exists");
    assert!(text.contains(from), "{name} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write edited file");
    self
  }

  /// The scratch folder.
  pub fn dir(&self) -> &Path {
    self.dir.path()
  }

  pub fn stdin(mut self, text: &str) -> Self {
    self.stdin = Some(text.to_owned());
    self
  }

  pub fn run(self) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coopdx"))
      .args(&self.args)
      .envs(self.env.iter().map(|(k, v)| (k, v)))
      .current_dir(self.dir.path())
      .stdin(if self.stdin.is_some() {
        Stdio::piped()
      } else {
        Stdio::null()
      })
      .stdout(Stdio::piped())
      .stderr(Stdio::piped())
      .spawn()
      .expect("binary runs");
    if let Some(input) = &self.stdin {
      child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    }
    let out = child.wait_with_output().expect("binary finishes");
    Output {
      code: out.status.code().unwrap_or(-1),
      stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
      stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
      dir: self.dir,
    }
  }
}

fn copy_dir(from: &Path, to: &Path) {
  fs::create_dir_all(to).expect("create folder");
  for entry in fs::read_dir(from).expect("read folder") {
    let entry = entry.expect("entry");
    let target = to.join(entry.file_name());
    if entry.path().is_dir() {
      copy_dir(&entry.path(), &target);
    } else {
      fs::copy(entry.path(), target).expect("copy file");
    }
  }
}

#[test]
fn a_golden_difference_is_shown_line_by_line() {
  let d = diff("a\nb\nc\n", "a\nB\nc\nd\n");
  assert!(d.contains("line 2:\n- b\n+ B"), "{d}");
  assert!(d.contains("line 4:\n- (none)\n+ d"), "{d}");
}
