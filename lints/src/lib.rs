//! memlint's analysis library: everything between a crate's source files and its findings.
//!
//! Data flows one way: [`load`] reads and parses the module tree, [`model`] resolves items,
//! types and constants, [`layout`] sizes types, [`lints`] report [`diag::Diagnostic`]s.
//! Printing them is the binary's job. See `ARCHITECTURE.md`.

pub mod analysis;
pub mod callgraph;
pub mod cfg;
pub mod collections;
pub mod context;
pub mod diag;
pub mod docs;
pub mod frames;
pub mod layout;
pub mod lint;
pub mod lints;
pub mod load;
pub mod macro_bodies;
pub mod model;
pub mod nesting;
pub mod parse;
pub mod scope;
pub mod source;
pub mod span_table;
pub mod spans;
pub mod suppress;
pub mod timings;
pub mod trip_count;
pub mod type_sizes;
pub mod typeck;
pub mod uses;
pub mod walk;

/// The stack of a thread that parses or walks syntax trees: both recurse once per nesting
/// level of the source, and 1 GiB of address space (committed only as it is touched) covers
/// source nested tens of thousands deep ([`nesting`] refuses deeper files).
pub const ANALYSIS_STACK: usize = 1 << 30;

#[cfg(test)]
mod test_crate;
