//! Hostile input: whatever a checkout holds, memlint gives a clear diagnostic or error for
//! the file at fault, lints the rest, and never panics, hangs or overflows its stack. Every
//! run here has a time limit.

use memlint_lints::nesting::{MAX_DEPTH, MAX_ITEM_NESTING};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-memlint");

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs memlint in `dir`, killing it (and failing) if it takes longer than `limit`.
fn memlint(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cargo-memlint");
    // Drain the pipes while waiting, so that large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || read_all(&mut out));
    let err = std::thread::spawn(move || read_all(&mut err));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            let _ = child.wait();
            panic!(
                "memlint took more than {limit:?} on {args:?} in {}",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("overflowed its stack"),
        "memlint crashed on {args:?}:\n{}",
        run.stderr
    );
    assert!(
        matches!(run.code, Some(0..=2)),
        "exit {:?} on {args:?}:\n{}",
        run.code,
        run.stderr
    );
    run
}

fn read_all(r: &mut impl std::io::Read) -> String {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes).unwrap();
    String::from_utf8(bytes).expect("memlint prints UTF-8")
}

const MINUTE: Duration = Duration::from_secs(60);

/// A file with one large array, to show that linting went on.
const FINDING: &str = "pub fn big() { let a = [0u8; 1 << 20]; }\n";

fn write(path: &Path, text: impl AsRef<[u8]>) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// `open` `n` times, `middle`, `close` `n` times.
fn nested(open: &str, middle: &str, close: &str, n: usize) -> String {
    format!("{}{middle}{}", open.repeat(n), close.repeat(n))
}

/// Constructs that nest, as (name, source nested `n` levels, nesting each level counts for).
fn nestings(n: usize) -> Vec<(&'static str, String, usize)> {
    vec![
        (
            "parens",
            format!("pub fn f() -> u8 {{ {} }}", nested("(", "1", ")", n)),
            1,
        ),
        (
            "brackets",
            format!(
                "pub fn f() {{ let a = {}; }}",
                nested("[", "0u8", "; 1]", n)
            ),
            1,
        ),
        (
            "blocks",
            format!(
                "pub fn f() {{ {} }}",
                nested("{ ", "let a = [0u8; 1 << 20];", " }", n)
            ),
            1,
        ),
        (
            "binary",
            format!("pub fn f() -> u32 {{ 1{} }}", " + 1".repeat(n)),
            1,
        ),
        (
            "generics",
            format!("pub type T = {};", nested("Option<", "u8", ">", n)),
            2,
        ),
        (
            "generic_commas",
            format!("pub type T = {};", nested("Result<u8, ", "u8", ">", n)),
            2,
        ),
        (
            "references",
            format!("pub type T = {}u8;", "&".repeat(n)),
            1,
        ),
        (
            "unary",
            format!("pub fn f() -> i32 {{ {}1 }}", "- ".repeat(n)),
            1,
        ),
        (
            "closures",
            format!("pub fn f() {{ let c = {}0; }}", "|x, y| ".repeat(n)),
            2,
        ),
        (
            "else_if",
            format!(
                "pub fn f(a: bool) -> u8 {{ if a {{ 1 }}{} else {{ 2 }} }}",
                " else if a { 1 }".repeat(n)
            ),
            3,
        ),
        (
            "methods",
            format!("pub fn f(x: u8) {{ x{}; }}", ".m()".repeat(n)),
            2,
        ),
        (
            "fn_pointers",
            format!("pub type T = {}u8;", "fn() -> ".repeat(n)),
            4,
        ),
    ]
}

fn lib_declaring(names: &[&str]) -> String {
    let mut lib: String = names.iter().map(|n| format!("mod {n};\n")).collect();
    lib.push_str(FINDING);
    lib
}

#[test]
fn source_nested_100_000_levels_deep_is_an_error_for_that_file_only() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = nestings(100_000);
    let mut names: Vec<&str> = cases.iter().map(|(name, _, _)| *name).collect();
    for (name, text, _) in &cases {
        write(&tmp.path().join(format!("{name}.rs")), text);
    }
    write(
        &tmp.path().join("modules.rs"),
        nested("mod m { ", "", " }", 100_000),
    );
    names.push("modules");
    write(&tmp.path().join("lib.rs"), lib_declaring(&names));
    let run = memlint(
        tmp.path(),
        &["--message-format=short", "lib.rs"],
        2 * MINUTE,
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let at = format!(
        "lib.rs:{}:24: warning[memlint::large_stack_array]",
        names.len() + 1
    );
    assert!(run.stderr.contains(&at), "{}", run.stderr);
    for name in &names {
        let limit = if *name == "modules" {
            format!("items nest more than {MAX_ITEM_NESTING} levels deep here")
        } else {
            format!("the source nests more than {MAX_DEPTH} levels deep here")
        };
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("{name}.rs:1:")))
            .unwrap_or_else(|| panic!("nothing for {name}.rs:\n{}", run.stderr));
        assert!(
            line.contains(&format!("error[memlint::syntax_error]: {limit}")),
            "{line}"
        );
    }
}

#[test]
fn source_nested_just_within_the_limit_is_linted() {
    let tmp = tempfile::tempdir().unwrap();
    // Each construct as deep as memlint takes it (less a margin for the code around it):
    // this is what the analysis thread's stack must hold, in a debug build too.
    let cases: Vec<(&str, String)> = nestings(1)
        .into_iter()
        .map(|(name, _, per_level)| {
            let n = (MAX_DEPTH - 50) / per_level;
            let (_, text, _) = nestings(n).into_iter().find(|c| c.0 == name).unwrap();
            (name, text)
        })
        .chain([(
            "modules",
            nested(
                "mod m { ",
                "pub fn g() { let a = [0u8; 1 << 20]; }",
                " }",
                // The function is an item too.
                MAX_ITEM_NESTING - 1,
            ),
        )])
        .collect();
    let names: Vec<&str> = cases.iter().map(|(name, _)| *name).collect();
    for (name, text) in &cases {
        write(&tmp.path().join(format!("{name}.rs")), text);
    }
    write(&tmp.path().join("lib.rs"), lib_declaring(&names));
    let run = memlint(
        tmp.path(),
        &["--message-format=short", "lib.rs"],
        3 * MINUTE,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("syntax_error"), "{}", run.stderr);
    let blocks = MAX_DEPTH - 50;
    for at in [
        format!("lib.rs:{}:24:", names.len() + 1),
        format!(
            "blocks.rs:1:{}:",
            "pub fn f() { ".len() + 2 * blocks + "let a = ".len() + 1
        ),
        format!(
            "modules.rs:1:{}:",
            8 * (MAX_ITEM_NESTING - 1) + "pub fn g() { let a = ".len() + 1
        ),
    ] {
        let line = format!("{at} warning[memlint::large_stack_array]");
        assert!(run.stderr.contains(&line), "no {line}\n{}", run.stderr);
    }
}

#[test]
fn a_50_mb_file_is_linted_to_its_last_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from(FINDING);
    let mut n = 0;
    while text.len() < 50 << 20 {
        text.push_str(&format!(
            "// {}\n/* {} */\npub const S{n}: &str = \"{}\";\n",
            "a generated comment ".repeat(5),
            "x".repeat(200),
            "data \u{e9}\u{4f60}\t".repeat(2000),
        ));
        for k in 0..3 {
            text.push_str(&format!(
                "pub fn add_{n}_{k}(a: u64, b: u64) -> u64 {{\n    let mut t = a;\n    \
                 for i in 0..b {{ t = t.wrapping_add(i * 3 + {k}); }}\n    t\n}}\n"
            ));
        }
        n += 1;
    }
    text.push_str(FINDING);
    let last_line = text.lines().count();
    write(&tmp.path().join("big.rs"), &text);
    let run = memlint(
        tmp.path(),
        &["--message-format=short", "big.rs"],
        4 * MINUTE,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("big.rs:1:24: warning"),
        "{}",
        run.stderr
    );
    let last = format!("big.rs:{last_line}:24: warning");
    assert!(run.stderr.contains(&last), "no {last}:\n{}", run.stderr);
}

#[test]
fn a_10_mb_line_gets_true_columns_and_short_human_output() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "wide \u{4f60}\u{597d} \u{1f600} and\ttabs ".repeat(420_000);
    let before = format!("pub const S: &str = \"{long}\"; pub fn f() {{ let a = ");
    let line = format!("{before}[0u8; 1 << 20]; }} pub static T: [u16; 2] = [1, 2];");
    assert!(line.len() > 10 << 20);
    write(
        &tmp.path().join("line.rs"),
        format!("// one long line\n{line}\n"),
    );
    let col = before.chars().count() + 1;

    let human = memlint(tmp.path(), &["line.rs"], 2 * MINUTE);
    assert!(
        human.stderr.contains(&format!(" --> line.rs:2:{col}\n")),
        "{}",
        &human.stderr[..human.stderr.len().min(2000)]
    );
    // The snippet shows the part of the line around the finding, not 10 MB.
    assert!(human.stderr.len() < 4096, "{} bytes", human.stderr.len());

    let short = memlint(
        tmp.path(),
        &["--message-format=short", "line.rs"],
        2 * MINUTE,
    );
    assert!(
        short
            .stderr
            .starts_with(&format!("line.rs:2:{col}: warning")),
        "{}",
        short.stderr
    );

    let json = memlint(
        tmp.path(),
        &["--message-format=json", "line.rs"],
        2 * MINUTE,
    );
    let message: serde_json::Value =
        serde_json::from_str(json.stdout.lines().next().unwrap()).unwrap();
    let span = &message["message"]["spans"][0];
    assert_eq!(span["column_start"], col);
    assert_eq!(span["column_end"], col + "[0u8; 1 << 20]".len());
    assert_eq!(
        span["byte_start"],
        "// one long line\n".len() + before.len()
    );
    assert_eq!(span["text"][0]["highlight_start"], col);
}

#[test]
fn bytes_that_are_not_rust_are_an_error_for_that_file_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        &dir.join("lib.rs"),
        lib_declaring(&["latin1", "elf", "controls", "empty"]),
    );
    // ISO-8859-1 text: `é` is the single byte 0xE9.
    write(&dir.join("latin1.rs"), b"// caf\xe9\nfn f() {}\n");
    // A binary named `.rs`: an ELF header and bytes that are not UTF-8.
    let mut elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    elf.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    write(&dir.join("elf.rs"), &elf);
    // Valid UTF-8, but control characters Rust does not allow.
    write(&dir.join("controls.rs"), "fn f() {}\nfn g() { \u{0} }\n");
    write(&dir.join("empty.rs"), "");
    let run = memlint(dir, &["--message-format=short", "lib.rs"], MINUTE);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: couldn't read `latin1.rs`: stream did not contain valid UTF-8 (invalid byte at offset 6)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: couldn't read `elf.rs`: stream did not contain valid UTF-8 (invalid byte at offset 17)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "controls.rs:2:10: error[memlint::syntax_error]: unknown start of token: \\u{0}"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("lib.rs:5:24: warning"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mod_cycle_through_path_attributes_is_loaded_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(&dir.join("lib.rs"), "#[path = \"a.rs\"]\nmod a;\n");
    write(
        &dir.join("a.rs"),
        format!("#[path = \"b.rs\"]\nmod b;\n{FINDING}"),
    );
    write(
        &dir.join("b.rs"),
        "#[path = \"a.rs\"]\nmod a_again;\n#[path = \"lib.rs\"]\nmod root_again;\n",
    );
    let run = memlint(dir, &["--message-format=short", "lib.rs"], MINUTE);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "a.rs:3:24: warning[memlint::large_stack_array]: this array of 1048576 bytes lives on the stack\n\
         b.rs:2:5: warning: `a.rs` is already loaded as module `crate::a`; memlint lints it once\n\
         b.rs:4:5: warning: `lib.rs` is already loaded as module `crate`; memlint lints it once\n\
         warning: 3 warnings emitted\n"
    );
}

#[test]
fn a_missing_module_file_is_a_warning_and_the_rest_is_linted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        &dir.join("src/lib.rs"),
        format!("mod gone;\n#[path = \"nowhere/else.rs\"]\nmod elsewhere;\n{FINDING}"),
    );
    let run = memlint(dir, &["src"], MINUTE);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for expected in [
        "warning: file not found for module `gone`\n --> src/lib.rs:1:5\n",
        "= help: memlint looked for `src/gone.rs`; the module is not linted",
        "warning: file not found for module `elsewhere`\n --> src/lib.rs:3:5\n",
        "= help: memlint looked for `src/nowhere/else.rs`; the module is not linted",
        " --> src/lib.rs:4:24\n",
    ] {
        assert!(
            run.stderr.contains(expected),
            "no {expected:?}:\n{}",
            run.stderr
        );
    }
}

/// A one-package workspace in `dir`.
fn package(dir: &Path, extra_manifest: &str) {
    write(
        &dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"pkg\"\nversion = \"0.1.0\"\nedition = \"2021\"\n{extra_manifest}"
        ),
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_an_error_for_that_file_only() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(
        &src.join("lib.rs"),
        format!("mod looped;\n#[path = \"again/again/again/inner.rs\"]\nmod inner;\n{FINDING}"),
    );
    write(&src.join("inner.rs"), FINDING);
    symlink("looped.rs", src.join("looped.rs")).unwrap();
    symlink(".", src.join("again")).unwrap();
    symlink("inner.rs", src.join("alias.rs")).unwrap();
    // A bare directory: every `.rs` file in it is linted, through the loop once.
    let run = memlint(tmp.path(), &["--message-format=short", "src"], MINUTE);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: couldn't read `src/looped.rs`: Too many levels of symbolic links (os error 40)\n\
         src/again/again/again/inner.rs:1:24: warning[memlint::large_stack_array]: this array of 1048576 bytes lives on the stack\n\
         src/lib.rs:4:24: warning[memlint::large_stack_array]: this array of 1048576 bytes lives on the stack\n\
         warning: 2 warnings emitted\n"
    );
    // The same through a manifest.
    package(tmp.path(), "");
    let run = memlint(tmp.path(), &["--message-format=short"], MINUTE);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: couldn't read `src/looped.rs`: Too many levels of symbolic links"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("warning: `pkg` generated 2 warnings\n"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn files_that_cannot_be_read_are_an_error_and_nothing_blocks() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        &dir.join("lib.rs"),
        format!(
            "mod secret;\nmod folder;\nmod fifo;\n#[path = \"/dev/zero\"]\nmod zero;\n{FINDING}"
        ),
    );
    write(&dir.join("secret.rs"), FINDING);
    std::fs::set_permissions(
        dir.join("secret.rs"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::create_dir(dir.join("folder.rs")).unwrap();
    let mkfifo = Command::new("mkfifo").arg(dir.join("fifo.rs")).status();
    assert!(mkfifo.is_ok_and(|s| s.success()), "mkfifo failed");
    let run = memlint(dir, &["--message-format=short", "lib.rs"], MINUTE);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    for expected in [
        "error: couldn't read `folder.rs`: not a regular file\n",
        "error: couldn't read `fifo.rs`: not a regular file\n",
        "error: couldn't read `/dev/zero`: not a regular file\n",
        "lib.rs:6:24: warning[memlint::large_stack_array]",
    ] {
        assert!(
            run.stderr.contains(expected),
            "no {expected:?}:\n{}",
            run.stderr
        );
    }
    // Permissions stop reads, unless the tests run as root (in containers, often): then
    // the file is read like any other, and only that can be checked.
    if std::fs::read(dir.join("secret.rs")).is_err() {
        assert!(
            run.stderr
                .contains("error: couldn't read `secret.rs`: Permission denied (os error 13)\n"),
            "{}",
            run.stderr
        );
    } else {
        eprintln!("note: running as a user that permissions do not stop; secret.rs was readable");
        assert!(
            run.stderr.contains("secret.rs:1:24: warning"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn files_outside_the_workspace_are_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    package(
        &ws,
        "[[bin]]\nname = \"out\"\npath = \"../outside/main.rs\"\n",
    );
    write(
        &ws.join("src/lib.rs"),
        format!(
            "#[path = \"../../outside/secret.rs\"]\nmod secret;\n#[path = \"/dev/zero\"]\nmod zero;\n\
             #[path = \"/proc/self/environ\"]\nmod environ;\n{FINDING}"
        ),
    );
    // Were it read, its syntax error would quote it.
    write(
        &tmp.path().join("outside/secret.rs"),
        "TOKEN=hunter2 is not Rust\n",
    );
    write(
        &tmp.path().join("outside/main.rs"),
        "fn main() { hunter2 }\n",
    );
    let run = memlint(&ws, &[], MINUTE);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "warning: skipping bin target `out` of `pkg`: its root file `../outside/main.rs` is outside the workspace\n"
        ),
        "{}",
        run.stderr
    );
    for module in ["secret", "zero", "environ"] {
        let warning = format!("warning: the file of module `{module}` is outside the workspace");
        assert!(
            run.stderr.contains(&warning),
            "no {warning:?}:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains(" --> src/lib.rs:7:24\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("warning: `pkg` generated 4 warnings\n"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_workspace_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    package(&ws, "");
    write(&ws.join("src/lib.rs"), format!("mod linked;\n{FINDING}"));
    write(&tmp.path().join("secret.rs"), "TOKEN=hunter2\n");
    std::os::unix::fs::symlink(tmp.path().join("secret.rs"), ws.join("src/linked.rs")).unwrap();
    let run = memlint(&ws, &["--message-format=short"], MINUTE);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "src/lib.rs:1:5: warning: the file of module `linked` is outside the workspace"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_manifests_are_a_one_line_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let cases: [(&str, &str, &str); 4] = [
        ("not toml", "[package\nname = ", "Cargo.toml"),
        ("no name", "[package]\nversion = \"0.1.0\"\n", "Cargo.toml"),
        (
            "member outside",
            "[workspace]\nmembers = [\"../elsewhere\"]\n",
            "is not hierarchically below the workspace root",
        ),
        (
            "missing member",
            "[workspace]\nmembers = [\"ghost\"]\n",
            "ghost",
        ),
    ];
    package(&dir.join("elsewhere"), "");
    write(&dir.join("elsewhere/src/lib.rs"), FINDING);
    for (what, manifest, mentions) in cases {
        let ws = dir.join("ws");
        write(&ws.join("Cargo.toml"), manifest);
        write(&ws.join("src/lib.rs"), FINDING);
        let run = memlint(&ws, &[], MINUTE);
        assert_eq!(run.code, Some(2), "{what}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{what}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("error: failed to read `"),
            "{what}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(mentions), "{what}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

/// Width of `text` as terminals show it: tabs as 4 columns (as rustc renders them), CJK
/// and emoji as 2.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '\t' => 4,
            '\u{1100}'..='\u{115f}' | '\u{2e80}'..='\u{a4cf}' | '\u{ac00}'..='\u{d7a3}' => 2,
            '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ff60}' | '\u{1f300}'..='\u{1faff}' => 2,
            _ => 1,
        })
        .sum()
}

#[test]
fn crlf_tabs_and_wide_characters_keep_columns_true_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = [
        "// \u{4f60}\u{597d}, \u{1f600}",
        "pub fn f() {",
        "\t\tlet \u{e9}t\u{e9} = \"\u{4f60}\u{597d}\u{1f600}\t\"; let a = [0u8; 1 << 20];",
        "\tlet b = [",
        "\t\t0u64; 1 << 17];",
        "}",
        "",
    ];
    write(&tmp.path().join("cols.rs"), lines.join("\r\n"));
    // The two arrays also make a large frame; only the arrays' columns are checked here.
    let prefix = "\t\tlet \u{e9}t\u{e9} = \"\u{4f60}\u{597d}\u{1f600}\t\"; let a = ";
    let col = prefix.chars().count() + 1;
    let byte = lines[..2].iter().map(|l| l.len() + 2).sum::<usize>() + prefix.len();

    let short = memlint(
        tmp.path(),
        &[
            "--message-format=short",
            "-A",
            "large_stack_frame",
            "cols.rs",
        ],
        MINUTE,
    );
    assert_eq!(
        short.stderr,
        format!(
            "cols.rs:3:{col}: warning[memlint::large_stack_array]: this array of 1048576 bytes lives on the stack\n\
             cols.rs:4:10: warning[memlint::large_stack_array]: this array of 1048576 bytes lives on the stack\n\
             warning: 2 warnings emitted\n"
        )
    );

    let human = memlint(tmp.path(), &["-A", "large_stack_frame", "cols.rs"], MINUTE);
    let text = &human.stderr;
    assert!(text.contains(&format!(" --> cols.rs:3:{col}\n")), "{text}");
    assert!(!text.contains('\r'), "{text}");
    // The carets sit under the array, however wide what comes before it shows.
    let mut rendered = text.lines().skip_while(|l| !l.starts_with("3 | "));
    let source = rendered.next().unwrap();
    let carets = rendered.next().unwrap();
    let source_at = display_width(&source[..source.find('[').unwrap()]);
    assert_eq!(carets.find('^'), Some(source_at), "{text}");

    let json = memlint(
        tmp.path(),
        &[
            "--message-format=json",
            "-A",
            "large_stack_frame",
            "cols.rs",
        ],
        MINUTE,
    );
    let spans: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|m| m["reason"] == "compiler-message")
        .map(|m| m["message"]["spans"][0].clone())
        .collect();
    assert_eq!(spans[0]["line_start"], 3);
    assert_eq!(spans[0]["column_start"], col);
    assert_eq!(spans[0]["column_end"], col + "[0u8; 1 << 20]".len());
    assert_eq!(spans[0]["byte_start"], byte);
    // The multi-line array: each line's text without its `\r`, highlighted where it is.
    assert_eq!(
        (&spans[1]["line_start"], &spans[1]["line_end"]),
        (&4.into(), &5.into())
    );
    assert_eq!(spans[1]["text"][0]["text"], "\tlet b = [");
    assert_eq!(spans[1]["text"][0]["highlight_start"], 10);
    assert_eq!(spans[1]["text"][1]["text"], "\t\t0u64; 1 << 17];");
    assert_eq!(spans[1]["text"][1]["highlight_end"], 17);
    assert_eq!(spans[1]["column_end"], 17);

    let end = col + "[0u8; 1 << 20]".len();
    let github = memlint(
        tmp.path(),
        &[
            "--message-format=github",
            "-A",
            "large_stack_frame",
            "cols.rs",
        ],
        MINUTE,
    );
    let annotation = format!("::warning file=cols.rs,line=3,col={col},endLine=3,endColumn={end},");
    assert!(github.stdout.contains(&annotation), "{}", github.stdout);
    let sarif = memlint(
        tmp.path(),
        &[
            "--message-format=sarif",
            "-A",
            "large_stack_frame",
            "cols.rs",
        ],
        MINUTE,
    );
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startLine"], &region["startColumn"]),
        (&3.into(), &col.into())
    );
    assert_eq!(region["endColumn"], end);
}

#[test]
fn a_syntax_error_in_the_crate_root_hides_none_of_its_modules() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    // Edition 2015's bare trait object, which syn does not parse.
    write(
        &src.join("lib.rs"),
        "#![allow(bare_trait_objects)]\nmod a;\ntype Action = Fn(&u8) + Send;\n\
         cfg_if::cfg_if! { if #[cfg(unix)] { mod b; } }\nmod c { mod d; }\n",
    );
    for file in ["a.rs", "b.rs", "c/d.rs"] {
        write(&src.join(file), FINDING);
    }
    let run = memlint(
        tmp.path(),
        &["--message-format=short", "src/lib.rs"],
        MINUTE,
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines[0].starts_with("src/a.rs:1:24: warning"),
        "{}",
        run.stderr
    );
    assert!(
        lines[1].starts_with("src/b.rs:1:24: warning"),
        "{}",
        run.stderr
    );
    assert!(
        lines[2].starts_with("src/c/d.rs:1:24: warning"),
        "{}",
        run.stderr
    );
    assert!(lines[3].starts_with("src/lib.rs:3:"), "{}", run.stderr);
    assert!(
        lines[3].contains("error[memlint::syntax_error]"),
        "{}",
        run.stderr
    );
}
