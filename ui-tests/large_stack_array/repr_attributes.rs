// `repr(C)` keeps declaration order and pads; the default repr reorders fields.

#[derive(Clone, Copy)]
#[repr(C)]
struct CLayout {
    a: u8,
    b: u32,
    c: u16,
    d: u64,
    e: u8,
}

#[derive(Clone, Copy)]
struct RustLayout {
    a: u8,
    b: u32,
    c: u16,
    d: u64,
    e: u8,
}

#[derive(Clone, Copy)]
#[repr(C, packed)]
struct Packed {
    a: u8,
    b: u64,
}

#[derive(Clone, Copy)]
#[repr(align(64))]
struct CacheLine(u8);

fn main() {
    // 32 bytes each: 19200 bytes.
    let c = [CLayout { a: 0, b: 0, c: 0, d: 0, e: 0 }; 600];
    // 16 bytes each: 9600 bytes, under the threshold.
    let rust = [RustLayout { a: 0, b: 0, c: 0, d: 0, e: 0 }; 600];
    // 9 bytes each: 18 KiB.
    let packed = [Packed { a: 0, b: 0 }; 2048];
    // 64 bytes each: 16 KiB.
    let lines = [CacheLine(0); 256];
    let _ = (c, rust, packed, lines);
}
