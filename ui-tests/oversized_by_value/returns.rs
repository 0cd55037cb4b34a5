// Return values are copied through the caller's stack too; arrays included.

struct Image {
    pixels: [u32; 16384],
}

fn blank() -> Image {
    Image { pixels: [0; 16384] }
}

fn table() -> [u64; 4096] {
    [0; 4096]
}

fn boxed() -> Box<Image> {
    Box::new(blank())
}

fn main() {}
