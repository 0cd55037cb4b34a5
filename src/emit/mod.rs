//! Printing findings: human (rustc's look), short, and cargo's JSON messages.

mod human;
mod json;

use crate::cli::MessageFormat;
use crate::discover::Workspace;
use crate::run::{Finding, Outcome, count};
use memlint_lints::diag::{Child, Severity};
use std::io::Write;

/// A help line with a suggestion shows the replacement inline when it is short enough to
/// read there; the full edit is always in the JSON.
pub fn help_line(child: &Child) -> String {
    match &child.suggestion {
        Some(s) if s.replacement.len() <= 80 && !s.replacement.contains('\n') => {
            format!("{}: `{}`", child.message, s.replacement)
        }
        _ => child.message.clone(),
    }
}

pub struct Emitter {
    pub format: MessageFormat,
    pub color: bool,
    pub quiet: bool,
}

impl Emitter {
    pub fn emit(&self, ws: &Workspace, outcome: &Outcome) -> std::io::Result<()> {
        self.emit_to(
            ws,
            outcome,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )
    }

    /// Writes machine output (JSON) to `out` and everything meant for people to `err`, as
    /// cargo does.
    pub fn emit_to(
        &self,
        ws: &Workspace,
        outcome: &Outcome,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> std::io::Result<()> {
        for line in &ws.skipped {
            writeln!(err, "{}: {line}", self.paint("warning", Severity::Warning))?;
        }
        for line in &outcome.read_errors {
            writeln!(err, "{}", self.error_line(line))?;
        }
        match self.format {
            MessageFormat::Json { ansi } => {
                for f in &outcome.findings {
                    let rendered = self.human(f, outcome, ansi);
                    let unit = &ws.units[f.unit];
                    writeln!(
                        out,
                        "{}",
                        json::message(
                            unit,
                            &f.diag,
                            f.level_note.as_deref(),
                            rendered,
                            &outcome.sources
                        )
                    )?;
                }
                let success = count(&outcome.findings, Severity::Error) == 0
                    && outcome.read_errors.is_empty();
                writeln!(out, "{}", json::build_finished(success))?;
            }
            MessageFormat::Human | MessageFormat::Short => {
                let mut start = 0;
                while start < outcome.findings.len() {
                    let package = &ws.units[outcome.findings[start].unit].package.name;
                    let end = outcome.findings[start..]
                        .iter()
                        .position(|f| &ws.units[f.unit].package.name != package)
                        .map_or(outcome.findings.len(), |n| start + n);
                    let group = &outcome.findings[start..end];
                    for f in group {
                        if self.format == MessageFormat::Short {
                            writeln!(err, "{}", self.short(f, outcome))?;
                        } else {
                            writeln!(err, "{}\n", self.human(f, outcome, self.color))?;
                        }
                    }
                    if !self.quiet {
                        let name = ws.from_manifest.then_some(package.as_str());
                        writeln!(err, "{}", self.summary(name, group))?;
                    }
                    start = end;
                }
            }
        }
        Ok(())
    }

    fn human(&self, f: &Finding, outcome: &Outcome, styled: bool) -> String {
        human::render(&f.diag, f.level_note.as_deref(), &outcome.sources, styled)
    }

    fn short(&self, f: &Finding, outcome: &Outcome) -> String {
        let file = outcome.sources.get(f.diag.file());
        let at = file.line_col(f.diag.primary.span.lo);
        let level = f.diag.severity.as_str();
        let level = match f.diag.lint {
            Some(lint) => format!("{level}[{}]", lint.qualified_name()),
            None => level.to_string(),
        };
        format!(
            "{}:{}:{}: {}: {}",
            file.display,
            at.line,
            at.col,
            self.paint(&level, f.diag.severity),
            f.diag.message
        )
    }

    /// `warning: \`pkg\` generated 3 warnings`, or for bare paths `warning: 3 warnings emitted`.
    fn summary(&self, package: Option<&str>, group: &[Finding]) -> String {
        let errors = count(group, Severity::Error);
        let warnings = count(group, Severity::Warning);
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let what = match (errors, warnings) {
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
        };
        let severity = if errors > 0 {
            Severity::Error
        } else {
            Severity::Warning
        };
        let text = match package {
            Some(name) => format!("`{name}` generated {what}"),
            None => format!("{what} emitted"),
        };
        format!("{}: {text}", self.paint(severity.as_str(), severity))
    }

    fn error_line(&self, message: &str) -> String {
        format!("{}: {message}", self.paint("error", Severity::Error))
    }

    fn paint(&self, text: &str, severity: Severity) -> String {
        if !self.color {
            return text.to_string();
        }
        let colour = match severity {
            Severity::Error => "\x1b[1m\x1b[91m",
            Severity::Warning => "\x1b[1m\x1b[33m",
        };
        format!("{colour}{text}\x1b[0m")
    }
}
