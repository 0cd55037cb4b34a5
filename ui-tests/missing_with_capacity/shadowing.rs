// The loop pattern or a `let` in the body binds the collection's name again: the pushes
// are not to the collection. Not reported.

pub fn pattern(rows: &mut [Vec<u8>]) -> Vec<u8> {
    let mut v = Vec::new();
    for v in rows.iter_mut() {
        v.push(1);
    }
    v.push(0);
    v
}

pub fn inner_let(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        let mut v = vec![i];
        v.push(i);
    }
    v.push(n);
    v
}
