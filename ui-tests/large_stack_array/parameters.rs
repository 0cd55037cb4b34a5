// Parameters that take a large array by value are copied on every call.

fn by_value(buf: [u8; 65536]) -> u8 {
    buf[0]
}

fn by_reference(buf: &[u8; 65536]) -> u8 {
    buf[0]
}

struct Codec;

impl Codec {
    fn feed(&mut self, block: [u32; 8192]) -> u32 {
        block[0]
    }
}

fn main() {
    let apply = |table: [u16; 10000]| table[0];
    let _ = (by_value, by_reference, apply);
}
