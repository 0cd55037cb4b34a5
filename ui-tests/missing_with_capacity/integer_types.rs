//@ run-fix
// `with_capacity` takes a `usize`. A range of another unsigned type is converted with
// `as usize` (applied when plain); a signed one with `usize::try_from(..).unwrap_or(0)`, as
// an empty range would make it negative (offered only), unless it is a range of constants
// that is not empty. A bound of unknown type is offered only: it may not be a `usize`.

const SIGNED: i32 = 100;

pub fn unsigned(n: u32) -> Vec<u32> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(i);
    }
    v
}

pub fn signed(n: i64) -> Vec<i64> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(i);
    }
    v
}

pub fn signed_constant() -> Vec<i32> {
    let mut v = Vec::new();
    for i in 0..SIGNED {
        v.push(i);
    }
    v
}

pub fn from_method(limits: &Limits) -> Vec<usize> {
    let count = limits.count();
    let mut v = Vec::new();
    for i in 0..count {
        v.push(i);
    }
    v
}

pub fn unknown_type() -> Vec<usize> {
    let count = std::env::args().len();
    let mut v = Vec::new();
    for i in 0..count {
        v.push(i);
    }
    v
}

pub struct Limits;

impl Limits {
    fn count(&self) -> usize {
        4
    }
}

pub fn counter_type(n: u16) -> Vec<u16> {
    let mut v = Vec::new();
    let mut i: u16 = 0;
    while i < n {
        v.push(i);
        i += 1;
    }
    v
}
