//! SARIF 2.1.0 for GitHub code scanning: one rule per lint (from the lint registry, with the
//! lint's documentation), one result per finding with repository-relative locations,
//! secondary spans as related locations and suggestions as fixes.

use super::{RepoPaths, message_text};
use crate::baseline;
use crate::discover::Workspace;
use crate::run::{Finding, Outcome};
use memlint_lints::diag::{Level, Severity, Span};
use memlint_lints::docs;
use memlint_lints::lint::{self, Lint};
use memlint_lints::source::SourceMap;
use serde_json::{Value, json};

/// GitHub code scanning keeps this many results of a run and drops the rest.
pub const GITHUB_RESULT_LIMIT: usize = 5000;

/// The rule for findings that are not lints (a module file not found, an unknown lint
/// name, an unfulfilled `expect`): code scanning wants every result to have a rule.
const GENERAL_RULE: &str = "memlint";

/// The SARIF log, and how many results fall beyond GitHub's limit (then errors are put first).
pub fn log(ws: &Workspace, outcome: &Outcome) -> (Value, usize) {
    let paths = RepoPaths::new(&ws.root);
    let lints = lint::all();
    let mut rules: Vec<Value> = lints.iter().map(|l| rule(l)).collect();
    rules.push(json!({
        "id": GENERAL_RULE,
        "name": GENERAL_RULE,
        "shortDescription": {"text": "memlint's own warnings"},
        "fullDescription": {"text": "Problems that are not lint findings: a module file that cannot be found, \
                                     an unknown lint name in an attribute, an `expect` that caught nothing."},
        "help": {"text": "See the message of each result."},
        "defaultConfiguration": {"level": "warning"},
    }));
    let mut findings: Vec<&Finding> = outcome.findings.iter().collect();
    let dropped = findings.len().saturating_sub(GITHUB_RESULT_LIMIT);
    if dropped > 0 {
        findings.sort_by_key(|f| f.diag.severity != Severity::Error);
    }
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = f
                .diag
                .lint
                .and_then(|l| lints.iter().position(|x| x.name == l.name))
                .unwrap_or(lints.len());
            result(f, index, &paths, outcome)
        })
        .collect();
    let notifications: Vec<Value> = outcome
        .read_errors
        .iter()
        .map(|e| json!({"level": "error", "message": {"text": e}}))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "memlint",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": dir_uri(&paths.root)}},
            "invocations": [{
                "executionSuccessful": outcome.read_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    (log, dropped)
}

fn rule(lint: &Lint) -> Value {
    let full = docs::section(lint, "What it does").unwrap_or_else(|| lint.summary.to_string());
    let doc = docs::doc_markdown(lint);
    let mut rule = json!({
        "id": lint.qualified_name(),
        "name": lint.name,
        "shortDescription": {"text": lint.summary},
        "fullDescription": {"text": full},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": level(lint.default_level)},
    });
    if let Some(clippy) = lint.clippy_equivalent {
        rule["properties"] = json!({"clippyEquivalent": format!("clippy::{clippy}")});
    }
    rule
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Allow => "none",
        Level::Warn => "warning",
        Level::Deny | Level::Forbid => "error",
    }
}

fn result(f: &Finding, rule_index: usize, paths: &RepoPaths, outcome: &Outcome) -> Value {
    let diag = &f.diag;
    let sources = &outcome.sources;
    let mut primary = location(diag.primary.span, paths, sources);
    if let Some(label) = &diag.primary.text {
        primary["message"] = json!({"text": label});
    }
    let mut result = json!({
        "ruleId": diag.lint.map_or(GENERAL_RULE.to_string(), |l| l.qualified_name()),
        "ruleIndex": rule_index,
        "level": diag.severity.as_str(),
        "message": {"text": message_text(f)},
        "locations": [primary],
    });
    let related: Vec<Value> = diag
        .secondary
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let mut loc = location(label.span, paths, sources);
            loc["id"] = json!(i + 1);
            loc["message"] = json!({"text": label.text.as_deref().unwrap_or("")});
            loc
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    let fixes: Vec<Value> = diag
        .children
        .iter()
        .filter_map(|c| c.suggestion.as_ref().map(|s| (c, s)))
        .map(|(child, s)| {
            let loc = location(s.span, paths, sources);
            json!({
                "description": {"text": child.message},
                "artifactChanges": [{
                    "artifactLocation": loc["physicalLocation"]["artifactLocation"],
                    "replacements": [{
                        "deletedRegion": loc["physicalLocation"]["region"],
                        "insertedContent": {"text": s.replacement},
                    }],
                }],
            })
        })
        .collect();
    if !fixes.is_empty() {
        result["fixes"] = json!(fixes);
    }
    // Code scanning matches results across runs by fingerprint; the baseline key survives
    // edits elsewhere in the file, which a line-based one does not.
    if let Some(key) = baseline::key(f, sources) {
        let text = format!(
            "{}\u{0}{}\u{0}{}\u{0}{}",
            key.lint, key.file, key.item, key.code
        );
        result["partialFingerprints"] =
            json!({"memlintKey/v1": format!("{:016x}", baseline::fnv1a(text.as_bytes()))});
    }
    result
}

fn location(span: Span, paths: &RepoPaths, sources: &SourceMap) -> Value {
    let file = sources.get(span.file);
    let lo = file.clamp(span.lo);
    let hi = file.clamp(span.hi).max(lo);
    let start = file.line_col(lo);
    let end = file.line_col(hi);
    let artifact = match paths.relative(file) {
        Some(relative) => json!({"uri": encode_path(&relative), "uriBaseId": "%SRCROOT%"}),
        None => json!({"uri": file_uri(&paths.absolute(file))}),
    };
    json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {
                "startLine": start.line,
                "startColumn": start.col,
                "endLine": end.line,
                "endColumn": end.col,
            },
        },
    })
}

/// A relative path as a URI reference: every byte outside RFC 3986's unreserved set and
/// `/` percent-encoded.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn file_uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", encode_path(&text))
}

fn dir_uri(path: &std::path::Path) -> String {
    let uri = file_uri(path);
    if uri.ends_with('/') {
        uri
    } else {
        format!("{uri}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::Workspace;
    use memlint_lints::diag::Diagnostic;
    use memlint_lints::source::SourceFile;

    #[test]
    fn secondary_spans_become_related_locations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.rs");
        let text = "fn f() {\n    g();\n}\nfn g() {\n    f();\n}\n";
        let sources = SourceMap::default();
        let file = sources.add(SourceFile::new(path, "lib.rs".into(), text.into()));
        let lint = lint::find("large_stack_array").unwrap();
        let at = |needle: &str| {
            let lo = text.find(needle).unwrap();
            Span::new(file, lo..lo + needle.len())
        };
        let diag = Diagnostic::lint(lint, "m", at("g()"), "calls g")
            .with_secondary(at("f();"), "which calls f");
        let outcome = Outcome {
            sources,
            timings: Default::default(),
            findings: vec![Finding {
                diag,
                unit: 0,
                level: None,
                level_note: None,
            }],
            scopes: Vec::new(),
            read_errors: Vec::new(),
        };
        let ws = Workspace {
            root: dir.path().to_path_buf(),
            units: Vec::new(),
            from_manifest: false,
            root_manifest: None,
            skipped: Vec::new(),
        };
        let (log, _) = log(&ws, &outcome);
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["locations"][0]["message"]["text"], "calls g");
        let related = &result["relatedLocations"][0];
        assert_eq!(related["id"], 1);
        assert_eq!(related["message"]["text"], "which calls f");
        assert_eq!(
            related["physicalLocation"]["artifactLocation"]["uri"],
            "lib.rs"
        );
        assert_eq!(
            related["physicalLocation"]["region"],
            json!({"startLine": 5, "startColumn": 5, "endLine": 5, "endColumn": 9})
        );
        // The schema is checked in tests/formats.rs (which fixes a stray `]` in two of its
        // patterns); here the same fix, done by hand.
        let text = include_str!("../../tests/data/sarif-schema-2.1.0.json")
            .replace("[a-zA-Z]{2}]?$", "[a-zA-Z]{2}\\\\]?$");
        let schema: Value = serde_json::from_str(&text).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn errors_come_first_when_github_would_drop_results() {
        let dir = tempfile::tempdir().unwrap();
        let text = "let a = [0u8; 99999];\n".repeat(GITHUB_RESULT_LIMIT + 1);
        let sources = SourceMap::default();
        let file = sources.add(SourceFile::new(
            dir.path().join("a.rs"),
            "a.rs".into(),
            text.clone(),
        ));
        let lint = lint::find("large_stack_array").unwrap();
        let findings: Vec<Finding> = (0..=GITHUB_RESULT_LIMIT)
            .map(|i| {
                let lo = i * 22 + 8;
                let mut diag =
                    Diagnostic::lint(lint, format!("n{i}"), Span::new(file, lo..lo + 12), "");
                if i == GITHUB_RESULT_LIMIT {
                    diag.severity = Severity::Error;
                }
                Finding {
                    diag,
                    unit: 0,
                    level: None,
                    level_note: None,
                }
            })
            .collect();
        let outcome = Outcome {
            sources,
            timings: Default::default(),
            findings,
            scopes: Vec::new(),
            read_errors: Vec::new(),
        };
        let ws = Workspace {
            root: dir.path().to_path_buf(),
            units: Vec::new(),
            from_manifest: false,
            root_manifest: None,
            skipped: Vec::new(),
        };
        let (log, dropped) = log(&ws, &outcome);
        assert_eq!(dropped, 1);
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(
            results.len(),
            GITHUB_RESULT_LIMIT + 1,
            "all are written; GitHub cuts"
        );
        assert_eq!(results[0]["level"], "error");
        assert_eq!(
            results[1]["message"]["text"], "n0",
            "the rest keep their order"
        );
    }

    #[test]
    fn uris_encode_what_they_must() {
        assert_eq!(encode_path("src/a b/é.rs"), "src/a%20b/%C3%A9.rs");
        assert_eq!(
            dir_uri(std::path::Path::new("/w/my repo")),
            "file:///w/my%20repo/"
        );
    }
}
