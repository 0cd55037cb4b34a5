// Functions in inline modules and function bodies; closures are not checked.

struct Big {
    data: [u8; 20000],
}

mod codec {
    pub struct Frame {
        pub data: [u8; 20000],
    }

    pub fn encode(frame: Frame) {}
}

fn main() {
    fn helper(big: Big) {}
    let closure = |big: &Big| big.data[0];
}
