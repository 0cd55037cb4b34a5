//! Printing findings: human (rustc's look), short, cargo's JSON messages, SARIF, and
//! GitHub workflow commands.

mod github;
mod human;
mod json;
mod sarif;

use crate::baseline::Applied;
use crate::cli::MessageFormat;
use crate::discover::Workspace;
use crate::run::{Finding, Outcome, count};
use memlint_lints::diag::{Child, Severity};
use memlint_lints::source::SourceFile;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Every line of a finding's help and notes, for formats that have one message text.
pub fn message_text(finding: &Finding) -> String {
    let mut text = finding.diag.message.clone();
    for child in &finding.diag.children {
        text.push_str(&format!("\n{}: {}", child.kind.as_str(), help_line(child)));
    }
    text
}

/// Paths as CI services want them: relative to the repository root, the nearest directory
/// at or above the workspace root that holds `.git` (or the workspace root without one).
pub struct RepoPaths {
    pub root: PathBuf,
}

impl RepoPaths {
    pub fn new(workspace_root: &Path) -> RepoPaths {
        let absolute =
            std::path::absolute(workspace_root).unwrap_or_else(|_| workspace_root.to_path_buf());
        let root = absolute
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .unwrap_or(&absolute)
            .to_path_buf();
        RepoPaths { root }
    }

    /// `src/lib.rs`, or `None` for a file outside the repository.
    pub fn relative(&self, file: &SourceFile) -> Option<String> {
        let absolute = std::path::absolute(&file.path).ok()?;
        let relative = absolute.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// The absolute path of a file, for one outside the repository.
    pub fn absolute(&self, file: &SourceFile) -> PathBuf {
        std::path::absolute(&file.path).unwrap_or_else(|_| file.path.clone())
    }
}

pub struct Emitter {
    pub format: MessageFormat,
    pub color: bool,
    pub quiet: bool,
    /// What `--baseline` matched and left stale, to report after the findings.
    pub baseline: Option<Applied>,
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
            MessageFormat::Github => {
                for line in github::lines(ws, outcome, self.baseline.as_ref()) {
                    writeln!(out, "{line}")?;
                }
                return Ok(());
            }
            MessageFormat::Sarif => {
                let (log, dropped) = sarif::log(ws, outcome);
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&log).map_err(std::io::Error::other)?
                )?;
                if dropped > 0 {
                    writeln!(
                        err,
                        "warning: {} results; GitHub code scanning keeps the first {}, so errors come first",
                        outcome.findings.len(),
                        sarif::GITHUB_RESULT_LIMIT
                    )?;
                }
            }
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
        if let Some(applied) = &self.baseline
            && !self.quiet
        {
            for line in baseline_lines(applied) {
                if line.starts_with(' ') {
                    writeln!(err, "{line}")?;
                } else {
                    writeln!(err, "{}: {line}", self.paint_note("note"))?;
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

    fn paint_note(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[1m\x1b[92m{text}\x1b[0m")
        } else {
            text.to_string()
        }
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

/// What a baseline did, one line each: how many findings it hid, and its stale entries.
pub fn baseline_lines(applied: &Applied) -> Vec<String> {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut lines = vec![format!(
        "{} in the baseline `{}` not shown",
        plural(applied.matched, "finding"),
        applied.path
    )];
    if !applied.stale.is_empty() {
        let (entries, match_) = match applied.stale.len() {
            1 => ("1 entry".to_string(), "matches"),
            n => (format!("{n} entries"), "match"),
        };
        lines.push(format!(
            "{entries} of the baseline {match_} no finding any more (fixed, or changed beyond \
             recognition); `--write-baseline {}` drops {}:",
            applied.path,
            if applied.stale.len() == 1 {
                "it"
            } else {
                "them"
            }
        ));
        lines.extend(applied.stale.iter().map(|s| format!("  stale: {s}")));
    }
    lines
}
