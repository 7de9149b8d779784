//! The advisor workspace: sign in, the cooperatives of one's provinces,
//! each one's assessments over time with compare, a new advisor-mode
//! assessment, claiming a self-assessment by its code, importing an
//! assessment file from an offline terminal interview.

use super::common::*;
use axum::extract::Multipart;

/// Failed logins allowed per account and per address in [`WINDOW`].
const ACCOUNT_TRIES: i64 = 5;
const ADDRESS_TRIES: i64 = 20;
const WINDOW: i64 = 15 * 60;

/// `GET /login`.
pub async fn login_form(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || {
    let (csrf, set) = anonymous_csrf(&app, &req);
    with(login_page(&app, &req, &csrf, 200, None, ""), set)
  })
  .await
}

fn login_page(
  app: &App,
  req: &Req,
  csrf: &str,
  status: u16,
  error: Option<&str>,
  email: &str,
) -> Page {
  let error = error.map(|k| app.pages.word(req.lang, k));
  app.pages.render(
    "login.html.j2",
    req,
    status,
    context! { csrf, error, email },
  )
}

/// `POST /login`: argon2id check, rate-limited per account and per
/// address; a new session on success.
pub async fn login(State(app): State<Shared>, req: Req, fields: Fields) -> Page {
  blocking(move || {
    if !anonymous_csrf_ok(&req, &fields) {
      return expired(&app, &req);
    }
    let csrf = req.cookie("coopdx_csrf").unwrap_or("").to_owned();
    let email = fields.get("email").unwrap_or("").trim().to_lowercase();
    let password = fields.get("password").unwrap_or("");
    let (by_account, by_address) = (format!("login:{email}"), format!("login@{}", req.peer));
    // The attempt counts before the password is checked, so a burst of
    // simultaneous tries cannot all pass under the limit.
    let started = crate::storage::now();
    let keys = [
      (by_account.as_str(), ACCOUNT_TRIES),
      (by_address.as_str(), ADDRESS_TRIES),
    ];
    match app.store.reserve_attempt(&keys, WINDOW) {
      Ok(true) => {}
      Ok(false) => return login_page(&app, &req, &csrf, 429, Some("login_too_many"), &email),
      Err(e) => return failure(&app, &req, &e),
    }
    let found = match app.store.user_by_email(&email) {
      Ok(found) => found,
      Err(e) => return failure(&app, &req, &e),
    };
    let Some(_permit) = HASHING.acquire() else {
      return login_page(&app, &req, &csrf, 503, Some("login_busy"), &email);
    };
    // An unknown e-mail costs the same hash as a known one: the answer's
    // time does not tell which e-mails have accounts.
    let right = match &found {
      Some((_, hash)) => verify(password, hash),
      None => {
        let _ = verify(password, dummy_hash());
        false
      }
    };
    let Some((user, _)) = found.filter(|_| right) else {
      return login_page(&app, &req, &csrf, 401, Some("login_wrong"), &email);
    };
    let _ = app.store.clear_failures(&by_account);
    let _ = app.store.release_attempt(&by_address, started);
    let opened = token::secret().and_then(|session| {
      let session_csrf = token::secret()?;
      app
        .store
        .create_session(&session, &user.id, &session_csrf, SESSION_TTL)?;
      Ok(session)
    });
    match opened {
      Ok(session) => Page::redirect("/advisor").cookie(cookie(
        "coopdx_session",
        &session,
        SESSION_TTL,
        "Lax",
        app.secure,
      )),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

/// A hash no password matches, to check unknown e-mails against.
fn dummy_hash() -> &'static str {
  static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
  DUMMY.get_or_init(|| hash_password("no account has this password").unwrap_or_default())
}

/// How many password hashes run at once: each takes 19 MiB and a core
/// for a fraction of a second, so a burst of sign-ins waits its turn
/// instead of exhausting memory.
static HASHING: Permits = Permits::new(2);

/// A counting semaphore for blocking threads.
struct Permits {
  free: std::sync::Mutex<usize>,
  freed: std::sync::Condvar,
}

/// A permit, given back when dropped.
struct Permit(&'static Permits);

impl Permits {
  const fn new(n: usize) -> Self {
    Self {
      free: std::sync::Mutex::new(n),
      freed: std::sync::Condvar::new(),
    }
  }

  /// A permit, waiting up to ten seconds for one; `None` when the server
  /// is that busy.
  fn acquire(&'static self) -> Option<Permit> {
    let free = self.free.lock().ok()?;
    let (mut free, _) = self
      .freed
      .wait_timeout_while(free, std::time::Duration::from_secs(10), |n| *n == 0)
      .ok()?;
    if *free == 0 {
      return None;
    }
    *free -= 1;
    Some(Permit(self))
  }
}

impl Drop for Permit {
  fn drop(&mut self) {
    if let Ok(mut free) = self.0.free.lock() {
      *free += 1;
      self.0.freed.notify_one();
    }
  }
}

/// Whether `password` matches an argon2 PHC hash.
pub fn verify(password: &str, hash: &str) -> bool {
  use argon2::{Argon2, PasswordHash, PasswordVerifier};
  PasswordHash::new(hash).is_ok_and(|h| {
    Argon2::default()
      .verify_password(password.as_bytes(), &h)
      .is_ok()
  })
}

/// An argon2id hash of `password` with a random salt.
pub fn hash_password(password: &str) -> Result<String, Error> {
  use argon2::password_hash::{PasswordHasher, SaltString};
  let mut salt = [0u8; 16];
  getrandom::fill(&mut salt).map_err(|e| Error::Input {
    message: e.to_string(),
  })?;
  let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Input {
    message: e.to_string(),
  })?;
  argon2::Argon2::default()
    .hash_password(password.as_bytes(), &salt)
    .map(|h| h.to_string())
    .map_err(|e| Error::Input {
      message: e.to_string(),
    })
}

/// `POST /logout`.
pub async fn logout(State(app): State<Shared>, req: Req, fields: Fields) -> Page {
  blocking(move || {
    let (_, csrf) = match signed(&app, &req) {
      Ok(x) => x,
      Err(page) => return page,
    };
    if !token::same(fields.get("csrf").unwrap_or(""), &csrf) {
      return expired(&app, &req);
    }
    if let Some(t) = req.cookie("coopdx_session") {
      let _ = app.store.delete_session(t);
    }
    Page::redirect("/").cookie(cookie("coopdx_session", "", 0, "Lax", app.secure))
  })
  .await
}

/// The signed-in account and its CSRF token, or the login page.
fn signed(app: &App, req: &Req) -> Result<(User, String), Page> {
  match viewer(app, req) {
    Ok(Viewer::Signed { user, csrf }) => Ok((user, csrf)),
    Ok(Viewer::Anonymous) => Err(Page::redirect("/login")),
    Err(e) => Err(failure(app, req, &e)),
  }
}

/// A cooperative in the list.
#[derive(Serialize)]
struct Row {
  url: String,
  name: String,
  id_number: String,
  province: String,
  assessments: i64,
  latest_date: String,
  latest_level: Option<i64>,
  latest_index: Option<String>,
}

/// `GET /advisor`: the cooperatives of one's provinces, with search.
pub async fn home(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || {
    let (user, csrf) = match signed(&app, &req) {
      Ok(x) => x,
      Err(page) => return page,
    };
    home_page(&app, &req, &user, &csrf, 200, None)
  })
  .await
}

fn home_page(
  app: &App,
  req: &Req,
  user: &User,
  csrf: &str,
  status: u16,
  error: Option<String>,
) -> Page {
  let search = req.query.get("q").unwrap_or("").to_owned();
  let rows = match app.store.cooperatives(&user.visible(), &search) {
    Ok(rows) => rows,
    Err(e) => return failure(app, req, &e),
  };
  let rows: Vec<Row> = rows
    .into_iter()
    .map(|c| {
      // An unfinished assessment has no level yet, whatever its record holds.
      let finished = c.latest.status == Status::Complete;
      Row {
        province: province_name(app, &c.province, req),
        latest_date: date_of(&c.latest),
        latest_level: c.latest.summary.level.filter(|_| finished),
        latest_index: c
          .latest
          .summary
          .readiness_index
          .filter(|_| finished)
          .map(|x| index_text(x, req)),
        url: cooperative_url(&c.key),
        name: c.name,
        id_number: c.id_number,
        assessments: c.assessments,
      }
    })
    .collect();
  let provinces: Vec<String> = match user.visible() {
    crate::storage::Provinces::All => vec![app.pages.word(req.lang, "all_provinces")],
    crate::storage::Provinces::Only(list) => {
      list.iter().map(|p| province_name(app, p, req)).collect()
    }
  };
  let ctx =
    context! { user => user_value(user), csrf, rows => Serde(&rows), search, provinces, error };
  app.pages.render("advisor.html.j2", req, status, ctx)
}

/// A stored index as the report prints it, in the reader's numbers:
/// `37,50`.
fn index_text(x: f64, req: &Req) -> String {
  rust_decimal::Decimal::from_f64_retain(x)
    .map(|d| crate::number::format_number(crate::number::round(d, 2), 2, req.lang))
    .unwrap_or_default()
}

fn user_value(user: &User) -> Value {
  context! { name => user.name.as_str(), email => user.email.as_str(), admin => user.role == crate::storage::Role::Admin }
}

fn date_of(r: &Record) -> String {
  r.summary
    .assessed_on
    .as_deref()
    .and_then(crate::assessment::parse_date)
    .map(format_date)
    .unwrap_or_default()
}

fn province_name(app: &App, id: &str, req: &Req) -> String {
  app
    .content
    .questionnaire
    .field("province")
    .and_then(|f| f.options.iter().find(|o| o.id == id))
    .map_or_else(|| id.to_owned(), |o| o.label.get(req.lang).to_owned())
}

/// `POST /advisor/new`: an advisor-mode assessment, the advisor as
/// assessor.
pub async fn start(State(app): State<Shared>, req: Req, fields: Fields) -> Page {
  blocking(move || {
    let (user, csrf) = match signed(&app, &req) {
      Ok(x) => x,
      Err(page) => return page,
    };
    if !token::same(fields.get("csrf").unwrap_or(""), &csrf) {
      return expired(&app, &req);
    }
    let mut assessment = Assessment::new(&app.content);
    assessment.mode = Mode::Advisor;
    assessment.date = Some(today());
    assessment.assessor = Some(user.name.clone());
    if let Some(stage) = fields.get("stage").map(str::trim).filter(|s| !s.is_empty()) {
      if !crate::assessment::is_stage(stage) {
        let error = Some(app.pages.word(req.lang, "stage_invalid"));
        return home_page(&app, &req, &user, &csrf, 422, error);
      }
      assessment.stage = stage.to_owned();
    }
    // A follow-up (T1...) starts from the cooperative's profile.
    let viewer = Viewer::Signed {
      user: user.clone(),
      csrf: csrf.clone(),
    };
    if let Some(from) = fields.get("from").filter(|f| !f.is_empty())
      && let Ok(Some(old)) = app.store.assessment(from)
      && super::access::may_open(&viewer, &old)
      && let Ok(old) = load(&app, &old)
    {
      assessment.profile = old.profile;
    }
    match create(&app, &assessment, Some(user.id.clone())) {
      Ok(record) => Page::redirect(&format!("/a/{}/profile", record.id)),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

/// `POST /advisor/claim`: a self-assessment, by the code the cooperative
/// gave, joins its cooperative's history, if it is in the advisor's
/// provinces.
pub async fn claim(State(app): State<Shared>, req: Req, fields: Fields) -> Page {
  blocking(move || {
    let (user, csrf) = match signed(&app, &req) {
      Ok(x) => x,
      Err(page) => return page,
    };
    if !token::same(fields.get("csrf").unwrap_or(""), &csrf) {
      return expired(&app, &req);
    }
    let key = format!("code:{}", req.peer);
    let refuse = |word: &str, status: u16| {
      let error = Some(app.pages.word(req.lang, word));
      home_page(&app, &req, &user, &csrf, status, error)
    };
    if app.store.failures(&key, 3600).unwrap_or(i64::MAX) >= 20 {
      return refuse("resume_too_many", 429);
    }
    let found = match token::normalize_code(fields.get("code").unwrap_or("")) {
      Some(code) => app.store.assessment_by_code(&code),
      None => Ok(None),
    };
    let record = match found {
      Ok(Some(r)) if r.summary.mode == Mode::SelfAssessment.name() => r,
      Ok(_) => {
        let _ = app.store.record_failure(&key);
        return refuse("claim_unknown", 404);
      }
      Err(e) => return failure(&app, &req, &e),
    };
    if !user.visible().allows(record.summary.province.as_deref()) {
      return refuse("claim_other_province", 403);
    }
    let user_id = user.id.clone();
    // Joining a history that already has this stage (a second T0), it
    // takes the next one, so a comparison says which came first.
    let key = crate::storage::cooperative_key(&record.summary);
    // Its own stage is not taken: claimed twice (a double tap, back and
    // send again), it keeps it.
    let taken: Vec<String> = match app.store.history(&user.visible(), &key) {
      Ok(rows) => rows
        .into_iter()
        .filter(|r| r.id != record.id)
        .map(|r| r.summary.stage)
        .collect(),
      Err(e) => return failure(&app, &req, &e),
    };
    let result = app.store.update_assessment(&record.id, &mut |r| {
      r.claimed_by = Some(user_id.clone());
      let mut assessment = load(&app, r)?;
      if taken.contains(&assessment.stage) {
        assessment.stage = format!("T{}", taken.len());
        r.document = assessment.to_yaml(&app.content);
      }
      // Claimed, a finished one counts in advisors' summaries: its
      // figures again. An unfinished one has no score or level yet.
      r.summary = if r.status == Status::Complete {
        finished(&app, &assessment)?
      } else {
        summary(&app, &assessment, None)
      };
      Ok(())
    });
    let url = format!("{}?claimed=1", cooperative_url(&key));
    match result {
      Ok(_) => Page::redirect(&url),
      Err(e) => failure(&app, &req, &e),
    }
  })
  .await
}

/// An assessment in a cooperative's history.
#[derive(Serialize)]
struct HistoryRow {
  id: String,
  stage: String,
  date: String,
  mode: String,
  complete: bool,
  index: Option<String>,
  level: Option<i64>,
}

/// The address of a cooperative's page. A cooperative group has no
/// identification number, so its key holds its name and spaces; `+` is a
/// space only in a query, so the path spells a space `%20`.
fn cooperative_url(key: &str) -> String {
  let encoded: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
  format!("/advisor/coop/{}", encoded.replace('+', "%20"))
}

/// `GET /advisor/coop/{key}`: every assessment of one cooperative, oldest
/// first, with compare.
pub async fn cooperative(State(app): State<Shared>, req: Req, Path(key): Path<String>) -> Page {
  blocking(move || {
    let (user, csrf) = match signed(&app, &req) {
      Ok(x) => x,
      Err(page) => return page,
    };
    let records = match app.store.history(&user.visible(), &key) {
      Ok(r) if r.is_empty() => return not_found_page(&app, &req),
      Ok(r) => r,
      Err(e) => return failure(&app, &req, &e),
    };
    let name = records.last().map(|r| r.summary.name.clone()).unwrap_or_default();
    let latest = records.last().map(|r| r.id.clone()).unwrap_or_default();
    let rows: Vec<HistoryRow> = records
      .iter()
      .map(|r| HistoryRow {
        id: r.id.clone(),
        stage: r.summary.stage.clone(),
        date: date_of(r),
        mode: r.summary.mode.clone(),
        complete: r.status == Status::Complete,
        index: r.summary.readiness_index.map(|x| index_text(x, &req)),
        level: r.summary.level,
      })
      .collect();
    let complete: Vec<&HistoryRow> = rows.iter().filter(|r| r.complete).collect();
    let compare = match complete.as_slice() {
      [.., old, new] => Some(format!("/advisor/compare?old={}&new={}", old.id, new.id)),
      _ => None,
    };
    let next_stage = format!("T{}", rows.len());
    let claimed = req.query.has("claimed");
    let ctx = context! { user => user_value(&user), csrf, name, key, rows => Serde(&rows), compare, latest, next_stage, claimed };
    app.pages.render("cooperative.html.j2", &req, 200, ctx)
  })
  .await
}

/// `GET /advisor/compare?old=…&new=…`: T0 → T1 with the radar overlay.
pub async fn compare(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || {
    let (user, csrf) = match signed(&app, &req) {
      Ok(x) => x,
      Err(page) => return page,
    };
    let viewer = Viewer::Signed {
      user: user.clone(),
      csrf: csrf.clone(),
    };
    let get = |name: &str| -> Result<Assessment, Page> {
      let id = req.query.get(name).unwrap_or("");
      match app.store.assessment(id) {
        Ok(Some(r)) if super::access::may_open(&viewer, &r) && r.status == Status::Complete => {
          load(&app, &r).map_err(|e| failure(&app, &req, &e))
        }
        Ok(Some(_)) => Err(forbidden(&app, &req)),
        Ok(None) => Err(not_found_page(&app, &req)),
        Err(e) => Err(failure(&app, &req, &e)),
      }
    };
    let (old, new) = match (get("old"), get("new")) {
      (Ok(o), Ok(n)) => (o, n),
      (Err(p), _) | (_, Err(p)) => return p,
    };
    let computed = (|| {
      let comparison = crate::compare::compare(&app.content, &old, &new, req.lang)?;
      let score = crate::score(&app.content, &new)?;
      let text = crate::render::template(
        &app.content,
        "compare.md.j2",
        &context! { lang => req.lang.code(), c => Value::from(Serde(&comparison)) },
      );
      Ok::<_, Error>((comparison, score, text))
    })();
    let (comparison, score, _) = match computed {
      Ok(x) => x,
      Err(e) => return failure(&app, &req, &e),
    };
    let radar = crate::render::pdf::radar_svg(
      &score,
      Some(&comparison),
      (&new.stage, Some(&old.stage)),
      req.lang,
    );
    let ctx = context! {
      user => user_value(&user), csrf, radar,
      c => Value::from(Serde(&comparison)),
      name => new.name(),
      same => crate::compare::same_cooperative(&old, &new),
    };
    app.pages.render("compare.html.j2", &req, 200, ctx)
  })
  .await
}

/// `GET /advisor/import`.
pub async fn import_form(State(app): State<Shared>, req: Req) -> Page {
  blocking(move || {
    let (user, csrf) = match signed(&app, &req) {
      Ok(x) => x,
      Err(page) => return page,
    };
    let problems: Vec<String> = Vec::new();
    let ctx = context! { user => user_value(&user), csrf, problems, file => "" };
    app.pages.render("import.html.j2", &req, 200, ctx)
  })
  .await
}

/// `POST /advisor/import` (multipart): an assessment file from an offline
/// terminal interview, checked exactly as `coopdx score` checks it, its
/// problems shown with their lines.
pub async fn import(
  State(app): State<Shared>,
  req: Req,
  multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Page {
  // Signed in before the upload is read: nobody else makes the server
  // hold megabytes.
  let (check_app, check_req) = (app.clone(), req.clone());
  let refused = blocking(move || match signed(&check_app, &check_req) {
    Ok(_) => Page::status_text(200, ""),
    Err(page) => page,
  })
  .await;
  if refused.status() != 200 {
    return refused;
  }
  // Not a file upload: nothing to import, and no form token to trust.
  let Ok(mut multipart) = multipart else {
    return blocking(move || expired(&app, &req)).await;
  };
  let (fields, file) = match read_upload(&mut multipart).await {
    Ok(read) => read,
    Err(status) => {
      let (title, text) = if status == 413 {
        ("import_too_large_title", "import_too_large")
      } else {
        ("import_unreadable_title", "import_unreadable")
      };
      return blocking(move || message(&app, &req, status, title, text, "/advisor/import")).await;
    }
  };
  blocking(move || import_file(&app, &req, &fields, file)).await
}

/// The form fields and the uploaded file of an import, or the status that
/// refuses it: 413 for a file over the limit, 400 for an upload that
/// cannot be read.
async fn read_upload(
  multipart: &mut Multipart,
) -> Result<(Fields, Option<(String, Vec<u8>)>), u16> {
  let mut fields = Fields::default();
  let mut file = None;
  while let Some(field) = multipart.next_field().await.map_err(|_| 400u16)? {
    let name = field.name().unwrap_or("").to_owned();
    let filename = field.file_name().map(str::to_owned);
    let bytes = field.bytes().await.map_err(|_| 413u16)?;
    match filename {
      Some(_) if bytes.len() > super::IMPORT_LIMIT => return Err(413),
      Some(f) if name == "file" => file = Some((f, bytes.to_vec())),
      _ => fields
        .0
        .push((name, String::from_utf8_lossy(&bytes).into_owned())),
    }
  }
  Ok((fields, file))
}

/// The assessment of the same cooperative that holds the very document
/// being imported, if any: importing a file twice (a second click, the
/// same file sent again) would list the same interview twice.
fn imported_before(
  app: &App,
  user: &User,
  assessment: &Assessment,
  document: &str,
) -> Result<Option<String>, Error> {
  let key = crate::storage::cooperative_key(&summary(app, assessment, None));
  // Lists carry no documents: each of the cooperative's is read in turn.
  for r in app.store.history(&user.visible(), &key)? {
    if let Some(stored) = app.store.assessment(&r.id)?
      && stored.document == document
    {
      return Ok(Some(stored.id));
    }
  }
  Ok(None)
}

fn import_file(app: &App, req: &Req, fields: &Fields, file: Option<(String, Vec<u8>)>) -> Page {
  let (user, csrf) = match signed(app, req) {
    Ok(x) => x,
    Err(page) => return page,
  };
  if !token::same(fields.get("csrf").unwrap_or(""), &csrf) {
    return expired(app, req);
  }
  let refuse = |name: &str, problems: Vec<String>| {
    let ctx = context! { user => user_value(&user), csrf, problems, file => name };
    app.pages.render("import.html.j2", req, 422, ctx)
  };
  let Some((name, bytes)) = file.filter(|(n, b)| !n.is_empty() && !b.is_empty()) else {
    return refuse("", vec![app.pages.word(req.lang, "import_no_file")]);
  };
  let name = name.rsplit(['/', '\\']).next().unwrap_or("").to_owned();
  let Ok(text) = String::from_utf8(bytes) else {
    return refuse(
      &name,
      vec![format!(
        "{name}: {}",
        app.pages.word(req.lang, "import_not_utf8")
      )],
    );
  };
  let source = SourceFile::new(name.clone(), text);
  let assessment = match Assessment::parse(&source, &app.content, Completeness::Complete) {
    Ok(a) => a,
    Err(problems) => {
      let lines = problems
        .iter()
        .map(|p| p.render(&app.content, &name, req.lang))
        .collect();
      return refuse(&name, lines);
    }
  };
  if !user.visible().allows(assessment.profile_text("province")) {
    return refuse(
      &name,
      vec![app.pages.word(req.lang, "claim_other_province")],
    );
  }
  let document = assessment.to_yaml(&app.content);
  match imported_before(app, &user, &assessment, &document) {
    Ok(None) => {}
    Ok(Some(id)) => {
      let message = app.pages.word(req.lang, "import_duplicate");
      return refuse(&name, vec![format!("{name}: {message} /a/{id}/result")]);
    }
    Err(e) => return failure(app, req, &e),
  }
  let created = finished(app, &assessment).and_then(|summary| {
    app.store.create_assessment(NewAssessment {
      document,
      summary,
      created_by: Some(user.id.clone()),
      claimed_by: (assessment.mode == Mode::SelfAssessment).then(|| user.id.clone()),
      source: None,
      status: Status::Complete,
    })
  });
  match created {
    Ok(record) => Page::redirect(&format!("/a/{}/result", record.id)),
    Err(e) => failure(app, req, &e),
  }
}
