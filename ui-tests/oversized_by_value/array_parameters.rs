// Array parameters are `large_stack_array`'s: reported once, by that lint.

fn sum(values: [u64; 4096]) -> u64 {
    values[0]
}

type Block = [u8; 65536];

fn checksum(block: Block) -> u8 {
    block[0]
}

fn main() {}
