//! The message catalogue: every sentence the program itself says to a
//! cooperative or an advisor, in `templates/messages.yaml`.

use crate::text::{Lang, Text};
use minijinja::{Environment, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Messages by key, each in Vietnamese and English, as minijinja templates
/// whose variables are the message's arguments.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Messages(pub BTreeMap<String, Text>);

impl Messages {
  /// The words a number keeps on its line when they follow it ("5.000.000
  /// đ", "12 tháng", "3 months"): a word list.
  pub const UNIT_WORDS: &'static str = "typography_unit_words";
  /// The words that keep the number after them on their line ("Điều 24",
  /// "tháng 7", "Page 3"): a word list.
  pub const WORDS_BEFORE_NUMBER: &'static str = "typography_words_before_number";
  /// The messages that are word lists, not sentences.
  pub const WORD_LISTS: [&'static str; 2] = [Self::UNIT_WORDS, Self::WORDS_BEFORE_NUMBER];

  /// The words of the word list `key`, both languages' (a report quotes
  /// the other language: names, amounts in đồng), empty items left out.
  pub fn words(&self, key: &str) -> Vec<String> {
    let Some(text) = self.0.get(key) else {
      return Vec::new();
    };
    [Lang::Vi, Lang::En]
      .into_iter()
      .flat_map(|lang| list_items(text.get(lang)))
      .filter(|w| !w.is_empty())
      .map(str::to_owned)
      .collect()
  }

  /// The message `key` in `lang`, with `args` filled in.
  ///
  /// A key missing from the catalogue prints the key itself, so a
  /// customised catalogue can never hide an error from the user.
  pub fn render(&self, env: &Environment<'static>, key: &str, lang: Lang, args: &Value) -> String {
    let Some(text) = self.0.get(key) else {
      return format!("{key} {args}");
    };
    // Compiled once at load (`template_name`); an environment without it
    // (the command line's, for errors) compiles it here.
    let rendered = match env.get_template(&template_name(key, lang)) {
      Ok(template) => template.render(args),
      Err(_) => env.render_str(text.get(lang), args),
    };
    rendered.unwrap_or_else(|_| text.get(lang).to_owned())
  }

  /// The message `key` in `lang`, without arguments.
  pub fn get(&self, key: &str, lang: Lang) -> String {
    self
      .0
      .get(key)
      .map_or_else(|| key.to_owned(), |t| t.get(lang).to_owned())
  }
}

/// The items of a word list: comma-separated, trimmed.
pub fn list_items(list: &str) -> impl Iterator<Item = &str> {
  list.split(',').map(str::trim)
}

/// The template a message is compiled to at load.
pub fn template_name(key: &str, lang: Lang) -> String {
  format!("message/{key}.{}", lang.code())
}
