// Only as many fields are boxed as needed, largest first.

enum Packet {
    Ping,
    Data { header: [u8; 64], body: [u8; 4096], trailer: [u8; 512], id: u64 },
}

enum Twice {
    Ping,
    Both([u8; 300], [u8; 300]),
}

fn main() {}
