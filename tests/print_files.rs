//! `--print files`: every file each target's module tree reaches, and whether it is linted.
//! The corpus sweep (`scripts/sweep.sh`) checks this list against the files on disk.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_cargo-memlint");

fn print_files(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(["--print", "files"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_file_of_every_target_with_its_status() {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workspace");
    let (code, out, err) = print_files(&ws, &["-p", "alpha", "-p", "beta"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "package\ttarget\tkind\tfile\tstatus\n\
         alpha\talpha\tlib\talpha/src/lib.rs\tlinted\n\
         alpha\talpha\tlib\talpha/src/codec.rs\tlinted\n\
         alpha\talpha\tlib\talpha/src/net/mod.rs\tlinted\n\
         alpha\talpha\tlib\talpha/src/net/packet.rs\tlinted\n\
         alpha\talpha\tlib\talpha/src/extra/renamed.rs\tlinted\n\
         alpha\talpha\tlib\talpha/src/wire.rs\tlinted\n\
         alpha\talpha\tlib\talpha/src/inline/deeper.rs\tlinted\n\
         alpha\talpha-cli\tbin\talpha/src/main.rs\tlinted\n\
         alpha\tdemo\texample\talpha/examples/demo.rs\tlinted\n\
         alpha\tsmoke\ttest\talpha/tests/smoke.rs\tlinted\n\
         beta\tbeta\tlib\tbeta/src/lib.rs\tlinted\n\
         beta\tbeta\tlib\tbeta/src/broken.rs\tsyntax-error\n"
    );
    let (_, json, _) = print_files(&ws, &["-p", "gamma", "--message-format=json"]);
    assert_eq!(
        json,
        "{\"file\":\"gamma/src/lib.rs\",\"kind\":\"lib\",\"package\":\"gamma\",\"status\":\"linted\",\"target\":\"gamma\"}\n"
    );
}

#[test]
fn files_that_cannot_be_read_are_errors_not_rows() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("lib.rs"), "mod bad;\nmod missing;\n").unwrap();
    std::fs::write(tmp.path().join("bad.rs"), b"\xff").unwrap();
    let (code, out, err) = print_files(tmp.path(), &["lib.rs"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        out,
        "package\ttarget\tkind\tfile\tstatus\nlib\tlib\tbin\tlib.rs\tlinted\n"
    );
    assert!(err.starts_with("error: couldn't read `bad.rs`"), "{err}");
}

#[test]
fn modules_declared_inside_item_macros_are_linted() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("sys/windows")).unwrap();
    std::fs::write(
        src.join("lib.rs"),
        "macro_rules! cfg_net { ($($item:item)*) => { $( #[cfg(feature = \"net\")] $item )* } }\n\
         cfg_net! {\n    mod net;\n    pub mod sys;\n}\n\
         macro_rules! generated { () => { mod not_a_file; } }\n",
    )
    .unwrap();
    std::fs::write(src.join("net.rs"), "").unwrap();
    std::fs::write(
        src.join("sys.rs"),
        "cfg_if::cfg_if! {\n    if #[cfg(unix)] {\n        #[path = \"sys/unix.rs\"]\n        mod imp;\n    \
         } else if #[cfg(windows)] {\n        mod windows;\n    } else {\n        \
         cfg_if::cfg_if! { if #[cfg(target_os = \"wasi\")] { mod wasi { mod inner; } } }\n    }\n}\n",
    )
    .unwrap();
    for file in ["sys/unix.rs", "sys/windows/mod.rs", "sys/wasi/inner.rs"] {
        std::fs::create_dir_all(src.join(file).parent().unwrap()).unwrap();
        std::fs::write(src.join(file), "").unwrap();
    }
    let (code, out, err) = print_files(tmp.path(), &["src/lib.rs"]);
    assert_eq!(code, Some(0), "{err}");
    let mut files: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(3).unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "src/lib.rs",
            "src/net.rs",
            "src/sys.rs",
            "src/sys/unix.rs",
            "src/sys/wasi/inner.rs",
            "src/sys/windows/mod.rs"
        ]
    );
}

#[test]
fn every_configuration_of_a_module_macro_rules_without_arguments_and_function_bodies() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("lib.rs"),
        "#[cfg_attr(unix, path = \"unix.rs\")]\n#[cfg_attr(windows, path = \"windows.rs\")]\nmod sys;\n\
         #[cfg_attr(unix, path = \"io.rs\")]\nmod io;\n\
         #[cfg_attr(target_os = \"wasi\", path = \"gone.rs\")]\nmod wasi;\n\
         macro_rules! crate_root {\n    () => {\n        mod private;\n    };\n    ($x:ident) => { mod $x; };\n}\n\
         crate_root!();\nmod lazy_user;\n",
    )
    .unwrap();
    std::fs::write(
        src.join("lazy_user.rs"),
        "pub fn f() {\n    #[path = \"utils/lazy.rs\"]\n    mod lazy;\n}\n",
    )
    .unwrap();
    std::fs::create_dir_all(src.join("utils")).unwrap();
    for file in [
        "unix.rs",
        "windows.rs",
        "io.rs",
        "private.rs",
        "wasi.rs",
        "utils/lazy.rs",
    ] {
        std::fs::write(src.join(file), "").unwrap();
    }
    let (code, out, err) = print_files(tmp.path(), &["src/lib.rs"]);
    assert_eq!(code, Some(0), "{err}");
    let mut files: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(3).unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "src/io.rs",
            "src/lazy_user.rs",
            "src/lib.rs",
            "src/private.rs",
            "src/unix.rs",
            "src/utils/lazy.rs",
            "src/wasi.rs",
            "src/windows.rs"
        ]
    );
    // `sys.rs` need not exist when each configuration names another file; `gone.rs` must.
    let lint = Command::new(BIN)
        .current_dir(tmp.path())
        .args(["--message-format=short", "src/lib.rs"])
        .output()
        .unwrap();
    let err = String::from_utf8(lint.stderr).unwrap();
    assert_eq!(
        err,
        "src/lib.rs:7:5: warning: file not found for module `wasi`\nwarning: 1 warning emitted\n"
    );
}
