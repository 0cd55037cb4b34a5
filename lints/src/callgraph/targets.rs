//! From what a call names to the crate's functions that may run: free functions by item,
//! methods by the type they are implemented for, trait methods by every impl.

use super::{EdgeKind, FnId};
use crate::collections::HashMap;
use crate::model::ItemId;
use crate::model::ty::{Prim, Ty};

/// The type a method is implemented for, as far as calls can be matched against it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeKey {
    Adt(ItemId),
    Std(String),
    Prim(Prim),
    /// A type of another crate, or one memlint does not model, by how it is written.
    Other(String),
    /// `&T` and `&mut T` of a type.
    Ref(Box<TypeKey>),
    /// `impl<T: Bound> Trait for T` (or for `&T`): every type.
    Blanket,
}

impl TypeKey {
    /// The key of an impl's self type.
    pub fn of_impl(ty: &Ty) -> TypeKey {
        match ty {
            Ty::Ptr(inner) => match TypeKey::of_impl(inner) {
                TypeKey::Blanket => TypeKey::Blanket,
                key => TypeKey::Ref(Box::new(key)),
            },
            Ty::Param(_) => TypeKey::Blanket,
            other => TypeKey::of(other).unwrap_or(TypeKey::Other(String::new())),
        }
    }

    /// The crate type this is, or a reference to.
    pub fn adt(&self) -> Option<ItemId> {
        match self {
            TypeKey::Adt(id) => Some(*id),
            TypeKey::Ref(inner) => inner.adt(),
            _ => None,
        }
    }

    /// Whether the type is one of the crate's own.
    pub fn is_crate_type(&self) -> bool {
        match self {
            TypeKey::Adt(_) => true,
            TypeKey::Ref(inner) => inner.is_crate_type(),
            _ => false,
        }
    }

    /// The key of a concrete type; `None` for generic, `dyn` and unknown types.
    pub fn of(ty: &Ty) -> Option<TypeKey> {
        Some(match ty {
            Ty::Adt(id, _) => TypeKey::Adt(*id),
            Ty::Std(key, _) => TypeKey::Std(key.clone()),
            Ty::Prim(p) => TypeKey::Prim(*p),
            Ty::Unknown(written) if !written.is_empty() => TypeKey::Other(written.clone()),
            _ => return None,
        })
    }
}

/// Which traits may provide a method the receiver's known type does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Open {
    /// None: the type is known.
    No,
    /// A generic parameter with these crate traits among its bounds (maybe none).
    Traits(Vec<ItemId>),
    /// Any: `dyn Trait`, a parameter with unknown bounds, a type of another crate.
    Any,
}

/// What a call or a function value names, before the crate's functions are all known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawTarget {
    /// A free function.
    Item(ItemId),
    /// An associated function or method of a type: the candidates in auto-deref order
    /// (`Box<Node>` then `Node`), then, when the receiver's type is not fully known, the
    /// crate's traits that may provide it.
    Method {
        keys: Vec<TypeKey>,
        name: String,
        open: Open,
    },
    /// A method of one of the crate's traits, dispatched on a type not known here.
    Trait(ItemId, String),
    /// A method of whichever crate trait has it, on a generic or `dyn` receiver.
    AnyTrait(String),
    /// A method on a receiver whose type is unknown, with the crate traits in scope there.
    Unknown(String, Vec<ItemId>),
    /// Something of another crate, by its full path.
    External(Vec<String>),
    Nothing,
}

/// Std method names that some crate types also have: a receiver of unknown type calling
/// one of these is far more likely to be std's.
const STD_NAMES: &[&str] = &[
    "len",
    "is_empty",
    "push",
    "pop",
    "get",
    "get_mut",
    "insert",
    "remove",
    "contains",
    "iter",
    "iter_mut",
    "into_iter",
    "next",
    "clone",
    "fmt",
    "eq",
    "cmp",
    "hash",
    "as_ref",
    "as_mut",
    "as_str",
    "to_string",
    "to_owned",
    "into",
    "from",
    "write",
    "read",
    "flush",
    "map",
    "unwrap",
    "clear",
    "extend",
    "first",
    "last",
    "split",
    "take",
    "with_capacity",
    "new",
    "default",
    "drop",
    "finish",
    "parse",
    "as_slice",
    "to_vec",
    "append",
    "truncate",
    "reserve",
    "entry",
    "keys",
    "values",
    "borrow",
    "borrow_mut",
    "lock",
    "send",
    "recv",
    "poll",
    "deref",
    "index",
    "call",
    "apply",
    "build",
    "run",
    "count",
    "sum",
    "min",
    "max",
    "filter",
    "find",
    "any",
    "all",
    "collect",
    "fold",
    "for_each",
    "rev",
    "zip",
    "chain",
    "enumerate",
    "skip",
    "cloned",
    "copied",
    "join",
    "trim",
    "replace",
    "starts_with",
    "ends_with",
    "contains_key",
    "is_some",
    "is_none",
    "ok",
    "err",
    "and_then",
    "unwrap_or",
    "expect",
    "write_all",
    "write_str",
    "to_str",
    "bytes",
    "chars",
    "lines",
    "peek",
    "size",
    "with",
    "into_owned",
    "as_bytes",
    "to_bytes",
];

/// The crate's functions, indexed for resolving calls.
#[derive(Default)]
pub struct Index {
    pub items: HashMap<ItemId, FnId>,
    inherent: HashMap<(TypeKey, String), Vec<FnId>>,
    trait_impls: HashMap<(TypeKey, String), Vec<FnId>>,
    /// Impls of a crate trait's method, by trait.
    impls_of: HashMap<(ItemId, String), Vec<FnId>>,
    defaults: HashMap<(ItemId, String), FnId>,
    traits_of_type: HashMap<TypeKey, Vec<ItemId>>,
    traits_by_method: HashMap<String, Vec<ItemId>>,
}

impl Index {
    pub fn add_item(&mut self, item: ItemId, id: FnId) {
        self.items.insert(item, id);
    }

    pub fn add_inherent(&mut self, key: TypeKey, name: &str, id: FnId) {
        push(&mut self.inherent, (key, name.to_string()), id);
    }

    /// A method of a trait impl; `trait_` is the trait when it is the crate's.
    pub fn add_trait_impl(&mut self, key: TypeKey, trait_: Option<ItemId>, name: &str, id: FnId) {
        push(&mut self.trait_impls, (key.clone(), name.to_string()), id);
        if let Some(t) = trait_ {
            push(&mut self.impls_of, (t, name.to_string()), id);
            let traits = self.traits_by_method.entry(name.to_string()).or_default();
            if !traits.contains(&t) {
                traits.push(t);
            }
        }
    }

    /// The crate trait `trait_` is implemented for `key` (whatever methods the impl has).
    pub fn add_impl_of_trait(&mut self, key: TypeKey, trait_: ItemId) {
        let traits = self.traits_of_type.entry(key).or_default();
        if !traits.contains(&trait_) {
            traits.push(trait_);
        }
    }

    pub fn add_default(&mut self, trait_: ItemId, name: &str, id: FnId) {
        self.defaults.insert((trait_, name.to_string()), id);
        let traits = self.traits_by_method.entry(name.to_string()).or_default();
        if !traits.contains(&trait_) {
            traits.push(trait_);
        }
    }

    /// The functions a target may run, and how.
    pub fn resolve(&self, target: &RawTarget) -> Vec<(FnId, EdgeKind)> {
        let direct = |ids: &[FnId]| ids.iter().map(|&id| (id, EdgeKind::Direct)).collect();
        match target {
            RawTarget::Item(item) => self
                .items
                .get(item)
                .map(|&id| vec![(id, EdgeKind::Direct)])
                .unwrap_or_default(),
            RawTarget::Method { keys, name, open } => {
                for key in keys {
                    let found = self.method_of(key, name);
                    if !found.is_empty() {
                        return direct(&found);
                    }
                }
                match open {
                    Open::Any => self.any_trait(name),
                    Open::Traits(traits) => traits
                        .iter()
                        .flat_map(|&t| self.trait_method(t, name))
                        .collect(),
                    // A blanket impl of a crate trait reaches every type, but std's own
                    // methods of common names win over a trait's.
                    Open::No if STD_NAMES.contains(&name.as_str()) => Vec::new(),
                    Open::No => self
                        .method_of(&TypeKey::Blanket, name)
                        .into_iter()
                        .map(|id| (id, EdgeKind::Dynamic))
                        .collect(),
                }
            }
            // A supertrait's method, or one the trait only declares: any crate trait's.
            RawTarget::Trait(t, name) => {
                let found = self.trait_method(*t, name);
                if found.is_empty() {
                    self.any_trait(name)
                } else {
                    found
                }
            }
            RawTarget::AnyTrait(name) => self.any_trait(name),
            // On a receiver of unknown type, std's common names are std's.
            RawTarget::Unknown(name, _) if STD_NAMES.contains(&name.as_str()) => Vec::new(),
            // A method of a crate trait in scope, the only ones the call can name; inherent
            // methods are not guessed from a name alone.
            RawTarget::Unknown(name, in_scope) => in_scope
                .iter()
                .flat_map(|&t| self.trait_method(t, name))
                .collect(),
            RawTarget::External(_) | RawTarget::Nothing => Vec::new(),
        }
    }

    /// `key`'s own method `name`: inherent first, then its trait impls, then the default
    /// bodies of the crate traits it implements.
    fn method_of(&self, key: &TypeKey, name: &str) -> Vec<FnId> {
        let k = (key.clone(), name.to_string());
        if let Some(ids) = self.inherent.get(&k) {
            return ids.clone();
        }
        if let Some(ids) = self.trait_impls.get(&k) {
            return ids.clone();
        }
        let mut out = Vec::new();
        for t in self.traits_of_type.get(key).into_iter().flatten() {
            if let Some(&id) = self.defaults.get(&(*t, name.to_string())) {
                out.push(id);
            }
        }
        out
    }

    fn trait_method(&self, t: ItemId, name: &str) -> Vec<(FnId, EdgeKind)> {
        let key = (t, name.to_string());
        let mut out: Vec<(FnId, EdgeKind)> = self
            .impls_of
            .get(&key)
            .into_iter()
            .flatten()
            .map(|&id| (id, EdgeKind::Dynamic))
            .collect();
        if let Some(&id) = self.defaults.get(&key) {
            out.push((id, EdgeKind::Dynamic));
        }
        out
    }

    fn any_trait(&self, name: &str) -> Vec<(FnId, EdgeKind)> {
        self.traits_by_method
            .get(name)
            .into_iter()
            .flatten()
            .flat_map(|&t| self.trait_method(t, name))
            .collect()
    }
}

fn push<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<FnId>>, key: K, id: FnId) {
    let ids = map.entry(key).or_default();
    if !ids.contains(&id) {
        ids.push(id);
    }
}
