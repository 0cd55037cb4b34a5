// At least `by-value-size-threshold` (16384) bytes.

struct Just {
    data: [u8; 16384],
}

struct Under {
    data: [u8; 16383],
}

fn just(value: Just) {}

fn under(value: Under) {}

fn main() {}
