//! Content texts that are templates (`{{ org }}`) render for every legal
//! form.

use super::Checker;
use crate::source::SourceFile;
use crate::text::{Lang, Text};
use minijinja::Value;
use std::collections::BTreeMap;

impl Checker<'_> {
  /// A content text that is a template (`{{ org }}`) must render for
  /// every legal form.
  pub(super) fn content_template(
    &mut self,
    f: &SourceFile,
    line: Option<usize>,
    id: &str,
    what: &str,
    text: &Text,
  ) {
    let content = self.content;
    for lang in [Lang::Vi, Lang::En] {
      let source = text.get(lang);
      if !source.contains("{{") && !source.contains("{%") {
        continue;
      }
      let forms: Vec<&String> = content.planning.terms.keys().collect();
      for form in forms {
        let mut vars: BTreeMap<String, Value> = content.planning.terms[form]
          .iter()
          .map(|(k, t)| (k.clone(), Value::from(t.get(lang))))
          .collect();
        vars.insert("legal_form".into(), Value::from(form.as_str()));
        vars.insert("sector".into(), Value::from(()));
        if let Err(e) = content.env().render_str(source, Value::from(vars)) {
          self.report(
            f,
            line,
            id,
            format!("{what} ({}) does not render for legal form `{form}`: {e}", lang.code()),
            "content texts may use the words under `terms:` in rules/planning.yaml, legal_form and sector",
          );
          return;
        }
      }
    }
  }
}
