//@ flags: -A large_stack_array -A large_stack_frame
// Threads of `thread::scope` have the spawned-thread stack too, and
// `spawned-thread-stack-size` sets it: with 1 MiB, 768 KiB of frames is too much.
//@ flags: --config spawned-thread-stack-size=1MiB

use std::hint::black_box;

pub fn run(chunks: &[Vec<u8>]) {
    std::thread::scope(|s| {
        for chunk in chunks {
            s.spawn(move || checksum(chunk));
        }
    });
}

fn checksum(chunk: &[u8]) -> u32 {
    let table = [0u32; 3 << 16];
    black_box(&table)[chunk.len() % 4]
}
