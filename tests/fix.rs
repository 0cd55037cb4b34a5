//! `cargo memlint --fix` end to end, on a Cargo package in a fresh git repository: what it
//! refuses (uncommitted files, no repository), what it writes and how (atomically, keeping
//! permissions), and that a second run changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const LIB: &str = "\
mod util;

pub fn squares(n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(i * i);
    }
    out
}

pub fn review(a: usize, b: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for i in a..b {
        out.push(i);
    }
    out
}
";

const UTIL: &str = "\
pub fn ids(items: &[u32]) -> Vec<u32> {
    let mut ids = Vec::new();
    for x in items {
        ids.push(*x + 1);
    }
    ids
}
";

const LIB_FIXED: &str = "\
mod util;

pub fn squares(n: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(i * i);
    }
    out
}

pub fn review(a: usize, b: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for i in a..b {
        out.push(i);
    }
    out
}
";

const UTIL_FIXED: &str = "\
pub fn ids(items: &[u32]) -> Vec<u32> {
    let mut ids = Vec::with_capacity(items.len());
    for x in items {
        ids.push(*x + 1);
    }
    ids
}
";

/// A package `demo` with `src/lib.rs` and `src/util.rs`, committed in a new repository.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo { dir };
        repo.write(
            "Cargo.toml",
            "[package]\nname = \"demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        );
        repo.write("src/lib.rs", LIB);
        repo.write("src/util.rs", UTIL);
        repo.git(&["init", "-q"]);
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "initial"]);
        repo
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .current_dir(self.dir.path())
            .args([
                "-c",
                "user.name=memlint",
                "-c",
                "user.email=memlint@example.com",
            ])
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "core.hooksPath=/dev/null",
            ])
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    fn memlint(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cargo-memlint"))
            .current_dir(self.dir.path())
            .args(["--color", "never"])
            .args(args)
            .output()
            .unwrap()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn fixes_a_committed_package_and_reports_what_is_left() {
    let repo = Repo::new();
    let output = repo.memlint(&["--fix"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("       Fixed src/lib.rs (1 fix)\n"), "{err}");
    assert!(err.contains("       Fixed src/util.rs (1 fix)\n"), "{err}");
    assert_eq!(repo.read("src/lib.rs"), LIB_FIXED);
    assert_eq!(repo.read("src/util.rs"), UTIL_FIXED);
    // `b - a` is offered for review, not applied: it is what is left to report.
    assert!(
        err.contains("help: allocate it once: `Vec::with_capacity(b - a)`"),
        "{err}"
    );
    assert!(err.contains("warning: `demo` generated 1 warning"), "{err}");
}

#[test]
fn refuses_a_dirty_file_and_writes_nothing() {
    let repo = Repo::new();
    let dirty = format!("{UTIL}// work in progress\n");
    repo.write("src/util.rs", &dirty);
    let output = repo.memlint(&["--fix"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("these files have uncommitted changes"),
        "{err}"
    );
    assert!(err.contains("pass `--allow-dirty`"), "{err}");
    assert!(err.contains("  * src/util.rs (dirty)"), "{err}");
    assert!(
        !err.contains("src/lib.rs ("),
        "a committed file is not listed: {err}"
    );
    assert!(!err.contains("Fixed"), "{err}");
    // Nothing is written, not even the committed file.
    assert_eq!(repo.read("src/util.rs"), dirty);
    assert_eq!(repo.read("src/lib.rs"), LIB);

    let output = repo.memlint(&["--fix", "--allow-dirty"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        repo.read("src/util.rs"),
        format!("{UTIL_FIXED}// work in progress\n")
    );
    assert_eq!(repo.read("src/lib.rs"), LIB_FIXED);
}

#[test]
fn staged_changes_need_allow_staged() {
    let repo = Repo::new();
    let staged = format!("{UTIL}// staged\n");
    repo.write("src/util.rs", &staged);
    repo.git(&["add", "src/util.rs"]);
    let output = repo.memlint(&["--fix"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("  * src/util.rs (staged)"), "{err}");
    assert!(err.contains("pass `--allow-staged`"), "{err}");
    assert_eq!(repo.read("src/util.rs"), staged);

    let output = repo.memlint(&["--fix", "--allow-staged"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(repo.read("src/util.rs"), format!("{UTIL_FIXED}// staged\n"));
}

#[test]
fn untracked_files_are_refused() {
    let repo = Repo::new();
    repo.write("src/lib.rs", &format!("mod extra;\n{LIB}"));
    repo.git(&["add", "src/lib.rs"]);
    repo.git(&["commit", "-q", "-m", "extra"]);
    repo.write("src/extra.rs", UTIL);
    let output = repo.memlint(&["--fix"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("  * src/extra.rs (untracked)"), "{err}");
    assert_eq!(repo.read("src/extra.rs"), UTIL);
}

#[test]
fn other_dirty_files_do_not_block_fixes() {
    let repo = Repo::new();
    repo.write("README.md", "not committed\n");
    let output = repo.memlint(&["--fix"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(repo.read("src/lib.rs"), LIB_FIXED);
}

#[test]
fn files_outside_git_need_allow_no_vcs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lib.rs");
    std::fs::write(&file, UTIL).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cargo-memlint"))
            .current_dir(dir.path())
            .args(["--color", "never"])
            .args(args)
            .arg("lib.rs")
            .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
            .output()
            .unwrap()
    };
    let output = run(&["--fix"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("no git repository holds these files"), "{err}");
    assert!(err.contains("pass `--allow-no-vcs`"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), UTIL);

    let output = run(&["--fix", "--allow-no-vcs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), UTIL_FIXED);
}

#[test]
fn writes_atomically_and_keeps_permissions() {
    let repo = Repo::new();
    let lib = repo.path("src/lib.rs");
    // A hard link sees the old inode: a file rewritten in place would change under it, a
    // file replaced by a rename does not.
    let old = repo.path("old-lib.rs");
    std::fs::hard_link(&lib, &old).unwrap();
    repo.git(&["add", "old-lib.rs"]);
    repo.git(&["commit", "-q", "-m", "link"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&lib, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let before = files_in(&repo.path("src"));
    let output = repo.memlint(&["--fix", "--allow-dirty"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(repo.read("src/lib.rs"), LIB_FIXED);
    assert_eq!(
        std::fs::read_to_string(&old).unwrap(),
        LIB,
        "replaced, not rewritten in place"
    );
    assert_eq!(
        files_in(&repo.path("src")),
        before,
        "no temporary file left behind"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&lib).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn fixing_twice_changes_nothing_the_second_time() {
    let repo = Repo::new();
    let first = repo.memlint(&["--fix"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    repo.git(&["commit", "-q", "-a", "-m", "fixed"]);
    let second = repo.memlint(&["--fix"]);
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(0), "{err}");
    assert!(!err.contains("Fixed"), "{err}");
    assert_eq!(repo.read("src/lib.rs"), LIB_FIXED);
    assert_eq!(repo.read("src/util.rs"), UTIL_FIXED);
    // The same findings as a plain run: only the one that is not machine-applicable.
    let plain = repo.memlint(&[]);
    assert_eq!(stderr(&plain), err);
}

#[test]
fn allowed_lints_are_not_fixed() {
    let repo = Repo::new();
    let output = repo.memlint(&["--fix", "-A", "memlint::missing_with_capacity"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(repo.read("src/lib.rs"), LIB);
    assert_eq!(repo.read("src/util.rs"), UTIL);
}

#[test]
fn quiet_hides_the_status_lines() {
    let repo = Repo::new();
    let output = repo.memlint(&["--fix", "--quiet"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(!stderr(&output).contains("Fixed"));
    assert_eq!(repo.read("src/lib.rs"), LIB_FIXED);
}

#[test]
fn allow_flags_need_fix() {
    let repo = Repo::new();
    let output = repo.memlint(&["--allow-dirty"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--fix"), "{}", stderr(&output));
}
