//! Stack frame estimates: how many bytes each function's own frame takes, in a debug build
//! and in a release build, and what they are made of.
//!
//! The estimate follows what rustc and LLVM do (measured; see
//! `../shared/groundtruth/README.md`), from source:
//!
//! - **Debug builds** give every MIR local that is not a scalar or a pair of scalars its own
//!   `alloca`, never reused: every binding, and every temporary the MIR builder makes. The
//!   builder makes one for each operand that is not a constant (the arguments of a call,
//!   the fields of a struct literal, a by-value receiver), each call result that is not
//!   written straight into a place, each borrowed or matched rvalue, and the four values
//!   behind every `?`. Copy propagation merges a copy of a local with it when neither is
//!   borrowed or assigned twice; a named local passed by pointer to a call is copied first.
//!   Scalar bindings get a slot too (debug info spills them).
//! - **Release builds** keep large locals that live at the same time; locals of disjoint
//!   scopes (sibling blocks, match arms, branches) share space, small aggregates live in
//!   registers, and copies are mostly elided.
//!
//! [`estimate`] walks every function, method, closure and async block body once
//! ([`collect`]), recording slots with their types; [`sizing`] turns them into bytes, once
//! per known instantiation of a generic function. The result is a [`FrameTable`] keyed by
//! where each function is declared, for reports and for summing frames along call chains.

mod collect;
mod sizing;

use crate::context::LintContext;
use crate::diag::Span;
use crate::model::ty::GenericArg;
use crate::typeck::FnTarget;

/// An estimate in bytes; a lower bound when some type could not be sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Estimate {
    pub bytes: u64,
    pub exact: bool,
}

impl Estimate {
    /// `exact`, or `lower-bound` when some part is unknown.
    pub fn exactness(&self) -> &'static str {
        if self.exact { "exact" } else { "lower-bound" }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FnKind {
    Fn,
    Method,
    /// A default method of a trait.
    TraitMethod,
    Closure,
    AsyncFn,
    AsyncBlock,
}

/// What a part of a frame is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotKind {
    Param,
    Binding,
    /// A value the compiler materializes: a call's result, an operand, a borrowed rvalue.
    Temporary,
    /// A copy of a binding, for a call or a move.
    Copy,
    /// The values behind a `?`.
    Try,
    /// A `for` loop's iterator and items.
    Loop,
    /// `format!`-style argument lists.
    Format,
}

/// One thing on a frame: a binding, a parameter, or the temporaries of one expression.
#[derive(Clone, Debug)]
pub struct Contributor {
    /// Where to point: a binding's name, an expression.
    pub span: Span,
    /// What it stands for in the source (the whole `let`, a parameter list), to match
    /// other lints' findings about the same memory.
    pub extent: Span,
    /// For labels: "`buf`", "the result of `make()`".
    pub what: String,
    /// The type, as the source would write it, when known.
    pub ty: Option<String>,
    pub kind: SlotKind,
    pub debug: u64,
    pub release: u64,
    pub exact: bool,
    /// Whether this is an array (what `large_stack_array` reports).
    pub array: bool,
}

/// How a function is known to others: the identity calls resolve to, for call chains.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FnId {
    /// Where its name is (a closure's `|`, an async block's `async`): unique per body.
    pub name_span: Span,
    /// The generic arguments of this instantiation (empty when not generic).
    pub args: Vec<GenericArg>,
}

/// The frame estimate of one body (one instantiation of a generic one).
#[derive(Clone, Debug)]
pub struct FnFrame {
    pub id: FnId,
    /// The path from the crate root: `ast::parse::ParserI::parse_group`,
    /// `<Square as Shape>::area`, `run::{closure#0}`, `sum::<u32, 1000>`.
    pub path: String,
    pub kind: FnKind,
    /// The whole body (for closures: the closure expression).
    pub span: Span,
    /// The function a closure or async block is in (an index in [`FrameTable::fns`]).
    pub parent: Option<usize>,
    /// The crate function calls name, for free functions and methods.
    pub target: Option<FnTarget>,
    /// A generic function with no instantiation known: types depending on its parameters
    /// are unknown.
    pub generic: bool,
    pub debug: Estimate,
    pub release: Estimate,
    /// Largest first (by the debug estimate).
    pub contributors: Vec<Contributor>,
    /// For async bodies: the bytes of locals held across an `.await`, which live in the
    /// future instead of the frame (a lower bound of the future's size).
    pub held_across_await: u64,
    /// The crate functions this body calls, for summing frames along call chains.
    pub calls: Vec<CallSite>,
}

/// A call of one of the crate's functions.
#[derive(Clone, Debug)]
pub struct CallSite {
    /// The call expression.
    pub span: Span,
    pub target: FnTarget,
    /// The callee's generic arguments in this instantiation of the caller (`None` when
    /// some are unknown); empty for a function that is not generic.
    pub args: Option<Vec<GenericArg>>,
}

/// Every body of a crate with its frame.
#[derive(Clone, Debug, Default)]
pub struct FrameTable {
    pub fns: Vec<FnFrame>,
}

impl FrameTable {
    /// The frames of a function, one per known instantiation.
    pub fn of<'t>(&'t self, target: &'t FnTarget) -> impl Iterator<Item = &'t FnFrame> + 't {
        self.fns
            .iter()
            .filter(move |f| f.target.as_ref() == Some(target))
    }
}

/// Estimates the frame of every body in the crate.
pub fn estimate(cx: &LintContext) -> FrameTable {
    let records = collect::collect(cx);
    sizing::size(cx, records)
}

/// Walks bodies for [`estimate_walked`], in a walk shared with other hooks.
pub(crate) use collect::Collector;

/// The estimate from a [`Collector`] that has walked the whole crate.
pub(crate) fn estimate_walked(cx: &LintContext, walked: Collector) -> FrameTable {
    sizing::size(cx, walked.finish())
}

#[cfg(test)]
mod tests;
