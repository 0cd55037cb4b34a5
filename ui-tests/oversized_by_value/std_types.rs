// std containers: a `Vec` is 24 bytes whatever it holds; a `Mutex` or `Cell` holds its
// value inline.

use std::cell::RefCell;
use std::sync::Mutex;

fn vectors(values: Vec<[u8; 65536]>) {}

fn locked(state: Mutex<[u8; 65536]>) {}

fn cell(state: RefCell<[u64; 4096]>) -> RefCell<[u64; 4096]> {
    state
}

fn main() {}
