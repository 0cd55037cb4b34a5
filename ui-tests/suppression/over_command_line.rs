//@ flags: -A large_stack_array -D warnings
// An attribute beats the command line; `-D warnings` still raises what it leaves at `warn`.

pub fn allowed_on_the_command_line() -> u8 {
    let buf = [0u8; 1 << 16];
    buf[0]
}

#[cfg_attr(memlint, warn(memlint::large_stack_array))]
pub fn warned_in_source() -> u8 {
    let buf = [1u8; 1 << 16];
    buf[0]
}
