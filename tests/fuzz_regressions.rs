//! Replays `fuzz/regressions/`: inputs that crashed, hung or misreported, through the
//! same entry the fuzz targets use (`cargo_memlint::in_memory::lint_bytes`: NUL bytes
//! separate the files of a crate). Each must finish, within a time limit, with output whose
//! positions agree with the source.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn every_regression_input_is_handled() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(cargo_memlint::in_memory::lint_bytes(&data));
        });
        let name = path.file_name().unwrap().to_string_lossy();
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => panic!("{name}: {err}"),
            Err(_) => panic!("{name}: no answer within 60 s"),
        }
    }
}

/// What some of them must say, beyond not failing.
#[test]
fn regression_inputs_are_reported_where_they_go_wrong() {
    let lint = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions")
            .join(name);
        cargo_memlint::in_memory::lint_bytes(&std::fs::read(path).unwrap()).unwrap()
    };
    let out = lint("path-to-dev-zero.rs");
    assert!(
        out.short
            .contains("src/lib.rs:3:18: warning[memlint::large_stack_array]"),
        "{}",
        out.short
    );
    let out = lint("doc-comment-at-end-of-file.rs");
    assert!(
        out.short
            .starts_with("src/lib.rs:3:1: warning[memlint::syntax_error]"),
        "{}",
        out.short
    );
    let out = lint("unclosed-delimiter.rs");
    assert!(
        out.short.starts_with(
            "src/lib.rs:2:27: warning[memlint::syntax_error]: unexpected closing delimiter: `]`"
        ),
        "{}",
        out.short
    );
    let out = lint("references-40000-deep.rs");
    assert!(
        out.short.contains("nests more than 12000 levels deep"),
        "{}",
        out.short
    );
    // Found by the fuzzer: JSON and short output put the end of the file after its final
    // `\r` (column 12), the human output before it (column 11).
    let out = lint("position-after-a-final-carriage-return.rs");
    assert!(
        out.short
            .starts_with("src/lib.rs:1:11: warning[memlint::syntax_error]"),
        "{}",
        out.short
    );
    assert!(out.human.contains("--> src/lib.rs:1:11\n"), "{}", out.human);
    let out = lint("mod-in-cfg-if.rs");
    assert!(
        out.short
            .contains("src/a.rs:1:18: warning[memlint::large_stack_array]"),
        "{}",
        out.short
    );
    assert!(
        out.short.contains("file not found for module `gone`"),
        "{}",
        out.short
    );
}
