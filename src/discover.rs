//! What to lint: the crates of a Cargo workspace (through `cargo metadata`), or files and
//! directories given on the command line without a manifest.

use crate::cli::Cli;
use memlint_lints::cfg::CfgOptions;
use memlint_lints::load::{CrateRoots, ModPath};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The cargo package a crate belongs to, as JSON messages name it.
#[derive(Clone, Debug)]
pub struct PackageInfo {
    pub name: String,
    pub id: String,
    pub manifest_path: PathBuf,
}

/// A target in cargo's `compiler-message` shape.
#[derive(Clone, Debug, Serialize)]
pub struct TargetInfo {
    pub kind: Vec<String>,
    pub crate_types: Vec<String>,
    pub name: String,
    pub src_path: PathBuf,
    pub edition: String,
    pub doc: bool,
    pub doctest: bool,
    pub test: bool,
}

/// One crate to lint.
pub struct Unit {
    pub package: PackageInfo,
    pub target: TargetInfo,
    pub roots: CrateRoots,
}

pub struct Workspace {
    /// Paths are shown relative to this directory (the workspace root, or the current
    /// directory for bare paths).
    pub root: PathBuf,
    pub units: Vec<Unit>,
    /// Whether the units came from a Cargo manifest (summary lines then name packages).
    pub from_manifest: bool,
    /// Targets that could not be linted, one line each (a root file missing from a
    /// published package, say). They are shown but do not fail the run.
    pub skipped: Vec<String>,
    /// The workspace's root `Cargo.toml` (where `[workspace.metadata.memlint]` is), when
    /// the units came from a manifest.
    pub root_manifest: Option<PathBuf>,
}

pub fn discover(cli: &Cli) -> Result<Workspace, String> {
    if cli.paths.is_empty() {
        return from_manifest(cli, cli.manifest_path.clone());
    }
    if cli.manifest_path.is_some() {
        return Err("give either `--manifest-path` or paths to lint, not both".to_string());
    }
    if let [single] = cli.paths.as_slice()
        && single.is_dir()
        && single.join("Cargo.toml").is_file()
    {
        return from_manifest(cli, Some(single.join("Cargo.toml")));
    }
    from_paths(&cli.paths)
}

fn from_manifest(cli: &Cli, manifest: Option<PathBuf>) -> Result<Workspace, String> {
    if let Some(path) = &manifest {
        if !path.exists() {
            return Err(format!("manifest path `{}` does not exist", path.display()));
        }
        if path.file_name().is_none_or(|n| n != "Cargo.toml") && !path.is_file() {
            return Err(format!(
                "the manifest-path must be a path to a Cargo.toml file: `{}`",
                path.display()
            ));
        }
    }
    let manifest = match manifest {
        Some(m) => m,
        None => locate_manifest()?,
    };
    let mut cmd = cargo_metadata::MetadataCommand::new();
    cmd.manifest_path(&manifest).no_deps();
    // Never touch the network or a lockfile: memlint reads source only.
    cmd.other_options(vec!["--offline".to_string()]);
    if let Some(cargo) = std::env::var_os("CARGO") {
        cmd.cargo_path(cargo);
    }
    let meta = cmd.exec().map_err(|e| metadata_error(&manifest, e))?;
    let root = meta.workspace_root.clone().into_std_path_buf();
    let canonical_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    let selected = select_packages(cli, &meta, &manifest)?;
    let filter = cli.target_filter();
    let mut units = Vec::new();
    let mut skipped = Vec::new();
    for pkg in selected {
        let package = PackageInfo {
            name: pkg.name.to_string(),
            id: pkg.id.repr.clone(),
            manifest_path: pkg.manifest_path.clone().into_std_path_buf(),
        };
        let cfg = CfgOptions {
            features: Some(enabled_features(cli, pkg)),
        };
        for target in &pkg.targets {
            let kinds: Vec<String> = target.kind.iter().map(|k| k.to_string()).collect();
            let Some(kind) = lint_kind(&kinds) else {
                continue;
            };
            if filter.as_ref().is_some_and(|f| !f.contains(&kind)) {
                continue;
            }
            if !target.src_path.exists() {
                let shown = target
                    .src_path
                    .strip_prefix(&meta.workspace_root)
                    .unwrap_or(&target.src_path);
                skipped.push(format!(
                    "skipping {kind} target `{}` of `{}`: its root file `{shown}` does not exist",
                    target.name, pkg.name
                ));
                continue;
            }
            if std::fs::canonicalize(&target.src_path)
                .is_ok_and(|real| !real.starts_with(&canonical_root))
            {
                let shown = target
                    .src_path
                    .strip_prefix(&meta.workspace_root)
                    .unwrap_or(&target.src_path);
                skipped.push(format!(
                    "skipping {kind} target `{}` of `{}`: its root file `{shown}` is outside the workspace",
                    target.name, pkg.name
                ));
                continue;
            }
            units.push(Unit {
                package: package.clone(),
                target: TargetInfo {
                    kind: kinds,
                    crate_types: target.crate_types.iter().map(|c| c.to_string()).collect(),
                    name: target.name.clone(),
                    src_path: target.src_path.clone().into_std_path_buf(),
                    edition: target.edition.as_str().to_string(),
                    doc: target.doc,
                    doctest: target.doctest,
                    test: target.test,
                },
                roots: CrateRoots {
                    name: target.name.replace('-', "_"),
                    roots: vec![(target.src_path.clone().into_std_path_buf(), ModPath::new())],
                    cfg: cfg.clone(),
                    within: Some(canonical_root.clone()),
                },
            });
        }
    }
    Ok(Workspace {
        root_manifest: Some(root.join("Cargo.toml")),
        root,
        units,
        from_manifest: true,
        skipped,
    })
}

/// The features cargo would enable for `pkg`: the default ones (unless
/// `--no-default-features`), those named with `--features`, or all of them, each with the
/// features it enables in turn.
fn enabled_features(cli: &Cli, pkg: &cargo_metadata::Package) -> BTreeSet<String> {
    let mut wanted: Vec<String> = Vec::new();
    if cli.all_features {
        wanted.extend(pkg.features.keys().cloned());
    }
    if !cli.no_default_features {
        wanted.push("default".to_string());
    }
    for list in &cli.features {
        for name in list.split([',', ' ']).filter(|n| !n.is_empty()) {
            // `pkg/feature` names a feature of that package, or of a dependency.
            match name.split_once('/') {
                Some((owner, feature)) if owner == pkg.name.as_str() => {
                    wanted.push(feature.to_string())
                }
                Some(_) => {}
                None => wanted.push(name.to_string()),
            }
        }
    }
    let mut enabled = BTreeSet::new();
    while let Some(name) = wanted.pop() {
        let Some(implies) = pkg.features.get(&name) else {
            // An optional dependency without a feature of its own is a feature too.
            if pkg
                .dependencies
                .iter()
                .any(|d| d.optional && d.name == name)
            {
                enabled.insert(name);
            }
            continue;
        };
        if !enabled.insert(name) {
            continue;
        }
        for entry in implies {
            if entry.starts_with("dep:") {
                continue;
            }
            match entry.split_once('/') {
                // `dep/feature` turns the optional dependency `dep` on, `dep?/feature` not.
                Some((dep, _)) if !dep.ends_with('?') => wanted.push(dep.to_string()),
                Some(_) => {}
                None => wanted.push(entry.clone()),
            }
        }
    }
    enabled
}

/// The target kinds memlint lints (build scripts are left out, as cargo's `--all-targets`
/// leaves them out of target selection).
fn lint_kind(kinds: &[String]) -> Option<&'static str> {
    kinds.iter().find_map(|k| match k.as_str() {
        "lib" | "rlib" | "dylib" | "cdylib" | "staticlib" | "proc-macro" => Some("lib"),
        "bin" => Some("bin"),
        "test" => Some("test"),
        "example" => Some("example"),
        "bench" => Some("bench"),
        _ => None,
    })
}

/// cargo's rule: `-p` picks packages; `--workspace` takes every member minus `--exclude`;
/// otherwise a member's own manifest picks that member, and the root manifest picks the
/// default members.
fn select_packages<'m>(
    cli: &Cli,
    meta: &'m cargo_metadata::Metadata,
    manifest: &Path,
) -> Result<Vec<&'m cargo_metadata::Package>, String> {
    let members = meta.workspace_packages();
    if !cli.exclude.is_empty() && !cli.workspace {
        return Err("`--exclude` can only be used together with `--workspace`".to_string());
    }
    for spec in cli.exclude.iter() {
        if !members.iter().any(|p| p.name.as_str() == spec) {
            return Err(unknown_package(spec, &members, "excluded package"));
        }
    }
    if !cli.packages.is_empty() {
        let mut picked = Vec::new();
        for spec in &cli.packages {
            let name = spec.split('@').next().unwrap_or(spec);
            match members.iter().find(|p| p.name.as_str() == name) {
                Some(p) => picked.push(*p),
                None => return Err(unknown_package(spec, &members, "package")),
            }
        }
        picked.sort_by(|a, b| a.name.cmp(&b.name));
        picked.dedup_by(|a, b| a.id == b.id);
        return Ok(picked);
    }
    if cli.workspace {
        return Ok(members
            .into_iter()
            .filter(|p| !cli.exclude.iter().any(|e| e == p.name.as_str()))
            .collect());
    }
    let manifest = std::fs::canonicalize(manifest).unwrap_or_else(|_| manifest.to_path_buf());
    if let Some(own) = members.iter().find(|p| {
        std::fs::canonicalize(p.manifest_path.as_std_path())
            .ok()
            .as_ref()
            == Some(&manifest)
    }) {
        return Ok(vec![*own]);
    }
    let defaults = meta.workspace_default_packages();
    Ok(if defaults.is_empty() {
        members
    } else {
        defaults
    })
}

fn unknown_package(spec: &str, members: &[&cargo_metadata::Package], what: &str) -> String {
    let names = members.iter().map(|p| p.name.as_str());
    match memlint_lints::lint::closest(spec, names) {
        Some(near) => {
            format!("{what} `{spec}` not found in the workspace (did you mean `{near}`?)")
        }
        None => format!("{what} `{spec}` not found in the workspace"),
    }
}

/// The nearest `Cargo.toml` at or above the current directory, as cargo finds it.
fn locate_manifest() -> Result<PathBuf, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    cwd.ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|m| m.is_file())
        .ok_or_else(|| {
            format!(
                "could not find `Cargo.toml` in `{}` or any parent directory; \
                 to lint files without a manifest, name them: `cargo memlint src/`",
                cwd.display()
            )
        })
}

/// `cargo metadata` failed: show cargo's own first error line, which names the problem.
fn metadata_error(manifest: &Path, err: cargo_metadata::Error) -> String {
    let detail = match &err {
        cargo_metadata::Error::CargoMetadata { stderr } => stderr
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| l.strip_prefix("error: ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    };
    format!("failed to read `{}`: {detail}", manifest.display())
}

/// Files and directories without a manifest: one crate, rooted at each directory's
/// `lib.rs`/`main.rs` when there is one, plus every `.rs` file no module reaches.
fn from_paths(paths: &[PathBuf]) -> Result<Workspace, String> {
    let root =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let mut units = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(format!("path `{}` does not exist", path.display()));
        }
        let mut roots: Vec<(PathBuf, ModPath)> = Vec::new();
        if path.is_file() {
            roots.push((path.clone(), ModPath::new()));
        } else {
            for preferred in ["src/lib.rs", "src/main.rs", "lib.rs", "main.rs"] {
                let p = path.join(preferred);
                if p.is_file() {
                    roots.push((p, ModPath::new()));
                }
            }
            let mut rest: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_skipped_dir(e))
                .filter_map(Result::ok)
                .filter(|e| {
                    // Symlinked files too, even dangling or looping ones: reading them
                    // reports what is wrong instead of skipping them silently.
                    let file = e.file_type().is_file() || e.path_is_symlink() && !e.path().is_dir();
                    file && e.path().extension().is_some_and(|x| x == "rs")
                })
                .map(|e| e.into_path())
                .collect();
            rest.retain(|p| !roots.iter().any(|(r, _)| r == p));
            roots.extend(rest.into_iter().map(|p| (p, ModPath::new())));
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().replace('-', "_"))
            .unwrap_or_else(|| "main".to_string());
        let src_path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let dir = if path.is_file() {
            src_path.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            src_path.clone()
        };
        units.push(Unit {
            package: PackageInfo {
                name: name.clone(),
                id: format!("path+{}#{name}@0.0.0", file_url(&dir)),
                manifest_path: dir.join("Cargo.toml"),
            },
            target: TargetInfo {
                kind: vec![if path.is_file() { "bin" } else { "lib" }.to_string()],
                crate_types: vec![if path.is_file() { "bin" } else { "lib" }.to_string()],
                name: name.clone(),
                src_path,
                edition: "2024".to_string(),
                doc: true,
                doctest: false,
                test: true,
            },
            roots: CrateRoots {
                name,
                roots,
                // Without a manifest, which features are on is not known.
                cfg: CfgOptions::default(),
                within: None,
            },
        });
    }
    Ok(Workspace {
        root,
        units,
        from_manifest: false,
        skipped: Vec::new(),
        root_manifest: None,
    })
}

fn is_skipped_dir(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && {
        let name = entry.file_name().to_string_lossy();
        name.starts_with('.') || name == "target"
    }
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.to_string_lossy().replace('\\', "/"))
}
