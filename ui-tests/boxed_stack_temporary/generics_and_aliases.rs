// Sizes through aliases, generic instantiations and const generic lengths.

type Page = [u8; 65536];

struct Buffer<const N: usize> {
    data: [u8; N],
}

impl<const N: usize> Buffer<N> {
    fn new() -> Self {
        Buffer { data: [0; N] }
    }
}

struct Wrapper<T> {
    inner: T,
}

fn generic<T: Default>() -> Box<T> {
    Box::new(T::default())
}

fn main() {
    let page: Box<Page> = Box::new([0; 65536]);
    let buffer = Box::new(Buffer::<32768>::new());
    let wrapped = Box::new(Wrapper { inner: [0u16; 16384] });
    let _ = (page, buffer, wrapped);
}
