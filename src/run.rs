//! One run: analyse every unit on a large-stack thread, apply lint levels, sort, dedupe.

use crate::discover::Workspace;
use memlint_lints::analysis::analyse_crate;
use memlint_lints::context::Config;
use memlint_lints::diag::{Diagnostic, Level, Severity};
use memlint_lints::lint::{LevelSource, LintLevels};
use memlint_lints::source::SourceMap;
use std::collections::HashSet;

/// Parsing and walking recurse once per nesting level of the source; 1 GiB of address
/// space (committed only as it is touched) covers source nested tens of thousands deep.
const ANALYSIS_STACK: usize = 1 << 30;

/// A finding ready to print: its unit (for JSON's package and target) and, on the first
/// finding of each lint, the note that says where its level came from.
pub struct Finding {
    pub diag: Diagnostic,
    pub unit: usize,
    pub level_note: Option<String>,
}

pub struct Outcome {
    pub sources: SourceMap,
    pub findings: Vec<Finding>,
    pub read_errors: Vec<String>,
}

pub fn analyse(ws: &Workspace, config: &Config) -> Result<Outcome, String> {
    analyse_with(ws, config, SourceMap::default())
}

/// [`analyse`], with files already in `sources` taken from there instead of the disk.
pub fn analyse_with(
    ws: &Workspace,
    config: &Config,
    mut sources: SourceMap,
) -> Result<Outcome, String> {
    let units: Vec<_> = ws.units.iter().map(|u| u.roots.clone()).collect();
    let root = ws.root.clone();
    let config = config.clone();
    on_analysis_thread(move || {
        let mut findings = Vec::new();
        let mut read_errors = Vec::new();
        for (index, roots) in units.iter().enumerate() {
            let report = analyse_crate(roots, &mut sources, &root, &config);
            read_errors.extend(report.read_errors);
            findings.extend(report.diagnostics.into_iter().map(|diag| Finding {
                diag,
                unit: index,
                level_note: None,
            }));
        }
        Outcome {
            sources,
            findings,
            read_errors,
        }
    })
}

/// Runs `work` on a thread with a stack large enough for deeply nested source.
pub fn on_analysis_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    std::thread::Builder::new()
        .name("memlint-analysis".to_string())
        .stack_size(ANALYSIS_STACK)
        .spawn(work)
        .map_err(|e| format!("cannot start the analysis thread: {e}"))?
        .join()
        .map_err(|_| "internal error: the analysis thread panicked".to_string())
}

/// Applies levels, drops allowed findings and duplicates (a file shared by two targets),
/// sorts by package, file and position, and adds each lint's level note to its first finding.
pub fn finalize(outcome: &mut Outcome, ws: &Workspace, levels: &LintLevels) {
    let sources = &outcome.sources;
    outcome.findings.retain_mut(|f| match f.diag.lint {
        Some(lint) => {
            let (level, _) = levels.level(lint);
            f.diag.severity = level.severity();
            level != Level::Allow
        }
        None => true,
    });
    // After levels: a finding replaces another only if it is itself shown.
    let replacing: Vec<&Finding> = outcome
        .findings
        .iter()
        .filter(|f| !f.diag.supersedes.is_empty())
        .collect();
    let replaced: Vec<bool> = outcome
        .findings
        .iter()
        .map(|f| {
            replacing
                .iter()
                .any(|g| g.unit == f.unit && g.diag.supersedes(&f.diag))
        })
        .collect();
    let mut replaced = replaced.into_iter();
    outcome
        .findings
        .retain(|_| !replaced.next().unwrap_or(false));
    outcome.findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            let file = sources.get(f.diag.file());
            (
                ws.units[f.unit].package.name.clone(),
                file.display.clone(),
                f.diag.primary.span.lo,
                f.diag.primary.span.hi,
                f.diag.lint.map(|l| l.name),
                f.diag.message.clone(),
            )
        };
        key(a).cmp(&key(b)).then(a.unit.cmp(&b.unit))
    });
    let mut seen = HashSet::new();
    outcome.findings.retain(|f| {
        seen.insert((
            f.diag.primary.span,
            f.diag.lint.map(|l| l.name),
            f.diag.message.clone(),
        ))
    });
    let mut noted = HashSet::new();
    for f in &mut outcome.findings {
        let Some(lint) = f.diag.lint else { continue };
        if !noted.insert(lint.name) {
            continue;
        }
        let (level, source) = levels.level(lint);
        let name = lint.qualified_name();
        f.level_note = Some(match source {
            LevelSource::Default => format!("`#[{}({name})]` on by default", level.as_str()),
            LevelSource::CommandLine { flag } => {
                format!("requested on the command line with `{flag}`")
            }
            LevelSource::Warnings => format!("`-D {name}` implied by `-D warnings`"),
        });
    }
}

pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings
        .iter()
        .filter(|f| f.diag.severity == severity)
        .count()
}
