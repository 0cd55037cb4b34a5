//@ run-fix
// `while i < n` with a counter set before the loop and stepped by one, in every spelling.

pub fn counted(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i = 0;
    while i < n {
        v.push(i);
        i += 1;
    }
    v
}

pub fn counter_first(items: &[u8]) -> Vec<u8> {
    let mut i = 0;
    let mut v = Vec::new();
    while i < items.len() {
        v.push(items[i]);
        i = i + 1;
    }
    v
}

pub fn reversed_comparison(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i: usize = 0;
    while n > i {
        i += 1;
        v.push(i);
    }
    v
}

pub fn inclusive(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i = 1;
    while i <= n {
        v.push(i);
        i += 1;
    }
    v
}

pub fn from_start(start: usize, end: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i = start;
    while i < end {
        v.push(i);
        i += 1;
    }
    v
}
