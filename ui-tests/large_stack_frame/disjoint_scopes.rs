// Locals of sibling blocks can share space, and a release build overlaps them; a debug
// build does not. The finding gives both estimates.

fn stages(n: usize) -> u64 {
    let mut total = 0;
    {
        let a = [1u8; 12000];
        total += a[n % 12000] as u64;
    }
    {
        let b = [2u8; 12000];
        total += b[n % 12000] as u64;
    }
    if n > 3 {
        let c = [3u8; 12000];
        total += c[n % 12000] as u64;
    } else {
        let d = [4u8; 12000];
        total += d[n % 12000] as u64;
    }
    match n {
        0 => {
            let e = [5u8; 12000];
            total += e[1] as u64;
        }
        1 => {
            let f = [6u8; 12000];
            total += f[1] as u64;
        }
        _ => {
            let g = [7u8; 12000];
            total += g[1] as u64;
        }
    }
    for i in 0..n {
        let h = [8u8; 12000];
        total += h[i % 12000] as u64;
    }
    let i = [9u8; 12000];
    let j = [10u8; 12000];
    let k = [11u8; 12000];
    total + i[0] as u64 + j[0] as u64 + k[0] as u64
}

fn main() {
    stages(7);
}
