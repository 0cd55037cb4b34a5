// The threshold is inclusive: 16384 bytes fire, 16383 do not.

fn main() {
    let at = [0u8; 16384];
    let under = [0u8; 16383];
    let _ = (at, under);
}
