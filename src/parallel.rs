//! Work spread over every core, results kept in order: a survey batch
//! is many independent assessments. A leaf: it knows nothing of
//! cooperatives.

/// `work` done on every item, on every core; the results in the items'
/// order, whichever thread made them. Items are handed out a few at a
/// time, so a thread that drew quick ones takes more.
pub(crate) fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
  use std::sync::atomic::{AtomicUsize, Ordering};
  const STEP: usize = 16;
  let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
  let next = AtomicUsize::new(0);
  let run = || {
    let mut done = Vec::new();
    loop {
      let from = next.fetch_add(STEP, Ordering::Relaxed);
      let Some(part) = items.get(from..(from + STEP).min(items.len())) else {
        return done;
      };
      if part.is_empty() {
        return done;
      }
      done.extend(part.iter().enumerate().map(|(i, t)| (from + i, work(t))));
    }
  };
  let mut all: Vec<(usize, R)> = std::thread::scope(|s| {
    let others: Vec<_> = (1..workers).map(|_| s.spawn(run)).collect();
    let mut all = run();
    for h in others {
      // A panic in a worker is a bug: it goes on in this thread.
      all.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
    }
    all
  });
  all.sort_unstable_by_key(|(i, _)| *i);
  all.into_iter().map(|(_, r)| r).collect()
}
