//! `--fix`: applies every machine-applicable suggestion of every lint, as `cargo clippy --fix`
//! does, then reports what is left.
//!
//! Safety rules, in the order they apply:
//! - files whose current content is not committed in git are refused unless the user says
//!   so (`--allow-dirty`, `--allow-staged`, `--allow-no-vcs`), and nothing is written then;
//! - a file that changed on disk since it was read is skipped;
//! - the fixed text must parse, or the file is left as it was and the error shown;
//! - files are replaced atomically: a temporary file in the same directory, with the
//!   original's permissions, renamed over it. A crash leaves the old or the new file.

use crate::discover::Workspace;
use crate::run::{self, Outcome};
use crate::vcs::{self, FileState};
use memlint_lints::context::Config;
use memlint_lints::diag::Applicability;
use memlint_lints::lint::LintLevels;
use memlint_lints::parse::parse_file;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What the user allows `--fix` to overwrite.
#[derive(Clone, Copy, Debug, Default)]
pub struct Permissions {
    /// Files with uncommitted changes (staged ones included), untracked and ignored files.
    pub allow_dirty: bool,
    /// Files whose changes are staged but not committed.
    pub allow_staged: bool,
    /// Files outside any git repository.
    pub allow_no_vcs: bool,
}

impl Permissions {
    fn allows(&self, state: &FileState) -> bool {
        match state {
            FileState::Clean => true,
            FileState::Staged => self.allow_staged || self.allow_dirty,
            FileState::Dirty | FileState::Untracked => self.allow_dirty,
            FileState::NoRepository(_) => self.allow_no_vcs,
        }
    }
}

/// Fixing can make room for more fixes (suggestions that overlapped): analyse again, up to
/// this many times, as rustfix does.
const MAX_PASSES: usize = 4;

/// How status lines look: coloured or not, shown or not (`--quiet`). Errors always show.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub quiet: bool,
}

pub struct FixRun {
    /// The findings left after fixing, to print.
    pub outcome: Outcome,
    /// Whether some file could not be fixed (an error was printed for it).
    pub failed: bool,
}

/// One replacement in a file: bytes `lo..hi` become `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edit {
    pub lo: usize,
    pub hi: usize,
    pub replacement: String,
}

/// The edits for one file, against the text memlint analysed.
struct FilePlan {
    path: PathBuf,
    display: String,
    text: String,
    edits: Vec<Edit>,
}

/// Analyses, applies the machine-applicable suggestions, and analyses again until nothing
/// is left to fix. Status lines (`Fixed src/lib.rs (2 fixes)`) and per-file errors go to
/// `status`. `Err` is a refusal (uncommitted changes) or an error that stops the run.
pub fn run(
    ws: &Workspace,
    configs: &[Config],
    levels: &[&LintLevels],
    permissions: Permissions,
    status: &mut dyn Write,
    style: Style,
    jobs: usize,
) -> Result<FixRun, String> {
    let analyse = || -> Result<Outcome, String> {
        let mut outcome = run::analyse(ws, configs.to_vec(), jobs)?;
        run::apply_levels(&mut outcome, ws, levels);
        Ok(outcome)
    };
    let mut outcome = analyse()?;
    let mut vetted: HashSet<PathBuf> = HashSet::new();
    let mut skipped: HashSet<PathBuf> = HashSet::new();
    let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
    let mut failed = false;
    let mut refusal = None;
    for _ in 0..MAX_PASSES {
        let plans: Vec<FilePlan> = plan(&outcome)
            .into_iter()
            .filter(|p| !skipped.contains(&p.path))
            .collect();
        if plans.is_empty() {
            break;
        }
        if let Err(message) = check_states(&plans, permissions, &mut vetted) {
            refusal = Some(message);
            break;
        }
        let results = run::on_analysis_thread(move || {
            plans
                .into_iter()
                .map(|plan| {
                    let result = apply(&plan);
                    (plan.path, plan.display, result)
                })
                .collect::<Vec<_>>()
        })?;
        let mut changed = false;
        for (path, display, result) in results {
            match result {
                Ok(count) => {
                    changed = true;
                    *fixed.entry(display).or_default() += count;
                }
                Err(message) => {
                    failed = true;
                    skipped.insert(path);
                    writeln!(status, "{}: {message}", paint("error", ERROR, style.color))
                        .map_err(|e| format!("cannot write the output: {e}"))?;
                }
            }
        }
        if !changed {
            break;
        }
        outcome = analyse()?;
    }
    for (display, count) in fixed.iter().filter(|_| !style.quiet) {
        let fixes = if *count == 1 { "fix" } else { "fixes" };
        // cargo's status lines: the verb right-aligned in 12 columns.
        let verb = paint(&format!("{:>12}", "Fixed"), FIXED, style.color);
        writeln!(status, "{verb} {display} ({count} {fixes})")
            .map_err(|e| format!("cannot write the output: {e}"))?;
    }
    match refusal {
        Some(message) => Err(message),
        None => Ok(FixRun { outcome, failed }),
    }
}

/// The machine-applicable suggestions of the findings, by file, in order, without overlaps
/// (a later pass gets the ones left out).
fn plan(outcome: &Outcome) -> Vec<FilePlan> {
    let mut by_file: BTreeMap<u32, Vec<Edit>> = BTreeMap::new();
    for finding in &outcome.findings {
        for child in &finding.diag.children {
            let Some(s) = &child.suggestion else { continue };
            if s.applicability != Applicability::MachineApplicable {
                continue;
            }
            by_file.entry(s.span.file.0).or_default().push(Edit {
                lo: s.span.lo,
                hi: s.span.hi,
                replacement: s.replacement.clone(),
            });
        }
    }
    by_file
        .into_iter()
        .filter_map(|(id, edits)| {
            let file = outcome.sources.get(memlint_lints::source::FileId(id));
            let edits = disjoint(edits, &file.text);
            (!edits.is_empty()).then(|| FilePlan {
                path: file.path.clone(),
                display: file.display.clone(),
                text: file.text.clone(),
                edits,
            })
        })
        .collect()
}

/// Sorted, without duplicates, without edits that overlap an earlier one or do not fall on
/// character boundaries of `text`.
pub fn disjoint(mut edits: Vec<Edit>, text: &str) -> Vec<Edit> {
    edits.sort();
    edits.dedup();
    let mut out: Vec<Edit> = Vec::new();
    for edit in edits {
        let in_text = edit.lo <= edit.hi
            && edit.hi <= text.len()
            && text.is_char_boundary(edit.lo)
            && text.is_char_boundary(edit.hi);
        let after_last = out.last().is_none_or(|last| edit.lo >= last.hi);
        if in_text && after_last {
            out.push(edit);
        }
    }
    out
}

/// `text` with `edits` (sorted and disjoint) applied.
pub fn splice(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.lo]);
        out.push_str(&edit.replacement);
        at = edit.hi;
    }
    out.push_str(&text[at..]);
    out
}

/// Refuses the run if a file to fix is not committed (and the user did not allow it).
/// Files already checked (fixed by an earlier pass) are not asked about again.
fn check_states(
    plans: &[FilePlan],
    permissions: Permissions,
    vetted: &mut HashSet<PathBuf>,
) -> Result<(), String> {
    let mut refused: Vec<(String, FileState)> = Vec::new();
    for plan in plans {
        if vetted.contains(&plan.path) {
            continue;
        }
        let target = std::fs::canonicalize(&plan.path).unwrap_or_else(|_| plan.path.clone());
        let state = vcs::state(&target);
        if permissions.allows(&state) {
            vetted.insert(plan.path.clone());
        } else {
            refused.push((plan.display.clone(), state));
        }
    }
    if refused.is_empty() {
        return Ok(());
    }
    // cargo fix's wording, so that the message reads the same to users of both.
    let (no_repo, uncommitted): (Vec<_>, Vec<_>) = refused
        .iter()
        .partition(|(_, s)| matches!(s, FileState::NoRepository(_)));
    let mut sections = Vec::new();
    if !uncommitted.is_empty() {
        let flag = if uncommitted.iter().all(|(_, s)| *s == FileState::Staged) {
            "`--allow-staged`"
        } else {
            "`--allow-dirty`"
        };
        let mut section = format!(
            "these files have uncommitted changes, and `cargo memlint --fix` can potentially \
             perform destructive changes; if you'd like to suppress this error pass {flag}, or \
             commit the changes to these files:\n\n"
        );
        for (display, state) in &uncommitted {
            section.push_str(&format!("  * {display} ({})\n", state.describe()));
        }
        sections.push(section);
    }
    if !no_repo.is_empty() {
        let mut section = String::from(
            "no git repository holds these files, and `cargo memlint --fix` can potentially \
             perform destructive changes; if you'd like to suppress this error pass \
             `--allow-no-vcs`:\n\n",
        );
        for (display, _) in &no_repo {
            section.push_str(&format!("  * {display}\n"));
        }
        if let Some((_, FileState::NoRepository(reason))) = no_repo.first() {
            section.push_str(&format!("\n(git said: {reason})\n"));
        }
        sections.push(section);
    }
    let message = sections.join("\n").trim_end().to_string();
    Err(message)
}

/// Applies one file's edits: checks it did not change since it was read, that the result
/// parses, and replaces it atomically. Returns the number of edits applied.
fn apply(plan: &FilePlan) -> Result<usize, String> {
    let shown = &plan.display;
    let current = std::fs::read(&plan.path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    if current != plan.text.as_bytes() {
        return Err(format!(
            "`{shown}` changed while memlint was running; it was not fixed"
        ));
    }
    let fixed = splice(&plan.text, &plan.edits);
    if fixed == plan.text {
        return Ok(0);
    }
    if let Err(err) = parse_file(&fixed) {
        return Err(format!(
            "the fixes for `{shown}` would not parse ({}); the file was left as it was",
            err.message
        ));
    }
    write_atomically(&plan.path, fixed.as_bytes())
        .map_err(|e| format!("cannot write `{shown}`: {e}; the file was left as it was"))?;
    Ok(plan.edits.len())
}

/// Replaces the file at `path` (through symlinks: the file, not the link) with `contents`:
/// written to a temporary file beside it with the same permissions, flushed to disk, then
/// renamed over it.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target
        .parent()
        .ok_or_else(|| std::io::Error::other("the file has no directory"))?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".memlint-fix-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    // The rename itself is durable once the directory is flushed (where that is possible).
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

const FIXED: &str = "\x1b[1m\x1b[92m";
const ERROR: &str = "\x1b[1m\x1b[91m";

fn paint(text: &str, colour: &str, styled: bool) -> String {
    if styled {
        format!("{colour}{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(lo: usize, hi: usize, replacement: &str) -> Edit {
        Edit {
            lo,
            hi,
            replacement: replacement.to_string(),
        }
    }

    #[test]
    fn overlapping_and_duplicate_edits_are_dropped() {
        let text = "let v = Vec::new();";
        let edits = disjoint(
            vec![
                edit(8, 18, "A"),
                edit(8, 18, "A"),
                edit(10, 12, "B"),
                edit(0, 3, "C"),
            ],
            text,
        );
        assert_eq!(edits, [edit(0, 3, "C"), edit(8, 18, "A")]);
        assert_eq!(splice(text, &edits), "C v = A;");
    }

    #[test]
    fn edits_outside_the_text_or_inside_a_char_are_dropped() {
        let text = "é";
        assert!(disjoint(vec![edit(1, 2, "x"), edit(0, 9, "y")], text).is_empty());
    }

    fn plan_for(path: &Path, text: &str, edits: Vec<Edit>) -> FilePlan {
        FilePlan {
            path: path.to_path_buf(),
            display: "lib.rs".to_string(),
            text: text.to_string(),
            edits,
        }
    }

    #[test]
    fn a_fix_that_does_not_parse_leaves_the_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.rs");
        let text = "fn f() { let v = Vec::new(); }\n";
        std::fs::write(&path, text).unwrap();
        let err = apply(&plan_for(
            &path,
            text,
            vec![edit(17, 27, "Vec::with_capacity(")],
        ))
        .unwrap_err();
        assert!(err.contains("would not parse"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.rs");
        std::fs::write(&path, "fn f() {}\n").unwrap();
        let err = apply(&plan_for(&path, "fn g() {}\n", vec![edit(3, 4, "h")])).unwrap_err();
        assert!(err.contains("changed while memlint was running"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fn f() {}\n");
    }

    #[cfg(unix)]
    #[test]
    fn writes_keep_permissions_and_replace_the_symlink_target() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.rs");
        let link = dir.path().join("link.rs");
        std::fs::write(&real, "fn f() {}\n").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"fn g() {}\n").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "fn g() {}\n");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
