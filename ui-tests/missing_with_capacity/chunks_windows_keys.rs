//@ run-fix
// `.chunks(k)`, `.chunks_exact(k)`, `.windows(k)` on slices and `.keys()`, `.values()` on
// maps. The chunk counts need arithmetic: offered for review only.
use std::collections::{BTreeMap, HashMap};

pub fn chunked(v: &[u8]) -> Vec<u8> {
    let mut sums = Vec::new();
    for c in v.chunks(4) {
        sums.push(c.iter().sum());
    }
    sums
}

pub fn exact(v: &Vec<u8>, k: usize) -> Vec<u8> {
    let mut firsts = Vec::new();
    for c in v.chunks_exact(k) {
        firsts.push(c[0]);
    }
    firsts
}

pub fn steps(v: &[i32]) -> Vec<i32> {
    let mut deltas = Vec::new();
    for w in v.windows(2) {
        deltas.push(w[1] - w[0]);
    }
    deltas
}

pub fn keys(m: &HashMap<String, u32>) -> Vec<String> {
    let mut out = Vec::new();
    for k in m.keys() {
        out.push(k.clone());
    }
    out
}

pub fn values(m: &BTreeMap<u8, u32>) -> Vec<u32> {
    let mut out = Vec::new();
    for v in m.values() {
        out.push(*v);
    }
    out
}
