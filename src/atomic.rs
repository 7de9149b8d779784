//! Writing files so that nothing a user entered is ever half-written.

use crate::common::*;
use std::io::Write;

/// Writes `bytes` to `path` atomically and durably: a temporary file in the
/// same folder, flushed to disk, then renamed over `path`. A crash or a
/// power cut leaves either the old file or the new one, never a mix. For
/// what a user entered (assessment files).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
  write_with(path, bytes, true)
}

/// Writes a generated output (report, plan) atomically: temporary file,
/// then rename, so no reader ever sees half a file. It skips the flush to
/// disk, which costs more than producing a report; a power cut can lose
/// the output, which is regenerated from the assessment in a moment.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Error> {
  write_with(path, bytes, false)
}

fn write_with(path: &Path, bytes: &[u8], durable: bool) -> Result<(), Error> {
  let fail = |source: io::Error| Error::Write {
    path: path.to_owned(),
    source,
  };
  let dir = match path.parent() {
    Some(p) if !p.as_os_str().is_empty() => p,
    _ => Path::new("."),
  };
  let mut builder = tempfile::Builder::new();
  builder.prefix(".coopdx-").suffix(".tmp");
  // The temporary file becomes the user's file: ordinary permissions (as
  // the umask allows), not tempfile's private 0600.
  #[cfg(unix)]
  {
    use std::os::unix::fs::PermissionsExt;
    builder.permissions(fs::Permissions::from_mode(0o666));
  }
  let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
  tmp.write_all(bytes).map_err(fail)?;
  if durable {
    tmp.as_file().sync_all().map_err(fail)?;
  }
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

  #[cfg(unix)]
  #[test]
  fn written_files_get_the_permissions_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    write_output(&path, b"%PDF").expect("written");
    let ordinary = dir.path().join("ordinary");
    fs::File::create(&ordinary).expect("created");
    let mode = |p: &Path| fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(
      mode(&path),
      mode(&ordinary),
      "tempfile's private mode leaked into the output"
    );
  }
}
