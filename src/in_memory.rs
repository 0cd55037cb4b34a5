//! The whole pipeline on source held in memory: load, model, every lint, every emitter.
//!
//! The fuzz targets (`fuzz/`) call [`lint`] with arbitrary input, and
//! `tests/fuzz_regressions.rs` replays what they found, so both run exactly this. Besides
//! not panicking, the output must not lie: [`lint`] checks that every position printed in
//! JSON, short and human output points where the finding's bytes are.

use crate::cli::MessageFormat;
use crate::discover::{PackageInfo, TargetInfo, Unit, Workspace};
use crate::emit::Emitter;
use crate::run::{add_level_notes, analyse_with, apply_levels, on_analysis_thread};
use memlint_lints::cfg::CfgOptions;
use memlint_lints::context::Config;
use memlint_lints::diag::Level;
use memlint_lints::lint::LintLevels;
use memlint_lints::load::{CrateRoots, ModPath};
use memlint_lints::source::{SourceFile, SourceMap};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Where the in-memory crate pretends to live. Nothing is read from there: files named in
/// the input are served from memory, and any other path does not exist.
const ROOT: &str = "/nonexistent/memlint-in-memory";

/// Everything memlint printed for the crate, per format.
pub struct Rendered {
    pub human: String,
    pub short: String,
    pub json: String,
    pub sarif: String,
    pub github: String,
    pub type_sizes: String,
}

/// Lints `files` (paths relative to the package directory, text) as one library crate whose
/// root is the first file, with every lint at `warn`, and renders the findings in every
/// format. `Err` is an internal failure: a panic, or output that contradicts the source.
pub fn lint(files: &[(&str, &str)]) -> Result<Rendered, String> {
    let root = PathBuf::from(ROOT);
    let Some((root_file, _)) = files.first() else {
        return Err("no files".to_string());
    };
    let src_path = root.join(root_file);
    let ws = Workspace {
        root: root.clone(),
        units: vec![Unit {
            package: PackageInfo {
                name: "in_memory".to_string(),
                id: format!("path+file://{ROOT}#in_memory@0.0.0"),
                manifest_path: root.join("Cargo.toml"),
            },
            target: TargetInfo {
                kind: vec!["lib".to_string()],
                crate_types: vec!["lib".to_string()],
                name: "in_memory".to_string(),
                src_path: src_path.clone(),
                edition: "2024".to_string(),
                doc: true,
                doctest: true,
                test: true,
            },
            roots: CrateRoots {
                name: "in_memory".to_string(),
                roots: vec![(src_path, ModPath::new())],
                cfg: CfgOptions {
                    features: Some(Default::default()),
                },
                within: None,
            },
        }],
        from_manifest: true,
        skipped: Vec::new(),
        root_manifest: None,
    };
    let mut levels = LintLevels::default();
    for lint in memlint_lints::lint::all() {
        let flag = format!("-W {}", lint.name);
        levels.set(
            lint,
            Level::Warn,
            memlint_lints::lint::LevelSource::CommandLine { flag },
        );
    }
    let mut outcome = analyse_with(&ws, vec![Config::default()], preloaded(&root, files), 1)?;
    apply_levels(&mut outcome, &ws, &[&levels]);
    add_level_notes(&mut outcome.findings);

    let render = |format: MessageFormat, color: bool| -> Result<(String, String), String> {
        let emitter = Emitter {
            format,
            color,
            quiet: false,
            baseline: None,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        emitter
            .emit_to(&ws, &outcome, &mut out, &mut err)
            .map_err(|e| e.to_string())?;
        let text = |b: Vec<u8>| String::from_utf8(b).map_err(|e| e.to_string());
        Ok((text(out)?, text(err)?))
    };
    let (_, human) = render(MessageFormat::Human, false)?;
    render(MessageFormat::Human, true)?;
    let (_, short) = render(MessageFormat::Short, false)?;
    let (json, _) = render(MessageFormat::Json { ansi: false }, false)?;
    render(MessageFormat::Json { ansi: true }, false)?;
    let (sarif, _) = render(MessageFormat::Sarif, false)?;
    let (github, _) = render(MessageFormat::Github, false)?;

    let roots = ws.units[0].roots.clone();
    let sources = preloaded(&root, files);
    let rows = on_analysis_thread(move || {
        let sources = sources;
        memlint_lints::analysis::crate_type_sizes(&roots, &sources, &root).0
    })?;
    let mut type_sizes = Vec::new();
    for format in [MessageFormat::Human, MessageFormat::Json { ansi: false }] {
        crate::print::write_type_sizes(&rows, format, &mut type_sizes)
            .map_err(|e| e.to_string())?;
    }
    let rendered = Rendered {
        human,
        short,
        json,
        sarif,
        github,
        type_sizes: String::from_utf8(type_sizes).map_err(|e| e.to_string())?,
    };
    check_positions(&rendered, files)?;
    Ok(rendered)
}

/// The files a byte string stands for: NUL bytes separate them, and they are named, in
/// order, [`FILE_NAMES`] (so `mod a;` in the first finds the second). Invalid UTF-8 is
/// replaced, as memlint reads nothing but UTF-8.
pub fn lint_bytes(data: &[u8]) -> Result<Rendered, String> {
    let texts: Vec<String> = data
        .split(|&b| b == 0)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect();
    let files: Vec<(&str, &str)> = FILE_NAMES
        .iter()
        .zip(&texts)
        .map(|(name, text)| (*name, text.as_str()))
        .collect();
    lint(&files)
}

/// The names [`lint_bytes`] gives its files: a crate root and modules it can reach.
pub const FILE_NAMES: &[&str] = &[
    "src/lib.rs",
    "src/a.rs",
    "src/b.rs",
    "src/a/c.rs",
    "src/d/mod.rs",
];

fn preloaded(root: &Path, files: &[(&str, &str)]) -> SourceMap {
    let sources = SourceMap::default();
    for (path, text) in files {
        sources.add(SourceFile::new(
            root.join(path),
            path.to_string(),
            text.to_string(),
        ));
    }
    sources
}

/// Line and char column (both 1-based) of `byte`, counted here independently of
/// `SourceFile`, which the emitters use.
/// Lines are shown without their terminator, so a position on the `\r` of `\r\n` (or on a
/// final `\r`) is at the end of the line.
fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let at_line_end = text[byte..].starts_with('\n') || byte == text.len();
    let on_terminator = usize::from(at_line_end && before[line_start..].ends_with('\r'));
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1 - on_terminator,
    )
}

/// Every JSON span lies inside its file on char boundaries and its lines and columns agree
/// with its bytes; the human and short outputs point at the same places as the JSON.
fn check_positions(rendered: &Rendered, files: &[(&str, &str)]) -> Result<(), String> {
    let mut primaries = Vec::new();
    for line in rendered.json.lines() {
        let value: Value =
            serde_json::from_str(line).map_err(|e| format!("bad JSON line {line}: {e}"))?;
        if value["reason"] != "compiler-message" {
            continue;
        }
        let message = &value["message"];
        let spans = message["spans"].as_array().ok_or("no spans")?;
        let primary: Vec<&Value> = spans.iter().filter(|s| s["is_primary"] == true).collect();
        let [primary] = primary.as_slice() else {
            return Err(format!("not exactly one primary span: {line}"));
        };
        let children = message["children"].as_array().ok_or("no children")?;
        for span in spans.iter().chain(
            children
                .iter()
                .flat_map(|c| c["spans"].as_array().into_iter().flatten()),
        ) {
            check_span(span, files).map_err(|e| format!("{e}: {span}"))?;
        }
        let at = format!(
            "{}:{}:{}",
            primary["file_name"].as_str().unwrap_or_default(),
            primary["line_start"],
            primary["column_start"]
        );
        let rendered_text = message["rendered"].as_str().unwrap_or_default();
        if !rendered_text.contains(&format!("--> {at}\n")) {
            return Err(format!(
                "rendered text does not point at {at}: {rendered_text}"
            ));
        }
        primaries.push(at);
    }
    let sarif: Value =
        serde_json::from_str(&rendered.sarif).map_err(|e| format!("bad SARIF: {e}"))?;
    let regions: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .ok_or("SARIF without results")?
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            format!(
                "{}:{}:{}",
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or_default(),
                location["region"]["startLine"],
                location["region"]["startColumn"]
            )
        })
        .collect();
    for at in &primaries {
        if !regions.contains(at) {
            return Err(format!("SARIF has no result at {at}"));
        }
        let mut parts = at.rsplitn(3, ':');
        let (col, line, file) = (parts.next(), parts.next(), parts.next());
        let annotation = format!(
            "file={},line={},col={},",
            file.unwrap_or_default(),
            line.unwrap_or_default(),
            col.unwrap_or_default()
        );
        if !rendered.github.contains(&annotation) {
            return Err(format!("no GitHub annotation at {at}"));
        }
        if !rendered.human.contains(&format!("--> {at}\n")) {
            return Err(format!("human output does not point at {at}"));
        }
        if !rendered
            .short
            .lines()
            .any(|l| l.starts_with(&format!("{at}: ")))
        {
            return Err(format!("short output does not point at {at}"));
        }
    }
    Ok(())
}

fn check_span(span: &Value, files: &[(&str, &str)]) -> Result<(), String> {
    let name = span["file_name"].as_str().ok_or("no file name")?;
    let text = files
        .iter()
        .find(|(path, _)| *path == name)
        .map(|(_, text)| *text)
        .ok_or("span in a file that was not linted")?;
    let number = |key: &str| {
        span[key]
            .as_u64()
            .map(|n| n as usize)
            .ok_or(format!("no {key}"))
    };
    let (lo, hi) = (number("byte_start")?, number("byte_end")?);
    if lo > hi || hi > text.len() || !text.is_char_boundary(lo) || !text.is_char_boundary(hi) {
        return Err("byte range outside the file or inside a char".to_string());
    }
    let start = (number("line_start")?, number("column_start")?);
    let end = (number("line_end")?, number("column_end")?);
    if start != line_col(text, lo) || end != line_col(text, hi) {
        return Err(format!(
            "lines and columns disagree with bytes: want {:?}..{:?}",
            line_col(text, lo),
            line_col(text, hi)
        ));
    }
    let covered = span["text"].as_array().ok_or("no text")?;
    if covered.len() != end.0 - start.0 + 1 {
        return Err("`text` does not hold every covered line".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_reach_every_format_with_the_same_positions() {
        let files = [
            ("src/lib.rs", "mod a;\npub struct Big([u64; 4096]);\n"),
            ("src/a.rs", "fn f() {\r\n\tlet é = [0u8; 1 << 20];\r\n}\r\n"),
        ];
        let out = lint(&files).unwrap();
        assert!(out.human.contains("--> src/a.rs:2:10\n"), "{}", out.human);
        assert!(
            out.short.contains("src/a.rs:2:10: warning"),
            "{}",
            out.short
        );
        assert!(out.json.contains(r#""column_start":10"#), "{}", out.json);
        assert!(
            out.github.contains("file=src/a.rs,line=2,col=10,"),
            "{}",
            out.github
        );
        assert!(out.sarif.contains(r#""startColumn": 10"#), "{}", out.sarif);
        assert!(
            out.json
                .ends_with("{\"reason\":\"build-finished\",\"success\":true}\n")
        );
        assert!(
            out.type_sizes.contains("in_memory::Big\t32768\t8\texact"),
            "{}",
            out.type_sizes
        );
    }

    #[test]
    fn a_missing_module_is_a_finding_not_a_disk_read() {
        let out = lint(&[("src/lib.rs", "mod gone;\n")]).unwrap();
        assert!(
            out.human.contains("file not found for module `gone`"),
            "{}",
            out.human
        );
    }

    #[test]
    fn nul_bytes_separate_files() {
        let out = lint_bytes(b"mod a;\0mod c;\0\0fn f() { let x = [0u8; 1 << 20]; }").unwrap();
        assert!(
            out.short.starts_with("src/a/c.rs:1:18: warning"),
            "{}",
            out.short
        );
        let out = lint_bytes(b"\xff mod").unwrap();
        assert!(
            out.short
                .contains("src/lib.rs:1:1: warning[memlint::syntax_error]"),
            "{}",
            out.short
        );
    }

    #[test]
    fn positions_that_disagree_with_the_bytes_are_caught() {
        let files = [("src/lib.rs", "ab\ncd")];
        let rendered = Rendered {
            human: "--> src/lib.rs:2:1\n".to_string(),
            short: "src/lib.rs:2:1: warning: x\n".to_string(),
            json: r#"{"reason":"compiler-message","message":{"spans":[{"is_primary":true,"file_name":"src/lib.rs","byte_start":3,"byte_end":4,"line_start":2,"line_end":2,"column_start":2,"column_end":2,"text":[{}]}],"children":[],"rendered":"--> src/lib.rs:2:2\n"}}"#.to_string(),
            sarif: String::new(),
            github: String::new(),
            type_sizes: String::new(),
        };
        let err = check_positions(&rendered, &files).unwrap_err();
        assert!(err.contains("disagree"), "{err}");
    }
}
