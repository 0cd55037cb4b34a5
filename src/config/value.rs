//! Values as users write them: byte counts with units, counts, lint levels.

use memlint_lints::context::SettingKind;
use memlint_lints::diag::Level;
use memlint_lints::lint;

/// A setting's value from text: `65536`, `64 KiB`, `1MiB`, `"2 MiB"` for bytes.
pub fn parse(kind: SettingKind, text: &str) -> Result<u64, String> {
    match kind {
        SettingKind::Bytes => parse_bytes(text),
        SettingKind::Count => {
            let digits = text.trim().trim_matches('"').replace('_', "");
            digits
                .parse()
                .map_err(|_| format!("expected a whole number, like `100`; got `{text}`"))
        }
    }
}

/// A byte count: `65536`, `64 KiB`, `1MiB`, `"2 MiB"`.
pub fn parse_bytes(value: &str) -> Result<u64, String> {
    let text = value.trim().trim_matches('"').trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let expected =
        || format!("expected a number of bytes, like `65536` or `\"64 KiB\"`; got `{value}`");
    if number.is_empty() {
        return Err(expected());
    }
    let number: u64 = number.replace('_', "").parse().map_err(|_| expected())?;
    let scale: u64 = match unit.trim() {
        "" | "B" | "bytes" => 1,
        "KiB" | "K" | "KB" | "kB" => 1 << 10,
        "MiB" | "M" | "MB" => 1 << 20,
        "GiB" | "G" | "GB" => 1 << 30,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{value}` (use B, KiB, MiB or GiB)"
            ));
        }
    };
    number
        .checked_mul(scale)
        .ok_or_else(|| format!("`{value}` is too large"))
}

/// A lint level as config files write it: `"allow"`, `"warn"`, `"deny"`, `"forbid"`.
pub fn parse_level(text: &str) -> Result<Level, String> {
    const LEVELS: [(&str, Level); 4] = [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
        ("forbid", Level::Forbid),
    ];
    if let Some((_, level)) = LEVELS.iter().find(|(name, _)| *name == text) {
        return Ok(*level);
    }
    // `denied`, `warning`, `forbidden` are the usual slips: match on the stem too.
    let stem = |word: &str| word.chars().take(3).collect::<String>();
    let hint = lint::closest(text, LEVELS.iter().map(|(n, _)| *n))
        .or_else(|| {
            LEVELS
                .iter()
                .map(|(n, _)| *n)
                .find(|n| stem(n) == stem(text))
        })
        .map(|near| format!(" (did you mean `\"{near}\"`?)"))
        .unwrap_or_default();
    Err(format!(
        "expected one of \"allow\", \"warn\", \"deny\", \"forbid\"; got `\"{text}\"`{hint}"
    ))
}

/// The nearest of `candidates` to `word`, always one (a typo's fix, or failing that the
/// valid key that is least far off), phrased for an error message.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match lint::closest(word, candidates.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            format!("expected one of {}", all.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts() {
        assert_eq!(parse_bytes("65536"), Ok(65536));
        assert_eq!(parse_bytes("64 KiB"), Ok(65536));
        assert_eq!(parse_bytes("\"1MiB\""), Ok(1 << 20));
        assert_eq!(parse_bytes("1_000"), Ok(1000));
        assert!(parse_bytes("lots").is_err());
        assert!(parse_bytes("KiB").is_err());
        assert!(
            parse_bytes("4 parsecs")
                .unwrap_err()
                .contains("unknown unit `parsecs`")
        );
        assert!(
            parse_bytes("99999999999999 GiB")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn levels_suggest_the_near_one() {
        assert_eq!(parse_level("deny"), Ok(Level::Deny));
        let err = parse_level("denied").unwrap_err();
        assert!(err.contains("did you mean `\"deny\"`"), "{err}");
    }

    #[test]
    fn nearest_always_names_a_key() {
        assert_eq!(nearest("aray", ["array", "lints"]), "did you mean `array`?");
        assert_eq!(
            nearest("zzzzzz", ["array", "lints"]),
            "expected one of `array`, `lints`"
        );
    }
}
