//! First pass of the model: register every item and `use` in its scope, keeping a reference
//! to its syntax for the second pass.

use super::{ItemDef, ItemId, ItemKind, Scope, UseDecl, block_scope};
use crate::cfg::{CfgOptions, Truth};
use crate::collections::HashMap;
use crate::diag::Span;
use crate::load::shell::{Shell, ShellKind};
use crate::load::{ModPath, ModuleFile, unraw};
use crate::source::{FileId, SourceMap};
use std::sync::Arc;

/// Syntax the second pass lowers.
pub(super) enum Syntax<'a> {
    Item(&'a syn::Item),
    /// A declaration taken out of its tree after parsing ([`shell`]).
    Shell(Shelled),
    Mod,
}

/// Where the text of a declaration taken out of its tree is, to parse it again. Plain data,
/// unlike the trees of [`Syntax::Item`]: the model may parse it on another thread.
#[derive(Clone, Copy)]
pub(super) enum Shelled {
    /// The whole declaration.
    Item(Span),
    /// A `static` or `const` of which only the type is parsed again.
    Type(Span),
}

pub(super) struct ImplSyntax<'a> {
    pub module: ModPath,
    pub item: &'a syn::ItemImpl,
}

pub(super) struct Collected<'a> {
    pub items: Vec<ItemDef>,
    pub syntax: Vec<Syntax<'a>>,
    pub impls: Vec<ImplSyntax<'a>>,
    pub scopes: HashMap<ModPath, Scope>,
}

/// Items still to collect: their module, and the `#[cfg]` of the inline modules around them.
type Pending<'a> = (ModPath, &'a [syn::Item], Truth);

struct Collector<'a> {
    out: Collected<'a>,
    sources: &'a SourceMap,
    file: FileId,
    offset: usize,
    cfg: &'a CfgOptions,
    /// The `#[cfg]` of each file module (`mod foo;`), by the module's path.
    mod_cfg: HashMap<ModPath, Truth>,
    /// The `#[cfg]` of the inline modules around the items being collected.
    context: Truth,
}

pub(super) fn collect<'a>(
    files: &'a [ModuleFile],
    cfg: &'a CfgOptions,
    sources: &'a SourceMap,
) -> Collected<'a> {
    let mut c = Collector {
        out: Collected {
            items: Vec::new(),
            syntax: Vec::new(),
            impls: Vec::new(),
            scopes: HashMap::default(),
        },
        sources,
        file: FileId(0),
        offset: 0,
        cfg,
        mod_cfg: HashMap::default(),
        context: Truth::True,
    };
    // Most items are at the top of their files: growing the list by doubling would leave
    // half of it unused in a crate of declarations. (Impls and `use`s are counted too.)
    let top_level = |f: &ModuleFile| f.parsed.ast.items.len() + f.parsed.shells.len();
    c.out.items.reserve_exact(files.iter().map(top_level).sum());
    for f in files {
        c.file = f.file;
        c.offset = f.parsed.offset;
        c.out.scopes.entry(f.module.clone()).or_default();
        c.file_items(&f.module, &f.parsed.ast.items, &f.parsed.shells);
    }
    c.apply_module_cfgs();
    c.out
}

impl<'a> Collector<'a> {
    /// The top-level items of a file, with its shells back at their places.
    fn file_items(&mut self, module: &ModPath, items: &'a [syn::Item], shells: &'a [Shell]) {
        if shells.is_empty() {
            return self.items(module, items);
        }
        let mut stack = Vec::new();
        let mut shells = shells.iter().peekable();
        let mut index = 0;
        self.context = Truth::True;
        for item in items {
            while let Some(shell) = shells.next_if(|s| s.index == index) {
                self.shell(module, shell);
                index += 1;
            }
            self.item(module, item, &mut stack);
            index += 1;
        }
        for shell in shells {
            self.shell(module, shell);
        }
        self.drain(stack);
    }

    fn shell(&mut self, module: &ModPath, shell: &Shell) {
        let kind = match shell.kind {
            ShellKind::Const => placeholder_const(),
            ShellKind::Static => placeholder_static(),
            ShellKind::Struct { named } => placeholder_struct(!named),
            ShellKind::Union => placeholder_union(),
            ShellKind::Alias => placeholder_alias(),
        };
        let name_span = Span::new(self.file, shell.name_range.clone());
        let cfg = self.context.and(self.cfg.eval_attrs(&shell.attrs));
        let syntax = match shell.ty_at(self.file) {
            Some(ty) => Syntax::Shell(Shelled::Type(ty)),
            None => Syntax::Shell(Shelled::Item(shell.text_at(self.file))),
        };
        self.register_as(module, shell.name.clone(), name_span, cfg, kind, syntax);
    }

    /// Walks a list of items with an explicit stack, so nesting depth costs no native stack.
    fn items(&mut self, module: &ModPath, items: &'a [syn::Item]) {
        self.drain(vec![(module.clone(), items, Truth::True)]);
    }

    fn drain(&mut self, mut stack: Vec<Pending<'a>>) {
        let outer = self.context;
        while let Some((module, items, context)) = stack.pop() {
            self.context = context;
            for item in items {
                self.item(&module, item, &mut stack);
            }
        }
        self.context = outer;
    }

    fn item(&mut self, module: &ModPath, item: &'a syn::Item, stack: &mut Vec<Pending<'a>>) {
        let (ident, kind) = match item {
            syn::Item::Const(i) => (&i.ident, placeholder_const()),
            syn::Item::Static(i) => (&i.ident, placeholder_static()),
            syn::Item::Struct(i) => (
                &i.ident,
                placeholder_struct(!matches!(i.fields, syn::Fields::Named(_))),
            ),
            syn::Item::Union(i) => (&i.ident, placeholder_union()),
            syn::Item::Enum(i) => (
                &i.ident,
                (ItemKind::Enum(super::EnumDef {
                    generics: Default::default(),
                    variants: Vec::new(),
                    repr: Default::default(),
                })),
            ),
            syn::Item::Type(i) => (&i.ident, placeholder_alias()),
            syn::Item::Fn(i) => {
                self.body_items(module, &i.block);
                (&i.sig.ident, (placeholder_fn()))
            }
            syn::Item::Trait(i) => (&i.ident, (ItemKind::Trait)),
            syn::Item::Mod(m) => {
                let child = child_path(module, &m.ident);
                self.out.scopes.entry(child.clone()).or_default();
                let cfg = self.context.and(self.cfg.eval_attrs(&m.attrs));
                match &m.content {
                    // Two inline modules of one name (`#[cfg(a)] mod de { .. }` and
                    // `#[cfg(not(a))] mod de { .. }`) share a scope; each keeps its own cfg.
                    Some((_, content)) => stack.push((child, content, cfg)),
                    // `#[cfg(feature = "std")] pub mod ser;` beside `#[cfg(not(..))] mod
                    // ser;` is one file: compiled if one of its declarations is.
                    None => {
                        let merged = self.mod_cfg.get(&child).map_or(cfg, |&known| known.or(cfg));
                        self.mod_cfg.insert(child, merged);
                    }
                }
                self.register(module, &m.ident, ItemKind::Mod, Syntax::Mod);
                return;
            }
            syn::Item::Use(u) => {
                let mut uses = Vec::new();
                let mut prefix = Vec::new();
                if u.leading_colon.is_some() {
                    prefix.push("::".to_string());
                }
                flatten_use(&u.tree, &mut prefix, &mut uses);
                let cfg = self.context.and(self.cfg.eval_attrs(&u.attrs));
                for decl in &mut uses {
                    decl.cfg = cfg;
                }
                self.out
                    .scopes
                    .entry(module.clone())
                    .or_default()
                    .uses
                    .extend(uses);
                return;
            }
            syn::Item::Impl(i) => {
                for impl_item in &i.items {
                    if let syn::ImplItem::Fn(f) = impl_item {
                        self.body_items(module, &f.block);
                    }
                }
                self.out.impls.push(ImplSyntax {
                    module: module.clone(),
                    item: i,
                });
                return;
            }
            _ => return,
        };
        self.register(module, ident, kind, Syntax::Item(item));
    }

    /// Items declared at the top of a function body get a scope of their own.
    fn body_items(&mut self, module: &ModPath, block: &'a syn::Block) {
        let items = crate::load::block_items(block);
        if items.is_empty() {
            return;
        }
        let source = self.sources.get(self.file);
        let offset = crate::context::start_in(source, self.offset, block.brace_token.span.open());
        let scope = block_scope(module, offset);
        self.out.scopes.entry(scope.clone()).or_default();
        let mut stack = Vec::new();
        for item in items {
            self.item(&scope, item, &mut stack);
        }
        self.drain(stack);
    }

    /// An item is compiled when its own `#[cfg]` and every enclosing module's hold. Of items
    /// sharing a name (`#[cfg(feature = "std")] struct S` and `#[cfg(not(..))] struct S`),
    /// name resolution then finds the compiled one first.
    fn apply_module_cfgs(&mut self) {
        for item in &mut self.out.items {
            let mut path = ModPath::new();
            for segment in item.module.iter() {
                path.push(segment.clone());
                if let Some(&cfg) = self.mod_cfg.get(&path) {
                    item.cfg = item.cfg.and(cfg);
                }
            }
        }
        let items = &self.out.items;
        let rank = |id: &ItemId| match items[id.0 as usize].cfg {
            Truth::True => 0,
            Truth::Unknown => 1,
            Truth::False => 2,
        };
        for scope in self.out.scopes.values_mut() {
            for ids in scope.names.values_mut() {
                ids.sort_by_key(rank);
            }
        }
    }

    fn register(
        &mut self,
        module: &ModPath,
        ident: &syn::Ident,
        kind: ItemKind,
        syntax: Syntax<'a>,
    ) {
        let source = self.sources.get(self.file);
        let span = crate::context::span_in(source, self.file, self.offset, ident.span());
        let cfg = match &syntax {
            Syntax::Item(item) => self.context.and(self.cfg.eval_attrs(item_attrs(item))),
            Syntax::Shell(_) | Syntax::Mod => self.context,
        };
        self.register_as(module, unraw(ident), span, cfg, kind, syntax);
    }

    fn register_as(
        &mut self,
        module: &ModPath,
        name: String,
        span: Span,
        cfg: Truth,
        kind: ItemKind,
        syntax: Syntax<'a>,
    ) {
        let id = ItemId(self.out.items.len() as u32);
        // Items of one module come one after another.
        let shared = match self.out.items.last() {
            Some(last) if *last.module == *module => last.module.clone(),
            _ => Arc::new(module.clone()),
        };
        self.out.items.push(ItemDef {
            name: name.clone(),
            module: shared,
            span,
            kind,
            cfg,
        });
        self.out.syntax.push(syntax);
        let scope = match self.out.scopes.get_mut(module) {
            Some(scope) => scope,
            None => self.out.scopes.entry(module.clone()).or_default(),
        };
        scope.names.entry(name).or_default().push(id);
    }
}

fn child_path(module: &ModPath, ident: &syn::Ident) -> ModPath {
    let mut child = module.clone();
    child.push(unraw(ident));
    child
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        _ => &[],
    }
}

fn unknown() -> super::ty::Ty {
    super::ty::Ty::Unknown(String::new())
}

fn placeholder_const() -> ItemKind {
    ItemKind::Const {
        ty: unknown(),
        value: super::consts::ConstExpr::Unknown,
    }
}

fn placeholder_static() -> ItemKind {
    ItemKind::Static { ty: unknown() }
}

/// A struct is also a value (its constructor) unless its fields are named.
fn placeholder_struct(has_ctor: bool) -> ItemKind {
    ItemKind::Struct(placeholder_adt(has_ctor))
}

fn placeholder_union() -> ItemKind {
    ItemKind::Union(placeholder_adt(false))
}

fn placeholder_adt(has_ctor: bool) -> super::AdtDef {
    super::AdtDef {
        generics: Default::default(),
        fields: Vec::new(),
        repr: Default::default(),
        has_ctor,
        unsized_tail: false,
    }
}

fn placeholder_alias() -> ItemKind {
    ItemKind::Alias {
        generics: Default::default(),
        ty: unknown(),
    }
}

fn placeholder_fn() -> ItemKind {
    ItemKind::Fn(Box::new(super::FnSig {
        generics: Default::default(),
        has_self: false,
        self_by_value: false,
        impl_params: Vec::new(),
        impl_self: None,
        params: Vec::new(),
        ret: None,
    }))
}

/// Flattens a `use` tree into one [`UseDecl`] per imported name or glob.
pub(super) fn flatten_use(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<UseDecl>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(unraw(&p.ident));
            flatten_use(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = unraw(&n.ident);
            out.push(use_decl(prefix, name.clone(), name));
        }
        syn::UseTree::Rename(r) => {
            out.push(use_decl(prefix, unraw(&r.ident), unraw(&r.rename)));
        }
        syn::UseTree::Glob(_) => out.push(UseDecl {
            name: None,
            path: prefix.clone(),
            cfg: Truth::True,
        }),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                flatten_use(tree, prefix, out);
            }
        }
    }
}

/// `use a::b::{self}` imports `b`; anything else imports its last segment.
fn use_decl(prefix: &[String], ident: String, name: String) -> UseDecl {
    let mut path = prefix.to_vec();
    if ident != "self" {
        path.push(ident);
    }
    let name = if name == "self" {
        prefix.last().cloned().unwrap_or_default()
    } else {
        name
    };
    UseDecl {
        name: Some(name),
        path,
        cfg: Truth::True,
    }
}
