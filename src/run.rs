//! One run: analyse every unit on a large-stack thread, apply lint levels (configured and
//! written in the source), sort, dedupe, and note where each lint's level came from.

use crate::discover::Workspace;
use memlint_lints::analysis::CrateReport;
use memlint_lints::analysis::analyse_crate;
use memlint_lints::context::Config;
use memlint_lints::diag::{Diagnostic, Level, Severity, Span};
use memlint_lints::lint::{LevelSource, LintLevels};
use memlint_lints::load::Helpers;
use memlint_lints::scope::CrateScopes;
use memlint_lints::source::SourceMap;
use memlint_lints::suppress::{self, AttrLevel};
use memlint_lints::timings::Timings;
use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use memlint_lints::ANALYSIS_STACK;

/// A finding ready to print: its unit (for JSON's package and target), the level it ended
/// up at and why, and on the first finding of each lint the note that says so.
pub struct Finding {
    pub diag: Diagnostic,
    pub unit: usize,
    pub level: Option<(Level, LevelSource)>,
    pub level_note: Option<String>,
}

pub struct Outcome {
    pub sources: SourceMap,
    pub findings: Vec<Finding>,
    /// Items and lint attributes of each unit's files.
    pub scopes: Vec<CrateScopes>,
    pub read_errors: Vec<String>,
    /// Time per phase, summed over units (`--timings`).
    pub timings: Timings,
}

/// How many units to analyse at once when `--jobs` does not say: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Analyses every unit, each with its own settings (`configs[unit]`), `jobs` at a time.
pub fn analyse(ws: &Workspace, configs: Vec<Config>, jobs: usize) -> Result<Outcome, String> {
    analyse_with(ws, configs, SourceMap::default(), jobs)
}

/// [`analyse`] for a process that exits once it has reported: the syntax trees of the unit
/// that finishes last are left to the exit instead of freed (regex-syntax alone: 4% of the
/// analysis). Not for a process that goes on working, which would keep that memory.
pub fn analyse_then_exit(
    ws: &Workspace,
    configs: Vec<Config>,
    jobs: usize,
) -> Result<Outcome, String> {
    run_units(ws, configs, SourceMap::default(), jobs, true)
}

/// [`analyse`], with files already in `sources` taken from there instead of the disk.
///
/// Units run in parallel, each analysed on one thread of a pool with large stacks, and
/// crates spread over the cores. [`crate::schedule`] decides which unit comes next
/// (largest first, not two big ones at once). A thread with no unit left to take parses
/// files of the units still loading ([`Helpers`]), so one large crate alone gets every
/// core for parsing. Each thread drops a crate's trees before taking the next.
pub fn analyse_with(
    ws: &Workspace,
    configs: Vec<Config>,
    sources: SourceMap,
    jobs: usize,
) -> Result<Outcome, String> {
    run_units(ws, configs, sources, jobs, false)
}

fn run_units(
    ws: &Workspace,
    configs: Vec<Config>,
    sources: SourceMap,
    jobs: usize,
    exiting: bool,
) -> Result<Outcome, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .stack_size(ANALYSIS_STACK)
        .thread_name(|i| format!("memlint-analysis-{i}"))
        .build()
        .map_err(|e| format!("cannot start the analysis threads: {e}"))?;
    let root = &ws.root;
    let queue = crate::schedule::Queue::new(ws);
    let fit = crate::allocator::fit_to(queue.total_bytes());
    let done: Vec<Mutex<Option<CrateReport>>> = ws.units.iter().map(|_| Mutex::new(None)).collect();
    let helpers = Helpers::new(ws.units.len());
    let unfinished = AtomicUsize::new(ws.units.len());
    // Asked once per unit as it ends: true for the last to end.
    let exit_after = || unfinished.fetch_sub(1, Ordering::SeqCst) == 1 && exiting;
    // A core is free for part of a unit's work: it is the last unfinished one, or another
    // thread has no unit that fits the memory budget beside those running.
    let core_free =
        || jobs > 1 && (unfinished.load(Ordering::SeqCst) == 1 || queue.has_idle_thread());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pool.scope(|s| {
            for _ in 0..jobs.max(1) {
                s.spawn(|_| {
                    // While no unit fits the memory budget, or before a small one beside
                    // big ones, parse files for the others.
                    while let Some(taken) = queue.take_or(|| helpers.help_now()) {
                        let unit = taken.unit;
                        let report = analyse_crate(
                            &ws.units[unit].roots,
                            &sources,
                            root,
                            &configs[unit],
                            Some(&helpers),
                            &exit_after,
                            &core_free,
                        );
                        *done[unit].lock().unwrap_or_else(|e| e.into_inner()) = Some(report);
                        if taken.is_big() && fit.gives_back {
                            crate::allocator::give_back();
                        }
                    }
                    // No unit left to take: parse files for those still loading.
                    helpers.help();
                });
            }
        })
    }))
    .map_err(|_| "internal error: an analysis thread panicked".to_string())?;
    let reports = done.into_iter().map(|slot| {
        slot.into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .expect("every unit is analysed")
    });
    let mut outcome = Outcome {
        sources,
        findings: Vec::new(),
        scopes: Vec::new(),
        read_errors: Vec::new(),
        timings: Timings::default(),
    };
    for (index, report) in reports.into_iter().enumerate() {
        outcome.read_errors.extend(report.read_errors);
        outcome.scopes.push(report.scopes);
        outcome.timings.merge(&report.timings);
        outcome
            .findings
            .extend(report.diagnostics.into_iter().map(|diag| Finding {
                diag,
                unit: index,
                level: None,
                level_note: None,
            }));
    }
    Ok(outcome)
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

/// Applies levels (`levels[unit]`, then the attributes around each finding), drops allowed
/// findings, reports `expect`s that caught nothing, drops duplicates (a file shared by two
/// targets) and sorts by package, file and position.
pub fn apply_levels(outcome: &mut Outcome, ws: &Workspace, levels: &[&LintLevels]) {
    let sources = &outcome.sources;
    let scopes = &outcome.scopes;
    let mut fulfilled: HashSet<Span> = HashSet::new();
    outcome.findings.retain_mut(|f| {
        let Some(lint) = f.diag.lint else { return true };
        let attrs = scopes[f.unit].level_attrs(f.diag.primary.span);
        let resolved = suppress::resolve(levels[f.unit], lint, &attrs, sources);
        fulfilled.extend(resolved.fulfils);
        f.diag.severity = resolved.level.severity();
        let shown = resolved.level != Level::Allow;
        f.level = Some((resolved.level, resolved.source));
        shown
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
    // Then findings that give way to another one that is shown.
    let yielding: Vec<bool> = outcome
        .findings
        .iter()
        .map(|f| {
            !f.diag.yields_to.is_empty()
                && outcome
                    .findings
                    .iter()
                    .any(|g| g.unit == f.unit && f.diag.yields_to(&g.diag))
        })
        .collect();
    let mut yielding = yielding.into_iter();
    outcome
        .findings
        .retain(|_| !yielding.next().unwrap_or(false));
    let mut reported = HashSet::new();
    for (unit, unit_scopes) in scopes.iter().enumerate() {
        for attr in unit_scopes.all_attrs() {
            let missed = attr.level == AttrLevel::Expect
                && !attr.via_clippy
                && !fulfilled.contains(&attr.span);
            if missed && reported.insert(attr.span) {
                outcome.findings.push(Finding {
                    diag: suppress::unfulfilled(attr),
                    unit,
                    level: None,
                    level_note: None,
                });
            }
        }
    }
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
}

/// Adds to the first finding of each lint the note that says where its level came from,
/// as rustc does once per lint and level source.
pub fn add_level_notes(findings: &mut [Finding]) {
    let mut noted = HashSet::new();
    for f in findings {
        let (Some(lint), Some((level, source))) = (f.diag.lint, &f.level) else {
            continue;
        };
        let note = source.note(lint, *level);
        if noted.insert((lint.name, note.clone())) {
            f.level_note = Some(note);
        }
    }
}

pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings
        .iter()
        .filter(|f| f.diag.severity == severity)
        .count()
}
