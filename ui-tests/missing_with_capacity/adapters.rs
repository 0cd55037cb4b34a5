//@ run-fix
// Iterator adapters that keep a known length: `.enumerate()`, `.rev()`, `.map(..)`,
// `.cloned()`, `.copied()` keep it; `.zip(..)` takes the shorter side, `.take(n)` and
// `.skip(n)` cut it (offered, not applied: `min` and `saturating_sub` are not plain).

pub fn enumerated(v: &[u8]) -> Vec<(usize, u8)> {
    let mut out = Vec::new();
    for (i, x) in v.iter().enumerate().rev() {
        out.push((i, *x));
    }
    out
}

pub fn mapped(v: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    for x in v.iter().map(|x| u16::from(*x)) {
        out.push(x);
    }
    out
}

pub fn copied(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for x in v.iter().copied() {
        out.push(x);
    }
    out
}

pub fn cloned(v: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for s in v.iter().cloned() {
        out.push(s);
    }
    out
}

pub fn zipped(a: &[u8], b: &Vec<u8>) -> Vec<u8> {
    let mut out = Vec::new();
    for (x, y) in a.iter().zip(b) {
        out.push(x ^ y);
    }
    out
}

pub fn zipped_range(a: &[u8], n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for (x, _) in a.iter().zip(0..n) {
        out.push(*x);
    }
    out
}

pub fn taken(v: &[u8], n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for x in v.iter().take(n) {
        out.push(*x);
    }
    out
}

pub fn skipped(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for x in v.iter().skip(1) {
        out.push(*x);
    }
    out
}

pub fn endless(n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for i in (0..).take(n) {
        out.push(i);
    }
    out
}
