//! The frame of each node of the graph, from the frame estimator ([`crate::frames`]).
//!
//! Nodes and estimates meet where the function's name is: the estimator keys a body by
//! its name (a closure by its `|..|`, an async block by `async`), and so does the graph;
//! their ends agree (a closure's start may include `move`). A generic function has one
//! estimate per instantiation the crate shows: the graph takes the largest.

use super::CallGraph;
use super::budget::FrameSize;
use crate::collections::HashMap;
use crate::frames::FrameTable;
use crate::source::FileId;

pub fn of(table: &FrameTable, graph: &CallGraph) -> Vec<Option<FrameSize>> {
    let mut by_name: HashMap<(FileId, usize), FrameSize> = HashMap::default();
    for f in &table.fns {
        let key = (f.id.name_span.file, f.id.name_span.hi);
        let size = FrameSize {
            debug: f.debug.bytes,
            release: f.release.bytes,
            exact: f.debug.exact && f.release.exact && !f.generic,
        };
        by_name
            .entry(key)
            .and_modify(|known| {
                known.debug = known.debug.max(size.debug);
                known.release = known.release.max(size.release);
                known.exact &= size.exact;
            })
            .or_insert(size);
    }
    graph
        .nodes
        .iter()
        .map(|n| by_name.get(&(n.span.file, n.span.hi)).copied())
        .collect()
}
