// A type of the crate named `Box` is not std's.

struct Box<T>(T);

impl<T> Box<T> {
    fn new(value: T) -> Self {
        Box(value)
    }
}

fn main() {
    let mine = Box::new(1u8);
    let _ = mine;
}
