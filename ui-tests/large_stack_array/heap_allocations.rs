// `vec![..]` is on the heap.

fn main() {
    let v = vec![0u8; 1 << 20];
    let w: Vec<u64> = vec![0; 1 << 16];
    let boxed_slice = vec![0u8; 1 << 20].into_boxed_slice();
    let _ = (v, w, boxed_slice);
}

// The element of `vec![elem; n]` is built on the stack first: this lint leaves it to the
// frame estimate (`large_stack_frame`), which counts it.
fn rows() -> Vec<[u8; 1 << 20]> {
    vec![[0u8; 1 << 20]; 4]
}
