// `Rc::new` and `Arc::new` move their argument from the stack too.

use std::rc::Rc;
use std::sync::Arc;

struct Table {
    rows: [[u32; 64]; 256],
}

fn build() -> Table {
    Table { rows: [[0; 64]; 256] }
}

fn main() {
    let shared = Rc::new([0u8; 1 << 16]);
    let table = Arc::new(build());
    let _ = (shared, table);
}
