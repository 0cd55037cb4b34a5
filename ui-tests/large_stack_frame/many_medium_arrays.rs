// No array is large enough for `large_stack_array` (16 KiB), but together they are: a
// debug build gives each binding its own slot.

fn mix(seed: u64) -> u64 {
    let a = [seed; 1500];
    let b = [seed + 1; 1500];
    let c = [seed + 2; 1500];
    let d = [seed + 3; 1500];
    let e = [seed as u32; 3000];
    let f = [seed as u32; 3000];
    let g = [seed as u16; 6000];
    let h = [seed as u16; 6000];
    let i = [seed as u8; 12000];
    let j = [seed as u8; 12000];
    let k = [seed as u8; 12000];
    let l = [seed as u8; 12000];
    a[1] + b[2] + c[3] + d[4]
        + e[5] as u64 + f[6] as u64 + g[7] as u64 + h[8] as u64
        + i[9] as u64 + j[10] as u64 + k[11] as u64 + l[12] as u64
}

// Half as many: under the threshold.
fn fine(seed: u64) -> u64 {
    let a = [seed; 1500];
    let b = [seed + 1; 1500];
    let c = [seed as u8; 12000];
    a[1] + b[2] + c[3] as u64
}

fn main() {
    mix(1);
    fine(2);
}
