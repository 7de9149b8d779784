//! The page templates (`web/templates/`), their words (`web/words.yaml`,
//! Vietnamese and English) and the stylesheet, all compiled into the binary.

use super::{Page, Req};
use crate::error::Error;
use crate::text::{Lang, Text};
use axum::http::header;
use include_dir::{Dir, include_dir};
use minijinja::{AutoEscape, Environment, Value};
use std::collections::BTreeMap;

static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/web/templates");
const WORDS: &str = include_str!("../../web/words.yaml");
const STYLESHEET: &str = include_str!("../../web/app.css");

/// Compiled page templates and the words of every page.
pub struct Pages {
  env: Environment<'static>,
  words: [Value; 2],
  /// Cookies carry `Secure`.
  secure: bool,
}

impl Pages {
  /// Compiles the templates and reads the words.
  pub fn new(secure: bool) -> Result<Self, Error> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    crate::content::filters::register(&mut env);
    for file in TEMPLATES.files() {
      let name = file.path().display().to_string();
      let source = file.contents_utf8().unwrap_or_default().to_owned();
      env
        .add_template_owned(name.clone(), source)
        .map_err(|e| Error::Template {
          name: format!("web/templates/{name}"),
          message: e.to_string(),
        })?;
    }
    let words: BTreeMap<String, Text> =
      yaml_serde::from_str(WORDS).map_err(|e| Error::Template {
        name: "web/words.yaml".into(),
        message: e.to_string(),
      })?;
    let pick = |lang: Lang| {
      Value::from(
        words
          .iter()
          .map(|(k, t)| (k.clone(), t.get(lang).to_owned()))
          .collect::<BTreeMap<_, _>>(),
      )
    };
    Ok(Self {
      env,
      words: [pick(Lang::Vi), pick(Lang::En)],
      secure,
    })
  }

  /// The words of `lang`, by key.
  pub fn words(&self, lang: Lang) -> &Value {
    &self.words[usize::from(lang == Lang::En)]
  }

  /// One word in `lang`.
  pub fn word(&self, lang: Lang, key: &str) -> String {
    self
      .words(lang)
      .get_attr(key)
      .ok()
      .and_then(|v| v.as_str().map(str::to_owned))
      .unwrap_or_default()
  }

  /// Renders page `name` with `ctx` plus what every page shows: the words,
  /// the language and its switch.
  pub fn render(&self, name: &str, req: &Req, status: u16, ctx: Value) -> Page {
    let other = if req.lang == Lang::Vi { "en" } else { "vi" };
    let base = minijinja::context! {
      w => self.words(req.lang).clone(),
      lang => req.lang.code(),
      switch_url => format!("{}?lang={other}", req.path),
    };
    let merged = minijinja::context! { ..ctx, ..base };
    let rendered = self.env.get_template(name).and_then(|t| t.render(merged));
    let mut page = match rendered {
      Ok(html) => Page::html(status, html),
      Err(e) => {
        eprintln!("coopdx: page {name}: {e:#}");
        Page::status_text(500, "internal error: page template")
      }
    };
    if req.chose_lang {
      page = page.cookie(super::respond::cookie(
        "coopdx_lang",
        req.lang.code(),
        365 * 86_400,
        "Lax",
        self.secure,
      ));
    }
    page
  }
}

/// `GET /static/app.css`.
pub async fn stylesheet() -> Page {
  Page::file(
    "text/css; charset=utf-8",
    STYLESHEET.as_bytes().to_vec(),
    None,
  )
  .header(header::CACHE_CONTROL, "public, max-age=86400".into())
}
