// Calls inside `vec![..]` are calls: in the elements of `vec![a, b]`, and in the element and
// the length of `vec![x; n]`.

pub enum Tree {
    Leaf,
    Node(Vec<Tree>),
}

pub fn sizes(t: &Tree) -> Vec<usize> {
    match t {
        Tree::Leaf => vec![],
        Tree::Node(children) => vec![sizes(&children[0]).len(), children.len()],
    }
}

pub fn widths(t: &Tree) -> Vec<u8> {
    match t {
        Tree::Leaf => vec![0; 1],
        Tree::Node(children) => vec![1; widths(&children[0]).len()],
    }
}

// Not recursive: `vec!` calls other functions only.
pub fn labels(t: &Tree) -> Vec<String> {
    match t {
        Tree::Leaf => vec![label(0)],
        Tree::Node(children) => vec![label(children.len()); 2],
    }
}

fn label(n: usize) -> String {
    format!("{n}")
}
