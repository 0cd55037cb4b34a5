//@ flags: -D warnings -A large_stack_array
// `-A` silences the lint, even after `-D warnings`.

fn main() {
    let buf = [0u8; 1 << 20];
    let _ = buf;
}
