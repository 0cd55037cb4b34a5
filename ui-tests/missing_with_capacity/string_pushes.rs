//@ run-fix
// A `String` is reported when each iteration adds a known number of bytes: one `char`, or
// a string literal. `n * 2` is not a plain path: offered, not applied.

pub fn stars(n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push('*');
    }
    s
}

pub fn accents(n: usize) -> String {
    let mut s = String::default();
    for _ in 0..n {
        s.push('é');
    }
    s
}

pub fn letters(chars: &[char]) -> String {
    let mut s = String::new();
    for c in chars {
        s.push(*c);
    }
    s
}

pub fn separators(words: &[&str]) -> String {
    let mut s = String::new();
    for _ in words {
        s.push_str(", ");
    }
    s
}

pub fn added(n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s += "ab";
    }
    s
}
