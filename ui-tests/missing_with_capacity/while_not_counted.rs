// `while let`, and `while` loops whose counter is not stepped exactly once per iteration,
// have no known length: not reported.

pub fn drained(mut stack: Vec<u8>) -> Vec<u8> {
    let mut v = Vec::new();
    while let Some(x) = stack.pop() {
        v.push(x);
    }
    v
}

pub fn by_two(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i = 0;
    while i < n {
        v.push(i);
        i += 2;
    }
    v
}

pub fn skipping(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i = 0;
    while i < n {
        i += 1;
        if i % 3 == 0 {
            continue;
        }
        v.push(i);
    }
    v
}

pub fn conditional_step(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i = 0;
    while i < n {
        v.push(i);
        if v.len() > 2 {
            i += 1;
        }
        i += 1;
    }
    v
}

pub fn moving_bound(mut n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i = 0;
    while i < n {
        v.push(i);
        n -= 1;
        i += 1;
    }
    v
}

pub fn unknown_start(n: usize, start: impl Fn() -> usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i = start();
    i += 1;
    while i < n {
        v.push(i);
        i += 1;
    }
    v
}

pub fn endless(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    loop {
        v.push(n);
        if v.len() == n {
            break;
        }
    }
    v
}
