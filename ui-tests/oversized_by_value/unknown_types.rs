// Types of other crates have unknown sizes: nothing is reported unless what is known is
// already too large.

struct Mixed {
    value: serde_json::Value,
    data: [u8; 32768],
}

fn external(value: serde_json::Value) {}

fn mixed(value: Mixed) {}

fn main() {}
