// Elements that are structs of the crate: field sizes added with alignment padding.

#[derive(Clone, Copy, Default)]
struct Pixel {
    r: u8,
    g: u8,
    b: u8,
    a: u8,
}

#[derive(Clone, Copy)]
struct Sample(u8, u64);

#[derive(Clone, Copy)]
struct Empty;

fn main() {
    let frame = [Pixel::default(); 4096];
    let samples = [Sample(0, 0); 1024];
    let literal = [Pixel { r: 0, g: 0, b: 0, a: 0 }; 8192];
    let nothing = [Empty; 1 << 20];
    let _ = (frame, samples, literal, nothing);
}
