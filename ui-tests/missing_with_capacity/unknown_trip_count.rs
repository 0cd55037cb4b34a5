// Loops whose length memlint cannot write down before they start: iterators of unknown
// length, filters, `chars()`, `step_by`, types it cannot see, `loop`. Not reported.

pub fn from_iterator(it: impl Iterator<Item = u8>) -> Vec<u8> {
    let mut v = Vec::new();
    for x in it {
        v.push(x);
    }
    v
}

pub fn filtered(items: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items.iter().filter(|x| **x > 3) {
        v.push(*x);
    }
    v
}

pub fn chars(s: &str) -> Vec<char> {
    let mut v = Vec::new();
    for c in s.chars() {
        v.push(c);
    }
    v
}

pub fn stepped(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in (0..n).step_by(2) {
        v.push(i);
    }
    v
}

pub fn unknown_type<T: IntoIterator<Item = u8>>(items: T) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        v.push(x);
    }
    v
}

pub fn from_call(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in make(n) {
        v.push(i);
    }
    v
}

fn make(n: usize) -> impl Iterator<Item = usize> {
    0..n
}

pub fn endless() -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0.. {
        v.push(i);
        if i > 10 {
            break;
        }
    }
    v
}

pub fn split(line: &str) -> Vec<String> {
    let mut v = Vec::new();
    for word in line.split(' ') {
        v.push(word.to_string());
    }
    v
}
