//! One crate from root files to diagnostics.

use crate::context::{Config, LintContext};
use crate::diag::Diagnostic;
use crate::load::{CrateRoots, Helpers, Loader};
use crate::model::CrateModel;
use crate::scope::CrateScopes;
use crate::source::SourceMap;
use crate::timings::Timings;
use std::path::Path;

/// The findings for one crate, and the files that could not be read.
pub struct CrateReport {
    /// Every finding, each with its item path; lint levels are not applied yet.
    pub diagnostics: Vec<Diagnostic>,
    /// Items and lint attributes of the crate's files, to apply in-source levels with.
    pub scopes: CrateScopes,
    pub read_errors: Vec<String>,
    pub files: usize,
    /// Where the time went, phase by phase (`--timings`).
    pub timings: Timings,
}

/// Loads, models and lints one crate.
///
/// Must run on a thread with a large stack: parsing and walking deeply nested source
/// recurses. Syntax trees are dropped here before returning, with this thread's span table:
/// their spans only mean something on this thread.
///
/// With `helpers`, idle threads parse files of the crate too ([`Helpers`]). `exit_after`
/// is asked once, when the crate is done: true if the process exits after this crate with
/// nothing else running, so that freeing its trees would be wasted time. `core_free` is asked
/// once, after the model is built: true if a thread has no crate to analyse (none is left,
/// or none fits the memory budget), so that a thread of its own for part of the lints
/// would find a core free.
pub fn analyse_crate<'s>(
    roots: &CrateRoots,
    sources: &'s SourceMap,
    display_base: &'s Path,
    config: &Config,
    helpers: Option<&Helpers<'s>>,
    exit_after: &dyn Fn() -> bool,
    core_free: &dyn Fn() -> bool,
) -> CrateReport {
    let mut loaded = Loader {
        sources,
        display_base,
    }
    .load_with(roots, helpers);
    let mut timings = std::mem::take(&mut loaded.timings);
    let model = timings.time("model", || {
        CrateModel::build(&loaded.files, &roots.cfg, sources)
    });
    let mut diagnostics = loaded.diagnostics;
    let cx = LintContext {
        files: &loaded.files,
        model: &model,
        sources,
        config,
    };
    let macro_bodies = crate::macro_bodies::Cache::enter();
    let source_bytes = loaded.files.iter().map(|f| sources.get(f.file).text.len());
    let spare_thread = core_free() && model_copy_fits(source_bytes.sum());
    let mut scopes = crate::lints::check_crate(
        &cx,
        &loaded.unparsed,
        &mut diagnostics,
        &mut timings,
        spare_thread,
    );
    drop(macro_bodies);
    for diag in &mut diagnostics {
        diag.item_path = scopes.item_path(diag.primary.span);
    }
    scopes.keep_only_attrs();
    let files = loaded.files.len();
    if exit_after() {
        // As rustc leaves its arenas: the memory goes back with the process, at once.
        std::mem::forget(loaded.files);
        std::mem::forget(model);
    } else {
        timings.time("drop syntax trees", || {
            drop(loaded.files);
            drop(model);
            // Spans are resolved to byte offsets by now; proc-macro2's per-thread table of
            // source text can go, or it would grow with every crate of a large workspace.
            proc_macro2::extra::invalidate_current_thread_spans();
        });
    }
    CrateReport {
        diagnostics,
        scopes,
        read_errors: loaded.read_errors,
        files,
        timings,
    }
}

/// Whether a crate of this much source may have the copy of its model that a second thread
/// for its lints takes ([`crate::lints::check_crate`]). A model takes up to about 6 bytes per
/// byte of source (windows-sys, 21.5 MB read whole: 125 MB; the copy raised the run's peak
/// from 996 MB to 1,088 MB); past the limit the lints run on the crate's thread, as they do
/// when other crates are running.
fn model_copy_fits(source_bytes: usize) -> bool {
    source_bytes <= SPARE_THREAD_SOURCE_LIMIT
}

/// At most about 50 MB for the copy. regex-syntax, 1.7 MB, is well within.
const SPARE_THREAD_SOURCE_LIMIT: usize = 8 << 20;

/// Loads and models one crate, runs `query` on it, then drops its syntax trees (on this
/// thread, which parsed them). Returns the answer and the files that could not be read.
fn query_crate<T>(
    roots: &CrateRoots,
    sources: &SourceMap,
    display_base: &Path,
    config: &Config,
    query: impl FnOnce(&LintContext) -> T,
) -> (T, Vec<String>) {
    let loaded = Loader {
        sources,
        display_base,
    }
    .load(roots);
    let model = CrateModel::build(&loaded.files, &roots.cfg, sources);
    let macro_bodies = crate::macro_bodies::Cache::enter();
    let answer = query(&LintContext {
        files: &loaded.files,
        model: &model,
        sources,
        config,
    });
    drop(macro_bodies);
    drop(loaded.files);
    proc_macro2::extra::invalidate_current_thread_spans();
    (answer, loaded.read_errors)
}

/// The sizes memlint gives one crate's types (`--print type-sizes`), and the files that could
/// not be read. Runs on a large-stack thread, as [`analyse_crate`] does.
pub fn crate_type_sizes(
    roots: &CrateRoots,
    sources: &SourceMap,
    display_base: &Path,
) -> (Vec<crate::type_sizes::TypeSize>, Vec<String>) {
    query_crate(roots, sources, display_base, &Config::default(), |cx| {
        crate::type_sizes::type_sizes(cx.model, &roots.name)
    })
}

/// The call graph of one crate and what memlint derives from it (`--print call-graph`,
/// `--print stack-budget`), and the files that could not be read. Runs on a large-stack
/// thread, as [`analyse_crate`] does. Spans point into `sources`.
pub fn crate_call_graph(
    roots: &CrateRoots,
    sources: &SourceMap,
    display_base: &Path,
    config: &Config,
) -> (crate::callgraph::Analysis, Vec<String>) {
    query_crate(roots, sources, display_base, config, |cx| {
        let frames = crate::frames::estimate(cx);
        crate::callgraph::Analysis::build(cx, &frames)
    })
}

/// The frame estimate of every body of one crate (`--print frames`), and the files that
/// could not be read. Runs on a large-stack thread, as [`analyse_crate`] does.
pub fn crate_frames(
    roots: &CrateRoots,
    sources: &SourceMap,
    display_base: &Path,
    config: &Config,
) -> (crate::frames::FrameTable, Vec<String>) {
    query_crate(
        roots,
        sources,
        display_base,
        config,
        crate::frames::estimate,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_crates_of_up_to_8_mib_of_source_copy_their_model() {
        assert!(model_copy_fits(0));
        assert!(model_copy_fits(1_656_549), "regex-syntax");
        assert!(model_copy_fits(8 << 20));
        assert!(!model_copy_fits((8 << 20) + 1));
        assert!(!model_copy_fits(21_511_597), "windows-sys read whole");
    }
}
