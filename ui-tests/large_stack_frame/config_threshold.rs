//@ flags: --config stack-frame-threshold=16KiB
// `stack-frame-threshold` sets the size that is reported.

fn medium(x: u32) -> u32 {
    let a = [x; 2048];
    let b = [x; 2048];
    let c = [x; 1024];
    a[1] + b[2] + c[3]
}

fn small(x: u32) -> u32 {
    let a = [x; 1024];
    a[0]
}

fn main() {
    medium(1);
    small(2);
}
