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
pub fn check_crate(cx: &LintContext, out: &mut Vec<Diagnostic>, timings: &mut Timings) {
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
    out.append(&mut temporaries_found);
    let mut lint = |name: &'static str, check: &dyn Fn(&mut Vec<Diagnostic>)| {
        timings.time(name, || check(out));
    };
    lint("large_enum_variant", &|out| {
        large_enum_variant::check(cx, out)
    });
    lint("large_stack_array", &|out| {
        large_stack_array::check(cx, out)
    });
    lint("missing_with_capacity", &|out| {
        missing_with_capacity::check(cx, out)
    });
    out.append(&mut signatures_found);
    let frames = timings.time("frame estimates", || {
        crate::frames::estimate_walked(cx, frame_walk)
    });
    timings.time("large_stack_frame", || {
        large_stack_frame::check(cx, &frames, out)
    });
    let calls = timings.time("call graph", || {
        crate::callgraph::Analysis::walked(call_walk, &frames)
    });
    timings.time("stack_overflow_risk", || {
        stack_overflow_risk::check(cx, &calls, out)
    });
    timings.time("unbounded_recursion", || {
        unbounded_recursion::check(cx, &calls, out)
    });
}
