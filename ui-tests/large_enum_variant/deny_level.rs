//@ flags: -D memlint::large_enum_variant
// Denied: an error, and exit code 1.

enum Message {
    Quit,
    Frame([u8; 4096]),
}

fn main() {}
