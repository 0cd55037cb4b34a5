//@ run-fix
// Names bound by patterns have the types the shared walk infers: `if let`, `match` arms
// and the items of a loop give lengths too.

struct Table {
    rows: Vec<Vec<u32>>,
}

fn if_let(rows: Option<Vec<u32>>) -> Vec<u32> {
    if let Some(rows) = rows {
        let mut doubled = Vec::new();
        for r in &rows {
            doubled.push(r * 2);
        }
        return doubled;
    }
    Vec::new()
}

fn match_arm(parsed: Result<Vec<u8>, String>) -> Vec<u16> {
    match parsed {
        Ok(bytes) => {
            let mut wide = Vec::new();
            for b in &bytes {
                wide.push(u16::from(*b));
            }
            wide
        }
        Err(_) => Vec::new(),
    }
}

fn loop_items(table: &Table) -> usize {
    let mut total = 0;
    for row in &table.rows {
        let mut copy = Vec::new();
        for cell in row {
            copy.push(*cell);
        }
        total += copy.len();
    }
    total
}

// Not reported: the length of an item of unknown type is not known.
fn unknown<T: IntoIterator<Item = Vec<u8>>>(items: T) -> usize {
    let mut n = 0;
    for item in items {
        let mut out = Vec::new();
        for b in item.iter().filter(|b| **b > 0) {
            out.push(*b);
        }
        n += out.len();
    }
    n
}

fn main() {
    let table = Table { rows: vec![vec![1]] };
    let _ = (if_let(None), match_arm(Ok(vec![])), loop_items(&table), unknown(vec![vec![1u8]]));
}
