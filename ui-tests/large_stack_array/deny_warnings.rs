//@ flags: -D warnings
// `-D warnings` turns every warning into an error.

fn main() {
    let buf = [0u8; 1 << 20];
    let _ = buf;
}
