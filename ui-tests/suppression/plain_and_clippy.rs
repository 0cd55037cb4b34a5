// The plain form (nightly crates with `register_tool`) and Clippy's equivalent lint name
// silence memlint too; a different Clippy lint does not.

#[allow(memlint::large_stack_array)]
pub fn plain() -> u8 {
    let buf = [0u8; 1 << 16];
    buf[0]
}

#[allow(clippy::large_stack_arrays)]
pub fn clippy_name() -> u8 {
    let buf = [1u8; 1 << 16];
    buf[0]
}

// Clippy checks its own expectations: memlint does not report this one as unfulfilled.
#[expect(clippy::large_stack_arrays)]
pub fn clippy_expect_without_finding() {}

#[allow(clippy::large_stack_frames)]
pub fn other_clippy_lint() -> u8 {
    let buf = [2u8; 1 << 16];
    buf[0]
}
