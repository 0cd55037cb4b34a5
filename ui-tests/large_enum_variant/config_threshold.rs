//@ flags: --config enum-variant-size-threshold=1KiB
// `--config enum-variant-size-threshold=1KiB`: only differences over 1024 bytes count.

enum Allowed {
    Small(u8),
    Large([u8; 1024]),
}

enum Reported {
    Small(u8),
    Large([u8; 2048]),
}

fn main() {}
