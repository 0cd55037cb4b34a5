//! `--print frames`: the stack frame memlint estimates for every function, method, closure
//! and async block, largest first, as GCC's `-fstack-usage` lists them: where, what, how
//! many bytes in a debug and a release build, whether that is exact or a lower bound, and
//! what takes the most room.

use crate::cli::MessageFormat;
use crate::discover::Workspace;
use crate::run::on_analysis_thread;
use memlint_lints::analysis::crate_frames;
use memlint_lints::diag::human_bytes;
use memlint_lints::frames::{FnFrame, FnKind};
use memlint_lints::source::SourceMap;
use serde_json::json;
use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;

/// One printed row.
struct Row {
    file: String,
    line: usize,
    column: usize,
    function: String,
    kind: &'static str,
    debug: u64,
    release: u64,
    exactness: &'static str,
    /// The largest contributors: what, debug bytes, line, exact.
    contributors: Vec<(String, u64, usize, bool)>,
    held_across_await: u64,
}

pub fn frames(
    ws: &Workspace,
    settings: &crate::config::Settings,
    format: MessageFormat,
    top: Option<usize>,
) -> Result<ExitCode, String> {
    let units: Vec<_> = ws
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.roots.clone(), settings.for_unit(i).config.clone()))
        .collect();
    let root = ws.root.clone();
    let (mut rows, read_errors) = on_analysis_thread(move || {
        let sources = SourceMap::default();
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        let mut seen = HashSet::new();
        for (roots, config) in &units {
            let (table, crate_errors) = crate_frames(roots, &sources, &root, config);
            errors.extend(crate_errors);
            for f in &table.fns {
                let row = row(&sources, f);
                // A module shared by two targets is estimated twice, the same way.
                if seen.insert((row.file.clone(), row.line, row.column, row.function.clone())) {
                    rows.push(row);
                }
            }
        }
        (rows, errors)
    })?;
    for line in &read_errors {
        eprintln!("error: {line}");
    }
    rows.sort_by(|a, b| {
        b.debug
            .cmp(&a.debug)
            .then(b.release.cmp(&a.release))
            .then_with(|| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)))
    });
    if let Some(n) = top {
        rows.truncate(n);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match format {
        MessageFormat::Json { .. } => rows.iter().try_for_each(|r| {
            let contributors: Vec<_> = r
                .contributors
                .iter()
                .map(|(what, bytes, line, exact)| {
                    json!({"what": what, "bytes": bytes, "line": line, "exact": exact})
                })
                .collect();
            let value = json!({
                "file": r.file,
                "line": r.line,
                "column": r.column,
                "function": r.function,
                "kind": r.kind,
                "debug": r.debug,
                "release": r.release,
                "exactness": r.exactness,
                "contributors": contributors,
                "held_across_await": r.held_across_await,
            });
            writeln!(out, "{value}")
        }),
        MessageFormat::Human
        | MessageFormat::Short
        | MessageFormat::Sarif
        | MessageFormat::Github => table(&mut out, &rows),
    };
    written.map_err(|e| format!("cannot write the output: {e}"))?;
    Ok(if read_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn row(sources: &SourceMap, f: &FnFrame) -> Row {
    let file = sources.get(f.id.name_span.file);
    let at = file.line_col(f.id.name_span.lo);
    let contributors = f
        .contributors
        .iter()
        .take(5)
        .map(|c| {
            (
                c.what.clone(),
                c.debug,
                file.line_col(c.span.lo).line,
                c.exact,
            )
        })
        .collect();
    Row {
        file: file.display.clone(),
        line: at.line,
        column: at.col,
        function: f.path.clone(),
        kind: match f.kind {
            FnKind::Fn => "fn",
            FnKind::Method => "method",
            FnKind::TraitMethod => "trait method",
            FnKind::Closure => "closure",
            FnKind::AsyncFn => "async fn",
            FnKind::AsyncBlock => "async block",
        },
        debug: f.debug.bytes,
        release: f.release.bytes,
        exactness: if f.debug.exact {
            "exact"
        } else {
            "lower bound"
        },
        contributors,
        held_across_await: f.held_across_await,
    }
}

/// Columns padded to their widest cell; sizes right-aligned.
fn table(out: &mut impl Write, rows: &[Row]) -> std::io::Result<()> {
    let header = [
        "location",
        "function",
        "debug",
        "release",
        "exactness",
        "largest contributor",
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let largest = r
                .contributors
                .first()
                .map(|(what, bytes, _, _)| format!("{what} ({})", human_bytes(*bytes)))
                .unwrap_or_default();
            [
                format!("{}:{}", r.file, r.line),
                r.function.clone(),
                r.debug.to_string(),
                r.release.to_string(),
                r.exactness.to_string(),
                largest,
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, row: [&str; 6]| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i == 5 {
                text.push_str(cell);
            } else if i == 2 || i == 3 {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
                text.push_str("  ");
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, header)?;
    for row in &cells {
        line(out, row.each_ref().map(String::as_str))?;
    }
    Ok(())
}
