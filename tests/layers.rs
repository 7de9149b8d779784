//! The module tree follows the flow, and nothing in the core reaches up:
//! content → assessment → scoring → advice → plan (and compare, interview),
//! with `number`, `text`, `source`, `diagnostic` and `error` as leaves and
//! `render`, `cli` (and later `web`, `storage`) at the edge. A core module
//! that imported from a later layer or from the edge would fail here.

use crate::test::root;
use std::fs;
use std::path::Path;

/// Each core layer and the modules it may not import.
const LAYERS: [(&str, &[&str]); 9] = [
  (
    "number.rs",
    &[
      "content",
      "assessment",
      "scoring",
      "advice",
      "plan",
      "compare",
      "interview",
    ],
  ),
  (
    "text.rs",
    &[
      "content",
      "assessment",
      "scoring",
      "advice",
      "plan",
      "compare",
      "interview",
    ],
  ),
  (
    "content",
    &[
      "assessment",
      "scoring",
      "advice",
      "plan",
      "compare",
      "interview",
    ],
  ),
  (
    "assessment",
    &["scoring", "advice", "plan", "compare", "interview"],
  ),
  ("scoring", &["advice", "plan", "compare", "interview"]),
  ("advice", &["plan", "compare", "interview"]),
  ("plan", &["compare", "interview"]),
  ("compare.rs", &["interview"]),
  ("interview", &["compare"]),
];

/// The edge, which no core module may import.
const EDGE: [&str; 5] = ["render", "cli", "web", "storage", "common"];

fn sources(path: &Path) -> Vec<(String, String)> {
  if path.is_file() {
    return vec![(
      path.display().to_string(),
      fs::read_to_string(path).expect("source"),
    )];
  }
  let mut out = Vec::new();
  for entry in fs::read_dir(path).expect("folder").flatten() {
    out.extend(sources(&entry.path()));
  }
  out
}

#[test]
fn no_core_module_imports_from_a_later_layer_or_the_edge() {
  let mut wrong = Vec::new();
  for (layer, forbidden) in LAYERS {
    for (file, text) in sources(&root().join("src").join(layer)) {
      for module in forbidden.iter().chain(EDGE.iter()) {
        let needle = format!("crate::{module}");
        for (n, line) in text.lines().enumerate() {
          if line.contains(&needle) && !line.trim_start().starts_with("//") {
            wrong.push(format!("{file}:{}: {}", n + 1, line.trim()));
          }
        }
      }
    }
  }
  assert!(
    wrong.is_empty(),
    "back-edges in the core:\n{}",
    wrong.join("\n")
  );
}

/// Storage sits under the web, beside the core: it keeps records and
/// knows nothing of pages, the command line or rendering.
#[test]
fn storage_knows_nothing_of_the_web_or_the_command_line() {
  let mut wrong = Vec::new();
  for (file, text) in sources(&root().join("src/storage")) {
    for module in ["web", "cli", "render", "interview", "plan", "advice"] {
      let needle = format!("crate::{module}");
      for (n, line) in text.lines().enumerate() {
        if line.contains(&needle) && !line.trim_start().starts_with("//") {
          wrong.push(format!("{file}:{}: {}", n + 1, line.trim()));
        }
      }
    }
  }
  assert!(
    wrong.is_empty(),
    "storage reaches up:\n{}",
    wrong.join("\n")
  );
}
