// A function that calls itself, once per level of the input: nothing limits the depth.

pub enum Tree {
    Leaf(u32),
    Node(Vec<Tree>),
}

pub fn depth(t: &Tree) -> usize {
    match t {
        Tree::Leaf(_) => 1,
        Tree::Node(children) => {
            let mut deepest = 0;
            for child in children {
                deepest = deepest.max(depth(child));
            }
            deepest + 1
        }
    }
}

// Loops are not recursion.
pub fn count(mut n: u64) -> u64 {
    let mut steps = 0;
    while n > 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}
