// The entire enum's size counts niches: `Empty` is stored in the `Vec`'s capacity, so
// `Cached` is no larger than its `Full` variant.

enum Cached {
    Empty,
    Full(Vec<u8>, [u8; 512]),
}

// Here every variant needs the tag: 8 more bytes than the largest variant.
enum Counted {
    Empty,
    Full(u64, [u8; 512]),
}

// A reference has one invalid value (null): not enough for two other variants, so
// `Indexed` needs a tag too.
enum Indexed<'a> {
    None,
    Index(usize),
    Data(&'a [u8], [u32; 128]),
}

fn main() {}
