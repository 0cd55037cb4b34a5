// Loops that add more or less than one element per iteration, or grow the collection in
// ways not followed (closures, helpers, `extend`, `append`): not reported.

pub fn twice(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(i);
        v.push(i);
    }
    v
}

pub fn in_closure(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        let mut add = |x| v.push(x);
        add(i);
    }
    v
}

pub fn through_helper(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        add(&mut v, i);
    }
    v
}

fn add(v: &mut Vec<usize>, x: usize) {
    v.push(x);
}

pub fn extended(rows: &[Vec<u8>]) -> Vec<u8> {
    let mut v = Vec::new();
    for row in rows {
        v.extend(row.iter().copied());
    }
    v
}

pub fn pop_and_push(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(i);
        v.pop();
    }
    v
}

pub fn entry(words: &[&str]) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    for w in words {
        *counts.entry(w.to_string()).or_insert(0) += 1;
    }
    counts
}
