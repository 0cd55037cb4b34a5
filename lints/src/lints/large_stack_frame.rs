use crate::collections::HashSet;
use crate::context::LintContext;
use crate::declare_lint;
use crate::diag::{Diagnostic, human_bytes};
use crate::frames::{FnFrame, FnKind};
use crate::lints::boxed_stack_temporary::BOXED_STACK_TEMPORARY;
use crate::lints::large_stack_array::LARGE_STACK_ARRAY;

declare_lint! {
    /// ### What it does
    /// Finds functions, methods, closures and async blocks whose stack frame, as memlint
    /// estimates it for a debug build, is at least `stack-frame-threshold` bytes (default
    /// 131072, one sixteenth of a spawned thread's 2 MiB). It points at the two or three
    /// largest parts of the frame.
    ///
    /// The estimate counts what rustc puts on the stack in a debug build: every binding,
    /// and the temporaries the compiler makes for call arguments, call results, struct
    /// literals, borrowed values and `?`, each in a slot of its own (debug builds do not
    /// reuse slots across scopes). `cargo memlint --print frames` lists every estimate.
    ///
    /// When one array that `large_stack_array` (or `boxed_stack_temporary`) reports makes
    /// up most of the frame, the frame is not reported again.
    ///
    /// ### Why is this bad?
    /// Many medium-sized locals add up: none is large enough to look dangerous, but the
    /// frame is. Frames along a call chain add up too, and a recursive call repeats the
    /// whole frame. Debug builds, where tests run, use the most stack: every temporary gets
    /// its own slot, so a function can take many times more stack in a test than in release.
    ///
    /// ### Example
    /// ```rust,ignore
    /// fn checksum(input: &[u8]) -> u64 {
    ///     let mut a = [0u64; 8192];
    ///     let mut b = [0u64; 8192];
    ///     let mut c = [0u64; 8192];
    ///     // ...
    /// }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// fn checksum(input: &[u8]) -> u64 {
    ///     let mut tables = vec![[0u64; 8192]; 3];
    ///     // ...
    /// }
    /// ```
    ///
    /// ### Known problems
    /// - The estimate is made from source. Types memlint cannot work out (from other
    ///   crates, behind macros, generic parameters) count as nothing, so the estimate is a
    ///   lower bound, and said so.
    /// - A generic function is estimated once per instantiation the crate spells out;
    ///   without one, types that depend on its parameters are unknown.
    /// - Inlining in release builds merges callees' frames into their callers'; the release
    ///   estimate does not account for it.
    pub static LARGE_STACK_FRAME = {
        name: "large_stack_frame",
        level: Warn,
        summary: "a function's stack frame is large",
        clippy: "large_stack_frames",
    };
}

pub fn check(cx: &LintContext, table: &crate::frames::FrameTable, out: &mut Vec<Diagnostic>) {
    let threshold = cx.config.stack_frame_threshold;
    // Largest first: the first instance of a generic function is its largest.
    let mut seen = HashSet::default();
    for frame in &table.fns {
        if frame.debug.bytes < threshold || !seen.insert(frame.id.name_span) {
            continue;
        }
        out.push(diagnostic(frame, cx.config.spawned_thread_stack_size));
    }
}

/// `stack`: the stack of a spawned thread (`spawned-thread-stack-size`), to put the frame in
/// proportion.
fn diagnostic(frame: &FnFrame, stack: u64) -> Diagnostic {
    let at_least = if frame.debug.exact { "" } else { "at least " };
    let what = match frame.kind {
        FnKind::Closure => "this closure".to_string(),
        FnKind::AsyncBlock => "this async block".to_string(),
        FnKind::Method | FnKind::TraitMethod => format!("`{}`", method_name(&frame.path)),
        _ => format!("`{}`", short_name(&frame.path)),
    };
    let message = format!(
        "the stack frame of {what} takes {at_least}{} in a debug build",
        human_bytes(frame.debug.bytes)
    );
    let label = format!(
        "{at_least}{} in a debug build, {} in a release build",
        human_bytes(frame.debug.bytes),
        human_bytes(frame.release.bytes)
    );
    let mut diag = Diagnostic::lint(&LARGE_STACK_FRAME, message, frame.id.name_span, label);
    for (i, c) in frame.contributors.iter().take(3).enumerate() {
        // Small parts are noise next to the large ones.
        let small = i > 0 && c.debug < frame.debug.bytes / 32;
        if c.debug == 0 || small || c.span == frame.id.name_span {
            continue;
        }
        let at_least = if c.exact { "" } else { "at least " };
        diag = diag.with_secondary(
            c.span,
            format!("{} takes {at_least}{}", c.what, human_bytes(c.debug)),
        );
    }
    // One array, already reported on its own, that is most of the frame: that report
    // says it all.
    if let Some(largest) = frame.contributors.first()
        && largest.array
        && largest.debug.saturating_mul(2) >= frame.debug.bytes
    {
        diag = diag
            .yielding_to(&LARGE_STACK_ARRAY, largest.extent)
            .yielding_to(&BOXED_STACK_TEMPORARY, largest.extent);
    }
    let share = stack / frame.debug.bytes.max(1);
    let stack = human_bytes(stack);
    let note = if share >= 2 {
        format!("a spawned thread has {stack} of stack, which {share} nested calls this size fill")
    } else {
        format!("a spawned thread has {stack} of stack, which this frame alone fills")
    };
    diag.with_note(note).with_help(
        "move large buffers and values to the heap (`vec![..]`, `Box`), or split the function",
    )
}

/// The last part of a function's path: `Parser::parse`, `run::{closure#0}`.
fn short_name(path: &str) -> &str {
    let generic_start = path.find("::<").unwrap_or(path.len());
    let head = &path[..generic_start];
    let cut = if head.ends_with('>') {
        0
    } else {
        head.rfind("::").map_or(0, |i| i + 2)
    };
    &path[cut..]
}

/// A method with its type: `Codec::tables`, `<Codec as Display>::fmt`.
fn method_name(path: &str) -> &str {
    if path.starts_with('<') {
        return path;
    }
    let generic_start = path.find("::<").unwrap_or(path.len());
    let head = &path[..generic_start];
    let cut = head.rmatch_indices("::").nth(1).map_or(0, |(i, _)| i + 2);
    &path[cut..]
}

#[cfg(test)]
mod tests {
    use super::{method_name, short_name};

    #[test]
    fn method_names() {
        assert_eq!(method_name("codec::Codec::tables"), "Codec::tables");
        assert_eq!(method_name("Codec::tables"), "Codec::tables");
        assert_eq!(
            method_name("<Codec as Display>::fmt"),
            "<Codec as Display>::fmt"
        );
    }

    #[test]
    fn short_names() {
        assert_eq!(short_name("ast::parse::Parser::parse"), "parse");
        assert_eq!(short_name("sum::<u32, 1000>"), "sum::<u32, 1000>");
        assert_eq!(short_name("m::sum::<u32, 4>"), "sum::<u32, 4>");
        assert_eq!(short_name("<Square as Shape>::area"), "area");
    }
}
