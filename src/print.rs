//! `--print WHAT`: what memlint knows about the code, instead of findings. As rustc's
//! `--print`, it lints nothing; the output goes to stdout, as TSV with a header line, or as
//! one JSON object per line with `--message-format=json`.

use crate::cli::MessageFormat;
use crate::discover::Workspace;
use crate::print_calls::What;
use crate::run::on_analysis_thread;
use memlint_lints::analysis::crate_type_sizes;
use memlint_lints::source::SourceMap;
use memlint_lints::type_sizes::TypeSize;
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// The effective settings and where each came from, as a `memlint.toml`.
    Config,
    TypeSizes,
    /// The stack frame of every body (`print_frames.rs`).
    Frames,
    /// Every function of each crate and the calls it makes.
    CallGraph,
    /// Per entry point, the deepest call chain and the stack it takes.
    StackBudget,
    Files,
}

const REQUESTS: &[(&str, Request)] = &[
    ("config", Request::Config),
    ("type-sizes", Request::TypeSizes),
    ("frames", Request::Frames),
    ("call-graph", Request::CallGraph),
    ("stack-budget", Request::StackBudget),
    ("files", Request::Files),
];

impl Request {
    pub fn parse(name: &str) -> Result<Request, String> {
        if let Some((_, request)) = REQUESTS.iter().find(|(n, _)| *n == name) {
            return Ok(*request);
        }
        let names: Vec<&str> = REQUESTS.iter().map(|(n, _)| *n).collect();
        let hint = memlint_lints::lint::closest(name, names.iter().copied())
            .map(|near| format!(" (did you mean `{near}`?)"))
            .unwrap_or_default();
        Err(format!(
            "unknown print request `{name}`{hint}; expected one of: {}",
            names.join(", ")
        ))
    }
}

pub fn print(
    request: Request,
    ws: &Workspace,
    settings: &crate::config::Settings,
    format: MessageFormat,
    top: Option<usize>,
) -> Result<ExitCode, String> {
    match request {
        Request::Config => {
            let text = crate::config::print(settings);
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| format!("cannot write the output: {e}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Request::TypeSizes => type_sizes(ws, format),
        Request::CallGraph => crate::print_calls::print(What::CallGraph, ws, settings, format),
        Request::StackBudget => crate::print_calls::print(What::StackBudget, ws, settings, format),
        Request::Frames => crate::print_frames::frames(ws, settings, format, top),
        Request::Files => files(ws, format),
    }
}

/// Every file each target's module tree reaches, and whether memlint could parse it (so
/// lints it) or reports a syntax error for it. Files it could not read are errors, on
/// stderr; module files it did not find are not listed.
fn files(ws: &Workspace, format: MessageFormat) -> Result<ExitCode, String> {
    use memlint_lints::load::Loader;
    let units: Vec<_> = ws.units.iter().map(|u| u.roots.clone()).collect();
    let root = ws.root.clone();
    let (rows, read_errors) = on_analysis_thread(move || {
        let sources = SourceMap::default();
        let mut rows: Vec<(usize, String, &'static str)> = Vec::new();
        let mut errors = Vec::new();
        for (unit, roots) in units.iter().enumerate() {
            let loaded = Loader {
                sources: &sources,
                display_base: &root,
            }
            .load(roots);
            let mut listed = Vec::new();
            for file in &loaded.files {
                listed.push((file.file, "linted"));
            }
            for diag in &loaded.diagnostics {
                if diag.lint.is_some_and(|l| l.name == "syntax_error") {
                    listed.push((diag.file(), "syntax-error"));
                }
            }
            rows.extend(
                listed
                    .into_iter()
                    .map(|(id, status)| (unit, sources.get(id).display.clone(), status)),
            );
            errors.extend(loaded.read_errors);
        }
        (rows, errors)
    })?;
    for line in &read_errors {
        eprintln!("error: {line}");
    }
    let mut out = std::io::stdout().lock();
    let written: std::io::Result<()> = (|| {
        if !matches!(format, MessageFormat::Json { .. }) {
            writeln!(out, "package\ttarget\tkind\tfile\tstatus")?;
        }
        for (unit, file, status) in &rows {
            let unit = &ws.units[*unit];
            let kind = unit.target.kind.first().map_or("", String::as_str);
            match format {
                MessageFormat::Json { .. } => writeln!(
                    out,
                    "{}",
                    json!({
                        "package": unit.package.name,
                        "target": unit.target.name,
                        "kind": kind,
                        "file": file,
                        "status": status,
                    })
                )?,
                MessageFormat::Human
                | MessageFormat::Short
                | MessageFormat::Sarif
                | MessageFormat::Github => writeln!(
                    out,
                    "{}\t{}\t{kind}\t{file}\t{status}",
                    unit.package.name, unit.target.name
                )?,
            }
        }
        Ok(())
    })();
    written.map_err(|e| format!("cannot write the output: {e}"))?;
    Ok(if read_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn type_sizes(ws: &Workspace, format: MessageFormat) -> Result<ExitCode, String> {
    let units: Vec<_> = ws.units.iter().map(|u| u.roots.clone()).collect();
    let root = ws.root.clone();
    let (rows, read_errors) = on_analysis_thread(move || {
        let sources = SourceMap::default();
        let mut rows: Vec<TypeSize> = Vec::new();
        let mut errors = Vec::new();
        for roots in &units {
            let (crate_rows, crate_errors) = crate_type_sizes(roots, &sources, &root);
            rows.extend(crate_rows);
            errors.extend(crate_errors);
        }
        (rows, errors)
    })?;
    for line in &read_errors {
        eprintln!("error: {line}");
    }
    let written = write_type_sizes(&rows, format, &mut std::io::stdout().lock());
    written.map_err(|e| format!("cannot write the output: {e}"))?;
    Ok(if read_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// The rows of `--print type-sizes`: TSV with a header line, or one JSON object per line.
pub fn write_type_sizes(
    rows: &[TypeSize],
    format: MessageFormat,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        MessageFormat::Json { .. } => rows.iter().try_for_each(|r| {
            let value = json!({
                "type": r.path,
                "size": r.layout.map(|l| l.size),
                "align": r.layout.map(|l| l.align),
                "exactness": r.exactness(),
            });
            writeln!(out, "{value}")
        }),
        MessageFormat::Human
        | MessageFormat::Short
        | MessageFormat::Sarif
        | MessageFormat::Github => {
            writeln!(out, "type\tsize\talign\texactness")?;
            rows.iter().try_for_each(|r| {
                let (size, align) = match r.layout {
                    Some(l) => (l.size.to_string(), l.align.to_string()),
                    None => (String::new(), String::new()),
                };
                writeln!(out, "{}\t{size}\t{align}\t{}", r.path, r.exactness())
            })
        }
    }
}
