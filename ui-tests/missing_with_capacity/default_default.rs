//@ run-fix
// `Default::default()` with a type annotation: the suggestion calls `with_capacity` on the
// annotated type, written as it is written.
use std::collections::HashMap;

type Bytes = Vec<u8>;

pub fn annotated(n: u8) -> Vec<u8> {
    let mut v: Vec<u8> = Default::default();
    for i in 0..n {
        v.push(i);
    }
    v
}

pub fn full_path(n: usize) -> std::collections::VecDeque<usize> {
    let mut q: std::collections::VecDeque<usize> = std::default::Default::default();
    for i in 0..n {
        q.push_back(i);
    }
    q
}

pub fn alias(n: u8) -> Bytes {
    let mut b: Bytes = Default::default();
    for i in 0..n {
        b.push(i);
    }
    b
}

pub fn map(keys: &[u8]) -> HashMap<u8, usize> {
    let mut m: HashMap<u8, usize> = Default::default();
    for (i, k) in keys.iter().enumerate() {
        m.insert(*k, i);
    }
    m
}
