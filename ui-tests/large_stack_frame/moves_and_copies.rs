// Moving a value into another binding costs nothing when neither is borrowed (the
// compiler merges the two); once one is borrowed, each binding is a copy. (`merged` would
// take 200 KB with three copies; it takes 100 KB.)

#[derive(Clone, Copy)]
struct Block {
    data: [u8; 50000],
}

fn merged() -> u8 {
    let a = Block { data: [1u8; 50000] };
    let b = a;
    let c = b;
    c.data[0]
}

fn copied() -> u8 {
    let a = Block { data: [1u8; 50000] };
    let b = a;
    let c = b;
    let r = &c;
    let s = &b;
    r.data[0] ^ s.data[1] ^ a.data[2]
}

fn main() {
    merged();
    copied();
}
