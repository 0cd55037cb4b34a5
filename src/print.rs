//! `--print WHAT`: what memlint knows about the code, instead of findings. As rustc's
//! `--print`, it lints nothing; the output goes to stdout, as TSV with a header line, or as
//! one JSON object per line with `--message-format=json`.

use crate::cli::MessageFormat;
use crate::discover::Workspace;
use crate::run::on_analysis_thread;
use memlint_lints::analysis::crate_type_sizes;
use memlint_lints::source::SourceMap;
use memlint_lints::type_sizes::TypeSize;
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    TypeSizes,
}

const REQUESTS: &[(&str, Request)] = &[("type-sizes", Request::TypeSizes)];

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

pub fn print(request: Request, ws: &Workspace, format: MessageFormat) -> Result<ExitCode, String> {
    match request {
        Request::TypeSizes => type_sizes(ws, format),
    }
}

fn type_sizes(ws: &Workspace, format: MessageFormat) -> Result<ExitCode, String> {
    let units: Vec<_> = ws.units.iter().map(|u| u.roots.clone()).collect();
    let root = ws.root.clone();
    let (rows, read_errors) = on_analysis_thread(move || {
        let mut sources = SourceMap::default();
        let mut rows: Vec<TypeSize> = Vec::new();
        let mut errors = Vec::new();
        for roots in &units {
            let (crate_rows, crate_errors) = crate_type_sizes(roots, &mut sources, &root);
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
        MessageFormat::Human | MessageFormat::Short => {
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
