// Reading a large array by value copies it onto the stack.

const TABLE: [u32; 8192] = [0; 8192];
static LOOKUP: [u16; 16384] = [0; 16384];

struct Decoder {
    window: [u8; 1 << 16],
}

impl Decoder {
    fn snapshot(&self) -> u8 {
        let copy = self.window;
        copy[0]
    }
}

fn boxed(b: Box<[u8; 1 << 20]>) -> u8 {
    let unboxed = *b;
    unboxed[0]
}

fn main() {
    let table = TABLE;
    let lookup = LOOKUP;
    let again = table;
    let borrowed = &table;
    let _ = (lookup, again, borrowed, boxed(Box::new([0; 1 << 20])));
}

// The types of bindings come from the walk every lint shares: arrays built in place,
// loop items and match arms are known.
fn inferred(grid: [[u8; 1 << 15]; 4], pick: &Option<[u8; 1 << 15]>) -> u8 {
    let scratch = [0u8; 1 << 15];
    let again = scratch;
    let mut sum = again[0];
    for row in &grid {
        let owned = *row;
        sum ^= owned[1];
    }
    if let Some(picked) = pick {
        let copied = *picked;
        sum ^= copied[2];
    }
    sum
}

// Not copies: `_` binds nothing, and borrows stay where the array is.
fn not_copies(grid: &[[u8; 1 << 15]; 4]) -> usize {
    let scratch = [0u8; 1 << 15];
    let _ = scratch;
    let first = &grid[0];
    let whole = grid;
    first.len() + whole.len()
}
