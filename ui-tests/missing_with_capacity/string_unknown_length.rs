// A `String` grown by strings of unknown length has no known final size: not reported.
use std::fmt::Write;

pub fn joined(words: &[String]) -> String {
    let mut s = String::new();
    for w in words {
        s.push_str(w);
    }
    s
}

pub fn formatted(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = write!(s, "{i},");
    }
    s
}

pub fn appended(words: &[&str]) -> String {
    let mut s = String::new();
    for w in words {
        s += w;
    }
    s
}
