// A recursion known to be shallow can be allowed on its first function.

pub enum Bit {
    Zero,
    Wrap(Box<Bit>),
}

#[cfg_attr(memlint, allow(memlint::unbounded_recursion))]
pub fn unwrap(b: &Bit) -> usize {
    match b {
        Bit::Zero => 0,
        Bit::Wrap(inner) => unwrap(inner) + 1,
    }
}

pub fn rewrap(b: &Bit) -> usize {
    match b {
        Bit::Zero => 0,
        Bit::Wrap(inner) => rewrap(inner) + 1,
    }
}
