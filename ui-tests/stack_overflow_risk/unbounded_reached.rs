//@ flags: -A large_stack_array -A large_stack_frame
// A chain that reaches an unbounded recursion has no bound: `unbounded_recursion` reports
// the recursion, and `stack_overflow_risk` says nothing about the entry point.

use std::hint::black_box;

pub struct List {
    pub next: Option<Box<List>>,
}

fn main() {
    let list = List { next: None };
    descend(&list);
}

fn descend(list: &List) -> u64 {
    let buf = [0u8; 1 << 20];
    black_box(&buf);
    match &list.next {
        Some(next) => descend(next) + 1,
        None => 0,
    }
}
