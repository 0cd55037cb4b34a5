// `repr(align)` rounds a type up; `repr(packed)` removes padding.

#[repr(align(16384))]
struct Page(u8);

#[repr(C)]
struct Padded {
    tag: u8,
    values: [u64; 2047],
}

#[repr(C, packed)]
struct Packed {
    tag: u8,
    values: [u64; 2047],
}

fn page(p: Page) {}

fn padded(p: Padded) {}

fn packed(p: Packed) {}

fn main() {}
