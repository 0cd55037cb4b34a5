//@ run-fix
// Range loops: `0..n` and `1..=n` give plain counts, fixed; `a..b`, `0..=n` and `2..n`
// need arithmetic that can underflow or overflow: offered for review only.

pub fn half_open(a: usize, b: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in a..b {
        v.push(i);
    }
    v
}

pub fn from_one(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 1..=n {
        v.push(i);
    }
    v
}

pub fn inclusive(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..=n {
        v.push(i);
    }
    v
}

pub fn from_two(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 2..n {
        v.push(i);
    }
    v
}

pub fn literal() -> Vec<u32> {
    let mut v = Vec::new();
    for i in 10..=20 {
        v.push(i);
    }
    v
}
