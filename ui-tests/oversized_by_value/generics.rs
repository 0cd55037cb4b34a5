// Generic parameters are unknown; concrete instantiations and const generic lengths are not.

struct Wrapper<T> {
    inner: T,
    len: usize,
}

struct Buffer<const N: usize> {
    data: [u8; N],
}

fn any<T>(value: T) -> T {
    value
}

fn wrapped(value: Wrapper<[u8; 65536]>) {}

fn small(value: Wrapper<u8>) {}

fn sized<const N: usize>(buffer: Buffer<N>) {}

fn concrete(buffer: Buffer<32768>) -> Buffer<32768> {
    buffer
}

impl<T> Wrapper<T> {
    fn take(self) -> T {
        self.inner
    }
}

fn main() {}
