//! The strings a condition compares with a profile field or an answer
//! (`profile.sector == 'agri'`) must be options of it.

use super::Checker;
use crate::content::Content;
use crate::source::SourceFile;
use regex::Regex;
use std::sync::LazyLock;

impl Checker<'_> {
  /// Each string a condition compares with a profile field or an answer
  /// is one of its options: otherwise the condition can never hold.
  pub(super) fn condition_literals(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    source: &str,
  ) {
    let content = self.content;
    for (root, key, literal) in literals(source) {
      if let Some(options) = option_ids(content, &root, &key)
        && !options.contains(&literal)
      {
        self.report(
            f,
            line,
            id,
            format!("condition `{source}`: `{literal}` is not an option of {root}.{key}, so the condition can never hold"),
            &format!("use one of: {}", options.join(", ")),
          );
      }
    }
  }
}

/// `(root, key, literal)` for each string compared with a profile field or an
/// answer: `profile.sector == 'x'`, `'x' in answers.Q`, `answers.Q in ['x', 'y']`.
fn literals(source: &str) -> Vec<(String, String, String)> {
  static EQ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(profile|answers)\.(\w+(?:\.\w+)?)\s*(?:==|!=)\s*['"]([^'"]*)['"]"#)
      .expect("valid regex")
  });
  static IN_VAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"['"]([^'"]*)['"]\s+(?:not\s+)?in\s+(profile|answers)\.(\w+(?:\.\w+)?)"#)
      .expect("valid regex")
  });
  static IN_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(profile|answers)\.(\w+(?:\.\w+)?)\s+(?:not\s+)?in\s+[\[(]([^\])]*)[\])]"#)
      .expect("valid regex")
  });
  static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"['"]([^'"]*)['"]"#).expect("valid regex"));
  let mut found = Vec::new();
  for c in EQ.captures_iter(source) {
    found.push((c[1].to_owned(), c[2].to_owned(), c[3].to_owned()));
  }
  for c in IN_VAR.captures_iter(source) {
    found.push((c[2].to_owned(), c[3].to_owned(), c[1].to_owned()));
  }
  for c in IN_LIST.captures_iter(source) {
    for item in ITEM.captures_iter(&c[3]) {
      found.push((c[1].to_owned(), c[2].to_owned(), item[1].to_owned()));
    }
  }
  found
}

fn option_ids(content: &Content, root: &str, key: &str) -> Option<Vec<String>> {
  let ids: Vec<String> = match root {
    "profile" => content
      .questionnaire
      .field(key)?
      .options
      .iter()
      .map(|o| o.id.clone())
      .collect(),
    _ => content
      .questionnaire
      .question(key)?
      .options
      .iter()
      .map(|o| o.id.clone())
      .collect(),
  };
  (!ids.is_empty()).then_some(ids)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn literals_are_found_in_all_three_forms() {
    let found =
      literals("profile.sector == 'agri' and ('zalo' in answers.Q1 or answers.Q2 in ['a', \"b\"])");
    assert_eq!(
      found,
      vec![
        ("profile".into(), "sector".into(), "agri".into()),
        ("answers".into(), "Q1".into(), "zalo".into()),
        ("answers".into(), "Q2".into(), "a".into()),
        ("answers".into(), "Q2".into(), "b".into()),
      ]
    );
  }
}
