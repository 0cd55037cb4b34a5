//! Which calls bound a recursion. A call is *guarded* when one of these holds:
//!
//! - **depth parameter**: it passes a parameter of the caller changed by a step
//!   (`depth + 1`, `depth - 1`, `depth.saturating_sub(1)`, `depth.checked_sub(1)?`, a
//!   binding made from one of those, or the parameter itself after `limit -= 1`), and that
//!   parameter is compared somewhere (`depth > MAX`, `depth == 0`, `match depth`,
//!   `depth.checked_sub(..)`) in the caller, or the callee compares the parameter it
//!   receives it as;
//! - **counter field**: the caller compares a field (`self.depth`, `self.remaining_depth`,
//!   `state.level`, also through a `let` copy or `Cell::get`) before the call, and changes it
//!   somewhere in its body (`+=`, `-=`, `=`, `Cell::set`);
//! - **guard helper**: the caller first calls a function of the crate (outside the
//!   recursion) that both checks and changes a field of `self`, as in
//!   `self.enter_recursion()?`; or the call sits in a closure given to such a function
//!   (`self.nested(|p| p.parse_value())`);
//! - **stack growth**: the call sits in a closure given to `stacker::maybe_grow`,
//!   `stacker::grow`, `ensure_sufficient_stack` or a crate function that calls one of them
//!   with it; or the caller or the callee is `#[recursive::recursive]`.
//!
//! A call inside a recursion that passes a literal or a constant where the callee takes a
//! compared depth parameter *resets* the depth: a depth limit does not hold across it.

use super::build::{CallKind, RawCall};
use super::facts::{ArgClass, Facts};
use super::{Edge, EdgeKind, FnId, FnNode};

/// What bounds the recursion through one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guard {
    /// `f(depth + 1)` with `depth` compared against a limit.
    DepthParam { param: String },
    /// `self.depth` checked before the call and changed around it.
    Counter { field: String },
    /// A call of `helper` before this one checks and changes a counter.
    Helper { helper: String },
    /// The call runs inside a closure given to `helper`, which checks and changes a counter.
    Wrapper { helper: String },
    /// The call runs where the stack grows on demand (`stacker::maybe_grow`, or a crate
    /// function `via` that uses it).
    Stacker { via: Option<String> },
    /// `#[recursive::recursive]` on the caller or the callee.
    RecursiveAttr,
}

impl Guard {
    /// How the guard is described to users: "the depth parameter `depth`".
    pub fn describe(&self) -> String {
        match self {
            Guard::DepthParam { param } => format!("the depth parameter `{param}`"),
            Guard::Counter { field } => format!("the counter `{field}`"),
            Guard::Helper { helper } | Guard::Wrapper { helper } => {
                format!("the recursion guard `{helper}`")
            }
            Guard::Stacker { via: None } => "`stacker`".to_string(),
            Guard::Stacker { via: Some(f) } => format!("`{f}` (which grows the stack)"),
            Guard::RecursiveAttr => "`#[recursive]`".to_string(),
        }
    }

    /// Stack growth makes depth harmless; the others bound it.
    pub fn grows_stack(&self) -> bool {
        matches!(self, Guard::Stacker { .. } | Guard::RecursiveAttr)
    }
}

/// Fills in `guard` and `resets_depth` of every edge. `edge_calls[i]` is the call edge `i`
/// came from.
pub(super) fn classify(
    nodes: &[FnNode],
    facts: &[Facts],
    calls: &[RawCall],
    resolved: &[Vec<(FnId, EdgeKind)>],
    edges: &mut [Edge],
    edge_calls: &[usize],
) {
    // Helpers must not be part of the recursion they would guard: a recursive function
    // with a counter of its own does not guard the calls its callers make after it.
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for e in edges.iter() {
        succ[e.caller.index()].push(e.callee.index());
    }
    let scc = super::scc::Sccs::new(&succ);
    let outside = |helper: FnId, caller: FnId| scc.of(helper.index()) != scc.of(caller.index());
    let is_helper: Vec<bool> = facts
        .iter()
        .map(|f| !f.self_counters().is_empty())
        .collect();
    let is_grower: Vec<bool> = (0..nodes.len())
        .map(|f| facts[f].grows_stack || nodes[f].attrs.recursive)
        .collect();
    // Per caller: where it first calls a guard helper from outside its recursion.
    let mut first_helper_call: Vec<Option<(usize, FnId)>> = vec![None; nodes.len()];
    for (i, c) in calls.iter().enumerate() {
        let helper = resolved[i]
            .iter()
            .map(|&(h, _)| h)
            .find(|&h| is_helper[h.index()] && outside(h, c.caller));
        if let Some(h) = helper {
            let first = &mut first_helper_call[c.caller.index()];
            if first.is_none_or(|(pos, _)| c.pos() < pos) {
                *first = Some((c.pos(), h));
            }
        }
    }
    for (edge, &ci) in edges.iter_mut().zip(edge_calls) {
        let call = &calls[ci];
        let (caller, callee) = (edge.caller, edge.callee);
        let caller_facts = &facts[caller.index()];
        let callee_facts = &facts[callee.index()];
        let mut guard = None;
        if nodes[caller.index()].attrs.recursive || nodes[callee.index()].attrs.recursive {
            guard = Some(Guard::RecursiveAttr);
        }
        // Stack growth around the call.
        for &w in &call.within {
            if guard.is_some() {
                break;
            }
            if calls[w].grows {
                guard = Some(Guard::Stacker { via: None });
            } else if let Some(&(g, _)) = resolved[w]
                .iter()
                .find(|&&(g, _)| is_grower[g.index()] && outside(g, caller))
            {
                guard = Some(Guard::Stacker {
                    via: Some(nodes[g.index()].name.clone()),
                });
            }
        }
        // Depth parameters.
        let shift = usize::from(call.kind == CallKind::Path && nodes[callee.index()].has_self);
        for (i, class) in call.args.iter().enumerate() {
            let param = i.checked_sub(shift);
            let callee_compares = param.is_some_and(|j| callee_facts.compares_param(j));
            match class {
                ArgClass::Changed(p)
                    if guard.is_none() && (caller_facts.compares_name(p) || callee_compares) =>
                {
                    guard = Some(Guard::DepthParam { param: p.clone() });
                }
                // `limit -= 1; .. recurse(v, limit)`: changed in place, then passed on.
                ArgClass::Same(p)
                    if guard.is_none()
                        && caller_facts.changes_name(p)
                        && (caller_facts.compares_name(p) || callee_compares) =>
                {
                    guard = Some(Guard::DepthParam { param: p.clone() });
                }
                ArgClass::Fresh if callee_compares && !outside(callee, caller) => {
                    edge.resets_depth = true
                }
                _ => {}
            }
        }
        // A counter checked before the call and changed around it.
        if guard.is_none()
            && let Some(field) = caller_facts.counters_checked_before(call.pos()).first()
        {
            guard = Some(Guard::Counter {
                field: field.clone(),
            });
        }
        // A guard helper called before, or wrapping the call in a closure.
        if guard.is_none() {
            for &w in &call.within {
                if let Some(&(h, _)) = resolved[w]
                    .iter()
                    .find(|&&(h, _)| is_helper[h.index()] && outside(h, caller))
                {
                    guard = Some(Guard::Wrapper {
                        helper: nodes[h.index()].name.clone(),
                    });
                    break;
                }
            }
        }
        if guard.is_none()
            && let Some((pos, h)) = first_helper_call[caller.index()]
            && pos < call.pos()
        {
            guard = Some(Guard::Helper {
                helper: nodes[h.index()].name.clone(),
            });
        }
        edge.guard = guard;
    }
}
