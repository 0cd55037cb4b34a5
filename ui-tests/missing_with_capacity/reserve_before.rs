// Capacity reserved, or the collection used, between its creation and the loop: the next
// statement that uses it is not the loop, so it is not reported.

pub fn reserved(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    v.reserve(n);
    for i in 0..n {
        v.push(i);
    }
    v
}

pub fn reserved_exactly(n: usize) -> String {
    let mut s = String::new();
    s.reserve_exact(n);
    for _ in 0..n {
        s.push('x');
    }
    s
}

pub fn extended(head: &[u8], n: u8) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(head);
    for i in 0..n {
        v.push(i);
    }
    v
}

pub fn extended_from_iterator(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    v.extend(0..n);
    for i in 0..n {
        v.push(i);
    }
    v
}

pub fn with_capacity(n: usize) -> Vec<usize> {
    let mut v = Vec::with_capacity(n);
    for i in 0..n {
        v.push(i);
    }
    v
}

pub fn pushed_first(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    v.push(0);
    for i in 0..n {
        v.push(i);
    }
    v
}

pub fn filled_by_helper(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    prefill(&mut v);
    for i in 0..n {
        v.push(i);
    }
    v
}

fn prefill(v: &mut Vec<usize>) {
    v.push(1);
}
