//@ flags: -D memlint::large_stack_array
// `-D` makes a finding an error, and the run fails.

fn main() {
    let buf = [0u8; 1 << 20];
    let _ = buf;
}
