// Arrays passed to std macros that take expressions are still built on the stack.

fn main() {
    let buf = vec![0u8; 1 << 20];
    assert_eq!(buf[..], [0u8; 1 << 20]);
    println!("{:?}", [0u16; 10000].len());
}
