// The default content is embedded with include_dir, which cannot tell cargo
// to rebuild when a content file changes; this does.
fn main() {
  for dir in ["questionnaires", "rules", "templates"] {
    println!("cargo:rerun-if-changed={dir}");
  }
}
