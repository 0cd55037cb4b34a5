//! How much memory the allocator keeps: memlint builds and frees one crate's syntax trees
//! after another, and what mimalloc holds on to between them counts in the peak.
//!
//! mimalloc 3 asks for transparent huge pages, whose 2 MiB stay resident as long as one
//! block in them lives, and keeps freed pages resident for a second before it gives them
//! back. On the 218 corpus packages in one run (two threads, with the schedule's budget of
//! then, 8 MiB of sizes that counted some files several times), peak RSS was 550 MiB with
//! its defaults, 498-519 MiB without huge pages, and 487-498 MiB when the thread of a big
//! unit also gives back its free pages at once when the unit ends ([`give_back`]), in the
//! same time (19.6-24.3 s both, three runs each).
//! Purging every page as it is freed (`purge_delay` 0) saved as much but took 20% longer,
//! and 100 ms 8% longer. Huge pages do speed up small runs, which fault in less memory for
//! the same work: without them regex-syntax (1.7 MB) took up to 15% longer. So they are
//! turned off only for runs of more source than [`HUGE_PAGES_UP_TO`].
//!
//! Giving pages back has a price too: the next unit faults them in again. On the 14 corpus
//! crates (17.9 MB, nearly all of them big units) it took a third to a half of the system
//! time, and the run took 4.33 -> 3.99 s and 4.05 -> 3.88 s without it (medians of two sets
//! of 5 alternating runs; system time 1.02 -> 0.53 s and 0.97 -> 0.61 s), for a peak of
//! 275 MiB instead of 247. On half the 218 packages (67 MB) it was 9.3 -> 8.7 s for 5 MiB
//! more; on all of them (137 MB) the time was the same and the peak rose from 498 to 511
//! MiB (max 537). So only runs of more source than [`GIVE_BACK_OVER`] give pages back.

use libmimalloc_sys::{mi_collect, mi_option_set, mi_option_t, mi_version};

/// The mimalloc whose option number this is, as `mi_version` gives it (major * 100 +
/// minor, times 100). The Rust bindings do not name the option.
const VERSION: i32 = 303;
const ALLOW_THP: mi_option_t = 43;
/// Only to check the numbering against its default.
#[cfg(test)]
const PURGE_DELAY: mi_option_t = 15;

/// Runs of at most this much source keep huge pages: their peak is far from any limit.
pub const HUGE_PAGES_UP_TO: u64 = 8 << 20;

/// Runs of more source than this give free pages back as big units end ([`give_back`]).
pub const GIVE_BACK_OVER: u64 = 64 << 20;

/// How the allocator serves a run, by its size.
#[derive(Debug)]
pub struct Fit {
    huge_pages: bool,
    /// Whether a big unit's thread gives its free pages back when the unit ends.
    pub gives_back: bool,
}

impl Fit {
    fn for_run_of(source_bytes: u64) -> Fit {
        Fit {
            huge_pages: source_bytes <= HUGE_PAGES_UP_TO,
            gives_back: source_bytes > GIVE_BACK_OVER,
        }
    }
}

/// Fits the allocator to a run over `source_bytes` of source: above
/// [`HUGE_PAGES_UP_TO`], turns transparent huge pages off for the rest of the process. The
/// fit says too whether the run gives pages back ([`GIVE_BACK_OVER`]).
pub fn fit_to(source_bytes: u64) -> Fit {
    let fit = Fit::for_run_of(source_bytes);
    if !fit.huge_pages {
        no_huge_pages();
    }
    fit
}

fn no_huge_pages() {
    // SAFETY: mimalloc's C functions that read and set its global options; 0 is valid.
    unsafe {
        // Another version may number its options otherwise.
        if mi_version() / 100 == VERSION {
            mi_option_set(ALLOW_THP, 0);
        }
    }
    // mimalloc reads `allow_thp` as it starts and has asked for huge pages for its first
    // arena already: turn them off for the process, as mimalloc itself does when the option
    // is set from the environment.
    #[cfg(target_os = "linux")]
    // SAFETY: a prctl that only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Gives the calling thread's free pages back to the system now, rather than a second
/// later: for a thread that has just freed a big unit's trees and takes another unit, in
/// a run whose [`Fit`] gives pages back. Does nothing if mimalloc is not the allocator (its
/// heap for this thread is then empty).
pub fn give_back() {
    // SAFETY: a mimalloc call without arguments that frees only what is already free.
    unsafe { mi_collect(true) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libmimalloc_sys::mi_option_get;

    #[test]
    fn small_runs_keep_huge_pages_and_only_large_ones_give_pages_back() {
        // (huge pages, gives back) for runs of so many MiB of source.
        for (mib, huge_pages, gives_back) in [
            (2, true, false),
            (8, true, false),
            (18, false, false),
            (64, false, false),
            (137, false, true),
        ] {
            let fit = Fit::for_run_of(mib << 20);
            assert_eq!(
                (fit.huge_pages, fit.gives_back),
                (huge_pages, gives_back),
                "{mib} MiB"
            );
        }
    }

    #[test]
    fn the_option_numbers_are_those_of_the_mimalloc_built() {
        // SAFETY: as in `no_huge_pages`.
        unsafe {
            assert_eq!(
                mi_version() / 100,
                VERSION,
                "another mimalloc: check the numbers of `mi_option_purge_delay` and \
                 `mi_option_allow_thp` in its mimalloc.h"
            );
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                assert_eq!(mi_option_get(PURGE_DELAY), 1000, "its default purge delay");
            }
            if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
                assert_eq!(mi_option_get(ALLOW_THP), 1, "its default for huge pages");
            }
        }
        fit_to(HUGE_PAGES_UP_TO);
        // SAFETY: as in `no_huge_pages`.
        unsafe {
            assert_eq!(mi_option_get(ALLOW_THP), 1, "a small run keeps huge pages");
        }
        assert!(!fit_to(HUGE_PAGES_UP_TO + 1).gives_back);
        // SAFETY: as in `no_huge_pages`.
        unsafe {
            assert_eq!(mi_option_get(ALLOW_THP), 0);
        }
        assert!(fit_to(GIVE_BACK_OVER + 1).gives_back);
        #[cfg(target_os = "linux")]
        // SAFETY: reads a flag of this process.
        unsafe {
            assert_eq!(libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0), 1);
        }
    }
}
