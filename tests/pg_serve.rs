//! Two `coopdx serve` processes on one PostgreSQL database, as behind a
//! load balancer: every request may land on either. Runs when
//! `COOPDX_TEST_POSTGRES` names a server (.ci/run starts one); skipped
//! otherwise.

use crate::storage::PgSchema;
use crate::test::example;
use crate::web_client::{capture, errors, page_answers};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

/// A running `coopdx serve`.
struct Server {
  child: Child,
  /// `http://127.0.0.1:PORT`.
  url: String,
}

impl Server {
  /// Starts `coopdx serve` on `db` and a free port.
  fn spawn(db: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_coopdx"))
      .args(["serve", "--addr", "127.0.0.1:0", "--db", db])
      .stderr(Stdio::piped())
      .spawn()
      .expect("serve starts")
  }

  /// Waits for `child` to print its address.
  fn ready(mut child: Child) -> Self {
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    err.read_line(&mut line).expect("it prints its address");
    assert!(
      line.starts_with("coopdx: http://"),
      "serve failed: {line}{}",
      {
        let mut rest = String::new();
        let _ = err.read_to_string(&mut rest);
        rest
      }
    );
    // Keep reading what it says, so it never blocks on a full pipe.
    std::thread::spawn(move || {
      let mut sink = Vec::new();
      let _ = err.read_to_end(&mut sink);
    });
    Self {
      child,
      url: line.trim().trim_start_matches("coopdx: ").to_owned(),
    }
  }
}

impl Drop for Server {
  fn drop(&mut self) {
    let _ = self.child.kill();
    let _ = self.child.wait();
  }
}

/// A response.
struct Resp {
  status: u16,
  location: String,
  body: String,
}

/// One browser behind the load balancer: a cookie jar, and requests sent
/// to the servers in turn.
struct Browser<'s> {
  servers: &'s [Server],
  next: usize,
  jar: BTreeMap<String, String>,
  agent: ureq::Agent,
}

impl<'s> Browser<'s> {
  fn new(servers: &'s [Server]) -> Self {
    let agent = ureq::Agent::config_builder()
      .max_redirects(0)
      .http_status_as_error(false)
      .build()
      .new_agent();
    Self {
      servers,
      next: 0,
      jar: BTreeMap::new(),
      agent,
    }
  }

  /// The server the next request goes to; then the other one.
  fn server(&mut self) -> &'s Server {
    let s = &self.servers[self.next % self.servers.len()];
    self.next += 1;
    s
  }

  fn cookie(&self) -> String {
    let pairs: Vec<String> = self.jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
    pairs.join("; ")
  }

  fn keep(&mut self, response: ureq::http::Response<ureq::Body>) -> Resp {
    for set in response.headers().get_all("set-cookie") {
      let set = set.to_str().unwrap_or("");
      let pair = set.split(';').next().unwrap_or("");
      if let Some((k, v)) = pair.split_once('=') {
        if set.contains("Max-Age=0") {
          self.jar.remove(k);
        } else {
          self.jar.insert(k.to_owned(), v.to_owned());
        }
      }
    }
    let status = response.status().as_u16();
    let location = response
      .headers()
      .get("location")
      .and_then(|v| v.to_str().ok())
      .unwrap_or("")
      .to_owned();
    let body = response.into_body().read_to_string().expect("a text body");
    Resp {
      status,
      location,
      body,
    }
  }

  fn get(&mut self, path: &str) -> Resp {
    let url = format!("{}{path}", self.server().url);
    let response = self
      .agent
      .get(&url)
      .header("cookie", &self.cookie())
      .call()
      .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    self.keep(response)
  }

  fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
    let url = format!("{}{path}", self.server().url);
    let response = self
      .agent
      .post(&url)
      .header("cookie", &self.cookie())
      .send_form(fields.iter().copied())
      .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    self.keep(response)
  }
}

/// The hidden CSRF field of a page.
fn csrf(html: &str) -> String {
  capture(html, r#"name="csrf" value="([^"]+)""#).expect("the page has a CSRF token")
}

/// The index and level the command line gives an assessment file.
fn cli_score(text: &str) -> (String, u8) {
  let content = coopdx::Content::embedded().expect("content");
  let a = coopdx::Assessment::parse(
    &coopdx::SourceFile::new("x.yaml", text),
    &content,
    coopdx::Completeness::Complete,
  )
  .expect("valid");
  let s = coopdx::score(&content, &a).expect("scores");
  (s.index.round_dp(1).to_string(), s.level.number)
}

#[test]
fn a_self_assessment_moves_between_two_servers_and_loses_nothing() {
  let Some(schema) = PgSchema::new() else {
    eprintln!(
      "{} is not set: the two-server test is skipped",
      crate::storage::POSTGRES_VAR
    );
    return;
  };
  let started = std::time::Instant::now();
  // Both start at once on the empty schema: one migrates, the other waits.
  let children = [Server::spawn(&schema.url), Server::spawn(&schema.url)];
  let servers: Vec<Server> = children.into_iter().map(Server::ready).collect();
  let mut browser = Browser::new(&servers);

  // Started on the first server...
  let landing = browser.get("/");
  assert_eq!(landing.status, 200);
  browser.next = 0;
  let start = browser.post("/start", &[("csrf", &csrf(&landing.body))]);
  assert_eq!(start.status, 303, "{}", start.body);
  let id = start.location.trim_start_matches("/a/").to_owned();
  assert!(!id.is_empty() && !id.contains('/'), "{}", start.location);

  // ...answered page by page, each request on the other server than the
  // one before...
  let name = "htx-van-tai.yaml";
  let file: yaml_serde::Value = yaml_serde::from_str(&example(name)).expect("example parses");
  let mut url = format!("/a/{id}/profile");
  let mut pages = 0;
  let review = loop {
    assert!(pages < 40, "the review page is never reached");
    let page = browser.get(&url);
    assert_eq!(page.status, 200, "{url}: {}", page.body);
    if url.ends_with("/review") {
      break page;
    }
    let fields = page_answers(&page.body, &file);
    let token = csrf(&page.body);
    let mut form: Vec<(&str, &str)> = vec![("go", "next"), ("csrf", &token)];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let saved = browser.post(&url, &form);
    assert_eq!(
      saved.status,
      303,
      "{url} refused: {}",
      errors(&saved.body).join("; ")
    );
    url = saved.location.split('?').next().unwrap_or("").to_owned();
    pages += 1;
  };
  assert!(pages > 3, "{pages} pages");

  // ...and finished on the second.
  browser.next = 1;
  let finish = browser.post(&format!("/a/{id}/finish"), &[("csrf", &csrf(&review.body))]);
  assert_eq!(finish.status, 303, "finish: {}", finish.body);
  for _ in 0..2 {
    let result = browser.get(&format!("/a/{id}/result"));
    assert_eq!(result.status, 200, "the result on either server");
  }
  let exported = browser.get(&format!("/a/{id}/assessment.yaml"));
  assert_eq!(exported.status, 200);
  assert_eq!(
    cli_score(&exported.body),
    cli_score(&example(name)),
    "the stored assessment scores as the example file does"
  );

  // An advisor's session opened on one server is live on the other: no
  // sticky sessions needed.
  let mut add = Command::new(env!("CARGO_BIN_EXE_coopdx"))
    .args([
      "user",
      "add",
      "--role",
      "admin",
      "--email",
      "admin@lmhtx.vn",
      "--db",
      &schema.url,
    ])
    .stdin(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("user add runs");
  add
    .stdin
    .take()
    .expect("stdin")
    .write_all(b"correct horse battery\n")
    .expect("password sent");
  let added = add.wait_with_output().expect("user add ends");
  assert!(
    added.status.success(),
    "{}",
    String::from_utf8_lossy(&added.stderr)
  );
  browser.next = 0;
  let form = browser.get("/login");
  let login = browser.post(
    "/login",
    &[
      ("csrf", &csrf(&form.body)),
      ("email", "admin@lmhtx.vn"),
      ("password", "correct horse battery"),
    ],
  );
  assert_eq!(login.status, 303, "signed in on the second server");
  for _ in 0..2 {
    let home = browser.get("/advisor");
    assert_eq!(home.status, 200, "the session is live on both servers");
    assert!(home.body.contains("admin@lmhtx.vn"), "{}", home.body);
  }
  eprintln!("two servers, {pages} pages: {:?}", started.elapsed());
}
