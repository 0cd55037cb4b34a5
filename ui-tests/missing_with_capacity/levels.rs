//@ flags: -A memlint::missing_with_capacity
// An allowed lint reports nothing, and `--fix` leaves its suggestions alone.

pub fn squares(n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(i * i);
    }
    out
}
