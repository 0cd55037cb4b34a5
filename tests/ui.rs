//! UI tests: every `ui-tests/<lint>/<case>.rs` is linted on its own and memlint's output
//! must match `<case>.stderr` beside it, byte for byte.
//!
//! Re-bless after an intended change with `SNAPSHOTS=overwrite cargo test --test ui`.
//! A case can pass extra flags on a line of its own: `//@ flags: -D warnings`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    tryfn::Harness::new("ui-tests", setup, run)
        .select(["*.rs"])
        .test();
}

fn setup(path: PathBuf) -> tryfn::Case {
    let name = path
        .strip_prefix("ui-tests")
        .unwrap_or(&path)
        .to_string_lossy()
        .replace('\\', "/");
    let expected = tryfn::Data::read_from(&path.with_extension("stderr"), None).raw();
    tryfn::Case {
        name,
        fixture: path,
        expected,
    }
}

fn run(path: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let source = std::fs::read_to_string(path)?;
    let flags: Vec<String> = source
        .lines()
        .filter_map(|l| l.trim().strip_prefix("//@ flags:"))
        .flat_map(|f| f.split_whitespace().map(str::to_string))
        .collect();
    let dir = path.parent().ok_or("case without a directory")?;
    let file = path.file_name().ok_or("case without a name")?;
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-memlint"))
        .current_dir(dir)
        .args(["--color", "never"])
        .args(&flags)
        .arg(file)
        .output()?;
    let code = output
        .status
        .code()
        .map_or("signal".to_string(), |c| c.to_string());
    let stderr = String::from_utf8(output.stderr)?;
    // The exit code is part of the expectation: a case that should fail must fail.
    Ok(if code == "0" {
        stderr
    } else {
        format!("{stderr}[exit code: {code}]\n")
    })
}
