//! Crates analysed in parallel (`--jobs`) and the `--timings` report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-memlint");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workspace")
}

fn memlint(args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(workspace())
        .args(["--color", "never"])
        .args(args)
        .output()
        .expect("run cargo-memlint")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn output_is_the_same_whatever_the_number_of_jobs() {
    for format in ["json", "human", "sarif"] {
        let one = memlint(&["--workspace", "-j", "1", "--message-format", format]);
        assert_eq!(one.status.code(), Some(1), "{}", text(&one.stderr));
        for jobs in ["2", "8", "default", "-1"] {
            let many = memlint(&["--workspace", "-j", jobs, "--message-format", format]);
            assert_eq!(
                (text(&many.stdout), text(&many.stderr), many.status.code()),
                (text(&one.stdout), text(&one.stderr), one.status.code()),
                "-j {jobs} --message-format {format}"
            );
        }
    }
}

#[test]
fn the_unit_that_ends_last_leaves_its_trees_to_the_exit() {
    // Freeing them is all "drop syntax trees" times: with one unit nothing is freed; with
    // six, every unit but the last frees its own.
    let phase = |args: &[&str]| {
        let out = memlint(args);
        let err = text(&out.stderr);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
        err.contains("\n    drop syntax trees ")
    };
    assert!(!phase(&["--timings", "-q", "--lib", "-p", "alpha"]));
    assert!(phase(&["--timings", "-q", "--workspace", "-j", "1"]));
}

#[test]
fn jobs_must_be_a_number_other_than_zero() {
    for (value, message) in [
        ("0", "error: `--jobs` may not be 0\n"),
        (
            "many",
            "error: invalid value `many` for `--jobs`: a number or `default`\n",
        ),
    ] {
        let out = memlint(&["-j", value]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(text(&out.stderr), message);
    }
}

#[test]
fn timings_name_every_phase_after_the_output() {
    let out = memlint(&["--workspace", "--timings", "-j", "2", "-q"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let report = &err[err.find("memlint timings: ").expect(&err)..];
    // Every unit of the fixture workspace, and every file they read.
    let files = memlint(&["--workspace", "--print", "files", "--message-format=json"]);
    let file_count = text(&files.stdout).lines().count();
    assert!(
        report.starts_with(&format!("memlint timings: 6 units, {file_count} files, ")),
        "{report}"
    );
    let phases: Vec<&str> = report
        .lines()
        .skip(2)
        .map(|l| match l.split_once(": ") {
            Some((name, _)) if !l.starts_with(' ') => name,
            _ => l.trim_start().split("  ").next().unwrap().trim(),
        })
        .collect();
    assert_eq!(
        phases,
        [
            "discover",
            "settings",
            "analysis (wall)",
            "of which",
            "read",
            "parse",
            "model",
            "shared body walk",
            "call graph",
            "large_enum_variant",
            "lint attributes",
            "frame estimates",
            "large_stack_frame",
            "stack_overflow_risk",
            "unbounded_recursion",
            "drop syntax trees",
            "lint levels",
            "emit",
            "total",
            "throughput",
            "peak memory",
        ],
        "{report}"
    );
    assert!(report.contains(" on 2 threads\n"), "{report}");
    // The findings come first, unchanged.
    let plain = memlint(&["--workspace", "-j", "2", "-q"]);
    assert!(err.starts_with(&text(&plain.stderr)), "{err}");
}

#[test]
fn timings_are_for_lint_runs() {
    for args in [
        &["--timings", "--print", "frames"][..],
        &["--timings", "--fix"],
    ] {
        let out = memlint(args);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            text(&out.stderr),
            "error: `--timings` applies to a lint run, not to `--print` or `--fix`\n"
        );
    }
}

/// What every lint finds, in a module file: a crate of several such files alone on two
/// threads has them walked and linted on both (`lints/src/lints/split.rs`).
const MODULE: &str = "
pub enum Lopsided { Small(u8), Big([u8; 1 << 16]) }
pub struct Matrix([u8; 1 << 16]);
pub fn by_value(m: Matrix) -> u8 { m.0[0] }
pub fn scratch() -> u8 { let a = [0u8; 1 << 20]; a[3] }
pub fn boxed() -> Box<[u8; 1 << 20]> { Box::new([0u8; 1 << 20]) }
pub fn fill(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n { v.push(i); }
    v
}
pub struct Node { pub kids: Vec<Node> }
pub fn count(n: &Node) -> usize { 1 + n.kids.iter().map(|k| count(k)).sum::<usize>() }
#[test]
fn deep() { let big = [0u8; 3 << 19]; let more = [1u8; 3 << 19]; f(&big, &more); }
fn f(a: &[u8], b: &[u8]) { let c = [0u8; 1 << 20]; g(a, b, &c); }
fn g(_: &[u8], _: &[u8], _: &[u8]) {}
";

#[test]
fn a_crate_of_several_files_alone_on_two_threads_finds_what_one_thread_finds() {
    let dir = tempfile::tempdir().unwrap();
    let root = "mod a; mod b; mod c;
        pub fn visit(n: &a::Node) -> usize { n.kids.iter().map(b::visit_b).sum() }";
    let b = format!("{MODULE}\npub fn visit_b(n: &crate::a::Node) -> usize {{ crate::visit(n) }}");
    for (name, text) in [
        ("lib.rs", root),
        ("a.rs", MODULE),
        ("b.rs", &b),
        ("c.rs", MODULE),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let lib = dir.path().join("lib.rs");
    let run = |jobs: &str| {
        let out = Command::new(BIN)
            .current_dir(dir.path())
            .args(["--message-format", "json", "-j", jobs])
            .arg(&lib)
            .output()
            .expect("run cargo-memlint");
        (text(&out.stdout), out.status.code())
    };
    let one = run("1");
    // Warnings only.
    assert_eq!(one.1, Some(0));
    for lint in [
        "large_enum_variant",
        "unbounded_recursion",
        "missing_with_capacity",
    ] {
        for file in ["a.rs", "b.rs", "c.rs"] {
            let found = one.0.lines().any(|l| l.contains(lint) && l.contains(file));
            assert!(found, "{lint} in {file}");
        }
    }
    assert_eq!(run("2"), one);
}
