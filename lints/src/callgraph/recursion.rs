//! Recursions of the call graph, and which of them nothing bounds.
//!
//! A recursion (a strongly connected component of the graph) is bounded when every cycle
//! through it passes a guarded call ([`super::guards`]). So the unbounded recursions are the
//! cycles left once guarded calls are taken out. A call that resets a depth parameter
//! voids the depth-parameter guards of its recursion.

use super::scc::Sccs;
use super::{CallGraph, FnId, Guard};
use std::collections::VecDeque;

/// One recursion nothing bounds.
#[derive(Clone, Debug)]
pub struct Recursion {
    /// Its functions, first in source order first.
    pub members: Vec<FnId>,
    /// The functions of one shortest cycle, in call order, from its first function in
    /// source order.
    pub cycle: Vec<FnId>,
    /// Every unguarded call along that cycle (indices into the graph's edges), in cycle
    /// order; a function that calls the next one from several places has several.
    pub cycle_calls: Vec<usize>,
    /// Guarded calls among the members: the recursion is only partly guarded.
    pub guarded: Vec<usize>,
    /// Calls among the members that pass a fresh depth.
    pub resets: Vec<usize>,
}

/// The recursions of a graph.
#[derive(Clone, Debug)]
pub struct Recursions {
    /// Components of the whole graph (guarded calls included).
    pub sccs: Sccs,
    /// The unbounded ones, in source order of their first function.
    pub unbounded: Vec<Recursion>,
    /// For each component of `sccs`: whether an unbounded recursion lies in it.
    pub component_unbounded: Vec<bool>,
}

impl Recursions {
    pub fn of(graph: &CallGraph) -> Recursions {
        let n = graph.nodes.len();
        let mut succ = vec![Vec::new(); n];
        for e in &graph.edges {
            succ[e.caller.index()].push(e.callee.index());
        }
        let sccs = Sccs::new(&succ);
        let inside = |i: usize| {
            let e = &graph.edges[i];
            sccs.of(e.caller.index()) == sccs.of(e.callee.index())
        };
        let mut resets_in = vec![false; sccs.components.len()];
        for (i, e) in graph.edges.iter().enumerate() {
            if e.resets_depth && inside(i) {
                resets_in[sccs.of(e.caller.index())] = true;
            }
        }
        let guarded = |i: usize| {
            let e = &graph.edges[i];
            match &e.guard {
                None => false,
                Some(Guard::DepthParam { .. }) => !resets_in[sccs.of(e.caller.index())],
                Some(_) => true,
            }
        };
        let mut open_succ = vec![Vec::new(); n];
        let mut open_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, e) in graph.edges.iter().enumerate() {
            if inside(i) && !guarded(i) {
                open_succ[e.caller.index()].push(e.callee.index());
                open_edges[e.caller.index()].push(i);
            }
        }
        let open = Sccs::new(&open_succ);
        let mut unbounded = Vec::new();
        let mut component_unbounded = vec![false; sccs.components.len()];
        for component in &open.components {
            let here = open.of(component[0]);
            // The component's calls that do not only delegate to an inner type's impl.
            let real = component
                .iter()
                .flat_map(|&v| &open_edges[v])
                .copied()
                .filter(|&i| {
                    let e = &graph.edges[i];
                    !e.delegates && open.of(e.callee.index()) == here
                })
                // A call that resets the depth is the one to show, if there is one.
                .min_by_key(|&i| {
                    let e = &graph.edges[i];
                    (!e.resets_depth, graph.source_order(e.caller))
                });
            let Some(through) = real else {
                continue;
            };
            let mut members: Vec<FnId> = component.iter().map(|&v| FnId(v as u32)).collect();
            members.sort_by_key(|&f| graph.source_order(f));
            component_unbounded[sccs.of(members[0].index())] = true;
            let cycle = cycle_through(through, &open_edges, graph, |v| open.of(v) == here);
            let mut cycle_calls = Vec::new();
            for (k, &f) in cycle.iter().enumerate() {
                let next = cycle[(k + 1) % cycle.len()];
                cycle_calls.extend(
                    open_edges[f.index()]
                        .iter()
                        .copied()
                        .filter(|&i| graph.edges[i].callee == next),
                );
            }
            let among = |i: usize| {
                let e = &graph.edges[i];
                component.contains(&e.caller.index()) && component.contains(&e.callee.index())
            };
            // Guarded calls from the recursion's functions back into their component of
            // the whole graph: the ways around which the recursion is bounded.
            let guarded_calls = (0..graph.edges.len())
                .filter(|&i| {
                    let e = &graph.edges[i];
                    component.contains(&e.caller.index())
                        && sccs.of(e.callee.index()) == sccs.of(e.caller.index())
                        && guarded(i)
                })
                .collect();
            let resets = (0..graph.edges.len())
                .filter(|&i| among(i) && graph.edges[i].resets_depth)
                .collect();
            unbounded.push(Recursion {
                members,
                cycle,
                cycle_calls,
                guarded: guarded_calls,
                resets,
            });
        }
        unbounded.sort_by_key(|r| graph.source_order(r.members[0]));
        Recursions {
            sccs,
            unbounded,
            component_unbounded,
        }
    }

    /// Whether `f` lies in a recursion, bounded or not.
    pub fn is_recursive(&self, graph: &CallGraph, f: FnId) -> bool {
        let c = self.sccs.of(f.index());
        self.sccs.components[c].len() > 1 || graph.callees(f).contains(&f)
    }
}

/// The functions of a shortest cycle through the call `through`, over `edges` of nodes
/// that `keep` accepts (breadth first, so the cycle shown is the simplest one), starting
/// from its first function in source order.
fn cycle_through(
    through: usize,
    edges: &[Vec<usize>],
    graph: &CallGraph,
    keep: impl Fn(usize) -> bool,
) -> Vec<FnId> {
    let (from, to) = (
        graph.edges[through].caller.index(),
        graph.edges[through].callee.index(),
    );
    let n = graph.nodes.len();
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut seen = vec![false; n];
    let mut queue = VecDeque::from([to]);
    seen[to] = true;
    // Breadth first from the callee back to the caller.
    'search: while let Some(v) = queue.pop_front() {
        if v == from {
            break;
        }
        for &i in &edges[v] {
            let w = graph.edges[i].callee.index();
            if !seen[w] && keep(w) {
                seen[w] = true;
                parent[w] = Some(v);
                if w == from {
                    break 'search;
                }
                queue.push_back(w);
            }
        }
    }
    // Walking parents from the caller back to the callee gives the cycle backwards.
    let mut backwards = vec![FnId(from as u32)];
    let mut at = from;
    while at != to {
        let Some(p) = parent[at] else { break };
        backwards.push(FnId(p as u32));
        at = p;
    }
    let mut cycle: Vec<FnId> = std::iter::once(FnId(from as u32))
        .chain(backwards.into_iter().skip(1).rev())
        .collect();
    let start = (0..cycle.len())
        .min_by_key(|&k| graph.source_order(cycle[k]))
        .unwrap_or(0);
    cycle.rotate_left(start);
    cycle
}
