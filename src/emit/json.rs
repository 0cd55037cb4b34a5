//! cargo's `--message-format=json`: one `compiler-message` per finding, wrapping a complete
//! rustc diagnostic, then `build-finished`. rust-analyzer reads exactly this.

use crate::discover::Unit;
use memlint_lints::diag::{Diagnostic, Label, Suggestion};
use memlint_lints::source::SourceMap;
use serde_json::{Value, json};

pub fn message(
    unit: &Unit,
    diag: &Diagnostic,
    level_note: Option<&str>,
    rendered: String,
    sources: &SourceMap,
) -> String {
    let mut spans = vec![span(&diag.primary, true, None, sources)];
    spans.extend(diag.secondary.iter().map(|l| span(l, false, None, sources)));
    let mut children: Vec<Value> = Vec::new();
    if let Some(note) = level_note {
        children.push(child("note", note, Vec::new()));
    }
    for c in &diag.children {
        let spans = match &c.suggestion {
            Some(s) => vec![span(
                &Label {
                    span: s.span,
                    text: None,
                },
                true,
                Some(s),
                sources,
            )],
            None => Vec::new(),
        };
        children.push(child(c.kind.as_str(), &c.message, spans));
    }
    let code = diag
        .lint
        .map(|l| json!({"code": l.qualified_name(), "explanation": null}));
    json!({
        "reason": "compiler-message",
        "package_id": unit.package.id,
        "manifest_path": unit.package.manifest_path,
        "target": unit.target,
        "message": {
            "$message_type": "diagnostic",
            "message": diag.message,
            "code": code,
            "level": diag.severity.as_str(),
            "spans": spans,
            "children": children,
            "rendered": rendered,
        }
    })
    .to_string()
}

pub fn build_finished(success: bool) -> String {
    json!({"reason": "build-finished", "success": success}).to_string()
}

fn child(level: &str, message: &str, spans: Vec<Value>) -> Value {
    json!({
        "message": message,
        "code": null,
        "level": level,
        "spans": spans,
        "children": [],
        "rendered": null,
    })
}

fn span(
    label: &Label,
    primary: bool,
    suggestion: Option<&Suggestion>,
    sources: &SourceMap,
) -> Value {
    let file = sources.get(label.span.file);
    let lo = file.clamp(label.span.lo);
    let hi = file.clamp(label.span.hi).max(lo);
    let start = file.line_col(lo);
    let end = file.line_col(hi);
    // Every line the span covers, with the covered part marked (1-based char columns).
    let text: Vec<Value> = (start.line - 1..end.line)
        .map(|line| {
            let range = file.line_range(line);
            let line_text = &file.text[range.clone()];
            let width = line_text.chars().count() + 1;
            let highlight_start = if line + 1 == start.line { start.col } else { 1 };
            let highlight_end = if line + 1 == end.line { end.col } else { width };
            json!({
                "text": line_text,
                "highlight_start": highlight_start,
                "highlight_end": highlight_end.min(width),
            })
        })
        .collect();
    json!({
        "file_name": file.display,
        "byte_start": lo,
        "byte_end": hi,
        "line_start": start.line,
        "line_end": end.line,
        "column_start": start.col,
        "column_end": end.col,
        "is_primary": primary,
        "text": text,
        "label": label.text,
        "suggested_replacement": suggestion.map(|s| s.replacement.as_str()),
        "suggestion_applicability": suggestion.map(|s| s.applicability.as_str()),
        "expansion": null,
    })
}
