// A closure is a body with its own frame; a `move` closure carries its captures, and
// passing it along copies them.

fn apply(x: u8) -> usize {
    let table = [x; 15000];
    let lookup = move |i: usize| table[i % 15000] as usize;
    let total: usize = (0..10).map(lookup).sum();
    let other = move |i: usize| table[i] as usize + lookup(i);
    let more: usize = (0..10).map(other).sum();
    total + more
}

fn handlers() -> usize {
    // The closure's own frame is large; the function that makes it is not.
    let handle = |n: usize| {
        let a = [n as u64; 4000];
        let b = [n as u64; 4000];
        let c = [n as u64; 4000];
        let d = [n as u64; 4000];
        let e = [n as u64; 4000];
        a[1] + b[2] + c[3] + d[4] + e[5]
    };
    handle(3) as usize
}

fn main() {
    apply(1);
    handlers();
}
