// Passing a fresh depth (a literal, a constant) inside the recursion starts the count
// again: the limit no longer holds, and the call that resets it is labelled.

const MAX: u32 = 32;

pub enum Item {
    Plain,
    Group(Vec<Item>),
    Include(Vec<Item>),
}

pub fn expand(item: &Item, depth: u32) -> usize {
    if depth > MAX {
        return 0;
    }
    match item {
        Item::Plain => 1,
        Item::Group(items) => items.iter().map(|i| expand(i, depth + 1)).sum(),
        Item::Include(items) => include(items),
    }
}

fn include(items: &[Item]) -> usize {
    items.iter().map(|i| expand(i, 0)).sum()
}
