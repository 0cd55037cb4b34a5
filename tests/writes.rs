//! memlint writes files only for `--fix` and `--write-baseline`, and atomically: killed at
//! any moment, each file it may write is wholly old or wholly new. Kills land at sampled
//! moments, most of them while files are being written; that each file is replaced by a
//! rename (never rewritten in place) is checked on every complete run.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-memlint");

/// A module of `n` functions that `--fix` rewrites (`Vec::new()` -> `Vec::with_capacity(n)`).
fn fixable(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "pub fn f{i}(n: usize) -> Vec<usize> {{\n    let mut out = Vec::new();\n    \
                 for i in 0..n {{\n        out.push(i * {i});\n    }}\n    out\n}}\n\n"
            )
        })
        .collect()
}

const MODULES: [&str; 3] = ["a", "b", "c"];

fn package(dir: &Path, functions: usize) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"big\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), "mod a;\nmod b;\nmod c;\n").unwrap();
    for m in MODULES {
        std::fs::write(dir.join(format!("src/{m}.rs")), fixable(functions)).unwrap();
    }
}

fn memlint(dir: &Path, args: &[&str]) -> std::process::Child {
    Command::new(BIN)
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Runs to the end, watching `watched`: how long the run took, and when the first and the
/// last of those files changed.
fn run_through(dir: &Path, args: &[&str], watched: &[PathBuf]) -> (Duration, Duration, Duration) {
    let stamp = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let before: Vec<_> = watched.iter().map(stamp).collect();
    let mut changed: Vec<Option<Duration>> = vec![None; watched.len()];
    let mut child = memlint(dir, args);
    let start = Instant::now();
    let status = loop {
        for (i, p) in watched.iter().enumerate() {
            if changed[i].is_none() && stamp(p) != before[i] {
                changed[i] = Some(start.elapsed());
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_micros(500));
    };
    let full = start.elapsed();
    assert!(status.success(), "{args:?} failed in {}", dir.display());
    let changed: Vec<Duration> = changed.into_iter().map(|c| c.unwrap_or(full)).collect();
    let first = changed.iter().min().copied().unwrap_or(full);
    let last = changed.iter().max().copied().unwrap_or(full);
    (full, first, last)
}

/// Runs, and kills the process with SIGKILL after `after` (if it is still running).
fn run_killed(dir: &Path, args: &[&str], after: Duration) {
    let mut child = memlint(dir, args);
    let start = Instant::now();
    while start.elapsed() < after {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Kill times: a few over the whole run, most around the time the reference run wrote its
/// files (timing varies between runs, so a margin either side).
fn kill_times((full, first, last): (Duration, Duration, Duration)) -> Vec<Duration> {
    let margin = Duration::from_millis(60);
    let from = first.saturating_sub(margin);
    let span = (last + margin).saturating_sub(from);
    let mut times: Vec<Duration> = (0..5).map(|k| full * k / 5).collect();
    times.extend((0..15).map(|k| from + span * k / 14));
    times
}

/// Runs and kills are timed against each other: one test at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Opens `path` now, to read later what it held when opened: a file replaced by a rename
/// keeps its old content under the old handle, a file rewritten in place does not.
fn hold(path: &Path) -> (std::fs::File, u64) {
    use std::os::unix::fs::MetadataExt;
    let file = std::fs::File::open(path).unwrap();
    let inode = file.metadata().unwrap().ino();
    (file, inode)
}

fn replaced_not_rewritten(held: (std::fs::File, u64), path: &Path, old: &str) {
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;
    let (mut file, inode) = held;
    let mut before = String::new();
    file.read_to_string(&mut before).unwrap();
    assert_eq!(before, old, "{} was rewritten in place", path.display());
    assert_ne!(
        std::fs::metadata(path).unwrap().ino(),
        inode,
        "{} was not replaced",
        path.display()
    );
}

fn copy_of(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst.join("src")).unwrap();
    for entry in [
        "Cargo.toml",
        "src/lib.rs",
        "src/a.rs",
        "src/b.rs",
        "src/c.rs",
    ] {
        std::fs::copy(src.join(entry), dst.join(entry)).unwrap();
    }
}

/// Files in `dir` other than `expected`: what a killed run left behind.
fn leftovers(dir: &Path, expected: &[&str]) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !expected.iter().any(|e| p.file_name().unwrap() == *e))
        .collect()
}

#[test]
fn fix_killed_at_any_moment_leaves_each_file_old_or_new() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let original = tmp.path().join("original");
    package(&original, 300);
    let old: Vec<String> = MODULES
        .iter()
        .map(|m| std::fs::read_to_string(original.join(format!("src/{m}.rs"))).unwrap())
        .collect();
    let args = ["--fix", "--allow-no-vcs"];

    let reference = tmp.path().join("reference");
    copy_of(&original, &reference);
    let watched: Vec<PathBuf> = MODULES
        .iter()
        .map(|m| reference.join(format!("src/{m}.rs")))
        .collect();
    let held: Vec<_> = watched.iter().map(|p| hold(p)).collect();
    let timing = run_through(&reference, &args, &watched);
    let new: Vec<String> = MODULES
        .iter()
        .map(|m| std::fs::read_to_string(reference.join(format!("src/{m}.rs"))).unwrap())
        .collect();
    assert!(
        old.iter().zip(&new).all(|(o, n)| o != n),
        "--fix changed nothing"
    );
    for ((held, path), old) in held.into_iter().zip(&watched).zip(&old) {
        replaced_not_rewritten(held, path, old);
    }

    let (mut untouched, mut partly, mut done) = (0, 0, 0);
    for (run, after) in kill_times(timing).into_iter().enumerate() {
        let dir = tmp.path().join(format!("run{run}"));
        copy_of(&original, &dir);
        run_killed(&dir, &args, after);
        let mut fixed = 0;
        for (i, m) in MODULES.iter().enumerate() {
            let now = std::fs::read_to_string(dir.join(format!("src/{m}.rs"))).unwrap();
            assert!(
                now == old[i] || now == new[i],
                "src/{m}.rs is neither old nor new after a kill at {after:?} ({} bytes)",
                now.len()
            );
            fixed += usize::from(now == new[i]);
        }
        match fixed {
            0 => untouched += 1,
            3 => done += 1,
            _ => partly += 1,
        }
        // A temporary file may survive SIGKILL; it must never be taken for source.
        for left in leftovers(&dir.join("src"), &["lib.rs", "a.rs", "b.rs", "c.rs"]) {
            let name = left.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                name.starts_with(".memlint-fix-") && !name.ends_with(".rs"),
                "{name} left in src/"
            );
        }
    }
    eprintln!(
        "--fix killed at 20 moments (run {:?}, writes at {:?}..{:?}): {untouched} wrote nothing, \
         {partly} wrote some files, {done} wrote all",
        timing.0, timing.1, timing.2
    );
}

#[test]
fn write_baseline_killed_at_any_moment_leaves_the_old_or_the_new_baseline() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let original = tmp.path().join("original");
    package(&original, 300);
    let args = ["--write-baseline", "memlint-baseline.json"];
    // The old baseline: of the package with one module less.
    std::fs::write(original.join("src/lib.rs"), "mod a;\nmod b;\n").unwrap();
    run_through(&original, &args, &[]);
    std::fs::write(original.join("src/lib.rs"), "mod a;\nmod b;\nmod c;\n").unwrap();
    let old = std::fs::read_to_string(original.join("memlint-baseline.json")).unwrap();

    let reference = tmp.path().join("reference");
    copy_of(&original, &reference);
    std::fs::copy(
        original.join("memlint-baseline.json"),
        reference.join("memlint-baseline.json"),
    )
    .unwrap();
    let baseline = reference.join("memlint-baseline.json");
    let held = hold(&baseline);
    let timing = run_through(&reference, &args, std::slice::from_ref(&baseline));
    let new = std::fs::read_to_string(&baseline).unwrap();
    assert_ne!(old, new, "the baseline did not change");
    replaced_not_rewritten(held, &baseline, &old);

    let (mut old_left, mut new_left) = (0, 0);
    for (run, after) in kill_times(timing).into_iter().enumerate() {
        let dir = tmp.path().join(format!("run{run}"));
        copy_of(&original, &dir);
        std::fs::copy(
            original.join("memlint-baseline.json"),
            dir.join("memlint-baseline.json"),
        )
        .unwrap();
        run_killed(&dir, &args, after);
        let now = std::fs::read_to_string(dir.join("memlint-baseline.json")).unwrap();
        assert!(
            now == old || now == new,
            "the baseline is neither old nor new after a kill at {after:?} ({} bytes)",
            now.len()
        );
        if now == old {
            old_left += 1;
        } else {
            new_left += 1;
        }
    }
    eprintln!(
        "--write-baseline killed at 20 moments (run {:?}, write at {:?}): {old_left} left the \
         old baseline, {new_left} the new one",
        timing.0, timing.1
    );
}

/// Every file under `dir`, with its length and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                found.push((entry.path(), meta.len(), meta.modified().unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn linting_and_printing_write_nothing() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    package(&dir, 20);
    let before = snapshot(tmp.path());
    for args in [
        &[][..],
        &["--message-format=short"],
        &["--message-format=json"],
        &["--message-format=sarif"],
        &["--message-format=github"],
        &["--print", "type-sizes"],
        &["--print", "files"],
        &["-D", "warnings"],
    ] {
        let status = memlint(&dir, args).wait().unwrap();
        assert!(matches!(status.code(), Some(0 | 1)), "{args:?}: {status}");
        assert_eq!(snapshot(tmp.path()), before, "{args:?} wrote something");
    }
}
