use crate::callgraph::budget::{Budget, Outcome, Step};
use crate::callgraph::{Analysis, FnId, NodeKind};
use crate::context::LintContext;
use crate::declare_lint;
use crate::diag::{Diagnostic, human_bytes};

declare_lint! {
    /// ### What it does
    /// Adds up the stack frames along every call chain that starts at an entry point, and
    /// warns when the deepest chain needs more than `stack-budget-percent` (default 50) of
    /// the stack the entry point runs on; when it needs more than the whole stack, it says
    /// the entry point will overflow. The entry points and their stacks:
    /// - `fn main` at the crate root: the main thread, `main-thread-stack-size` (8 MiB);
    ///   `#[tokio::main] async fn main` too, since its body runs on the main thread;
    /// - closures, async blocks and functions given to `std::thread::spawn`,
    ///   `thread::scope`'s `spawn`, `tokio::spawn` and `tokio::task::spawn_blocking`:
    ///   `spawned-thread-stack-size` (2 MiB);
    /// - `thread::Builder::new().stack_size(N).spawn(..)`: `N`, when it is a constant;
    /// - `#[test]` functions (and `#[tokio::test]`...): `test-thread-stack-size` (2 MiB).
    ///
    /// Frames are memlint's estimates for debug builds, the build that overflows first,
    /// plus the return address each call pushes. A recursion bounded by a guard counts one
    /// level; a chain that reaches an unbounded recursion has no bound and is left to
    /// `unbounded_recursion`. The chain is shown from the entry to the deepest call, with
    /// each frame's size. An entry point whose own frame takes the share of its stack that
    /// warns is left to `large_stack_frame`, unless its chain overflows the stack.
    ///
    /// ### Why is this bad?
    /// No single function needs to be large for a thread to overflow: a few hundred KiB
    /// of frames along one chain of calls, in a thread with a 2 MiB stack, is enough. A
    /// stack overflow aborts the process, and since debug builds take far more stack than
    /// release builds, it often shows up only in tests or in debug runs.
    ///
    /// ### Example
    /// ```rust,ignore
    /// fn main() {
    ///     std::thread::spawn(|| render()); // 2 MiB stack
    /// }
    /// fn render() {
    ///     let tile = [0u32; 256 * 1024]; // 1 MiB
    ///     compose(&tile);
    /// }
    /// fn compose(tile: &[u32]) {
    ///     let scratch = [0u32; 256 * 1024]; // another 1 MiB
    /// }
    /// ```
    /// Use instead: keep large buffers on the heap (`vec![0u32; 256 * 1024]`), or give the
    /// thread the stack it needs: `thread::Builder::new().stack_size(8 << 20).spawn(..)`.
    ///
    /// ### Known problems
    /// - Only calls memlint resolves are followed (see `unbounded_recursion`); frames of
    ///   other crates' functions (std's included) count as nothing, so totals are lower
    ///   bounds, and frames of functions whose local types are unknown are lower bounds too.
    /// - Frames are estimated from the source; the compiler's inlining can merge them or
    ///   grow them (see `--print frames`).
    /// - A closure's calls count as its enclosing function's: its own frame is not added.
    pub static STACK_OVERFLOW_RISK = {
        name: "stack_overflow_risk",
        level: Warn,
        summary: "a call chain from an entry point needs most of its thread's stack",
    };
}

/// Calls labelled along a chain; the note lists every step.
const MAX_LABELS: usize = 8;

pub fn check(cx: &LintContext, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    if !analysis.has_frames() {
        return;
    }
    for budget in analysis.budgets(cx.config) {
        if let Some(diag) = report(cx, analysis, &budget) {
            out.push(diag);
        }
    }
}

fn report(cx: &LintContext, a: &Analysis, b: &Budget) -> Option<Diagnostic> {
    let Outcome::Bounded {
        chain,
        debug: total,
        exact,
        ..
    } = &b.outcome
    else {
        return None;
    };
    let percent = cx.config.stack_budget_percent;
    let limit = u128::from(b.stack) * u128::from(percent) / 100;
    if u128::from(*total) <= limit {
        return None;
    }
    // An entry point whose own frame is already too much is `large_stack_frame`'s (or
    // `large_stack_array`'s) to report, unless the chain overflows its stack.
    if u128::from(chain[0].debug) >= limit && *total <= b.stack {
        return None;
    }
    let g = &a.graph;
    let entry = g.node(b.entry.node);
    let at_least = if *exact { "" } else { "at least " };
    let stack = human_bytes(b.stack);
    let who = entry_name(a, b.entry.node);
    let message = if *total > b.stack {
        format!(
            "{who} will overflow its {stack} stack: its deepest call chain takes {at_least}{}",
            human_bytes(*total)
        )
    } else {
        format!(
            "{who} may use {at_least}{} of its {stack} stack",
            human_bytes(*total)
        )
    };
    let runs_on = match b.entry.what {
        "fn main" | "async fn main" => format!("runs on the main thread, {stack}"),
        "#[test]" => format!("a test: runs on a thread of {stack}"),
        by => format!("runs on a thread of {stack}, from `{by}`"),
    };
    let mut diag = Diagnostic::lint(&STACK_OVERFLOW_RISK, message, entry.span, runs_on);
    if let (NodeKind::Fn { .. }, Some(at)) = (&entry.kind, b.entry.at) {
        diag = diag.with_secondary(at, format!("started on a thread of {stack} here"));
    }
    // Label the calls of the largest steps when the chain is long.
    let mut labelled: Vec<&Step> = chain.iter().filter(|s| s.call.is_some()).collect();
    if labelled.len() > MAX_LABELS {
        labelled.sort_by_key(|s| std::cmp::Reverse(s.debug));
        labelled.truncate(MAX_LABELS);
    }
    for step in labelled {
        let call = step.call.expect("filtered");
        let e = &g.edges[call];
        diag = diag.with_secondary(
            e.span,
            format!(
                "calls {} ({}{})",
                step_name(a, step),
                if step.exact { "" } else { "at least " },
                human_bytes(step.debug)
            ),
        );
    }
    let steps: Vec<String> = chain
        .iter()
        .map(|s| {
            format!(
                "{} {}{}",
                step_name(a, s),
                if s.exact { "" } else { "≥ " },
                human_bytes(s.debug)
            )
        })
        .collect();
    diag = diag.with_note(format!(
        "the deepest chain, with each frame (debug build): {}",
        steps.join(" → ")
    ));
    if chain.iter().any(|s| a.recursions.is_recursive(g, s.fns[0])) {
        diag = diag.with_note(
            "a recursion on the chain is bounded by a guard, but how deep it goes is not \
             known: it is counted as one level",
        );
    }
    Some(diag.with_help(
        "move large locals to the heap (`Box`, `Vec`), or run this work on a thread with a \
         larger stack (`std::thread::Builder::new().stack_size(..)`)",
    ))
}

fn entry_name(a: &Analysis, f: FnId) -> String {
    let node = a.graph.node(f);
    match &node.kind {
        NodeKind::Spawned { by, .. } => format!("the thread started by `{by}` here"),
        NodeKind::Fn { .. } => format!("`{}`", node.name),
    }
}

fn step_name(a: &Analysis, s: &Step) -> String {
    let names: Vec<String> = s
        .fns
        .iter()
        .map(|&f| format!("`{}`", a.graph.node(f).name))
        .collect();
    if names.len() == 1 {
        names[0].clone()
    } else {
        format!("[{}]", names.join(", "))
    }
}
