//@ flags: --config array-size-threshold=1024
// The threshold is configurable: with 1 KiB, a 2 KiB array is reported.

fn main() {
    let two = [0u8; 2048];
    let half = [0u8; 512];
    let _ = (two, half);
}
