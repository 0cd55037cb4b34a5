// `Option` adds a tag only when the type has no invalid value to use instead.

struct Big {
    data: [u64; 2048],
}

struct Flagged {
    data: [u64; 2047],
    flag: bool,
}

fn tagged(value: Option<Big>) {}

fn niche(value: Option<Flagged>) {}

fn boxed(value: Option<Box<Big>>) {}

fn result(value: Result<Big, std::io::Error>) {}

fn main() {}
