// Tuples are laid out like repr(Rust) structs: fields sorted by alignment, size rounded up.

fn main() {
    // (u8, u64) is 16 bytes: 2048 of them are 32 KiB.
    let padded = [(0u8, 0u64); 2048];
    // (u8, u8, u8) is 3 bytes: 4096 of them are 12 KiB, under the threshold.
    let packed = [(0u8, 0u8, 0u8); 4096];
    let _ = (padded, packed);
}
