//! Loading a crate's source: from its root file, follow `mod` declarations to every file of
//! the module tree (`foo.rs`, `foo/mod.rs`, `#[path]`, inline modules), reading and parsing
//! each one once.
//!
//! `mod` items are followed whatever their `#[cfg]`: memlint lints every configuration.

use crate::diag::{Diagnostic, Severity, Span};
use crate::lints::syntax_error;
use crate::parse::{Parsed, parse_file};
use crate::source::{FileId, SourceFile, SourceMap};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A module path from the crate root: `[]` is the root, `["a", "b"]` is `crate::a::b`.
pub type ModPath = Vec<String>;

/// One file of a crate, parsed.
pub struct ModuleFile {
    pub file: FileId,
    /// The module this file is.
    pub module: ModPath,
    pub parsed: Parsed,
}

/// What to load: a crate name and its root files. A crate has one root; linting a bare
/// directory adds every `.rs` file no module declaration reaches as a root of its own.
#[derive(Clone, Debug)]
pub struct CrateRoots {
    pub name: String,
    pub roots: Vec<(PathBuf, ModPath)>,
    /// What `#[cfg]`s mean for this crate (its enabled features).
    pub cfg: crate::cfg::CfgOptions,
    /// Module files outside this directory (a workspace root, canonical) are not read:
    /// `#[path = "/proc/self/environ"]` in an untrusted checkout must not print the
    /// machine's files in a syntax error. `None` when the user named the files to lint.
    pub within: Option<PathBuf>,
}

/// Source files larger than this are not read: their syntax trees would take tens of
/// gigabytes, and `#[path = "/dev/zero"]` never ends.
pub const MAX_SOURCE_BYTES: u64 = 128 << 20;

#[derive(Default)]
pub struct LoadedCrate {
    pub name: String,
    pub files: Vec<ModuleFile>,
    /// Syntax errors and module files that could not be found.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that exist but could not be read (I/O errors, non-UTF-8): one line each.
    pub read_errors: Vec<String>,
}

/// Reads files into the shared [`SourceMap`], showing paths relative to `display_base`.
pub struct Loader<'a> {
    pub sources: &'a mut SourceMap,
    pub display_base: &'a Path,
}

struct Pending {
    path: PathBuf,
    module: ModPath,
    /// Whether nested `mod foo;` files live beside this file (crate roots, `mod.rs`,
    /// `#[path]` files) rather than in a directory named after it.
    owns_dir: bool,
    /// Where the `mod` item that named this file is, to point at when the file is missing.
    declared_at: Option<Span>,
}

impl Loader<'_> {
    pub fn load(&mut self, roots: &CrateRoots) -> LoadedCrate {
        let mut out = LoadedCrate {
            name: roots.name.clone(),
            ..LoadedCrate::default()
        };
        let mut seen: HashMap<PathBuf, ModPath> = HashMap::new();
        let mut queue: Vec<Pending> = roots
            .roots
            .iter()
            .rev()
            .map(|(path, module)| Pending {
                path: path.clone(),
                module: module.clone(),
                owns_dir: true,
                declared_at: None,
            })
            .collect();
        while let Some(next) = queue.pop() {
            let key = std::fs::canonicalize(&next.path).unwrap_or_else(|_| next.path.clone());
            if let Some(first) = seen.get(&key) {
                if let Some(span) = next.declared_at {
                    out.diagnostics.push(Diagnostic::plain(
                        Severity::Warning,
                        format!(
                            "`{}` is already loaded as module `{}`; memlint lints it once",
                            relative_display(&next.path, self.display_base),
                            module_display(first)
                        ),
                        span,
                    ));
                }
                continue;
            }
            if let (Some(within), Some(span)) = (&roots.within, next.declared_at)
                && key.is_absolute()
                && !key.starts_with(within)
            {
                out.diagnostics.push(outside(self, &next, &key, span));
                continue;
            }
            seen.insert(key, next.module.clone());
            let file = match self.read(&next.path) {
                Ok(file) => file,
                Err(err) => {
                    match next.declared_at {
                        // Nothing there at all (a symlink loop is there, and unreadable).
                        Some(span) if std::fs::symlink_metadata(&next.path).is_err() => {
                            out.diagnostics.push(missing_module(self, &next, span))
                        }
                        _ => out.read_errors.push(err),
                    }
                    continue;
                }
            };
            let text = &self.sources.get(file).text;
            match parse_file(text) {
                Ok(parsed) => {
                    let found = module_files(&parsed, file, &next);
                    // Depth-first in source order, so files load in a stable order.
                    queue.extend(found.into_iter().rev());
                    out.files.push(ModuleFile {
                        file,
                        module: next.module,
                        parsed,
                    });
                }
                Err(err) => out.diagnostics.push(syntax_error::diagnostic(
                    Span::new(file, err.range),
                    &err.message,
                )),
            }
        }
        out
    }

    /// Reads a file into the source map, or returns the one-line error to show.
    fn read(&mut self, path: &Path) -> Result<FileId, String> {
        if let Some(id) = self.sources.find(path) {
            return Ok(id);
        }
        let shown = relative_display(path, self.display_base);
        let bytes = read_source(path).map_err(|e| format!("couldn't read `{shown}`: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "couldn't read `{shown}`: stream did not contain valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        Ok(self
            .sources
            .add(SourceFile::new(path.to_path_buf(), shown, text)))
    }
}

/// Reads a regular file of at most [`MAX_SOURCE_BYTES`]: never a FIFO or device, which
/// could block or never end.
fn read_source(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let not_a_file = || Error::new(ErrorKind::InvalidInput, "not a regular file");
    // Before opening: opening a FIFO waits for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_a_file());
    }
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    let too_large = || {
        Error::new(
            ErrorKind::InvalidData,
            format!(
                "larger than the {} MiB memlint reads",
                MAX_SOURCE_BYTES >> 20
            ),
        )
    };
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(too_large());
    }
    // Files in /proc report a length of 0 and may grow while being read.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn outside(loader: &Loader, pending: &Pending, canonical: &Path, span: Span) -> Diagnostic {
    let name = pending.module.last().map_or("", String::as_str);
    Diagnostic::plain(
        Severity::Warning,
        format!("the file of module `{name}` is outside the workspace"),
        span,
    )
    .with_help(format!(
        "memlint does not read `{}`, so the module is not linted",
        relative_display(canonical, loader.display_base)
    ))
}

fn missing_module(loader: &Loader, pending: &Pending, span: Span) -> Diagnostic {
    let name = pending.module.last().map_or("", String::as_str);
    let shown = relative_display(&pending.path, loader.display_base);
    Diagnostic::plain(
        Severity::Warning,
        format!("file not found for module `{name}`"),
        span,
    )
    .with_help(format!(
        "memlint looked for `{shown}`; the module is not linted"
    ))
}

/// `path` relative to `base` when it lies inside it, with `/` separators.
pub fn relative_display(path: &Path, base: &Path) -> String {
    let shown = path.strip_prefix(base).unwrap_or(path);
    let shown = shown.strip_prefix(".").unwrap_or(shown);
    shown.to_string_lossy().replace('\\', "/")
}

fn module_display(module: &ModPath) -> String {
    std::iter::once("crate")
        .chain(module.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("::")
}

/// The files named by out-of-line `mod foo;` items of a parsed file, inline modules included.
fn module_files(parsed: &Parsed, file: FileId, from: &Pending) -> Vec<Pending> {
    let dir = from.path.parent().unwrap_or(Path::new("")).to_path_buf();
    // Directory that `mod foo;` (without `#[path]`) is relative to.
    let base = if from.owns_dir {
        dir.clone()
    } else {
        let stem = from.path.file_stem().unwrap_or_default();
        dir.join(stem)
    };
    let mut found = Vec::new();
    // (items, inline module names from the file's top, module path)
    let mut stack: Vec<(&[syn::Item], Vec<String>, ModPath)> =
        vec![(&parsed.ast.items, Vec::new(), from.module.clone())];
    while let Some((items, inline, module)) = stack.pop() {
        for item in items {
            let syn::Item::Mod(m) = item else { continue };
            let name = unraw(&m.ident);
            let mut child = module.clone();
            child.push(name.clone());
            if let Some((_, content)) = &m.content {
                let mut nested = inline.clone();
                nested.push(path_attr(&m.attrs).unwrap_or_else(|| name.clone()));
                stack.push((content, nested, child));
                continue;
            }
            let range = m.ident.span().byte_range();
            let declared_at = Some(Span::new(
                file,
                range.start + parsed.offset..range.end + parsed.offset,
            ));
            let (path, owns_dir) = match path_attr(&m.attrs) {
                Some(p) if inline.is_empty() => (dir.join(p), true),
                Some(p) => (join_all(&base, &inline).join(p), true),
                None => {
                    let here = join_all(&base, &inline);
                    let flat = here.join(format!("{name}.rs"));
                    let nested = here.join(&name).join("mod.rs");
                    if !flat.exists() && nested.exists() {
                        (nested, true)
                    } else {
                        (flat, false)
                    }
                }
            };
            found.push(Pending {
                path,
                module: child,
                owns_dir,
                declared_at,
            });
        }
    }
    found
}

fn join_all(base: &Path, parts: &[String]) -> PathBuf {
    parts.iter().fold(base.to_path_buf(), |p, s| p.join(s))
}

/// The string of a `#[path = "..."]` attribute.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| match &attr.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

/// An identifier without its `r#` prefix.
pub fn unraw(ident: &syn::Ident) -> String {
    let s = ident.to_string();
    match s.strip_prefix("r#") {
        Some(rest) => rest.to_string(),
        None => s,
    }
}
