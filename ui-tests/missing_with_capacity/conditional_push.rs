// A push that does not happen on every path: under an `if` without `else`, in some match
// arms only, after `&&`. Not reported: the final length is not known.

pub fn evens(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        if i % 2 == 0 {
            v.push(i);
        }
    }
    v
}

pub fn somes(items: &[Option<u8>]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        match x {
            Some(x) => v.push(*x),
            None => {}
        }
    }
    v
}

pub fn if_let(items: &[Option<u8>]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        if let Some(x) = x {
            v.push(*x);
        }
    }
    v
}

pub fn short_circuit(items: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        let _ = *x > 3 && {
            v.push(*x);
            true
        };
    }
    v
}

pub fn uneven(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        if i == 0 {
            v.push(i);
            v.push(i);
        } else {
            v.push(i);
        }
    }
    v
}
