//! The web app in a real browser: Debian's Chromium driven through
//! chromedriver (WebDriver), on the 360 × 740 phone screen cooperatives
//! use. Ignored by plain `cargo test`; `.ci/run` installs the browser and
//! runs them: `cargo test --test browser -- --ignored --test-threads=1`.
//!
//! Every page visited is saved as a PNG under
//! `target/browser-artifacts/<test>/`, with the server's and
//! chromedriver's logs.

#[path = "browser/app.rs"]
mod app;
#[path = "browser/webdriver.rs"]
mod webdriver;

use app::{ADVISOR_EMAIL, ADVISOR_PASSWORD, Example, Server};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use webdriver::{Driver, PHONE, Session};

// ---- the tests ------------------------------------------------------------

/// A cooperative, on its phone, from the landing page to the PDF.
#[test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
fn a_cooperative_completes_a_self_assessment_on_a_phone() {
  let bench = Bench::new("self_assessment");
  let example = Example::load();
  let browser = bench.browser();
  let started = complete_self_assessment(&browser, &bench, &example);

  let [index, level] = score_shown(&browser);
  assert_eq!(index, example.index, "the readiness index shown");
  assert_eq!(level, example.level.to_string(), "the level shown");

  browser.find("a[href*='plan.html']").follow();
  bench.visit(&browser, "plan");
  assert!(
    browser.source().contains(&example.name),
    "the plan page names the cooperative"
  );
  browser.back();
  assert!(
    browser
      .path()
      .ends_with(&format!("/a/{}/result", started.id))
  );

  // A download: the page stays.
  browser.find("a[href*='report.pdf']").click();
  let pdf = bench.downloaded("pdf");
  assert!(pdf.starts_with(b"%PDF"), "the download is a PDF");
  assert!(pdf.len() > 10_000, "the PDF has {} bytes", pdf.len());

  bench.assert_pages_look_right();
}

/// The code written down brings every answer back in another browser.
#[test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
fn the_code_brings_every_answer_back_in_another_browser() {
  let bench = Bench::new("resume_with_code");
  let example = Example::load();
  let started = {
    let phone = bench.browser();
    complete_self_assessment(&phone, &bench, &example)
  };

  // A fresh profile: no cookie, no history, only the code.
  let other = bench.browser();
  other.goto(&bench.server.at("/resume"));
  bench.visit(&other, "resume");
  other.find("#code").send_keys(&started.code);
  other
    .find("form[action='/resume'] button[type=submit]")
    .follow();
  assert_eq!(
    other.path(),
    format!("/a/{}", started.id),
    "the code leads to the assessment"
  );
  bench.visit(&other, "welcome-again");

  other.find("a.button.primary").follow();
  assert!(
    other.path().ends_with("/result"),
    "a finished assessment opens on its result"
  );
  bench.visit(&other, "result-again");
  other.find("a[href$='/review']").follow();
  bench.visit(&other, "review-again");

  let mut checked = BTreeSet::new();
  let mut wrong = Vec::new();
  for link in edit_links(&other) {
    other.goto(&bench.server.at(&link));
    bench.visit(&other, &page_name(&link));
    wrong.extend(differences(&other, &example, &mut checked));
  }
  assert!(
    wrong.is_empty(),
    "answers not as given:\n{}",
    wrong.join("\n")
  );
  assert_every_field_seen(&example, &checked);
  bench.assert_pages_look_right();
}

/// An advisor imports the earlier interview, claims the self-assessment,
/// finds the cooperative and compares the two.
#[test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
fn an_advisor_claims_finds_and_compares() {
  let bench = Bench::new("advisor_compare");
  let example = Example::load();
  let started = {
    let phone = bench.browser();
    complete_self_assessment(&phone, &bench, &example)
  };

  let advisor = bench.browser();
  log_in(&advisor, &bench);
  import_example(&advisor, &bench, &example);
  claim(&advisor, &bench, &started.code);
  assert!(
    advisor.path().starts_with("/advisor/coop/5500612347"),
    "claiming opens the cooperative's history: {}",
    advisor.path()
  );
  assert!(
    advisor.source().contains("Đã nhận bài tự đánh giá"),
    "and says the claim worked"
  );

  advisor.goto(&bench.server.at("/advisor"));
  // Typed without diacritics, as on a phone without a Vietnamese keyboard.
  advisor.find("#q").send_keys("ta xua");
  advisor
    .find("form[action='/advisor'] button[type=submit]")
    .follow();
  bench.visit(&advisor, "search");
  let rows = advisor.find_all("table.list tbody tr");
  assert_eq!(rows.len(), 1, "the search finds one cooperative");
  let link = advisor.find("table.list tbody a[href^='/advisor/coop/']");
  assert_eq!(link.text(), example.name);
  link.follow();
  bench.visit(&advisor, "cooperative");
  let history = advisor.find_all("table.list tbody tr");
  assert_eq!(history.len(), 2, "the interview and the self-assessment");

  advisor.find("a[href^='/advisor/compare']").follow();
  bench.visit(&advisor, "compare");
  assert!(
    advisor.try_find("figure.radar svg").is_some(),
    "a radar chart"
  );
  let heading = advisor.find("main p strong").text();
  assert_eq!(heading, example.name);
  let stages = advisor.find("main p").text();
  assert!(
    stages.contains("14/10/2025") && stages.contains(&today()),
    "both assessments' dates in {stages:?}"
  );
  let columns = advisor.find_all("table.list thead th");
  assert_eq!(columns.len(), 4, "dimension, earlier, later, change");
  bench.assert_pages_look_right();
}

// ---- the flows ------------------------------------------------------------

/// A self-assessment begun from the landing page.
struct Started {
  id: String,
  code: String,
}

/// Starts from the landing page, answers every page with the example,
/// finishes on the review page; ends on the result page.
fn complete_self_assessment(browser: &Session, bench: &Bench, example: &Example) -> Started {
  browser.goto(&bench.server.at("/"));
  bench.visit(browser, "landing");
  browser.find("form[action='/start'] button").follow();

  let path = browser.path();
  let id = path
    .strip_prefix("/a/")
    .unwrap_or_else(|| panic!("start leads to the assessment's page, not {path}"))
    .to_owned();
  let code = browser.find("p.code").text();
  assert!(is_code(&code), "a code to write down, not {code:?}");
  bench.visit(browser, "welcome");
  browser.find("a.button.primary").follow();

  let filled = answer_every_page(browser, bench, example);
  assert_every_field_seen(example, &filled);

  bench.visit(browser, "review");
  let missing = browser.find_all("dd.missing");
  assert!(
    missing.is_empty(),
    "{} answers missing on review",
    missing.len()
  );
  browser.find("form[action$='/finish'] button").follow();
  assert_eq!(
    browser.path(),
    format!("/a/{id}/result"),
    "finishing shows the result"
  );
  bench.visit(browser, "result");
  Started { id, code }
}

/// `k7m2q-9xdcb`.
fn is_code(text: &str) -> bool {
  let parts: Vec<&str> = text.split('-').collect();
  parts.len() == 2
    && parts
      .iter()
      .all(|p| p.len() == 5 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Fills each page and presses "continue" until the review; the form names
/// filled.
fn answer_every_page(browser: &Session, bench: &Bench, example: &Example) -> BTreeSet<String> {
  let mut filled = BTreeSet::new();
  // A page comes back (`?more=1`) when an answer opens questions on it.
  for _ in 0..30 {
    let path = browser.path();
    if path.ends_with("/review") {
      return filled;
    }
    let page = page_name(&path);
    filled.extend(fill_page(browser, example));
    bench.visit(browser, &page);
    browser.find("button[name=go][value=next]").follow();
    assert_no_errors(browser, bench, &page);
  }
  panic!("still not on the review page after 30 pages");
}

/// Sets every field of the page the example answers; their names.
fn fill_page(browser: &Session, example: &Example) -> BTreeSet<String> {
  let mut answered = BTreeSet::new();
  for field in fields(browser) {
    if let Some(wanted) = example.fields.get(&field.name) {
      fill(browser, &field, wanted);
      answered.insert(field.name);
    }
  }
  answered
}

/// A form control of a profile field or a question, as the page holds it.
struct Field {
  name: String,
  kind: Kind,
  /// The option's value, or what is typed or chosen.
  value: String,
  /// Ticked (radio buttons and boxes).
  on: bool,
}

/// How a field is answered.
enum Kind {
  Radio,
  Checkbox,
  Select,
  Text,
}

/// The page's profile and question controls, read in one go (reading is
/// no interaction; a person only sees the result).
fn fields(browser: &Session) -> Vec<Field> {
  let list = browser.script(
    "return [...document.querySelectorAll(\"form [name^='p.'], form [name^='q.']\")]
       .map(e => [e.name, e.tagName === 'SELECT' ? 'select' : e.type, e.value, e.checked === true]);",
    Vec::new(),
  );
  let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
  list
    .as_array()
    .expect("the script returns a list")
    .iter()
    .map(|f| Field {
      name: text(&f[0]),
      kind: match f[1].as_str() {
        Some("radio") => Kind::Radio,
        Some("checkbox") => Kind::Checkbox,
        Some("select") => Kind::Select,
        _ => Kind::Text,
      },
      value: text(&f[2]),
      on: f[3] == true,
    })
    .collect()
}

/// "Not applicable" and "don't know".
fn is_special(value: &str) -> bool {
  value == "__na" || value == "__dk"
}

/// Ticks, chooses or types as a person would so that `field` shows
/// `wanted`; leaves it alone when it already does.
fn fill(browser: &Session, field: &Field, wanted: &[String]) {
  let name = &field.name;
  let typed = wanted
    .iter()
    .find(|v| !is_special(v))
    .map_or("", String::as_str);
  let on = wanted.contains(&field.value);
  let option = || browser.find(&format!("[name='{name}'][value='{}']", field.value));
  match field.kind {
    // A radio button is unticked by ticking another.
    Kind::Radio if on && !field.on => option().tick(true),
    Kind::Checkbox if on != field.on => option().tick(on),
    Kind::Radio | Kind::Checkbox => {}
    Kind::Select if field.value != typed => browser
      .find(&format!("select[name='{name}'] option[value='{typed}']"))
      .tick(true),
    Kind::Select => {}
    Kind::Text if field.value != typed => {
      let input = browser.find(&format!(
        "input[name='{name}']:not([type=checkbox]), textarea[name='{name}']"
      ));
      input.clear();
      input.send_keys(typed);
    }
    Kind::Text => {}
  }
}

/// What on the page differs from the example, for the fields it shows;
/// adds them to `checked`.
fn differences(
  browser: &Session,
  example: &Example,
  checked: &mut BTreeSet<String>,
) -> Vec<String> {
  let mut shown: std::collections::BTreeMap<String, Vec<String>> = Default::default();
  for field in fields(browser) {
    let value = match field.kind {
      Kind::Radio | Kind::Checkbox => field.on.then_some(field.value),
      Kind::Select | Kind::Text => Some(field.value).filter(|v| !v.is_empty()),
    };
    shown.entry(field.name).or_default().extend(value);
  }
  let mut wrong = Vec::new();
  for (name, values) in shown {
    let Some(wanted) = example.fields.get(&name) else {
      continue;
    };
    if normalized(&values) != normalized(wanted) {
      wrong.push(format!(
        "{} {name}: {values:?}, given {wanted:?}",
        browser.path()
      ));
    }
    checked.insert(name);
  }
  wrong
}

/// Values compared as sets, decimal commas as points.
fn normalized(values: &[String]) -> BTreeSet<String> {
  values.iter().map(|v| v.replace(',', ".")).collect()
}

fn assert_every_field_seen(example: &Example, seen: &BTreeSet<String>) {
  let unseen: Vec<&String> = example
    .fields
    .keys()
    .filter(|k| !seen.contains(*k))
    .collect();
  assert!(
    unseen.is_empty(),
    "fields of the example on no page: {unseen:?}"
  );
}

/// The review page's "edit" links, one per page of answers.
fn edit_links(browser: &Session) -> Vec<String> {
  let links: Vec<String> = browser
    .find_all("h2 a.edit")
    .iter()
    .filter_map(|a| a.attr("href"))
    .collect();
  assert!(
    links.len() > 2,
    "the review links back to every page: {links:?}"
  );
  links
}

/// Fails, with the messages, when the page came back with errors.
fn assert_no_errors(browser: &Session, bench: &Bench, page: &str) {
  let errors: Vec<String> = browser
    .find_all(".alert, p.error")
    .iter()
    .map(|e| e.text())
    .collect();
  if !errors.is_empty() {
    let shot = bench.visit(browser, &format!("{page}-refused"));
    panic!("{page} refused ({}): {errors:?}", shot.display());
  }
}

/// The index and the level number on a result page.
fn score_shown(browser: &Session) -> [String; 2] {
  let big: Vec<String> = browser
    .find_all(".score .big")
    .iter()
    .map(|e| e.text())
    .collect();
  match <[String; 2]>::try_from(big) {
    Ok(pair) => pair,
    Err(found) => panic!("index and level on the result page, found {found:?}"),
  }
}

fn log_in(browser: &Session, bench: &Bench) {
  browser.goto(&bench.server.at("/login"));
  bench.visit(browser, "login");
  browser.find("#email").send_keys(ADVISOR_EMAIL);
  browser.find("#password").send_keys(ADVISOR_PASSWORD);
  browser
    .find("form[action='/login'] button[type=submit]")
    .follow();
  assert_eq!(browser.path(), "/advisor", "signing in opens the workspace");
  bench.visit(browser, "workspace");
}

/// Uploads the example file (dated before today) as an earlier interview.
fn import_example(browser: &Session, bench: &Bench, example: &Example) {
  browser.find("a[href='/advisor/import']").follow();
  bench.visit(browser, "import");
  let path = app::example_path();
  browser
    .find("input#file[type=file]")
    .send_keys(&path.to_string_lossy());
  browser
    .find("form[action='/advisor/import'] button[type=submit]")
    .follow();
  assert!(
    browser.path().ends_with("/result"),
    "an import shows its result"
  );
  bench.visit(browser, "imported");
  let [index, _] = score_shown(browser);
  assert_eq!(
    index, example.index,
    "the imported file scores as on the command line"
  );
  browser.find("a[href='/advisor']").follow();
}

/// Claims a self-assessment by its code, typed as read out on the phone:
/// capitals, a space for the dash.
fn claim(browser: &Session, bench: &Bench, code: &str) {
  let form = "form[action='/advisor/claim']";
  let spoken = code.to_uppercase().replace('-', " ");
  browser.find(&format!("{form} #code")).send_keys(&spoken);
  bench.visit(browser, "claim");
  browser
    .find(&format!("{form} button[type=submit]"))
    .follow();
  bench.visit(browser, "claimed");
}

/// Today as the pages write dates (`31/12/2025`), in the server's time
/// zone.
fn today() -> String {
  coopdx::assessment::format_date(coopdx::assessment::today())
}

/// A short name for a page from its path: `profile`, `leadership`, …
fn page_name(path: &str) -> String {
  let (path, query) = path.split_once('?').unwrap_or((path, ""));
  let last = path.rsplit('/').next().unwrap_or("page");
  if query.contains("more=") {
    format!("{last}-more")
  } else {
    last.to_owned()
  }
}

// ---- the bench: server, browser driver, artifacts -------------------------

/// One test's server, chromedriver and artifacts folder; every page
/// visited is photographed and measured.
struct Bench {
  // Fields drop in order: the server, then chromedriver (the tests'
  // sessions, locals declared after the bench, are closed before both).
  server: Server,
  driver: Driver,
  dir: PathBuf,
  downloads: tempfile::TempDir,
  shots: Cell<u32>,
  problems: RefCell<Vec<String>>,
}

impl Bench {
  fn new(test: &str) -> Bench {
    let dir = artifacts_root().join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the artifacts folder");
    Bench {
      server: Server::start(&dir.join("server.log")),
      driver: Driver::start(&dir.join("chromedriver.log")),
      downloads: tempfile::tempdir().expect("a downloads folder"),
      dir,
      shots: Cell::new(0),
      problems: RefCell::new(Vec::new()),
    }
  }

  /// A new browser with a fresh profile.
  fn browser(&self) -> Session {
    self.driver.session(self.downloads.path())
  }

  /// Saves `NN-page.png` of the page shown and notes its problems
  /// ([`page_problems`]); the PNG's path.
  fn visit(&self, browser: &Session, page: &str) -> PathBuf {
    let n = self.shots.get() + 1;
    self.shots.set(n);
    let path = self.dir.join(format!("{n:02}-{page}.png"));
    browser.screenshot(&path);
    for problem in page_problems(browser) {
      let at = format!("{} ({})", browser.path(), path.display());
      self.problems.borrow_mut().push(format!("{at}: {problem}"));
    }
    path
  }

  /// Fails with every page problem noted by [`Bench::visit`].
  fn assert_pages_look_right(&self) {
    let problems = self.problems.borrow();
    assert!(
      problems.is_empty(),
      "pages that look wrong on a {} px phone:\n{}",
      PHONE.0,
      problems.join("\n")
    );
  }

  /// The bytes of the first file with extension `ext` downloaded, waiting
  /// for the browser to finish writing it.
  fn downloaded(&self, ext: &str) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
      if let Some(path) = file_with_extension(self.downloads.path(), ext) {
        let bytes = std::fs::read(&path).expect("read the download");
        let _ = std::fs::copy(&path, self.dir.join(path.file_name().unwrap_or_default()));
        return bytes;
      }
      std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no .{ext} downloaded within 30 s");
  }
}

fn file_with_extension(dir: &Path, ext: &str) -> Option<PathBuf> {
  std::fs::read_dir(dir)
    .ok()?
    .filter_map(Result::ok)
    .map(|e| e.path())
    .find(|p| p.extension().is_some_and(|e| e == ext))
}

/// `target/browser-artifacts`, beside the binary under test.
fn artifacts_root() -> PathBuf {
  let binary = Path::new(env!("CARGO_BIN_EXE_coopdx"));
  let target = binary
    .parent()
    .and_then(Path::parent)
    .unwrap_or(Path::new("target"));
  target.join("browser-artifacts")
}

/// What a reader of the page would notice at once: a page wider than
/// the phone (a phone browser widens its layout viewport to fit and zooms
/// out, so `innerWidth` would hide it; the elements sticking out are
/// named), template markup left in the text.
fn page_problems(browser: &Session) -> Vec<String> {
  let measured = browser.script(
    "const w = arguments[0];
     const out = [...document.querySelectorAll('body *')]
       .filter(e => e.getBoundingClientRect().right > w + 0.5)
       // Inside a box that scrolls sideways (a wide table), the page
       // itself does not pan: the reader scrolls the table.
       .filter(e => { for (let p = e.parentElement; p; p = p.parentElement) {
           const o = getComputedStyle(p).overflowX;
           if ((o === 'auto' || o === 'scroll') && p.getBoundingClientRect().right <= w + 0.5) return false; }
         return true; })
       .slice(0, 6)
       .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
         + ' to ' + Math.round(e.getBoundingClientRect().right) + 'px');
     const markup = document.body.innerText.split('\\n')
       .filter(l => /\\{\\{|\\{%|%\\}|\\}\\}/.test(l));
     return {width: document.documentElement.scrollWidth, out, markup};",
    vec![PHONE.0.into()],
  );
  let strings = |key: &str| -> Vec<String> {
    measured[key]
      .as_array()
      .map(|a| {
        a.iter()
          .filter_map(Value::as_str)
          .map(str::to_owned)
          .collect()
      })
      .unwrap_or_default()
  };
  let mut problems = Vec::new();
  let width = measured["width"].as_u64().unwrap_or(0);
  let out = strings("out");
  if width > u64::from(PHONE.0) || !out.is_empty() {
    problems.push(format!("{width} px wide; {}", out.join(", ")));
  }
  problems.extend(
    strings("markup")
      .iter()
      .map(|l| format!("template markup: {l:?}")),
  );
  problems
}
