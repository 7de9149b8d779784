//! Writing files so that nothing a user entered is ever half-written.

use crate::common::*;
use std::io::Write;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over `path`. A crash leaves either the old
/// file or the new one, never a mix.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
  let fail = |source: io::Error| Error::Write {
    path: path.to_owned(),
    source,
  };
  let dir = match path.parent() {
    Some(p) if !p.as_os_str().is_empty() => p,
    _ => Path::new("."),
  };
  let mut tmp = tempfile::Builder::new()
    .prefix(".coopdx-")
    .suffix(".tmp")
    .tempfile_in(dir)
    .map_err(fail)?;
  tmp.write_all(bytes).map_err(fail)?;
  tmp.as_file().sync_all().map_err(fail)?;
  tmp.persist(path).map_err(|e| fail(e.error))?;
  Ok(())
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn replaces_the_file_and_leaves_no_temporary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.yaml");
    write(&path, b"first").expect("written");
    write(&path, b"second").expect("written");
    assert_eq!(fs::read_to_string(&path).expect("read"), "second");
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
  }
}
