//@ run-fix
// One push on every path: both branches of an `if`, every arm of a `match`, a `continue`
// after the push, a `?` or `return` that leaves the function.

pub fn branches(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        if i % 2 == 0 {
            v.push(i);
        } else {
            v.push(0);
        }
    }
    v
}

pub fn arms(items: &[Option<u8>]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        match x {
            Some(x) if *x > 3 => v.push(*x),
            Some(_) => v.push(3),
            None => v.push(0),
        }
    }
    v
}

pub fn continue_after(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(i);
        if i == 3 {
            continue;
        }
        println!("{i}");
    }
    v
}

pub fn parsed(items: &[&str]) -> Result<Vec<u32>, std::num::ParseIntError> {
    let mut v = Vec::new();
    for s in items.iter() {
        v.push(s.parse::<u32>()?);
    }
    Ok(v)
}

pub fn early_return(items: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in items {
        if *x == 0 {
            return Vec::new();
        }
        v.push(*x);
    }
    v
}

pub fn reads_in_between(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        let last = v.last().copied().unwrap_or(0);
        v.push(last + i);
        assert!(v.len() <= n, "{v:?}");
    }
    v
}
