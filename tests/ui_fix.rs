//! `--fix` on the UI cases. A case marked `//@ run-fix` is copied to a temporary directory,
//! fixed, and must come out as `<case>.fixed` beside it; fixing it a second time must change
//! nothing. Every other case must come out of `--fix` unchanged: its suggestions are not
//! machine-applicable, or it has none.
//!
//! Re-bless after an intended change with `SNAPSHOTS=overwrite cargo test --test ui_fix`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    tryfn::Harness::new("ui-tests", setup, run)
        .select(["*.rs"])
        .test();
}

fn runs_fix(source: &str) -> bool {
    source.lines().any(|l| l.trim() == "//@ run-fix")
}

fn setup(path: PathBuf) -> tryfn::Case {
    let name = path
        .strip_prefix("ui-tests")
        .unwrap_or(&path)
        .to_string_lossy()
        .replace('\\', "/");
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    // A case without fixes is expected back as it is: the case file itself. `run` never
    // returns anything else for it, so blessing cannot overwrite the case.
    let expected_path = if runs_fix(&source) {
        path.with_extension("fixed")
    } else {
        path.clone()
    };
    tryfn::Case {
        name: format!("{name} --fix"),
        fixture: path,
        expected: tryfn::Data::read_from(&expected_path, None).raw(),
    }
}

fn run(path: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let source = std::fs::read_to_string(path)?;
    let flags: Vec<String> = source
        .lines()
        .filter_map(|l| l.trim().strip_prefix("//@ flags:"))
        .flat_map(|f| f.split_whitespace().map(str::to_string))
        .collect();
    let file = path.file_name().ok_or("case without a name")?;
    let dir = tempfile::tempdir()?;
    let copy = dir.path().join(file);
    std::fs::write(&copy, &source)?;
    let fix = || -> Result<String, Box<dyn std::error::Error>> {
        let output = Command::new(env!("CARGO_BIN_EXE_cargo-memlint"))
            .current_dir(dir.path())
            .args([
                "--color",
                "never",
                "--fix",
                "--allow-no-vcs",
                "--allow-dirty",
            ])
            .args(&flags)
            .arg(file)
            .output()?;
        if output.status.code() == Some(2) {
            return Err(format!(
                "`--fix` failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Ok(std::fs::read_to_string(&copy)?)
    };
    let fixed = fix()?;
    if !runs_fix(&source) {
        if fixed != source {
            return Err(format!("`--fix` changed a case without `//@ run-fix`:\n{fixed}").into());
        }
        return Ok(fixed);
    }
    let again = fix()?;
    if again != fixed {
        return Err(format!("a second `--fix` changed the fixed file again:\n{again}").into());
    }
    Ok(fixed)
}
