//@ flags: -A large_stack_array -A large_stack_frame
// A closure given to `std::thread::spawn` runs on a thread of 2 MiB; so does a function
// given by name. 1.5 MiB of frames is over half of it. The same work on the main thread
// is well within its 8 MiB.

use std::hint::black_box;
use std::thread;

fn main() {
    let handle = thread::spawn(|| {
        decode();
    });
    handle.join().unwrap();
    thread::spawn(worker).join().unwrap();
    decode();
}

fn worker() {
    decode();
}

fn decode() {
    let block = [0u8; 3 << 19];
    black_box(&block);
}
