//@ flags: -D memlint::missing_with_capacity
//@ run-fix
// Denied, the finding is an error and the exit code 1.

pub fn squares(n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(i * i);
    }
    out
}
