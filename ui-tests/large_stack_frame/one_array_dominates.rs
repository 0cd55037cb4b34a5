// When one array that `large_stack_array` reports is most of the frame, the frame is not
// reported again.

fn scratch() -> u8 {
    let buf = [0u8; 1 << 20];
    buf[7]
}

// Two large arrays: neither is most of the frame on its own.
fn two_halves() -> u8 {
    let a = [0u8; 1 << 17];
    let b = [0u8; 1 << 17];
    a[1] ^ b[2]
}

fn main() {
    scratch();
    two_halves();
}
