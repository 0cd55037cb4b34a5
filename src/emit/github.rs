//! GitHub Actions workflow commands: `::warning file=..,line=..::message` per finding, which
//! GitHub shows as annotations on the pull request, then a one-line summary (GitHub shows
//! only ten warnings and ten errors of a step).

use super::{RepoPaths, baseline_lines, message_text};
use crate::baseline::Applied;
use crate::discover::Workspace;
use crate::run::{Outcome, count};
use memlint_lints::diag::Severity;

/// GitHub annotates at most this many warnings, and as many errors, per step.
const SHOWN_PER_STEP: usize = 10;

pub fn lines(ws: &Workspace, outcome: &Outcome, baseline: Option<&Applied>) -> Vec<String> {
    let paths = RepoPaths::new(&ws.root);
    let mut lines = Vec::new();
    for error in &outcome.read_errors {
        lines.push(format!("::error title=memlint::{}", escape_data(error)));
    }
    for f in &outcome.findings {
        let file = outcome.sources.get(f.diag.file());
        let lo = file.clamp(f.diag.primary.span.lo);
        let hi = file.clamp(f.diag.primary.span.hi).max(lo);
        let (start, end) = (file.line_col(lo), file.line_col(hi));
        let shown = paths
            .relative(file)
            .unwrap_or_else(|| paths.absolute(file).to_string_lossy().into_owned());
        let mut props = vec![
            format!("file={}", escape_property(&shown)),
            format!("line={}", start.line),
        ];
        // GitHub takes columns only on a one-line annotation.
        if start.line == end.line {
            props.push(format!("col={}", start.col));
        }
        props.push(format!("endLine={}", end.line));
        if start.line == end.line {
            props.push(format!("endColumn={}", end.col));
        }
        let title = f
            .diag
            .lint
            .map_or("memlint".to_string(), |l| l.qualified_name());
        props.push(format!("title={}", escape_property(&title)));
        let command = match f.diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        lines.push(format!(
            "::{command} {}::{}",
            props.join(","),
            escape_data(&message_text(f))
        ));
    }
    lines.push(summary(outcome, baseline));
    lines
}

/// `::notice title=memlint::memlint found 2 errors and 14 warnings; ...`
fn summary(outcome: &Outcome, baseline: Option<&Applied>) -> String {
    let errors = count(&outcome.findings, Severity::Error);
    let warnings = count(&outcome.findings, Severity::Warning);
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut text = if errors + warnings == 0 {
        "memlint found nothing to report".to_string()
    } else {
        format!(
            "memlint found {} and {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    if errors > SHOWN_PER_STEP || warnings > SHOWN_PER_STEP {
        text.push_str(&format!(
            "; GitHub annotates only {SHOWN_PER_STEP} of each per step, the job log lists them all"
        ));
    }
    if let Some(applied) = baseline {
        for line in baseline_lines(applied) {
            text.push('\n');
            text.push_str(&line);
        }
    }
    format!("::notice title=memlint::{}", escape_data(&text))
}

/// A command's message: `%`, CR and LF encoded, as the Actions runner decodes them.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which would end the value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape_data("100% sure\r\nnext: a, b"),
            "100%25 sure%0D%0Anext: a, b"
        );
        assert_eq!(escape_property("memlint::x,y%"), "memlint%3A%3Ax%2Cy%25");
    }
}
