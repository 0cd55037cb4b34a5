// A variant holding a generic parameter may be any size: no verdict. A `Vec<T>` is 24
// bytes whatever `T` is, so that one is certain.

enum Unknown<T> {
    Value(T),
    Block([u8; 1000]),
}

enum Known<T> {
    Items(Vec<T>),
    Block([u8; 1000]),
}

struct Buffer<const N: usize> {
    data: [u8; N],
}

enum ConstLength<const N: usize> {
    Empty,
    Full(Buffer<N>),
}

enum Instantiated {
    Empty,
    Full(Buffer<4096>),
}

fn main() {}
