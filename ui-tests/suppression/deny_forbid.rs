// `deny` makes a finding an error; nothing inside a `forbid` can lower it.

#[cfg_attr(memlint, deny(memlint::large_stack_array))]
pub fn denied() -> u8 {
    let buf = [0u8; 1 << 16];
    buf[0]
}

#[cfg_attr(memlint, forbid(memlint::large_stack_array))]
pub mod forbidden {
    #[cfg_attr(memlint, allow(memlint::large_stack_array))]
    pub fn tries_to_allow() -> u8 {
        let buf = [1u8; 1 << 16];
        buf[0]
    }
}
