//! Which unit each analysis thread takes next.
//!
//! The largest first: a big crate left for last would run alone while the other threads
//! idle (the 14 corpus crates: 5.4 s -> 4.4 s, means of 6 runs). And not two big ones at
//! once: a crate's syntax trees take about 40 bytes per byte of source, all alive until the
//! crate is done, so two crates of 20 MB (windows-sys read whole) would hold 1.6 GiB. Small
//! units fill the other threads meanwhile. On the 218 corpus packages in one run, peak RSS
//! went from 1,766 MiB to 1,031 MiB, with both threads as busy as before.

use crate::discover::Workspace;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Units with less source than this start whenever a thread is free.
const SMALL: u64 = 512 << 10;
/// Bigger units run side by side only while their sources add up to at most this.
///
/// Both limits were tuned on the 218 corpus packages in one run (two threads), with sizes
/// estimated as [`estimate_sizes`] does now. Until then a file below several roots counted
/// once for each (windows-sys read whole: 130 MB for its 21.5 MB, tokio 14.3 MB for 4.7 MB),
/// with limits of 2 MiB and 8 MiB on those sizes. Four alternating runs: 23.1 s and 497 MiB
/// then, 23.2 s and 487 MiB with these limits. On true sizes 2 MiB and 8 MiB peaked at 556
/// MiB, 512 KiB and 8 MiB at 533 MiB, 1 MiB and 5 MiB at 502 MiB (two runs each), as more
/// crates ran beside the big ones. The 14 corpus crates took as long with each (3.8-4.0 s,
/// four runs), with the lowest peak with these (267 MiB, 288 MiB before).
///
/// What the budget costs: the big units over it run one by one (windows-sys, aws-lc-sys,
/// tracing, tokio, libc), with only small units and help with their parsing beside them
/// ([`Queue::keeps_small_back`]).
const BIG_BUDGET: u64 = 4 << 20;
/// How often a thread waiting for a unit looks for other work.
const IDLE_POLL: std::time::Duration = std::time::Duration::from_millis(2);

pub struct Queue {
    /// The bytes of Rust source each unit may read, by unit.
    sizes: Vec<u64>,
    state: Mutex<State>,
    wake: Condvar,
}

struct State {
    /// Units not started yet, largest first.
    pending: Vec<usize>,
    /// The source bytes of the big units running.
    big_running: u64,
    /// Threads with no unit to run: none fits beside the big ones running, or none is left.
    idle: usize,
}

/// A unit taken from the [`Queue`]; dropping it (when done, or when its thread panics)
/// lets waiting threads take big units again.
pub struct Taken<'q> {
    queue: &'q Queue,
    pub unit: usize,
    big: u64,
}

impl Queue {
    pub fn new(ws: &Workspace) -> Queue {
        Queue::of_sizes(estimate_sizes(ws))
    }

    fn of_sizes(sizes: Vec<u64>) -> Queue {
        let mut pending: Vec<usize> = (0..sizes.len()).collect();
        pending.sort_by_key(|&unit| std::cmp::Reverse(sizes[unit]));
        Queue {
            sizes,
            state: Mutex::new(State {
                pending,
                big_running: 0,
                idle: 0,
            }),
            wake: Condvar::new(),
        }
    }

    /// [`Queue::take_or`] with nothing to do meanwhile.
    #[cfg(test)]
    fn take(&self) -> Option<Taken<'_>> {
        self.take_or(|| false)
    }

    /// The next unit to analyse: the largest that fits beside the big units running.
    /// While none does, calls `meanwhile`, which says whether it found anything to do;
    /// when not, the thread sleeps until a unit ends or a moment passes. Before a small
    /// unit that starts beside big ones no other big one may join, calls `meanwhile`
    /// until it finds nothing to do ([`Queue::keeps_small_back`]). `None` once every unit
    /// is taken; the thread then counts as idle for good.
    pub fn take_or(&self, mut meanwhile: impl FnMut() -> bool) -> Option<Taken<'_>> {
        let mut state = self.lock();
        let mut waited = false;
        // `meanwhile` found nothing to do: a small unit kept back may start.
        let mut nothing_else = false;
        loop {
            if state.pending.is_empty() {
                if !waited {
                    state.idle += 1;
                }
                return None;
            }
            let running = state.big_running;
            let fits = |unit: &usize| fits_beside(self.sizes[*unit], running);
            if let Some(k) = state.pending.iter().position(fits) {
                if !nothing_else && self.keeps_small_back(&state) {
                    drop(state);
                    nothing_else = !meanwhile();
                    state = self.lock();
                    continue;
                }
                let unit = state.pending.remove(k);
                if waited {
                    state.idle -= 1;
                }
                let big = if self.sizes[unit] < SMALL {
                    0
                } else {
                    self.sizes[unit]
                };
                state.big_running += big;
                return Some(Taken {
                    queue: self,
                    unit,
                    big,
                });
            }
            if !waited {
                waited = true;
                state.idle += 1;
            }
            drop(state);
            let busy = meanwhile();
            state = self.lock();
            if !busy {
                // Timed: the work `meanwhile` looks for appears without a word to the queue.
                state = self
                    .wake
                    .wait_timeout(state, IDLE_POLL)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
    }

    /// Whether a thread has no unit to run, so that a unit running could share its work
    /// with a thread of its own and find a core free. On the 218 corpus packages, one of two
    /// threads had none for 7.7 s of 24.6 s: every unit left was too big to run beside
    /// aws-lc-sys, libc, tokio and the others that ran one after another meanwhile.
    pub fn has_idle_thread(&self) -> bool {
        self.lock().idle > 0
    }

    /// Whether big units run and no big unit left may start beside them: then a thread
    /// is better used parsing for the big ones than starting a small unit. Small units
    /// are few (on the 218 corpus packages, about 8 s of one thread's work), and taking
    /// them while windows-sys loaded left none for the big units after it, whose work is
    /// not all shared: one thread then had no unit for about 7 s. Helping first took
    /// windows-sys from 4.5 s to 3.1 s, and (c) from 22.3 to 21.0 s (three alternating
    /// runs; helping before every unit, big units running or not, gave 23.7 -> 21.2 s in
    /// another three, with a higher peak).
    fn keeps_small_back(&self, state: &State) -> bool {
        let running = state.big_running;
        running > 0
            && !state.pending.iter().any(|&unit| {
                let size = self.sizes[unit];
                size >= SMALL && fits_beside(size, running)
            })
    }

    #[cfg(test)]
    fn no_big_fits(&self) -> bool {
        self.keeps_small_back(&self.lock())
    }

    /// The bytes of source of every unit, a file shared by units counted in each.
    pub fn total_bytes(&self) -> u64 {
        self.sizes.iter().sum()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Whether a unit of `size` bytes of source may start while big units of `running` bytes
/// run: a small one always, a big one alone or within the budget.
fn fits_beside(size: u64, running: u64) -> bool {
    size < SMALL || running == 0 || running + size <= BIG_BUDGET
}

impl Taken<'_> {
    /// Whether the unit has too much source to run beside any other at once.
    pub fn is_big(&self) -> bool {
        self.big > 0
    }
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        self.queue.lock().big_running -= self.big;
        self.queue.wake.notify_all();
    }
}

/// The bytes of Rust source each unit may read: its roots and the modules below them, the
/// files in a root's directory for `lib.rs`, `main.rs` and `mod.rs`, else in the directory
/// named after the root.
fn estimate_sizes(ws: &Workspace) -> Vec<u64> {
    let mut listings = HashMap::new();
    ws.units
        .iter()
        .map(|unit| {
            unit_bytes(
                unit.roots.roots.iter().map(|(root, _)| root.as_path()),
                &mut listings,
            )
        })
        .collect()
}

/// [`estimate_sizes`] for one unit. Each file counts once, however many of the unit's roots
/// have it below them (a crate read whole has every `mod.rs` for a root), and a directory
/// inside one already counted is not walked again. `listings` keeps the files of each
/// directory walked, for the units that share it.
fn unit_bytes<'r>(
    roots: impl Iterator<Item = &'r Path>,
    listings: &mut HashMap<PathBuf, Vec<(PathBuf, u64)>>,
) -> u64 {
    let mut seen = HashSet::new();
    let mut counted_dirs: Vec<PathBuf> = Vec::new();
    let mut bytes = 0;
    for root in roots {
        if seen.insert(root.to_path_buf()) {
            bytes += std::fs::metadata(root).map_or(0, |m| m.len());
        }
        let children = match root.file_name().and_then(|n| n.to_str()) {
            Some("lib.rs" | "main.rs" | "mod.rs") => root.parent().map(Path::to_path_buf),
            _ => Some(root.with_extension("")),
        };
        let Some(dir) = children else { continue };
        if counted_dirs.iter().any(|counted| dir.starts_with(counted)) {
            continue;
        }
        counted_dirs.push(dir.clone());
        let files = listings
            .entry(dir)
            .or_insert_with_key(|dir| rust_files(dir));
        for (file, len) in files.iter() {
            if seen.insert(file.clone()) {
                bytes += len;
            }
        }
    }
    bytes
}

/// The `.rs` files under `dir`, with their sizes.
fn rust_files(dir: &Path) -> Vec<(PathBuf, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .filter_map(|e| Some((e.path().to_path_buf(), e.metadata().ok()?.len())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const MB: u64 = 1 << 20;

    #[test]
    fn the_largest_unit_starts_first() {
        let queue = Queue::of_sizes(vec![1_000, 5_000, 3_000]);
        let order: Vec<usize> = std::iter::from_fn(|| queue.take().map(|t| t.unit)).collect();
        assert_eq!(order, [1, 2, 0]);
    }

    #[test]
    fn big_units_over_the_budget_wait_while_small_ones_run() {
        let queue = Queue::of_sizes(vec![18 * MB, 20 * MB, 1_000, 2_000]);
        let first = queue.take().unwrap();
        assert_eq!(first.unit, 1);
        // 18 MB does not fit beside 20 MB: the small units go first.
        assert_eq!(queue.take().unwrap().unit, 3);
        assert_eq!(queue.take().unwrap().unit, 2);
        let (sent, got) = std::sync::mpsc::channel();
        let waiting = &queue;
        std::thread::scope(|s| {
            s.spawn(move || sent.send(waiting.take().map(|t| t.unit)).unwrap());
            assert!(got.recv_timeout(Duration::from_millis(200)).is_err());
            drop(first);
            assert_eq!(got.recv_timeout(Duration::from_secs(10)), Ok(Some(0)));
        });
        assert!(queue.take().is_none());
    }

    #[test]
    fn a_thread_waiting_for_a_unit_does_other_work_meanwhile() {
        let queue = Queue::of_sizes(vec![18 * MB, 20 * MB]);
        let first = queue.take().unwrap();
        let mut calls = 0;
        let done = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(50));
                done.store(true, std::sync::atomic::Ordering::SeqCst);
                drop(first);
            });
            let next = queue.take_or(|| {
                calls += 1;
                false
            });
            assert!(done.load(std::sync::atomic::Ordering::SeqCst));
            assert_eq!(next.map(|t| t.unit), Some(0));
        });
        assert!(calls >= 2, "asked for other work {calls} times");
    }

    #[test]
    fn a_thread_with_no_unit_that_fits_or_none_left_is_idle() {
        let queue = Queue::of_sizes(vec![18 * MB, 20 * MB]);
        let first = queue.take().unwrap();
        assert!(!queue.has_idle_thread());
        let (asked, heard) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                queue.take_or(|| {
                    asked.send(()).ok();
                    false
                })
            });
            heard.recv_timeout(Duration::from_secs(10)).unwrap();
            assert!(queue.has_idle_thread(), "waiting beside a big unit");
            drop(first);
            let second = waiter.join().unwrap().unwrap();
            assert_eq!(second.unit, 0);
            assert!(!queue.has_idle_thread(), "running the unit it waited for");
        });
        assert!(queue.take().is_none());
        assert!(queue.has_idle_thread(), "no unit left");
    }

    #[test]
    fn only_beside_a_big_unit_that_no_other_may_join_are_small_units_kept_back() {
        let queue = Queue::of_sizes(vec![20 * MB, 3 * MB, MB, 1_000]);
        assert!(!queue.no_big_fits(), "nothing runs");
        let giant = queue.take().unwrap();
        assert_eq!(giant.unit, 0);
        assert!(queue.no_big_fits(), "3 MB and 1 MB wait for 20 MB to end");
        drop(giant);
        let medium = queue.take().unwrap();
        assert_eq!(medium.unit, 1);
        assert!(!queue.no_big_fits(), "1 MB may join 3 MB");
        let other = queue.take().unwrap();
        assert_eq!(other.unit, 2);
        assert!(queue.no_big_fits(), "only the small unit is left");
        drop((medium, other));
        assert!(!queue.no_big_fits(), "no big unit runs");
    }

    #[test]
    fn beside_such_a_big_unit_a_thread_helps_before_it_takes_a_small_one() {
        let queue = Queue::of_sizes(vec![20 * MB, 3 * MB, 1_000]);
        let giant = queue.take().unwrap();
        let mut helped = 0;
        let small = queue.take_or(|| {
            helped += 1;
            helped < 3
        });
        assert_eq!(small.map(|t| t.unit), Some(2));
        assert_eq!(helped, 3, "helps until there is nothing to help with");
        drop(giant);
        let mut asked = false;
        let medium = queue.take_or(|| {
            asked = true;
            false
        });
        assert_eq!(medium.map(|t| t.unit), Some(1));
        assert!(!asked, "with no big unit running, the unit starts at once");
    }

    #[test]
    fn big_units_within_the_budget_run_together() {
        let queue = Queue::of_sizes(vec![MB, 3 * MB]);
        let first = queue.take().unwrap();
        let second = queue.take().unwrap();
        assert_eq!((first.unit, second.unit), (1, 0));
    }

    #[test]
    fn a_file_below_several_roots_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("a/b")).unwrap();
        std::fs::write(src.join("lib.rs"), "x".repeat(10)).unwrap();
        std::fs::write(src.join("a/mod.rs"), "x".repeat(100)).unwrap();
        std::fs::write(src.join("a/b/mod.rs"), "x".repeat(1_000)).unwrap();
        std::fs::write(src.join("a/b/c.rs"), "x".repeat(10_000)).unwrap();
        std::fs::write(src.join("notes.txt"), "x".repeat(100_000)).unwrap();
        let roots = [
            src.join("lib.rs"),
            src.join("a/mod.rs"),
            src.join("a/b/mod.rs"),
        ];
        let mut listings = HashMap::new();
        let bytes = unit_bytes(roots.iter().map(PathBuf::as_path), &mut listings);
        assert_eq!(bytes, 11_110);
        // A unit with a root in a directory walked before counts from the same listing.
        let test = dir.path().join("tests/t.rs");
        std::fs::create_dir_all(test.parent().unwrap()).unwrap();
        std::fs::write(&test, "x".repeat(7)).unwrap();
        let roots = [src.join("a/b/mod.rs"), test];
        assert_eq!(
            unit_bytes(roots.iter().map(PathBuf::as_path), &mut listings),
            11_007
        );
    }
}
