//@ run-fix
// `HashMap::new()` and `HashSet::new()` filled by `insert` once per iteration.
use std::collections::{HashMap, HashSet};

pub struct User {
    pub id: u32,
    pub name: String,
}

pub fn by_id(users: Vec<User>) -> HashMap<u32, String> {
    let mut map = HashMap::new();
    for user in users.into_iter() {
        map.insert(user.id, user.name);
    }
    map
}

pub fn ids(users: &[User]) -> HashSet<u32> {
    let mut seen = HashSet::new();
    for user in users.iter() {
        seen.insert(user.id);
    }
    seen
}

pub fn qualified(n: u64) -> std::collections::HashSet<u64> {
    let mut set = std::collections::HashSet::new();
    for i in 0..n {
        set.insert(i);
    }
    set
}
