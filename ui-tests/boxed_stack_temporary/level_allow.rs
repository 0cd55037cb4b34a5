//@ flags: -A memlint::boxed_stack_temporary
// With this lint allowed, `large_stack_array` reports the array again: a finding only
// replaces another when it is shown.

fn main() {
    let bytes = Box::new([0u8; 1 << 20]);
    let _ = bytes;
}
