// A generic function is estimated once per instantiation the crate spells out: with a
// turbofish, or from the arguments it is called with. The largest one is reported.

fn fill<T: Copy, const N: usize>(value: T) -> [T; N] {
    let buf = [value; N];
    let copy = buf;
    copy
}

fn sum<const N: usize>(xs: [u32; N]) -> u64 {
    let local = xs;
    let doubled = local;
    doubled.iter().map(|&x| x as u64).sum()
}

// Never instantiated: sizes that depend on `N` are unknown, so nothing is reported.
fn unused<const N: usize>() -> usize {
    let buf = [0u64; N];
    buf.len()
}

fn main() {
    let small: [u8; 16] = fill::<u8, 16>(1);
    let large = fill::<u64, 8192>(7);
    let total = sum([1u32; 16384]) + sum([2u32; 4]);
    let _ = (small, large, total);
}
