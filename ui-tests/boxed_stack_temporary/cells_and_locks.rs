// `Mutex::new`, `RefCell::new` and the like take the value by value; nested wrappers are
// reported once, at the outermost.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, RwLock};

struct Board {
    cells: [u8; 32768],
}

fn main() {
    let lock = Mutex::new([0u8; 32768]);
    let cell = RefCell::new(Board { cells: [0; 32768] });
    let shared = Arc::new(RwLock::new([0u64; 4096]));
    let _ = (lock, cell, shared);
}
