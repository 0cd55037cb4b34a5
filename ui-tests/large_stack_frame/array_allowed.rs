//@ flags: -A large_stack_array
// With `large_stack_array` allowed, the frame the array fills is reported instead.

fn scratch() -> u8 {
    let buf = [0u8; 1 << 20];
    buf[7]
}

fn main() {
    scratch();
}
