//! Parsing one crate's files on every thread that has nothing else to do.
//!
//! The crate's thread ([`explore`]) and idle helpers ([`Helpers::help`]) follow the `mod`
//! items from the roots together, each file parsed once by whoever reaches it first, at a
//! span position agreed in advance ([`crate::span_table`]). The crate's thread then makes
//! every tree's spans readable on itself and loads the crate as it would alone, in the same
//! order, taking each parsed tree instead of parsing ([`super::Loader::load_with`]): which
//! thread parsed what changes nothing in the result.

use super::{Pending, canonical, module_files, outside_within, read_source};
use crate::collections::{HashMap, HashSet};
use crate::parse::{Parsed, SyntaxError};
use crate::source::{FileId, SourceMap};
use crate::span_table::{self, Positions};
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The crates being loaded, for idle threads to help with.
pub struct Helpers<'s> {
    board: Mutex<Board<'s>>,
    wake: Condvar,
}

struct Board<'s> {
    /// Units that have not finished loading: idle threads wait for them to need help.
    loading: usize,
    open: Vec<Arc<Explore<'s>>>,
}

impl<'s> Helpers<'s> {
    /// For a run that loads `units` crates, each with [`super::Loader::load_with`].
    pub fn new(units: usize) -> Helpers<'s> {
        Helpers {
            board: Mutex::new(Board {
                loading: units,
                open: Vec::new(),
            }),
            wake: Condvar::new(),
        }
    }

    /// Parses files for crates that are loading, until every crate has loaded. For a
    /// thread with no crate of its own left to take.
    pub fn help(&self) {
        loop {
            if self.help_now() {
                continue;
            }
            let board = self.lock();
            if board.loading == 0 {
                return;
            }
            // Checked under the lock that `poke` takes: no new work goes unseen.
            if !board.open.iter().any(|e| e.wants_help()) {
                drop(self.wake.wait(board).unwrap_or_else(|e| e.into_inner()));
            }
        }
    }

    /// Parses files for one crate that has some waiting, if any does; says whether it did.
    /// For a thread that waits for a crate of its own to take.
    pub fn help_now(&self) -> bool {
        let job = {
            let board = self.lock();
            let job = board.open.iter().find(|e| e.wants_help()).cloned();
            // Counted under the board's lock, so that no more than the most join.
            if let Some(job) = &job {
                job.helping.fetch_add(1, AtomicOrdering::SeqCst);
            }
            job
        };
        let Some(job) = job else {
            return false;
        };
        span_table::reset();
        job.work(self);
        span_table::reset();
        job.helping.fetch_sub(1, AtomicOrdering::SeqCst);
        true
    }

    fn lock(&self) -> MutexGuard<'_, Board<'s>> {
        self.board.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wakes idle threads: there is work, or there will be none.
    fn poke(&self) {
        let _board = self.lock();
        self.wake.notify_all();
    }

    /// One crate has loaded (or failed to).
    pub(super) fn loaded(&self) {
        let mut board = self.lock();
        board.loading = board.loading.saturating_sub(1);
        self.wake.notify_all();
    }
}

/// What was parsed ahead of loading.
#[derive(Default)]
pub(super) struct Ahead<'s> {
    /// The files parsed, by canonical path.
    pub files: HashMap<PathBuf, Explored<'s>>,
    /// The canonical path of each module file path followed.
    pub keys: HashMap<PathBuf, PathBuf>,
}

/// A file parsed ahead of loading.
pub(super) struct Explored<'s> {
    /// Read here, or found in the source map.
    text: Cow<'s, str>,
    pos: u32,
    /// `None` when the tree cannot be read on the crate's thread.
    parsed: Option<Result<Parsed, SyntaxError>>,
    pub by_other_thread: bool,
    pub read: Duration,
    pub parse: Duration,
}

impl Explored<'_> {
    /// The text, when it is not in the source map yet, and the tree.
    pub fn into_parts(self) -> (Option<String>, Option<Result<Parsed, SyntaxError>>) {
        let text = match self.text {
            Cow::Owned(text) => Some(text),
            Cow::Borrowed(_) => None,
        };
        (text, self.parsed)
    }
}

// SAFETY: a syntax tree is !Send because proc-macro2 tokens share `Rc`s and index a
// per-thread span table. The thread that parsed a tree keeps no clone of any part of it:
// the tree moves whole, under a lock, to the crate's thread, which alone touches it from
// then on; and that thread mirrors the span table first (module docs).
unsafe impl Send for Explored<'_> {}

/// Helpers one crate takes at most. Each pads its span table up to the positions it
/// parses at, about the crate's whole source, held until it leaves: memory grows with the
/// helpers, the speed-up less and less.
const MAX_HELPERS: usize = 7;

/// The exploration of one crate's module tree.
pub(super) struct Explore<'s> {
    sources: &'s SourceMap,
    /// Helpers at work on it.
    helping: AtomicUsize,
    within: Option<PathBuf>,
    positions: Positions,
    crate_thread: std::thread::ThreadId,
    state: Mutex<State<'s>>,
    wake: Condvar,
}

struct State<'s> {
    /// Module files still to visit, depth first.
    stack: Vec<Pending>,
    /// Files claimed by a visit, by canonical path.
    claimed: HashSet<PathBuf>,
    /// Visits under way.
    busy: usize,
    done: Ahead<'s>,
}

/// Follows the module tree from `roots` with the help of idle threads and returns every
/// file parsed, with spans readable on this thread.
pub(super) fn explore<'s>(
    sources: &'s SourceMap,
    roots: Vec<Pending>,
    within: Option<PathBuf>,
    helpers: &Helpers<'s>,
) -> Ahead<'s> {
    let explore = Arc::new(Explore {
        sources,
        helping: AtomicUsize::new(0),
        within,
        positions: Positions::default(),
        crate_thread: std::thread::current().id(),
        state: Mutex::new(State {
            stack: roots,
            claimed: HashSet::default(),
            busy: 0,
            done: Ahead::default(),
        }),
        wake: Condvar::new(),
    });
    span_table::reset();
    helpers.lock().open.push(explore.clone());
    helpers.poke();
    explore.work(helpers);
    helpers.lock().open.retain(|e| !Arc::ptr_eq(e, &explore));
    let mut done = std::mem::take(&mut explore.lock().done);
    let shared = done.files.values().any(|e| e.by_other_thread);
    if shared && !mirrored(done.files.values().map(|e| (e.pos, e.text.as_ref()))) {
        // Not one tree can be read here: loading parses every file again (texts kept).
        span_table::reset();
        for e in done.files.values_mut() {
            e.parsed = None;
        }
    }
    done
}

/// [`span_table::mirror`]. A test can have it fail on its thread without rebuilding the
/// table, which leaves the spans of trees parsed elsewhere unreadable here.
fn mirrored<'t>(files: impl IntoIterator<Item = (u32, &'t str)>) -> bool {
    #[cfg(test)]
    if tests::MIRROR_FAILS.get() {
        return false;
    }
    span_table::mirror(files)
}

impl<'s> Explore<'s> {
    fn lock(&self) -> MutexGuard<'_, State<'s>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn has_work(&self) -> bool {
        !self.lock().stack.is_empty()
    }

    /// Whether a helper may join: files are waiting, and fewer than [`MAX_HELPERS`] help.
    fn wants_help(&self) -> bool {
        self.helping.load(AtomicOrdering::SeqCst) < MAX_HELPERS && self.has_work()
    }

    /// Visits files until none are left to take, and then, on the crate's thread, until no
    /// visit is under way either (a helper goes back to look for other crates' files).
    fn work(&self, helpers: &Helpers<'s>) {
        let crate_thread = std::thread::current().id() == self.crate_thread;
        loop {
            let next = {
                let mut state = self.lock();
                loop {
                    if let Some(next) = state.stack.pop() {
                        state.busy += 1;
                        break next;
                    }
                    if state.busy == 0 || !crate_thread {
                        return;
                    }
                    state = self.wake.wait(state).unwrap_or_else(|e| e.into_inner());
                }
            };
            // Counted off even if the visit panics, or the others would wait forever.
            let mut visit = Visit {
                explore: self,
                found: Vec::new(),
            };
            visit.found = self.visit(next);
            let more = !visit.found.is_empty();
            drop(visit);
            if more {
                helpers.poke();
            }
        }
    }

    /// Reads and parses one module file; returns the module files it declares.
    fn visit(&self, next: Pending) -> Vec<Pending> {
        let key = canonical(&next.path);
        {
            let mut state = self.lock();
            state.done.keys.insert(next.path.clone(), key.clone());
            let outside =
                next.declared_at.is_some() && outside_within(self.within.as_deref(), &key);
            if outside || !state.claimed.insert(key.clone()) {
                return Vec::new();
            }
        }
        let started = Instant::now();
        let text = match self.sources.find(&next.path) {
            Some(id) => Cow::Borrowed(self.sources.get(id).text.as_str()),
            None => match read_source(&next.path).map(String::from_utf8) {
                Ok(Ok(text)) => Cow::Owned(text),
                // Loading reads it again and says what is wrong.
                _ => return Vec::new(),
            },
        };
        let read = started.elapsed();
        let body = text.as_ref();
        let (_, chars) = span_table::lexed(body);
        let Some(pos) = self.positions.claim(chars) else {
            return Vec::new();
        };
        let started = Instant::now();
        // Left to loading when this thread's table has grown past the place.
        let Some(mut parsed) = span_table::parse_at(body, pos, true) else {
            return Vec::new();
        };
        if let Ok(parsed) = &mut parsed {
            super::forget_macro_bodies(parsed);
        }
        let found = match &parsed {
            // Declared-at spans are not kept: loading finds the files again.
            Ok(parsed) => module_files(parsed, FileId(u32::MAX), &next),
            Err(_) => Vec::new(),
        };
        let parse = started.elapsed();
        let explored = Explored {
            text,
            pos,
            parsed: Some(parsed),
            by_other_thread: std::thread::current().id() != self.crate_thread,
            read,
            parse,
        };
        self.lock().done.files.insert(key, explored);
        found
    }
}

/// A visit under way: when it ends, the files it found are queued (in source order, for
/// the next pop to take the first) and it is counted off, at once.
struct Visit<'e, 's> {
    explore: &'e Explore<'s>,
    found: Vec<Pending>,
}

impl Drop for Visit<'_, '_> {
    fn drop(&mut self) {
        let found = std::mem::take(&mut self.found);
        let mut state = self.explore.lock();
        let more = !found.is_empty();
        state.stack.extend(found.into_iter().rev());
        state.busy -= 1;
        if more || state.busy == 0 {
            self.explore.wake.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{CrateRoots, LoadedCrate, Loader};
    use quote::ToTokens;
    use std::path::Path;

    /// A crate of many files, some not ASCII, one with a syntax error, one missing.
    fn fixture() -> PathBuf {
        // One per test: tests run side by side.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("memlint-explore-{}-{n}", std::process::id()));
        let src = dir.join("src");
        std::fs::create_dir_all(src.join("nested")).unwrap();
        let mut lib = String::from("//! Ünïcode docs.\nmod missing;\nmod broken;\nmod nested;\n");
        for i in 0..40 {
            lib.push_str(&format!("pub mod m{i};\n"));
            let body = format!(
                "// é {i}\npub struct S{i} {{ pub f: [u8; {i}] }}\n\
                 pub fn f{i}() -> usize {{ let x = [0u8; 64]; x.len() + {i} }} // ☃\n\
                 fn g{i}(v: i8) -> i8 {{ match v {{ -1 => -2, _ => -3 }} }}\n"
            );
            std::fs::write(src.join(format!("m{i}.rs")), body.repeat(20)).unwrap();
        }
        std::fs::write(src.join("lib.rs"), lib).unwrap();
        std::fs::write(src.join("broken.rs"), "fn oops( {}\n").unwrap();
        std::fs::write(src.join("nested/mod.rs"), "mod deep;\nfn n() {}\n").unwrap();
        std::fs::write(src.join("nested/deep.rs"), "\u{feff}fn d() -> u8 { 1 }\n").unwrap();
        dir
    }

    /// What a load found, with every token's position.
    fn summary(loaded: &LoadedCrate, sources: &SourceMap) -> Vec<String> {
        let mut out: Vec<String> = loaded
            .files
            .iter()
            .map(|f| {
                let mut tokens = Vec::new();
                let mut stack = vec![f.parsed.ast.to_token_stream()];
                while let Some(stream) = stack.pop() {
                    for tree in stream {
                        let span = tree.span();
                        tokens.push((span.start(), span.end(), span.byte_range()));
                        if let proc_macro2::TokenTree::Group(g) = tree {
                            stack.push(g.stream());
                        }
                    }
                }
                format!(
                    "{} {:?} {:?} {:?}",
                    sources.get(f.file).display,
                    f.module,
                    f.declared_at,
                    tokens
                )
            })
            .collect();
        out.extend(loaded.diagnostics.iter().map(|d| format!("{d:?}")));
        out.extend(loaded.read_errors.iter().cloned());
        out
    }

    fn load(dir: &Path, helped: bool) -> (Vec<String>, usize) {
        let sources = SourceMap::default();
        let roots = CrateRoots {
            name: "fixture".to_string(),
            roots: vec![(dir.join("src/lib.rs"), Vec::new())],
            cfg: Default::default(),
            within: None,
        };
        let mut loader = Loader {
            sources: &sources,
            display_base: dir,
        };
        let loaded = if helped {
            let helpers = Helpers::new(1);
            std::thread::scope(|s| {
                s.spawn(|| helpers.help());
                loader.load_with(&roots, Some(&helpers))
            })
        } else {
            loader.load(&roots)
        };
        let summary = summary(&loaded, &sources);
        span_table::reset();
        (summary, loaded.parsed_elsewhere)
    }

    #[test]
    fn a_crate_takes_a_bounded_number_of_helpers() {
        let sources = SourceMap::default();
        let pending = Pending {
            path: PathBuf::from("lib.rs"),
            module: Vec::new(),
            owns_dir: true,
            declared_at: None,
            optional: false,
        };
        let explore = Arc::new(Explore {
            sources: &sources,
            helping: AtomicUsize::new(MAX_HELPERS - 1),
            within: None,
            positions: Positions::default(),
            crate_thread: std::thread::current().id(),
            state: Mutex::new(State {
                stack: vec![pending],
                claimed: HashSet::default(),
                busy: 0,
                done: Ahead::default(),
            }),
            wake: Condvar::new(),
        });
        assert!(explore.wants_help());
        explore.helping.fetch_add(1, AtomicOrdering::SeqCst);
        assert!(explore.has_work() && !explore.wants_help());
        // A thread waiting for a unit finds nothing to do here.
        let helpers = Helpers::new(1);
        helpers.lock().open.push(explore.clone());
        assert!(!helpers.help_now());
        explore.helping.fetch_sub(1, AtomicOrdering::SeqCst);
        assert!(explore.wants_help());
    }

    /// Loads with a helper until it has parsed some of the files (which thread parses what
    /// depends on timing), each load finding what a load alone finds. False if it never did.
    fn helped_loads_match(dir: &Path, alone: &[String]) -> bool {
        for _ in 0..50 {
            let (shared, elsewhere) = load(dir, true);
            assert_eq!(shared, alone);
            if elsewhere > 0 {
                return true;
            }
        }
        false
    }

    thread_local! {
        pub(super) static MIRROR_FAILS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    #[test]
    fn when_the_mirror_fails_every_file_is_parsed_again_on_the_crate_thread() {
        let dir = fixture();
        let (alone, _) = load(&dir, false);
        MIRROR_FAILS.set(true);
        let helped = helped_loads_match(&dir, &alone);
        MIRROR_FAILS.set(false);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(helped, "the helper never parsed a file");
    }

    #[test]
    fn a_load_with_helpers_finds_what_a_load_alone_finds() {
        let dir = fixture();
        let (alone, none) = load(&dir, false);
        assert_eq!(none, 0);
        assert_eq!(
            alone.len(),
            45,
            "44 files, a syntax error, a missing module"
        );
        let helped = helped_loads_match(&dir, &alone);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(helped, "the helper never parsed a file");
    }
}
