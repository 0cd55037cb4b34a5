//! `scripts/clippy-and-memlint`, the wrapper that lets rust-analyzer run both tools: which
//! arguments reach which tool, and which exit status wins. Cargo is replaced by a script
//! that records its arguments.

#![cfg(unix)]

mod scratch;

use scratch::Project;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

/// Runs the wrapper with a fake cargo that logs each call and exits with
/// `$CLIPPY_EXIT` / `$MEMLINT_EXIT`.
fn wrapper(args: &[&str], clippy_exit: i32, memlint_exit: i32) -> (i32, Vec<String>) {
    let p = Project::new();
    let log = p.path().join("calls");
    let fake = p.file(
        "cargo",
        &format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nif [ \"$1\" = clippy ]; then exit $CLIPPY_EXIT; fi\nexit $MEMLINT_EXIT\n",
            log.display()
        ),
    );
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/clippy-and-memlint");
    let status = Command::new(script)
        .args(args)
        .env("CARGO", &fake)
        .env("CLIPPY_EXIT", clippy_exit.to_string())
        .env("MEMLINT_EXIT", memlint_exit.to_string())
        .status()
        .expect("run the wrapper");
    let calls = std::fs::read_to_string(&log).unwrap_or_default();
    (
        status.code().unwrap(),
        calls.lines().map(str::to_string).collect(),
    )
}

#[test]
fn both_tools_get_the_shared_arguments() {
    let (code, calls) = wrapper(
        &[
            "--workspace",
            "--message-format=json",
            "--",
            "-W",
            "clippy::pedantic",
        ],
        0,
        0,
    );
    assert_eq!(code, 0);
    assert_eq!(
        calls,
        [
            "clippy --workspace --message-format=json -- -W clippy::pedantic",
            "memlint --workspace --message-format=json",
        ]
    );
    let (_, calls) = wrapper(&[], 0, 0);
    assert_eq!(calls, ["clippy --", "memlint"]);
}

#[test]
fn a_failing_tool_fails_the_check_and_both_always_run() {
    assert_eq!(wrapper(&[], 0, 1).0, 1);
    let (code, calls) = wrapper(&[], 101, 1);
    assert_eq!(code, 101);
    assert_eq!(calls.len(), 2, "memlint runs even when Clippy failed");
}
