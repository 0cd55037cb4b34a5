//@ flags: -A large_stack_array -A large_stack_frame
// `thread::Builder::stack_size(N)` sets the thread's stack: 3 MiB of frames fit in 16 MiB,
// not in 4 MiB.

use std::hint::black_box;
use std::thread;

const BIG_STACK: usize = 16 << 20;

pub fn start() {
    thread::Builder::new()
        .name("roomy".into())
        .stack_size(BIG_STACK)
        .spawn(work)
        .unwrap();
    thread::Builder::new()
        .stack_size(4 * 1024 * 1024)
        .spawn(|| work())
        .unwrap();
}

fn work() {
    let buf = [0u8; 3 << 20];
    black_box(&buf);
}
