//! memlint never runs code of the project it lints: no build script, no procedural macro,
//! no program named in the project's cargo configuration, no `cargo build` or `check`. Its
//! one cargo call is `cargo metadata --no-deps --offline`, so a workspace whose
//! dependencies were never downloaded is linted all the same.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-memlint");

/// A private copy of `tests/fixtures/no_exec`, where any marker would land.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dst = tmp.path().join("no_exec");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/no_exec"),
        &dst,
    );
    (tmp, dst)
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            // `fs::copy` keeps the mode: the wrapper script stays executable.
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

fn markers(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("MARKER-"))
        .collect();
    found.sort();
    found
}

/// The cargo that runs the tests (set by cargo for test processes).
fn real_cargo() -> String {
    std::env::var("CARGO").expect("tests run under cargo")
}

/// A `cargo` that logs each call (its arguments, one line) to `log` and then runs cargo.
fn logging_cargo(dir: &Path, log: &Path) -> PathBuf {
    let script = dir.join("logging-cargo");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            real_cargo()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// memlint as `cargo memlint` runs it, through the logging cargo, with a cargo home that
/// holds nothing (no registry, no git checkouts) and a network that cannot be reached.
fn memlint(ws: &Path, cargo: &Path, cargo_home: &Path) -> Output {
    Command::new(BIN)
        .current_dir(ws)
        .args([
            "memlint",
            "--color",
            "never",
            "--workspace",
            "--all-targets",
        ])
        .env("CARGO", cargo)
        .env("CARGO_HOME", cargo_home)
        .env("CARGO_HTTP_PROXY", "http://127.0.0.1:9")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env_remove("RUSTC_WRAPPER")
        .output()
        .unwrap()
}

#[test]
fn linting_runs_no_project_code_and_only_cargo_metadata() {
    let (tmp, ws) = fixture();
    let log = tmp.path().join("cargo-calls.log");
    let cargo = logging_cargo(tmp.path(), &log);
    let home = tmp.path().join("empty-cargo-home");
    std::fs::create_dir(&home).unwrap();

    let out = memlint(&ws, &cargo, &home);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(" --> app/src/lib.rs:3:18\n"), "{err}");
    assert_eq!(markers(&ws), Vec::<String>::new(), "{err}");
    let calls = std::fs::read_to_string(&log).unwrap();
    let calls: Vec<&str> = calls.lines().collect();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let args: Vec<&str> = calls[0].split(' ').collect();
    assert_eq!(args[0], "metadata", "{calls:?}");
    for flag in ["--no-deps", "--offline"] {
        assert!(args.contains(&flag), "no {flag}: {calls:?}");
    }

    // Dependencies that are not downloaded, and cannot be: a registry crate and a git one.
    let manifest = ws.join("app/Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str(
        "never-downloaded-crate = \"0.1.0\"\n\
         from-git = { git = \"https://example.invalid/from-git.git\" }\n",
    );
    std::fs::write(&manifest, text).unwrap();
    let out = memlint(&ws, &cargo, &home);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(" --> app/src/lib.rs:3:18\n"), "{err}");
    assert_eq!(markers(&ws), Vec::<String>::new(), "{err}");
    assert_eq!(
        std::fs::read_dir(&home).unwrap().count(),
        0,
        "cargo home written"
    );
}

/// The markers are real: building the fixture writes every one of them.
#[test]
fn building_the_fixture_does_run_its_code() {
    let (tmp, ws) = fixture();
    let out = Command::new(real_cargo())
        .current_dir(&ws)
        .args(["build", "--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", tmp.path().join("target"))
        .env_remove("RUSTC_WRAPPER")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        markers(&ws),
        [
            "MARKER-build-script",
            "MARKER-proc-macro",
            "MARKER-rustc-wrapper"
        ]
    );
}
