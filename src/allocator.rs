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

/// Fits the allocator to a run over `source_bytes` of source: above
/// [`HUGE_PAGES_UP_TO`], turns transparent huge pages off for the rest of the process.
pub fn fit_to(source_bytes: u64) {
    if source_bytes > HUGE_PAGES_UP_TO {
        no_huge_pages();
    }
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
/// later: for a thread that has just freed a big unit's trees and takes another unit. Does
/// nothing if mimalloc is not the allocator (its heap for this thread is then empty).
pub fn give_back() {
    // SAFETY: a mimalloc call without arguments that frees only what is already free.
    unsafe { mi_collect(true) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libmimalloc_sys::mi_option_get;

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
        fit_to(HUGE_PAGES_UP_TO + 1);
        // SAFETY: as in `no_huge_pages`.
        unsafe {
            assert_eq!(mi_option_get(ALLOW_THP), 0);
        }
        #[cfg(target_os = "linux")]
        // SAFETY: reads a flag of this process.
        unsafe {
            assert_eq!(libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0), 1);
        }
    }
}
