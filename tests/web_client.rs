//! A browser without a browser: the web application in process, on a
//! temporary database, with a cookie jar, filling pages the way a person
//! would (only the fields a page shows).

use coopdx::Content;
use coopdx::storage::{Role, User};
use coopdx::web::{App, router};
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use std::sync::Arc;
use tower::ServiceExt;
use yaml_serde::Value as Yaml;

/// A response.
pub struct Resp {
  pub status: u16,
  pub headers: axum::http::HeaderMap,
  pub bytes: Vec<u8>,
}

impl Resp {
  /// The body as text.
  pub fn text(&self) -> String {
    String::from_utf8_lossy(&self.bytes).into_owned()
  }

  /// A header's value.
  pub fn header(&self, name: &str) -> String {
    self
      .headers
      .get(name)
      .and_then(|v| v.to_str().ok())
      .unwrap_or("")
      .to_owned()
  }

  /// Where a redirect leads.
  pub fn location(&self) -> String {
    self.header("location")
  }

  /// The value of hidden field `csrf` on the page.
  pub fn csrf(&self) -> String {
    capture(&self.text(), r#"name="csrf" value="([^"]+)""#)
      .expect("the page has a form with a CSRF token")
  }
}

/// The first capture of `pattern` in `text`, HTML entities for `/` undone.
pub fn capture(text: &str, pattern: &str) -> Option<String> {
  regex::Regex::new(pattern)
    .expect("pattern")
    .captures(text)
    .map(|c| c[1].replace("&#x2f;", "/").replace("&amp;", "&"))
}

/// The application and one visitor's cookies.
pub struct Web {
  pub app: Arc<App>,
  router: axum::Router,
  runtime: tokio::runtime::Runtime,
  /// Holds the database until the application is dropped.
  _dir: tempfile::TempDir,
}

impl Web {
  /// A fresh application on an empty database.
  pub fn new() -> Self {
    Self::with(Content::embedded().expect("content"))
  }

  /// A fresh application of `content` on an empty database.
  pub fn with(content: Content) -> Self {
    Self::at(content, None)
  }

  /// A fresh application whose public address is `base_url`.
  pub fn with_base_url(base_url: &str) -> Self {
    Self::at(Content::embedded().expect("content"), Some(base_url))
  }

  fn at(content: Content, base_url: Option<&str>) -> Self {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = coopdx::storage::open(dir.path().join("coopdx.db").to_str().expect("utf-8 path"))
      .expect("database opens");
    let app = Arc::new(App::new(content, store, base_url).expect("app"));
    Self {
      router: router(app.clone()),
      app,
      runtime: tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime"),
      _dir: dir,
    }
  }

  /// The same application seen by another visitor (no cookies).
  pub fn visitor(&self) -> Visitor<'_> {
    Visitor {
      web: self,
      jar: BTreeMap::new(),
    }
  }

  /// Adds an account with `password`.
  pub fn add_user(&self, email: &str, role: Role, provinces: &[&str], password: &str) {
    let user = User {
      id: coopdx::storage::token::secret().expect("random"),
      email: email.into(),
      name: email.into(),
      role,
      provinces: provinces.iter().map(|p| (*p).to_owned()).collect(),
    };
    let hash = coopdx::web::hash_password(password).expect("hash");
    self.app.store.add_user(&user, &hash).expect("user added");
  }
}

/// One visitor: a cookie jar over the application.
pub struct Visitor<'w> {
  pub web: &'w Web,
  pub jar: BTreeMap<String, String>,
}

impl Visitor<'_> {
  /// Sends a request with this visitor's cookies and keeps those set.
  pub fn send(
    &mut self,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
  ) -> Resp {
    self.send_with(method, path, content_type, body, &[])
  }

  /// [`Visitor::send`] with more headers.
  pub fn send_with(
    &mut self,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
    headers: &[(&str, &str)],
  ) -> Resp {
    // Every browser names the host it asked for.
    let mut request = axum::http::Request::builder()
      .method(method)
      .uri(path)
      .header("host", "coopdx.test:8080");
    if !self.jar.is_empty() {
      let cookies: Vec<String> = self.jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
      request = request.header("cookie", cookies.join("; "));
    }
    if let Some(t) = content_type {
      request = request.header("content-type", t);
    }
    for (name, value) in headers {
      request = request.header(*name, *value);
    }
    let request = request.body(axum::body::Body::from(body)).expect("request");
    let router = self.web.router.clone();
    let (status, headers, bytes) = self.web.runtime.block_on(async move {
      let response = router.oneshot(request).await.expect("infallible");
      let status = response.status().as_u16();
      let headers = response.headers().clone();
      let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
      (status, headers, bytes)
    });
    for set in headers.get_all("set-cookie") {
      let set = set.to_str().unwrap_or("");
      let Some((pair, attrs)) = set.split_once(';') else {
        continue;
      };
      let Some((k, v)) = pair.split_once('=') else {
        continue;
      };
      if attrs.contains("Max-Age=0") {
        self.jar.remove(k);
      } else {
        self.jar.insert(k.to_owned(), v.to_owned());
      }
    }
    Resp {
      status,
      headers,
      bytes,
    }
  }

  pub fn get(&mut self, path: &str) -> Resp {
    self.send("GET", path, None, Vec::new())
  }

  pub fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
    let body = form_urlencoded::Serializer::new(String::new())
      .extend_pairs(fields)
      .finish();
    self.send(
      "POST",
      path,
      Some("application/x-www-form-urlencoded"),
      body.into_bytes(),
    )
  }

  /// Signs in; panics when refused.
  pub fn login(&mut self, email: &str, password: &str) {
    let page = self.get("/login");
    let r = self.post(
      "/login",
      &[
        ("csrf", &page.csrf()),
        ("email", email),
        ("password", password),
      ],
    );
    assert_eq!(r.status, 303, "{email} signs in");
  }

  /// Starts a self-assessment from the landing page: its id and code.
  pub fn start(&mut self) -> (String, String) {
    let landing = self.get("/");
    let r = self.post("/start", &[("csrf", &landing.csrf())]);
    assert_eq!(r.status, 303);
    let id = r.location().trim_start_matches("/a/").to_owned();
    let welcome = self.get(&r.location());
    let code =
      capture(&welcome.text(), r#"class="code"[^>]*>([^<]+)<"#).expect("the code is shown");
    (id, code)
  }

  /// Fills every page of assessment `id` with `example`'s profile and
  /// answers, as the pages show them, then finishes; returns every page's
  /// response on the way (GETs).
  pub fn fill(&mut self, id: &str, example: &str) -> Vec<(String, Resp)> {
    let example: Yaml = yaml_serde::from_str(example).expect("example parses");
    let mut seen = Vec::new();
    let mut url = format!("/a/{id}/profile");
    for _ in 0..40 {
      let page = self.get(&url);
      assert_eq!(page.status, 200, "{url}");
      if url.ends_with("/review") {
        seen.push((url.clone(), page));
        break;
      }
      let fields = page_answers(&page.text(), &example);
      let mut form: Vec<(&str, &str)> = vec![("go", "next")];
      let csrf = page.csrf();
      form.push(("csrf", &csrf));
      form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
      let r = self.post(&url, &form);
      assert_eq!(
        r.status,
        303,
        "{url} refused: {} (sent {fields:?})",
        errors(&r.text()).join("; ")
      );
      seen.push((url.clone(), page));
      url = r.location().split('?').next().unwrap_or("").to_owned();
    }
    let review = &seen.last().expect("pages").1;
    let r = self.post(&format!("/a/{id}/finish"), &[("csrf", &review.csrf())]);
    assert_eq!(r.status, 303, "finish: {}", r.text());
    seen
  }
}

/// The error messages shown on a page.
pub fn errors(html: &str) -> Vec<String> {
  regex::Regex::new(r#"class="error"[^>]*>([^<]+)<"#)
    .expect("pattern")
    .captures_iter(html)
    .map(|c| c[1].to_owned())
    .collect()
}

/// The form values a person would enter on `html` from `example`: only the
/// fields the page shows.
pub fn page_answers(html: &str, example: &Yaml) -> Vec<(String, String)> {
  let names: std::collections::BTreeSet<String> = regex::Regex::new(r#"name="([pq]\.[^"]+)""#)
    .expect("pattern")
    .captures_iter(html)
    .map(|c| c[1].to_owned())
    .collect();
  let mut out = Vec::new();
  for name in names {
    let (kind, id) = name.split_once('.').expect("p. or q.");
    let section = if kind == "p" { "profile" } else { "answers" };
    // A grid's row `TECH.erp` is written under its grid in the file.
    let found = example.get(section).and_then(|s| match s.get(id) {
      Some(v) => Some(v),
      None => id
        .split_once('.')
        .and_then(|(grid, row)| s.get(grid)?.get(row)),
    });
    let Some(mut value) = found.cloned() else {
      continue;
    };
    if let Some(answer) = value.get("answer") {
      value = answer.clone();
    }
    let text = |v: &Yaml| match v {
      Yaml::String(s) if s == "not_applicable" => "__na".to_owned(),
      Yaml::String(s) if s == "dont_know" => "__dk".to_owned(),
      Yaml::String(s) => s.clone(),
      Yaml::Number(n) => n.to_string(),
      Yaml::Bool(b) => b.to_string(),
      other => format!("{other:?}"),
    };
    match &value {
      Yaml::Sequence(items) => out.extend(items.iter().map(|i| (name.clone(), text(i)))),
      v => out.push((name.clone(), text(v))),
    }
  }
  out
}
