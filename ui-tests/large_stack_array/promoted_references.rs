// `&[constant; N]` is promoted to a static by the compiler; `&mut` and non-constant
// elements are not.

fn main() {
    let promoted: &[u8] = &[0; 1 << 20];
    let promoted_const: &[u32; 8192] = &[u32::MAX; 8192];
    let mutable = &mut [0u8; 1 << 20];
    let x = 7u8;
    let from_local = &[x; 1 << 20];
    let _ = (promoted, promoted_const, mutable, from_local);
}
