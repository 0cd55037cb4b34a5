//@ run-fix
// The length is declared after the collection, or may change before the loop: the
// suggestion would not compile or could be wrong where it is. Offered with a note, not
// applied.

pub fn declared_after(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let items: Vec<usize> = (0..n).collect();
    for x in &items {
        v.push(*x);
    }
    v
}

pub fn changed_before(mut items: Vec<usize>) -> Vec<usize> {
    let mut v = Vec::new();
    items.push(7);
    for x in &items {
        v.push(*x + 1);
    }
    v
}

pub fn read_before(items: Vec<usize>) -> Vec<usize> {
    let mut v = Vec::new();
    println!("{}", items.len());
    for x in items.iter() {
        v.push(*x + 1);
    }
    v
}
