//! The crate model: every item of a crate by module path, with types and constant values
//! resolved. Built once per crate from the parsed files; lints and the layout engine query it.
//!
//! The model owns plain data (no syntax trees, no spans that need the parser's thread), so it
//! can outlive the trees it was built from.
//!
//! Building takes two passes over the files: [`collect`] registers every item name and `use`
//! in its module scope; [`lower`] then resolves each item's types and constant expressions
//! against those scopes. Declarations that loading kept only as shells
//! ([`crate::load::shell`]) are parsed again from their text there, one at a time.

mod collect;
pub mod consts;
mod display;
pub mod lower;
mod resolve;
pub mod ty;

use crate::cfg::{CfgOptions, Truth};
use crate::collections::HashMap;
use crate::diag::Span;
use crate::load::{ModPath, ModuleFile};
use crate::source::SourceMap;
use consts::ConstExpr;
pub use resolve::{Ns, Res};
use std::sync::Arc;
use ty::Ty;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId(pub u32);

#[derive(Clone, Debug)]
pub struct ItemDef {
    pub name: String,
    /// Shared by the items of a module: a crate of declarations has 170,000 items in a few
    /// hundred modules, whose paths were a third of its model.
    pub module: Arc<ModPath>,
    pub span: Span,
    pub kind: ItemKind,
    /// Whether the item is compiled in the configuration memlint sizes types for.
    pub cfg: Truth,
}

#[derive(Clone, Debug)]
pub enum ItemKind {
    Mod,
    Const {
        ty: Ty,
        value: ConstExpr,
    },
    Static {
        ty: Ty,
    },
    Struct(AdtDef),
    Union(AdtDef),
    Enum(EnumDef),
    Alias {
        generics: Generics,
        ty: Ty,
    },
    /// Boxed: most items of a crate of declarations are not functions.
    Fn(Box<FnSig>),
    Trait,
}

impl ItemKind {
    /// The namespaces the item's name lives in.
    fn in_ns(&self, ns: Ns) -> bool {
        match self {
            ItemKind::Mod
            | ItemKind::Union(_)
            | ItemKind::Enum(_)
            | ItemKind::Alias { .. }
            | ItemKind::Trait => ns == Ns::Type,
            ItemKind::Struct(adt) => ns == Ns::Type || (ns == Ns::Value && adt.has_ctor),
            ItemKind::Const { .. } | ItemKind::Static { .. } | ItemKind::Fn(_) => ns == Ns::Value,
        }
    }
}

/// Generic parameters: type parameter names and const parameter names, in order.
#[derive(Clone, Debug, Default)]
pub struct Generics {
    pub params: Vec<GenericParam>,
    /// The default of each parameter, where it has one (`T = u8`), in the same order.
    pub defaults: Vec<Option<ty::GenericArg>>,
}

impl Generics {
    /// `args` with the defaults of the parameters they leave out.
    pub fn with_defaults(&self, args: &[ty::GenericArg]) -> Vec<ty::GenericArg> {
        let mut out = args.to_vec();
        for i in args.len()..self.params.len() {
            match self.defaults.get(i) {
                // A default may name earlier parameters: `struct S<A, B = A>`.
                Some(Some(default)) => {
                    let filled = match default {
                        ty::GenericArg::Type(t) => {
                            ty::GenericArg::Type(crate::layout::subst(t, &self.params, &out))
                        }
                        other => other.clone(),
                    };
                    out.push(filled);
                }
                _ => break,
            }
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenericParam {
    Type(String),
    Const(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repr {
    pub c: bool,
    pub transparent: bool,
    /// `packed` is `packed(1)`.
    pub packed: Option<u64>,
    pub align: Option<u64>,
    /// `repr(u8)`, `repr(i32)`...
    pub int: Option<ty::Prim>,
}

#[derive(Clone, Debug)]
pub struct FieldDef {
    pub name: Option<String>,
    pub ty: Ty,
    /// Whether the field's `#[cfg]` holds.
    pub cfg: Truth,
}

#[derive(Clone, Debug)]
pub struct AdtDef {
    pub generics: Generics,
    pub fields: Vec<FieldDef>,
    pub repr: Repr,
    /// Tuple and unit structs are also values (constructors).
    pub has_ctor: bool,
    /// The last field may be unsized (`[T]`, `str`, `dyn Trait`, `T: ?Sized`).
    pub unsized_tail: bool,
}

#[derive(Clone, Debug)]
pub struct VariantDef {
    pub name: String,
    pub fields: Vec<FieldDef>,
    pub discriminant: Option<ConstExpr>,
    /// Whether the variant's `#[cfg]` holds.
    pub cfg: Truth,
}

#[derive(Clone, Debug)]
pub struct EnumDef {
    pub generics: Generics,
    pub variants: Vec<VariantDef>,
    pub repr: Repr,
}

#[derive(Clone, Debug)]
pub struct FnSig {
    pub generics: Generics,
    pub has_self: bool,
    /// `self`, `mut self` or `self: Box<Self>`: the receiver is moved into the call.
    pub self_by_value: bool,
    /// For a method: its impl's generic parameters and self type as written
    /// (`impl<T> Stack<T>` gives `[T]` and `Stack<T>`), to instantiate them from a receiver.
    pub impl_params: Vec<GenericParam>,
    pub impl_self: Option<Ty>,
    pub params: Vec<Ty>,
    /// `None` for `-> ()` written or not.
    pub ret: Option<Ty>,
}

/// An associated item of an inherent or trait impl of a crate type.
#[derive(Clone, Debug)]
pub enum AssocItem {
    Const { ty: Ty, value: ConstExpr },
    Fn(FnSig),
}

/// The names visible in one module (or one function body's block scope).
#[derive(Clone, Default, Debug)]
pub struct Scope {
    names: HashMap<String, Vec<ItemId>>,
    uses: Vec<UseDecl>,
}

/// One leaf of a `use` tree: `use a::b as c` gives name `Some("c")`, path `[a, b]`;
/// `use a::*` gives name `None`, path `[a]`.
#[derive(Clone, Debug)]
pub struct UseDecl {
    pub name: Option<String>,
    pub path: Vec<String>,
    /// Whether the `use` (and the inline modules around it) is compiled.
    pub cfg: Truth,
}

#[derive(Default)]
pub struct CrateModel {
    pub items: Vec<ItemDef>,
    scopes: HashMap<ModPath, Scope>,
    assoc: HashMap<(ItemId, String), AssocItem>,
    /// Associated types of the impls for crate types (`type Err = Error;`), by (self type,
    /// name): the impl's generic parameters, its self type as written, and the type.
    assoc_types: HashMap<(ItemId, String), (Vec<GenericParam>, Ty, Ty)>,
    /// Methods declared in the crate's traits, by name: the trait and the signature (with
    /// `Self` a type parameter).
    trait_methods: HashMap<String, Vec<(ItemId, FnSig)>>,
    const_values: std::cell::RefCell<HashMap<ItemId, Option<i128>>>,
    lookup_cache: resolve::LookupCache,
    pub(crate) layouts: crate::layout::LayoutCache,
    /// The configuration `#[cfg]`s were decided for.
    pub cfg: CfgOptions,
}

impl CrateModel {
    /// The model of a crate's `files`; `sources` holds their text, for declarations
    /// parsed again (`load::shell`).
    pub fn build(files: &[ModuleFile], cfg: &CfgOptions, sources: &SourceMap) -> CrateModel {
        let collected = collect::collect(files, cfg, sources);
        lower::lower(collected, cfg.clone(), sources)
    }

    /// A copy for another thread: the same items, names and types, with empty memos (the
    /// model's memos are per thread).
    pub fn detached(&self) -> CrateModel {
        CrateModel {
            items: self.items.clone(),
            scopes: self.scopes.clone(),
            assoc: self.assoc.clone(),
            assoc_types: self.assoc_types.clone(),
            trait_methods: self.trait_methods.clone(),
            cfg: self.cfg.clone(),
            ..CrateModel::default()
        }
    }

    pub fn item(&self, id: ItemId) -> &ItemDef {
        &self.items[id.0 as usize]
    }

    /// Every associated item of the crate's impls.
    pub fn assoc_items(&self) -> impl Iterator<Item = &AssocItem> + '_ {
        self.assoc.values()
    }

    pub fn assoc(&self, owner: ItemId, name: &str) -> Option<&AssocItem> {
        self.assoc.get(&(owner, name.to_string()))
    }

    /// The method `name` of the crate's traits: of one of `traits` when some are given
    /// (a parameter's bounds), else of the only trait that declares one.
    pub fn trait_method(&self, name: &str, traits: &[ItemId]) -> Option<&FnSig> {
        let all = self.trait_methods.get(name)?;
        let mut found = all
            .iter()
            .filter(|(t, _)| traits.is_empty() || traits.contains(t));
        match (found.next(), found.next()) {
            (Some((_, sig)), None) => Some(sig),
            _ => None,
        }
    }

    /// What the associated type `name` of `ty` is, when an impl of the crate says it.
    pub fn normalize_projection(&self, ty: &Ty, name: &str) -> Option<Ty> {
        let Ty::Adt(id, _) = self.expand_aliases(ty) else {
            return None;
        };
        let (params, impl_self, assoc) = self.assoc_types.get(&(id, name.to_string()))?;
        let mut bindings = crate::typeck::unify::Bindings::new(params);
        bindings.unify(impl_self, &self.expand_aliases(ty));
        Some(crate::layout::subst(assoc, params, &bindings.partial()))
    }

    /// Every item of one kind, for lints that walk all definitions.
    pub fn item_ids(&self) -> impl Iterator<Item = ItemId> + '_ {
        (0..self.items.len() as u32).map(ItemId)
    }
}

/// The module scope of a function body's own items (`fn f() { const N: usize = 4; .. }`):
/// a child of the enclosing module named after the body's byte offset.
pub fn block_scope(module: &ModPath, body_offset: usize) -> ModPath {
    let mut path = module.clone();
    path.push(format!("{{block@{body_offset}}}"));
    path
}

fn is_block_scope(segment: &str) -> bool {
    segment.starts_with('{')
}
