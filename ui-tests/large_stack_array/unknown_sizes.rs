// memlint does not guess: element types from other crates and generic lengths are unknown.

use other_crate::Widget;

fn generic<const N: usize>() -> usize {
    let buf = [0u8; N];
    buf.len()
}

fn foreign() -> usize {
    let widgets = [Widget::new(); 100_000];
    widgets.len()
}

fn unknown_len() -> usize {
    let buf = [0u8; other_crate::SIZE];
    buf.len()
}

fn main() {
    generic::<1048576>();
    foreign();
    unknown_len();
}
