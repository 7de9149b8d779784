//! `coopdx serve`: the self-assessment on a phone and the advisor
//! workspace, server-rendered HTML on the same engine and content as the
//! command line.
//!
//! The pipeline: axum routes ([`router`]) → an extractor gathering what a
//! page needs ([`Req`]) → a synchronous page function run off the async
//! threads ([`blocking`]) that reads the [`Store`], calls the core
//! (interview state machine, score, plan, report) and renders a template of
//! `web/templates/` with the words of `web/words.yaml`. No JavaScript; every
//! form posts and redirects.

mod access;
mod advisor;
mod common;
mod csrf;
mod entry;
mod form;
mod form_items;
mod form_page;
mod kept;
mod message;
mod pages;
mod request;
mod respond;
mod result;
mod review;
mod security;
mod steps;
mod stored;
mod summary;

pub use advisor::hash_password;
pub use request::Req;
pub use respond::Page;

use crate::content::Content;
use crate::error::Error;
use crate::storage::Store;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use std::net::SocketAddr;
use std::sync::Arc;

/// Largest form accepted, in bytes: a dimension page with every note
/// filled in fits many times over.
pub const FORM_LIMIT: usize = 256 * 1024;
/// Largest assessment file accepted by import.
pub const IMPORT_LIMIT: usize = 2 * 1024 * 1024;
/// How long a session lives without use, in seconds.
pub const SESSION_TTL: i64 = 8 * 3600;

/// Everything a page needs: content, storage, templates.
pub struct App {
  /// The content every assessment is answered and scored with.
  pub content: Content,
  /// The database.
  pub store: Box<dyn Store>,
  /// The page templates and words.
  pub pages: pages::Pages,
  /// The public address (`--base-url`, no trailing slash), for links
  /// written down or sent on; else the one the browser asked for.
  pub base_url: Option<String>,
  /// Cookies carry `Secure` (the public address is https).
  pub secure: bool,
  /// Questionnaire version and a hash of the content files, recorded with
  /// every assessment.
  pub content_version: String,
  /// A reverse proxy on this machine sets `X-Forwarded-For` (the client's
  /// address for rate limits); without it the header is ignored.
  pub trust_proxy: bool,
  /// Stored documents already read, so a page does not parse YAML again.
  pub parsed: kept::Parsed,
  /// Finished assessments already scored and planned, for the result
  /// page and the downloads.
  pub planned: kept::Planned,
}

impl App {
  /// An application over `content` and `store`; `base_url` is the public
  /// address (https behind a TLS proxy).
  pub fn new(
    content: Content,
    store: Box<dyn Store>,
    base_url: Option<&str>,
  ) -> Result<Self, Error> {
    let content_version = crate::storage::content_version(&content);
    let base_url = base_url.map(|u| u.trim_end_matches('/').to_owned());
    // A scheme is case-insensitive (RFC 3986): HTTPS:// is https too.
    let secure = base_url.as_deref().is_some_and(|u| {
      u.get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    });
    Ok(Self {
      pages: pages::Pages::new(secure)?,
      secure,
      base_url,
      trust_proxy: false,
      parsed: Default::default(),
      planned: Default::default(),
      content,
      store,
      content_version,
    })
  }
}

/// Shared by every request.
pub type Shared = Arc<App>;

/// Every route of the application.
pub fn router(app: Shared) -> Router {
  let assessment = Router::new()
    .route("/a/{id}", get(entry::welcome))
    .route(
      "/a/{id}/profile",
      get(form_page::profile).post(form_page::save_profile),
    )
    .route(
      "/a/{id}/d/{dimension}",
      get(form_page::dimension).post(form_page::save_dimension),
    )
    .route("/a/{id}/review", get(review::review))
    .route("/a/{id}/finish", get(entry::form_page).post(review::finish))
    .route("/a/{id}/result", get(result::result))
    .route("/a/{id}/report.pdf", get(result::report_pdf))
    .route("/a/{id}/plan.html", get(result::plan_html))
    .route("/a/{id}/plan.md", get(result::plan_md))
    .route("/a/{id}/assessment.yaml", get(result::export_yaml));
  let workspace = Router::new()
    .route("/login", get(advisor::login_form).post(advisor::login))
    .route("/logout", get(entry::form_page).post(advisor::logout))
    .route("/advisor", get(advisor::home))
    .route("/advisor/new", get(entry::form_page).post(advisor::start))
    .route("/advisor/claim", get(entry::form_page).post(advisor::claim))
    .route("/advisor/coop/{key}", get(advisor::cooperative))
    .route("/advisor/compare", get(advisor::compare))
    .route("/advisor/summary", get(summary::page))
    .route(
      "/advisor/import",
      get(advisor::import_form)
        .post(advisor::import)
        .layer(DefaultBodyLimit::max(IMPORT_LIMIT + 64 * 1024)),
    );
  Router::new()
    .route("/", get(entry::landing))
    .route("/start", get(entry::form_page).post(entry::start))
    .route("/resume", get(entry::resume_form).post(entry::resume))
    .route("/static/app.css", get(pages::stylesheet))
    .route("/healthz", get(|| async { "ok" }))
    .merge(assessment)
    .merge(workspace)
    .fallback(message::not_found)
    .method_not_allowed_fallback(message::wrong_method)
    .layer(DefaultBodyLimit::max(FORM_LIMIT))
    .layer(axum::middleware::from_fn(security::headers))
    .with_state(app)
}

/// Runs `page` on a thread where blocking (the database, the PDF) is
/// allowed; a panic becomes a 500 page instead of a dropped connection.
///
/// Pages wait their turn for one of a few threads (four per core), in
/// order of arrival. Letting every request have its own thread (hundreds
/// under load) left the thread holding the database's write lock sharing
/// the cores with all the others, so every save behind it waited longer.
/// Four, not two: a save spends part of its turn waiting for the disk to
/// sync its commit, without a core (benches/README.md; six were worse).
pub async fn blocking(page: impl FnOnce() -> Page + Send + 'static) -> Page {
  static WORKERS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    tokio::sync::Semaphore::new(4 * cores)
  });
  let Ok(_turn) = WORKERS.acquire().await else {
    return Page::status_text(503, "shutting down");
  };
  tokio::task::spawn_blocking(page)
    .await
    .unwrap_or_else(|_| Page::status_text(500, "internal error"))
}

/// Serves `app` on `addr` until Ctrl-C or SIGTERM, then finishes the
/// requests in flight.
pub fn serve(app: App, addr: SocketAddr) -> Result<(), Error> {
  let runtime = tokio::runtime::Builder::new_multi_thread()
    .enable_all()
    .build()
    .map_err(|e| Error::Input {
      message: e.to_string(),
    })?;
  runtime.block_on(async move {
    let listener = listen(addr).map_err(|e| Error::Input {
      message: format!("{addr}: {e}"),
    })?;
    eprintln!(
      "coopdx: http://{}",
      listener.local_addr().map_or(addr, |a| a)
    );
    let service = router(Arc::new(app)).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
      .with_graceful_shutdown(shutdown())
      .await
      .map_err(|e| Error::Input {
        message: e.to_string(),
      })
  })
}

/// Connections that may wait to be accepted. The usual 128 is too few
/// when a room of cooperatives opens the link at the same moment: the
/// connections past it are dropped by the kernel and retried a second
/// later (benches/README.md). The kernel caps it at `net.core.somaxconn`.
const BACKLOG: u32 = 1024;

/// A listening socket on `addr`, as `TcpListener::bind` makes it, with a
/// longer queue of connections waiting to be accepted.
fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
  let socket = if addr.is_ipv4() {
    tokio::net::TcpSocket::new_v4()?
  } else {
    tokio::net::TcpSocket::new_v6()?
  };
  #[cfg(unix)]
  socket.set_reuseaddr(true)?;
  socket.bind(addr)?;
  socket.listen(BACKLOG)
}

async fn shutdown() {
  let ctrl_c = async {
    let _ = tokio::signal::ctrl_c().await;
  };
  #[cfg(unix)]
  let term = async {
    if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
      s.recv().await;
    }
  };
  #[cfg(not(unix))]
  let term = std::future::pending::<()>();
  tokio::select! {
    () = ctrl_c => {},
    () = term => {},
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  /// A room of phones opening the link at once: every connection waits
  /// in the queue for its turn instead of being dropped and retried a
  /// second later (benches/README.md, fifth session).
  #[test]
  fn three_hundred_connections_at_once_all_wait_their_turn() {
    let most = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
      .ok()
      .and_then(|n| n.trim().parse::<u32>().ok());
    if most.is_some_and(|n| n < 300) {
      eprintln!("skipped: net.core.somaxconn is below 300 on this machine");
      return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
      .enable_all()
      .build()
      .expect("runtime");
    // Listening, accepting nothing: the queue alone holds them.
    let listener = runtime
      .block_on(async { listen("127.0.0.1:0".parse().expect("address")) })
      .expect("listens");
    let addr = listener.local_addr().expect("address");
    let waiting: Vec<std::net::TcpStream> = (0..300)
      .map(|i| {
        std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(5))
          .unwrap_or_else(|e| panic!("connection {i} refused or dropped: {e}"))
      })
      .collect();
    assert_eq!(waiting.len(), 300);
  }
}
