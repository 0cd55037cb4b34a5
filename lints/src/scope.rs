//! Where things are in a crate's syntax, kept as plain data once the trees are gone: the
//! byte ranges of items (to name the item a finding is in) and of every node that carries a
//! lint-level attribute (to apply `#[cfg_attr(memlint, allow(..))]` and friends).
//!
//! A file brought in by `mod foo;` inherits what is around that `mod` item in its parent's
//! file, so a scope lookup walks from the innermost node of one file out to the crate root.

use crate::collections::HashMap;
use crate::diag::{Diagnostic, Span};
use crate::load::{ModPath, ModuleFile, Unparsed, unraw};
use crate::source::{FileId, SourceFile, SourceMap};
use crate::suppress::{self, LevelAttr};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// A syntax node that names an item or carries lint attributes.
#[derive(Clone, Debug)]
pub struct Scope {
    pub lo: usize,
    pub hi: usize,
    /// The segment it adds to item paths (`parse`, `<impl Display for Foo>`), for items.
    pub name: Option<String>,
    /// Its lint-level attributes, in source order (later ones win).
    pub attrs: Vec<LevelAttr>,
}

impl Scope {
    fn contains(&self, span: Span) -> bool {
        self.lo <= span.lo && span.hi <= self.hi
    }
}

#[derive(Clone, Debug, Default)]
pub struct FileScopes {
    pub module: ModPath,
    /// Where the `mod foo;` item that brought this file in is.
    pub declared_at: Option<Span>,
    /// Sorted by start, an enclosing scope before the scopes it contains.
    pub scopes: Vec<Scope>,
    /// The file's own `#![...]` attributes: they apply to the whole module.
    pub inner: Vec<LevelAttr>,
}

/// The scopes of every file of one crate.
#[derive(Clone, Debug, Default)]
pub struct CrateScopes {
    files: HashMap<FileId, FileScopes>,
}

impl CrateScopes {
    /// Collects the scopes of every parsed file (`unparsed` files, as
    /// [`crate::load::LoadedCrate`] lists them, get only what they inherit); also returns a
    /// warning for each `memlint::` lint name in an attribute that no lint has.
    pub fn build(
        files: &[ModuleFile],
        unparsed: &[Unparsed],
        sources: &SourceMap,
    ) -> (CrateScopes, Vec<Diagnostic>) {
        let mut out = CrateScopes::default();
        for (file, module, declared_at) in unparsed {
            out.files.insert(
                *file,
                FileScopes {
                    module: module.clone(),
                    declared_at: *declared_at,
                    ..FileScopes::default()
                },
            );
        }
        let mut unknown = Vec::new();
        for file in files {
            let mut builder = Builder {
                file: file.file,
                offset: file.parsed.offset,
                source: sources.get(file.file),
                text: &sources.get(file.file).text,
                scopes: Vec::new(),
                unknown: &mut unknown,
            };
            let inner = builder.level_attrs(&file.parsed.ast.attrs);
            for item in &file.parsed.ast.items {
                builder.visit_item(item);
            }
            let mut scopes = builder.scopes;
            // A shell names an item, and holds no lint attribute (`load::shell`).
            scopes.extend(file.parsed.shells.iter().map(|shell| Scope {
                lo: shell.range.start,
                hi: shell.range.end,
                name: Some(shell.name.clone()),
                attrs: Vec::new(),
            }));
            scopes.sort_by(|a, b| a.lo.cmp(&b.lo).then(b.hi.cmp(&a.hi)));
            out.files.insert(
                file.file,
                FileScopes {
                    module: file.module.clone(),
                    declared_at: file.declared_at,
                    scopes,
                    inner,
                },
            );
        }
        (out, unknown)
    }

    /// Adds the scopes of other files (built from other files than these).
    pub fn append(&mut self, other: CrateScopes) {
        self.files.extend(other.files);
    }

    pub fn file(&self, file: FileId) -> Option<&FileScopes> {
        self.files.get(&file)
    }

    /// `crate::module::Item::method` for the innermost item around `span`, or `None` when
    /// the file is not part of this crate's parsed files.
    pub fn item_path(&self, span: Span) -> Option<String> {
        let file = self.files.get(&span.file)?;
        let mut path = String::from("crate");
        let names = file.module.iter().map(String::as_str).chain(
            file.scopes
                .iter()
                .filter(|s| s.contains(span))
                .filter_map(|s| s.name.as_deref()),
        );
        for name in names {
            path.push_str("::");
            path.push_str(name);
        }
        Some(path)
    }

    /// Every lint attribute that applies at `span`, outermost first: the crate root's
    /// `#![..]`, then each enclosing module and node down to the innermost.
    pub fn level_attrs(&self, span: Span) -> Vec<&LevelAttr> {
        let mut innermost_first: Vec<&LevelAttr> = Vec::new();
        let mut at = Some(span);
        // A file declared by one of its own descendants cannot happen, but a bound keeps a
        // malformed tree from looping.
        for _ in 0..=self.files.len() {
            let Some(here) = at else { break };
            let Some(file) = self.files.get(&here.file) else {
                break;
            };
            for scope in file.scopes.iter().rev().filter(|s| s.contains(here)) {
                innermost_first.extend(scope.attrs.iter().rev());
            }
            innermost_first.extend(file.inner.iter().rev());
            at = file.declared_at;
        }
        innermost_first.reverse();
        innermost_first
    }

    /// Drops the scopes that only name an item, once every finding has its item path:
    /// levels and `expect`s read only the ones with attributes. A crate's scopes are kept
    /// until the run's end, and naming scopes are most of them (windows-sys: 170,000).
    pub fn keep_only_attrs(&mut self) {
        for file in self.files.values_mut() {
            file.scopes.retain(|s| !s.attrs.is_empty());
            file.scopes.shrink_to_fit();
        }
    }

    /// Every lint attribute of the crate, for finding `expect`s that caught nothing.
    pub fn all_attrs(&self) -> impl Iterator<Item = &LevelAttr> {
        self.files
            .values()
            .flat_map(|f| f.inner.iter().chain(f.scopes.iter().flat_map(|s| &s.attrs)))
    }
}

struct Builder<'a> {
    file: FileId,
    offset: usize,
    source: &'a SourceFile,
    text: &'a str,
    scopes: Vec<Scope>,
    unknown: &'a mut Vec<Diagnostic>,
}

impl Builder<'_> {
    fn span(&self, node: &impl Spanned) -> Span {
        crate::context::span_in(self.source, self.file, self.offset, node.span())
    }

    fn level_attrs(&mut self, attrs: &[syn::Attribute]) -> Vec<LevelAttr> {
        /// The attributes [`suppress::parse_attribute`] reads; others (docs above all) are
        /// skipped before their span and text are looked up.
        const LEVEL_ATTRS: &[&str] = &["allow", "warn", "deny", "forbid", "expect", "cfg_attr"];
        let mut out = Vec::new();
        for attr in attrs {
            let named = attr.path().get_ident();
            if !named.is_some_and(|name| LEVEL_ATTRS.iter().any(|level| name == level)) {
                continue;
            }
            let span = self.span(attr);
            let written = self.text.get(span.lo..span.hi).unwrap_or("").to_string();
            let found = suppress::parse_attribute(attr, &written, span, self.offset);
            out.extend(found.attrs);
            self.unknown.extend(found.unknown);
        }
        out
    }

    /// Records `node` as a scope when it names an item or has lint attributes, then walks it.
    fn enter<N: Spanned>(
        &mut self,
        node: &N,
        attrs: &[syn::Attribute],
        name: Option<String>,
        walk: impl FnOnce(&mut Self),
    ) {
        self.enter_at(|b| b.span(node), attrs, name, walk)
    }

    /// [`enter`](Self::enter) with the node's extent computed by `span`, only if needed.
    fn enter_at(
        &mut self,
        span: impl FnOnce(&Self) -> Span,
        attrs: &[syn::Attribute],
        name: Option<String>,
        walk: impl FnOnce(&mut Self),
    ) {
        let attrs = self.level_attrs(attrs);
        if name.is_some() || !attrs.is_empty() {
            let span = span(self);
            self.scopes.push(Scope {
                lo: span.lo,
                hi: span.hi,
                name,
                attrs,
            });
        }
        walk(self);
    }
}

impl Builder<'_> {
    /// The extent of an item with a braced body: from its first attribute, or else the
    /// earliest of `firsts`, to `close`. `Spanned::span` would turn the whole item into
    /// tokens, once for each item it is nested in.
    fn extent(
        &self,
        attrs: &[syn::Attribute],
        vis: Option<&syn::Visibility>,
        firsts: &[Option<proc_macro2::Span>],
        close: proc_macro2::Span,
    ) -> Span {
        let at = |span| crate::context::span_in(self.source, self.file, self.offset, span);
        let lo = match attrs.first() {
            Some(attr) => at(attr.pound_token.span).lo,
            None => vis
                .filter(|v| !matches!(v, syn::Visibility::Inherited))
                .map(|v| self.span(v).lo)
                .into_iter()
                .chain(firsts.iter().flatten().map(|s| at(*s).lo))
                .min()
                .unwrap_or_else(|| at(close).lo),
        };
        Span { lo, ..at(close) }
    }

    fn fn_extent(
        &self,
        attrs: &[syn::Attribute],
        vis: Option<&syn::Visibility>,
        sig: &syn::Signature,
        body: &syn::Block,
    ) -> Span {
        let firsts = [
            sig.constness.map(|t| t.span),
            sig.asyncness.map(|t| t.span),
            sig.abi.as_ref().map(|a| a.extern_token.span),
            Some(sig.fn_token.span),
        ];
        self.extent(attrs, vis, &firsts, body.brace_token.span.close())
    }
}

fn ident(ident: &syn::Ident) -> Option<String> {
    Some(unraw(ident))
}

/// `<impl Display for Foo>` or `<impl Foo>`, as rustc names impl blocks in paths.
fn impl_name(item: &syn::ItemImpl) -> String {
    let ty = normalize_code(&item.self_ty.to_token_stream().to_string());
    match &item.trait_ {
        Some((path, _)) => {
            let not = if item.modifiers.polarity.is_some() {
                "!"
            } else {
                ""
            };
            let path = normalize_code(&path.to_token_stream().to_string());
            format!("<impl {not}{path} for {ty}>")
        }
        None => format!("<impl {ty}>"),
    }
}

impl<'ast> Visit<'ast> for Builder<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        use syn::Item as I;
        let (attrs, name): (&[syn::Attribute], Option<String>) = match item {
            I::Const(i) => (&i.attrs, ident(&i.ident)),
            I::Enum(i) => (&i.attrs, ident(&i.ident)),
            I::ExternCrate(i) => (&i.attrs, None),
            I::Fn(i) => (&i.attrs, ident(&i.sig.ident)),
            I::ForeignMod(i) => (&i.attrs, None),
            I::Impl(i) => (&i.attrs, Some(impl_name(i))),
            I::Macro(i) => (&i.attrs, i.ident.as_ref().and_then(ident)),
            I::Mod(i) => (&i.attrs, ident(&i.ident)),
            I::Static(i) => (&i.attrs, ident(&i.ident)),
            I::Struct(i) => (&i.attrs, ident(&i.ident)),
            I::Trait(i) => (&i.attrs, ident(&i.ident)),
            I::TraitAlias(i) => (&i.attrs, ident(&i.ident)),
            I::Type(i) => (&i.attrs, ident(&i.ident)),
            I::Union(i) => (&i.attrs, ident(&i.ident)),
            I::Use(i) => (&i.attrs, None),
            _ => (&[], None),
        };
        let extent = |b: &Self| match item {
            I::Fn(i) => b.fn_extent(&i.attrs, Some(&i.vis), &i.sig, &i.block),
            I::Impl(i) => {
                let firsts = [i.unsafety.map(|t| t.span), Some(i.impl_token.span)];
                b.extent(&i.attrs, None, &firsts, i.brace_token.span.close())
            }
            I::Trait(i) => {
                let firsts = [i.unsafety.map(|t| t.span), Some(i.trait_token.span)];
                b.extent(&i.attrs, Some(&i.vis), &firsts, i.brace_token.span.close())
            }
            I::Mod(syn::ItemMod {
                attrs,
                vis,
                unsafety,
                mod_token,
                content: Some((brace, _)),
                ..
            }) => {
                let firsts = [unsafety.map(|t| t.span), Some(mod_token.span)];
                b.extent(attrs, Some(vis), &firsts, brace.span.close())
            }
            // Tables of constants run to megabytes (regex-syntax's Unicode data).
            I::Const(i) => b.extent(
                &i.attrs,
                Some(&i.vis),
                &[Some(i.const_token.span)],
                i.semi_token.span,
            ),
            I::Static(i) => b.extent(
                &i.attrs,
                Some(&i.vis),
                &[Some(i.static_token.span)],
                i.semi_token.span,
            ),
            I::Enum(i) => b.extent(
                &i.attrs,
                Some(&i.vis),
                &[Some(i.enum_token.span)],
                i.brace_token.span.close(),
            ),
            I::Struct(i) => {
                let close = match (&i.fields, i.semi_token) {
                    (_, Some(semi)) => semi.span,
                    (syn::Fields::Named(f), None) => f.brace_token.span.close(),
                    _ => return b.span(item),
                };
                b.extent(&i.attrs, Some(&i.vis), &[Some(i.struct_token.span)], close)
            }
            _ => b.span(item),
        };
        self.enter_at(extent, attrs, name, |v| visit::visit_item(v, item));
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        use syn::ImplItem as I;
        let (attrs, name): (&[syn::Attribute], Option<String>) = match item {
            I::Const(i) => (&i.attrs, ident(&i.ident)),
            I::Fn(i) => (&i.attrs, ident(&i.sig.ident)),
            I::Type(i) => (&i.attrs, ident(&i.ident)),
            I::Macro(i) => (&i.attrs, None),
            _ => (&[], None),
        };
        let extent = |b: &Self| match item {
            I::Fn(i) => b.fn_extent(&i.attrs, Some(&i.vis), &i.sig, &i.block),
            _ => b.span(item),
        };
        self.enter_at(extent, attrs, name, |v| visit::visit_impl_item(v, item));
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        use syn::TraitItem as I;
        let (attrs, name): (&[syn::Attribute], Option<String>) = match item {
            I::Const(i) => (&i.attrs, ident(&i.ident)),
            I::Fn(i) => (&i.attrs, ident(&i.sig.ident)),
            I::Type(i) => (&i.attrs, ident(&i.ident)),
            I::Macro(i) => (&i.attrs, None),
            _ => (&[], None),
        };
        let extent = |b: &Self| match item {
            I::Fn(i) => match &i.default {
                Some(body) => b.fn_extent(&i.attrs, None, &i.sig, body),
                None => b.span(item),
            },
            _ => b.span(item),
        };
        self.enter_at(extent, attrs, name, |v| visit::visit_trait_item(v, item));
    }

    fn visit_foreign_item(&mut self, item: &'ast syn::ForeignItem) {
        use syn::ForeignItem as I;
        let (attrs, name): (&[syn::Attribute], Option<String>) = match item {
            I::Fn(i) => (&i.attrs, ident(&i.sig.ident)),
            I::Static(i) => (&i.attrs, ident(&i.ident)),
            I::Type(i) => (&i.attrs, ident(&i.ident)),
            I::Macro(i) => (&i.attrs, None),
            _ => (&[], None),
        };
        self.enter(item, attrs, name, |v| visit::visit_foreign_item(v, item));
    }

    fn visit_variant(&mut self, node: &'ast syn::Variant) {
        self.enter(node, &node.attrs, ident(&node.ident), |v| {
            visit::visit_variant(v, node)
        });
    }

    fn visit_field(&mut self, node: &'ast syn::Field) {
        self.enter(node, &node.attrs, None, |v| visit::visit_field(v, node));
    }

    fn visit_local(&mut self, node: &'ast syn::Local) {
        self.enter(node, &node.attrs, None, |v| visit::visit_local(v, node));
    }

    fn visit_stmt_macro(&mut self, node: &'ast syn::StmtMacro) {
        self.enter(node, &node.attrs, None, |v| {
            visit::visit_stmt_macro(v, node)
        });
    }

    fn visit_arm(&mut self, node: &'ast syn::Arm) {
        self.enter(node, &node.attrs, None, |v| visit::visit_arm(v, node));
    }

    fn visit_field_value(&mut self, node: &'ast syn::FieldValue) {
        self.enter(node, &node.attrs, None, |v| {
            visit::visit_field_value(v, node)
        });
    }

    fn visit_pat_type(&mut self, node: &'ast syn::PatType) {
        self.enter(node, &node.attrs, None, |v| visit::visit_pat_type(v, node));
    }

    fn visit_receiver(&mut self, node: &'ast syn::Receiver) {
        self.enter(node, &node.attrs, None, |v| visit::visit_receiver(v, node));
    }

    fn visit_expr(&mut self, node: &'ast syn::Expr) {
        match expr_attrs(node) {
            [] => visit::visit_expr(self, node),
            attrs => self.enter(node, attrs, None, |v| visit::visit_expr(v, node)),
        }
    }
}

fn expr_attrs(expr: &syn::Expr) -> &[syn::Attribute] {
    use syn::Expr as E;
    match expr {
        E::Array(e) => &e.attrs,
        E::Assign(e) => &e.attrs,
        E::Async(e) => &e.attrs,
        E::Await(e) => &e.attrs,
        E::Binary(e) => &e.attrs,
        E::Block(e) => &e.attrs,
        E::Break(e) => &e.attrs,
        E::Call(e) => &e.attrs,
        E::Cast(e) => &e.attrs,
        E::Closure(e) => &e.attrs,
        E::Const(e) => &e.attrs,
        E::Continue(e) => &e.attrs,
        E::Field(e) => &e.attrs,
        E::ForLoop(e) => &e.attrs,
        E::Group(e) => &e.attrs,
        E::If(e) => &e.attrs,
        E::Index(e) => &e.attrs,
        E::Infer(e) => &e.attrs,
        E::Let(e) => &e.attrs,
        E::Lit(e) => &e.attrs,
        E::Loop(e) => &e.attrs,
        E::Macro(e) => &e.attrs,
        E::Match(e) => &e.attrs,
        E::MethodCall(e) => &e.attrs,
        E::Paren(e) => &e.attrs,
        E::Path(e) => &e.attrs,
        E::Range(e) => &e.attrs,
        E::RawAddr(e) => &e.attrs,
        E::Reference(e) => &e.attrs,
        E::Repeat(e) => &e.attrs,
        E::Return(e) => &e.attrs,
        E::Struct(e) => &e.attrs,
        E::Try(e) => &e.attrs,
        E::TryBlock(e) => &e.attrs,
        E::Tuple(e) => &e.attrs,
        E::Unary(e) => &e.attrs,
        E::Unsafe(e) => &e.attrs,
        E::While(e) => &e.attrs,
        E::Yield(e) => &e.attrs,
        _ => &[],
    }
}

/// Code text with layout taken out, so that reformatting does not change it: whitespace
/// runs become one space, kept only between two word characters (`1 << 20` and `1<<20`
/// are the same; `impl Foo for Bar` keeps its spaces).
pub fn normalize_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '\'' || c == '"';
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && out.chars().next_back().is_some_and(word) && word(c) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::ModuleFile;
    use crate::parse::parse_file;
    use crate::source::SourceFile;
    use crate::suppress::AttrLevel;

    fn scopes(text: &str) -> (CrateScopes, FileId, String) {
        let sources = SourceMap::default();
        let file = sources.add(SourceFile::new("a.rs".into(), "a.rs".into(), text.into()));
        let files = vec![ModuleFile {
            file,
            module: vec!["m".to_string()],
            parsed: parse_file(text).unwrap(),
            declared_at: None,
        }];
        let (scopes, _) = CrateScopes::build(&files, &[], &sources);
        (scopes, file, text.to_string())
    }

    fn at(file: FileId, text: &str, needle: &str) -> Span {
        let lo = text.find(needle).unwrap();
        Span::new(file, lo..lo + needle.len())
    }

    #[test]
    fn item_paths_name_the_innermost_item() {
        let text = "struct S;\nimpl std::fmt::Debug for S { fn fmt(&self) { let a = [1u8; 9]; } }\n\
                    impl<T> Vec < T > { fn g() {} }\nmod inner { fn h() { fn nested() { 7u8; } } }\n\
                    const _: () = { 5u16; };";
        let (scopes, file, text) = scopes(text);
        let path = |needle| scopes.item_path(at(file, &text, needle)).unwrap();
        assert_eq!(
            path("[1u8; 9]"),
            "crate::m::<impl std::fmt::Debug for S>::fmt"
        );
        assert_eq!(path("fn g"), "crate::m::<impl Vec<T>>::g");
        assert_eq!(path("7u8"), "crate::m::inner::h::nested");
        assert_eq!(path("5u16"), "crate::m::_");
        assert_eq!(path("struct S"), "crate::m::S");
    }

    #[test]
    fn fields_and_variants_scope_their_attributes() {
        let text = "struct S { #[cfg_attr(memlint, allow(memlint::large_stack_array))] a: [u8; 9], b: u8 }\n\
                    enum E { #[allow(clippy::large_stack_arrays)] A([u8; 7]), B }\n\
                    #[cfg_attr(memlint, deny(memlint::large_stack_array))] mod m { fn f() { 3u8; } }";
        let (scopes, file, text) = scopes(text);
        let levels = |needle| -> Vec<AttrLevel> {
            scopes
                .level_attrs(at(file, &text, needle))
                .iter()
                .map(|a| a.level)
                .collect()
        };
        assert_eq!(levels("[u8; 9]"), [AttrLevel::Allow]);
        assert!(levels("b: u8").is_empty());
        assert_eq!(levels("[u8; 7]"), [AttrLevel::Allow]);
        assert!(levels("B }").is_empty());
        assert_eq!(levels("3u8"), [AttrLevel::Deny]);
        assert_eq!(
            scopes.item_path(at(file, &text, "[u8; 7]")).unwrap(),
            "crate::m::E::A"
        );
    }

    #[test]
    fn keeping_only_attributes_keeps_every_level_and_drops_the_names() {
        let text = "#[allow(memlint::large_stack_array)] mod a { fn f() { 1u8; } fn g() { 2u8; } }\n\
                    fn h() { #[expect(memlint::large_stack_array)] let x = 3u8; }\nstruct S;";
        let (mut scopes, file, text) = scopes(text);
        let levels = |scopes: &CrateScopes| -> Vec<Vec<AttrLevel>> {
            ["1u8", "2u8", "3u8", "struct S"]
                .iter()
                .map(|needle| {
                    let attrs = scopes.level_attrs(at(file, &text, needle));
                    attrs.iter().map(|a| a.level).collect()
                })
                .collect()
        };
        let before = levels(&scopes);
        assert_eq!(before[0], [AttrLevel::Allow]);
        assert_eq!(before[2], [AttrLevel::Expect]);
        scopes.keep_only_attrs();
        assert_eq!(levels(&scopes), before);
        assert_eq!(scopes.all_attrs().count(), 2);
        // Only the two scopes with attributes are left: `fn f` no longer names its body.
        assert_eq!(scopes.file(file).unwrap().scopes.len(), 2);
        assert_eq!(
            scopes.item_path(at(file, &text, "1u8")).as_deref(),
            Some("crate::m::a")
        );
    }

    #[test]
    fn item_extents_are_the_spans_of_the_whole_items() {
        let text = "#[doc = \"x\"] pub const A: [u8; 2] = [1, 2];\nconst B: u8 = 1;\n\
                    pub(crate) static mut C: &str = \"c\";\n#[repr(u8)] enum D<T> where T: Copy { E(T), F }\n\
                    pub struct G { h: u8 }\nstruct H(u8);\nstruct I;\nstruct J<T> where T: Copy { t: T }\n\
                    fn k() { const L: u8 = 0; struct M; }";
        let (scopes, file, _) = scopes(text);
        let ast = syn::parse_file(text).unwrap();
        let mut items: Vec<&syn::Item> = ast.items.iter().collect();
        if let Some(syn::Item::Fn(f)) = ast.items.last() {
            items.extend(crate::load::block_items(&f.block));
        }
        let found = &scopes.file(file).unwrap().scopes;
        for item in items {
            let range = syn::spanned::Spanned::span(item).byte_range();
            let named = found
                .iter()
                .any(|s| (s.lo, s.hi) == (range.start, range.end));
            assert!(
                named,
                "no scope at {range:?} for {:?}",
                &text[range.clone()]
            );
        }
    }

    #[test]
    fn code_normalizes_layout_only() {
        assert_eq!(normalize_code("[0u8;  1 <<\n 20]"), "[0u8;1<<20]");
        assert_eq!(normalize_code("[0u8; 1<<20]"), "[0u8;1<<20]");
        assert_eq!(normalize_code("impl  Foo for\tBar"), "impl Foo for Bar");
        assert_eq!(normalize_code("& 'a mut T"), "&'a mut T");
    }
}
