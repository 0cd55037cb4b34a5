//! rustc's human-readable diagnostics, rendered with annotate-snippets as rustc does.

use super::help_line;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use memlint_lints::diag::{ChildKind, Diagnostic, Severity};
use memlint_lints::source::{FileId, SourceMap};

pub fn render(
    diag: &Diagnostic,
    level_note: Option<&str>,
    sources: &SourceMap,
    styled: bool,
) -> String {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    // One snippet per file, primary file first; each holds only the lines it annotates.
    let mut files: Vec<FileId> = vec![diag.primary.span.file];
    for label in &diag.secondary {
        if !files.contains(&label.span.file) {
            files.push(label.span.file);
        }
    }
    let snippets: Vec<Snippet<'_, _>> = files
        .iter()
        .map(|&file_id| {
            let file = sources.get(file_id);
            let labels = std::iter::once((&diag.primary, true))
                .chain(diag.secondary.iter().map(|l| (l, false)))
                .filter(|(l, _)| l.span.file == file_id);
            let spans: Vec<_> = labels.clone().map(|(l, _)| l.span).collect();
            let first = spans
                .iter()
                .map(|s| file.line_index(file.clamp(s.lo)))
                .min()
                .unwrap_or(0);
            let last = spans
                .iter()
                .map(|s| file.line_index(file.clamp(s.hi)))
                .max()
                .unwrap_or(0);
            let start = file.line_range(first).start;
            let end = file.line_range(last).end;
            let excerpt = &file.text[start..end];
            let mut snippet = Snippet::source(excerpt)
                .line_start(first + 1)
                .path(file.display.as_str())
                .fold(true);
            for (label, primary) in labels {
                let lo = file.clamp(label.span.lo).clamp(start, end) - start;
                let hi = file.clamp(label.span.hi).clamp(start, end) - start;
                let kind = if primary {
                    AnnotationKind::Primary
                } else {
                    AnnotationKind::Context
                };
                snippet =
                    snippet.annotation(kind.span(lo..hi.max(lo)).label(label.text.as_deref()));
            }
            snippet
        })
        .collect();
    let mut group = level
        .primary_title(diag.message.as_str())
        .elements(snippets);
    if let Some(note) = level_note {
        group = group.element(Level::NOTE.message(note));
    }
    for child in &diag.children {
        let line = help_line(child);
        group = group.element(match child.kind {
            ChildKind::Note => Level::NOTE.message(line),
            ChildKind::Help => Level::HELP.message(line),
        });
    }
    let report: [Group<'_>; 1] = [group];
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&report)
}
