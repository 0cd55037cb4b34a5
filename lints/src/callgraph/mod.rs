//! The crate's call graph: every function body is a node, every call an edge. Built once per
//! crate from the walk of its bodies ([`crate::walk`]), with calls resolved through the
//! crate model ([`CrateModel::resolve`](crate::model::CrateModel::resolve)) and the types
//! [`TypeEnv`](crate::typeck::TypeEnv) infers.
//!
//! What becomes an edge:
//! - a call of a crate function by path (`f()`, `m::f()`, `crate::m::f()`, imports, renames,
//!   globs), of an associated function (`Type::f()`, `Self::f()`), or of a method
//!   (`x.m()` where the type of `x` is known);
//! - a call of a method of one of the crate's traits where the receiver's type is generic
//!   (the traits of its bounds), `dyn` (any crate trait with the method) or unknown (the
//!   crate traits in scope: `Trait::f(x)`, `v.visit()` with `V: Visit`): an edge to every
//!   impl of the method in the crate and to the trait's default body, marked
//!   [`EdgeKind::Dynamic`];
//! - a function named as a value (`.map(Node::visit)`, `alt((parse_a, parse_b))`), taken as
//!   called by the function that names it ([`EdgeKind::Value`]), unless it is cast, put in
//!   a struct literal or given to a constructor (`new`, `new_*`, `from_*`).
//!
//! A method on a receiver whose type is unknown is not guessed from its name alone, and
//! std's common method names (`len`, `push`, `parse`...) on such receivers are std's.
//!
//! Calls inside closures are edges of the enclosing function, except closures and async
//! blocks given to `std::thread::spawn`, `thread::Builder::spawn` and `tokio::spawn`: those run
//! on a thread (or task) of their own, and are nodes of their own ([`NodeKind::Spawned`]).
//! Calls into other crates leave the graph.
//!
//! Each edge also says whether the call is *guarded* against unbounded recursion
//! ([`Guard`]); see [`guards`] for what is recognised.

pub mod budget;
mod build;

/// Walks bodies in a walk shared with other hooks; what it records ([`Walked`]) joins
/// with other walks and becomes the graph.
pub(crate) use build::{Builder, Walked};
mod facts;
mod frames;
pub mod guards;
pub mod recursion;
pub mod scc;
mod targets;

use crate::context::LintContext;
use crate::diag::Span;
use crate::load::ModPath;
use crate::walk::Owner;

pub use guards::Guard;

/// The call graph of a crate with what the lints and reports derive from it.
pub struct Analysis {
    pub graph: CallGraph,
    pub recursions: recursion::Recursions,
    /// The estimated frame of each node, `None` where nothing is known.
    pub frames: Vec<Option<budget::FrameSize>>,
}

impl Analysis {
    /// The graph of the crate, with the frames of `table` (the crate's estimates).
    pub fn build(cx: &LintContext, table: &crate::frames::FrameTable) -> Analysis {
        Analysis::of(CallGraph::build(cx), table)
    }

    /// The analysis of a graph built from a walk ([`Walked::finish`]) with frame
    /// estimates: plain data, any thread.
    pub(crate) fn with_frames(graph: CallGraph, table: &crate::frames::FrameTable) -> Analysis {
        Analysis::of(graph, table)
    }

    fn of(graph: CallGraph, table: &crate::frames::FrameTable) -> Analysis {
        let recursions = recursion::Recursions::of(&graph);
        let frames = frames::of(table, &graph);
        Analysis {
            graph,
            recursions,
            frames,
        }
    }

    /// Whether frame sizes are known at all.
    pub fn has_frames(&self) -> bool {
        self.frames.iter().any(Option::is_some)
    }

    pub fn budgets(&self, config: &crate::context::Config) -> Vec<budget::Budget> {
        budget::budgets(&self.graph, &self.recursions, &self.frames, config)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FnId(pub u32);

impl FnId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A function or method with a body.
    Fn { owner: Owner },
    /// A closure or async block that runs on a thread or task of its own.
    Spawned { stack: Stack, by: &'static str },
}

/// The stack an entry point runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stack {
    /// The main thread's (`main-thread-stack-size`).
    Main,
    /// A spawned thread's default (`spawned-thread-stack-size`).
    Spawned,
    /// A test thread's (`test-thread-stack-size`).
    Test,
    /// A size the source gives (`thread::Builder::new().stack_size(N)`).
    Bytes(u64),
}

impl Stack {
    pub fn bytes(self, config: &crate::context::Config) -> u64 {
        match self {
            Stack::Main => config.main_thread_stack_size,
            Stack::Spawned => config.spawned_thread_stack_size,
            Stack::Test => config.test_thread_stack_size,
            Stack::Bytes(n) => n,
        }
    }
}

/// Attributes of a function that matter to the graph's users.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FnAttrs {
    /// `#[test]`, `#[tokio::test]` and the like.
    pub test: bool,
    /// `#[tokio::main]`, `#[async_std::main]`.
    pub async_main: bool,
    /// `#[recursive::recursive]`: the body runs under `stacker::maybe_grow`.
    pub recursive: bool,
    pub is_async: bool,
}

#[derive(Clone, Debug)]
pub struct FnNode {
    /// As a reader names it: `parse`, `Parser::parse`, `<Node as Visit>::visit`,
    /// `main::{closure}`.
    pub name: String,
    /// From the crate root: `parser::Parser::parse`.
    pub path: String,
    pub kind: NodeKind,
    /// The function's name (a closure's `|..|`, an async block's `async`).
    pub span: Span,
    /// The whole body, braces included.
    pub body: Span,
    pub module: ModPath,
    pub attrs: FnAttrs,
    /// The function takes `self`.
    pub has_self: bool,
}

impl FnNode {
    /// A free function named `main` at the crate root.
    pub fn is_main(&self) -> bool {
        self.name == "main"
            && self.module.iter().all(|s| s.starts_with('{'))
            && matches!(
                self.kind,
                NodeKind::Fn {
                    owner: Owner::Module
                }
            )
    }
}

/// How a call names its callee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// A call of a function, associated function or method the call names exactly.
    Direct,
    /// A trait method called on a generic, `dyn` or unknown receiver: any impl may run.
    Dynamic,
    /// A function named as a value and passed on (`.map(Node::visit)`).
    Value,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Direct => "direct",
            EdgeKind::Dynamic => "dynamic",
            EdgeKind::Value => "value",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Edge {
    pub caller: FnId,
    pub callee: FnId,
    /// The callee's name at the call (a method's name, a path), or the value's path.
    pub span: Span,
    pub kind: EdgeKind,
    /// A trait method's impl calling a trait method of the same name on a receiver of
    /// another (generic, `dyn` or unknown) type: `impl<W: Write> Write for &mut W` calling
    /// `(**self).write(..)`; or on a std wrapper of a value that cannot hold the caller's
    /// own type (`Pin::new(&mut self.io).poll_read(..)`). Such calls pass work on to the
    /// impl of an inner type, and a cycle made only of them follows the nesting of types,
    /// which is finite.
    pub delegates: bool,
    /// The call is inside a closure of the caller.
    pub in_closure: bool,
    /// What bounds the recursion through this call, if anything.
    pub guard: Option<Guard>,
    /// The call passes a fresh value (a literal, a constant) as the callee's depth
    /// parameter: a depth limit does not hold across it.
    pub resets_depth: bool,
}

/// An entry point and the stack it runs on.
#[derive(Clone, Debug)]
pub struct Entry {
    pub node: FnId,
    pub stack: Stack,
    /// `fn main`, `#[test]`, `thread::spawn`...
    pub what: &'static str,
    /// Where the thread or task is started (for spawned functions and closures).
    pub at: Option<Span>,
}

#[derive(Clone, Debug, Default)]
pub struct CallGraph {
    pub nodes: Vec<FnNode>,
    /// Sorted by caller, then by position.
    pub edges: Vec<Edge>,
    pub entries: Vec<Entry>,
    /// `out[f]`: indices into `edges` of the calls `f` makes.
    out: Vec<Vec<usize>>,
}

impl CallGraph {
    pub fn build(cx: &LintContext) -> CallGraph {
        build::build(cx)
    }

    fn from_parts(nodes: Vec<FnNode>, mut edges: Vec<Edge>, entries: Vec<Entry>) -> CallGraph {
        edges.sort_by_key(|e| (e.caller, e.span.file, e.span.lo, e.callee));
        edges.dedup_by(|a, b| a.caller == b.caller && a.callee == b.callee && a.span == b.span);
        let mut out = vec![Vec::new(); nodes.len()];
        for (i, e) in edges.iter().enumerate() {
            out[e.caller.index()].push(i);
        }
        CallGraph {
            nodes,
            edges,
            entries,
            out,
        }
    }

    pub fn node(&self, id: FnId) -> &FnNode {
        &self.nodes[id.index()]
    }

    pub fn ids(&self) -> impl Iterator<Item = FnId> + '_ {
        (0..self.nodes.len() as u32).map(FnId)
    }

    /// The calls `f` makes.
    pub fn calls_from(&self, f: FnId) -> impl Iterator<Item = &Edge> + '_ {
        self.out[f.index()].iter().map(|&i| &self.edges[i])
    }

    /// The functions `f` calls, each once.
    pub fn callees(&self, f: FnId) -> Vec<FnId> {
        let mut out: Vec<FnId> = self.calls_from(f).map(|e| e.callee).collect();
        out.sort();
        out.dedup();
        out
    }

    /// The nodes whose name or path is `name` (for tests and tools).
    pub fn find(&self, name: &str) -> Vec<FnId> {
        self.ids()
            .filter(|&id| {
                let n = self.node(id);
                n.name == name || n.path == name
            })
            .collect()
    }

    /// Source order: by file (load order), then position.
    pub fn source_order(&self, f: FnId) -> (crate::source::FileId, usize) {
        let span = self.node(f).span;
        (span.file, span.lo)
    }
}
