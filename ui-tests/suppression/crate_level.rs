// A crate-level `#![cfg_attr(memlint, ...)]` applies everywhere; an inner attribute wins.
#![cfg_attr(memlint, allow(memlint::large_stack_array))]

pub fn silenced() -> u8 {
    let buf = [0u8; 1 << 16];
    buf[0]
}

#[cfg_attr(memlint, warn(memlint::large_stack_array))]
pub fn warned_again() -> u8 {
    let buf = [1u8; 1 << 16];
    buf[0]
}
