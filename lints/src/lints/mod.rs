//! One module per lint. Each declares its [`Lint`] with a doc block and exposes `check`.

pub mod boxed_stack_temporary;
pub mod large_enum_variant;
pub mod large_stack_array;
pub mod large_stack_frame;
pub mod missing_with_capacity;
pub mod oversized_by_value;
mod split;
pub mod stack_overflow_risk;
pub mod syntax_error;
pub mod unbounded_recursion;

use crate::context::LintContext;
use crate::diag::Diagnostic;
use crate::lint::Lint;
use crate::load::Unparsed;
use crate::scope::CrateScopes;
use crate::timings::Timings;

/// Every lint, alphabetically.
pub static ALL: &[&Lint] = &[
    &boxed_stack_temporary::BOXED_STACK_TEMPORARY,
    &large_enum_variant::LARGE_ENUM_VARIANT,
    &large_stack_array::LARGE_STACK_ARRAY,
    &large_stack_frame::LARGE_STACK_FRAME,
    &missing_with_capacity::MISSING_WITH_CAPACITY,
    &oversized_by_value::OVERSIZED_BY_VALUE,
    &stack_overflow_risk::STACK_OVERFLOW_RISK,
    &syntax_error::SYNTAX_ERROR,
    &unbounded_recursion::UNBOUNDED_RECURSION,
];

/// Runs every lint that works on a loaded crate. (`syntax_error` is reported while loading.)
///
/// Frame estimates, the call graph and the lints that ride along ([`RideAlong`]) share one
/// walk of the bodies (with one type inference), timed as "shared body walk"; each other
/// lint's own time, and the frame estimate and call graph the last three share, are added
/// to `timings` under their names.
///
/// With `spare_thread` (the other cores idle), a crate of several files has its files
/// walked and linted on two threads ([`split`]); a crate of one file has the lints that
/// need no syntax tree (frames, call chains, recursion) run on a thread of their own, with
/// a copy of the model, while this thread runs those that walk the tree. Findings come in
/// the same order either way.
///
/// Returns the scopes of the crate's files and of `unparsed` ones (items and lint
/// attributes); warnings about `memlint::` names that no lint has come last in `out`.
pub fn check_crate(
    cx: &LintContext,
    unparsed: &[Unparsed],
    out: &mut Vec<Diagnostic>,
    timings: &mut Timings,
    spare_thread: bool,
) -> CrateScopes {
    if spare_thread && let Some(at) = split::point(cx) {
        return split::check(cx, unparsed, at, out, timings);
    }
    let walk = walk_bodies(cx, timings);
    if !spare_thread {
        let trees = tree_lints(cx, unparsed, timings);
        return report(out, walk.lint(cx, timings), trees);
    }
    let Walked {
        frames,
        calls,
        found,
    } = walk;
    let model = cx.model.detached();
    let (sources, config) = (cx.sources, cx.config);
    // Lent to the thread, so that they are still here if it cannot start.
    let inputs = std::sync::Mutex::new(Some((frames, calls)));
    let inputs = &inputs;
    let (trees, spare) = std::thread::scope(|s| {
        let data = std::thread::Builder::new()
            .name("memlint-data-lints".into())
            // Call chains and recursions are followed on the stack.
            .stack_size(data_lints_stack())
            .spawn_scoped(s, move || {
                let (frames, calls) = take(inputs)?;
                let cx = LintContext {
                    files: &[],
                    model: &model,
                    sources,
                    config,
                };
                let (mut found, mut took) = (Vec::new(), Timings::default());
                data_lints(&cx, frames, calls, &mut found, &mut took);
                Some((found, took))
            });
        let trees = tree_lints(cx, unparsed, timings);
        let spare = data
            .ok()
            .and_then(|d| d.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (trees, spare)
    });
    let data = match spare {
        Some((found, took)) => {
            timings.merge(&took);
            found
        }
        None => {
            let (frames, calls) = take(inputs).expect("the thread did not start");
            let mut found = Vec::new();
            data_lints(cx, frames, calls, &mut found, timings);
            found
        }
    };
    let walk = WalkFindings { found, data };
    report(out, walk, trees)
}

/// Every finding into `out`, in the order one thread gives them whichever way they were
/// found; the scopes.
fn report(out: &mut Vec<Diagnostic>, walk: WalkFindings, trees: TreeFindings) -> CrateScopes {
    out.extend(walk.found.temporaries);
    out.extend(trees.enums);
    out.extend(walk.found.arrays);
    out.extend(walk.found.capacity);
    out.extend(walk.found.signatures);
    out.extend(walk.data);
    out.extend(trees.unknown_lints);
    trees.scopes
}

/// The findings of a whole crate's walk: those made while walking, and those of the lints
/// on frames and calls.
struct WalkFindings {
    found: RideAlong,
    data: Vec<Diagnostic>,
}

/// Findings of the lints that ride along the shared body walk, lint by lint.
#[derive(Default)]
struct RideAlong {
    temporaries: Vec<Diagnostic>,
    arrays: Vec<Diagnostic>,
    capacity: Vec<Diagnostic>,
    signatures: Vec<Diagnostic>,
}

impl RideAlong {
    fn append(&mut self, later: RideAlong) {
        self.temporaries.extend(later.temporaries);
        self.arrays.extend(later.arrays);
        self.capacity.extend(later.capacity);
        self.signatures.extend(later.signatures);
    }
}

/// What the shared body walk found in some files of a crate.
struct Walked {
    frames: crate::frames::Collector,
    calls: crate::callgraph::Walked,
    found: RideAlong,
}

impl Walked {
    /// The lints on frames and calls over a whole crate's walk, and what the walk found.
    fn lint(self, cx: &LintContext, timings: &mut Timings) -> WalkFindings {
        let mut data = Vec::new();
        data_lints(cx, self.frames, self.calls, &mut data, timings);
        WalkFindings {
            found: self.found,
            data,
        }
    }

    /// Adds what a walk of the files after these found.
    fn append(&mut self, later: Walked) {
        self.frames.append(later.frames);
        self.calls.append(later.calls);
        self.found.append(later.found);
    }
}

/// The shared body walk over `cx.files`: frame records, the call graph's records (with the
/// trait impls of those files) and the findings of the lints that ride along.
fn walk_bodies(cx: &LintContext, timings: &mut Timings) -> Walked {
    let mut found = RideAlong::default();
    let mut temporaries_walk = boxed_stack_temporary::pass(cx, &mut found.temporaries);
    let mut arrays_walk = large_stack_array::pass(cx, &mut found.arrays);
    let mut capacity_walk = missing_with_capacity::pass(cx, &mut found.capacity);
    let mut signatures_walk = oversized_by_value::pass(cx, &mut found.signatures);
    let mut frames = crate::frames::Collector::new();
    let mut calls = crate::callgraph::Builder::new(cx);
    timings.time("shared body walk", || {
        crate::walk::walk(
            cx,
            &mut crate::walk::Fanout::new(vec![
                &mut frames,
                &mut calls,
                &mut temporaries_walk,
                &mut arrays_walk,
                &mut capacity_walk,
                &mut signatures_walk,
            ]),
        )
    });
    drop((
        temporaries_walk,
        arrays_walk,
        capacity_walk,
        signatures_walk,
    ));
    let calls = timings.time("call graph", || calls.into_walked());
    Walked {
        frames,
        calls,
        found,
    }
}

/// Findings of the lints that walk syntax trees, lint by lint, and the scopes of the
/// files they walked (items and lint attributes).
#[derive(Default)]
struct TreeFindings {
    enums: Vec<Diagnostic>,
    scopes: CrateScopes,
    /// `memlint::` names in lint attributes that no lint has.
    unknown_lints: Vec<Diagnostic>,
}

impl TreeFindings {
    fn append(&mut self, later: TreeFindings) {
        self.enums.extend(later.enums);
        self.scopes.append(later.scopes);
        self.unknown_lints.extend(later.unknown_lints);
    }
}

/// The lints that walk the syntax trees of `cx.files` on their own, and the scopes of
/// those files and of `unparsed` ones.
fn tree_lints(cx: &LintContext, unparsed: &[Unparsed], timings: &mut Timings) -> TreeFindings {
    let mut found = TreeFindings::default();
    timings.time("large_enum_variant", || {
        large_enum_variant::check(cx, &mut found.enums)
    });
    (found.scopes, found.unknown_lints) = timings.time("lint attributes", || {
        CrateScopes::build(cx.files, unparsed, cx.sources)
    });
    found
}

fn take<T>(lent: &std::sync::Mutex<Option<T>>) -> Option<T> {
    lent.lock().unwrap_or_else(|e| e.into_inner()).take()
}

/// Stack of the thread [`check_crate`] runs the data lints on (reserved, not committed).
fn data_lints_stack() -> usize {
    #[cfg(test)]
    if let Some(size) = tests::STACK.get() {
        return size;
    }
    256 << 20
}

/// The lints that read frame estimates and the call graph, not syntax trees: `cx.files`
/// may be empty.
fn data_lints(
    cx: &LintContext,
    frame_walk: crate::frames::Collector,
    calls: crate::callgraph::Walked,
    out: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) {
    let graph = timings.time("call graph", || calls.finish(cx.model));
    let frames = timings.time("frame estimates", || {
        crate::frames::estimate_walked(cx, frame_walk)
    });
    timings.time("large_stack_frame", || {
        large_stack_frame::check(cx, &frames, out)
    });
    let calls = timings.time("call graph", || {
        crate::callgraph::Analysis::with_frames(graph, &frames)
    });
    timings.time("stack_overflow_risk", || {
        stack_overflow_risk::check(cx, &calls, out)
    });
    timings.time("unbounded_recursion", || {
        unbounded_recursion::check(cx, &calls, out)
    });
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::test_crate::TestCrate;

    /// The lints [`EVERY_LINT`] has a finding of: all that `check_crate` runs.
    pub(crate) const EVERY_LINT_FINDS: [&str; 8] = [
        "boxed_stack_temporary",
        "large_enum_variant",
        "large_stack_array",
        "large_stack_frame",
        "missing_with_capacity",
        "oversized_by_value",
        "stack_overflow_risk",
        "unbounded_recursion",
    ];

    /// A finding of each lint `check_crate` runs, on both sides of the split.
    pub(crate) const EVERY_LINT: &str = "
        pub enum Lopsided { Small(u8), Big([u8; 1 << 16]) }
        pub fn by_value(m: Matrix) -> u8 { m.0[0] }
        pub struct Matrix([u8; 1 << 16]);
        pub fn scratch() -> u8 { let a = [0u8; 1 << 20]; a[3] }
        pub fn frame() -> u8 {
            let a = [0u8; 1 << 15]; let b = [1u8; 1 << 15]; let c = [2u8; 1 << 15];
            a[1] ^ b[2] ^ c[3]
        }
        pub fn boxed() -> Box<[u8; 1 << 20]> { Box::new([0u8; 1 << 20]) }
        pub fn fill(n: usize) -> Vec<usize> {
            let mut v = Vec::new();
            for i in 0..n { v.push(i); }
            v
        }
        pub struct Node { kids: Vec<Node> }
        pub fn count(n: &Node) -> usize { 1 + n.kids.iter().map(|k| count(k)).sum::<usize>() }
        #[test]
        fn deep() { let big = [0u8; 3 << 19]; let more = [1u8; 3 << 19]; f(&big, &more); }
        fn f(a: &[u8], b: &[u8]) { let c = [0u8; 1 << 20]; g(a, b, &c); }
        fn g(_: &[u8], _: &[u8], _: &[u8]) {}
    ";

    fn findings(krate: &TestCrate, spare_thread: bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        check_crate(
            &krate.cx(),
            &[],
            &mut out,
            &mut Timings::default(),
            spare_thread,
        );
        out
    }

    thread_local! {
        /// Another stack size for the spare thread, one it cannot have.
        pub(super) static STACK: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    }

    #[test]
    fn when_the_spare_thread_cannot_start_its_lints_run_here() {
        let krate = TestCrate::new(EVERY_LINT);
        let alone = findings(&krate, false);
        STACK.set(Some(usize::MAX - (1 << 20)));
        let without = findings(&krate, true);
        STACK.set(None);
        let debug =
            |found: &[Diagnostic]| found.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>();
        assert_eq!(debug(&without), debug(&alone));
        assert!(!alone.is_empty());
    }

    #[test]
    fn lints_on_a_spare_thread_find_the_same_in_the_same_order() {
        let krate = TestCrate::new(EVERY_LINT);
        let alone = findings(&krate, false);
        let mut lints: Vec<&str> = alone
            .iter()
            .filter_map(|d| d.lint.map(|l| l.name))
            .collect();
        lints.sort_unstable();
        lints.dedup();
        assert_eq!(lints, EVERY_LINT_FINDS);
        let debug =
            |found: &[Diagnostic]| found.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>();
        assert_eq!(debug(&findings(&krate, true)), debug(&alone));
    }
}
