//@ flags: -A large_stack_array -A large_stack_frame
// Each level takes the frames of the functions on the cycle: with 64 KiB buffers, a main
// thread's 8 MiB lasts under 128 levels, a spawned thread's 2 MiB under 32.

pub struct Node {
    pub children: Vec<Node>,
}

pub fn checksum(node: &Node) -> u64 {
    let buf = [0u8; 65536];
    let mut sum = std::hint::black_box(&buf)[0] as u64;
    for child in &node.children {
        sum += checksum(child);
    }
    sum
}
