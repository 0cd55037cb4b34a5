// `repr` changes the whole enum's size (tag, alignment), not the comparison of variants.

#[repr(u32)]
enum Tagged {
    A(u8),
    B([u8; 1000]),
}

#[repr(C)]
enum CLike {
    A(u8),
    B([u16; 500]),
}

#[repr(align(64))]
struct Line([u8; 64]);

enum Lines {
    One(u8),
    Many([Line; 8]),
}

#[repr(u8)]
enum Small {
    A(u8),
    B([u8; 100]),
}

fn main() {}
