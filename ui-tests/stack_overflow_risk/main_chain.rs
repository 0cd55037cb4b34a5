//@ flags: -A large_stack_array -A large_stack_frame
// `main` runs on the main thread's 8 MiB; its deepest chain adds up three 1.5 MiB frames:
// over half the stack. The chain is shown with each frame.

use std::hint::black_box;

fn main() {
    let config = load();
    black_box(config);
    small();
}

fn load() -> u8 {
    let raw = [0u8; 3 << 19];
    black_box(&raw);
    parse(raw[0])
}

fn parse(first: u8) -> u8 {
    let tokens = [first; 3 << 19];
    black_box(&tokens);
    check(&tokens)
}

fn check(tokens: &[u8]) -> u8 {
    let seen = [0u8; 3 << 19];
    black_box(&seen);
    tokens[0]
}

fn small() {}
