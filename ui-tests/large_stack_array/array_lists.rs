// Arrays written element by element, and arrays of arrays.

fn main() {
    let rows = [[0u64; 1024], [1u64; 1024], [2u64; 1024]];
    let pair = [[0u8; 4096], [0u8; 4096]];
    let _ = (rows, pair);
}
