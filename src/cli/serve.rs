//! `coopdx serve`, `coopdx user add`, `coopdx db backup|check|refresh`: the web
//! application and its database.

use super::*;
use crate::storage::{Role, User};
use std::net::SocketAddr;

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
  /// Address to listen on (put a TLS reverse proxy in front for the
  /// public).
  #[arg(long, default_value = "127.0.0.1:8080")]
  pub addr: SocketAddr,
  /// The database: a SQLite file, or a postgres://user@host/db URL (several
  /// servers may share one); created or migrated on first start.
  #[arg(long, default_value = "coopdx.db", value_name = "FILE")]
  pub db: String,
  /// The public address, e.g. https://dgcds.lienminhhtx.vn: cookies are
  /// marked Secure when it is https.
  #[arg(long, value_name = "URL")]
  pub base_url: Option<String>,
  /// A reverse proxy on this machine sets X-Forwarded-For: rate limits
  /// count the client's address from it.
  #[arg(long)]
  pub trust_proxy: bool,
}

pub(super) fn serve(cli: &Cli, args: &ServeArgs) -> Result<i32, Error> {
  let content = content(cli)?;
  if let Some(url) = &args.base_url
    && !is_web_address(url)
  {
    let message = content.message("bad_base_url", cli.lang, &minijinja::context! { url });
    return Err(Error::Input { message });
  }
  let store = crate::storage::open(&args.db)?;
  // A database from before the stored figures, or content changed: the
  // summary pages need them.
  let version = crate::storage::content_version(&content);
  if store.outdated_figures(&version)? > 0 {
    report_refresh(&content, store.as_ref(), &args.db, cli.lang)?;
  }
  let mut app = crate::web::App::new(content, store, args.base_url.as_deref())?;
  app.trust_proxy = args.trust_proxy;
  crate::web::serve(app, args.addr)?;
  Ok(0)
}

/// `http://` or `https://` (in any case) and a host: links written down
/// are built on it.
fn is_web_address(url: &str) -> bool {
  let scheme_end = url.find("://").unwrap_or(0);
  let scheme = &url[..scheme_end];
  let host = url[scheme_end..].trim_start_matches("://");
  (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
    && !host.is_empty()
    && !host.starts_with('/')
    && !url.chars().any(char::is_whitespace)
}

/// `coopdx user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
  /// Adds an account; the password is asked (or read from standard input
  /// when it is not a terminal), never a default.
  Add(UserAddArgs),
}

/// Arguments of `user add`.
#[derive(Debug, clap::Args)]
pub struct UserAddArgs {
  /// Role.
  #[arg(long, value_enum)]
  pub role: Role,
  /// Login e-mail.
  #[arg(long)]
  pub email: String,
  /// Name printed as the advisor (default: the e-mail).
  #[arg(long)]
  pub name: Option<String>,
  /// A province the advisor follows (repeat for several), by its id in
  /// the questionnaire (e.g. son_la).
  #[arg(long = "province", value_name = "ID")]
  pub provinces: Vec<String>,
  /// The database.
  #[arg(long, default_value = "coopdx.db", value_name = "FILE")]
  pub db: String,
}

/// The shortest password accepted.
const MIN_PASSWORD: usize = 10;

pub(super) fn user(cli: &Cli, command: &UserCommand) -> Result<i32, Error> {
  let UserCommand::Add(args) = command;
  let content = content(cli)?;
  let say = |key: &str, args: Value| content.message(key, cli.lang, &args);
  let email = args.email.trim().to_lowercase();
  if !email.contains('@') || email.len() < 3 {
    return Err(Error::Input {
      message: say("user_bad_email", minijinja::context! { email }),
    });
  }
  let field = content.questionnaire.field("province");
  for p in &args.provinces {
    if field.is_some_and(|f| f.find_option(p).is_none_or(|o| o.id != *p)) {
      let known: Vec<String> = field
        .map(|f| f.options.iter().map(|o| o.id.clone()).collect())
        .unwrap_or_default();
      return Err(Error::Input {
        message: say(
          "user_bad_province",
          minijinja::context! { province => p, known => known.join(", ") },
        ),
      });
    }
  }
  if args.role == Role::Advisor && args.provinces.is_empty() {
    return Err(Error::Input {
      message: say("user_no_province", Value::from(())),
    });
  }
  let password = read_password(&say)?;
  if password.chars().count() < MIN_PASSWORD {
    return Err(Error::Input {
      message: say(
        "user_short_password",
        minijinja::context! { min => MIN_PASSWORD },
      ),
    });
  }
  let store = crate::storage::open(&args.db)?;
  let user = User {
    id: crate::storage::token::secret()?,
    name: args
      .name
      .clone()
      .map(|n| nfc(n.trim()))
      .unwrap_or_else(|| email.clone()),
    email: email.clone(),
    role: args.role,
    provinces: args.provinces.clone(),
  };
  let hash = crate::web::hash_password(&password)?;
  store.add_user(&user, &hash).map_err(|e| match e {
    Error::Input { .. } => Error::Input {
      message: say(
        "user_exists",
        minijinja::context! { email => user.email.as_str() },
      ),
    },
    e => e,
  })?;
  eprintln!(
    "{}",
    say(
      "user_added",
      minijinja::context! { email, role => args.role.name() }
    )
  );
  Ok(0)
}

/// The password from a prompt on a terminal, else the first line of
/// standard input.
fn read_password(say: &dyn Fn(&str, Value) -> String) -> Result<String, Error> {
  use std::io::IsTerminal;
  if io::stdin().is_terminal() {
    inquire::Password::new(&say("user_password", Value::from(())))
      .prompt()
      .map_err(|e| Error::Input {
        message: e.to_string(),
      })
  } else {
    let mut line = String::new();
    io::stdin()
      .read_line(&mut line)
      .map_err(|source| Error::Read {
        path: "-".into(),
        source,
      })?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
  }
}

/// `coopdx db …`.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
  /// A consistent copy of the database, safe while `serve` runs.
  Backup(DbBackupArgs),
  /// The database's integrity and foreign-key checks, and every stored
  /// assessment read back against the content.
  Check(DbArgs),
  /// Computes the summary figures of finished assessments that have none
  /// or have figures made with other content (`serve` does it on start).
  Refresh(DbArgs),
}

/// Arguments naming the database.
#[derive(Debug, clap::Args)]
pub struct DbArgs {
  /// The database.
  #[arg(long, default_value = "coopdx.db", value_name = "FILE")]
  pub db: String,
}

/// Arguments of `db backup`.
#[derive(Debug, clap::Args)]
pub struct DbBackupArgs {
  /// The backup file to write.
  pub file: PathBuf,
  /// The database.
  #[arg(long, default_value = "coopdx.db", value_name = "FILE")]
  pub db: String,
}

pub(super) fn db(cli: &Cli, command: &DbCommand) -> Result<i32, Error> {
  match command {
    DbCommand::Backup(args) => {
      require_existing(&args.db)?;
      let store = crate::storage::open(&args.db)?;
      store.backup(&args.file)?;
      let msg = minijinja::context! { file => args.file.display().to_string() };
      eprintln!(
        "{}",
        content(cli)?.message("db_backup_done", cli.lang, &msg)
      );
      Ok(0)
    }
    DbCommand::Check(args) => {
      require_existing(&args.db)?;
      let content = content(cli)?;
      let store = crate::storage::open(&args.db)?;
      let mut problems = store.check()?;
      problems.extend(unreadable_assessments(&content, store.as_ref(), cli.lang)?);
      let outdated = store.outdated_figures(&crate::storage::content_version(&content))?;
      if outdated > 0 {
        let db = crate::storage::display_name(&args.db);
        problems.push(describe_error(
          &Error::FiguresOutdated {
            path: db,
            count: outdated,
          },
          cli.lang,
        ));
      }
      for p in &problems {
        println!("{p}");
      }
      let msg =
        minijinja::context! { db => crate::storage::display_name(&args.db), n => problems.len() };
      eprintln!(
        "{}",
        content.message(
          if problems.is_empty() {
            "db_check_ok"
          } else {
            "db_check_failed"
          },
          cli.lang,
          &msg
        )
      );
      Ok(if problems.is_empty() { 0 } else { 1 })
    }
    DbCommand::Refresh(args) => {
      require_existing(&args.db)?;
      let content = content(cli)?;
      let store = crate::storage::open(&args.db)?;
      let failed = report_refresh(&content, store.as_ref(), &args.db, cli.lang)?;
      Ok(if failed == 0 { 0 } else { 1 })
    }
  }
}

/// [`refresh`], told on standard error; how many could not be read.
fn report_refresh(
  content: &Content,
  store: &dyn crate::storage::Store,
  db: &str,
  lang: Lang,
) -> Result<usize, Error> {
  let (stored, failed) = refresh(content, store, lang)?;
  for f in &failed {
    eprintln!("{f}");
  }
  let msg = minijinja::context! {
    db => crate::storage::display_name(db), n => stored, failed => failed.len()
  };
  eprintln!("{}", content.message("db_refresh_done", lang, &msg));
  Ok(failed.len())
}

/// Computes and stores the summary figures of every finished assessment
/// lacking figures of this content: how many were stored, and the
/// problems of those that could not be read.
fn refresh(
  content: &Content,
  store: &dyn crate::storage::Store,
  lang: Lang,
) -> Result<(usize, Vec<String>), Error> {
  let version = crate::storage::content_version(content);
  let (mut stored, mut failed) = (0, Vec::new());
  for id in store.outdated_ids(&version)? {
    let Some(record) = store.assessment(&id)? else {
      continue;
    };
    let name = format!("assessment {}", record.code);
    let file = SourceFile::new(name.clone(), record.document.clone());
    // Read as the web reads a stored record: answers the content no
    // longer has are dropped.
    let assessment = match Assessment::parse_lenient(&file, content) {
      Ok((a, _)) => a,
      Err(found) => {
        failed.extend(found.iter().map(|p| p.render(content, &name, lang)));
        continue;
      }
    };
    let figures = crate::summary::Figures::compute(content, &assessment)?;
    if store.put_figures(&id, record.revision, &version, &figures)? {
      stored += 1;
    }
  }
  Ok((stored, failed))
}

/// Stored assessments that the content cannot read back (a complete one
/// as a complete file, a draft as a partial one), each named by its code.
fn unreadable_assessments(
  content: &Content,
  store: &dyn crate::storage::Store,
  lang: Lang,
) -> Result<Vec<String>, Error> {
  use crate::assessment::Completeness;
  let mut problems = Vec::new();
  store.each_assessment(&mut |record| {
    let name = format!("assessment {}", record.code);
    let file = SourceFile::new(name.clone(), record.document.clone());
    let completeness = match record.status {
      crate::storage::Status::Complete => Completeness::Complete,
      crate::storage::Status::Draft => Completeness::Partial,
    };
    if let Err(found) = Assessment::parse(&file, content, completeness) {
      problems.extend(found.iter().map(|p| p.render(content, &name, lang)));
    }
    Ok(())
  })?;
  Ok(problems)
}

/// `db backup` and `db check` read an existing database; they never create
/// an empty one under a mistyped name (a PostgreSQL database exists before
/// coopdx connects to it).
fn require_existing(db: &str) -> Result<(), Error> {
  if crate::storage::is_postgres(db) || Path::new(db).is_file() {
    Ok(())
  } else {
    Err(Error::Read {
      path: db.into(),
      source: io::Error::from(io::ErrorKind::NotFound),
    })
  }
}
