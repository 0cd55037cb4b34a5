// A `break` or `continue` that can skip the push, or end the loop early, or a `return` of
// the collection half filled: not reported.

pub fn until_zero(items: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        if *x == 0 {
            break;
        }
        v.push(*x);
    }
    v
}

pub fn push_then_break(items: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        v.push(*x);
        if *x == 0 {
            break;
        }
    }
    v
}

pub fn skip_zeros(items: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        if *x == 0 {
            continue;
        }
        v.push(*x);
    }
    v
}

pub fn labelled(rows: usize, cols: usize) -> Vec<usize> {
    let mut v = Vec::new();
    'rows: for r in 0..rows {
        for c in 0..cols {
            if c > r {
                continue 'rows;
            }
        }
        v.push(r);
    }
    v
}

pub fn let_else(items: &[Option<u8>]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        let Some(x) = x else { continue };
        v.push(*x);
    }
    v
}

pub fn returned_early(items: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        if *x == 0 {
            return v;
        }
        v.push(*x);
    }
    v
}
