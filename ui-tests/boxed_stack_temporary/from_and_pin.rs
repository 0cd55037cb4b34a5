// `Box::from`, `Box::pin` and the fully qualified path take the value by value as well.

struct Big {
    data: [u64; 8192],
}

fn make() -> Big {
    Big { data: [0; 8192] }
}

fn main() {
    let from = Box::from([0u8; 65536]);
    let pinned = Box::pin(make());
    let qualified = std::boxed::Box::new(make());
    let _: (Box<[u8; 65536]>, _, _) = (from, pinned, qualified);
}
