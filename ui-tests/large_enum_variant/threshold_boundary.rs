// The largest variant must be more than 200 bytes larger than the second-largest.

enum Exactly200 {
    Small(u64),
    Large([u8; 208]),
}

enum Over200 {
    Small(u64),
    Large([u8; 209]),
}

fn main() {}
