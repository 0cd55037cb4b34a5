//@ flags: --config stack-frame-threshold=8200
// A frame of exactly the threshold is reported; one byte less is not.

fn at(x: u8) -> u8 {
    let a = [x; 4096];
    let b = [x; 4096];
    a[0] ^ b[0]
}

fn under(x: u8) -> u8 {
    let a = [x; 4096];
    let b = [x; 4080];
    a[0] ^ b[0]
}

fn main() {
    at(1);
    under(2);
}
