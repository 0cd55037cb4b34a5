// Methods, trait implementations and default methods are estimated like functions.

struct Codec {
    level: u8,
}

trait Compress {
    fn compress(&self, input: &[u8]) -> usize {
        let window = [0u16; 40000];
        let hashes = [0u32; 20000];
        input.len() + window[0] as usize + hashes[0] as usize
    }
}

impl Compress for Codec {}

impl Codec {
    fn tables(&self) -> u64 {
        let lit = [self.level as u64; 6000];
        let dist = [self.level as u64; 6000];
        let len = [self.level as u64; 6000];
        lit[0] + dist[1] + len[2]
    }
}

impl std::fmt::Display for Codec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let a = [self.level; 50000];
        let b = [self.level; 50000];
        let c = [self.level; 50000];
        write!(f, "{}{}{}", a[0], b[0], c[0])
    }
}

fn main() {
    let codec = Codec { level: 3 };
    codec.tables();
    codec.compress(&[1, 2, 3]);
    let _ = codec.to_string();
}
