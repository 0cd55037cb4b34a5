// A `memlint::` name that is no lint is reported, with the nearest name.

#[cfg_attr(memlint, allow(memlint::large_stack_arrays))]
pub fn typo() -> u8 {
    let buf = [0u8; 1 << 16];
    buf[0]
}

#[allow(memlint::no_such_thing)]
pub fn far_off() {}
