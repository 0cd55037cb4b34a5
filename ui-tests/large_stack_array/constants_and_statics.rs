// Constants and statics are not on the stack, nor is anything in a const context.

const ZEROS: [u8; 1 << 20] = [0; 1 << 20];
static TABLE: [u32; 1 << 16] = [0; 1 << 16];

struct Holder;

impl Holder {
    const EMPTY: [u8; 1 << 20] = [0; 1 << 20];
}

fn main() {
    static LOCAL: [u8; 1 << 20] = [0; 1 << 20];
    const INNER: [u64; 8192] = [0; 8192];
    let len = const { [0u8; 1 << 20].len() };
    let _ = (&ZEROS, &TABLE, &Holder::EMPTY, &LOCAL, &INNER, len);
}
