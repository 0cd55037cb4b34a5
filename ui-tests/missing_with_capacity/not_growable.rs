// Collections without a capacity (`BTreeMap`, `BTreeSet`, `LinkedList`), types that only
// share a std name, `Default::default()` with no type written, bindings that are not
// `mut`, and loops that do not touch the collection: not reported.
use std::collections::{BTreeMap, BTreeSet, LinkedList};

pub fn tree(n: u32) -> BTreeMap<u32, u32> {
    let mut m = BTreeMap::new();
    for i in 0..n {
        m.insert(i, i);
    }
    m
}

pub fn tree_set(n: u32) -> BTreeSet<u32> {
    let mut s = BTreeSet::new();
    for i in 0..n {
        s.insert(i);
    }
    s
}

pub fn list(n: u32) -> LinkedList<u32> {
    let mut l = LinkedList::new();
    for i in 0..n {
        l.push_back(i);
    }
    l
}

mod own {
    pub struct Vec(pub u32);

    impl Vec {
        pub fn new() -> Vec {
            Vec(0)
        }
        pub fn push(&mut self, x: u32) {
            self.0 += x;
        }
    }

    pub fn shadowed(n: u32) -> Vec {
        let mut v = Vec::new();
        for i in 0..n {
            v.push(i);
        }
        v
    }
}

pub fn default_of_unknown_type(n: usize) -> Vec<usize> {
    let mut v = Default::default();
    for i in 0..n {
        Vec::push(&mut v, i);
    }
    v
}

pub fn untouched(n: usize) -> Vec<usize> {
    let v = Vec::new();
    for i in 0..n {
        println!("{i}");
    }
    v
}
