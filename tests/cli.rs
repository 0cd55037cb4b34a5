//! The binary end to end: workspaces and package selection, output formats, exit codes,
//! and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-memlint");

/// A private copy of a fixture, so that nothing a run writes can touch the repository.
fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let dst = tmp.path().join(name);
    copy_dir(&src, &dst);
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
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

fn memlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .output()
        .expect("run cargo-memlint")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn root_manifest_lints_default_members_and_all_their_targets() {
    let (_tmp, ws) = fixture("workspace");
    let out = memlint(&ws, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("warning: `alpha` generated 8 warnings"),
        "{err}"
    );
    assert!(
        err.contains("error: `beta` generated 1 error and 2 warnings"),
        "{err}"
    );
    assert!(
        !err.contains("gamma"),
        "gamma is not a default member: {err}"
    );
    // lib, bin, test and example targets, and every kind of module file.
    for file in [
        "alpha/src/codec.rs",
        "alpha/src/net/packet.rs",
        "alpha/src/extra/renamed.rs",
        "alpha/src/inline/deeper.rs",
        "alpha/src/wire.rs",
        "alpha/src/main.rs",
        "alpha/tests/smoke.rs",
        "alpha/examples/demo.rs",
    ] {
        assert!(
            err.contains(&format!("--> {file}:")),
            "{file} not linted: {err}"
        );
    }
}

#[test]
fn a_syntax_error_does_not_stop_the_rest_of_the_crate() {
    let (_tmp, ws) = fixture("workspace");
    let out = memlint(&ws, &["-p", "beta"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("error: expected an expression\n --> beta/src/broken.rs:2:13"),
        "{err}"
    );
    assert!(err.contains("--> beta/src/lib.rs:5:15"), "{err}");
    assert!(
        err.contains("warning: file not found for module `missing`"),
        "{err}"
    );
}

#[test]
fn package_selection_follows_cargo() {
    let (_tmp, ws) = fixture("workspace");
    let only_gamma = memlint(&ws, &["-p", "gamma"]);
    assert_eq!(only_gamma.status.code(), Some(0));
    let err = stderr(&only_gamma);
    assert!(
        err.contains("`gamma` generated 1 warning") && !err.contains("alpha"),
        "{err}"
    );

    let excluded = memlint(&ws, &["--workspace", "--exclude", "beta"]);
    let err = stderr(&excluded);
    assert_eq!(excluded.status.code(), Some(0), "{err}");
    assert!(
        err.contains("`alpha` generated") && err.contains("`gamma` generated"),
        "{err}"
    );
    assert!(!err.contains("`beta`"), "{err}");

    // In a member's directory, cargo picks that member.
    let member = memlint(&ws.join("gamma"), &[]);
    let err = stderr(&member);
    assert!(
        err.contains("`gamma` generated") && !err.contains("alpha"),
        "{err}"
    );

    let by_manifest = memlint(&ws, &["--manifest-path", "beta/Cargo.toml"]);
    let err = stderr(&by_manifest);
    assert!(
        err.contains("`beta` generated") && !err.contains("alpha"),
        "{err}"
    );
}

#[test]
fn cargo_passes_the_subcommand_name_first() {
    let (_tmp, ws) = fixture("workspace");
    let out = Command::new(BIN)
        .current_dir(&ws)
        .args(["memlint", "--color", "never", "-p", "gamma"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("`gamma` generated 1 warning"));
}

#[test]
fn json_is_what_cargo_metadata_and_rust_analyzer_parse() {
    let (_tmp, ws) = fixture("workspace");
    let out = memlint(&ws, &["--message-format=json", "--workspace"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let messages: Vec<cargo_metadata::Message> =
        cargo_metadata::Message::parse_stream(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
    assert!(matches!(
        messages.last(),
        Some(cargo_metadata::Message::BuildFinished(f)) if !f.success
    ));
    let diagnostics: Vec<_> = messages
        .iter()
        .filter_map(|m| match m {
            cargo_metadata::Message::CompilerMessage(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(diagnostics.len(), 12, "{text}");
    let meta = cargo_metadata::MetadataCommand::new()
        .manifest_path(ws.join("Cargo.toml"))
        .no_deps()
        .exec()
        .unwrap();
    for msg in &diagnostics {
        assert!(meta.packages.iter().any(|p| p.id == msg.package_id));
        let d = &msg.message;
        assert_eq!(d.spans.iter().filter(|s| s.is_primary).count(), 1);
        for span in &d.spans {
            assert!(!span.text.is_empty(), "span without text: {span:?}");
            assert!(
                !span.file_name.starts_with('/'),
                "absolute path {}",
                span.file_name
            );
            let file = std::fs::read_to_string(ws.join(&span.file_name)).unwrap();
            let covered = &file[span.byte_start as usize..span.byte_end as usize];
            let line = &span.text[0];
            let highlighted: String = line
                .text
                .chars()
                .skip(line.highlight_start - 1)
                .take(line.highlight_end - line.highlight_start)
                .collect();
            assert_eq!(covered, highlighted);
        }
        assert!(
            d.rendered
                .as_deref()
                .is_some_and(|r| r.contains(&d.message))
        );
    }
    let array = diagnostics
        .iter()
        .find(|m| m.message.spans[0].file_name == "alpha/src/codec.rs")
        .unwrap();
    let d = &array.message;
    assert_eq!(d.code.as_ref().unwrap().code, "memlint::large_stack_array");
    assert_eq!(
        (
            d.spans[0].line_start,
            d.spans[0].column_start,
            d.spans[0].column_end
        ),
        (2, 18, 37)
    );
    assert_eq!(array.target.name, "alpha");
    let help = d.children.iter().find(|c| c.spans.len() == 1).unwrap();
    assert_eq!(
        help.spans[0].suggested_replacement.as_deref(),
        Some("vec![0u8; crate::BLOCK]")
    );
    assert_eq!(
        help.spans[0].suggestion_applicability,
        Some(cargo_metadata::diagnostic::Applicability::MaybeIncorrect)
    );
    let syntax = diagnostics
        .iter()
        .find(|m| m.message.spans[0].file_name == "beta/src/broken.rs")
        .unwrap();
    assert_eq!(
        syntax.message.level,
        cargo_metadata::diagnostic::DiagnosticLevel::Error
    );
}

#[test]
fn rendered_ansi_colours_only_the_json_rendering() {
    let (_tmp, ws) = fixture("workspace");
    let plain = stdout(&memlint(&ws, &["--message-format=json", "-p", "gamma"]));
    let ansi = stdout(&memlint(
        &ws,
        &[
            "--message-format=json-diagnostic-rendered-ansi",
            "-p",
            "gamma",
        ],
    ));
    assert!(!plain.contains("\\u001b["));
    assert!(ansi.contains("\\u001b["));
}

#[test]
fn short_format_is_one_line_per_finding() {
    let (_tmp, ws) = fixture("workspace");
    let out = memlint(&ws, &["--message-format=short", "-p", "gamma"]);
    assert_eq!(
        stderr(&out),
        "gamma/src/lib.rs:2:15: warning[memlint::large_stack_array]: this array of 131072 bytes lives on the stack\n\
         warning: `gamma` generated 1 warning\n"
    );
}

#[test]
fn colour_only_when_asked() {
    let (_tmp, ws) = fixture("workspace");
    let never = memlint(&ws, &["-p", "gamma"]);
    assert!(!stderr(&never).contains('\x1b'));
    let always = Command::new(BIN)
        .current_dir(&ws)
        .args(["--color", "always", "-p", "gamma"])
        .output()
        .unwrap();
    assert!(stderr(&always).contains('\x1b'));
}

#[test]
fn levels_set_the_exit_code() {
    let (_tmp, ws) = fixture("workspace");
    assert_eq!(memlint(&ws, &["-p", "gamma"]).status.code(), Some(0));
    assert_eq!(
        memlint(&ws, &["-p", "gamma", "-D", "warnings"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        memlint(&ws, &["-p", "gamma", "-D", "memlint::large_stack_array"])
            .status
            .code(),
        Some(1)
    );
    // Later flags win. (With the array allowed, its 128 KiB frame is reported instead:
    // allow that too.)
    let out = memlint(
        &ws,
        &[
            "-p",
            "gamma",
            "-D",
            "large_stack_array",
            "-A",
            "large_stack_array",
            "-A",
            "large_stack_frame",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

fn usage_error(dir: &Path, args: &[&str]) -> String {
    let out = memlint(dir, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(stdout(&out).is_empty());
    err
}

#[test]
fn bad_input_is_a_clear_one_line_error() {
    let (tmp, ws) = fixture("workspace");
    let err = usage_error(&ws, &["-W", "large_stack_arrays"]);
    assert_eq!(
        err,
        "error: unknown lint `large_stack_arrays` in `-W` (did you mean `memlint::large_stack_array`?)\n"
    );
    let err = usage_error(&ws, &["-p", "gama"]);
    assert!(
        err.contains("package `gama` not found in the workspace (did you mean `gamma`?)"),
        "{err}"
    );
    let err = usage_error(&ws, &["no/such/file.rs"]);
    assert_eq!(err, "error: path `no/such/file.rs` does not exist\n");
    let err = usage_error(&ws, &["--message-format", "xml"]);
    assert!(
        err.starts_with("error: invalid message format `xml`"),
        "{err}"
    );
    let err = usage_error(&ws, &["--config", "array-size-treshold=1"]);
    assert!(err.contains("did you mean `array-size-threshold`"), "{err}");

    std::fs::write(ws.join("gamma/Cargo.toml"), "[package\nname = ").unwrap();
    let err = usage_error(&ws.join("gamma"), &[]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: failed to read `"), "{err}");

    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let err = usage_error(&empty, &["--manifest-path", "nowhere/Cargo.toml"]);
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_and_the_rest_is_linted() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("lib.rs"),
        "mod bad;\nfn f() { let a = [0u8; 1 << 20]; }\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("bad.rs"), b"fn g() {} // \xff\xfe\n").unwrap();
    let out = memlint(tmp.path(), &["lib.rs"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error: couldn't read `bad.rs`: stream did not contain valid UTF-8"),
        "{err}"
    );
    assert!(err.contains("--> lib.rs:2:18"), "{err}");
}

#[test]
fn bare_directories_are_linted_without_a_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("util")).unwrap();
    std::fs::write(
        src.join("lib.rs"),
        "mod util;\npub const N: usize = 1 << 20;\n",
    )
    .unwrap();
    std::fs::write(
        src.join("util/mod.rs"),
        "fn f() { let a = [0u8; crate::N]; }\n",
    )
    .unwrap();
    std::fs::write(src.join("stray.rs"), "fn g() { let b = [0u64; 4096]; }\n").unwrap();
    let out = memlint(tmp.path(), &["src"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("--> src/util/mod.rs:1:18") && err.contains("1 MiB"),
        "{err}"
    );
    assert!(err.contains("--> src/stray.rs:1:18"), "{err}");
    assert!(err.ends_with("warning: 2 warnings emitted\n"), "{err}");
}

#[test]
fn output_is_deterministic() {
    let (_tmp, ws) = fixture("workspace");
    let first = memlint(&ws, &["--workspace", "--message-format=json"]);
    let second = memlint(&ws, &["--workspace", "--message-format=json"]);
    assert_eq!(first.stdout, second.stdout);
}

/// Runs with a time limit, so that a hang fails the test instead of stalling CI.
fn memlint_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("memlint took more than {limit:?} on {args:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn source_nested_ten_thousand_levels_deep_does_not_overflow_memlint() {
    const DEPTH: usize = 10_000;
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        (
            "parens.rs",
            format!(
                "fn f() -> u8 {{ {}1{} }}",
                "(".repeat(DEPTH),
                ")".repeat(DEPTH)
            ),
        ),
        (
            "blocks.rs",
            format!(
                "fn f() {{ {}let a = [0u8; 1 << 20];{} }}",
                "{".repeat(DEPTH),
                "}".repeat(DEPTH)
            ),
        ),
        (
            "arrays.rs",
            format!(
                "fn f() {{ let a = {}0u8{}; }}",
                "[".repeat(DEPTH),
                "; 1]".repeat(DEPTH)
            ),
        ),
        (
            "binary.rs",
            format!("fn f() -> u32 {{ 1{} }}", " + 1".repeat(DEPTH)),
        ),
        (
            "generics.rs",
            format!(
                "type T = {}u8{};",
                "Option<".repeat(DEPTH),
                ">".repeat(DEPTH)
            ),
        ),
        // Module paths are copied per level (quadratic), so modules nest less deep here.
        (
            "modules.rs",
            format!(
                "{}const N: usize = 1;{}",
                "mod m { ".repeat(1000),
                " }".repeat(1000)
            ),
        ),
    ];
    for (name, text) in &cases {
        std::fs::write(tmp.path().join(name), text).unwrap();
        let out = memlint_within(tmp.path(), &[name], Duration::from_secs(120));
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{name}: {code:?}\n{}",
            stderr(&out)
        );
    }
    let out = memlint_within(tmp.path(), &["blocks.rs"], Duration::from_secs(120));
    assert!(
        stderr(&out).contains("1 MiB on the stack"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_target_whose_root_file_is_missing_is_skipped_with_a_warning() {
    let (_tmp, ws) = fixture("workspace");
    let manifest = ws.join("gamma/Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str("\n[[example]]\nname = \"ghost\"\npath = \"examples/ghost.rs\"\n");
    std::fs::write(&manifest, text).unwrap();
    let out = memlint(&ws, &["-p", "gamma"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.starts_with(
        "warning: skipping example target `ghost` of `gamma`: its root file `gamma/examples/ghost.rs` does not exist\n"
    ), "{err}");
    assert!(err.contains("`gamma` generated 1 warning"), "{err}");
}
