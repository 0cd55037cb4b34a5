//! Baselines, for adopting memlint on an existing codebase: `--write-baseline FILE` records
//! today's findings, `--baseline FILE` reports only findings that are not in it.
//!
//! A finding is known by its lint, its file, the item it is in and the flagged code with
//! layout taken out, never by line numbers: editing unrelated code above a finding keeps it
//! matched, and fixing it leaves its entry stale, which is counted and shown.

use crate::run::Finding;
use memlint_lints::scope::normalize_code;
use memlint_lints::source::SourceMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

const VERSION: u32 = 1;

/// Flagged code longer than this is stored as its start and a hash of the whole, so that
/// a finding spanning a whole function does not copy the function into the baseline.
const MAX_CODE: usize = 160;

/// What identifies a finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub lint: String,
    pub file: String,
    pub item: String,
    pub code: String,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    #[serde(flatten)]
    key: Key,
    /// Identical findings in one item (two copies of the same array) are one entry.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    count: usize,
    /// For the reader of the file; not part of the match.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    message: String,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

#[derive(Serialize, Deserialize)]
struct BaselineFile {
    tool: String,
    version: u32,
    entries: Vec<Entry>,
}

/// The key of a lint finding (findings that are not lints are never baselined).
pub fn key(finding: &Finding, sources: &SourceMap) -> Option<Key> {
    let lint = finding.diag.lint?;
    let span = finding.diag.primary.span;
    let file = sources.get(span.file);
    let text = file.text.get(span.lo..span.hi).unwrap_or("");
    let mut code = normalize_code(text);
    if code.len() > MAX_CODE {
        let mut cut = 120;
        while !code.is_char_boundary(cut) {
            cut -= 1;
        }
        code = format!("{}…#{:016x}", &code[..cut], fnv1a(code.as_bytes()));
    }
    Some(Key {
        lint: lint.qualified_name(),
        file: file.display.clone(),
        item: finding.diag.item_path.clone().unwrap_or_default(),
        code,
    })
}

/// FNV-1a: stable across platforms and releases, unlike std's hasher.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes the findings' keys to `path` atomically (a temporary file beside it, renamed
/// over it), so an interrupted run never leaves half a baseline. Returns how many findings
/// it holds.
pub fn write(path: &Path, findings: &[Finding], sources: &SourceMap) -> Result<usize, String> {
    let mut counts: BTreeMap<Key, (usize, String)> = BTreeMap::new();
    for f in findings {
        if let Some(key) = key(f, sources) {
            let entry = counts.entry(key).or_insert((0, f.diag.message.clone()));
            entry.0 += 1;
        }
    }
    let total = counts.values().map(|(n, _)| n).sum();
    let file = BaselineFile {
        tool: "memlint".to_string(),
        version: VERSION,
        entries: counts
            .into_iter()
            .map(|(key, (count, message))| Entry {
                key,
                count,
                message,
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    json.push('\n');
    let shown = path.display();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| format!("cannot write the baseline `{shown}`: {e}"))?;
    // A temporary file is private to its owner; the baseline is meant to be shared.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    temp.write_all(json.as_bytes())
        .and_then(|()| match permissions {
            Some(p) => temp.as_file().set_permissions(p),
            None => Ok(()),
        })
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| format!("cannot write the baseline `{shown}`: {e}"))?;
    temp.persist(path)
        .map_err(|e| format!("cannot write the baseline `{shown}`: {}", e.error))?;
    Ok(total)
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// What applying a baseline did.
pub struct Applied {
    /// The baseline file as given.
    pub path: String,
    /// Findings it matched, which are not shown.
    pub matched: usize,
    /// Entries that matched no finding: fixed, or changed beyond recognition.
    pub stale: Vec<String>,
}

/// Drops the findings `path` records and reports its stale entries.
pub fn apply(
    path: &Path,
    findings: &mut Vec<Finding>,
    sources: &SourceMap,
) -> Result<Applied, String> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline `{shown}`: {e}"))?;
    let file: BaselineFile = serde_json::from_str(&text)
        .map_err(|e| format!("`{shown}` is not a memlint baseline: {e}"))?;
    if file.tool != "memlint" || file.version != VERSION {
        return Err(format!(
            "`{shown}` is a baseline of {} version {}; this memlint reads memlint version {VERSION}",
            file.tool, file.version
        ));
    }
    let mut left: BTreeMap<Key, usize> = BTreeMap::new();
    for entry in file.entries {
        *left.entry(entry.key).or_default() += entry.count;
    }
    let before = findings.len();
    findings.retain(|f| match key(f, sources).and_then(|k| left.get_mut(&k)) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    });
    let stale = left
        .into_iter()
        .flat_map(|(key, n)| {
            let line = format!(
                "{} in `{}` ({}): `{}`",
                key.lint, key.file, key.item, key.code
            );
            std::iter::repeat_n(line, n)
        })
        .collect();
    Ok(Applied {
        path: shown,
        matched: before - findings.len(),
        stale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_the_reference_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
