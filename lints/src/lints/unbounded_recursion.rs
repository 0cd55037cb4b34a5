use crate::callgraph::budget::FrameSize;
use crate::callgraph::recursion::Recursion;
use crate::callgraph::{Analysis, EdgeKind, FnId};
use crate::context::LintContext;
use crate::declare_lint;
use crate::diag::{Diagnostic, human_bytes};

declare_lint! {
    /// ### What it does
    /// Finds functions that call themselves, directly or through other functions of the
    /// crate (methods, trait impls, functions passed to combinators such as nom's
    /// `alt((a, b))` or `.map(Node::visit)`, calls inside closures), with nothing that
    /// limits how deep the recursion goes. Each recursion (a strongly connected component
    /// of the call graph) is reported once: the simplest cycle through it is shown, from
    /// its first function in source order, with every call of the cycle labelled, the
    /// stack one level takes (the frames of the functions on the cycle, as estimated for
    /// `--print frames`, and a return address per call) and how many levels fit in the
    /// main thread's stack (`main-thread-stack-size`) and in a spawned thread's or a
    /// test's (`spawned-thread-stack-size`, `test-thread-stack-size`).
    ///
    /// A recursion is bounded, and not reported, when every cycle through it passes a call
    /// that is guarded by one of:
    /// - a **depth parameter** changed along the call (`depth + 1`, `depth - 1`,
    ///   `depth.saturating_sub(1)`, `depth.checked_sub(1)?`, or `limit -= 1` before passing
    ///   `limit`) and compared against a limit in the caller or the callee (`if depth >
    ///   MAX_DEPTH`, `depth == 0`, `match depth`, `depth.checked_sub(1)`);
    /// - a **counter field** (`self.depth`, `self.remaining_depth`, `self.recursion_limit`,
    ///   any field) checked before the call and changed in the calling function
    ///   (`self.depth += 1` ... `self.depth -= 1`), also when the check and the change sit
    ///   in a small helper of the crate called first (`self.enter_recursion()?`) or in one
    ///   that takes the recursive call as a closure (`self.nested(|p| p.parse_value())`);
    /// - **stack growth**: the call runs inside `stacker::maybe_grow` (or `stacker::grow`,
    ///   `ensure_sufficient_stack`, or a crate function wrapping them), or the function is
    ///   `#[recursive::recursive]`.
    ///
    /// A recursion where only some calls are guarded is still reported: the unguarded
    /// calls are the ones labelled. Passing a literal or a constant as the depth
    /// parameter starts the count again, and voids that recursion's depth limit.
    ///
    /// ### Why is this bad?
    /// Every level of a recursion takes a stack frame. When the depth follows the input
    /// (nested brackets, a long linked list, a deep tree), an attacker or an unlucky file
    /// decides it, and a stack overflow aborts the whole process: it cannot be caught. This
    /// is the most common cause of stack overflow advisories against Rust parsers and
    /// decoders. rustc's `unconditional_recursion` only sees a function that calls itself
    /// on every path.
    ///
    /// ### Example
    /// ```rust,ignore
    /// fn parse_value(p: &mut Parser) -> Value {
    ///     match p.next() {
    ///         b'[' => parse_list(p),
    ///         _ => Value::Atom,
    ///     }
    /// }
    /// fn parse_list(p: &mut Parser) -> Value {
    ///     let mut items = Vec::new();
    ///     while p.peek() != b']' {
    ///         items.push(parse_value(p));
    ///     }
    ///     Value::List(items)
    /// }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// fn parse_value(p: &mut Parser, depth: usize) -> Result<Value, Error> {
    ///     if depth > MAX_DEPTH {
    ///         return Err(Error::TooDeep);
    ///     }
    ///     match p.next() {
    ///         b'[' => parse_list(p, depth + 1),
    ///         _ => Ok(Value::Atom),
    ///     }
    /// }
    /// ```
    /// or keep an explicit stack in a `Vec`, or grow the stack with
    /// `stacker::maybe_grow`.
    ///
    /// ### Known problems
    /// - Calls are resolved from the source: a method on a receiver whose type memlint does
    ///   not work out is followed only when one of the crate's traits in scope has it (then
    ///   to every impl). Recursion through other crates (a `serde` visitor calling back
    ///   into the crate) is not seen.
    /// - A function passed as a value counts as called by the function that names it,
    ///   unless it is cast (`f as *const ()`), put in a struct literal or given to a
    ///   constructor (`new`, `new_*`, `from_*`): those keep it for later.
    /// - A trait impl calling the same method on `self` behind a pointer, or on a value of
    ///   a generic, unknown or other crate's type (`impl<W: Write> Write for &mut W`
    ///   calling `(**self).write(..)`), hands the work to another type's impl: a cycle made
    ///   only of such calls follows the nesting of types, and is not reported. A `dyn
    ///   Trait` in a field of `self` counts as such a value (a wrapper's); one taken out of
    ///   a collection (a composite's children) does not. So a tree of `Box<dyn Node>`
    ///   fields is not seen to recurse, while one of `Vec<Box<dyn Node>>` is.
    /// - A `dyn Trait` receiver reaches every method of that name of the crate's traits:
    ///   memlint does not keep which trait the `dyn` names. A generic receiver reaches every
    ///   impl of its bounds' traits: which types a generic impl is used with is not tracked,
    ///   so generic plumbing (`impl<T: Codec> Codec for Vec<T>` calling `T::encode`) can
    ///   close cycles no instantiation has.
    /// - Guards are recognised by their shape, not proven: a parameter counting down to a
    ///   base case (`fn fib(n)` with `if n < 2` and `fib(n - 1)`) is taken as a depth limit,
    ///   even when the value it starts from comes from the input.
    /// - Recursion that always terminates for structural reasons memlint cannot see (a
    ///   type-level bound, a tree known to be shallow) is reported: allow the lint on the
    ///   function with `#[cfg_attr(memlint, allow(memlint::unbounded_recursion))]`.
    pub static UNBOUNDED_RECURSION = {
        name: "unbounded_recursion",
        level: Warn,
        summary: "functions recurse with no limit on the depth",
    };
}

/// Calls labelled along one cycle; a recursion with more calls says how many more.
const MAX_LABELS: usize = 12;

pub fn check(cx: &LintContext, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    for r in &analysis.recursions.unbounded {
        out.push(report(cx, analysis, r));
    }
}

fn report(cx: &LintContext, a: &Analysis, r: &Recursion) -> Diagnostic {
    let g = &a.graph;
    let name = |f: FnId| format!("`{}`", g.node(f).name);
    let first = r.cycle[0];
    let others = r.members.len() - 1;
    let message = match r.cycle.as_slice() {
        [_] if others == 0 => {
            format!("{} calls itself with no limit on the depth", name(first))
        }
        cycle if cycle.len() == r.members.len() && cycle.len() <= 3 => format!(
            "{} call each other with no limit on the depth",
            and_list(cycle.iter().map(|&f| name(f)))
        ),
        _ => format!(
            "{} and {others} other function{} call each other with no limit on the depth",
            name(first),
            if others == 1 { "" } else { "s" }
        ),
    };
    let level = level_stack(&r.cycle, &a.frames);
    let primary = match level {
        Some(frame) => format!(
            "each level takes {}{} of stack",
            if frame.exact { "" } else { "at least " },
            human_bytes(frame.debug)
        ),
        None => "the recursion starts here".to_string(),
    };
    let mut diag = Diagnostic::lint(&UNBOUNDED_RECURSION, message, g.node(first).span, primary);
    for &i in r.cycle_calls.iter().take(MAX_LABELS) {
        let e = &g.edges[i];
        diag = diag.with_secondary(e.span, call_label(a, i));
    }
    if r.cycle_calls.len() > MAX_LABELS {
        diag = diag.with_note(format!(
            "and {} more calls along this cycle",
            r.cycle_calls.len() - MAX_LABELS
        ));
    }
    // One label per call, even when it reaches several impls.
    let mut guarded_spans = Vec::new();
    for &i in &r.guarded {
        let e = &g.edges[i];
        if guarded_spans.len() == 3 || guarded_spans.contains(&e.span) {
            continue;
        }
        guarded_spans.push(e.span);
        if let Some(guard) = &e.guard {
            diag = diag.with_secondary(
                e.span,
                format!("this call is bounded by {}", guard.describe()),
            );
        }
    }
    if !r.guarded.is_empty() {
        diag = diag.with_note(
            "some calls of this recursion are bounded, but it can go around them through \
             the calls labelled here",
        );
    }
    let others: Vec<String> = r
        .members
        .iter()
        .filter(|f| !r.cycle.contains(f))
        .map(|&f| name(f))
        .collect();
    if !others.is_empty() {
        let shown = others.len().min(8);
        let rest = others.len() - shown;
        diag = diag.with_note(format!(
            "also part of this recursion: {}{}",
            others[..shown].join(", "),
            if rest > 0 {
                format!(" and {rest} more")
            } else {
                String::new()
            }
        ));
    }
    if let Some(frame) = level {
        diag = diag.with_note(depth_note(cx, frame));
    }
    diag.with_help(
        "add a depth limit, use an explicit stack (`Vec`), or grow the stack with \
         `stacker::maybe_grow`",
    )
}

/// "`parse_value` calls `parse_list` here", with how the call was resolved.
fn call_label(a: &Analysis, i: usize) -> String {
    let g = &a.graph;
    let e = &g.edges[i];
    let caller = &g.node(e.caller).name;
    let callee = if e.caller == e.callee {
        "itself".to_string()
    } else {
        format!("`{}`", g.node(e.callee).name)
    };
    let mut label = match e.kind {
        EdgeKind::Direct => format!("`{caller}` calls {callee} here"),
        EdgeKind::Dynamic => format!("`{caller}` may call {callee} here, through its trait"),
        EdgeKind::Value => format!("`{caller}` passes {callee} on here, to be called"),
    };
    if e.in_closure {
        label.push_str(", in a closure");
    }
    if e.resets_depth {
        label.push_str(", with a fresh depth");
    }
    label
}

/// The stack one level of the cycle takes: the sum of its frames (and return addresses).
fn level_stack(cycle: &[FnId], frames: &[Option<FrameSize>]) -> Option<FrameSize> {
    let mut total = FrameSize {
        debug: 0,
        release: 0,
        exact: true,
    };
    let mut known = false;
    for f in cycle {
        let ret = crate::callgraph::budget::RETURN_ADDRESS;
        match frames.get(f.index()).copied().flatten() {
            Some(fr) => {
                known = true;
                total.debug += fr.debug + ret;
                total.release += fr.release + ret;
                total.exact &= fr.exact;
            }
            None => {
                total.debug += ret;
                total.release += ret;
                total.exact = false;
            }
        }
    }
    known.then_some(total)
}

fn depth_note(cx: &LintContext, frame: FrameSize) -> String {
    let c = cx.config;
    let levels = |stack: u64| match stack / frame.debug.max(1) {
        1 => "1 level".to_string(),
        n => format!("{n} levels"),
    };
    let bound = if frame.exact { "about" } else { "at most" };
    let main = format!(
        "the main thread's {} lasts {bound} {}",
        human_bytes(c.main_thread_stack_size),
        levels(c.main_thread_stack_size)
    );
    let others = if c.spawned_thread_stack_size == c.test_thread_stack_size {
        format!(
            "a spawned thread's or a test's {} {bound} {}",
            human_bytes(c.spawned_thread_stack_size),
            levels(c.spawned_thread_stack_size)
        )
    } else {
        format!(
            "a spawned thread's {} {bound} {}, a test's {} {bound} {}",
            human_bytes(c.spawned_thread_stack_size),
            levels(c.spawned_thread_stack_size),
            human_bytes(c.test_thread_stack_size),
            levels(c.test_thread_stack_size)
        )
    };
    format!(
        "each level takes {}{} of stack in a debug build ({} in release): {main}, {others}",
        if frame.exact { "" } else { "at least " },
        human_bytes(frame.debug),
        human_bytes(frame.release),
    )
}

/// `a`, `a and b`, `a, b and c`
pub(crate) fn and_list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
