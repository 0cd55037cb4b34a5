//! The `cargo-memlint` binary's parts as a library: the command line, discovery, settings,
//! runs, fixes, baselines and emitters. `main.rs` is a thin shell over them; [`in_memory`]
//! drives the same pipeline on source held in memory, for the fuzz targets and their
//! regression tests.

pub mod allocator;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod discover;
pub mod emit;
pub mod fix;
pub mod in_memory;
pub mod print;
pub mod print_calls;
pub mod print_frames;
pub mod run;
pub mod schedule;
pub mod timings;
pub mod vcs;
