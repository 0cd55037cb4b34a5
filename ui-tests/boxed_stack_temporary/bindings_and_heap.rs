// Not reported here: a binding moved into the box (its `let` is `large_stack_array`'s), and
// values that are on the heap already.

fn main() {
    let buffer = [0u8; 1 << 20];
    let boxed = Box::new(buffer);
    let from_vec = vec![0u8; 1 << 20].into_boxed_slice();
    let cloned = Box::new(from_vec.clone());
    let _ = (boxed, cloned);
}
