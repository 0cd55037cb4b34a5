//! Settings and lint levels for each package, from every source, lowest first:
//! defaults, `memlint.toml` (or `.memlint.toml`, the nearest at or above the package's
//! manifest, as Clippy finds `clippy.toml`), `[workspace.metadata.memlint]`,
//! `[package.metadata.memlint]`, then the command line (`--config key=value`, `-A/-W/-D/-F`).
//! Attributes in the source come after all of these (see `memlint_lints::suppress`).

mod file;
mod print;
mod value;

pub use print::print;

use crate::cli::LevelFlag;
use crate::discover::Workspace;
use file::TomlFile;
use memlint_lints::context::{Config, SETTINGS, Setting, setting};
use memlint_lints::diag::Level;
use memlint_lints::lint::{self, LevelSource, Lint, LintLevels};
use memlint_lints::load::relative_display;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a level setting applies to.
#[derive(Clone, Copy, Debug)]
pub enum LevelTarget {
    Lint(&'static Lint),
    /// Every lint that ends up at `warn`, as `-D warnings`.
    Warnings,
}

/// One source of settings: a config table, or the command line.
#[derive(Default)]
pub struct Layer {
    /// Each setting given, its value, and where (`memlint.toml:3`).
    pub settings: Vec<(&'static Setting, u64, String)>,
    pub levels: Vec<(LevelTarget, Level, LevelSource)>,
}

/// Everything one package is linted with.
#[derive(Clone)]
pub struct Effective {
    pub config: Config,
    pub levels: LintLevels,
    /// Where each of [`SETTINGS`] got its value (`default`, `memlint.toml:3`, ...).
    pub setting_sources: Vec<String>,
    /// The config files that were read for it.
    pub files: Vec<String>,
}

impl Effective {
    fn from_layers(layers: &[&Layer], files: Vec<String>) -> Effective {
        let mut config = Config::default();
        let mut setting_sources = vec!["default".to_string(); SETTINGS.len()];
        let mut levels = LintLevels::default();
        for layer in layers {
            for (setting, value, place) in &layer.settings {
                (setting.set)(&mut config, *value);
                if let Some(i) = SETTINGS.iter().position(|s| s.key == setting.key) {
                    setting_sources[i] = place.clone();
                }
            }
            for (target, level, source) in &layer.levels {
                match (target, source) {
                    (LevelTarget::Lint(lint), _) => levels.set(lint, *level, source.clone()),
                    (LevelTarget::Warnings, LevelSource::Warnings { by }) => {
                        levels.set_warnings(*level, by.clone())
                    }
                    (LevelTarget::Warnings, _) => levels.set_warnings(*level, String::new()),
                }
            }
        }
        Effective {
            config,
            levels,
            setting_sources,
            files,
        }
    }
}

/// The settings of every package of a run.
pub struct Settings {
    /// One per package (or per path linted without a manifest), with its name.
    pub packages: Vec<(String, Effective)>,
    /// For each unit of the workspace, its entry in `packages`.
    pub unit_package: Vec<usize>,
    /// Things worth saying that do not stop the run (two config files in one directory).
    pub warnings: Vec<String>,
}

impl Settings {
    pub fn for_unit(&self, unit: usize) -> &Effective {
        &self.packages[self.unit_package[unit]].1
    }
}

/// Reads every config source for the workspace's packages.
pub fn load(ws: &Workspace, cli: Layer) -> Result<Settings, String> {
    let mut warnings = Vec::new();
    let mut cache = FileCache::default();
    let workspace_layer = match &ws.root_manifest {
        Some(manifest) => cache.layer(manifest, &ws.root, &["workspace", "metadata", "memlint"])?,
        None => None,
    };
    let mut by_manifest: HashMap<PathBuf, usize> = HashMap::new();
    let mut packages: Vec<(String, Effective)> = Vec::new();
    let mut unit_package = Vec::new();
    for unit in &ws.units {
        let manifest = &unit.package.manifest_path;
        if let Some(&index) = by_manifest.get(manifest) {
            unit_package.push(index);
            continue;
        }
        let dir = manifest.parent().unwrap_or(Path::new("."));
        let mut files = Vec::new();
        let found = find_config_file(dir, &mut warnings);
        let file_layer = match &found {
            Some(path) => {
                files.push(relative_display(path, &ws.root));
                cache.layer(path, &ws.root, &[])?
            }
            None => None,
        };
        let package_layer = if ws.root_manifest.is_some() {
            cache.layer(manifest, &ws.root, &["package", "metadata", "memlint"])?
        } else {
            None
        };
        if workspace_layer.is_some() || package_layer.is_some() {
            for path in [ws.root_manifest.as_ref(), Some(manifest)]
                .into_iter()
                .flatten()
            {
                let shown = relative_display(path, &ws.root);
                if !files.contains(&shown) {
                    files.push(shown);
                }
            }
        }
        let layers: Vec<&Layer> = [
            file_layer.as_ref(),
            workspace_layer.as_ref(),
            package_layer.as_ref(),
            Some(&cli),
        ]
        .into_iter()
        .flatten()
        .collect();
        by_manifest.insert(manifest.clone(), packages.len());
        unit_package.push(packages.len());
        packages.push((
            unit.package.name.clone(),
            Effective::from_layers(&layers, files),
        ));
    }
    Ok(Settings {
        packages,
        unit_package,
        warnings,
    })
}

/// Files are read once even when several packages share them.
#[derive(Default)]
struct FileCache {
    text: HashMap<PathBuf, String>,
}

impl FileCache {
    fn layer(&mut self, path: &Path, root: &Path, table: &[&str]) -> Result<Option<Layer>, String> {
        let shown = relative_display(path, root);
        if !self.text.contains_key(path) {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("couldn't read `{shown}`: {e}"))?;
            self.text.insert(path.to_path_buf(), text);
        }
        let text = &self.text[path];
        TomlFile {
            shown: &shown,
            text,
        }
        .layer(table)
    }
}

/// `memlint.toml` or `.memlint.toml` in `dir` or the nearest directory above it.
fn find_config_file(dir: &Path, warnings: &mut Vec<String>) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    for ancestor in dir.ancestors() {
        let plain = ancestor.join("memlint.toml");
        let hidden = ancestor.join(".memlint.toml");
        match (plain.is_file(), hidden.is_file()) {
            (true, true) => {
                let message = format!(
                    "using `{}`; `.memlint.toml` beside it is ignored",
                    plain.display()
                );
                if !warnings.contains(&message) {
                    warnings.push(message);
                }
                return Some(plain);
            }
            (true, false) => return Some(plain),
            (false, true) => return Some(hidden),
            (false, false) => {}
        }
    }
    None
}

/// The command line as the last layer: `-A/-W/-D/-F` in the order given, and `--config`.
pub fn cli_layer(flags: &[LevelFlag], pairs: &[String]) -> Result<Layer, String> {
    let mut layer = Layer::default();
    for flag in flags {
        let letter = match flag.level {
            Level::Allow => 'A',
            Level::Warn => 'W',
            Level::Deny => 'D',
            Level::Forbid => 'F',
        };
        let written = format!("-{letter} {}", flag.lint);
        if flag.lint == "warnings" {
            let by = format!("`{written}`");
            layer.levels.push((
                LevelTarget::Warnings,
                flag.level,
                LevelSource::Warnings { by },
            ));
            continue;
        }
        let Some(found) = lint::find(&flag.lint) else {
            let hint = lint::suggest(&flag.lint)
                .map(|near| format!(" (did you mean `memlint::{near}`?)"))
                .unwrap_or_default();
            return Err(format!("unknown lint `{}` in `-{letter}`{hint}", flag.lint));
        };
        layer.levels.push((
            LevelTarget::Lint(found),
            flag.level,
            LevelSource::CommandLine { flag: written },
        ));
    }
    for pair in pairs {
        let Some((key, text)) = pair.split_once('=') else {
            return Err(format!("`--config {pair}` must look like `key=value`"));
        };
        let key = key.trim();
        let Some(found) = setting(key) else {
            let keys = SETTINGS.iter().map(|s| s.key);
            return Err(format!(
                "unknown setting `{key}` in `--config` ({})",
                value::nearest(key, keys)
            ));
        };
        let parsed = value::parse(found.kind, text)
            .map_err(|e| format!("bad value for `--config {key}`: {e}"))?;
        layer
            .settings
            .push((found, parsed, format!("`--config {pair}`")));
    }
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_cli_key_suggests() {
        let err = cli_layer(&[], &["array-size-treshold=4".to_string()])
            .err()
            .unwrap();
        assert!(err.contains("did you mean `array-size-threshold`"), "{err}");
    }

    #[test]
    fn later_layers_win() {
        let low = file::TomlFile {
            shown: "memlint.toml",
            text: "array-size-threshold = 10\nmain-thread-stack-size = 20\n[lints]\nlarge_stack_array = \"deny\"",
        }
        .layer(&[])
        .unwrap()
        .unwrap();
        let cli = cli_layer(
            &[LevelFlag {
                level: Level::Allow,
                lint: "large_stack_array".into(),
            }],
            &["array-size-threshold=5".to_string()],
        )
        .unwrap();
        let effective = Effective::from_layers(&[&low, &cli], Vec::new());
        assert_eq!(effective.config.array_size_threshold, 5);
        assert_eq!(effective.config.main_thread_stack_size, 20);
        let lint = lint::find("large_stack_array").unwrap();
        assert_eq!(effective.levels.level(lint).0, Level::Allow);
        let source =
            |key| &effective.setting_sources[SETTINGS.iter().position(|s| s.key == key).unwrap()];
        assert_eq!(
            source("array-size-threshold"),
            "`--config array-size-threshold=5`"
        );
        assert_eq!(source("main-thread-stack-size"), "memlint.toml:2");
    }
}
