// A struct literal is built on the stack too; the array inside it is part of the same
// temporary.

struct Frame {
    data: [u8; 65536],
    len: usize,
}

struct Small {
    data: [u8; 64],
}

fn main() {
    let frame = Box::new(Frame { data: [0u8; 65536], len: 0 });
    let small = Box::new(Small { data: [0u8; 64] });
    let pair = Box::new(([0u8; 16384], 1u8));
    let _ = (frame, small, pair);
}
