//! One module per lint. Each declares its [`Lint`] with a doc block and exposes `check`.

pub mod boxed_stack_temporary;
pub mod large_enum_variant;
pub mod large_stack_array;
pub mod large_stack_frame;
pub mod missing_with_capacity;
pub mod oversized_by_value;
pub mod stack_overflow_risk;
pub mod syntax_error;
pub mod unbounded_recursion;

use crate::context::LintContext;
use crate::diag::Diagnostic;
use crate::lint::Lint;
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
/// Frame estimates, the call graph, `boxed_stack_temporary` and `oversized_by_value` share
/// one walk of the bodies (with one type inference), timed as "shared body walk"; each lint's
/// own time, and the frame estimate and call graph the last three share, are added to
/// `timings` under their names.
///
/// With `spare_thread`, the lints that need no syntax tree (frames, call chains,
/// recursion) run on a thread of their own, with a copy of the model, while this thread
/// runs those that walk the trees: for a crate analysed while the other cores idle.
/// Findings come in the same order either way.
pub fn check_crate(
    cx: &LintContext,
    out: &mut Vec<Diagnostic>,
    timings: &mut Timings,
    spare_thread: bool,
) {
    let mut temporaries_found = Vec::new();
    let mut signatures_found = Vec::new();
    let mut temporaries = boxed_stack_temporary::pass(cx, &mut temporaries_found);
    let mut signatures = oversized_by_value::pass(cx, &mut signatures_found);
    let mut frame_walk = crate::frames::Collector::new();
    let mut call_walk = crate::callgraph::Builder::new(cx);
    timings.time("shared body walk", || {
        crate::walk::walk(
            cx,
            &mut crate::walk::Fanout::new(vec![
                &mut frame_walk,
                &mut call_walk,
                &mut temporaries,
                &mut signatures,
            ]),
        )
    });
    drop((temporaries, signatures));
    out.append(&mut temporaries_found);
    let graph = timings.time("call graph", || {
        crate::callgraph::Analysis::graph_of(call_walk)
    });
    let tree_lints = move |out: &mut Vec<Diagnostic>, timings: &mut Timings| {
        timings.time("large_enum_variant", || large_enum_variant::check(cx, out));
        timings.time("large_stack_array", || large_stack_array::check(cx, out));
        timings.time("missing_with_capacity", || {
            missing_with_capacity::check(cx, out)
        });
        out.extend(signatures_found);
    };
    if !spare_thread {
        tree_lints(out, timings);
        data_lints(cx, frame_walk, graph, out, timings);
        return;
    }
    let model = cx.model.detached();
    let (sources, config) = (cx.sources, cx.config);
    // Lent to the thread, so that they are still here if it cannot start.
    let inputs = std::sync::Mutex::new(Some((frame_walk, graph)));
    let inputs = &inputs;
    let spare = std::thread::scope(|s| {
        let data = std::thread::Builder::new()
            .name("memlint-data-lints".into())
            // Call chains and recursions are followed on the stack.
            .stack_size(data_lints_stack())
            .spawn_scoped(s, move || {
                let (frame_walk, graph) = take(inputs)?;
                let cx = LintContext {
                    files: &[],
                    model: &model,
                    sources,
                    config,
                };
                let (mut found, mut took) = (Vec::new(), Timings::default());
                data_lints(&cx, frame_walk, graph, &mut found, &mut took);
                Some((found, took))
            });
        tree_lints(out, timings);
        data.ok()
            .and_then(|d| d.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    match spare {
        Some((found, took)) => {
            out.extend(found);
            timings.merge(&took);
        }
        None => {
            let (frame_walk, graph) = take(inputs).expect("the thread did not start");
            data_lints(cx, frame_walk, graph, out, timings);
        }
    }
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
    graph: crate::callgraph::CallGraph,
    out: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) {
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
mod tests {
    use super::*;
    use crate::test_crate::OneFile;

    /// A finding of each lint `check_crate` runs, on both sides of the split.
    const EVERY_LINT: &str = "
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

    fn findings(krate: &OneFile, spare_thread: bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        check_crate(&krate.cx(), &mut out, &mut Timings::default(), spare_thread);
        out
    }

    thread_local! {
        /// Another stack size for the spare thread, one it cannot have.
        pub(super) static STACK: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    }

    #[test]
    fn when_the_spare_thread_cannot_start_its_lints_run_here() {
        let krate = OneFile::new(EVERY_LINT);
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
        let krate = OneFile::new(EVERY_LINT);
        let alone = findings(&krate, false);
        let mut lints: Vec<&str> = alone
            .iter()
            .filter_map(|d| d.lint.map(|l| l.name))
            .collect();
        lints.sort_unstable();
        lints.dedup();
        assert_eq!(
            lints,
            [
                "boxed_stack_temporary",
                "large_enum_variant",
                "large_stack_array",
                "large_stack_frame",
                "missing_with_capacity",
                "oversized_by_value",
                "stack_overflow_risk",
                "unbounded_recursion",
            ]
        );
        let debug =
            |found: &[Diagnostic]| found.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>();
        assert_eq!(debug(&findings(&krate, true)), debug(&alone));
    }
}
