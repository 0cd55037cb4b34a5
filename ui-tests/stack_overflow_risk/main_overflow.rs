//@ flags: -A large_stack_array -A large_stack_frame
// More than the whole 8 MiB along one chain: `main` will overflow.

use std::hint::black_box;

fn main() {
    render();
}

fn render() {
    let frame = [0u32; 1 << 20];
    black_box(&frame);
    compose();
}

fn compose() {
    let layer = [0u32; 1 << 20];
    black_box(&layer);
    blend();
}

fn blend() {
    let scratch = [0u32; 1 << 19];
    black_box(&scratch);
}
