//! Lint levels and settings from the command line, checked before anything runs.

use crate::cli::LevelFlag;
use memlint_lints::context::Config;
use memlint_lints::diag::Level;
use memlint_lints::lint::{self, LintLevels};

pub fn levels(flags: &[LevelFlag]) -> Result<LintLevels, String> {
    let mut levels = LintLevels::default();
    for flag in flags {
        let letter = match flag.level {
            Level::Allow => 'A',
            Level::Warn => 'W',
            Level::Deny => 'D',
            Level::Forbid => 'F',
        };
        if flag.lint == "warnings" {
            levels.set_warnings(flag.level);
            continue;
        }
        let Some(found) = lint::find(&flag.lint) else {
            let hint = lint::suggest(&flag.lint)
                .map(|near| format!(" (did you mean `memlint::{near}`?)"))
                .unwrap_or_default();
            return Err(format!("unknown lint `{}` in `-{letter}`{hint}", flag.lint));
        };
        levels.set(found, flag.level, format!("-{letter} {}", flag.lint));
    }
    Ok(levels)
}

/// Settings a run can be given with `--config key=value`.
const KEYS: &[&str] = &["array-size-threshold"];

pub fn config(pairs: &[String]) -> Result<Config, String> {
    let mut config = Config::default();
    for pair in pairs {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!("`--config {pair}` must look like `key=value`"));
        };
        let key = key.trim();
        match key {
            "array-size-threshold" => config.array_size_threshold = parse_bytes(key, value)?,
            other => {
                let hint = lint::closest(other, KEYS.iter().copied())
                    .map(|near| format!(" (did you mean `{near}`?)"))
                    .unwrap_or_default();
                return Err(format!("unknown setting `{other}`{hint}"));
            }
        }
    }
    Ok(config)
}

/// A byte count: `65536`, `64 KiB`, `1MiB`, `"2 MiB"`.
pub fn parse_bytes(key: &str, value: &str) -> Result<u64, String> {
    let text = value.trim().trim_matches('"');
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let number: u64 = number.replace('_', "").parse().map_err(|_| {
        format!("`{key}` must be a number of bytes, like `65536` or `\"64 KiB\"`; got `{value}`")
    })?;
    let scale: u64 = match unit.trim() {
        "" | "B" | "bytes" => 1,
        "KiB" | "K" | "KB" => 1 << 10,
        "MiB" | "M" | "MB" => 1 << 20,
        "GiB" | "G" | "GB" => 1 << 30,
        other => {
            return Err(format!(
                "`{key}`: unknown unit `{other}` (use B, KiB, MiB or GiB)"
            ));
        }
    };
    number
        .checked_mul(scale)
        .ok_or_else(|| format!("`{key}` is too large: `{value}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts() {
        assert_eq!(parse_bytes("k", "65536"), Ok(65536));
        assert_eq!(parse_bytes("k", "64 KiB"), Ok(65536));
        assert_eq!(parse_bytes("k", "\"1MiB\""), Ok(1 << 20));
        assert!(parse_bytes("k", "lots").is_err());
        assert!(parse_bytes("k", "4 parsecs").is_err());
    }

    #[test]
    fn unknown_key_suggests() {
        let err = config(&["array-size-treshold=4".to_string()]).unwrap_err();
        assert!(err.contains("did you mean `array-size-threshold`"), "{err}");
    }
}
