//@ run-fix
// `VecDeque` (`push_back`, `push_front`) and `BinaryHeap` (`push`).
use std::collections::{BinaryHeap, VecDeque};

pub fn queue(items: &mut Vec<u32>) -> VecDeque<u32> {
    let mut q = VecDeque::new();
    for x in items.iter_mut() {
        q.push_back(*x);
    }
    q
}

pub fn reversed(items: &[u32]) -> VecDeque<u32> {
    let mut q = VecDeque::new();
    for x in items {
        q.push_front(*x);
    }
    q
}

pub fn heap(items: &[u32]) -> BinaryHeap<u32> {
    let mut h = BinaryHeap::new();
    for x in items.iter() {
        h.push(*x);
    }
    h
}
