// Lengths given by constants of the crate, found through modules and `use`.

const KIB: usize = 1024;

mod sizes {
    pub const FRAME: usize = 64 * super::KIB;
    pub mod nested {
        pub const BLOCK: usize = crate::sizes::FRAME * 2;
    }
}

mod user {
    use crate::sizes::FRAME;
    use crate::sizes::nested::BLOCK as BIG;

    pub fn run() {
        let half = [0u16; FRAME / 2];
        let big = [0u8; BIG];
        let via_self = [0u8; self::LOCAL];
        let _ = (half, big, via_self);
    }

    const LOCAL: usize = 20_000;
}

fn main() {
    let max = [0u8; u16::MAX as usize];
    let sized = [0u8; 4096 * std::mem::size_of::<u64>()];
    user::run();
    let _ = (max, sized);
}
