//! The crate model: every item of a crate by module path, with types and constant values
//! resolved. Built once per crate from the parsed files; lints and the layout engine query it.
//!
//! The model owns plain data (no syntax trees, no spans that need the parser's thread), so it
//! can outlive the trees it was built from.
//!
//! Building takes two passes over the files: [`collect`] registers every item name and `use`
//! in its module scope; [`lower`] then resolves each item's types and constant expressions
//! against those scopes.

mod collect;
pub mod consts;
pub mod lower;
mod resolve;
pub mod ty;

use crate::diag::Span;
use crate::load::{ModPath, ModuleFile};
use consts::ConstExpr;
pub use resolve::{Ns, Res};
use std::collections::HashMap;
use ty::Ty;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId(pub u32);

#[derive(Clone, Debug)]
pub struct ItemDef {
    pub name: String,
    pub module: ModPath,
    pub span: Span,
    pub kind: ItemKind,
}

#[derive(Clone, Debug)]
pub enum ItemKind {
    Mod,
    Const { ty: Ty, value: ConstExpr },
    Static { ty: Ty },
    Struct(AdtDef),
    Union(AdtDef),
    Enum(EnumDef),
    Alias { generics: Generics, ty: Ty },
    Fn(FnSig),
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
}

#[derive(Clone, Debug)]
pub struct AdtDef {
    pub generics: Generics,
    pub fields: Vec<FieldDef>,
    pub repr: Repr,
    /// Tuple and unit structs are also values (constructors).
    pub has_ctor: bool,
}

#[derive(Clone, Debug)]
pub struct VariantDef {
    pub name: String,
    pub fields: Vec<FieldDef>,
    pub discriminant: Option<ConstExpr>,
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
#[derive(Default, Debug)]
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
}

#[derive(Default)]
pub struct CrateModel {
    pub items: Vec<ItemDef>,
    scopes: HashMap<ModPath, Scope>,
    assoc: HashMap<(ItemId, String), AssocItem>,
    const_values: std::cell::RefCell<HashMap<ItemId, Option<i128>>>,
}

impl CrateModel {
    pub fn build(files: &[ModuleFile]) -> CrateModel {
        let collected = collect::collect(files);
        lower::lower(collected)
    }

    pub fn item(&self, id: ItemId) -> &ItemDef {
        &self.items[id.0 as usize]
    }

    pub fn assoc(&self, owner: ItemId, name: &str) -> Option<&AssocItem> {
        self.assoc.get(&(owner, name.to_string()))
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
