// Only some calls of a recursion are guarded: it can go around the guard, and is reported,
// with the unguarded calls labelled and the guarded ones shown.

const LIMIT: usize = 100;

pub enum Value {
    Atom,
    List(Vec<Value>),
    Quote(Box<Value>),
}

pub fn value(v: &Value, depth: usize) -> usize {
    if depth > LIMIT {
        return 0;
    }
    match v {
        Value::Atom => 1,
        Value::List(items) => list(items, depth + 1),
        Value::Quote(inner) => quote(inner, depth),
    }
}

fn list(items: &[Value], depth: usize) -> usize {
    items.iter().map(|i| value(i, depth)).sum()
}

// Calls itself without going through `value`'s check.
fn quote(v: &Value, depth: usize) -> usize {
    match v {
        Value::Quote(inner) => quote(inner, depth),
        other => value(other, depth),
    }
}

// One call site of two counts the depth.
pub fn walk(v: &Value, depth: usize) -> usize {
    if depth > LIMIT {
        return 0;
    }
    match v {
        Value::Atom => 1,
        Value::List(items) => items.iter().map(|i| walk(i, depth + 1)).sum(),
        Value::Quote(inner) => walk(inner, depth),
    }
}
