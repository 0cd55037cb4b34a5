//@ flags: --config by-value-size-threshold=256
// `--config by-value-size-threshold=256`.

struct Header {
    fields: [u64; 32],
}

struct Tiny {
    field: u64,
}

fn parse(header: Header, tiny: Tiny) -> Header {
    header
}

fn main() {}
