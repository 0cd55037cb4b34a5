// Boxing a field of a `Copy` enum would make it no longer `Copy`: memlint says so instead
// of suggesting it.

#[derive(Clone, Copy)]
enum Pixel {
    Gray(u8),
    Patch([u32; 256]),
}

fn main() {}
