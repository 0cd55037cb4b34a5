// Associated constants and constants declared inside a function body.

struct Ring;

impl Ring {
    const SLOTS: usize = 4096;

    fn fill(&self) -> u64 {
        let slots = [0u64; Self::SLOTS];
        let again = [0u32; Ring::SLOTS * 2];
        slots[0] + again[0] as u64
    }
}

fn local_const() -> u8 {
    const N: usize = 1 << 15;
    let buf = [0u8; N];
    buf[0]
}

fn main() {
    Ring.fill();
    local_const();
}
