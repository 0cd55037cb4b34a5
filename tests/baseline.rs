//! Baselines end to end: record, survive unrelated edits, report new findings, count and
//! show stale entries, write atomically.

mod scratch;

use scratch::{Project, array_fn};

const LIB: &str = "pub fn parse() -> u8 {
    let scratch = [0u8; 1 << 16];
    scratch[0]
}

pub struct Decoder;

impl Decoder {
    pub fn decode(&self) -> u8 {
        let table = [1u8; 1 << 16];
        table[0]
    }
}
";

fn recorded() -> Project {
    let p = Project::krate(LIB);
    let run = p.memlint(&["--write-baseline", "memlint-baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "wrote 2 findings to the baseline `memlint-baseline.json`\n"
    );
    assert!(run.stdout.is_empty());
    p
}

#[test]
fn written_baseline_names_findings_without_line_numbers() {
    let p = recorded();
    let json: serde_json::Value = serde_json::from_str(&p.read("memlint-baseline.json")).unwrap();
    assert_eq!(json["tool"], "memlint");
    assert_eq!(json["version"], 1);
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["lint"], "memlint::large_stack_array");
    assert_eq!(entries[0]["file"], "src/lib.rs");
    assert_eq!(entries[0]["item"], "crate::<impl Decoder>::decode");
    assert_eq!(entries[0]["code"], "[1u8;1<<16]");
    assert_eq!(entries[1]["item"], "crate::parse");
    let text = p.read("memlint-baseline.json");
    assert!(!text.contains("\"line"), "{text}");
    // Written atomically: nothing else is left in the directory.
    let names: Vec<String> = std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["Cargo.toml", "memlint-baseline.json", "src"]);
}

#[test]
fn baseline_hides_recorded_findings_through_unrelated_edits() {
    let p = recorded();
    let quiet = p.memlint(&["--baseline", "memlint-baseline.json"]);
    assert_eq!(quiet.code, 0);
    assert_eq!(
        quiet.stderr,
        "note: 2 findings in the baseline `memlint-baseline.json` not shown\n"
    );

    // New code above both findings moves them down; reformatting one changes its layout.
    let edited = format!(
        "//! A crate.\n\nuse std::fmt;\n\npub fn helper() -> usize {{\n    42\n}}\n\n{}",
        LIB.replace("[1u8; 1 << 16]", "[1u8;  1<<16]")
    );
    p.file("src/lib.rs", &edited);
    let after_edit = p.memlint(&["--baseline", "memlint-baseline.json"]);
    assert_eq!(after_edit.code, 0);
    assert_eq!(
        after_edit.stderr, quiet.stderr,
        "still matched after the edit"
    );

    // A new finding is reported, and only it.
    p.file("src/lib.rs", &format!("{edited}{}", array_fn("fresh", 64)));
    let fresh = p.memlint(&[
        "--baseline",
        "memlint-baseline.json",
        "--message-format=short",
    ]);
    assert_eq!(
        fresh.stderr,
        "src/lib.rs:23:15: warning[memlint::large_stack_array]: this array of 65536 bytes lives on the stack\n\
         warning: `demo` generated 1 warning\n\
         note: 2 findings in the baseline `memlint-baseline.json` not shown\n"
    );
}

#[test]
fn fixed_findings_leave_stale_entries() {
    let p = recorded();
    p.file(
        "src/lib.rs",
        &LIB.replace("[0u8; 1 << 16]", "vec![0u8; 1 << 16]"),
    );
    let run = p.memlint(&["--baseline", "memlint-baseline.json"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "note: 1 finding in the baseline `memlint-baseline.json` not shown\n\
         note: 1 entry of the baseline matches no finding any more (fixed, or changed beyond \
         recognition); `--write-baseline memlint-baseline.json` drops it:\n  \
         stale: memlint::large_stack_array in `src/lib.rs` (crate::parse): `[0u8;1<<16]`\n"
    );
    // Moving a finding to another function is a new finding and a stale entry.
    p.file(
        "src/lib.rs",
        &LIB.replace("pub fn parse()", "pub fn parse_all()"),
    );
    let moved = p.memlint(&[
        "--baseline",
        "memlint-baseline.json",
        "--message-format=short",
    ]);
    assert!(
        moved
            .stderr
            .contains("src/lib.rs:2:19: warning[memlint::large_stack_array]"),
        "{}",
        moved.stderr
    );
    assert!(
        moved
            .stderr
            .contains("stale: memlint::large_stack_array in `src/lib.rs` (crate::parse)"),
        "{}",
        moved.stderr
    );
}

#[test]
fn identical_findings_in_one_item_are_counted() {
    // Two arrays of 32 KiB: reported twice, in a frame under `stack-frame-threshold`.
    let body = "pub fn twice() -> u8 {\n    let a = [0u8; 1 << 15];\n    let b = [0u8; 1 << 15];\n    a[0] + b[0]\n}\n";
    let p = Project::krate(body);
    assert_eq!(p.memlint(&["--write-baseline", "b.json"]).code, 0);
    assert!(
        p.read("b.json").contains("\"count\": 2"),
        "{}",
        p.read("b.json")
    );
    p.file(
        "src/lib.rs",
        &body.replace("let b = [0u8; 1 << 15];", "let b = [0u8; 4];"),
    );
    let run = p.memlint(&["--baseline", "b.json"]);
    assert!(
        run.stderr
            .contains("note: 1 entry of the baseline matches no finding"),
        "{}",
        run.stderr
    );
    p.file(
        "src/lib.rs",
        &body.replace(
            "a[0] + b[0]",
            "let c = [0u8; 1 << 15];\n    a[0] + b[0] + c[0]",
        ),
    );
    let third = p.memlint(&["--baseline", "b.json", "--message-format=short"]);
    assert!(
        third.stderr.contains("warning: `demo` generated 1 warning"),
        "{}",
        third.stderr
    );
}

#[test]
fn baselined_errors_do_not_fail_the_run() {
    let p = recorded();
    assert_eq!(p.memlint(&["-D", "warnings"]).code, 1);
    assert_eq!(
        p.memlint(&["-D", "warnings", "--baseline", "memlint-baseline.json"])
            .code,
        0
    );
}

#[test]
fn baseline_errors_are_usage_errors() {
    let p = Project::krate(LIB);
    let missing = p.memlint(&["--baseline", "nope.json"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .starts_with("error: cannot read the baseline `nope.json`"),
        "{}",
        missing.stderr
    );
    p.file("bad.json", "{\"entries\": 3}");
    let bad = p.memlint(&["--baseline", "bad.json"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("is not a memlint baseline"),
        "{}",
        bad.stderr
    );
    let nowhere = p.memlint(&["--write-baseline", "no/such/dir/b.json"]);
    assert_eq!(nowhere.code, 2);
    assert!(
        nowhere
            .stderr
            .starts_with("error: cannot write the baseline"),
        "{}",
        nowhere.stderr
    );
    let both = p.memlint(&["--baseline", "a.json", "--write-baseline", "b.json"]);
    assert_eq!(both.code, 2);
}

#[test]
fn rewriting_keeps_the_file_mode() {
    let p = recorded();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = p.path().join("memlint-baseline.json");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
        assert_eq!(
            p.memlint(&["--write-baseline", "memlint-baseline.json"])
                .code,
            0
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o664
        );
    }
}
