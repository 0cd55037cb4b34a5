//! Scratch projects for the integration tests, and running the binary on them.

#![allow(dead_code)] // each test file uses its own part of this

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Project {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Project {
    pub fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A one-package crate named `demo` with `lib` as `src/lib.rs`.
    pub fn krate(lib: &str) -> Project {
        let p = Project::new();
        p.file("Cargo.toml", &manifest("demo", ""));
        p.file("src/lib.rs", lib);
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(relative)).unwrap()
    }

    pub fn memlint(&self, args: &[&str]) -> Run {
        self.memlint_in(".", args)
    }

    pub fn memlint_in(&self, dir: &str, args: &[&str]) -> Run {
        let mut all = vec!["--color", "never"];
        all.extend_from_slice(args);
        self.run_in(dir, &all)
    }

    /// The binary with exactly `args`, as cargo or rust-analyzer would call it.
    pub fn memlint_raw(&self, args: &[&str]) -> Run {
        self.run_in(".", args)
    }

    fn run_in(&self, dir: &str, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_cargo-memlint"))
            .current_dir(self.dir.path().join(dir))
            .args(args)
            .env_remove("GITHUB_WORKSPACE")
            .output()
            .expect("run cargo-memlint");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

/// A package manifest with `extra` appended.
pub fn manifest(name: &str, extra: &str) -> String {
    format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n{extra}")
}

/// A function holding an array of `kib` KiB on the stack.
pub fn array_fn(name: &str, kib: u32) -> String {
    format!("pub fn {name}() -> u8 {{\n    let buf = [0u8; {kib} * 1024];\n    buf[0]\n}}\n")
}
