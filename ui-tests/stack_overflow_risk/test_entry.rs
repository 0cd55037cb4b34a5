//@ flags: -A large_stack_array -A large_stack_frame
// `#[test]` functions run on the test harness's threads, 2 MiB each.

use std::hint::black_box;

pub fn fixture() -> u8 {
    let table = [7u8; 5 << 18];
    black_box(&table)[0]
}

#[cfg(test)]
mod tests {
    #[test]
    fn builds_the_table() {
        assert_eq!(super::fixture(), 7);
    }

    #[test]
    fn small() {
        assert_eq!(1 + 1, 2);
    }
}
