// A nested array is one array on the stack: it is reported once, on the outer expression.

fn main() {
    let grid = [[0u8; 1024]; 1024];
    let deep = [[[0u16; 64]; 64]; 64];
    let small_rows = [[0u8; 64]; 64];
    let _ = (grid, deep, small_rows);
}
