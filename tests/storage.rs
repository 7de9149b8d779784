//! The storage interface ([`coopdx::storage::Store`]) on every backend:
//! SQLite always; PostgreSQL too when `COOPDX_TEST_POSTGRES` holds a URL
//! (a superuser's, e.g. `postgres://postgres@127.0.0.1:5432/postgres`; .ci/run
//! starts a throwaway cluster and sets it). Each test runs in a database of
//! its own: a temporary SQLite file, a fresh PostgreSQL schema.

use coopdx::Error;
use coopdx::storage::{self, NewAssessment, Provinces, Role, Status, Store, Summary, User};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The variable naming the PostgreSQL server the tests may use.
pub const POSTGRES_VAR: &str = "COOPDX_TEST_POSTGRES";

/// A fresh schema on the PostgreSQL server of `COOPDX_TEST_POSTGRES`,
/// dropped with everything in it when this is dropped.
pub struct PgSchema {
  /// The `--db` URL whose connections use the schema.
  pub url: String,
  admin: String,
  name: String,
}

impl PgSchema {
  /// A new schema, or `None` when no server is named.
  pub fn new() -> Option<Self> {
    let admin = std::env::var(POSTGRES_VAR)
      .ok()
      .filter(|v| !v.trim().is_empty())?;
    let name = format!(
      "coopdx_test_{}",
      coopdx::storage::token::secret().expect("random")
    );
    let mut client = postgres::Client::connect(&admin, postgres::NoTls)
      .unwrap_or_else(|e| panic!("{POSTGRES_VAR}: {e:?}"));
    client
      .batch_execute(&format!("CREATE SCHEMA {name}"))
      .expect("schema created");
    let glue = if admin.contains('?') { '&' } else { '?' };
    Some(Self {
      url: format!("{admin}{glue}options=-csearch_path%3D{name}"),
      admin,
      name,
    })
  }

  /// A client on the schema, for what the interface does not do.
  pub fn client(&self) -> postgres::Client {
    postgres::Client::connect(&self.url, postgres::NoTls).expect("connects")
  }
}

impl Drop for PgSchema {
  fn drop(&mut self) {
    if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
      let _ = client.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name));
    }
  }
}

/// Where a test's database lives.
enum Place {
  /// The temporary folder, removed when dropped.
  Sqlite {
    _dir: tempfile::TempDir,
  },
  Postgres(PgSchema),
}

/// One backend's store for one test.
struct TestDb {
  /// Dropped first: its connections close before the schema goes.
  store: Box<dyn Store>,
  /// `sqlite` or `postgres`.
  kind: &'static str,
  /// What `--db` says.
  url: String,
  place: Place,
}

/// A fresh database of every backend available.
fn backends() -> Vec<TestDb> {
  let dir = tempfile::tempdir().expect("temp dir");
  let path = dir.path().join("coopdx.db");
  let url = path.to_str().expect("utf-8 path").to_owned();
  let mut out = vec![TestDb {
    store: storage::open(&url).expect("SQLite opens"),
    kind: "sqlite",
    url,
    place: Place::Sqlite { _dir: dir },
  }];
  if let Some(schema) = PgSchema::new() {
    out.push(TestDb {
      store: storage::open(&schema.url).expect("PostgreSQL opens"),
      kind: "postgres",
      url: schema.url.clone(),
      place: Place::Postgres(schema),
    });
  }
  out
}

/// Runs `test` on every backend, saying which one fails.
fn each(test: impl Fn(&TestDb)) {
  for db in backends() {
    eprintln!("--- on {}", db.kind);
    test(&db);
  }
}

/// A new assessment of cooperative `name`.
fn new(name: &str, id_number: Option<&str>, province: Option<&str>, mode: &str) -> NewAssessment {
  NewAssessment {
    document: format!("profile:\n  name: {name}\n"),
    summary: Summary {
      content_version: "test".into(),
      questionnaire_id: "dgcds".into(),
      questionnaire_version: "1".into(),
      mode: mode.into(),
      stage: "T0".into(),
      name: name.into(),
      id_number: id_number.map(Into::into),
      province: province.map(Into::into),
      ..Default::default()
    },
    created_by: None,
    claimed_by: None,
    source: None,
    status: Status::Draft,
  }
}

/// Adds an account (the hash is not checked here).
fn add_user(store: &dyn Store, email: &str, role: Role, provinces: &[&str]) -> User {
  let user = User {
    id: storage::token::secret().expect("random"),
    email: email.into(),
    name: format!("Name of {email}"),
    role,
    provinces: provinces.iter().map(|p| (*p).to_owned()).collect(),
  };
  store.add_user(&user, "hash").expect("account added");
  user
}

#[test]
fn an_assessment_is_created_then_read_by_id_and_by_code() {
  each(|db| {
    let s = db.store.as_ref();
    let mut a = new("HTX Tà Xùa", Some("5500123456"), Some("son_la"), "self");
    a.summary.readiness_index = Some(61.25);
    a.summary.level = Some(3);
    a.summary.assessed_on = Some("2025-03-01".into());
    a.summary.figures = Some(Default::default());
    a.status = Status::Complete;
    let mut r = s.create_assessment(a).expect("created");
    // Figures are written beside the record, not read back with it.
    r.summary.figures = None;
    assert_eq!(r.revision, 1);
    assert_eq!(r.status, Status::Complete);
    assert_eq!(r.id.len(), 26);
    assert_eq!(s.assessment(&r.id).expect("read").as_ref(), Some(&r));
    assert_eq!(
      s.assessment_by_code(&r.code).expect("read").as_ref(),
      Some(&r)
    );
    assert_eq!(s.assessment("nothing").expect("read"), None);
    assert_eq!(s.assessment_by_code("00000-00000").expect("read"), None);
    let other = s
      .create_assessment(new("HTX khác", None, None, "advisor"))
      .expect("created");
    assert_ne!(other.id, r.id);
    assert_ne!(other.code, r.code);
    assert_eq!(other.summary.id_number, None);
  });
}

/// The log SQLite writes is beside the file a link points to; every save
/// waits for that log's sync, so one looked for beside the link would fail
/// the save (or, worse, skip the sync).
#[cfg(unix)]
#[test]
fn a_database_opened_through_a_symbolic_link_saves() {
  let dir = tempfile::tempdir().expect("temp dir");
  let target = dir.path().join("data").join("coopdx.db");
  std::fs::create_dir(target.parent().expect("a folder")).expect("folder");
  let link = dir.path().join("coopdx.db");
  std::os::unix::fs::symlink(&target, &link).expect("link");
  let store = storage::open(link.to_str().expect("utf-8")).expect("opens through the link");
  let r = store
    .create_assessment(new("HTX Tà Xùa", None, Some("son_la"), "self"))
    .expect("saved");
  assert!(dir.path().join("data").join("coopdx.db-wal").exists());
  assert!(!dir.path().join("coopdx.db-wal").exists());
  assert_eq!(
    store.assessment(&r.id).expect("read").map(|a| a.id),
    Some(r.id)
  );
}

#[test]
fn updates_from_eight_threads_at_once_lose_nothing() {
  each(|db| {
    let s = db.store.as_ref();
    let r = s
      .create_assessment(new("HTX Song Song", None, Some("son_la"), "self"))
      .expect("created");
    std::thread::scope(|scope| {
      for thread in 0..8 {
        let id = r.id.clone();
        scope.spawn(move || {
          for round in 0..5 {
            let saved = s
              .update_assessment(&id, &mut |r| {
                r.document.push_str(&format!("t{thread}r{round}: x\n"));
                let sum = &mut r.summary;
                match thread {
                  0 => sum.name = "Tên mới".into(),
                  1 => sum.province = Some("lao_cai".into()),
                  2 => sum.legal_form = Some("htx".into()),
                  3 => sum.sector = Some("nong_nghiep".into()),
                  4 => sum.stage = "T1".into(),
                  5 => r.page = 7,
                  6 => sum.readiness_index = Some(55.5),
                  _ => sum.level = Some(2),
                }
                Ok(())
              })
              .expect("saved");
            assert!(saved.is_some());
          }
        });
      }
    });
    let r = s.assessment(&r.id).expect("read").expect("still there");
    assert_eq!(r.revision, 41, "every save counted");
    for thread in 0..8 {
      for round in 0..5 {
        assert!(
          r.document.contains(&format!("t{thread}r{round}: x\n")),
          "t{thread}r{round} kept: {}",
          r.document
        );
      }
    }
    let sum = &r.summary;
    assert_eq!(sum.name, "Tên mới");
    assert_eq!(sum.province.as_deref(), Some("lao_cai"));
    assert_eq!(sum.legal_form.as_deref(), Some("htx"));
    assert_eq!(sum.sector.as_deref(), Some("nong_nghiep"));
    assert_eq!(sum.stage, "T1");
    assert_eq!(r.page, 7);
    assert_eq!(sum.readiness_index, Some(55.5));
    assert_eq!(sum.level, Some(2));
  });
}

#[test]
fn a_refused_change_saves_nothing_and_a_missing_id_is_none() {
  each(|db| {
    let s = db.store.as_ref();
    let r = s
      .create_assessment(new("HTX Cẩn Thận", None, None, "self"))
      .expect("created");
    let refused = s.update_assessment(&r.id, &mut |r| {
      r.document = "gone".into();
      r.summary.name = "gone".into();
      Err(Error::Input {
        message: "no".into(),
      })
    });
    assert!(matches!(refused, Err(Error::Input { .. })), "{refused:?}");
    assert_eq!(s.assessment(&r.id).expect("read"), Some(r.clone()));
    let missing = s
      .update_assessment("nothing", &mut |_| panic!("no record to change"))
      .expect("no error");
    assert_eq!(missing, None);
    // The connection that carried the refused change still works.
    let saved = s
      .update_assessment(&r.id, &mut |r| {
        r.summary.stage = "T1".into();
        r.page = 3;
        Ok(())
      })
      .expect("saved")
      .expect("found");
    assert_eq!((saved.revision, saved.page), (2, 3));
    assert!(saved.updated_at >= r.updated_at);
    // A change that changes nothing (a page sent twice) is not written:
    // the record, its revision and its time stay as they were.
    let again = s
      .update_assessment(&r.id, &mut |r| {
        r.summary.stage = "T1".into();
        Ok(())
      })
      .expect("no error")
      .expect("found");
    assert_eq!(again, saved);
    assert_eq!(s.assessment(&r.id).expect("read"), Some(saved));
  });
}

#[test]
fn advisors_see_their_provinces_advisor_work_and_claimed_self_assessments() {
  each(|db| {
    let s = db.store.as_ref();
    let advisor = add_user(s, "huong@lmhtx.vn", Role::Advisor, &["son_la"]);
    let store = |mut a: NewAssessment, on: Option<&str>, by: Option<&str>| {
      a.summary.assessed_on = on.map(Into::into);
      a.created_by = (a.summary.mode == "advisor").then(|| advisor.id.clone());
      a.claimed_by = by.map(Into::into);
      s.create_assessment(a).expect("created")
    };
    let first = store(
      new("HTX Tà Xùa", Some("5500123456"), Some("son_la"), "advisor"),
      Some("2024-01-10"),
      None,
    );
    let later = store(
      new(
        "HTX Tà Xùa Mới",
        Some("5500123456"),
        Some("son_la"),
        "advisor",
      ),
      Some("2025-03-01"),
      None,
    );
    // Not claimed: nobody lists it.
    store(
      new("HTX Tà Xùa", Some("5500123456"), Some("son_la"), "self"),
      Some("2025-06-01"),
      None,
    );
    let claimed = store(
      new("Tổ hợp tác Rau", None, Some("son_la"), "self"),
      None,
      Some(&advisor.id),
    );
    let elsewhere = store(
      new(
        "HTX Đồng Văn",
        Some("1000000001"),
        Some("ha_giang"),
        "advisor",
      ),
      Some("2025-01-01"),
      None,
    );

    let son_la = Provinces::Only(vec!["son_la".into()]);
    let rows = s.cooperatives(&son_la, "").expect("listed");
    let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["5500123456", "~to hop tac rau"]);
    assert_eq!(rows[0].assessments, 2);
    assert_eq!(rows[0].latest.id, later.id, "the latest by date");
    assert_eq!(rows[0].name, "HTX Tà Xùa Mới");
    assert_eq!(rows[0].province, "son_la");
    assert_eq!(rows[0].id_number, "5500123456");
    assert_eq!(rows[1].latest.id, claimed.id);
    assert_eq!(rows[1].id_number, "");
    assert!(
      rows[0].latest.document.is_empty(),
      "lists carry no documents"
    );

    let everywhere = s.cooperatives(&Provinces::All, "").expect("listed");
    assert_eq!(everywhere.len(), 3);
    assert_eq!(
      everywhere[0].latest.id, elsewhere.id,
      "Đồng Văn sorts as Dong"
    );
    let found = |provinces: &Provinces, search: &str| -> Vec<String> {
      s.cooperatives(provinces, search)
        .expect("searched")
        .into_iter()
        .map(|r| r.key)
        .collect()
    };
    assert_eq!(found(&son_la, "ta xua"), ["5500123456"]);
    assert_eq!(found(&son_la, " 550012 "), ["5500123456"]);
    assert_eq!(found(&son_la, "dong van"), Vec::<String>::new());
    assert_eq!(found(&Provinces::All, "ĐỒNG"), ["1000000001"]);
    assert!(found(&Provinces::Only(Vec::new()), "").is_empty());

    let history = s.history(&son_la, "5500123456").expect("history");
    let ids: Vec<&str> = history.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [first.id.as_str(), later.id.as_str()], "oldest first");
    assert!(
      s.history(&Provinces::Only(vec!["ha_giang".into()]), "5500123456")
        .expect("history")
        .is_empty()
    );
    let rau = s
      .history(&Provinces::All, "~to hop tac rau")
      .expect("history");
    assert_eq!(rau.len(), 1);
    assert_eq!(rau[0].claimed_by.as_deref(), Some(advisor.id.as_str()));
    assert!(
      s.history(&Provinces::All, "9999999999")
        .expect("history")
        .is_empty()
    );
  });
}

#[test]
fn accounts_are_found_by_email_and_an_email_is_taken_once() {
  each(|db| {
    let s = db.store.as_ref();
    let advisor = add_user(s, "huong@lmhtx.vn", Role::Advisor, &["son_la", "lao_cai"]);
    let admin = add_user(s, "admin@lmhtx.vn", Role::Admin, &[]);
    let (found, hash) = s
      .user_by_email("huong@lmhtx.vn")
      .expect("read")
      .expect("found");
    assert_eq!(hash, "hash");
    assert_eq!(found.id, advisor.id);
    assert_eq!(found.role, Role::Advisor);
    assert_eq!(found.provinces, ["lao_cai", "son_la"], "sorted");
    assert!(matches!(found.visible(), Provinces::Only(_)));
    let (found, _) = s
      .user_by_email("admin@lmhtx.vn")
      .expect("read")
      .expect("found");
    assert_eq!(found, admin);
    assert!(s.user_by_email("nobody@lmhtx.vn").expect("read").is_none());
    let again = User {
      id: storage::token::secret().expect("random"),
      ..advisor.clone()
    };
    let taken = s.add_user(&again, "other");
    assert!(matches!(taken, Err(Error::Input { .. })), "{taken:?}");
    // Eight administrators adding the same e-mail at once: one account.
    let added = AtomicUsize::new(0);
    std::thread::scope(|scope| {
      for _ in 0..8 {
        scope.spawn(|| {
          let user = User {
            id: storage::token::secret().expect("random"),
            email: "same@lmhtx.vn".into(),
            name: "Same".into(),
            role: Role::Admin,
            provinces: Vec::new(),
          };
          match s.add_user(&user, "hash") {
            Ok(()) => {
              added.fetch_add(1, Ordering::SeqCst);
            }
            Err(Error::Input { .. }) => {}
            Err(e) => panic!("not a refusal: {e:?}"),
          }
        });
      }
    });
    assert_eq!(added.load(Ordering::SeqCst), 1);
  });
}

#[test]
fn sessions_open_extend_expire_and_end() {
  each(|db| {
    let s = db.store.as_ref();
    let user = add_user(s, "huong@lmhtx.vn", Role::Advisor, &["son_la"]);
    s.create_session("token-1", &user.id, "csrf-1", 3600)
      .expect("opened");
    let (found, csrf) = s.session("token-1", 3600).expect("read").expect("live");
    assert_eq!(
      (found.id.as_str(), csrf.as_str()),
      (user.id.as_str(), "csrf-1")
    );
    assert_eq!(found.provinces, ["son_la"]);
    assert!(s.session("token-2", 3600).expect("read").is_none());
    s.delete_session("token-1").expect("ended");
    assert!(s.session("token-1", 3600).expect("read").is_none());

    s.create_session("expired", &user.id, "c", -1)
      .expect("opened");
    assert!(s.session("expired", 3600).expect("read").is_none());
    // Two sessions of two seconds: one used (and so extended), one not.
    s.create_session("used", &user.id, "c", 2).expect("opened");
    s.create_session("idle", &user.id, "c", 2).expect("opened");
    assert!(s.session("used", 3600).expect("read").is_some());
    std::thread::sleep(std::time::Duration::from_millis(3200));
    assert!(s.session("used", 3600).expect("read").is_some(), "extended");
    assert!(s.session("idle", 3600).expect("read").is_none(), "expired");
    // Opening a session clears the expired ones; the live one stays.
    s.create_session("token-3", &user.id, "c", 3600)
      .expect("opened");
    assert!(s.session("used", 3600).expect("read").is_some());
  });
}

#[test]
fn forty_attempts_at_once_let_exactly_the_limit_through() {
  each(|db| {
    let s = db.store.as_ref();
    let through = AtomicUsize::new(0);
    std::thread::scope(|scope| {
      for i in 0..40 {
        let through = &through;
        scope.spawn(move || {
          // Half name the keys in the other order: no deadlock.
          let keys: &[(&str, i64)] = if i % 2 == 0 {
            &[("account:a@b.vn", 5), ("address:10.0.0.1", 100)]
          } else {
            &[("address:10.0.0.1", 100), ("account:a@b.vn", 5)]
          };
          if s.reserve_attempt(keys, 3600).expect("counted") {
            through.fetch_add(1, Ordering::SeqCst);
          }
        });
      }
    });
    assert_eq!(through.load(Ordering::SeqCst), 5);
    assert_eq!(s.failures("account:a@b.vn", 3600).expect("count"), 5);
    assert_eq!(
      s.failures("address:10.0.0.1", 3600).expect("count"),
      5,
      "a refused attempt records nothing"
    );
    // A success takes its attempt back.
    let before = storage::now() - 1;
    s.release_attempt("address:10.0.0.1", before)
      .expect("released");
    assert_eq!(s.failures("address:10.0.0.1", 3600).expect("count"), 0);
    assert_eq!(s.failures("account:a@b.vn", 3600).expect("count"), 5);
    assert!(
      !s.reserve_attempt(&[("account:a@b.vn", 5)], 3600)
        .expect("counted")
    );
    assert!(
      s.reserve_attempt(&[("account:a@b.vn", 5)], -10)
        .expect("counted"),
      "attempts outside the window do not count"
    );

    s.record_failure("code:10.0.0.2").expect("recorded");
    s.record_failure("code:10.0.0.2").expect("recorded");
    assert_eq!(s.failures("code:10.0.0.2", 3600).expect("count"), 2);
    assert_eq!(s.failures("code:10.0.0.2", -10).expect("count"), 0);
    s.clear_failures("code:10.0.0.2").expect("cleared");
    assert_eq!(s.failures("code:10.0.0.2", 3600).expect("count"), 0);
    assert_eq!(s.failures("account:a@b.vn", 3600).expect("count"), 6);
  });
}

#[test]
fn each_assessment_visits_every_one_oldest_first_and_stops_on_an_error() {
  each(|db| {
    let s = db.store.as_ref();
    let mut made = Vec::new();
    for i in 0..5 {
      let r = s
        .create_assessment(new(&format!("HTX {i}"), None, None, "self"))
        .expect("created");
      made.push((r.created_at, r.id));
    }
    made.sort();
    let mut seen = Vec::new();
    s.each_assessment(&mut |r| {
      assert!(r.document.contains("HTX"), "with its document");
      seen.push((r.created_at, r.id.clone()));
      Ok(())
    })
    .expect("walked");
    assert_eq!(seen, made);
    let mut visits = 0;
    let stopped = s.each_assessment(&mut |_| {
      visits += 1;
      Err(Error::Input {
        message: "stop".into(),
      })
    });
    assert!(matches!(stopped, Err(Error::Input { .. })), "{stopped:?}");
    assert_eq!(visits, 1);
    // The store still answers afterwards.
    assert_eq!(
      s.assessment(&made[0].1).expect("read").map(|r| r.id),
      Some(made[0].1.clone())
    );
  });
}

#[test]
fn a_backup_is_a_complete_copy() {
  each(|db| {
    let s = db.store.as_ref();
    let r = s
      .create_assessment(new("HTX Sao Lưu", None, None, "self"))
      .expect("created");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("copy");
    match (&db.place, s.backup(&file)) {
      (Place::Sqlite { .. }, result) => {
        result.expect("backed up");
        let copy = storage::open(file.to_str().expect("utf-8")).expect("the copy opens");
        assert_eq!(copy.assessment(&r.id).expect("read"), Some(r.clone()));
        assert!(copy.check().expect("checked").is_empty());
      }
      (Place::Postgres(_), Ok(())) => {
        let bytes = std::fs::read(&file).expect("the dump is there");
        assert!(bytes.starts_with(b"PGDMP"), "a pg_dump custom archive");
      }
      (Place::Postgres(_), Err(e)) => {
        assert!(format!("{e:?}").contains("pg_dump"), "{e:?}");
        assert!(!pg_dump_installed(), "pg_dump is there but failed: {e:?}");
      }
    }
    let names: BTreeSet<String> = std::fs::read_dir(dir.path())
      .expect("dir")
      .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
      .collect();
    assert!(
      names.iter().all(|n| n == "copy"),
      "no temporary file left: {names:?}"
    );
  });
}

/// Whether `pg_dump` is where the backup looks for it.
fn pg_dump_installed() -> bool {
  let on_path = std::env::var_os("PATH")
    .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("pg_dump").is_file()));
  on_path
    || std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|versions| {
      versions
        .filter_map(Result::ok)
        .any(|v| v.path().join("bin/pg_dump").is_file())
    })
}

#[test]
fn check_finds_nothing_in_a_sound_database_and_names_an_orphan() {
  each(|db| {
    let s = db.store.as_ref();
    let user = add_user(s, "huong@lmhtx.vn", Role::Advisor, &["son_la"]);
    s.create_session("t", &user.id, "c", 3600).expect("opened");
    s.create_assessment(new("HTX Kiểm Tra", None, None, "self"))
      .expect("created");
    assert_eq!(s.check().expect("checked"), Vec::<String>::new());
    // A session of an account that is gone, written past the foreign keys.
    let insert = "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) \
                  VALUES ('h', 'ghost', 'c', 0, 9999999999)";
    match &db.place {
      Place::Sqlite { .. } => {
        let c = rusqlite::Connection::open(&db.url).expect("opens");
        c.execute_batch(&format!("PRAGMA foreign_keys = OFF; {insert}"))
          .expect("inserted");
      }
      Place::Postgres(schema) => {
        schema
          .client()
          .batch_execute(&format!("SET session_replication_role = replica; {insert}"))
          .expect("inserted");
      }
    }
    let problems = s.check().expect("checked");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
      problems[0].contains("foreign key") && problems[0].contains("sessions"),
      "{problems:?}"
    );
  });
}

#[test]
fn servers_starting_at_once_migrate_once() {
  each(|db| {
    std::thread::scope(|scope| {
      let opened: Vec<_> = (0..4)
        .map(|_| scope.spawn(|| storage::open(&db.url).map(|_| ())))
        .collect();
      for o in opened {
        o.join().expect("no panic").expect("opened");
      }
    });
    match &db.place {
      Place::Sqlite { .. } => {
        let c = rusqlite::Connection::open(&db.url).expect("opens");
        let n: i64 = c
          .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
          .expect("counted");
        assert_eq!(n, storage::MIGRATIONS.len() as i64);
      }
      Place::Postgres(schema) => {
        let n: i64 = schema
          .client()
          .query_one("SELECT COUNT(*) FROM schema_migrations", &[])
          .expect("counted")
          .get(0);
        assert_eq!(n, storage::MIGRATIONS.len() as i64);
      }
    }
  });
}

#[test]
fn a_postgres_url_is_never_taken_for_a_file() {
  assert!(storage::is_postgres("postgres://u@h/d"));
  assert!(storage::is_postgres("postgresql://u@h/d"));
  assert!(storage::is_postgres("PostgreSQL://u@h/d"));
  assert!(!storage::is_postgres("coopdx.db"));
  assert!(!storage::is_postgres("./postgres/coopdx.db"));
  assert_eq!(
    storage::display_name("postgres://coopdx:secret@db/coopdx"),
    "postgres://coopdx@db/coopdx"
  );
  let refused = storage::open("postgres://coopdx:secret@127.0.0.1:1/coopdx");
  let Err(e) = refused else {
    panic!("nothing listens on port 1")
  };
  assert!(matches!(e, Error::Database { .. }), "{e:?}");
  assert!(!format!("{e:?}").contains("secret"), "{e:?}");
}

#[test]
fn a_submission_imported_twice_at_once_is_stored_once() {
  each(|db| {
    let s = db.store.as_ref();
    let stored = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
      for _ in 0..8 {
        scope.spawn(|| {
          let mut a = new(
            "HTX Nuôi ong",
            Some("5500999999"),
            Some("son_la"),
            "advisor",
          );
          a.source = Some("uuid:kobo-1".into());
          if s.import_assessment(a).expect("store").is_some() {
            stored.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
          }
        });
      }
    });
    assert_eq!(stored.into_inner(), 1, "one submission, one assessment");
    let mut plain = new("HTX khác", None, None, "advisor");
    plain.source = None;
    assert!(
      s.import_assessment(plain).expect("store").is_some(),
      "no source: always new"
    );
  });
}

/// The examples and the T1 of one of them, scored and planned as the
/// command line does.
fn assessed_examples(content: &coopdx::content::Content) -> Vec<coopdx::summary::Assessed> {
  let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(crate::test::root().join("examples"))
    .expect("examples")
    .flatten()
    .map(|e| e.path())
    .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    .collect();
  paths.push(crate::test::root().join("examples/progress/htx-nong-nghiep-khoi-dau-t1.yaml"));
  paths.sort();
  paths
    .iter()
    .map(|p| {
      let a = coopdx::assessment::Assessment::read(
        p,
        content,
        coopdx::assessment::Completeness::Complete,
        coopdx::Lang::Vi,
      )
      .expect("example reads");
      coopdx::summary::Assessed::new(content, a, coopdx::Lang::Vi).expect("scored")
    })
    .collect()
}

#[test]
fn the_summary_of_stored_figures_equals_the_summary_of_the_files() {
  use coopdx::summary::{Summary as Picture, Totals, summarize};
  let content = coopdx::content::Content::embedded().expect("content");
  let version = storage::content_version(&content);
  let items = assessed_examples(&content);
  let figures: Vec<_> = items.iter().map(|a| a.figures.clone()).collect();
  each(|db| {
    let s = db.store.as_ref();
    for (i, a) in items.iter().enumerate() {
      // Every other one a self-assessment nobody claimed: counted by the
      // command line, not on advisors' pages.
      let mode = if i % 2 == 0 { "advisor" } else { "self" };
      let mut new = new(a.assessment.name(), None, None, mode);
      new.summary =
        Summary::of(&version, &a.assessment, Some(&a.score)).with_figures(a.figures.clone());
      new.summary.mode = mode.into();
      new.status = Status::Complete;
      s.create_assessment(new).expect("stored");
    }
    let scope = |listed: bool, province: Option<&str>| storage::Scope {
      listed,
      provinces: Provinces::All,
      province: province.map(Into::into),
      sector: None,
    };
    let all = s
      .summary_totals(&scope(false, None), &version)
      .expect("totals");
    assert_eq!(all, Totals::gather(&figures, |_| true), "{}", db.kind);
    assert_eq!(
      Picture::from_totals(&content, &all),
      summarize(&content, &items)
    );
    let whole = summarize(&content, &items);
    assert_eq!(
      (whole.assessed, whole.assessments),
      (10, 11),
      "the T0/T1 pair is one cooperative"
    );
    assert_eq!(
      whole.progress.cooperatives, 1,
      "and counts once in progress"
    );
    let son_la = s
      .summary_totals(&scope(false, Some("son_la")), &version)
      .expect("totals");
    let wanted = |f: &coopdx::summary::Figures| f.province.as_deref() == Some("son_la");
    assert_eq!(son_la, Totals::gather(&figures, wanted), "{}", db.kind);
    let listed: Vec<_> = figures.iter().step_by(2).cloned().collect();
    let advisors = s
      .summary_totals(&scope(true, None), &version)
      .expect("totals");
    assert_eq!(advisors, Totals::gather(&listed, |_| true), "{}", db.kind);
    let other = s.summary_totals(&scope(false, None), "other content");
    assert!(
      matches!(other, Err(Error::FiguresOutdated { count: 11, .. })),
      "figures of other content are refused: {other:?}"
    );
  });
}

#[test]
fn a_later_assessment_takes_over_the_picture_and_a_draft_leaves_it() {
  use coopdx::summary::Figures;
  each(|db| {
    let s = db.store.as_ref();
    let figures = |on: &str, index: i64| Figures {
      cooperative: "5500123456".into(),
      assessed_on: on.into(),
      stage: "T0".into(),
      province: Some("son_la".into()),
      index,
      level: index / 2000,
      ..Default::default()
    };
    let store = |f: Figures| {
      let mut a = new("HTX Tà Xùa", Some("5500123456"), Some("son_la"), "advisor");
      a.summary.figures = Some(f);
      a.status = Status::Complete;
      s.create_assessment(a).expect("stored")
    };
    let scope = storage::Scope {
      listed: false,
      provinces: Provinces::All,
      province: None,
      sector: None,
    };
    let later = store(figures("2026-01-01", 6000));
    store(figures("2025-01-01", 4000));
    let t = s.summary_totals(&scope, "test").expect("totals");
    assert_eq!(
      (t.assessed, t.assessments, t.index),
      (1, 2, 6000),
      "{}",
      db.kind
    );
    assert_eq!(
      (t.progress.before, t.progress.after, t.progress.level_up),
      (4000, 6000, 1)
    );
    s.update_assessment(&later.id, &mut |r| {
      r.status = Status::Draft;
      Ok(())
    })
    .expect("saved");
    let t = s.summary_totals(&scope, "test").expect("totals");
    assert_eq!(
      (t.assessed, t.assessments, t.index),
      (1, 1, 4000),
      "{}",
      db.kind
    );
    assert_eq!(t.progress.cooperatives, 0);
  });
}
