//! What git says about a file `--fix` wants to change: whether its current content is
//! committed, so that the fix can be reviewed and undone with git, as `cargo fix` requires.

use std::path::Path;
use std::process::Command;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileState {
    /// Committed as it is.
    Clean,
    /// Changes in the index only.
    Staged,
    /// Changes in the working tree (staged ones too, possibly).
    Dirty,
    /// Not tracked, or ignored.
    Untracked,
    /// No git repository holds it (or git could not be run): the reason.
    NoRepository(String),
}

impl FileState {
    /// How the state is shown in the list of files `--fix` refuses.
    pub fn describe(&self) -> &str {
        match self {
            FileState::Clean => "clean",
            FileState::Staged => "staged",
            FileState::Dirty => "dirty",
            FileState::Untracked => "untracked",
            FileState::NoRepository(_) => "not in a git repository",
        }
    }
}

/// The git state of one file, asked of the repository that holds it.
pub fn state(path: &Path) -> FileState {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return FileState::NoRepository(format!("`{}` is not a file", path.display()));
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "--literal-pathspecs",
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--ignored=matching",
            "--",
        ])
        .arg(name)
        .output();
    let output = match output {
        Ok(output) => output,
        Err(err) => return FileState::NoRepository(format!("cannot run git: {err}")),
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr.lines().next().unwrap_or("git status failed").trim();
        return FileState::NoRepository(reason.to_string());
    }
    parse_porcelain(&output.stdout)
}

/// The state of the one file `git status --porcelain=v1 -z -- FILE` lists, from its `XY`
/// code: X is the index, Y the working tree.
fn parse_porcelain(out: &[u8]) -> FileState {
    let Some(entry) = out.split(|&b| b == 0).find(|e| e.len() >= 3) else {
        return FileState::Clean;
    };
    match (entry[0], entry[1]) {
        (b'?', b'?') | (b'!', b'!') => FileState::Untracked,
        (_, y) if y != b' ' => FileState::Dirty,
        _ => FileState::Staged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porcelain_codes() {
        assert_eq!(parse_porcelain(b""), FileState::Clean);
        assert_eq!(parse_porcelain(b" M src/lib.rs\0"), FileState::Dirty);
        assert_eq!(parse_porcelain(b"MM src/lib.rs\0"), FileState::Dirty);
        assert_eq!(parse_porcelain(b"M  src/lib.rs\0"), FileState::Staged);
        assert_eq!(parse_porcelain(b"A  src/lib.rs\0"), FileState::Staged);
        assert_eq!(parse_porcelain(b"R  new.rs\0old.rs\0"), FileState::Staged);
        assert_eq!(parse_porcelain(b"?? src/new.rs\0"), FileState::Untracked);
        assert_eq!(parse_porcelain(b"!! target/gen.rs\0"), FileState::Untracked);
    }
}
