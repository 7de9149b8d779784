//! The application under test: `coopdx serve` on a temporary database,
//! its advisor accounts, and the example assessment the tests answer with.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};

const COOPDX: &str = env!("CARGO_BIN_EXE_coopdx");

/// The advisor account every test can sign in with.
pub const ADVISOR_EMAIL: &str = "adv@example.vn";
pub const ADVISOR_PASSWORD: &str = "a-long-password";
pub const ADVISOR_NAME: &str = "Lò Thị Hương";

/// `coopdx serve` on a temporary database, killed on drop.
pub struct Server {
  child: Child,
  /// `http://127.0.0.1:PORT`.
  pub url: String,
  _dir: tempfile::TempDir,
}

impl Server {
  /// Starts the server on a new database holding a Sơn La advisor; its
  /// log goes to `log`.
  pub fn start(log: &Path) -> Server {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("coopdx.db");
    add_advisor(&db);
    let mut child = Command::new(COOPDX)
      .args(["serve", "--addr", "127.0.0.1:0", "--db"])
      .arg(&db)
      .stdout(Stdio::null())
      .stderr(Stdio::piped())
      .spawn()
      .expect("start coopdx serve");
    let stderr = child.stderr.take().expect("piped stderr");
    let url = listening_url(stderr, log);
    Server {
      child,
      url,
      _dir: dir,
    }
  }

  /// The full address of `path`.
  pub fn at(&self, path: &str) -> String {
    format!("{}{path}", self.url)
  }
}

impl Drop for Server {
  fn drop(&mut self) {
    let _ = self.child.kill();
    let _ = self.child.wait();
  }
}

/// Reads the server's stderr up to `coopdx: http://…`, then copies the rest
/// to `log` on a thread (an unread pipe would block the server).
fn listening_url(stderr: ChildStderr, log: &Path) -> String {
  let mut lines = BufReader::new(stderr).lines();
  let mut log = std::fs::File::create(log).expect("create the server log");
  let url = loop {
    let line = lines
      .next()
      .expect("coopdx serve exited before listening")
      .expect("read coopdx serve's stderr");
    let _ = writeln!(log, "{line}");
    if let Some(url) = line.strip_prefix("coopdx: ") {
      break url.trim().to_owned();
    }
  };
  std::thread::spawn(move || {
    for line in lines.map_while(Result::ok) {
      let _ = writeln!(log, "{line}");
    }
  });
  url
}

fn add_advisor(db: &Path) {
  let mut child = Command::new(COOPDX)
    .args(["user", "add", "--role", "advisor", "--province", "son_la"])
    .args(["--email", ADVISOR_EMAIL, "--name", ADVISOR_NAME, "--db"])
    .arg(db)
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("start coopdx user add");
  let mut stdin = child.stdin.take().expect("piped stdin");
  writeln!(stdin, "{ADVISOR_PASSWORD}").expect("send the password");
  drop(stdin);
  let out = child.wait_with_output().expect("wait for coopdx user add");
  assert!(
    out.status.success(),
    "coopdx user add failed: {}",
    String::from_utf8_lossy(&out.stderr)
  );
}

/// The example the tests answer with: a small Sơn La tea cooperative.
pub fn example_path() -> PathBuf {
  Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/htx-nong-nghiep-khoi-dau.yaml")
}

/// An example assessment as a person fills it in: the values of each form
/// field (`p.<field>`, `q.<question>`).
pub struct Example {
  /// Form name → the values to tick, choose or type.
  pub fields: BTreeMap<String, Vec<String>>,
  /// The cooperative's name.
  pub name: String,
  /// The readiness index as the result page writes it (`18,4`).
  pub index: String,
  /// The level number.
  pub level: u64,
}

impl Example {
  /// Reads the example and asks `coopdx score` for its index and level.
  pub fn load() -> Example {
    let path = example_path();
    let text = std::fs::read_to_string(&path).expect("read the example");
    let doc: Value = yaml_serde::from_str(&text).expect("the example is YAML");
    let mut fields = BTreeMap::new();
    for (id, v) in doc["profile"].as_object().expect("a profile") {
      fields.insert(format!("p.{id}"), vec![scalar(v)]);
    }
    for (id, v) in doc["answers"].as_object().expect("answers") {
      fields.insert(format!("q.{id}"), answer_values(v));
    }
    let (index, level) = cli_score(&path);
    Example {
      name: doc["profile"]["name"].as_str().expect("a name").to_owned(),
      fields,
      index,
      level,
    }
  }
}

/// The form values of a file's answer: ids, a number, a text, or the
/// special `__na` / `__dk`; a `{answer, note}` map by its answer.
fn answer_values(v: &Value) -> Vec<String> {
  match v {
    Value::Object(m) => answer_values(&m["answer"]),
    Value::Array(items) => items.iter().map(scalar).collect(),
    Value::String(s) if s == "not_applicable" => vec!["__na".into()],
    Value::String(s) if s == "dont_know" => vec!["__dk".into()],
    other => vec![scalar(other)],
  }
}

fn scalar(v: &Value) -> String {
  match v {
    Value::String(s) => s.clone(),
    other => other.to_string(),
  }
}

/// Index (two decimals, comma: the Vietnamese page's way, as the report
/// prints it) and level of the
/// example according to `coopdx score`.
fn cli_score(path: &Path) -> (String, u64) {
  let out = Command::new(COOPDX)
    .args(["score", "--format", "json"])
    .arg(path)
    .output()
    .expect("run coopdx score");
  assert!(out.status.success(), "coopdx score failed");
  let json: Value = serde_json::from_slice(&out.stdout).expect("coopdx score prints JSON");
  let index: rust_decimal::Decimal = json["index"].to_string().parse().expect("an index");
  let level = json["level"]["number"].as_u64().expect("a level");
  let shown = coopdx::number::format_number(index, 2, coopdx::Lang::Vi);
  (shown, level)
}
