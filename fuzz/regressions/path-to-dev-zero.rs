#[path = "/dev/zero"]
mod zero;
fn f() { let a = [0u8; 1 << 20]; }
