// A variant of unknown size (a type of another crate) could be larger than it looks.

enum External {
    Small(u8),
    Value(serde_json::Value),
    Large([u8; 4096]),
}

enum UnknownIsLargest {
    Small(u8),
    Large(regex::Regex, [u8; 4096]),
}

fn main() {}
