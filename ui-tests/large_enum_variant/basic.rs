// The largest variant is far larger than the others: box its data.

enum Message {
    Quit,
    Move { x: i32, y: i32 },
    Frame([u8; 4096]),
}

fn main() {
    let _ = [Message::Quit, Message::Move { x: 1, y: 2 }, Message::Frame([0; 4096])];
}
