//! Build script.
//!
//! 1. The default content is embedded with include_dir, which cannot tell
//!    cargo to rebuild when a content file changes; this does.
//! 2. Parsing ~130 KB of YAML was a seventh of the work of a whole PDF
//!    report, on every run. The embedded YAML is converted to JSON here,
//!    once; `Content::embedded` reads that. `coopdx validate` and `--content`
//!    folders still read the YAML, with line numbers for diagnostics, and a
//!    test checks that both give the same content. A file that does not
//!    parse is skipped here: the YAML path then reports it.

use std::fmt::Write as _;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

fn main() {
  let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
  let mut table = String::from(
    "/// Embedded YAML files converted to JSON at build time: (path, JSON).\npub static JSON: &[(&str, &str)] = &[\n",
  );
  for dir in ["questionnaires", "rules", "templates"] {
    println!("cargo:rerun-if-changed={dir}");
    let Ok(entries) = std::fs::read_dir(dir) else {
      continue;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
      if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
        continue;
      }
      let Ok(text) = std::fs::read_to_string(&path) else {
        continue;
      };
      let text: String = text.nfc().collect();
      let Ok(value) = yaml_serde::from_str::<yaml_serde::Value>(&text) else {
        continue;
      };
      let Ok(json) = serde_json::to_string(&value) else {
        continue;
      };
      let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
      let file = format!("{dir}__{name}.json");
      std::fs::write(Path::new(&out).join(&file), json).expect("OUT_DIR is writable");
      let _ = writeln!(
        table,
        "  (\"{dir}/{name}\", include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))),"
      );
    }
  }
  table.push_str("];\n");
  std::fs::write(Path::new(&out).join("embedded_json.rs"), table).expect("OUT_DIR is writable");
}
