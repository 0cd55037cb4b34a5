// An `expect` that catches a finding is silent; one that catches nothing is reported, and so
// is one overridden by an inner level.

#[cfg_attr(memlint, expect(memlint::large_stack_array))]
pub fn caught() -> u8 {
    let buf = [0u8; 1 << 16];
    buf[0]
}

#[cfg_attr(memlint, expect(memlint::large_stack_array))]
pub fn nothing_to_catch() -> u8 {
    let buf = [0u8; 16];
    buf[0]
}

#[cfg_attr(memlint, expect(memlint::large_stack_array))]
pub fn overridden() -> u8 {
    #[cfg_attr(memlint, warn(memlint::large_stack_array))]
    let buf = [1u8; 1 << 16];
    buf[0]
}
