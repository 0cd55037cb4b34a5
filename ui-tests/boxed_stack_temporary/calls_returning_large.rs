// A call whose declared return type is large; `Option` and `Result` add their tag.

struct Big {
    data: [u64; 4096],
}

fn maybe() -> Option<Big> {
    None
}

fn parse() -> Result<Big, String> {
    Err(String::new())
}

fn small() -> u64 {
    0
}

fn main() {
    let a = Box::new(maybe());
    let b = Box::new(parse());
    let c = Box::new(small());
    let _ = (a, b, c);
}
