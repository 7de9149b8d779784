//! The web application over HTTP, in process, on a temporary database: a
//! cooperative assessing itself from the landing page to the PDF, what the
//! pages refuse and say, and who may open what.

use crate::test::{example, examples};
use crate::web_client::{Web, capture, errors};
use coopdx::storage::Role;
use coopdx::{Assessment, Completeness, SourceFile};

const PASSWORD: &str = "correct horse battery";

/// The index and level the command line gives an example file.
fn cli_score(text: &str) -> (String, u8) {
  let content = coopdx::Content::embedded().expect("content");
  let a = Assessment::parse(
    &SourceFile::new("x.yaml", text),
    &content,
    Completeness::Complete,
  )
  .expect("valid");
  let s = coopdx::score(&content, &a).expect("scores");
  // Two decimals, as the report and `coopdx score` print it.
  let index = coopdx::number::format_number(s.index, 2, coopdx::Lang::En);
  (index, s.level.number)
}

#[test]
fn every_example_answered_on_the_web_scores_as_the_same_file_does() {
  let web = Web::new();
  for name in examples() {
    let mut v = web.visitor();
    let (id, _) = v.start();
    let pages = v.fill(&id, &example(&name));
    for (url, page) in &pages {
      assert!(
        page.bytes.len() <= 50 * 1024,
        "{name}: {url} is {} bytes",
        page.bytes.len()
      );
    }
    // The stored assessment is the file the command line reads: export it
    // and score it as `coopdx score` would.
    let exported = v.get(&format!("/a/{id}/assessment.yaml"));
    assert_eq!(exported.status, 200);
    let (web_index, web_level) = cli_score(&exported.text());
    let (file_index, file_level) = cli_score(&example(&name));
    assert_eq!(
      (web_index.clone(), web_level),
      (file_index, file_level),
      "{name}"
    );
    let result = v.get(&format!("/a/{id}/result"));
    assert_eq!(result.status, 200);
    assert!(
      result.bytes.len() <= 50 * 1024,
      "{name}: the result is {} bytes",
      result.bytes.len()
    );
    assert!(result.text().contains("<svg"), "{name}: the radar is drawn");
    assert!(
      result.text().contains(&web_index.replace('.', ",")),
      "{name}: the index {web_index} is shown"
    );
  }
}

/// The minimal framework's grid is one fieldset of row fieldsets on its
/// page, and each sample answered on the web scores as its file does.
#[test]
fn a_grid_is_one_fieldset_and_its_rows_are_saved_as_the_file_writes_them() {
  let dir = crate::test::root().join("examples/content/minimal");
  let load = || {
    coopdx::Content::load(coopdx::content::ContentFiles::from_dir(&dir).expect("folder"))
      .expect("valid")
  };
  let content = load();
  let web = Web::with(load());
  let index = |text: &str| {
    let file = coopdx::SourceFile::new("x.yaml", text);
    let a =
      coopdx::Assessment::parse(&file, &content, coopdx::Completeness::Complete).expect("valid");
    coopdx::score(&content, &a).expect("score").index
  };
  for name in [
    "a-dang-hinh-thanh.yaml",
    "b-ranh-gioi.yaml",
    "c-nang-cao.yaml",
  ] {
    let text = std::fs::read_to_string(dir.join("assessments").join(name)).expect("sample");
    let mut v = web.visitor();
    let (id, _) = v.start();
    let pages = v.fill(&id, &text);
    let grid = pages
      .iter()
      .map(|(_, p)| p.text())
      .find(|t| t.contains(r#"<fieldset class="grid""#))
      .expect("a page with the grid");
    assert_eq!(grid.matches(r#"<fieldset class="grid""#).count(), 1);
    assert!(grid.contains("Tổ chức dùng các phần mềm sau đến mức nào?"));
    assert!(grid.contains(r#"name="q.TECH.accounting""#));
    let exported = v.get(&format!("/a/{id}/assessment.yaml")).text();
    assert!(
      exported.contains(
        "TECH:
    accounting:"
      ),
      "{exported}"
    );
    assert_eq!(index(&exported), index(&text), "{name}");
  }
}

#[test]
fn the_result_offers_the_same_pdf_report_as_the_command_line() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  v.fill(&id, &example("htx-nong-nghiep-khoi-dau.yaml"));
  let pdf = v.get(&format!("/a/{id}/report.pdf"));
  assert_eq!(pdf.status, 200);
  assert_eq!(pdf.header("content-type"), "application/pdf");
  assert!(pdf.header("content-disposition").starts_with("attachment"));
  assert!(pdf.bytes.starts_with(b"%PDF"));
  let text = pdf_text(&pdf.bytes);
  assert!(
    text.contains("Chè Tà Xùa"),
    "the cooperative is named in the report"
  );
  let result = v.get(&format!("/a/{id}/result")).text();
  let index = capture(&result, r#"class="big">([0-9,]+)<"#).expect("the index");
  assert!(
    text.contains(&format!("{index}/100")),
    "the page gives the index as the report prints it: {index}"
  );
  let phases = regex::Regex::new(r"<h3>Giai đoạn (\d)").expect("pattern");
  let shown: Vec<&str> = phases
    .captures_iter(&result)
    .map(|c| c.get(1).map_or("", |m| m.as_str()))
    .collect();
  assert_eq!(shown, ["1", "2", "3"], "the plan is shown by its phases");
  let plan = v.get(&format!("/a/{id}/plan.html"));
  assert_eq!(plan.status, 200);
  assert!(plan.text().contains("Chè Tà Xùa"));
  // The whole plan is a long document: over a phone's line it travels
  // compressed, within the 50 KB a page may weigh.
  let packed = v.send_with(
    "GET",
    &format!("/a/{id}/plan.html"),
    None,
    Vec::new(),
    &[("accept-encoding", "gzip, deflate")],
  );
  assert_eq!(packed.header("content-encoding"), "gzip");
  assert!(
    packed.bytes.len() <= 50 * 1024,
    "{} bytes",
    packed.bytes.len()
  );
  let mut html = String::new();
  std::io::Read::read_to_string(
    &mut flate2::read::GzDecoder::new(packed.bytes.as_slice()),
    &mut html,
  )
  .expect("gzip");
  assert_eq!(html, plan.text(), "the same document");
  let refused = v.send_with(
    "GET",
    &format!("/a/{id}/plan.html"),
    None,
    Vec::new(),
    &[("accept-encoding", "gzip;q=0, identity")],
  );
  assert_eq!(
    refused.header("content-encoding"),
    "",
    "gzip;q=0 is a refusal"
  );
  assert_eq!(refused.text(), plan.text());
}

#[test]
fn a_plan_downloaded_after_the_result_page_is_in_the_language_asked_for() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  v.fill(&id, &example("htx-nong-nghiep-khoi-dau.yaml"));
  // The result page in Vietnamese plans the assessment (and keeps the plan).
  assert_eq!(v.get(&format!("/a/{id}/result")).status, 200);
  let vi = v.get(&format!("/a/{id}/plan.md")).text();
  let start = |t: &str| t.chars().take(80).collect::<String>();
  assert!(vi.starts_with("# Kế hoạch chuyển đổi số"), "{}", start(&vi));
  let en = v.get(&format!("/a/{id}/plan.md?lang=en")).text();
  assert!(
    en.starts_with("# Digital transformation plan"),
    "{}",
    start(&en)
  );
  assert!(en.contains("## Quick wins"));
  assert!(!en.contains("Giai đoạn"));
  // The actions too, not only the headings.
  let first_action = |t: &str| {
    t.lines()
      .find(|l| l.starts_with("### "))
      .map(str::to_owned)
      .unwrap_or_default()
  };
  assert_eq!(
    first_action(&vi),
    "### Phân công người phụ trách chuyển đổi số"
  );
  assert_eq!(
    first_action(&en),
    "### Appoint a person in charge of digital transformation"
  );
}

/// The text of a PDF, through lopdf.
fn pdf_text(bytes: &[u8]) -> String {
  let doc = lopdf::Document::load_mem(bytes).expect("a PDF");
  let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
  doc.extract_text(&pages).unwrap_or_default()
}

#[test]
fn a_code_written_down_opens_every_answer_on_another_device() {
  let web = Web::new();
  let mut phone = web.visitor();
  let (id, code) = phone.start();
  phone.fill(&id, &example("to-hop-tac-rau.yaml"));
  let mut laptop = web.visitor();
  let page = laptop.get("/resume");
  let typed = code.to_uppercase().replace('-', " ");
  let r = laptop.post("/resume", &[("csrf", &page.csrf()), ("code", &typed)]);
  assert_eq!(r.status, 303);
  assert_eq!(r.location(), format!("/a/{id}"));
  let review = laptop.get(&format!("/a/{id}/review"));
  assert!(
    review.text().contains("Rau"),
    "the cooperative's answers are there"
  );
  assert!(
    !review.text().contains("class=\"missing\""),
    "no answer is missing"
  );
}

#[test]
fn wrong_codes_are_refused_then_rate_limited() {
  let web = Web::new();
  let mut v = web.visitor();
  let page = v.get("/resume");
  let csrf = page.csrf();
  let wrong = v.post("/resume", &[("csrf", &csrf), ("code", "aaaaa-bbbbb")]);
  assert_eq!(wrong.status, 404);
  assert!(
    wrong.text().contains(r#"value="aaaaa-bbbbb""#),
    "the code stays in its box, to be checked"
  );
  let mut last = 0;
  for _ in 0..20 {
    last = v
      .post("/resume", &[("csrf", &csrf), ("code", "aaaaa-bbbbb")])
      .status;
  }
  assert_eq!(last, 429, "guessing codes stops after 20 tries an hour");
}

#[test]
fn the_link_to_write_down_is_a_whole_address() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  let welcome = v.get(&format!("/a/{id}")).text();
  assert!(
    welcome.contains(&format!(
      "http:&#x2f;&#x2f;coopdx.test:8080&#x2f;a&#x2f;{id}"
    )),
    "the address the browser used"
  );
  // Behind a TLS proxy the public address; its scheme in any case.
  let web = Web::with_base_url("HTTPS://cds.lienminhhtx.vn/");
  let mut v = web.visitor();
  let landing = v.get("/");
  assert!(
    landing.header("set-cookie").contains("Secure"),
    "cookies are Secure behind https"
  );
  let (id, _) = v.start();
  let welcome = v.get(&format!("/a/{id}")).text();
  assert!(
    welcome.contains(&format!(
      "HTTPS:&#x2f;&#x2f;cds.lienminhhtx.vn&#x2f;a&#x2f;{id}"
    )),
    "{welcome}"
  );
}

#[test]
fn a_wrong_number_is_refused_by_its_field_and_the_other_answers_are_kept() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  let page = v.get(&format!("/a/{id}/profile"));
  let r = v.post(
    &format!("/a/{id}/profile"),
    &[
      ("csrf", &page.csrf()),
      ("go", "next"),
      ("p.name", "Hợp tác xã Thử"),
      ("p.members", "hai mươi"),
    ],
  );
  assert_eq!(r.status, 422);
  let shown = errors(&r.text());
  assert!(!shown.is_empty(), "the refused field says why");
  assert!(
    shown.iter().all(|e| !e.contains("members")),
    "the message beside the field does not name it by the file's key: {shown:?}"
  );
  assert!(
    r.text().contains("value=\"hai mươi\""),
    "what was typed is shown again to correct"
  );
  let again = v.get(&format!("/a/{id}/profile"));
  assert!(
    again.text().contains("value=\"Hợp tác xã Thử\""),
    "the valid answer was saved"
  );
}

#[test]
fn back_and_a_double_submit_lose_nothing() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  v.fill(&id, &example("htx-van-tai.yaml"));
  let url = format!("/a/{id}/d/leadership");
  let page = v.get(&url);
  let mut form: Vec<(String, String)> = crate::web_client::page_answers(
    &page.text(),
    &yaml_serde::from_str(&example("htx-van-tai.yaml")).expect("yaml"),
  );
  form.push(("csrf".into(), page.csrf()));
  form.push(("go".into(), "back".into()));
  let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
  let first = v.post(&url, &pairs);
  let second = v.post(&url, &pairs);
  assert_eq!((first.status, second.status), (303, 303));
  assert_eq!(
    first.location(),
    format!("/a/{id}/profile"),
    "back goes to the page before"
  );
  assert_eq!(
    v.get(&format!("/a/{id}/result")).status,
    200,
    "a finished assessment sent again unchanged is still finished"
  );
  let exported = v.get(&format!("/a/{id}/assessment.yaml"));
  assert_eq!(
    cli_score(&exported.text()),
    cli_score(&example("htx-van-tai.yaml"))
  );
}

#[test]
fn an_answer_that_stops_applying_is_dropped_and_the_page_says_so() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  v.fill(&id, &example("htx-nong-nghiep-tien-tien.yaml"));
  // IN01 (computers) > 0 opens questions about them; none closes them.
  let url = format!("/a/{id}/d/infrastructure");
  let page = v.get(&url);
  let r = v.post(
    &url,
    &[("csrf", &page.csrf()), ("go", "save"), ("q.IN01", "0")],
  );
  assert_eq!(r.status, 303);
  assert!(r.location().contains("dropped="), "{}", r.location());
  let next = v.get(&r.location());
  assert!(
    next.text().contains("không còn áp dụng"),
    "the next page tells what was dropped"
  );
}

#[test]
fn forms_without_their_token_are_refused() {
  let web = Web::new();
  let mut v = web.visitor();
  v.get("/");
  assert_eq!(v.post("/start", &[]).status, 403);
  assert_eq!(v.post("/start", &[("csrf", "x")]).status, 403);
  let (id, _) = v.start();
  let r = v.post(
    &format!("/a/{id}/profile"),
    &[("go", "next"), ("p.name", "X")],
  );
  assert_eq!(r.status, 403);
}

#[test]
fn the_language_switch_on_a_page_a_form_answered_leads_to_that_form() {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["son_la"], PASSWORD);
  let mut v = web.visitor();
  v.get("/");
  // The page a refused form answers with is at the form's address, which
  // takes only a form; its switch must still lead somewhere.
  let refused = v.post("/start", &[("csrf", "x")]);
  let switch = capture(&refused.text(), r#"href="([^"]*lang=en)""#).expect("a switch");
  assert_eq!(switch, "/start?lang=en");
  let r = v.get(&switch);
  assert_eq!(r.status, 303);
  assert_eq!(r.location(), "/?lang=en");
  assert!(v.get(&r.location()).text().contains("lang=\"en\""));

  v.login("adv@lmhtx.vn", PASSWORD);
  let r = v.get("/advisor/claim?lang=en");
  assert_eq!(r.location(), "/advisor?lang=en");
  let (id, _) = v.start();
  assert_eq!(
    v.get(&format!("/a/{id}/finish")).location(),
    format!("/a/{id}/review")
  );
}

#[test]
fn a_method_an_address_does_not_take_gets_a_page_not_an_empty_answer() {
  let web = Web::new();
  let mut v = web.visitor();
  let r = v.send("PUT", "/", None, Vec::new());
  assert_eq!(r.status, 405);
  assert!(r.text().contains("Không tìm thấy trang"), "{}", r.text());
  assert!(!r.header("content-security-policy").is_empty());
}

#[test]
fn every_page_carries_the_security_headers_and_escapes_what_was_typed() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  let page = v.get(&format!("/a/{id}/profile"));
  v.post(
    &format!("/a/{id}/profile"),
    &[
      ("csrf", &page.csrf()),
      ("go", "save"),
      ("p.name", "<script>alert(1)</script>"),
    ],
  );
  let page = v.get(&format!("/a/{id}/profile"));
  assert!(!page.text().contains("<script>"), "typed text is escaped");
  for path in [
    "/",
    "/resume",
    "/login",
    &format!("/a/{id}"),
    &format!("/a/{id}/profile"),
    "/nowhere",
  ] {
    let r = v.get(path);
    let csp = r.header("content-security-policy");
    assert!(
      csp.contains("frame-ancestors 'none'") && !csp.contains("script-src"),
      "{path}: {csp}"
    );
    assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
    assert_eq!(
      r.header("referrer-policy"),
      "no-referrer",
      "{path}: links hold secrets"
    );
    assert!(!r.text().contains("<script"), "{path} has no script");
  }
}

#[test]
fn english_pages_hold_no_vietnamese_prose() {
  let web = Web::new();
  let mut v = web.visitor();
  v.get("/?lang=en");
  let (id, _) = v.start();
  let vietnamese =
    regex::Regex::new("[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")
      .expect("pattern");
  // The switch names its language in that language, by design.
  for path in [
    "/",
    "/resume",
    "/login",
    &format!("/a/{id}"),
    &format!("/a/{id}/profile"),
    &format!("/a/{id}/d/leadership"),
    "/nowhere",
  ] {
    let text = v.get(path).text().replace("Tiếng Việt", "").to_lowercase();
    let found: Vec<&str> = vietnamese.find_iter(&text).map(|m| m.as_str()).collect();
    assert!(
      found.is_empty(),
      "{path} in English shows Vietnamese letters: {:?}",
      &found[..found.len().min(5)]
    );
  }
}

#[test]
fn sign_in_is_rate_limited_per_account() {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["son_la"], PASSWORD);
  let mut v = web.visitor();
  let page = v.get("/login");
  let csrf = page.csrf();
  for _ in 0..5 {
    let r = v.post(
      "/login",
      &[
        ("csrf", &csrf),
        ("email", "adv@lmhtx.vn"),
        ("password", "wrong password"),
      ],
    );
    assert_eq!(r.status, 401);
  }
  let r = v.post(
    "/login",
    &[
      ("csrf", &csrf),
      ("email", "adv@lmhtx.vn"),
      ("password", PASSWORD),
    ],
  );
  assert_eq!(
    r.status, 429,
    "even the right password waits after five failures"
  );
}

#[test]
fn an_import_shows_the_files_problems_with_their_lines() {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["son_la"], PASSWORD);
  let mut v = web.visitor();
  v.login("adv@lmhtx.vn", PASSWORD);
  let broken = example("htx-nong-nghiep-khoi-dau.yaml").replace("PE01: 40", "PE01: 400");
  let r = import(&mut v, "khoi-dau.yaml", &broken);
  assert_eq!(r.status, 422);
  let text = r.text();
  assert!(
    text.contains("khoi-dau.yaml:"),
    "the problem names the file"
  );
  assert!(
    capture(&text, r"khoi-dau\.yaml:(\d+)").is_some(),
    "and its line"
  );
  let r = import(
    &mut v,
    "khoi-dau.yaml",
    &example("htx-nong-nghiep-khoi-dau.yaml"),
  );
  assert_eq!(r.status, 303);
  let again = import(
    &mut v,
    "khoi-dau.yaml",
    &example("htx-nong-nghiep-khoi-dau.yaml"),
  );
  assert_eq!(again.status, 422, "the same file twice is one interview");
  let stored = r.location().replace("/a/", "").replace("/result", "");
  assert!(
    again.text().contains(&stored),
    "the page names the stored one"
  );
  let list = v.get("/advisor?q=ta+xua");
  assert!(
    list.text().contains("Chè Tà Xùa"),
    "found without diacritics"
  );
  let none = v.get("/advisor?q=mường+khương").text();
  assert!(
    none.contains("Không có tổ chức nào có tên hoặc mã số chứa &quot;mường khương&quot;"),
    "a search that finds nothing says so, not that the list is empty"
  );
}

#[test]
fn a_cooperative_group_without_an_identification_number_opens_from_the_list() {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["lam_dong"], PASSWORD);
  let mut v = web.visitor();
  v.login("adv@lmhtx.vn", PASSWORD);
  let r = import(&mut v, "rau.yaml", &example("to-hop-tac-rau.yaml"));
  assert_eq!(r.status, 303);
  let list = v.get("/advisor").text();
  let link = capture(&list, r#"href="(&#x2f;advisor&#x2f;coop&#x2f;[^"]+)""#)
    .expect("a link to the group")
    .replace("&#x2f;", "/");
  let page = v.get(&link);
  assert_eq!(page.status, 200, "{link} opens");
  assert!(page.text().contains("Tổ hợp tác Rau an toàn Thôn Phú Cát"));
}

#[test]
fn an_unfinished_self_assessment_claimed_by_its_advisor_has_no_level_yet() {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["son_la"], PASSWORD);
  let mut coop = web.visitor();
  let (id, code) = coop.start();
  let url = format!("/a/{id}/profile");
  let page = coop.get(&url);
  let example: yaml_serde::Value =
    yaml_serde::from_str(&example("htx-nong-nghiep-khoi-dau.yaml")).expect("example");
  let fields = crate::web_client::page_answers(&page.text(), &example);
  let csrf = page.csrf();
  let mut form = vec![("go", "next"), ("csrf", csrf.as_str())];
  form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
  assert_eq!(coop.post(&url, &form).status, 303, "the profile is saved");

  let mut v = web.visitor();
  v.login("adv@lmhtx.vn", PASSWORD);
  let list = v.get("/advisor");
  let r = v.post("/advisor/claim", &[("csrf", &list.csrf()), ("code", &code)]);
  assert_eq!(r.status, 303);
  let list = v.get("/advisor").text();
  let row = list
    .split("<tr>")
    .find(|row| row.contains("Chè Tà Xùa"))
    .expect("the claimed cooperative is listed");
  assert!(row.contains("Đang làm"), "{row}");
  assert!(
    !row.contains("(0") && !row.contains("1 ("),
    "no level: {row}"
  );
}

/// Posts `text` as an uploaded file to the import page.
pub fn import(
  v: &mut crate::web_client::Visitor<'_>,
  name: &str,
  text: &str,
) -> crate::web_client::Resp {
  let page = v.get("/advisor/import");
  let boundary = "coopdxboundary7MA4YWxk";
  let body = format!(
    "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/yaml\r\n\r\n{text}\r\n--{boundary}--\r\n",
    page.csrf()
  );
  v.send(
    "POST",
    "/advisor/import",
    Some(&format!("multipart/form-data; boundary={boundary}")),
    body.into_bytes(),
  )
}

/// Every input of `html` that a person fills in has a label: a radio or
/// box inside its `<label>`, any other field named by a `<label for>`; and
/// every group of radio buttons sits in a fieldset with a legend.
fn unlabelled(html: &str) -> Vec<String> {
  let mut found = Vec::new();
  let input = regex::Regex::new(r#"<(input|select|textarea)\b[^>]*>"#).expect("pattern");
  for m in input.find_iter(html) {
    let tag = m.as_str();
    if tag.contains(r#"type="hidden""#) {
      continue;
    }
    let before = &html[..m.start()];
    let line = before.rsplit('\n').next().unwrap_or("");
    let boxed = tag.contains(r#"type="radio""#) || tag.contains(r#"type="checkbox""#);
    let labelled = if boxed {
      line.trim_start().starts_with("<label")
    } else {
      tag.contains("aria-labelledby=")
        || capture(tag, r#"id="([^"]+)""#)
          .is_some_and(|id| html.contains(&format!(r#"for="{id}""#)))
    };
    if !labelled {
      found.push(tag.to_owned());
    }
  }
  let radios = html.matches(r#"type="radio""#).count();
  if radios > 0 && (!html.contains("<fieldset") || !html.contains("<legend>")) {
    found.push("radio buttons outside a fieldset".into());
  }
  found
}

#[test]
fn every_input_is_labelled_and_every_page_is_light_with_its_stylesheet() {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["son_la"], PASSWORD);
  let mut v = web.visitor();
  let css = v.get("/static/app.css").bytes.len();
  let (id, _) = v.start();
  let mut pages = v.fill(&id, &example("htx-nong-nghiep-tien-tien.yaml"));
  for path in [
    "/",
    "/resume",
    "/login",
    &format!("/a/{id}"),
    &format!("/a/{id}/result"),
  ] {
    pages.push((path.to_owned(), v.get(path)));
  }
  let mut adv = web.visitor();
  adv.login("adv@lmhtx.vn", PASSWORD);
  for path in ["/advisor", "/advisor/import"] {
    pages.push((path.to_owned(), adv.get(path)));
  }
  for (path, page) in &pages {
    assert_eq!(page.status, 200, "{path}");
    let weight = page.bytes.len() + css;
    assert!(
      weight <= 50 * 1024,
      "{path} weighs {weight} bytes with its stylesheet"
    );
    let missing = unlabelled(&page.text());
    assert!(missing.is_empty(), "{path}: unlabelled {missing:?}");
  }
}

#[test]
fn an_oversized_form_is_refused_before_it_is_read() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  let huge = "x".repeat(400 * 1024);
  let r = v.post(&format!("/a/{id}/profile"), &[("p.name", &huge)]);
  assert_eq!(r.status, 413);
  assert!(
    r.text().contains("Biểu mẫu quá lớn"),
    "the refusal is a page in the reader's language"
  );
}

#[test]
fn an_advisor_interview_keeps_a_note_under_each_answer() {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["son_la"], PASSWORD);
  let mut v = web.visitor();
  v.login("adv@lmhtx.vn", PASSWORD);
  let list = v.get("/advisor");
  let r = v.post("/advisor/new", &[("csrf", &list.csrf())]);
  assert_eq!(r.status, 303);
  let id = r
    .location()
    .trim_start_matches("/a/")
    .trim_end_matches("/profile")
    .to_owned();
  v.fill(&id, &example("htx-nong-nghiep-khoi-dau.yaml"));
  let url = format!("/a/{id}/d/leadership");
  let page = v.get(&url);
  assert!(
    page.text().contains("name=\"n.LD01\""),
    "each question has a note field"
  );
  let r = v.post(
    &url,
    &[
      ("csrf", &page.csrf()),
      ("go", "save"),
      ("q.LD01", "interested"),
      ("n.LD01", "Chủ tịch nói: \"chưa có kế hoạch\""),
    ],
  );
  assert_eq!(r.status, 303);
  let exported = v.get(&format!("/a/{id}/assessment.yaml")).text();
  assert!(exported.contains("mode: advisor"));
  assert!(
    exported.contains("chưa có kế hoạch"),
    "the note is in the file:\n{exported}"
  );
  assert!(
    exported.contains("adv@lmhtx.vn"),
    "the advisor is the assessor"
  );
  let review = v.get(&format!("/a/{id}/review")).text();
  assert!(
    review.contains("Chủ tịch nói: &quot;chưa có kế hoạch&quot;"),
    "the review page shows the note under its answer"
  );
  assert!(
    page.text().contains(r#"href="/advisor""#),
    "the advisor's pages lead back to the list"
  );
  assert!(
    !page.text().contains(r#"<p class="small">Mã bài đánh giá"#),
    "no code is offered that /resume would refuse"
  );
}

#[test]
fn simultaneous_sign_ins_cannot_slip_under_the_limit() {
  let web = Web::new();
  let store = &web.app.store;
  let granted = std::sync::atomic::AtomicUsize::new(0);
  std::thread::scope(|s| {
    for _ in 0..40 {
      s.spawn(|| {
        if store
          .reserve_attempt(&[("login:a@b.vn", 5), ("login@10.0.0.1", 20)], 900)
          .expect("store")
        {
          granted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
      });
    }
  });
  assert_eq!(
    granted.into_inner(),
    5,
    "five tries an account, however many arrive at once"
  );
}

#[test]
fn a_note_without_an_answer_is_refused_not_dropped() {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["son_la"], PASSWORD);
  let mut v = web.visitor();
  v.login("adv@lmhtx.vn", PASSWORD);
  let list = v.get("/advisor");
  let id = v
    .post("/advisor/new", &[("csrf", &list.csrf())])
    .location()
    .trim_start_matches("/a/")
    .trim_end_matches("/profile")
    .to_owned();
  v.fill(&id, &example("htx-nong-nghiep-khoi-dau.yaml"));
  let url = format!("/a/{id}/d/people");
  let page = v.get(&url);
  let r = v.post(
    &url,
    &[
      ("csrf", &page.csrf()),
      ("go", "save"),
      ("q.PE05", ""),
      ("n.PE05", "quan sát quan trọng"),
    ],
  );
  assert_eq!(r.status, 422, "the note is not thrown away in silence");
  assert!(
    r.text().contains("quan sát quan trọng"),
    "what was typed is shown again"
  );
  assert!(
    errors(&r.text())
      .iter()
      .any(|e| e.contains("chọn câu trả lời")),
    "a choice is chosen"
  );
  // A number is written, not chosen.
  let r = v.post(
    &url,
    &[
      ("csrf", &page.csrf()),
      ("go", "save"),
      ("q.PE01", ""),
      ("n.PE01", "ước lượng của kế toán"),
    ],
  );
  assert_eq!(r.status, 422);
  let shown = errors(&r.text());
  assert!(
    shown.iter().any(|e| e.contains("ghi câu trả lời")),
    "{shown:?}"
  );
}

#[test]
fn a_refused_answer_is_explained_without_the_questions_code() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  v.fill(&id, &example("htx-nong-nghiep-khoi-dau.yaml"));
  let url = format!("/a/{id}/d/people");
  let page = v.get(&url);
  let r = v.post(
    &url,
    &[
      ("csrf", &page.csrf()),
      ("go", "save"),
      ("q.PE01", "150"),
      ("q.PE02", "abc"),
    ],
  );
  assert_eq!(r.status, 422);
  let shown = errors(&r.text());
  assert_eq!(shown.len(), 2, "{shown:?}");
  assert!(
    shown.iter().all(|e| !e.contains("PE0")),
    "the page never shows question codes, so its messages do not either: {shown:?}"
  );
  assert!(
    shown[0].contains("150") && shown[0].contains("100"),
    "{shown:?}"
  );
  assert!(shown[1].contains("abc"), "{shown:?}");
}

#[test]
fn what_the_report_cannot_print_is_refused_by_its_field() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  let page = v.get(&format!("/a/{id}/profile"));
  for name in [
    "Hợp tác xã 🍵 Trà",
    "Hợp tác xã\u{1b}[31m",
    "Hợp tác xã\u{2028}Trà",
    "Hợp tác xã\u{3000}Trà",
  ] {
    let r = v.post(
      &format!("/a/{id}/profile"),
      &[("csrf", &page.csrf()), ("go", "save"), ("p.name", name)],
    );
    assert_eq!(r.status, 422, "{name:?}");
    let shown = errors(&r.text()).join(" ");
    assert!(
      shown.contains("Tên"),
      "the field is named by its label: {shown}"
    );
  }
}

#[test]
fn a_page_that_no_longer_applies_is_not_written() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  v.fill(&id, &example("htx-nong-nghiep-khoi-dau.yaml"));
  let before = web
    .app
    .store
    .assessment(&id)
    .expect("store")
    .expect("there");
  for url in [
    format!("/a/{id}/d/nonexistent"),
    format!("/a/{id}/d/%2e%2e"),
  ] {
    let page = v.get(&format!("/a/{id}/d/leadership"));
    let r = v.post(&url, &[("csrf", &page.csrf()), ("go", "next")]);
    assert!(r.status == 409 || r.status == 404, "{url}: {}", r.status);
  }
  let after = web
    .app
    .store
    .assessment(&id)
    .expect("store")
    .expect("there");
  assert_eq!(before.revision, after.revision, "nothing was written");
  assert_eq!(
    after.status,
    coopdx::storage::Status::Complete,
    "and it is still complete"
  );
}

#[test]
fn a_code_opens_only_a_self_assessment_and_a_bad_stage_is_refused() {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["son_la"], PASSWORD);
  let mut adv = web.visitor();
  adv.login("adv@lmhtx.vn", PASSWORD);
  let list = adv.get("/advisor");
  for stage in ["t1", "T 1", "Lần 2", "T9999999"] {
    let r = adv.post("/advisor/new", &[("csrf", &list.csrf()), ("stage", stage)]);
    assert_eq!(r.status, 422, "{stage}");
  }
  let r = adv.post("/advisor/new", &[("csrf", &list.csrf()), ("stage", "T1")]);
  let id = r
    .location()
    .trim_start_matches("/a/")
    .trim_end_matches("/profile")
    .to_owned();
  let code = web
    .app
    .store
    .assessment(&id)
    .expect("store")
    .expect("there")
    .code;
  let mut stranger = web.visitor();
  let page = stranger.get("/resume");
  let r = stranger.post("/resume", &[("csrf", &page.csrf()), ("code", &code)]);
  assert_eq!(
    r.status, 404,
    "an advisor's assessment is not opened by its code"
  );
  assert!(
    !r.location().contains(&id),
    "and its link is not given away"
  );
}

#[test]
fn finishing_too_early_names_the_questions_in_the_cooperatives_words() {
  let web = Web::new();
  let mut v = web.visitor();
  let (id, _) = v.start();
  v.fill(&id, &example("htx-nong-nghiep-khoi-dau.yaml"));
  // LD01 left empty again.
  let url = format!("/a/{id}/d/leadership");
  let page = v.get(&url);
  v.post(&url, &[("csrf", &page.csrf()), ("go", "save")]);
  let review = v.get(&format!("/a/{id}/review"));
  let r = v.post(&format!("/a/{id}/finish"), &[("csrf", &review.csrf())]);
  assert_eq!(r.status, 422);
  let text = r.text();
  assert!(!text.contains("{{"), "no template code in the problems");
  assert!(
    text.contains("đã có định hướng hoặc kế hoạch chuyển đổi số chưa?"),
    "the missing questions are listed, by their text"
  );
  assert!(
    !text.contains("coopdx interview"),
    "a cooperative on a phone is not sent to a terminal command"
  );
}

/// A tổ hợp tác is never called "hợp tác xã": no question page nor its
/// result names it that way once its profile says what it is. Proper
/// names aside (the Law on Cooperatives, the cooperative accounting
/// regime); the profile page offers "Hợp tác xã" as a legal form.
#[test]
fn a_cooperative_group_is_never_called_a_cooperative_on_its_pages() {
  let web = Web::new();
  for name in ["to-hop-tac-rau.yaml", "to-hop-tac-nuoi-ong.yaml"] {
    let mut v = web.visitor();
    let (id, _) = v.start();
    let mut pages = v.fill(&id, &example(name));
    let result = format!("/a/{id}/result");
    pages.push((result.clone(), v.get(&result)));
    let found: Vec<String> = pages
      .iter()
      .filter(|(url, _)| !url.ends_with("/profile"))
      .filter_map(|(url, page)| {
        let text = page
          .text()
          .to_lowercase()
          .replace("luật hợp tác xã", "")
          .replace("chế độ kế toán hợp tác xã", "");
        // Nor given the bodies of one: it has neither (domain.md).
        let (at, word) = ["hợp tác xã", "hội đồng quản trị", "đại hội thành viên"]
          .into_iter()
          .find_map(|w| Some((text.find(w)?, w)))?;
        let around: String = text[..at]
          .chars()
          .rev()
          .take(60)
          .collect::<Vec<_>>()
          .into_iter()
          .rev()
          .collect();
        Some(format!("{url}: …{around}{word}"))
      })
      .collect();
    assert!(found.is_empty(), "{name}:\n{}", found.join("\n"));
  }
}
