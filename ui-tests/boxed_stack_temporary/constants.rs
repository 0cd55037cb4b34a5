// A constant or static is copied into a temporary first.

const TABLE: [u32; 8192] = [0; 8192];
static LOOKUP: [u16; 16384] = [0; 16384];

struct Codec;

impl Codec {
    const WINDOW: [u8; 32768] = [0; 32768];
}

fn main() {
    let table = Box::new(TABLE);
    let lookup = Box::new(LOOKUP);
    let window = Box::new(Codec::WINDOW);
    let _ = (table, lookup, window);
}
