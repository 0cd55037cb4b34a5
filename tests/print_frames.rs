//! `cargo memlint --print frames`: the table, JSON lines, `--top`, and bad requests.

use std::path::Path;
use std::process::{Command, Output};

const MANIFEST: &str = r#"
[package]
name = "frames-demo"
version = "0.1.0"
edition = "2021"
"#;

const LIB: &str = r#"
pub fn big(x: u8) -> u8 {
    let buf = [x; 40000];
    let more = [x; 20000];
    buf[1] ^ more[2]
}

pub fn medium(x: u32) -> u32 {
    let a = [x; 1000];
    a[3]
}

pub fn tiny(x: u32) -> u32 {
    x * 3
}

pub fn with_closure(n: usize) -> usize {
    let f = |i: usize| {
        let scratch = [i; 500];
        scratch[1]
    };
    f(n)
}

pub fn foreign() -> usize {
    let w = other::Widget::new();
    w.len()
}
"#;

fn demo_crate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Cargo.toml"), MANIFEST).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), LIB).unwrap();
    dir
}

fn memlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-memlint"))
        .arg("memlint")
        .args(args)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn table_lists_every_body_largest_first() {
    let dir = demo_crate();
    let out = stdout(&memlint(dir.path(), &["--print", "frames"]));
    let lines: Vec<&str> = out.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "location",
            "function",
            "debug",
            "release",
            "exactness",
            "largest",
            "contributor"
        ]
    );
    let functions: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(functions[0], "big");
    assert_eq!(functions[1], "with_closure::{closure#0}");
    assert_eq!(functions[2], "medium");
    for f in ["tiny", "with_closure", "foreign"] {
        assert!(functions.contains(&f), "{f} missing: {out}");
    }
    assert!(lines[1].starts_with("src/lib.rs:2 "), "{}", lines[1]);
    assert!(lines[1].contains("`buf` (39 KiB)"), "{}", lines[1]);
    let sizes: Vec<u64> = lines[1..]
        .iter()
        .map(|l| l.split_whitespace().nth(2).unwrap().parse().unwrap())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    let foreign = lines.iter().find(|l| l.contains(" foreign ")).unwrap();
    assert!(foreign.contains("lower bound"), "{foreign}");
}

#[test]
fn top_keeps_the_largest() {
    let dir = demo_crate();
    let out = stdout(&memlint(dir.path(), &["--print", "frames", "--top", "2"]));
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.lines().nth(1).unwrap().contains(" big "));
}

#[test]
fn json_lines_carry_both_estimates_and_contributors() {
    let dir = demo_crate();
    let out = stdout(&memlint(
        dir.path(),
        &["--print", "frames", "--message-format=json"],
    ));
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let big = &rows[0];
    assert_eq!(big["function"], "big");
    assert_eq!(big["file"], "src/lib.rs");
    assert_eq!(big["line"], 2);
    assert_eq!(big["kind"], "fn");
    assert_eq!(big["exactness"], "exact");
    let debug = big["debug"].as_u64().unwrap();
    assert!((60000..61000).contains(&debug), "{debug}");
    assert!(big["release"].as_u64().unwrap() <= debug);
    assert_eq!(big["contributors"][0]["what"], "`buf`");
    assert_eq!(big["contributors"][0]["bytes"], 40000);
    assert_eq!(big["contributors"][0]["line"], 3);
    let closure = rows
        .iter()
        .find(|r| r["function"] == "with_closure::{closure#0}")
        .unwrap();
    assert_eq!(closure["kind"], "closure");
}

#[test]
fn top_needs_print_frames() {
    let dir = demo_crate();
    let out = memlint(dir.path(), &["--top", "3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`--top` only applies"));
}

#[test]
fn unknown_request_suggests_frames() {
    let dir = demo_crate();
    let out = memlint(dir.path(), &["--print", "frame"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `frames`"), "{err}");
}
