// Parameters that take a large value by value; a `mut` binding gets `&mut`.

struct Image {
    pixels: [u32; 16384],
}

fn brightness(image: Image) -> u32 {
    image.pixels[0]
}

fn clear(mut image: Image) {
    image.pixels[0] = 0;
}

fn by_reference(image: &Image, other: &mut Image) -> u32 {
    other.pixels[0] = image.pixels[0];
    0
}

fn main() {}
