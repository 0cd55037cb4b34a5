//@ run-fix
// `Vec::new()`, `Vec::default()`, `vec![]` and a turbofish, each filled once per iteration
// of a range loop: fixed to `with_capacity`.

const ROWS: usize = 64;

pub fn squares(n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(i * i);
    }
    out
}

pub fn defaults(n: u32) -> Vec<u32> {
    let mut out = Vec::default();
    for i in 0..n {
        out.push(i + 1);
    }
    out
}

pub fn macro_form() -> Vec<usize> {
    let mut rows = vec![];
    for i in 0..ROWS {
        rows.push(i);
    }
    rows
}

pub fn turbofish() -> Vec<u8> {
    let mut bytes = Vec::<u8>::new();
    for b in 0..16 {
        bytes.push(b);
    }
    bytes
}
