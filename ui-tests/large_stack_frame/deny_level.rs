//@ flags: -D large_stack_frame
// Denied, the finding is an error and the exit code 1.

fn work(x: u8) -> u8 {
    let a = [x; 50000];
    let b = [x; 50000];
    let c = [x; 50000];
    a[0] ^ b[1] ^ c[2]
}

fn main() {
    work(1);
}
