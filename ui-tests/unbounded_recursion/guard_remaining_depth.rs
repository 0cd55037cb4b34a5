// A budget counting down to zero bounds the recursion too: `remaining - 1` with
// `remaining == 0`, `checked_sub`, `saturating_sub`, also through a `let`.

pub enum Json {
    Null,
    Array(Vec<Json>),
}

pub fn render(v: &Json, remaining: u32, out: &mut String) {
    if remaining == 0 {
        out.push_str("...");
        return;
    }
    match v {
        Json::Null => out.push_str("null"),
        Json::Array(items) => {
            for item in items {
                render(item, remaining - 1, out);
            }
        }
    }
}

pub fn checked(v: &Json, budget: u32) -> Option<usize> {
    let next = budget.checked_sub(1)?;
    match v {
        Json::Null => Some(1),
        Json::Array(items) => items.iter().map(|i| checked(i, next)).sum(),
    }
}

pub fn saturating(v: &Json, levels: u8) -> usize {
    match (v, levels) {
        (_, 0) => 0,
        (Json::Null, _) => 1,
        (Json::Array(items), _) => items
            .iter()
            .map(|i| saturating(i, levels.saturating_sub(1)))
            .sum(),
    }
}

pub fn matched(v: &Json, fuel: usize) -> usize {
    match fuel {
        0 => 0,
        _ => match v {
            Json::Null => 1,
            Json::Array(items) => items.iter().map(|i| matched(i, fuel - 1)).sum(),
        },
    }
}

// The budget is never looked at: decreasing it bounds nothing.
pub fn unchecked(v: &Json, fuel: usize) -> usize {
    match v {
        Json::Null => 1,
        Json::Array(items) => items.iter().map(|i| unchecked(i, fuel - 1)).sum(),
    }
}
