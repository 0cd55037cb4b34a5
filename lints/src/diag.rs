//! The diagnostics model: what a lint reports, independent of how it is printed.
//!
//! Positions are byte ranges into a [`SourceFile`](crate::source::SourceFile); emitters turn
//! them into lines and columns. Lints never format output themselves.

use crate::lint::Lint;
use crate::source::FileId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Allow,
    Warn,
    Deny,
    Forbid,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
            Level::Forbid => "forbid",
        }
    }

    /// How a finding at this level is shown: `warning` or `error`.
    pub fn severity(self) -> Severity {
        match self {
            Level::Allow | Level::Warn => Severity::Warning,
            Level::Deny | Level::Forbid => Severity::Error,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A half-open byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub lo: usize,
    pub hi: usize,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Span {
        Span {
            file,
            lo: range.start,
            hi: range.end,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: Option<String>,
}

/// rustc's `Applicability`: how safe it is to apply a suggestion without looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicability {
    MachineApplicable,
    MaybeIncorrect,
    HasPlaceholders,
    Unspecified,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "MachineApplicable",
            Applicability::MaybeIncorrect => "MaybeIncorrect",
            Applicability::HasPlaceholders => "HasPlaceholders",
            Applicability::Unspecified => "Unspecified",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub span: Span,
    pub replacement: String,
    pub applicability: Applicability,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildKind {
    Note,
    Help,
}

impl ChildKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChildKind::Note => "note",
            ChildKind::Help => "help",
        }
    }
}

/// A `= note:` or `= help:` line, optionally carrying a suggested edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Child {
    pub kind: ChildKind,
    pub message: String,
    pub suggestion: Option<Suggestion>,
}

/// One finding. `lint` is `None` for problems that are not lints (a module file that
/// cannot be found); those are shown at the level given and cannot be silenced.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub lint: Option<&'static Lint>,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub children: Vec<Child>,
    /// Findings this one replaces when it is shown: a finding of the lint named whose
    /// primary span lies within the span given would report the same memory twice.
    pub supersedes: Vec<(&'static Lint, Span)>,
    /// The other way round: this finding is dropped when a shown finding of the lint named
    /// lies within the span given (it would report the same memory again).
    pub yields_to: Vec<(&'static Lint, Span)>,
    /// The item the primary span is in (`crate::parser::<impl Parser>::parse_expr`), filled
    /// in for every diagnostic after the lints ran, from the file's items: baselines key
    /// findings by it instead of by line numbers. `None` when the file did not parse.
    pub item_path: Option<String>,
}

impl Diagnostic {
    /// A finding of `lint`, shown as a warning until levels are applied.
    pub fn lint(
        lint: &'static Lint,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            lint: Some(lint),
            severity: lint.default_level.severity(),
            message: message.into(),
            primary: Label {
                span,
                text: Some(label.into()).filter(|l: &String| !l.is_empty()),
            },
            secondary: Vec::new(),
            children: Vec::new(),
            supersedes: Vec::new(),
            yields_to: Vec::new(),
            item_path: None,
        }
    }

    /// A problem that is not a lint finding.
    pub fn plain(severity: Severity, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            lint: None,
            severity,
            message: message.into(),
            primary: Label { span, text: None },
            secondary: Vec::new(),
            children: Vec::new(),
            supersedes: Vec::new(),
            yields_to: Vec::new(),
            item_path: None,
        }
    }

    /// Drops findings of `lint` inside `span` whenever this one is shown.
    pub fn superseding(mut self, lint: &'static Lint, span: Span) -> Diagnostic {
        self.supersedes.push((lint, span));
        self
    }

    /// Whether `other` is a finding this one replaces.
    pub fn supersedes(&self, other: &Diagnostic) -> bool {
        covers(&self.supersedes, other)
    }

    /// Drops this finding whenever a finding of `lint` inside `span` is shown.
    pub fn yielding_to(mut self, lint: &'static Lint, span: Span) -> Diagnostic {
        self.yields_to.push((lint, span));
        self
    }

    /// Whether `other`, if shown, makes this finding redundant.
    pub fn yields_to(&self, other: &Diagnostic) -> bool {
        covers(&self.yields_to, other)
    }

    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            text: Some(label.into()),
        });
        self
    }

    pub fn with_note(mut self, message: impl Into<String>) -> Diagnostic {
        self.children.push(Child {
            kind: ChildKind::Note,
            message: message.into(),
            suggestion: None,
        });
        self
    }

    pub fn with_help(mut self, message: impl Into<String>) -> Diagnostic {
        self.children.push(Child {
            kind: ChildKind::Help,
            message: message.into(),
            suggestion: None,
        });
        self
    }

    /// A help line with an edit: rendered as ``help: MESSAGE: `REPLACEMENT` ``.
    pub fn with_suggestion(
        mut self,
        message: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> Diagnostic {
        self.children.push(Child {
            kind: ChildKind::Help,
            message: message.into(),
            suggestion: Some(Suggestion {
                span,
                replacement: replacement.into(),
                applicability,
            }),
        });
        self
    }

    pub fn file(&self) -> FileId {
        self.primary.span.file
    }
}

/// Whether `other` is a finding of one of the lints listed, inside the span given with it.
fn covers(spans: &[(&'static Lint, Span)], other: &Diagnostic) -> bool {
    let at = other.primary.span;
    spans.iter().any(|(lint, span)| {
        other.lint.is_some_and(|l| l == *lint)
            && at.file == span.file
            && span.lo <= at.lo
            && at.hi <= span.hi
    })
}

/// Human-sized byte counts as rustc and Clippy print them: `1 MiB`, `16 KiB`, `1.5 KiB`, `300 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, scale) in UNITS {
        if bytes >= scale {
            let whole = bytes / scale;
            let tenths = (bytes % scale) * 10 / scale;
            return if tenths == 0 {
                format!("{whole} {unit}")
            } else {
                format!("{whole}.{tenths} {unit}")
            };
        }
    }
    if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::human_bytes;

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(1 << 20), "1 MiB");
        assert_eq!(human_bytes(16384), "16 KiB");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(300), "300 bytes");
        assert_eq!(human_bytes(1), "1 byte");
        assert_eq!(human_bytes(3 << 30), "3 GiB");
    }
}
