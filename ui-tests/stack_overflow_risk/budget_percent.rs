//@ flags: -A large_stack_array -A large_stack_frame --config stack-budget-percent=90
// `stack-budget-percent` sets how much of the stack a chain may take before the warning:
// at 90%, 1.25 MiB of a spawned thread's 2 MiB is fine, 1.9 MiB is not.

use std::hint::black_box;

pub fn start() {
    std::thread::spawn(|| medium());
    std::thread::spawn(|| large());
}

fn medium() {
    let buf = [0u8; 5 << 18];
    black_box(&buf);
}

fn large() {
    let buf = [0u8; 15 << 17];
    black_box(&buf);
}
