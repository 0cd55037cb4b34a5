// At least `array-size-threshold` (16384) bytes.

fn main() {
    let just = Box::new([0u8; 16384]);
    let under = Box::new([0u8; 16383]);
    let _ = (just, under);
}
