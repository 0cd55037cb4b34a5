// An integer literal without a suffix may end up a `u8`: it counts as one byte, and the
// message says "at least".

fn main() {
    let maybe_bytes = [0; 1 << 20];
    let maybe_small = [0; 8192];
    let _ = (maybe_bytes, maybe_small);
}
