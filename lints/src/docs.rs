//! The lints' documentation, from their doc blocks: `--explain`, `--list`, SARIF rule
//! descriptions and `lints/README.md` all read it from here, so they cannot drift apart.

use crate::context::{Config, SETTINGS, SettingKind};
use crate::lint::{self, Lint};

/// The doc block as markdown (rustdoc's one leading space per line removed).
pub fn doc_markdown(lint: &Lint) -> String {
    let mut out = String::with_capacity(lint.doc.len());
    for line in lint.doc.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// The body of one `### heading` section, trimmed (`None` if the block has no such section).
pub fn section(lint: &Lint, heading: &str) -> Option<String> {
    let doc = doc_markdown(lint);
    let mut lines = doc
        .lines()
        .skip_while(|l| l.trim() != format!("### {heading}"));
    lines.next()?;
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("### ")).collect();
    Some(body.join("\n").trim().to_string())
}

/// `cargo memlint --explain LINT`.
pub fn explain(lint: &Lint) -> String {
    let mut out = format!(
        "# `{}`\n\n{}\n\nDefault level: {}.",
        lint.qualified_name(),
        capitalize(lint.summary),
        lint.default_level.as_str()
    );
    if let Some(clippy) = lint.clippy_equivalent {
        out.push_str(&format!(
            " Clippy's `clippy::{clippy}` covers the same ground: allowing either one silences both."
        ));
    }
    out.push_str("\n\n");
    out.push_str(&doc_markdown(lint));
    out.push('\n');
    out
}

/// `cargo memlint --list`: one line per lint, aligned.
pub fn list() -> String {
    let lints = lint::all();
    let width = lints
        .iter()
        .map(|l| l.qualified_name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for lint in lints {
        out.push_str(&format!(
            "{:width$}  {:6}  {}\n",
            lint.qualified_name(),
            lint.default_level.as_str(),
            lint.summary,
        ));
    }
    out
}

/// A setting's value as written in a config file: `"64 KiB"` when that is exact, else the number.
pub fn setting_value(kind: SettingKind, value: u64) -> String {
    if kind == SettingKind::Bytes {
        for (unit, scale) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
            if value >= scale && value % scale == 0 {
                return format!("\"{} {unit}\"", value / scale);
            }
        }
    }
    value.to_string()
}

/// `lints/README.md`.
pub fn readme() -> String {
    let mut out = String::from(
        "# memlint's lints\n\n\
         <!-- Generated from the doc blocks in `lints/src/lints/*.rs` and the settings in\n     \
         `lints/src/context.rs`; do not edit. After changing them, regenerate with\n     \
         `SNAPSHOTS=overwrite cargo test -p memlint-lints --test readme`. -->\n\n\
         The same text is printed by `cargo memlint --explain LINT`.\n\n\
         | lint | default | Clippy equivalent | summary |\n|---|---|---|---|\n",
    );
    for lint in lint::all() {
        let clippy = lint
            .clippy_equivalent
            .map_or(String::new(), |c| format!("`clippy::{c}`"));
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            lint.qualified_name(),
            anchor(lint),
            lint.default_level.as_str(),
            clippy,
            lint.summary,
        ));
    }
    out.push_str(
        "\n## Settings\n\n\
         Set in `memlint.toml`, `[package.metadata.memlint]` or `[workspace.metadata.memlint]`,\n\
         or for one run with `--config key=value`.\n\n\
         | key | default | meaning |\n|---|---|---|\n",
    );
    let defaults = Config::default();
    for setting in SETTINGS {
        out.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            setting.key,
            setting_value(setting.kind, (setting.get)(&defaults)),
            setting.doc,
        ));
    }
    for lint in lint::all() {
        out.push_str(&format!("\n## `{}`\n\n", lint.name));
        out.push_str(&format!("Default level: {}.", lint.default_level.as_str()));
        if let Some(clippy) = lint.clippy_equivalent {
            out.push_str(&format!(" Clippy equivalent: `clippy::{clippy}`."));
        }
        out.push_str("\n\n");
        out.push_str(&doc_markdown(lint));
        out.push('\n');
    }
    out
}

/// The heading's anchor as GitHub makes it from `## \`name\``.
fn anchor(lint: &Lint) -> String {
    lint.name.to_string()
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lint_has_the_four_sections() {
        for lint in lint::all() {
            for heading in [
                "What it does",
                "Why is this bad?",
                "Example",
                "Known problems",
            ] {
                let body = section(lint, heading);
                assert!(
                    body.as_ref().is_some_and(|b| !b.is_empty()),
                    "`{}` has no `### {heading}` section",
                    lint.name
                );
            }
        }
    }

    #[test]
    fn markdown_loses_rustdoc_indent_only() {
        let lint = lint::find("large_stack_array").unwrap();
        let doc = doc_markdown(lint);
        assert!(doc.starts_with("### What it does\nFinds arrays"), "{doc}");
        assert!(doc.contains("\n```rust,ignore\nlet mut scratch"), "{doc}");
    }

    #[test]
    fn byte_settings_are_shown_in_units_when_exact() {
        assert_eq!(setting_value(SettingKind::Bytes, 16384), "\"16 KiB\"");
        assert_eq!(setting_value(SettingKind::Bytes, 16385), "16385");
        assert_eq!(setting_value(SettingKind::Bytes, 100), "100");
        assert_eq!(setting_value(SettingKind::Count, 2048), "2048");
    }
}
