//@ flags: -A large_stack_array -A large_stack_frame
// A recursion bounded by a guard counts one level on the chain: its depth is not known.
// The chain goes through it to the deepest call.

use std::hint::black_box;

fn main() {
    walk(3, 0);
}

fn walk(n: u32, depth: u32) -> u32 {
    if depth > 4 {
        return n;
    }
    let buf = [0u8; 1 << 20];
    black_box(&buf);
    walk(n, depth + 1) + leaf()
}

fn leaf() -> u32 {
    let more = [1u8; 7 << 19];
    black_box(&more)[0] as u32
}
