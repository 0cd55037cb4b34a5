// `self` by value copies the whole value; `&self`, `&mut self` and `self: Box<Self>` do not.

struct Frame {
    data: [u8; 65536],
}

impl Frame {
    fn into_first(self) -> u8 {
        self.data[0]
    }

    fn zeroed(mut self) -> u8 {
        self.data[0] = 0;
        self.data[1]
    }

    fn typed(self: Self) -> u8 {
        self.data[0]
    }

    fn first(&self) -> u8 {
        self.data[0]
    }

    fn boxed(self: Box<Self>) -> u8 {
        self.data[0]
    }
}

fn main() {}
