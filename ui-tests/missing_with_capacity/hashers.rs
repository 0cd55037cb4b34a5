//@ run-fix
// `default()` keeps the map's hasher, which may not be `RandomState`: the fix uses
// `with_capacity_and_hasher`, which every hasher has. `new()` is always `RandomState`.
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, DefaultHasher};

type Fast = BuildHasherDefault<DefaultHasher>;

pub fn inferred(n: u32) -> HashMap<u32, u32, Fast> {
    let mut map = HashMap::default();
    for i in 0..n {
        map.insert(i, i);
    }
    map
}

pub fn annotated(n: u32) -> HashSet<u32> {
    let mut set: HashSet<u32> = HashSet::default();
    for i in 0..n {
        set.insert(i);
    }
    set
}

pub fn annotated_hasher(n: u32) -> HashSet<u32, Fast> {
    let mut set: HashSet<u32, Fast> = Default::default();
    for i in 0..n {
        set.insert(i);
    }
    set
}
