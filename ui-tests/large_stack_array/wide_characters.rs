// Columns are counted in characters: the label lines up under wide text.

fn main() {
    let (café, naïve) = (1, [0u8; 1 << 20]); let ω = [0u32; 8192];
    let _ = (café, naïve, ω);
}
