// `repr(align)` makes a one-byte struct a page; `repr(packed)` keeps a struct under the
// threshold; a `repr(u8)` enum holds its largest variant.

#[repr(align(16384))]
struct Page(u8);

#[repr(C, packed)]
struct Packed {
    tag: u8,
    data: [u8; 16382],
}

#[repr(u8)]
enum Slot {
    Empty,
    Full([u8; 16384]),
}

fn empty() -> Slot {
    Slot::Empty
}

fn main() {
    let page = Box::new(Page(0));
    let packed = Box::new(Packed { tag: 0, data: [0; 16382] });
    let slot = Box::new(empty());
    let _ = (page, packed, slot);
}
