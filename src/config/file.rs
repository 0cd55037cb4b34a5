//! memlint's table in a TOML file (`memlint.toml`, or `[package.metadata.memlint]` and
//! `[workspace.metadata.memlint]` in Cargo.toml), read with spans so that every error names
//! the file, line and column, and the nearest valid key.

use super::value;
use super::{Layer, LevelTarget};
use memlint_lints::context::{SETTINGS, setting};
use memlint_lints::lint::{self, LevelSource};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One TOML file as shown to users.
pub struct TomlFile<'a> {
    /// The path as printed (relative to the workspace root when inside it).
    pub shown: &'a str,
    pub text: &'a str,
}

impl TomlFile<'_> {
    /// The text before `offset`, which is moved onto a char boundary first.
    fn before(&self, offset: usize) -> &str {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        &self.text[..end]
    }

    fn at(&self, offset: usize) -> String {
        let before = self.before(offset);
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{}:{line}:{col}", self.shown)
    }

    fn line(&self, offset: usize) -> usize {
        self.before(offset).matches('\n').count() + 1
    }

    fn error(&self, offset: usize, message: impl std::fmt::Display) -> String {
        format!("{}: {message}", self.at(offset))
    }

    /// The table at `path` (`[]` is the whole file) read as a [`Layer`], or `None` when the
    /// file has no such table.
    pub fn layer(&self, path: &[&str]) -> Result<Option<Layer>, String> {
        let root = DeTable::parse(self.text).map_err(|e| {
            let at = e
                .span()
                .map_or(self.shown.to_string(), |s| self.at(s.start));
            format!("{at}: invalid TOML: {}", e.message())
        })?;
        let mut table = root.get_ref();
        for (depth, key) in path.iter().enumerate() {
            let Some(value) = table.get(*key) else {
                return Ok(None);
            };
            match value.get_ref() {
                DeValue::Table(t) => table = t,
                _ => {
                    let name = path[..=depth].join(".");
                    return Err(
                        self.error(value.span().start, format_args!("`{name}` must be a table"))
                    );
                }
            }
        }
        let prefix: String = path.iter().map(|p| format!("{p}.")).collect();
        let origin = match path {
            [] => String::new(),
            _ => format!(" ({})", path.join(".")),
        };
        let mut layer = Layer::default();
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let line = self.line(key.span().start);
            let place = format!("{}:{line}{origin}", self.shown);
            if name == "lints" {
                self.lints(value, &prefix, &origin, &mut layer)?;
                continue;
            }
            let Some(setting) = setting(name) else {
                let keys = SETTINGS.iter().map(|s| s.key).chain(["lints"]);
                return Err(self.error(
                    key.span().start,
                    format_args!(
                        "unknown key `{prefix}{name}` ({})",
                        value::nearest(name, keys)
                    ),
                ));
            };
            let parsed = match value.get_ref() {
                DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix())
                    .map_err(|_| format!("expected a non-negative whole number; got `{i}`")),
                DeValue::String(s) => value::parse(setting.kind, s),
                _ => Err("expected a number, or a string like `\"64 KiB\"`".to_string()),
            };
            let parsed = parsed.map_err(|e| {
                self.error(
                    value.span().start,
                    format_args!("bad value for `{prefix}{name}`: {e}"),
                )
            })?;
            layer.settings.push((setting, parsed, place));
        }
        Ok(Some(layer))
    }

    /// `[lints]`: `large_stack_array = "deny"`, or `{ level = "deny" }` as in Cargo's `[lints]`.
    fn lints(
        &self,
        value: &Spanned<DeValue>,
        prefix: &str,
        origin: &str,
        layer: &mut Layer,
    ) -> Result<(), String> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.error(
                value.span().start,
                format_args!("`{prefix}lints` must be a table"),
            ));
        };
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let target = if name == "warnings" {
                LevelTarget::Warnings
            } else {
                match lint::find(name) {
                    Some(lint) => LevelTarget::Lint(lint),
                    None => {
                        let names = lint::all().iter().map(|l| l.name).chain(["warnings"]);
                        let bare = name.strip_prefix("memlint::").unwrap_or(name);
                        return Err(self.error(
                            key.span().start,
                            format_args!(
                                "unknown lint `{prefix}lints.{name}` ({})",
                                value::nearest(bare, names)
                            ),
                        ));
                    }
                }
            };
            let level_text = self.level_text(value, prefix, name)?;
            let level = value::parse_level(level_text.get_ref()).map_err(|e| {
                self.error(
                    level_text.span().start,
                    format_args!("bad level for `{prefix}lints.{name}`: {e}"),
                )
            })?;
            let place = format!("{}:{}{origin}", self.shown, self.line(key.span().start));
            let source = match target {
                LevelTarget::Warnings => LevelSource::Warnings {
                    by: format!("`warnings = \"{}\"` in {place}", level.as_str()),
                },
                LevelTarget::Lint(_) => LevelSource::File { place },
            };
            layer.levels.push((target, level, source));
        }
        Ok(())
    }

    fn level_text<'v>(
        &self,
        value: &'v Spanned<DeValue<'v>>,
        prefix: &str,
        name: &str,
    ) -> Result<Spanned<String>, String> {
        match value.get_ref() {
            DeValue::String(s) => Ok(Spanned::new(value.span(), s.to_string())),
            DeValue::Table(t) => {
                for (key, _) in t.iter() {
                    let k = key.get_ref().as_ref();
                    if k != "level" && k != "priority" {
                        return Err(self.error(
                            key.span().start,
                            format_args!(
                                "unknown key `{k}` in `{prefix}lints.{name}` ({})",
                                value::nearest(k, ["level", "priority"])
                            ),
                        ));
                    }
                }
                match t.get("level").map(|l| (l.span(), l.get_ref())) {
                    Some((span, DeValue::String(s))) => Ok(Spanned::new(span, s.to_string())),
                    _ => Err(self.error(
                        value.span().start,
                        format_args!("`{prefix}lints.{name}` needs a `level` string"),
                    )),
                }
            }
            _ => Err(self.error(
                value.span().start,
                format_args!("`{prefix}lints.{name}` must be a level like `\"deny\"`"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(text: &str, path: &[&str]) -> Result<Option<Layer>, String> {
        TomlFile {
            shown: "memlint.toml",
            text,
        }
        .layer(path)
    }

    #[test]
    fn reads_settings_and_levels() {
        let text = "array-size-threshold = \"64 KiB\"\nmain_thread_stack_size = 1048576\n\
                    [lints]\nlarge_stack_array = \"deny\"\nsyntax-error = { level = \"warn\" }\nwarnings = \"deny\"\n";
        let layer = layer(text, &[]).unwrap().unwrap();
        let settings: Vec<_> = layer
            .settings
            .iter()
            .map(|(s, v, p)| (s.key, *v, p.as_str()))
            .collect();
        assert!(settings.contains(&("array-size-threshold", 65536, "memlint.toml:1")));
        assert!(settings.contains(&("main-thread-stack-size", 1 << 20, "memlint.toml:2")));
        assert_eq!(layer.levels.len(), 3);
    }

    #[test]
    fn nested_tables_and_missing_ones() {
        let text =
            "[package]\nname = \"x\"\n[package.metadata.memlint]\narray-size-threshold = 7\n";
        let found = layer(text, &["package", "metadata", "memlint"])
            .unwrap()
            .unwrap();
        assert_eq!(
            found.settings[0].2,
            "memlint.toml:4 (package.metadata.memlint)"
        );
        assert!(
            layer(text, &["workspace", "metadata", "memlint"])
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn errors_name_file_line_and_nearest_key() {
        let err = layer("\n\narray-size-treshold = 4\n", &[]).err().unwrap();
        assert_eq!(
            err,
            "memlint.toml:3:1: unknown key `array-size-treshold` (did you mean `array-size-threshold`?)"
        );
        let err = layer("[lints]\nlarge_stack_arrays = \"deny\"", &[])
            .err()
            .unwrap();
        assert!(err.starts_with("memlint.toml:2:1: unknown lint `lints.large_stack_arrays` (did you mean `large_stack_array`?)"), "{err}");
        let err = layer("array-size-threshold = \"lots\"", &[]).err().unwrap();
        assert!(
            err.starts_with("memlint.toml:1:24: bad value for `array-size-threshold`"),
            "{err}"
        );
        let err = layer("array-size-threshold = -1", &[]).err().unwrap();
        assert!(err.contains("non-negative"), "{err}");
        let err = layer("[lints]\nlarge_stack_array = \"denied\"", &[])
            .err()
            .unwrap();
        assert!(err.contains("did you mean `\"deny\"`"), "{err}");
        let err = layer(
            "[package]\nmetadata = 3",
            &["package", "metadata", "memlint"],
        )
        .err()
        .unwrap();
        assert_eq!(err, "memlint.toml:2:12: `package.metadata` must be a table");
        let err = layer("a = [", &[]).err().unwrap();
        assert!(err.starts_with("memlint.toml:1:"), "{err}");
    }
}
