// Enums in inline modules and inside function bodies.

mod protocol {
    pub enum Frame {
        Ack,
        Payload([u8; 1024]),
    }
}

fn main() {
    enum Local {
        Empty,
        Buffer([u64; 128]),
    }
    let _ = Local::Empty;
}
