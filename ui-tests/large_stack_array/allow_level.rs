//@ flags: -D warnings -A large_stack_array -A large_stack_frame
// `-A` silences the lint, even after `-D warnings`. (The frame the array fills is allowed
// too: `large_stack_frame` reports it when the array is not reported.)

fn main() {
    let buf = [0u8; 1 << 20];
    let _ = buf;
}
