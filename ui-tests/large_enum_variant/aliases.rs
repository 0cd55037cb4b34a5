// Sizes are seen through type aliases, and `Self` in a variant.

type Block = [u8; 4096];
type Blocks = (Block, Block);

enum Storage {
    Inline(Blocks),
    Remote(String),
}

enum Tree {
    Leaf(u32),
    Node(Option<Box<Self>>, [u64; 64]),
}

fn main() {}
