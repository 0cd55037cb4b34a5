// `let` bindings whose written type is a large array.
// (Returning one is `oversized_by_value`'s, tested there.)
//@ flags: -A memlint::oversized_by_value

fn make() -> [u8; 1 << 20] {
    [0; 1 << 20]
}

fn main() {
    // The annotation fixes the element type of `[0; N]`.
    let ints: [u64; 4096] = [0; 4096];
    let made: [u8; 1 << 20] = make();
    let later: [u32; 8192];
    later = [1; 8192];
    let small: [u64; 16] = [0; 16];
    let _ = (ints, made, later, small);
}

// Returned in place: the caller's binding holds it, and is reported above.
fn make_table() -> [u32; 8192] {
    [7; 8192]
}
