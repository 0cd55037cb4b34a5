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
    /// The name of the `mod foo;` item that brought this file in (`None` for crate roots):
    /// attributes around that item apply to the whole file.
    pub declared_at: Option<Span>,
}

/// What to load: a crate name and its root files. A crate has one root; linting a bare
/// directory adds every `.rs` file no module declaration reaches as a root of its own.
#[derive(Clone, Debug)]
pub struct CrateRoots {
    pub name: String,
    pub roots: Vec<(PathBuf, ModPath)>,
    /// What `#[cfg]`s mean for this crate (its enabled features).
    pub cfg: crate::cfg::CfgOptions,
}

#[derive(Default)]
pub struct LoadedCrate {
    pub name: String,
    pub files: Vec<ModuleFile>,
    /// Syntax errors and module files that could not be found.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that exist but could not be read (I/O errors, non-UTF-8): one line each.
    pub read_errors: Vec<String>,
    /// Files that did not parse: their module and the `mod` item that named them, so that
    /// attributes around that item still apply to their syntax errors.
    pub unparsed: Vec<(FileId, ModPath, Option<Span>)>,
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
                // The same module declared twice under opposite `#[cfg]`s is one module;
                // only a file reached as two different modules is worth a word.
                if let Some(span) = next.declared_at.filter(|_| *first != next.module) {
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
            seen.insert(key, next.module.clone());
            let file = match self.read(&next.path) {
                Ok(file) => file,
                Err(err) => {
                    match next.declared_at {
                        Some(span) if !next.path.exists() => {
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
                        declared_at: next.declared_at,
                    });
                }
                Err(err) => {
                    out.diagnostics.push(syntax_error::diagnostic(
                        Span::new(file, err.range),
                        &err.message,
                    ));
                    out.unparsed.push((file, next.module, next.declared_at));
                }
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
        let bytes = std::fs::read(path).map_err(|e| format!("couldn't read `{shown}`: {e}"))?;
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
    let mut scan = ModScan {
        file,
        offset: parsed.offset,
        dir,
        base,
        found: Vec::new(),
    };
    scan.items(&parsed.ast.items, &[], &from.module);
    scan.found
}

/// Finds out-of-line `mod` items in a file: at its top, in inline modules, and in the
/// bodies of item macros (`cfg_io! { mod io; }`, common in large crates), whose tokens are
/// parsed as items when they can be.
struct ModScan {
    file: FileId,
    offset: usize,
    /// The file's directory (`#[path]` at the top level is relative to it).
    dir: PathBuf,
    base: PathBuf,
    found: Vec<Pending>,
}

impl ModScan {
    /// `inline` holds the inline modules entered since the file's top, as directory names.
    fn items(&mut self, items: &[syn::Item], inline: &[String], module: &ModPath) {
        for item in items {
            match item {
                syn::Item::Mod(m) => self.module(m, inline, module),
                syn::Item::Macro(m) if m.ident.is_none() => {
                    if let Ok(body) = m.mac.parse_body_with(parse_items) {
                        self.items(&body, inline, module);
                    }
                }
                _ => {}
            }
        }
    }

    fn module(&mut self, m: &syn::ItemMod, inline: &[String], module: &ModPath) {
        let name = unraw(&m.ident);
        let mut child = module.clone();
        child.push(name.clone());
        if let Some((_, content)) = &m.content {
            let mut nested = inline.to_vec();
            nested.push(path_attr(&m.attrs).unwrap_or_else(|| name.clone()));
            self.items(content, &nested, &child);
            return;
        }
        let range = m.ident.span().byte_range();
        let declared_at = Some(Span::new(
            self.file,
            range.start + self.offset..range.end + self.offset,
        ));
        let (path, owns_dir) = match path_attr(&m.attrs) {
            Some(p) if inline.is_empty() => (self.dir.join(p), true),
            Some(p) => (join_all(&self.base, inline).join(p), true),
            None => {
                let here = join_all(&self.base, inline);
                let flat = here.join(format!("{name}.rs"));
                let nested = here.join(&name).join("mod.rs");
                if !flat.exists() && nested.exists() {
                    (nested, true)
                } else {
                    (flat, false)
                }
            }
        };
        self.found.push(Pending {
            path,
            module: child,
            owns_dir,
            declared_at,
        });
    }
}

fn parse_items(input: syn::parse::ParseStream) -> syn::Result<Vec<syn::Item>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(input.parse()?);
    }
    Ok(items)
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
