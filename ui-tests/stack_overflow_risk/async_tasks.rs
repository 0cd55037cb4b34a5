//@ flags: -A large_stack_array -A large_stack_frame
// `#[tokio::main]` runs its body on the main thread (tokio's docs: it "does not run as a
// worker"); tasks given to `tokio::spawn` run on worker threads of 2 MiB.

use std::hint::black_box;

#[tokio::main]
async fn main() {
    tokio::spawn(async move {
        decode();
    });
    decode();
}

fn decode() {
    let block = [0u8; 3 << 19];
    black_box(&block);
}
