// `Box::new` of an array expression: built on the stack, then moved. Reported once, by
// this lint (not also by `large_stack_array`).

fn main() {
    let bytes = Box::new([0u8; 1 << 20]);
    let words: Box<[u64; 4096]> = Box::new([0; 4096]);
    let rows = Box::new([[0u8; 8192], [1u8; 8192]]);
    let _ = (bytes, words, rows);
}
