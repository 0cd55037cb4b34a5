//! Whole-program stack budgets: for each entry point, the deepest chain of calls it can make
//! and the stack that chain takes, from the frame of every function on it.
//!
//! Recursions are condensed: a recursion bounded by a guard counts once (one level), and an
//! entry that reaches an unbounded one has no bound at all (the recursion is reported by
//! `unbounded_recursion`).

use super::recursion::Recursions;
use super::{CallGraph, Entry, FnId};
use crate::collections::HashMap;

/// What each call costs besides the callee's frame: the return address it pushes. LLVM's
/// frame sizes (and memlint's estimates of them) leave it out.
pub const RETURN_ADDRESS: u64 = 8;

/// The estimated frame of one function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameSize {
    pub debug: u64,
    pub release: u64,
    /// `false`: the sizes are lower bounds (some types are unknown).
    pub exact: bool,
}

/// One step of a chain: a function, or the functions of a bounded recursion, one level.
#[derive(Clone, Debug)]
pub struct Step {
    pub fns: Vec<FnId>,
    /// The call that reaches this step (an index into the graph's edges); `None` for the
    /// entry point.
    pub call: Option<usize>,
    pub debug: u64,
    pub release: u64,
    pub exact: bool,
}

#[derive(Clone, Debug)]
pub enum Outcome {
    /// The deepest chain; totals include every step.
    Bounded {
        chain: Vec<Step>,
        debug: u64,
        release: u64,
        exact: bool,
    },
    /// The entry reaches the unbounded recursion with this index (into
    /// [`Recursions::unbounded`]) through `chain`.
    Unbounded { recursion: usize, chain: Vec<Step> },
}

#[derive(Clone, Debug)]
pub struct Budget {
    pub entry: Entry,
    /// The entry's stack in bytes.
    pub stack: u64,
    pub outcome: Outcome,
}

/// Per component: the deepest total below and including it, and where it goes next.
#[derive(Clone, Copy, Default)]
struct Best {
    total: u64,
    exact: bool,
    next: Option<usize>,
}

/// The budget of every entry point of the graph. `frames[f]` is the frame of node `f`,
/// `None` when nothing is known of it (it then counts as nothing, and totals are lower
/// bounds).
pub fn budgets(
    graph: &CallGraph,
    recursions: &Recursions,
    frames: &[Option<FrameSize>],
    config: &crate::context::Config,
) -> Vec<Budget> {
    let sccs = &recursions.sccs;
    let count = sccs.components.len();
    let members = |c: usize| sccs.components[c].iter().map(|&v| FnId(v as u32));
    let weight = |c: usize, release: bool| -> (u64, bool) {
        members(c).fold((0, true), |(sum, exact), f| match frames[f.index()] {
            Some(fr) => (
                sum + if release { fr.release } else { fr.debug } + RETURN_ADDRESS,
                exact && fr.exact,
            ),
            None => (sum + RETURN_ADDRESS, false),
        })
    };
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); count];
    for e in &graph.edges {
        let (a, b) = (sccs.of(e.caller.index()), sccs.of(e.callee.index()));
        if a != b && !succ[a].contains(&b) {
            succ[a].push(b);
        }
    }
    // Which unbounded recursion each component reaches, if any.
    let recursion_at: Vec<Option<usize>> = {
        let mut at = vec![None; count];
        for (i, r) in recursions.unbounded.iter().enumerate() {
            let c = sccs.of(r.members[0].index());
            at[c].get_or_insert(i);
        }
        at
    };
    let mut reaches: Vec<Option<(usize, Option<usize>)>> = vec![None; count];
    let mut best_debug = vec![Best::default(); count];
    let mut best_release = vec![Best::default(); count];
    // Components come sinks first: every successor is done before its callers.
    for c in 0..count {
        if let Some(r) = recursion_at[c] {
            reaches[c] = Some((r, None));
        } else if let Some(&s) = succ[c].iter().find(|&&s| reaches[s].is_some()) {
            reaches[c] = Some((reaches[s].expect("checked").0, Some(s)));
        }
        for (best, release) in [(&mut best_debug, false), (&mut best_release, true)] {
            let (own, own_exact) = weight(c, release);
            let deepest = succ[c].iter().copied().max_by_key(|&s| best[s].total);
            best[c] = match deepest {
                Some(s) => Best {
                    total: own + best[s].total,
                    exact: own_exact && best[s].exact,
                    next: Some(s),
                },
                None => Best {
                    total: own,
                    exact: own_exact,
                    next: None,
                },
            };
        }
    }
    let step = |c: usize, call: Option<usize>| {
        let (debug, exact) = weight(c, false);
        let (release, _) = weight(c, true);
        let mut fns: Vec<FnId> = members(c).collect();
        fns.sort_by_key(|&f| graph.source_order(f));
        Step {
            fns,
            call,
            debug,
            release,
            exact,
        }
    };
    // The call from component `a` into component `b` that the chain shows: the first in
    // source order. Found once for all chains: each entry's chain would scan every edge.
    let mut first_call: HashMap<(usize, usize), usize> = HashMap::default();
    for (i, e) in graph.edges.iter().enumerate() {
        let between = (sccs.of(e.caller.index()), sccs.of(e.callee.index()));
        let at = |i: usize| (graph.edges[i].span.file, graph.edges[i].span.lo);
        match first_call.get_mut(&between) {
            Some(first) if at(i) < at(*first) => *first = i,
            Some(_) => {}
            None => {
                first_call.insert(between, i);
            }
        }
    }
    let call_between = |a: usize, b: usize| first_call.get(&(a, b)).copied();
    let chain = |start: usize, next: &dyn Fn(usize) -> Option<usize>| {
        let mut steps = vec![step(start, None)];
        let mut c = start;
        while let Some(n) = next(c) {
            steps.push(step(n, call_between(c, n)));
            c = n;
        }
        steps
    };
    graph
        .entries
        .iter()
        .map(|entry| {
            let c = sccs.of(entry.node.index());
            let outcome = match reaches[c] {
                Some((recursion, _)) => Outcome::Unbounded {
                    recursion,
                    chain: chain(c, &|c| reaches[c].and_then(|(_, next)| next)),
                },
                None => Outcome::Bounded {
                    chain: chain(c, &|c| best_debug[c].next),
                    debug: best_debug[c].total,
                    release: best_release[c].total,
                    exact: best_debug[c].exact,
                },
            };
            Budget {
                entry: entry.clone(),
                stack: entry.stack.bytes(config),
                outcome,
            }
        })
        .collect()
}
