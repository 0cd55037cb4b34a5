//@ run-fix
// A loop that only maps items into the collection gets a note that `.collect()` builds it
// in one line; a loop that does more does not.

pub fn doubled(v: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    for x in v {
        out.push(x * 2);
    }
    out
}

pub fn items(v: Vec<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    for x in v.into_iter().rev() {
        out.push(x);
    }
    out
}

pub fn pairs(n: u32) -> std::collections::HashMap<u32, u32> {
    let mut m = std::collections::HashMap::new();
    for i in 0..n {
        m.insert(i, i * i);
    }
    m
}

pub fn logged(v: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    for x in v {
        println!("{x}");
        out.push(*x);
    }
    out
}

pub fn fallible(v: &[&str]) -> Result<Vec<u32>, std::num::ParseIntError> {
    let mut out = Vec::new();
    for s in v {
        out.push(s.parse()?);
    }
    Ok(out)
}
