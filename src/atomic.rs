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
  // Through a symlink to the file it names: the link stays a link.
  let target = resolve_links(path).map_err(fail)?;
  let existing = fs::metadata(&target).ok();
  match &existing {
    // A pipe, a device (`-o /dev/null`): written as it is, never replaced.
    Some(m) if !m.is_file() && !m.is_dir() => {
      return write_in_place(&target, bytes, false).map_err(fail);
    }
    // Several hard links: rewritten in place so every link sees the new
    // content (a rename would cut them). Not atomic, so flushed to disk.
    Some(m) if link_count(m) > 1 => return write_in_place(&target, bytes, true).map_err(fail),
    _ => {}
  }
  let dir = match target.parent() {
    Some(p) if !p.as_os_str().is_empty() => p,
    _ => Path::new("."),
  };
  // One temporary name per target: a save killed half-way leaves it
  // behind, and the next save of the same file reuses and removes it.
  let name = target
    .file_name()
    .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
  let tmp = dir.join(format!(".{name}.coopdx-tmp"));
  let written = (|| {
    let mut file = create(&tmp, existing.as_ref())?;
    file.write_all(bytes)?;
    if durable {
      file.sync_all()?;
    }
    drop(file);
    fs::rename(&tmp, &target)?;
    if durable {
      // The rename itself is durable once the folder is flushed.
      if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
      }
    }
    Ok(())
  })();
  if written.is_err() {
    let _ = fs::remove_file(&tmp);
  }
  written.map_err(fail)
}

/// The file a path finally names, following symlinks (also dangling ones,
/// which then name the file to create).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
  let mut current = path.to_owned();
  for _ in 0..40 {
    match fs::symlink_metadata(&current) {
      Ok(m) if m.file_type().is_symlink() => {
        let link = fs::read_link(&current)?;
        current = match current.parent() {
          Some(parent) if link.is_relative() => parent.join(link),
          _ => link,
        };
      }
      _ => return Ok(current),
    }
  }
  Err(io::Error::other("too many levels of symbolic links"))
}

/// A new temporary file with the mode of the file it will replace (a
/// private 0600 file stays private), or the ordinary mode of a new file.
fn create(tmp: &Path, existing: Option<&fs::Metadata>) -> io::Result<fs::File> {
  let mut options = fs::OpenOptions::new();
  options.write(true).create(true).truncate(true);
  #[cfg(unix)]
  {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    options.mode(0o666);
    let file = options.open(tmp)?;
    if let Some(m) = existing {
      file.set_permissions(fs::Permissions::from_mode(m.permissions().mode() & 0o7777))?;
    }
    Ok(file)
  }
  #[cfg(not(unix))]
  {
    let _ = existing;
    options.open(tmp)
  }
}

fn write_in_place(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
  let mut file = fs::OpenOptions::new()
    .write(true)
    .truncate(true)
    .open(path)?;
  file.write_all(bytes)?;
  if durable {
    file.sync_all()?;
  }
  Ok(())
}

#[cfg(unix)]
fn link_count(m: &fs::Metadata) -> u64 {
  use std::os::unix::fs::MetadataExt;
  m.nlink()
}

#[cfg(not(unix))]
fn link_count(_: &fs::Metadata) -> u64 {
  1
}

#[cfg(test)]
mod tests {
  use super::*;

  #[cfg(unix)]
  #[test]
  fn a_symlink_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("real.yaml");
    let link = dir.path().join("link.yaml");
    fs::write(&target, "old").expect("written");
    std::os::unix::fs::symlink("real.yaml", &link).expect("link");
    write(&link, b"new").expect("written");
    assert!(
      fs::symlink_metadata(&link)
        .expect("meta")
        .file_type()
        .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).expect("read"), "new");
  }

  #[cfg(unix)]
  #[test]
  fn a_private_file_stays_private_and_hard_links_stay_linked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.yaml");
    fs::write(&path, "old").expect("written");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
    write(&path, b"new").expect("written");
    let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let other = dir.path().join("b.yaml");
    fs::hard_link(&path, &other).expect("link");
    write(&path, b"newer").expect("written");
    assert_eq!(fs::read_to_string(&other).expect("read"), "newer");
  }

  #[cfg(unix)]
  #[test]
  fn a_device_is_written_not_replaced() {
    write_output(Path::new("/dev/null"), b"x").expect("written");
    let m = fs::metadata("/dev/null").expect("meta");
    assert!(!m.is_file(), "/dev/null became a regular file");
  }

  #[test]
  fn a_leftover_temporary_is_reused_and_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.yaml");
    fs::write(dir.path().join(".a.yaml.coopdx-tmp"), "half").expect("left over");
    write(&path, b"whole").expect("written");
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
  }

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
