//! Lint declarations, the registry of all lints, and lint levels.

use crate::collections::HashMap;
use crate::diag::Level;

/// A lint as users see it: its name, default level and documentation.
#[derive(Debug)]
pub struct Lint {
    /// The name without the tool prefix, e.g. `large_stack_array`.
    pub name: &'static str,
    pub default_level: Level,
    /// One line, for `--list` and SARIF short descriptions.
    pub summary: &'static str,
    /// The full doc block (what it does, why it matters, example, known limits), markdown.
    pub doc: &'static str,
    /// The Clippy lint that covers the same ground, if any: `#[allow]` of it also silences this one.
    pub clippy_equivalent: Option<&'static str>,
}

impl Lint {
    /// `memlint::large_stack_array`
    pub fn qualified_name(&self) -> String {
        format!("memlint::{}", self.name)
    }
}

impl PartialEq for Lint {
    fn eq(&self, other: &Lint) -> bool {
        self.name == other.name
    }
}

/// Declares a lint whose doc comment becomes its documentation, as Clippy's
/// `declare_clippy_lint!` does: the same text serves rustdoc, `--explain` and the docs page.
#[macro_export]
macro_rules! declare_lint {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = {
            name: $name:literal,
            level: $level:ident,
            summary: $summary:literal
            $(, clippy: $clippy:literal)? $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::lint::Lint = $crate::lint::Lint {
            name: $name,
            default_level: $crate::diag::Level::$level,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            clippy_equivalent: $crate::declare_lint!(@clippy $($clippy)?),
        };
    };
    (@clippy $clippy:literal) => { Some($clippy) };
    (@clippy) => { None };
}

/// Every lint memlint knows, in a stable order (alphabetical).
pub fn all() -> &'static [&'static Lint] {
    crate::lints::ALL
}

/// Looks a lint up by `name`, `memlint::name` or the `-`-separated spelling rustc accepts.
pub fn find(name: &str) -> Option<&'static Lint> {
    let name = name.strip_prefix("memlint::").unwrap_or(name);
    let name = name.replace('-', "_");
    all().iter().copied().find(|l| l.name == name)
}

/// The known name closest to `name`, for "did you mean" hints.
pub fn suggest(name: &str) -> Option<&'static str> {
    let bare = name.strip_prefix("memlint::").unwrap_or(name);
    closest(bare, all().iter().map(|l| l.name))
}

/// The candidate with the smallest edit distance, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= (c.len().max(word.len()) / 3).max(2) || c.contains(word))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Where a lint's level came from; rustc prints it once per lint ("on by default",
/// "requested on the command line with `-D ...`").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelSource {
    Default,
    CommandLine {
        flag: String,
    },
    /// A config file, `place` being e.g. `memlint.toml:4`.
    File {
        place: String,
    },
    /// `warnings` at deny (or allow) turned this warning into an error (or silenced it);
    /// `by` says where: ``-D warnings`` or a config file key.
    Warnings {
        by: String,
    },
    /// A lint attribute in the source: `attr` as written, at `place` (`src/lib.rs:3:1`).
    Attribute {
        attr: String,
        place: String,
    },
}

impl LevelSource {
    /// The note shown on the first finding of a lint at this level.
    pub fn note(&self, lint: &Lint, level: Level) -> String {
        let name = lint.qualified_name();
        match self {
            LevelSource::Default => format!("`#[{}({name})]` on by default", level.as_str()),
            LevelSource::CommandLine { flag } => {
                format!("requested on the command line with `{flag}`")
            }
            LevelSource::File { place } => {
                format!("`#[{}({name})]` set in {place}", level.as_str())
            }
            LevelSource::Warnings { by } => {
                let flag = if level == Level::Allow { 'A' } else { 'D' };
                format!("`-{flag} {name}` implied by {by}")
            }
            LevelSource::Attribute { attr, place } => {
                format!("the lint level is defined here: `{attr}` at {place}")
            }
        }
    }
}

/// The level of every lint for one run.
#[derive(Clone, Debug, Default)]
pub struct LintLevels {
    overrides: HashMap<&'static str, (Level, LevelSource)>,
    warnings: Option<(Level, String)>,
}

impl LintLevels {
    /// Applies one level setting. Later settings win, except that nothing lowers a `forbid`.
    pub fn set(&mut self, lint: &'static Lint, level: Level, source: LevelSource) {
        if matches!(self.overrides.get(lint.name), Some((Level::Forbid, _))) {
            return;
        }
        self.overrides.insert(lint.name, (level, source));
    }

    /// `-D warnings` / `-W warnings` / `-A warnings`: applies to every lint that ends up at
    /// `warn`. `by` names the setting for the level note (``-D warnings``).
    pub fn set_warnings(&mut self, level: Level, by: String) {
        self.warnings = Some((level, by));
    }

    /// The level of `lint` before any attribute in the source is considered.
    pub fn level(&self, lint: &Lint) -> (Level, LevelSource) {
        let (level, source) = self.configured(lint);
        self.apply_warnings(level, source)
    }

    /// The level configured for `lint` itself, before `warnings` is applied.
    pub fn configured(&self, lint: &Lint) -> (Level, LevelSource) {
        self.overrides
            .get(lint.name)
            .cloned()
            .unwrap_or((lint.default_level, LevelSource::Default))
    }

    /// What `warnings` makes of a lint that is at `level` for `source`.
    pub fn apply_warnings(&self, level: Level, source: LevelSource) -> (Level, LevelSource) {
        match (level, &self.warnings) {
            (Level::Warn, Some((Level::Deny | Level::Forbid, by))) => {
                (Level::Deny, LevelSource::Warnings { by: by.clone() })
            }
            (Level::Warn, Some((Level::Allow, by))) => {
                (Level::Allow, LevelSource::Warnings { by: by.clone() })
            }
            _ => (level, source),
        }
    }

    /// The level `warnings` is set to, if any, and what set it.
    pub fn warnings(&self) -> Option<(Level, &str)> {
        self.warnings
            .as_ref()
            .map(|(level, by)| (*level, by.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(flag: &str) -> LevelSource {
        LevelSource::CommandLine { flag: flag.into() }
    }

    #[test]
    fn finds_lints_by_any_spelling() {
        assert!(find("large_stack_array").is_some());
        assert!(find("memlint::large_stack_array").is_some());
        assert!(find("large-stack-array").is_some());
        assert!(find("large_stack_arrays").is_none());
    }

    #[test]
    fn suggests_near_names() {
        assert_eq!(suggest("large_stack_arrays"), Some("large_stack_array"));
        assert_eq!(
            suggest("memlint::large_stak_array"),
            Some("large_stack_array")
        );
        assert_eq!(suggest("completely_different"), None);
    }

    #[test]
    fn deny_warnings_raises_only_warnings() {
        let lint = find("large_stack_array").unwrap();
        let mut levels = LintLevels::default();
        levels.set_warnings(Level::Deny, "`-D warnings`".into());
        assert_eq!(levels.level(lint).0, Level::Deny);
        levels.set(lint, Level::Allow, cli("-A large_stack_array"));
        assert_eq!(levels.level(lint).0, Level::Allow);
    }

    #[test]
    fn forbid_cannot_be_lowered() {
        let lint = find("large_stack_array").unwrap();
        let mut levels = LintLevels::default();
        levels.set(lint, Level::Forbid, cli("-F x"));
        levels.set(lint, Level::Allow, cli("-A x"));
        assert_eq!(levels.level(lint).0, Level::Forbid);
    }
}
