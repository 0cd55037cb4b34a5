// A method named as a value, `.map(Node::size)` or `.for_each(Self::visit)`, recurses as
// a call does.

pub struct Node {
    children: Vec<Node>,
    weight: u64,
}

impl Node {
    pub fn size(&self) -> u64 {
        self.weight + self.children.iter().map(Node::size).sum::<u64>()
    }

    pub fn visit(&mut self) {
        self.weight += 1;
        self.children.iter_mut().for_each(Self::visit);
    }
}
