//@ run-fix
// Loops over collections of known length: `&v`, `&mut v`, `v` by value, `.iter()`,
// `.iter_mut()`, `.into_iter()`, arrays and slices.

pub fn borrowed(v: &Vec<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    for x in v {
        out.push(x + 1);
    }
    out
}

pub fn by_reference(v: Vec<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    for x in &v {
        out.push(x * 2);
    }
    out
}

pub fn mutable(mut v: Vec<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    for x in &mut v {
        *x += 1;
        out.push(*x);
    }
    out
}

pub fn owned(v: Vec<String>) -> Vec<usize> {
    let mut out = Vec::new();
    for s in v {
        out.push(s.len());
    }
    out
}

pub fn array(a: [u8; 32]) -> Vec<u8> {
    let mut out = Vec::new();
    for x in a.iter() {
        out.push(*x);
    }
    out
}

pub fn literal_array() -> Vec<&'static str> {
    let mut out = Vec::new();
    for name in ["a", "b", "c"] {
        out.push(name);
    }
    out
}

pub fn boxed(items: Box<[u16]>) -> Vec<u16> {
    let mut out = Vec::new();
    for x in items.iter() {
        out.push(*x);
    }
    out
}
