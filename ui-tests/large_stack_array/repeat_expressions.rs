// Array repeat expressions with literal lengths and constant arithmetic.

fn main() {
    let mut scratch = [0u8; 1 << 20];
    let words = [0u32; 4 * 1024 * 1024];
    let floats = [0.0f64; 65536];
    let squared = [1u8; 2usize.pow(16)];
    scratch[0] = words[0] as u8 + floats[0] as u8 + squared[0];
}
