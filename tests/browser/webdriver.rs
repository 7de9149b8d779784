//! A small W3C WebDriver client for chromedriver: sessions, elements,
//! clicks, typing, scripts and screenshots, over plain HTTP with `ureq`.

use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The phone of the issue: 360 × 740 CSS pixels.
pub const PHONE: (u32, u32) = (360, 740);

/// A chromedriver process, killed on drop.
pub struct Driver {
  child: Child,
  url: String,
  http: ureq::Agent,
}

impl Driver {
  /// Starts `chromedriver` (or `$CHROMEDRIVER`) on a free port, its log in
  /// `log`, and waits until it answers.
  pub fn start(log: &Path) -> Driver {
    let port = free_port();
    let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let log_file = std::fs::File::create(log).expect("create the chromedriver log");
    let child = Command::new(&program)
      .arg(format!("--port={port}"))
      .stdout(Stdio::null())
      .stderr(log_file)
      .spawn()
      .unwrap_or_else(|e| panic!("cannot start {program}: {e} (apt-get install chromium-driver)"));
    let driver = Driver {
      child,
      url: format!("http://127.0.0.1:{port}"),
      http: agent(),
    };
    driver.wait_ready();
    driver
  }

  fn wait_ready(&self) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
      let ready = self
        .http
        .get(format!("{}/status", self.url))
        .call()
        .ok()
        .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
        .is_some_and(|v| v["value"]["ready"] == true);
      if ready {
        return;
      }
      std::thread::sleep(Duration::from_millis(50));
    }
    panic!("chromedriver did not answer on {} within 20 s", self.url);
  }

  /// A new browser with a fresh profile on a 360 × 740 phone screen,
  /// saving downloads to `downloads`.
  pub fn session(&self, downloads: &Path) -> Session {
    let (width, height) = PHONE;
    let mut options = json!({
      "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
               format!("--window-size={width},{height}")],
      // Headless windows are at least 500 px wide: the phone's width needs
      // the device emulation (which also honours <meta name=viewport>).
      "mobileEmulation": {"deviceMetrics":
        {"width": width, "height": height, "pixelRatio": 2, "touch": true, "mobile": true}},
      "prefs": {
        "download.default_directory": downloads.to_string_lossy(),
        "download.prompt_for_download": false,
        "plugins.always_open_pdf_externally": true,
      },
    });
    if let Ok(binary) = std::env::var("CHROMIUM") {
      options["binary"] = binary.into();
    }
    let capabilities = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}});
    let value = call(
      &self.http,
      "POST",
      &format!("{}/session", self.url),
      Some(&capabilities),
    )
    .unwrap_or_else(|e| panic!("cannot open a browser session: {e}"));
    let id = value["sessionId"]
      .as_str()
      .expect("the new session has an id");
    Session {
      base: format!("{}/session/{id}", self.url),
      http: self.http.clone(),
    }
  }
}

impl Drop for Driver {
  fn drop(&mut self) {
    let _ = self.child.kill();
    let _ = self.child.wait();
  }
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
  TcpListener::bind("127.0.0.1:0")
    .and_then(|l| l.local_addr())
    .expect("a free local port")
    .port()
}

fn agent() -> ureq::Agent {
  ureq::Agent::config_builder()
    // WebDriver errors come as 4xx/5xx with a JSON body worth reading.
    .http_status_as_error(false)
    .timeout_global(Some(Duration::from_secs(120)))
    .build()
    .into()
}

/// A WebDriver error: its code (`no such element`, …) and message.
#[derive(Debug)]
pub struct WebDriverError {
  pub error: String,
  pub message: String,
}

impl std::fmt::Display for WebDriverError {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    let first = self.message.lines().next().unwrap_or("");
    write!(f, "{}: {first}", self.error)
  }
}

/// One WebDriver command: its `value`, or the error it answered.
fn call(
  http: &ureq::Agent,
  method: &str,
  url: &str,
  body: Option<&Value>,
) -> Result<Value, WebDriverError> {
  let sent = match (method, body) {
    ("GET", _) => http.get(url).call(),
    ("DELETE", _) => http.delete(url).call(),
    (_, Some(b)) => http.post(url).send_json(b),
    (_, None) => http.post(url).send_json(json!({})),
  };
  let transport = |e: &dyn std::fmt::Display| WebDriverError {
    error: "transport".into(),
    message: format!("{method} {url}: {e}"),
  };
  let mut response = sent.map_err(|e| transport(&e))?;
  let ok = response.status().is_success();
  let mut value: Value = response.body_mut().read_json().map_err(|e| transport(&e))?;
  let value = value["value"].take();
  if ok {
    return Ok(value);
  }
  Err(WebDriverError {
    error: value["error"].as_str().unwrap_or("unknown").to_owned(),
    message: value["message"].as_str().unwrap_or("").to_owned(),
  })
}

/// A browser window; the browser closes on drop.
pub struct Session {
  base: String,
  http: ureq::Agent,
}

impl Drop for Session {
  fn drop(&mut self) {
    // Without this the browser outlives chromedriver.
    let _ = call(&self.http, "DELETE", &self.base, None);
  }
}

impl Session {
  fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WebDriverError> {
    call(
      &self.http,
      method,
      &format!("{}{path}", self.base),
      body.as_ref(),
    )
  }

  fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
    self
      .cmd(method, path, body)
      .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e} (at {})", self.url()))
  }

  /// Opens `url` and waits for the page to load.
  pub fn goto(&self, url: &str) {
    self.must("POST", "/url", Some(json!({ "url": url })));
  }

  /// The browser's back button.
  pub fn back(&self) {
    self.must("POST", "/back", None);
    self.wait_until("the page to load", || self.loaded());
  }

  /// The address of the page shown.
  pub fn url(&self) -> String {
    self
      .cmd("GET", "/url", None)
      .ok()
      .and_then(|v| v.as_str().map(str::to_owned))
      .unwrap_or_default()
  }

  /// The path (and query) of the page shown.
  pub fn path(&self) -> String {
    let url = self.url();
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    rest
      .find('/')
      .map_or_else(|| "/".to_owned(), |i| rest[i..].to_owned())
  }

  /// The page's HTML as the browser holds it.
  pub fn source(&self) -> String {
    let v = self.must("GET", "/source", None);
    v.as_str().unwrap_or_default().to_owned()
  }

  /// Waits up to 30 s (a loaded CI machine) for `done`.
  pub fn wait_until(&self, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
      assert!(
        Instant::now() < deadline,
        "waited 30 s for {what} at {}",
        self.url()
      );
      std::thread::sleep(Duration::from_millis(20));
    }
  }

  /// Whether the page shown has finished loading.
  fn loaded(&self) -> bool {
    self.script("return document.readyState", Vec::new()) == "complete"
  }

  /// The first element matching `css`; panics when there is none.
  pub fn find(&self, css: &str) -> Element<'_> {
    self
      .try_find(css)
      .unwrap_or_else(|| panic!("no element {css} on {}", self.url()))
  }

  /// The first element matching `css`, if any.
  pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
    let by = json!({"using": "css selector", "value": css});
    match self.cmd("POST", "/element", Some(by)) {
      Ok(v) => Some(self.element(&v)),
      Err(e) if e.error == "no such element" => None,
      Err(e) => panic!("finding {css} on {}: {e}", self.url()),
    }
  }

  /// Every element matching `css`, in document order.
  pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
    let by = json!({"using": "css selector", "value": css});
    let list = self.must("POST", "/elements", Some(by));
    list
      .as_array()
      .map(|a| a.iter().map(|v| self.element(v)).collect())
      .unwrap_or_default()
  }

  fn element(&self, v: &Value) -> Element<'_> {
    Element {
      session: self,
      id: v[ELEMENT]
        .as_str()
        .expect("WebDriver returns an element reference")
        .to_owned(),
    }
  }

  /// Runs `script` (a function body; `arguments` holds `args`) in the page.
  /// WebDriver scripts run whatever the page's Content-Security-Policy.
  pub fn script(&self, script: &str, args: Vec<Value>) -> Value {
    self.must(
      "POST",
      "/execute/sync",
      Some(json!({ "script": script, "args": args })),
    )
  }

  /// A PNG of the whole page, not just the screen: Chrome's DevTools
  /// screenshot beyond the viewport, the WebDriver one if that fails.
  pub fn screenshot(&self, path: &Path) {
    let full = self.full_page_png().or_else(|_| {
      self
        .cmd("GET", "/screenshot", None)
        .map(|v| v.as_str().unwrap_or_default().to_owned())
    });
    let base64 = full.unwrap_or_else(|e| panic!("screenshot of {}: {e}", self.url()));
    let bytes = base64_decode(&base64);
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
  }

  fn full_page_png(&self) -> Result<String, WebDriverError> {
    let metrics = self.cdp("Page.getLayoutMetrics", json!({}))?;
    let size = &metrics["cssContentSize"];
    let clip =
      json!({"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1});
    let shot = self.cdp(
      "Page.captureScreenshot",
      json!({"captureBeyondViewport": true, "clip": clip}),
    )?;
    Ok(shot["data"].as_str().unwrap_or_default().to_owned())
  }

  /// A Chrome DevTools Protocol command through chromedriver.
  fn cdp(&self, cmd: &str, params: Value) -> Result<Value, WebDriverError> {
    self.cmd(
      "POST",
      "/goog/cdp/execute",
      Some(json!({ "cmd": cmd, "params": params })),
    )
  }
}

fn base64_decode(text: &str) -> Vec<u8> {
  use base64::Engine;
  base64::engine::general_purpose::STANDARD
    .decode(text)
    .expect("WebDriver screenshots are base64")
}

/// An element of the page it was found on.
pub struct Element<'s> {
  session: &'s Session,
  id: String,
}

impl Element<'_> {
  fn path(&self, tail: &str) -> String {
    format!("/element/{}{tail}", self.id)
  }

  /// Taps it (scrolled into view first). On the emulated touch screen the
  /// tap's effect may come after this returns: see [`Element::follow`],
  /// [`Element::tick`].
  pub fn click(&self) {
    self.session.must("POST", &self.path("/click"), None);
  }

  /// Taps a link or a submit button and waits for the page it leads to.
  pub fn follow(&self) {
    let page = self.session.find("html");
    self.click();
    self.session.wait_until("the next page", || page.is_stale());
    self
      .session
      .wait_until("the page to load", || self.session.loaded());
  }

  /// Taps a radio button, box or option and waits until it is `on`.
  pub fn tick(&self, on: bool) {
    self.click();
    self
      .session
      .wait_until("the tick", || self.selected() == on);
  }

  /// Whether its page has gone: chromedriver then answers "stale element
  /// reference", or an inspector error while the old document unloads.
  fn is_stale(&self) -> bool {
    self.session.cmd("GET", &self.path("/name"), None).is_err()
  }

  /// Types `text` into it (a file input takes a path).
  pub fn send_keys(&self, text: &str) {
    self
      .session
      .must("POST", &self.path("/value"), Some(json!({ "text": text })));
  }

  /// Empties a text input.
  pub fn clear(&self) {
    self.session.must("POST", &self.path("/clear"), None);
  }

  /// An attribute as written in the HTML.
  pub fn attr(&self, name: &str) -> Option<String> {
    let v = self
      .session
      .must("GET", &self.path(&format!("/attribute/{name}")), None);
    v.as_str().map(str::to_owned)
  }

  /// Whether a radio button or box is ticked, or an option chosen.
  pub fn selected(&self) -> bool {
    self.session.must("GET", &self.path("/selected"), None) == true
  }

  /// The text a reader sees.
  pub fn text(&self) -> String {
    let v = self.session.must("GET", &self.path("/text"), None);
    v.as_str().unwrap_or_default().to_owned()
  }
}
