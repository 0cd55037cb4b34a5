// A depth parameter compared against a limit and increased along the recursive call
// bounds the recursion, directly or through other functions. The last function passes
// its depth on unchanged: nothing bounds it.

const MAX_DEPTH: usize = 128;

pub enum Node {
    Leaf,
    Branch(Vec<Node>),
}

pub fn walk(node: &Node, depth: usize) -> Result<usize, ()> {
    if depth > MAX_DEPTH {
        return Err(());
    }
    match node {
        Node::Leaf => Ok(1),
        Node::Branch(children) => {
            let mut n = 0;
            for child in children {
                n += walk(child, depth + 1)?;
            }
            Ok(n)
        }
    }
}

// The check is in the callee, the increment in the caller.
pub fn value(node: &Node, depth: usize) -> usize {
    if depth >= MAX_DEPTH {
        return 0;
    }
    match node {
        Node::Leaf => 1,
        Node::Branch(children) => list(children, depth),
    }
}

fn list(children: &[Node], depth: usize) -> usize {
    children.iter().map(|c| value(c, depth + 1)).sum()
}

pub fn unchanged(node: &Node, depth: usize) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    match node {
        Node::Leaf => 1,
        Node::Branch(children) => children.iter().map(|c| unchanged(c, depth)).sum(),
    }
}

// Changed in place, then passed on.
pub fn in_place(node: &Node, mut budget: u32) -> usize {
    if budget == 0 {
        return 0;
    }
    budget -= 1;
    match node {
        Node::Leaf => 1,
        Node::Branch(children) => children.iter().map(|c| in_place(c, budget)).sum(),
    }
}
