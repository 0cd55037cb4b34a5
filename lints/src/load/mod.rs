//! Loading a crate's source: from its root file, follow `mod` declarations to every file of
//! the module tree (`foo.rs`, `foo/mod.rs`, `#[path]`, inline modules), reading and parsing
//! each one once.
//!
//! `mod` items are followed whatever their `#[cfg]`: memlint lints every configuration.

use crate::collections::HashMap;
use crate::diag::{Diagnostic, Severity, Span};
use crate::lints::syntax_error;
use crate::parse::{Parsed, parse_file_with, recover_items};
use crate::source::{FileId, SourceFile, SourceMap};
use std::path::{Path, PathBuf};

mod explore;
pub mod shell;
pub use explore::Helpers;

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
    /// Files that did not parse: their module and the `mod` item that named them, so that
    /// attributes around that item still apply to their syntax errors.
    pub unparsed: Vec<Unparsed>,
    /// Time spent reading and parsing, and the files and bytes read.
    pub timings: crate::timings::Timings,
    /// Files other threads parsed ([`Loader::load_with`]).
    pub parsed_elsewhere: usize,
}

/// A file that did not parse ([`LoadedCrate::unparsed`]): the file, its module, and the
/// `mod` item that named it.
pub type Unparsed = (FileId, ModPath, Option<Span>);

/// Reads files into the shared [`SourceMap`], showing paths relative to `display_base`.
pub struct Loader<'a> {
    pub sources: &'a SourceMap,
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
    /// The file may not exist: a `mod` item's default file when `#[cfg_attr(.., path)]`
    /// names others.
    optional: bool,
}

impl<'s> Loader<'s> {
    pub fn load(&mut self, roots: &CrateRoots) -> LoadedCrate {
        self.load_with(roots, None)
    }

    /// [`Loader::load`], with idle threads of `helpers` parsing files beside this one. The
    /// result is the same, in the same order.
    pub fn load_with(&mut self, roots: &CrateRoots, helpers: Option<&Helpers<'s>>) -> LoadedCrate {
        /// Tells the helpers this crate has loaded, even if loading panics.
        struct Loaded<'h, 's>(Option<&'h Helpers<'s>>);
        impl Drop for Loaded<'_, '_> {
            fn drop(&mut self) {
                if let Some(helpers) = self.0 {
                    helpers.loaded();
                }
            }
        }
        let _loaded = Loaded(helpers);
        let mut out = LoadedCrate {
            name: roots.name.clone(),
            ..LoadedCrate::default()
        };
        let mut ahead = match helpers {
            Some(helpers) => {
                let ahead = explore::explore(
                    self.sources,
                    root_pendings(roots),
                    roots.within.clone(),
                    helpers,
                );
                for e in ahead.files.values() {
                    out.timings.add("read", e.read);
                    out.timings.add("parse", e.parse);
                    out.parsed_elsewhere += usize::from(e.by_other_thread);
                }
                ahead
            }
            None => explore::Ahead::default(),
        };
        let mut seen: HashMap<PathBuf, ModPath> = HashMap::default();
        let mut queue = root_pendings(roots);
        while let Some(next) = queue.pop() {
            let key = match ahead.keys.get(&next.path) {
                Some(key) => key.clone(),
                None => canonical(&next.path),
            };
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
            let within = roots.within.as_deref();
            if let Some(span) = next.declared_at.filter(|_| outside_within(within, &key)) {
                out.diagnostics.push(outside(self, &next, &key, span));
                continue;
            }
            let parsed_ahead = ahead.files.remove(&key);
            seen.insert(key, next.module.clone());
            let (text, parsed) = parsed_ahead.map_or((None, None), |e| e.into_parts());
            let file = match out.timings.time("read", || self.read(&next.path, text)) {
                Ok(file) => file,
                Err(err) => {
                    match next.declared_at {
                        // Nothing there at all (a symlink loop is there, and unreadable).
                        Some(span) if std::fs::symlink_metadata(&next.path).is_err() => {
                            if !next.optional {
                                out.diagnostics.push(missing_module(self, &next, span))
                            }
                        }
                        _ => out.read_errors.push(err),
                    }
                    continue;
                }
            };
            let text = &self.sources.get(file).text;
            out.timings.files += 1;
            out.timings.bytes += text.len() as u64;
            let parsed = match parsed {
                Some(parsed) => parsed,
                None => out.timings.time("parse", || {
                    let mut parsed = parse_file_with(text, true);
                    if let Ok(parsed) = &mut parsed {
                        forget_macro_bodies(parsed);
                    }
                    parsed
                }),
            };
            match parsed {
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
                    out.unparsed
                        .push((file, next.module.clone(), next.declared_at));
                    // The file is not linted, but the modules it declares are.
                    if let Some(partial) = out.timings.time("parse", || recover_items(text)) {
                        let found = module_files(&partial, file, &next);
                        queue.extend(found.into_iter().rev());
                    }
                }
            }
        }
        out
    }

    /// Reads a file into the source map (or puts `text`, read from it before, there), or
    /// returns the one-line error to show.
    fn read(&mut self, path: &Path, text: Option<String>) -> Result<FileId, String> {
        if let Some(id) = self.sources.find(path) {
            return Ok(id);
        }
        let shown = relative_display(path, self.display_base);
        if let Some(text) = text {
            return Ok(self
                .sources
                .add(SourceFile::new(path.to_path_buf(), shown, text)));
        }
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

/// The key a file is loaded once under: its canonical path (as written if it has none).
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether a module file (by canonical path) lies outside `within`, the directory a crate
/// is confined to ([`CrateRoots::within`]). Crate roots themselves are always read.
fn outside_within(within: Option<&Path>, key: &Path) -> bool {
    within.is_some_and(|within| key.is_absolute() && !key.starts_with(within))
}

/// The items declared at the top of a block (a function body).
pub(crate) fn block_items(block: &syn::Block) -> Vec<&syn::Item> {
    block
        .stmts
        .iter()
        .filter_map(|s| match s {
            syn::Stmt::Item(item) => Some(item),
            _ => None,
        })
        .collect()
}

/// The roots of a crate as module files to load, the first last (a stack).
fn root_pendings(roots: &CrateRoots) -> Vec<Pending> {
    roots
        .roots
        .iter()
        .rev()
        .map(|(path, module)| Pending {
            path: path.clone(),
            module: module.clone(),
            owns_dir: true,
            declared_at: None,
            optional: false,
        })
        .collect()
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

/// The files named by out-of-line `mod foo;` items of a parsed file, in inline modules and
/// item macros too.
fn module_files(parsed: &Parsed, file: FileId, from: &Pending) -> Vec<Pending> {
    let dir = from.path.parent().unwrap_or(Path::new("")).to_path_buf();
    // Directory that `mod foo;` (without `#[path]`) is relative to.
    let base = if from.owns_dir {
        dir.clone()
    } else {
        let stem = from.path.file_stem().unwrap_or_default();
        dir.join(stem)
    };
    let place = Place {
        file,
        offset: parsed.offset,
        dir,
        base,
        macro_rules: item_macros(&parsed.ast.items),
    };
    let mut found = Vec::new();
    place.walk(
        &parsed.ast.items,
        Vec::new(),
        from.module.clone(),
        0,
        &mut found,
    );
    found
}

/// Where the `mod` items being walked are.
struct Place {
    file: FileId,
    offset: usize,
    /// The file's directory: `#[path]` at the file's top is relative to it.
    dir: PathBuf,
    /// The directory `mod foo;` (without `#[path]`) is relative to.
    base: PathBuf,
    /// The file's `macro_rules!` that take no arguments, by name: their bodies.
    macro_rules: HashMap<String, proc_macro2::TokenStream>,
}

impl Place {
    /// Finds the `mod foo;` items of `items` and of the inline modules and item macros in
    /// them. `inline` names the inline modules from the file's top; `macros` counts the
    /// macros around `items`.
    fn walk(
        &self,
        items: &[syn::Item],
        inline: Vec<String>,
        module: ModPath,
        macros: usize,
        found: &mut Vec<Pending>,
    ) {
        let mut stack: Vec<(Vec<&syn::Item>, Vec<String>, ModPath)> =
            vec![(items.iter().collect(), inline, module)];
        while let Some((items, inline, module)) = stack.pop() {
            for item in items {
                let m = match item {
                    syn::Item::Mod(m) => m,
                    // `#[path = "../utils/lazy.rs"] mod lazy;` in a function body.
                    syn::Item::Fn(f) => {
                        let body = block_items(&f.block);
                        if !body.is_empty() {
                            stack.push((body, inline.clone(), module.clone()));
                        }
                        continue;
                    }
                    // Bounded: each level parses everything inside it again.
                    syn::Item::Macro(mac) if macros < MAX_MACRO_NESTING => {
                        let expanded = macro_items(&mac.mac, &self.macro_rules);
                        self.walk(&expanded, inline.clone(), module.clone(), macros + 1, found);
                        continue;
                    }
                    _ => continue,
                };
                let name = unraw(&m.ident);
                let mut child = module.clone();
                child.push(name.clone());
                if let Some((_, content)) = &m.content {
                    let mut nested = inline.clone();
                    nested.push(path_attr(&m.attrs).unwrap_or_else(|| name.clone()));
                    stack.push((content.iter().collect(), nested, child));
                    continue;
                }
                let range = m.ident.span().byte_range();
                let declared_at = Some(Span::new(
                    self.file,
                    range.start + self.offset..range.end + self.offset,
                ));
                let here = join_all(&self.base, &inline);
                // `#[path]` at the file's top is relative to the file's directory; inside
                // inline modules, to theirs.
                let attr_base = if inline.is_empty() { &self.dir } else { &here };
                let mut candidates = Vec::new();
                match path_attr(&m.attrs) {
                    Some(p) => candidates.push((attr_base.join(p), true, false)),
                    None => {
                        // Every configuration: each `#[cfg_attr(.., path = "..")]`, and
                        // the default file when it exists.
                        let conditional = cfg_attr_paths(&m.attrs);
                        let optional = !conditional.is_empty();
                        for p in conditional {
                            candidates.push((attr_base.join(p), true, false));
                        }
                        let flat = here.join(format!("{name}.rs"));
                        let nested = here.join(&name).join("mod.rs");
                        if !flat.exists() && nested.exists() {
                            candidates.push((nested, true, optional));
                        } else {
                            candidates.push((flat, false, optional));
                        }
                    }
                }
                let mut paths = Vec::new();
                for (path, owns_dir, optional) in candidates {
                    if paths.contains(&path) {
                        continue;
                    }
                    paths.push(path.clone());
                    found.push(Pending {
                        path,
                        module: child.clone(),
                        owns_dir,
                        declared_at,
                        optional,
                    });
                }
            }
        }
    }
}

/// Macros inside macros whose bodies are searched for `mod` items, at most.
const MAX_MACRO_NESTING: usize = 8;

/// The items an item-position macro may expand to, searched for the module files they
/// declare: memlint does not expand macros, but wrappers like `cfg_if! { if #[cfg(unix)]
/// { mod unix; } else { .. } }` or a crate's own `cfg_net! { mod tcp; }` hold their items
/// as written. That is the macro's body when it parses as items, else each brace-delimited
/// group in it that does.
///
/// A call without arguments of a `macro_rules!` of the same file (`crate_root!();`) expands
/// to the body of its rule for no arguments.
fn macro_items(
    mac: &syn::Macro,
    macro_rules: &HashMap<String, proc_macro2::TokenStream>,
) -> Vec<syn::Item> {
    if mac.path.is_ident("macro_rules") {
        return Vec::new();
    }
    if mac.tokens.is_empty()
        && let Some(body) = mac
            .path
            .get_ident()
            .and_then(|name| macro_rules.get(&name.to_string()))
    {
        return match mentions_mod(body) {
            true => syn::parse2::<syn::File>(body.clone()).map_or(Vec::new(), |f| f.items),
            false => Vec::new(),
        };
    }
    if !mentions_mod(&mac.tokens) {
        return Vec::new();
    }
    if let Ok(file) = syn::parse2::<syn::File>(mac.tokens.clone()) {
        return file.items;
    }
    mac.tokens
        .clone()
        .into_iter()
        .filter_map(|tree| match tree {
            proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace => {
                syn::parse2::<syn::File>(g.stream()).ok()
            }
            _ => None,
        })
        .flat_map(|file| file.items)
        .collect()
}

/// The `macro_rules!` among `items` with a rule for no arguments (`() => { .. }`), and
/// that rule's body.
fn item_macros(items: &[syn::Item]) -> HashMap<String, proc_macro2::TokenStream> {
    use proc_macro2::TokenTree;
    let mut found = HashMap::default();
    for item in items {
        let syn::Item::Macro(m) = item else { continue };
        let (true, Some(name)) = (m.mac.path.is_ident("macro_rules"), &m.ident) else {
            continue;
        };
        // Rules are `(matcher) => {body}`, separated by `;`.
        let trees: Vec<TokenTree> = m.mac.tokens.clone().into_iter().collect();
        for rule in trees.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';')) {
            if let [
                TokenTree::Group(matcher),
                TokenTree::Punct(_),
                TokenTree::Punct(_),
                TokenTree::Group(body),
            ] = rule
                && matcher.stream().is_empty()
            {
                found.insert(name.to_string(), body.stream());
                break;
            }
        }
    }
    found
}

/// Empties the bodies of the item macros of `parsed` (outside functions) that no `mod`
/// appears in: what a macro body is kept for after loading, the modules it declares,
/// [`module_files`] finds the same without them. Nothing else reads these bodies (memlint
/// does not expand macros), and crates of declarations keep much in them: windows-sys 0.52
/// has 100 MB of trees in its `link!` calls.
fn forget_macro_bodies(parsed: &mut Parsed) {
    let mut stack = vec![&mut parsed.ast.items];
    while let Some(items) = stack.pop() {
        for item in items.iter_mut() {
            match item {
                syn::Item::Macro(m) if !mentions_mod(&m.mac.tokens) => {
                    m.mac.tokens = proc_macro2::TokenStream::new();
                }
                syn::Item::Mod(m) => stack.extend(m.content.as_mut().map(|(_, items)| items)),
                _ => {}
            }
        }
    }
}

/// Whether `mod` appears anywhere in `tokens` (walked without recursion).
pub(crate) fn mentions_mod(tokens: &proc_macro2::TokenStream) -> bool {
    let mut stack = vec![tokens.clone().into_iter()];
    while let Some(iter) = stack.last_mut() {
        match iter.next() {
            Some(proc_macro2::TokenTree::Ident(i)) if i == "mod" => return true,
            Some(proc_macro2::TokenTree::Group(g)) => stack.push(g.stream().into_iter()),
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    false
}

fn join_all(base: &Path, parts: &[String]) -> PathBuf {
    parts.iter().fold(base.to_path_buf(), |p, s| p.join(s))
}

/// The paths of `#[cfg_attr(predicate, path = "...")]` attributes.
fn cfg_attr_paths(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut paths = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("cfg_attr")) {
        let Ok(list) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        // The first entry is the predicate; the rest are attributes.
        for meta in list.iter().skip(1) {
            if let syn::Meta::NameValue(nv) = meta
                && nv.path.is_ident("path")
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
            {
                paths.push(s.value());
            }
        }
    }
    paths
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

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
        cfg_if::cfg_if! { if #[cfg(unix)] { mod unix; } else { mod other; } }
        windows_targets::link!("kernel32.dll" "system" fn GetLastError() -> u32);
        macro_rules! root { () => { mod generated; } }
        root!();
        macro_rules! helper { () => { fn helper() {} } }
        helper!();
        mod inline {
            windows_targets::link!("user32.dll" "system" fn GetFocus() -> isize);
            cfg_net! { mod tcp; }
        }
        fn body() { inner_macro! { mod not_a_module_file; } }
    "#;

    /// Each item macro's body as written, with its path; `None` when emptied.
    fn bodies(parsed: &Parsed) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        let mut stack = vec![&parsed.ast.items];
        while let Some(items) = stack.pop() {
            for item in items {
                match item {
                    syn::Item::Macro(m) => {
                        let path = quote::ToTokens::to_token_stream(&m.mac.path).to_string();
                        let body = m.mac.tokens.to_string();
                        out.push((path, (!body.is_empty()).then_some(body)));
                    }
                    syn::Item::Mod(m) => stack.extend(m.content.as_ref().map(|(_, i)| i)),
                    _ => {}
                }
            }
        }
        out
    }

    fn found(parsed: &Parsed) -> Vec<(PathBuf, ModPath)> {
        let from = Pending {
            path: "src/lib.rs".into(),
            module: Vec::new(),
            owns_dir: true,
            declared_at: None,
            optional: false,
        };
        let found = module_files(parsed, FileId(0), &from);
        found.into_iter().map(|p| (p.path, p.module)).collect()
    }

    #[test]
    fn macro_bodies_without_mod_items_are_forgotten_and_the_same_module_files_found() {
        let whole = crate::parse::parse_file(FILE).unwrap();
        let mut forgot = crate::parse::parse_file(FILE).unwrap();
        forget_macro_bodies(&mut forgot);
        assert_eq!(found(&forgot), found(&whole));
        let modules: Vec<String> = found(&whole)
            .into_iter()
            .map(|(_, m)| m.join("::"))
            .collect();
        assert_eq!(modules, ["unix", "other", "generated", "inline::tcp"]);
        let kept: Vec<(String, bool)> = bodies(&forgot)
            .into_iter()
            .map(|(path, body)| (path, body.is_some()))
            .collect();
        let kind = |p: &str, k: bool| (p.to_string(), k);
        assert_eq!(
            kept,
            [
                kind("cfg_if :: cfg_if", true),
                kind("windows_targets :: link", false),
                kind("macro_rules", true),
                kind("root", false),
                kind("macro_rules", false),
                kind("helper", false),
                kind("windows_targets :: link", false),
                kind("cfg_net", true),
            ]
        );
        // Macros in function bodies are statements the lints read: untouched.
        assert!(
            quote::ToTokens::to_token_stream(&forgot.ast)
                .to_string()
                .contains("not_a_module_file")
        );
    }
}
