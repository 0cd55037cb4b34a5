//! `cargo memlint --print type-sizes`: TSV and JSON, features deciding `#[cfg]` fields,
//! and bad requests.

use std::path::Path;
use std::process::{Command, Output};

const MANIFEST: &str = r#"
[package]
name = "sizes-demo"
version = "0.1.0"
edition = "2021"

[features]
default = ["std"]
std = []
big = []
"#;

const LIB: &str = r#"
pub struct Small { a: u8, b: u32 }
pub enum Maybe { Some(Box<u8>), None }
pub struct Gated {
    a: u64,
    #[cfg(feature = "big")]
    b: [u8; 1024],
}
pub struct Foreign { value: serde_json::Value, n: u64 }
pub struct Wrapper<T> { inner: T, len: usize }
pub type Wrapped = Wrapper<[u8; 100]>;
#[cfg(test)]
mod tests {
    pub struct OnlyInTests(u8);
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

/// The TSV rows as (type, size, align, exactness).
fn rows(output: &Output) -> Vec<(String, String, String, String)> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("type\tsize\talign\texactness"));
    lines
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 4, "{l}");
            (c[0].into(), c[1].into(), c[2].into(), c[3].into())
        })
        .collect()
}

fn row<'a>(
    rows: &'a [(String, String, String, String)],
    ty: &str,
) -> &'a (String, String, String, String) {
    rows.iter()
        .find(|r| r.0 == ty)
        .unwrap_or_else(|| panic!("no row for {ty}: {rows:?}"))
}

#[test]
fn tsv_lists_the_crates_types() {
    let dir = demo_crate();
    let rows = rows(&memlint(dir.path(), &["--print", "type-sizes"]));
    let t = |ty: &str| {
        let r = row(&rows, ty);
        (r.1.as_str(), r.2.as_str(), r.3.as_str())
    };
    assert_eq!(t("sizes_demo::Small"), ("8", "4", "exact"));
    assert_eq!(t("sizes_demo::Maybe"), ("8", "8", "exact"));
    assert_eq!(t("sizes_demo::Gated"), ("8", "8", "exact"));
    assert_eq!(t("sizes_demo::Foreign"), ("8", "8", "lower-bound"));
    assert_eq!(t("sizes_demo::Wrapper<T>"), ("8", "8", "lower-bound"));
    assert_eq!(t("sizes_demo::Wrapper<[u8; 100]>"), ("112", "8", "exact"));
    // `#[cfg(test)]` is off in the build whose layouts these are.
    assert!(
        rows.iter().all(|r| !r.0.contains("OnlyInTests")),
        "{rows:?}"
    );
    // Largest first, as rustc prints them.
    assert_eq!(rows[0].0, "sizes_demo::Wrapper<[u8; 100]>");
}

#[test]
fn features_decide_cfg_fields() {
    let dir = demo_crate();
    let with = rows(&memlint(
        dir.path(),
        &["--print", "type-sizes", "--features", "big"],
    ));
    assert_eq!(row(&with, "sizes_demo::Gated").1, "1032");
    let all = rows(&memlint(
        dir.path(),
        &["--print", "type-sizes", "--all-features"],
    ));
    assert_eq!(row(&all, "sizes_demo::Gated").1, "1032");
}

#[test]
fn json_lines() {
    let dir = demo_crate();
    let output = memlint(
        dir.path(),
        &["--print", "type-sizes", "--message-format=json"],
    );
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let values: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let small = values
        .iter()
        .find(|v| v["type"] == "sizes_demo::Small")
        .expect("a line for Small");
    assert_eq!(small["size"], 8);
    assert_eq!(small["align"], 4);
    assert_eq!(small["exactness"], "exact");
    assert!(
        values
            .iter()
            .all(|v| v["exactness"].is_string() && v["size"].is_u64())
    );
}

#[test]
fn unknown_request_is_a_usage_error() {
    let dir = demo_crate();
    let output = memlint(dir.path(), &["--print", "type-size"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unknown print request `type-size`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `type-sizes`"), "{stderr}");
    assert!(output.stdout.is_empty());
}
