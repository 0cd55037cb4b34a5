// Two functions that call each other: a recursive-descent parser without a depth limit.
// The finding is on the first of them in source order, with both calls labelled.

pub struct Input<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}

pub enum Value {
    Atom(u8),
    List(Vec<Value>),
}

pub fn parse_value(input: &mut Input) -> Value {
    let b = input.bytes[input.pos];
    input.pos += 1;
    if b == b'[' {
        parse_list(input)
    } else {
        Value::Atom(b)
    }
}

fn parse_list(input: &mut Input) -> Value {
    let mut items = Vec::new();
    while input.bytes[input.pos] != b']' {
        items.push(parse_value(input));
    }
    input.pos += 1;
    Value::List(items)
}
