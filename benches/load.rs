//! Load benchmark of `coopdx serve`: `cargo bench --bench load`.
//!
//! Starts the release server on a fresh SQLite database, then 200 client
//! tasks, released together, each a cooperative doing a complete
//! self-assessment over HTTP with the answers of one of the example files
//! (`examples/*.yaml` and `examples/progress/*.yaml`, in turn): landing, start, welcome, profile, every
//! dimension page, review, finish, result. Each client has its own
//! connection (keep-alive) and cookies, reads every page, posts only the
//! fields the page shows, and follows the 303s by hand. The clients are
//! tasks of one runtime with a thread per core (hyper's client), not a
//! thread each: they share the cores with the server, and 200 threads
//! took four times the CPU for the same requests (benches/README.md).
//!
//! Prints the throughput, the latency of each kind of page (p50, p95, p99,
//! max; client side, from sending the request to the last byte of the
//! answer), the errors by kind and the server's peak memory. Then stops
//! the server and checks that the database holds every answer that a 303
//! confirmed, with the value sent, in a complete assessment: a confirmed
//! answer missing or different is "lost". Exits non-zero on any error or
//! loss. Figures are kept in benches/README.md.
//!
//! By default the clients do not pause: each sends its next request as
//! soon as it has the answer to the last, 200 at a time, the worst case.
//! `LOAD_THINK_MS=n` makes each client pause before every request for a
//! random time between n/2 and 3n/2 ms (people reading and ticking), not
//! counted in the latencies.
//!
//! Environment: `LOAD_CLIENTS` (200), `LOAD_THINK_MS` (0), `LOAD_BIN` (a
//! server binary other than this build's, for experiments),
//! `LOAD_CLIENT_THREADS` (the clients' threads, one per core),
//! `LOAD_KEEP_DB=1` (keep the database and print where it is).
//!
//! **Crash trials**: `LOAD_CRASH_TRIALS=n` runs the same load n times on
//! one database and kills the server with SIGKILL at a random moment of
//! each run (between 0.1 s and 1.1 s after the clients are released,
//! while they are still at work; the moments come from a fixed seed,
//! `LOAD_CRASH_SEED`, so a run can be repeated). After each kill the server is started again on the same
//! file (SQLite recovers its journal), stopped, and the database is
//! checked: `PRAGMA integrity_check` must say `ok`, and every answer a 303
//! confirmed before the kill, in every trial so far, must be stored with
//! the value sent; an assessment whose result page came back must be
//! complete. Exits non-zero on any loss or integrity problem.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, LazyLock, Mutex, mpsc};
use std::time::{Duration, Instant};
use tokio::sync::Barrier;
use yaml_serde::Value as Yaml;

/// The kinds of request measured, in the order of an assessment.
const KINDS: [&str; 10] = [
  "landing GET /",
  "start POST /start",
  "welcome GET /a/{id}",
  "profile GET",
  "profile POST",
  "dimension GET",
  "dimension POST",
  "review GET",
  "finish POST",
  "result GET",
];
const LANDING: usize = 0;
const START: usize = 1;
const WELCOME: usize = 2;
const PROFILE_GET: usize = 3;
const PROFILE_POST: usize = 4;
const DIMENSION_GET: usize = 5;
const DIMENSION_POST: usize = 6;
const REVIEW: usize = 7;
const FINISH: usize = 8;
const RESULT: usize = 9;

/// Most page visits one assessment may take (a loop guard).
const MAX_VISITS: usize = 60;

// ---- the examples ---------------------------------------------------------

/// A value as the assessment file holds it, for comparing.
#[derive(Clone, Debug, PartialEq)]
enum Val {
  Text(String),
  Number(f64),
  List(Vec<String>),
}

impl Val {
  fn from_yaml(y: &Yaml) -> Option<Val> {
    Some(match y {
      Yaml::String(s) => Val::Text(s.trim().to_owned()),
      Yaml::Number(n) => Val::Number(n.as_f64()?),
      Yaml::Bool(b) => Val::Text(b.to_string()),
      Yaml::Sequence(items) => {
        let mut list: Vec<String> = items
          .iter()
          .filter_map(|i| match Val::from_yaml(i)? {
            Val::Text(s) => Some(s),
            Val::Number(n) => Some(n.to_string()),
            Val::List(_) => None,
          })
          .collect();
        list.sort();
        Val::List(list)
      }
      // `{answer: …, note: …}`: the answer.
      Yaml::Mapping(m) => return Val::from_yaml(m.get("answer")?),
      Yaml::Tagged(t) => return Val::from_yaml(&t.value),
      Yaml::Null => return None,
    })
  }

  /// The same answer (a single choice and a list of one compare equal).
  fn same(&self, other: &Val) -> bool {
    match (self, other) {
      (Val::Number(a), Val::Number(b)) => (a - b).abs() < 1e-9,
      // The file writes numbers as decimal strings (`PE01: '60'`).
      (Val::Number(n), Val::Text(t)) | (Val::Text(t), Val::Number(n)) => {
        t.parse::<f64>().is_ok_and(|x| (x - n).abs() < 1e-9)
      }
      (Val::List(l), Val::Text(t)) | (Val::Text(t), Val::List(l)) => l.len() == 1 && l[0] == *t,
      (a, b) => a == b,
    }
  }

  /// The form values of this answer (`q`: a question, where not
  /// applicable and don't know have their form values).
  fn form_values(&self, question: bool) -> Vec<String> {
    let special = |s: &str| match s {
      "not_applicable" if question => "__na".to_owned(),
      "dont_know" if question => "__dk".to_owned(),
      _ => s.to_owned(),
    };
    match self {
      Val::Text(s) => vec![special(s)],
      Val::Number(n) => vec![n.to_string()],
      Val::List(l) => l.iter().map(|s| special(s)).collect(),
    }
  }
}

/// One example's profile and answers, by form name (`p.<field>`,
/// `q.<question>`).
struct Example {
  name: String,
  values: BTreeMap<String, Val>,
}

fn examples(dir: &Path) -> Vec<Example> {
  // examples/*.yaml and examples/progress/*.yaml (a follow-up assessment).
  let mut files: Vec<PathBuf> = [dir.to_owned(), dir.join("progress")]
    .iter()
    .flat_map(|d| std::fs::read_dir(d).expect("examples/"))
    .filter_map(|e| e.ok().map(|e| e.path()))
    .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
    .collect();
  files.sort();
  files
    .iter()
    .map(|path| {
      let text = std::fs::read_to_string(path).expect("example");
      let doc: Yaml = yaml_serde::from_str(&text).expect("example YAML");
      Example {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        values: values(&doc),
      }
    })
    .collect()
}

/// The profile and answers of an assessment document, by form name.
fn values(doc: &Yaml) -> BTreeMap<String, Val> {
  let mut out = BTreeMap::new();
  for (section, prefix) in [("profile", "p."), ("answers", "q.")] {
    if let Some(Yaml::Mapping(m)) = doc.get(section) {
      for (k, v) in m {
        let key = match k {
          Yaml::String(s) => s.clone(),
          Yaml::Number(n) => n.to_string(),
          _ => continue,
        };
        if let Some(v) = Val::from_yaml(v) {
          out.insert(format!("{prefix}{key}"), v);
        }
      }
    }
  }
  out
}

// ---- one client -----------------------------------------------------------

/// What one client measured and what the server confirmed to it.
#[derive(Default)]
struct Outcome {
  /// (kind, latency) of every request.
  times: Vec<(usize, Duration)>,
  /// Errors, by kind of request and what went wrong.
  errors: Vec<String>,
  /// The assessment's id, once started.
  id: Option<String>,
  /// Answers (form name → value) a 303 confirmed, last value wins.
  confirmed: BTreeMap<String, Val>,
  /// Finished: the result page came back.
  finished: bool,
  /// Answers the server said it dropped (`?dropped=`).
  dropped: usize,
  /// `?more=1` redirects followed.
  more: usize,
}

struct Answer {
  status: u16,
  location: Option<String>,
  set_cookie: Vec<String>,
  body: String,
}

static CSRF: LazyLock<Regex> =
  LazyLock::new(|| Regex::new(r#"name="csrf" value="([^"]*)""#).unwrap());
static FIELD: LazyLock<Regex> =
  LazyLock::new(|| Regex::new(r#"name="([pq]\.[A-Za-z0-9_.\-]+)""#).unwrap());
static CODE: LazyLock<Regex> =
  LazyLock::new(|| Regex::new(r#"<p class="code"[^>]*>([^<]*)</p>"#).unwrap());
static NEXT: LazyLock<Regex> =
  LazyLock::new(|| Regex::new(r#"class="button primary" href="([^"]*)""#).unwrap());

fn unescape(s: &str) -> String {
  s.replace("&#x2f;", "/")
    .replace("&#x3d;", "=")
    .replace("&#x3f;", "?")
    .replace("&amp;", "&")
}

/// The clients' runtime: one worker thread per core unless
/// `LOAD_CLIENT_THREADS` says otherwise. The 200 clients are tasks on it,
/// not 200 threads, so that the cores the server shares with them go to
/// the server rather than to switching between client threads.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
  let threads = std::env::var("LOAD_CLIENT_THREADS")
    .ok()
    .and_then(|n| n.parse().ok())
    .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
  tokio::runtime::Builder::new_multi_thread()
    .worker_threads(threads)
    .thread_name("load-client")
    .enable_all()
    .build()
    .expect("the clients' runtime")
});

/// Longest wait for one answer before the request counts as an error.
const TIMEOUT: Duration = Duration::from_secs(120);

struct Client {
  /// `127.0.0.1:port`, to connect to and to send as `Host`.
  host: String,
  /// Its keep-alive connection, opened on the first request and again
  /// if the server closed it.
  connection: Option<SendRequest<Full<Bytes>>>,
  cookies: BTreeMap<String, String>,
  out: Outcome,
  /// Mean pause before each request, in ms (0: none).
  think_ms: u64,
  /// State of the pause's random numbers (xorshift).
  seed: u64,
}

impl Client {
  fn new(base: &str, think_ms: u64, seed: u64) -> Self {
    Self {
      host: base.trim_start_matches("http://").to_owned(),
      connection: None,
      cookies: BTreeMap::new(),
      out: Outcome::default(),
      think_ms,
      seed: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
    }
  }

  /// The pause before a request: uniform in [think/2, 3·think/2].
  async fn think(&mut self) {
    if self.think_ms == 0 {
      return;
    }
    self.seed ^= self.seed << 13;
    self.seed ^= self.seed >> 7;
    self.seed ^= self.seed << 17;
    let ms = self.think_ms / 2 + self.seed % (self.think_ms + 1);
    tokio::time::sleep(Duration::from_millis(ms)).await;
  }

  fn cookie_header(&self) -> String {
    self
      .cookies
      .iter()
      .map(|(k, v)| format!("{k}={v}"))
      .collect::<Vec<_>>()
      .join("; ")
  }

  /// One request, timed as `kind`; `form`: a POST of these fields.
  async fn request(
    &mut self,
    kind: usize,
    path: &str,
    form: Option<&[(String, String)]>,
  ) -> Option<Answer> {
    self.think().await;
    let cookie = self.cookie_header();
    let start = Instant::now();
    let answer = match tokio::time::timeout(TIMEOUT, self.send(path, form, &cookie)).await {
      Ok(answer) => answer,
      Err(_) => Err(format!("no answer in {} s", TIMEOUT.as_secs())),
    };
    let elapsed = start.elapsed();
    match answer {
      Ok(a) => {
        self.out.times.push((kind, elapsed));
        for c in &a.set_cookie {
          if let Some((k, v)) = c.split(';').next().and_then(|p| p.split_once('=')) {
            self
              .cookies
              .insert(k.trim().to_owned(), v.trim().to_owned());
          }
        }
        Some(a)
      }
      Err(e) => {
        self.error(kind, &format!("transport: {e}"));
        None
      }
    }
  }

  /// Sends one request on the client's connection (opened first when
  /// there is none: the connect counts in the first request's time, as
  /// a phone's would) and reads the whole answer.
  async fn send(
    &mut self,
    path: &str,
    form: Option<&[(String, String)]>,
    cookie: &str,
  ) -> Result<Answer, String> {
    if self.connection.as_ref().is_none_or(SendRequest::is_closed) {
      let stream = tokio::net::TcpStream::connect(&self.host)
        .await
        .map_err(|e| format!("connect: {e}"))?;
      stream.set_nodelay(true).map_err(|e| e.to_string())?;
      let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
      tokio::spawn(connection);
      self.connection = Some(sender);
    }
    let Some(sender) = self.connection.as_mut() else {
      return Err("no connection".into());
    };
    sender.ready().await.map_err(|e| e.to_string())?;
    let mut request = hyper::Request::builder()
      .uri(path)
      .header("host", &self.host);
    if !cookie.is_empty() {
      request = request.header("cookie", cookie);
    }
    let body = match form {
      None => Bytes::new(),
      Some(fields) => {
        request = request
          .method("POST")
          .header("content-type", "application/x-www-form-urlencoded");
        let mut encoded = form_urlencoded::Serializer::new(String::new());
        encoded.extend_pairs(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Bytes::from(encoded.finish())
      }
    };
    let request = request.body(Full::new(body)).map_err(|e| e.to_string())?;
    let response = sender
      .send_request(request)
      .await
      .map_err(|e| e.to_string())?;
    let header = |name: &str| {
      response
        .headers()
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect::<Vec<_>>()
    };
    let status = response.status().as_u16();
    let location = header("location").into_iter().next();
    let set_cookie = header("set-cookie");
    let bytes = response
      .into_body()
      .collect()
      .await
      .map_err(|e| e.to_string())?
      .to_bytes();
    let body = String::from_utf8(bytes.to_vec()).map_err(|e| e.to_string())?;
    Ok(Answer {
      status,
      location,
      set_cookie,
      body,
    })
  }

  fn error(&mut self, kind: usize, what: &str) {
    self.out.errors.push(format!("{}: {what}", KINDS[kind]));
  }

  /// `request`, expecting `status`.
  async fn expect(
    &mut self,
    kind: usize,
    path: &str,
    form: Option<&[(String, String)]>,
    status: u16,
  ) -> Option<Answer> {
    let a = self.request(kind, path, form).await?;
    if a.status != status {
      let first = a
        .body
        .lines()
        .find(|l| l.contains("<p") || l.contains("error"))
        .unwrap_or("");
      let first: String = first.chars().take(160).collect();
      self.error(
        kind,
        &format!("status {} (expected {status}) {first}", a.status),
      );
      return None;
    }
    Some(a)
  }

  /// A complete self-assessment with `example`'s answers.
  async fn assess(&mut self, example: &Example) -> Option<()> {
    let landing = self.expect(LANDING, "/", None, 200).await?;
    let Some(csrf) = CSRF.captures(&landing.body).map(|c| c[1].to_owned()) else {
      self.error(LANDING, "no csrf field");
      return None;
    };
    let start = self
      .expect(START, "/start", Some(&[("csrf".into(), csrf)]), 303)
      .await?;
    let Some(home) = start.location.filter(|l| l.starts_with("/a/")) else {
      self.error(START, "no /a/{id} location");
      return None;
    };
    let id = home.trim_start_matches("/a/").to_owned();
    self.out.id = Some(id.clone());
    let welcome = self.expect(WELCOME, &home, None, 200).await?;
    let code = CODE.captures(&welcome.body).map(|c| c[1].trim().to_owned());
    let next = NEXT.captures(&welcome.body).map(|c| unescape(&c[1]));
    let mut url = match (code, next) {
      (Some(code), Some(next)) if !code.is_empty() => next,
      _ => {
        self.error(WELCOME, "no code or no link to the first page");
        return None;
      }
    };
    if url != format!("{home}/profile") {
      self.error(WELCOME, &format!("first page {url}, not the profile"));
      return None;
    }
    let review = format!("{home}/review");
    for _ in 0..MAX_VISITS {
      let path = url.split('?').next().unwrap_or("").to_owned();
      if path == review {
        return self.finish(&home, &review).await;
      }
      let (get, post) = if path.ends_with("/profile") {
        (PROFILE_GET, PROFILE_POST)
      } else {
        (DIMENSION_GET, DIMENSION_POST)
      };
      let page = self.expect(get, &url, None, 200).await?;
      let Some(csrf) = CSRF.captures(&page.body).map(|c| c[1].to_owned()) else {
        self.error(get, "no csrf field");
        return None;
      };
      let shown: BTreeSet<String> = FIELD
        .captures_iter(&page.body)
        .map(|c| c[1].to_owned())
        .collect();
      let mut form = vec![("csrf".to_owned(), csrf)];
      let mut posted = Vec::new();
      for name in &shown {
        if let Some(v) = example.values.get(name) {
          for value in v.form_values(name.starts_with("q.")) {
            form.push((name.clone(), value));
          }
          posted.push((name.clone(), v.clone()));
        }
      }
      form.push(("go".into(), "next".into()));
      let saved = self.expect(post, &path, Some(&form), 303).await?;
      for (name, v) in posted {
        self.out.confirmed.insert(name, v);
      }
      let Some(location) = saved.location else {
        self.error(post, "303 without location");
        return None;
      };
      if let Some(query) = location.split_once('?').map(|(_, q)| q) {
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
          if k == "dropped" {
            for q in v.split('.').filter(|q| !q.is_empty()) {
              // Its question no longer applies: not kept, by design.
              self.out.confirmed.remove(&format!("q.{q}"));
              self.out.dropped += 1;
            }
          }
          if k == "more" {
            self.out.more += 1;
          }
        }
      }
      url = location;
    }
    self.error(DIMENSION_GET, "more than 60 pages");
    None
  }

  async fn finish(&mut self, home: &str, review: &str) -> Option<()> {
    let page = self.expect(REVIEW, review, None, 200).await?;
    let Some(csrf) = CSRF.captures(&page.body).map(|c| c[1].to_owned()) else {
      self.error(REVIEW, "no csrf field");
      return None;
    };
    let done = self
      .expect(
        FINISH,
        &format!("{home}/finish"),
        Some(&[("csrf".into(), csrf)]),
        303,
      )
      .await?;
    let result = format!("{home}/result");
    if done.location.as_deref() != Some(result.as_str()) {
      self.error(FINISH, &format!("went to {:?}", done.location));
      return None;
    }
    let page = self.expect(RESULT, &result, None, 200).await?;
    if !page.body.contains("class=\"score\"") {
      self.error(RESULT, "no score on the result page");
      return None;
    }
    self.out.finished = true;
    Some(())
  }
}

// ---- the server -----------------------------------------------------------

struct Server {
  child: Child,
  base: String,
  /// Lines the server wrote to standard error after it started.
  log: Arc<Mutex<Vec<String>>>,
}

fn start_server(bin: &Path, db: &Path) -> Server {
  let mut child = Command::new(bin)
    .args(["serve", "--addr", "127.0.0.1:0", "--db"])
    .arg(db)
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
  let stderr = child.stderr.take().unwrap();
  let (tx, rx) = mpsc::channel();
  let log = Arc::new(Mutex::new(Vec::new()));
  let lines = log.clone();
  std::thread::spawn(move || {
    let mut tx = Some(tx);
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
      match line.strip_prefix("coopdx: http://") {
        Some(addr) if tx.is_some() => {
          let _ = tx.take().unwrap().send(format!("http://{}", addr.trim()));
        }
        _ => lines.lock().unwrap().push(line),
      }
    }
  });
  let base = rx
    .recv_timeout(Duration::from_secs(60))
    .expect("the server did not say where it listens");
  Server { child, base, log }
}

/// `VmHWM` (peak resident memory) and `VmRSS` of a process, in kB.
fn memory(pid: u32) -> (u64, u64) {
  let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
  let kb = |key: &str| {
    status
      .lines()
      .find(|l| l.starts_with(key))
      .and_then(|l| l.split_whitespace().nth(1))
      .and_then(|n| n.parse().ok())
      .unwrap_or(0)
  };
  (kb("VmHWM:"), kb("VmRSS:"))
}

/// CPU time a process (`pid`, or `self`) used, user + system, from
/// `/proc/<pid>/stat`.
fn cpu_time(pid: &str) -> Duration {
  let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
  let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
  let fields: Vec<&str> = after.split_whitespace().collect();
  // Fields 14 and 15 of stat (utime, stime), counted after the name.
  let ticks: u64 = [11, 12]
    .iter()
    .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
    .sum();
  Duration::from_secs_f64(ticks as f64 / 100.0)
}

fn stop(server: &mut Server) {
  let pid = server.child.id().to_string();
  let _ = Command::new("kill").args(["-TERM", &pid]).status();
  let deadline = Instant::now() + Duration::from_secs(30);
  while Instant::now() < deadline {
    if let Ok(Some(_)) = server.child.try_wait() {
      return;
    }
    std::thread::sleep(Duration::from_millis(50));
  }
  let _ = server.child.kill();
  let _ = server.child.wait();
}

// ---- figures --------------------------------------------------------------

fn percentile(sorted: &[Duration], p: f64) -> Duration {
  if sorted.is_empty() {
    return Duration::ZERO;
  }
  let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
  sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
  d.as_secs_f64() * 1e3
}

// ---- the check of the database --------------------------------------------

/// Confirmed answers missing from (or different in) the stored document,
/// and assessments not complete, as messages.
fn check_database(
  db: &Path,
  outcomes: &[(usize, Outcome)],
  examples: &[Example],
) -> (usize, usize, Vec<String>) {
  let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    .expect("open the database");
  let mut lost = 0;
  let mut checked = 0;
  let mut problems = Vec::new();
  for (client, out) in outcomes {
    let Some(id) = &out.id else { continue };
    let row: Option<(String, String)> = conn
      .query_row(
        "SELECT status, document FROM assessments WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
      )
      .ok();
    let example = &examples[client % examples.len()].name;
    let Some((status, document)) = row else {
      lost += out.confirmed.len();
      problems.push(format!(
        "client {client} ({example}): assessment {id} not in the database"
      ));
      continue;
    };
    if out.finished && status != "complete" {
      problems.push(format!(
        "client {client} ({example}): finished but status {status}"
      ));
      lost += 1;
    }
    let stored = match yaml_serde::from_str::<Yaml>(&document) {
      Ok(doc) => values(&doc),
      Err(e) => {
        problems.push(format!(
          "client {client}: stored document does not parse: {e}"
        ));
        lost += out.confirmed.len();
        continue;
      }
    };
    for (name, sent) in &out.confirmed {
      checked += 1;
      match stored.get(name) {
        Some(v) if v.same(sent) => {}
        found => {
          lost += 1;
          if problems.len() < 20 {
            problems.push(format!(
              "client {client} ({example}), {id}: {name} sent {sent:?}, stored {found:?}"
            ));
          }
        }
      }
    }
  }
  (checked, lost, problems)
}

// ---- crash trials ----------------------------------------------------------

/// Client tasks, each waiting at `barrier` and then doing one
/// assessment; `first` numbers them across trials (which example, seed).
fn spawn_clients(
  base: &str,
  first: usize,
  clients: usize,
  think_ms: u64,
  examples: &Arc<Vec<Example>>,
  barrier: &Arc<Barrier>,
) -> Vec<tokio::task::JoinHandle<(usize, Outcome, Duration)>> {
  (first..first + clients)
    .map(|i| {
      let barrier = barrier.clone();
      let examples = examples.clone();
      let mut client = Client::new(base, think_ms, i as u64);
      RUNTIME.spawn(async move {
        barrier.wait().await;
        let begun = Instant::now();
        let _ = client.assess(&examples[i % examples.len()]).await;
        (i, client.out, begun.elapsed())
      })
    })
    .collect()
}

/// Waits for every client task.
fn join_clients(
  handles: Vec<tokio::task::JoinHandle<(usize, Outcome, Duration)>>,
) -> Vec<(usize, Outcome, Duration)> {
  RUNTIME.block_on(async {
    let mut results = Vec::with_capacity(handles.len());
    for h in handles {
      results.push(h.await.expect("client panicked"));
    }
    results
  })
}

/// `PRAGMA integrity_check` of the database: `ok` or its findings.
fn integrity(db: &Path) -> String {
  let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    .expect("open the database");
  let rows: Vec<String> = conn
    .prepare("PRAGMA integrity_check")
    .and_then(|mut st| {
      st.query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()
    })
    .unwrap_or_else(|e| vec![e.to_string()]);
  rows.join("; ")
}

/// `LOAD_CRASH_TRIALS=n`: see the module's documentation.
fn crash_trials(
  trials: usize,
  clients: usize,
  think_ms: u64,
  bin: &Path,
  examples: &Arc<Vec<Example>>,
) {
  let mut seed: u64 = std::env::var("LOAD_CRASH_SEED")
    .ok()
    .and_then(|n| n.parse().ok())
    .unwrap_or(20261130)
    | 1;
  let dir = tempfile::Builder::new()
    .prefix("crash-")
    .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
    .expect("temporary directory");
  let db = dir.path().join("coopdx.db");
  println!(
    "coopdx serve crash trials: {trials} trials of {clients} clients, pause {think_ms} ms, server {}, one database",
    bin.display()
  );
  println!(
    "{:>5} {:>9} {:>9} {:>10} {:>10} {:>9} {:>6}  integrity",
    "trial", "kill (ms)", "requests", "confirmed", "finished", "checked", "lost"
  );
  let mut all: Vec<(usize, Outcome)> = Vec::new();
  let (mut total_lost, mut bad_integrity) = (0, 0);
  for trial in 0..trials {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    let kill_after = Duration::from_millis(100 + seed % 1000);
    let mut server = start_server(bin, &db);
    let barrier = Arc::new(Barrier::new(clients + 1));
    let handles = spawn_clients(
      &server.base,
      trial * clients,
      clients,
      think_ms,
      examples,
      &barrier,
    );
    RUNTIME.block_on(barrier.wait());
    std::thread::sleep(kill_after);
    let _ = server.child.kill();
    let _ = server.child.wait();
    let results: Vec<(usize, Outcome)> = join_clients(handles)
      .into_iter()
      .map(|(i, o, _)| (i, o))
      .collect();
    let requests: usize = results.iter().map(|(_, o)| o.times.len()).sum();
    let confirmed: usize = results.iter().map(|(_, o)| o.confirmed.len()).sum();
    let finished = results.iter().filter(|(_, o)| o.finished).count();
    all.extend(results);
    // Started again on the same file, as after a real crash, then stopped.
    let mut again = start_server(bin, &db);
    stop(&mut again);
    let found = integrity(&db);
    let (checked, lost, problems) = check_database(&db, &all, examples);
    total_lost += lost;
    if found != "ok" {
      bad_integrity += 1;
    }
    println!(
      "{:>5} {:>9} {:>9} {:>10} {:>10} {:>9} {:>6}  {found}",
      trial + 1,
      kill_after.as_millis(),
      requests,
      confirmed,
      finished,
      checked,
      lost
    );
    for p in problems.iter().take(5) {
      println!("  {p}");
    }
  }
  let _ = dir.close();
  println!(
    "crash trials: {trials}, answers lost {total_lost}, integrity problems {bad_integrity}: {}",
    if total_lost == 0 && bad_integrity == 0 {
      "every acknowledged answer kept"
    } else {
      "FAILED"
    }
  );
  if total_lost > 0 || bad_integrity > 0 {
    std::process::exit(1);
  }
}

// ---- main -----------------------------------------------------------------

fn main() {
  // `cargo bench` passes `--bench`; nothing else is read from the command line.
  let clients: usize = std::env::var("LOAD_CLIENTS")
    .ok()
    .and_then(|n| n.parse().ok())
    .unwrap_or(200);
  let think_ms: u64 = std::env::var("LOAD_THINK_MS")
    .ok()
    .and_then(|n| n.parse().ok())
    .unwrap_or(0);
  let bin = std::env::var_os("LOAD_BIN")
    .map(PathBuf::from)
    .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_coopdx")));
  let examples = Arc::new(examples(
    &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
  ));
  assert!(!examples.is_empty(), "no examples/*.yaml");
  if let Some(trials) = std::env::var("LOAD_CRASH_TRIALS")
    .ok()
    .and_then(|n| n.parse().ok())
  {
    crash_trials(trials, clients, think_ms, &bin, &examples);
    return;
  }

  // On the disk the server would use (not a tmpfs), so fsyncs cost what they cost.
  let dir = tempfile::Builder::new()
    .prefix("load-")
    .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
    .expect("temporary directory");
  let db = dir.path().join("coopdx.db");
  let mut server = start_server(&bin, &db);
  let pid = server.child.id();
  let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
  println!(
    "coopdx serve load: {clients} clients, pause {think_ms} ms, {} examples, server {} (pid {pid}), {cores} cores",
    examples.len(),
    bin.display()
  );

  let barrier = Arc::new(Barrier::new(clients + 1));
  let handles = spawn_clients(&server.base, 0, clients, think_ms, &examples, &barrier);
  let load_before = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
  let cpu_before = cpu_time(&pid.to_string());
  let own_before = cpu_time("self");
  RUNTIME.block_on(barrier.wait());
  let start = Instant::now();
  let results = join_clients(handles);
  let wall = start.elapsed();
  let cpu = cpu_time(&pid.to_string()).saturating_sub(cpu_before);
  let own = cpu_time("self").saturating_sub(own_before);
  let (peak_kb, rss_kb) = memory(pid);

  // Figures.
  let mut by_kind: Vec<Vec<Duration>> = vec![Vec::new(); KINDS.len()];
  let mut errors: BTreeMap<String, usize> = BTreeMap::new();
  let mut sessions: Vec<Duration> = Vec::new();
  let (mut finished, mut dropped, mut more) = (0, 0, 0);
  for (_, out, took) in &results {
    for (k, t) in &out.times {
      by_kind[*k].push(*t);
    }
    for e in &out.errors {
      *errors.entry(e.clone()).or_default() += 1;
    }
    if out.finished {
      finished += 1;
      sessions.push(*took);
    }
    dropped += out.dropped;
    more += out.more;
  }
  let requests: usize = by_kind.iter().map(Vec::len).sum();
  let mut all: Vec<Duration> = by_kind.iter().flatten().copied().collect();
  all.sort();
  println!(
    "wall {:.2} s: {requests} requests, {:.0} requests/s; {finished}/{clients} assessments complete, {:.1} assessments/s",
    wall.as_secs_f64(),
    requests as f64 / wall.as_secs_f64(),
    finished as f64 / wall.as_secs_f64()
  );
  println!(
    "server: CPU {:.1} s during the run ({:.0}% of one core), peak RSS (VmHWM) {:.1} MiB, RSS at the end {:.1} MiB",
    cpu.as_secs_f64(),
    100.0 * cpu.as_secs_f64() / wall.as_secs_f64(),
    peak_kb as f64 / 1024.0,
    rss_kb as f64 / 1024.0
  );
  println!(
    "clients: CPU {:.1} s on the same cores; load average before the run: {}",
    own.as_secs_f64(),
    load_before
      .split_whitespace()
      .take(3)
      .collect::<Vec<_>>()
      .join(" ")
  );
  println!(
    "latency per request, client side (send to last byte), ms:\n{:<22} {:>6} {:>8} {:>8} {:>8} {:>8}",
    "page", "count", "p50", "p95", "p99", "max"
  );
  let row = |name: &str, times: &[Duration]| {
    println!(
      "{name:<22} {:>6} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
      times.len(),
      ms(percentile(times, 50.0)),
      ms(percentile(times, 95.0)),
      ms(percentile(times, 99.0)),
      ms(times.last().copied().unwrap_or_default())
    );
  };
  for (name, times) in KINDS.iter().zip(by_kind.iter_mut()) {
    times.sort();
    row(name, times);
  }
  row("all requests", &all);
  sessions.sort();
  println!(
    "one whole assessment: p50 {:.2} s, p95 {:.2} s, max {:.2} s ({more} more=1 pages, {dropped} dropped answers)",
    percentile(&sessions, 50.0).as_secs_f64(),
    percentile(&sessions, 95.0).as_secs_f64(),
    sessions.last().copied().unwrap_or_default().as_secs_f64()
  );
  let error_count: usize = errors.values().sum();
  println!("errors: {error_count}");
  for (e, n) in &errors {
    println!("  {n} × {e}");
  }

  let pid_log = server.log.clone();
  stop(&mut server);
  let log = pid_log.lock().unwrap().clone();
  if !log.is_empty() {
    println!("server log: {} lines, first ones:", log.len());
    for l in log.iter().take(10) {
      println!("  {l}");
    }
  }

  let outcomes: Vec<(usize, Outcome)> = results.into_iter().map(|(i, o, _)| (i, o)).collect();
  let (checked, lost, problems) = check_database(&db, &outcomes, &examples);
  println!("database: {checked} confirmed answers checked, {lost} lost");
  for p in &problems {
    println!("  {p}");
  }
  // Removed here, before any `exit`, which would skip the drop.
  if std::env::var_os("LOAD_KEEP_DB").is_some() {
    println!("database kept: {}", dir.keep().join("coopdx.db").display());
  } else {
    let _ = dir.close();
  }
  let p95 = ms(percentile(&all, 95.0));
  let worst_p95 = by_kind
    .iter()
    .map(|t| ms(percentile(t, 95.0)))
    .fold(0.0, f64::max);
  println!(
    "target p95 < 100 ms (every page: worst {worst_p95:.1} ms, all requests {p95:.1} ms), 0 errors, 0 lost: {}",
    if worst_p95 < 100.0 && error_count == 0 && lost == 0 {
      "met"
    } else {
      "NOT met"
    }
  );
  if error_count > 0 || lost > 0 || finished < clients {
    std::process::exit(1);
  }
}
