//! Arbitrary bytes through the whole pipeline: NUL-separated files of a crate, linted with
//! every lint and rendered in every format (see `cargo_memlint::in_memory`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(err) = cargo_memlint::in_memory::lint_bytes(data) {
        panic!("{err}");
    }
});
