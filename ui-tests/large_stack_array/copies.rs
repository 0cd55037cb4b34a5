// Reading a large array by value copies it onto the stack.

const TABLE: [u32; 8192] = [0; 8192];
static LOOKUP: [u16; 16384] = [0; 16384];

struct Decoder {
    window: [u8; 1 << 16],
}

impl Decoder {
    fn snapshot(&self) -> u8 {
        let copy = self.window;
        copy[0]
    }
}

fn boxed(b: Box<[u8; 1 << 20]>) -> u8 {
    let unboxed = *b;
    unboxed[0]
}

fn main() {
    let table = TABLE;
    let lookup = LOOKUP;
    let again = table;
    let borrowed = &table;
    let _ = (lookup, again, borrowed, boxed(Box::new([0; 1 << 20])));
}
