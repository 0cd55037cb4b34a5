//@ flags: -A large_stack_array -A large_stack_frame -D stack_overflow_risk
// At `deny`, a risky entry point fails the run.

use std::hint::black_box;

#[test]
fn decodes() {
    decode();
}

fn decode() {
    let frame = [0u8; 3 << 19];
    black_box(&frame);
}
