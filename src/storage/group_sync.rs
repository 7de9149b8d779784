//! Commits made durable together: one sync of the write-ahead log for
//! every commit made since the last one.
//!
//! SQLite with `synchronous = FULL` syncs the WAL inside every commit,
//! while the commit holds the one write lock, so under load the saves
//! queued behind each other's sync (benches/README.md). The connections
//! run with `synchronous = NORMAL` instead, which is FULL without that
//! sync (SQLite still syncs around checkpoints), and each writer, after
//! its commit and outside the write lock, waits here until a sync of the
//! WAL begun after its commit has finished. That is the sync FULL would
//! have made, shared by every commit written before it began, so a
//! confirmed page still survives a power cut; nothing is acknowledged
//! before it is on disk.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// The commits of one database file and how far they are on disk.
pub(super) struct GroupSync {
  /// The database's write-ahead log, `<database>-wal`, beside the file
  /// SQLite opened (symbolic links resolved); none for a database in
  /// memory.
  wal: Option<PathBuf>,
  state: Mutex<State>,
  /// Signalled after every sync.
  synced: Condvar,
}

#[derive(Default)]
struct State {
  /// Commits noted so far; a commit's number is this count after it.
  committed: u64,
  /// Every commit up to this number is on disk.
  synced: u64,
  /// A writer is syncing now; the others wait for it.
  syncing: bool,
  /// The WAL file whose name is on disk (its inode): a new WAL file's
  /// directory entry is synced once, as SQLite does.
  named: Option<u64>,
  /// Syncs made, for tests and figures.
  syncs: u64,
  /// A sync failed. The kernel reports a lost write once, so a later
  /// sync may succeed without the lost commits on disk: from then on
  /// nothing is acknowledged.
  failed: bool,
}

impl GroupSync {
  /// The commits of the database file `db`, as SQLite names it
  /// (`sqlite3_db_filename`: the file a symbolic link points to); `None`
  /// or empty for a database in memory, which has nothing to sync.
  pub fn new(db: Option<&Path>) -> Self {
    let wal = db.filter(|p| !p.as_os_str().is_empty()).map(|db| {
      let mut wal = db.as_os_str().to_owned();
      wal.push("-wal");
      PathBuf::from(wal)
    });
    Self {
      wal,
      state: Mutex::new(State::default()),
      synced: Condvar::new(),
    }
  }

  /// Notes a commit that has just returned (its log written, not yet
  /// synced) and gives its number for [`GroupSync::until`].
  pub fn committed(&self) -> u64 {
    let mut state = self.lock();
    state.committed += 1;
    state.committed
  }

  /// Returns once commit `n` is on disk: at once if a sync since covered
  /// it, after the sync under way and the next otherwise. The writer that
  /// finds no sync under way makes it, for every commit noted so far.
  pub fn until(&self, n: u64) -> io::Result<()> {
    let mut state = self.lock();
    loop {
      // A commit synced before a failure is on disk all the same.
      if state.synced >= n {
        return Ok(());
      }
      if state.failed {
        return Err(io::Error::other(
          "an earlier sync of the database's log failed: check the disk \
           (`coopdx db check`), then restart the server",
        ));
      }
      if state.syncing {
        state = self
          .synced
          .wait(state)
          .unwrap_or_else(PoisonError::into_inner);
        continue;
      }
      // Every commit counted here wrote its log before this sync starts.
      let upto = state.committed;
      let named = state.named;
      state.syncing = true;
      drop(state);
      // Resets `syncing` only if the sync panics; otherwise below.
      let syncing = Syncing(self);
      let done = self.sync(named);
      std::mem::forget(syncing);
      state = self.lock();
      state.syncing = false;
      state.syncs += 1;
      match &done {
        Ok(inode) => {
          state.synced = state.synced.max(upto);
          state.named = inode.or(state.named);
        }
        Err(_) => state.failed = true,
      }
      self.synced.notify_all();
      done?;
    }
  }

  /// Syncs made so far.
  #[cfg(test)]
  pub fn syncs(&self) -> u64 {
    self.lock().syncs
  }

  /// Syncs the WAL's data, and its directory entry the first time this
  /// file is seen; gives the file's inode (on Unix).
  fn sync(&self, named: Option<u64>) -> io::Result<Option<u64>> {
    let Some(path) = &self.wal else {
      return Ok(named);
    };
    // Write access: Windows flushes only handles that may write. The log
    // exists: a store keeps a connection open, and SQLite removes the
    // log only when the last one closes.
    let wal = OpenOptions::new().read(true).write(true).open(path)?;
    wal.sync_data()?;
    let inode = inode(&wal)?;
    if inode.is_some() && inode != named {
      sync_directory(path)?;
    }
    Ok(inode)
  }

  fn lock(&self) -> MutexGuard<'_, State> {
    self.state.lock().unwrap_or_else(PoisonError::into_inner)
  }
}

/// Lets the waiting writers go if a sync panics: one of them syncs.
struct Syncing<'a>(&'a GroupSync);

impl Drop for Syncing<'_> {
  fn drop(&mut self) {
    self.0.lock().syncing = false;
    self.0.synced.notify_all();
  }
}

#[cfg(unix)]
fn inode(file: &File) -> io::Result<Option<u64>> {
  use std::os::unix::fs::MetadataExt;
  Ok(Some(file.metadata()?.ino()))
}

#[cfg(not(unix))]
fn inode(_: &File) -> io::Result<Option<u64>> {
  Ok(None)
}

/// Syncs the directory holding `path`, so that a new file's name
/// survives a power cut (Unix; elsewhere the file system does it).
pub(super) fn sync_directory(path: &Path) -> io::Result<()> {
  #[cfg(unix)]
  if let Some(dir) = path.parent() {
    let dir = if dir.as_os_str().is_empty() {
      Path::new(".")
    } else {
      dir
    };
    File::open(dir)?.sync_all()?;
  }
  #[cfg(not(unix))]
  let _ = path;
  Ok(())
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::sync::Arc;

  fn wal_of(dir: &Path) -> GroupSync {
    std::fs::write(dir.join("coopdx.db-wal"), b"log").expect("writes the log");
    GroupSync::new(Some(&dir.join("coopdx.db")))
  }

  #[test]
  fn a_commit_waits_for_a_sync_and_one_sync_covers_the_commits_before_it() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sync = wal_of(dir.path());
    let first = sync.committed();
    let second = sync.committed();
    sync.until(second).expect("syncs");
    assert_eq!(sync.syncs(), 1);
    // Already on disk: no second sync.
    sync.until(first).expect("synced");
    assert_eq!(sync.syncs(), 1);
    let third = sync.committed();
    sync.until(third).expect("syncs");
    assert_eq!(sync.syncs(), 2);
  }

  #[test]
  fn writers_at_once_all_return_synced() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sync = Arc::new(wal_of(dir.path()));
    let threads: Vec<_> = (0..8)
      .map(|_| {
        let sync = sync.clone();
        std::thread::spawn(move || {
          for _ in 0..50 {
            let n = sync.committed();
            sync.until(n).expect("syncs");
            assert!(sync.lock().synced >= n, "returned before its sync");
          }
        })
      })
      .collect();
    for t in threads {
      t.join().expect("writer");
    }
    let state = sync.lock();
    assert_eq!(state.committed, 400);
    assert_eq!(state.synced, 400);
    assert!(state.syncs <= 400);
  }

  #[test]
  fn after_a_failed_sync_nothing_is_acknowledged() {
    let dir = tempfile::tempdir().expect("temporary directory");
    // No log to sync where one is expected: the sync fails.
    let sync = GroupSync::new(Some(&dir.path().join("coopdx.db")));
    let n = sync.committed();
    assert!(sync.until(n).is_err());
    std::fs::write(dir.path().join("coopdx.db-wal"), b"log").expect("writes the log");
    let later = sync.committed();
    let refused = sync.until(later).expect_err("refused after a failure");
    assert!(
      refused.to_string().contains("restart the server"),
      "{refused}"
    );
  }

  #[test]
  fn a_commit_synced_before_a_failure_is_still_acknowledged() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sync = wal_of(dir.path());
    let first = sync.committed();
    sync.until(first).expect("syncs");
    std::fs::remove_file(dir.path().join("coopdx.db-wal")).expect("removes the log");
    let second = sync.committed();
    assert!(sync.until(second).is_err());
    sync.until(first).expect("on disk before the failure");
  }

  #[test]
  fn a_database_in_memory_has_nothing_to_sync() {
    let sync = GroupSync::new(None);
    let n = sync.committed();
    sync.until(n).expect("nothing to sync");
  }
}
