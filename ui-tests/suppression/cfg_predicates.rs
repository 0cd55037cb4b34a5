// Only predicates that hold when memlint reads the code apply: `memlint` is set, any other
// option is unknown.

#[cfg_attr(any(memlint, feature = "x"), allow(memlint::large_stack_array))]
pub fn any_with_memlint() -> u8 {
    let buf = [0u8; 1 << 16];
    buf[0]
}

#[cfg_attr(test, allow(memlint::large_stack_array))]
pub fn only_under_test() -> u8 {
    let buf = [1u8; 1 << 16];
    buf[0]
}

#[cfg_attr(not(memlint), allow(memlint::large_stack_array))]
pub fn not_memlint() -> u8 {
    let buf = [2u8; 1 << 16];
    buf[0]
}

#[cfg_attr(memlint, cfg_attr(memlint, allow(memlint::large_stack_array)))]
pub fn nested() -> u8 {
    let buf = [3u8; 1 << 16];
    buf[0]
}
