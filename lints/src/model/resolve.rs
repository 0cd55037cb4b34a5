//! Name resolution over the model's scopes, following Rust 2018+ path rules: `crate::`,
//! `self::`, `super::`, items, `use` imports (renames and globs), block scopes that see their
//! module, and anything unresolved at the start of a path taken as another crate.

use super::{CrateModel, ItemId, ItemKind, is_block_scope};
use crate::cfg::Truth;
use crate::collections::{HashMap, HashSet};
use crate::load::ModPath;
use std::cell::RefCell;

/// A namespace: `struct S;` is both a type and a value, `const N` only a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ns {
    Type,
    Value,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Res {
    Item(ItemId),
    Module(ModPath),
    /// `Type::NAME`: an associated item (or an enum variant) of a crate type.
    Assoc(ItemId, String),
    /// A path into another crate, `std` included, spelled out in full.
    External(Vec<String>),
}

/// `use` chains longer than this are given up on.
const MAX_DEPTH: usize = 32;

/// A name looked up in one scope.
type Key = (ModPath, String, Ns);

/// One resolution in progress. Glob imports may form cycles (`a` glob-imports `b` and `b`
/// glob-imports `a`), and chains of them branch: each (scope, name, namespace) is searched at
/// most once per query, which keeps a query linear in the number of scopes.
#[derive(Default)]
struct Query {
    visited: HashSet<Key>,
    /// Whether a lookup was cut short because it was already being searched.
    cut: bool,
    /// The lookups some search was cut short at.
    cut_at: HashSet<Key>,
    /// Misses found while a search was cut short. They are true misses unless one of
    /// `cut_at` turns out to be a hit; then `tainted` is set and they are not remembered.
    tentative: Vec<Key>,
    tainted: bool,
}

/// Answers by scope, then namespace, then name: looked up without building a [`Key`].
#[derive(Default)]
pub(super) struct LookupCache(RefCell<HashMap<ModPath, [ByName; 2]>>);

/// Lookups of one scope and namespace, by name.
type ByName = HashMap<String, Option<Res>>;

impl LookupCache {
    fn get(&self, module: &[String], name: &str, ns: Ns) -> Option<Option<Res>> {
        self.0.borrow().get(module)?[ns as usize].get(name).cloned()
    }

    fn insert(&self, (module, name, ns): Key, found: Option<Res>) {
        self.0.borrow_mut().entry(module).or_default()[ns as usize].insert(name, found);
    }
}

impl CrateModel {
    /// Resolves `path` as written in `module`.
    pub fn resolve(&self, module: &ModPath, path: &[String], ns: Ns) -> Option<Res> {
        let mut query = Query::default();
        let found = self.resolve_at(module, path, ns, 0, &mut query);
        // Without this, a crate whose modules glob-import each other searches the whole
        // cycle again for every name it does not define (rav1e: 25 s for 2 MB).
        if !query.tainted {
            for key in query.tentative {
                self.lookup_cache.insert(key, None);
            }
        }
        found
    }

    fn resolve_at(
        &self,
        module: &[String],
        path: &[String],
        ns: Ns,
        depth: usize,
        query: &mut Query,
    ) -> Option<Res> {
        if depth > MAX_DEPTH || path.is_empty() {
            return None;
        }
        let ns_at = |i: usize| if i + 1 == path.len() { ns } else { Ns::Type };
        let (mut cur, start) = match path[0].as_str() {
            "crate" => (Res::Module(Vec::new()), 1),
            "self" => (Res::Module(non_block(module)), 1),
            "super" => {
                let mut m = non_block(module);
                let mut i = 0;
                while path.get(i).map(String::as_str) == Some("super") {
                    m.pop()?;
                    i += 1;
                }
                (Res::Module(m), i)
            }
            "::" => return Some(Res::External(path[1..].to_vec())),
            first => match self.lookup(module, first, ns_at(0), depth, query) {
                Some(res) => (res, 1),
                None => return Some(Res::External(path.to_vec())),
            },
        };
        for (i, seg) in path.iter().enumerate().skip(start) {
            cur = match cur {
                Res::Module(m) => self.lookup_in(&m, seg, ns_at(i), depth, query)?,
                Res::Item(id) => match &self.item(id).kind {
                    ItemKind::Mod => unreachable!("modules resolve to Res::Module"),
                    ItemKind::Struct(_)
                    | ItemKind::Enum(_)
                    | ItemKind::Union(_)
                    | ItemKind::Alias { .. }
                    | ItemKind::Trait => Res::Assoc(id, seg.clone()),
                    _ => return None,
                },
                Res::External(mut p) => {
                    p.push(seg.clone());
                    Res::External(p)
                }
                Res::Assoc(..) => return None,
            };
        }
        Some(cur)
    }

    /// A name at the start of a path: the scope itself, then (for block scopes) the
    /// enclosing scopes.
    fn lookup(
        &self,
        module: &[String],
        name: &str,
        ns: Ns,
        depth: usize,
        query: &mut Query,
    ) -> Option<Res> {
        let mut scope = module;
        loop {
            if let Some(res) = self.lookup_in(scope, name, ns, depth, query) {
                return Some(res);
            }
            match scope.split_last() {
                Some((last, outer)) if is_block_scope(last) => scope = outer,
                _ => return None,
            }
        }
    }

    /// A name inside one module: its items, then its named imports, then its globs.
    /// Answers are cached when they do not depend on the query's cycle cut-offs.
    fn lookup_in(
        &self,
        module: &[String],
        name: &str,
        ns: Ns,
        depth: usize,
        query: &mut Query,
    ) -> Option<Res> {
        if let Some(known) = self.lookup_cache.get(module, name, ns) {
            return known;
        }
        let key = (module.to_vec(), name.to_string(), ns);
        if !query.visited.insert(key.clone()) {
            query.cut = true;
            query.cut_at.insert(key);
            return None;
        }
        let cut_before = std::mem::replace(&mut query.cut, false);
        let found = self.lookup_uncached(module, name, ns, depth, query);
        if found.is_some() && query.cut_at.contains(&key) {
            query.tainted = true;
        }
        // A miss found while some search was cut short may be a false miss; a hit is a hit.
        if found.is_some() || !query.cut {
            self.lookup_cache.insert(key, found.clone());
        } else {
            query.tentative.push(key);
        }
        query.cut |= cut_before;
        found
    }

    /// Names the build compiles first, then (for code under a `#[cfg]` that is off) the others.
    fn lookup_uncached(
        &self,
        module: &[String],
        name: &str,
        ns: Ns,
        depth: usize,
        query: &mut Query,
    ) -> Option<Res> {
        self.lookup_pass(module, name, ns, depth, false, query)
            .or_else(|| self.lookup_pass(module, name, ns, depth, true, query))
    }

    fn lookup_pass(
        &self,
        module: &[String],
        name: &str,
        ns: Ns,
        depth: usize,
        inactive: bool,
        query: &mut Query,
    ) -> Option<Res> {
        let scope = self.scopes.get(module)?;
        let wanted = |cfg: Truth| (cfg == Truth::False) == inactive;
        if let Some(ids) = scope.names.get(name) {
            for &id in ids {
                let item = self.item(id);
                if !wanted(item.cfg) {
                    continue;
                }
                if matches!(item.kind, ItemKind::Mod) && ns == Ns::Type {
                    let mut child = module.to_vec();
                    child.push(name.to_string());
                    return Some(Res::Module(child));
                }
                if item.kind.in_ns(ns) {
                    return Some(Res::Item(id));
                }
            }
        }
        for decl in scope.uses.iter().filter(|d| wanted(d.cfg)) {
            if decl.name.as_deref() == Some(name) {
                // The import may bring in another namespace than the one asked for
                // (`use a::S` for the type and the constructor); try the one asked first.
                if let Some(res) = self.resolve_use(module, &decl.path, ns, depth, query) {
                    return Some(res);
                }
            }
        }
        for decl in scope
            .uses
            .iter()
            .filter(|d| d.name.is_none() && wanted(d.cfg))
        {
            match self.resolve_use(module, &decl.path, Ns::Type, depth, query) {
                Some(Res::Module(m)) if m != module => {
                    if let Some(res) = self.lookup_in(&m, name, ns, depth + 1, query) {
                        return Some(res);
                    }
                }
                Some(Res::Item(id)) if matches!(self.item(id).kind, ItemKind::Enum(_)) => {
                    if let ItemKind::Enum(e) = &self.item(id).kind
                        && e.variants.iter().any(|v| v.name == name)
                    {
                        return Some(Res::Assoc(id, name.to_string()));
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn resolve_use(
        &self,
        module: &[String],
        path: &[String],
        ns: Ns,
        depth: usize,
        query: &mut Query,
    ) -> Option<Res> {
        self.resolve_at(module, path, ns, depth + 1, query)
    }
}

/// `self` and `super` in a function body refer to the enclosing module.
fn non_block(module: &[String]) -> ModPath {
    let mut m = module.to_vec();
    while m.last().is_some_and(|s| is_block_scope(s)) {
        m.pop();
    }
    m
}

impl CrateModel {
    /// The crate's traits whose methods a call can name in `module` without a path: the
    /// ones defined or imported there (by name, through a glob, or `as _`), or in the
    /// scopes around a function body's block scope. Rust calls a trait's method on a
    /// value only when the trait is in scope (generic bounds and `dyn` aside).
    pub fn traits_in_scope(&self, module: &ModPath) -> Vec<ItemId> {
        let mut out = Vec::new();
        for id in self.item_ids() {
            let item = self.item(id);
            if !matches!(item.kind, ItemKind::Trait) {
                continue;
            }
            if self.may_name(module, &item.name)
                && self.resolve(module, std::slice::from_ref(&item.name), Ns::Type)
                    == Some(Res::Item(id))
            {
                out.push(id);
            }
        }
        // `use some::Trait as _;`
        let mut scope = module.clone();
        loop {
            if let Some(s) = self.scopes.get(&scope) {
                for decl in &s.uses {
                    if decl.name.as_deref() == Some("_")
                        && let Some(Res::Item(id)) = self.resolve(&scope, &decl.path, Ns::Type)
                        && matches!(self.item(id).kind, ItemKind::Trait)
                        && !out.contains(&id)
                    {
                        out.push(id);
                    }
                }
            }
            match scope.last() {
                Some(last) if is_block_scope(last) => {
                    scope.pop();
                }
                _ => break,
            }
        }
        out
    }

    /// Whether `name` at the start of a path in `module` may resolve to an item of the
    /// crate: some scope [`lookup`](Self::lookup) searches has an item or an import of that
    /// name, or a glob import. `false` is certain, and spares a resolution.
    fn may_name(&self, module: &[String], name: &str) -> bool {
        let mut scope = module;
        loop {
            if let Some(s) = self.scopes.get(scope)
                && (s.names.contains_key(name)
                    || s.uses
                        .iter()
                        .any(|d| d.name.as_deref().is_none_or(|n| n == name)))
            {
                return true;
            }
            match scope.split_last() {
                Some((last, outer)) if is_block_scope(last) => scope = outer,
                _ => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_crate::TestCrate;

    fn resolve(model: &CrateModel, module: &str, name: &str) -> Option<String> {
        match model.resolve(&vec![module.to_string()], &[name.to_string()], Ns::Type)? {
            Res::Item(id) => Some(format!("item {}", model.item(id).name)),
            other => Some(format!("{other:?}")),
        }
    }

    /// `d` sees `X` only through `a`, whose search reaches `d` first and is cut short there:
    /// the miss `d` finds then must not be remembered, since `a` goes on to find `X` in `c`.
    /// Misses that no cut-short lookup can overturn are remembered (rav1e: 25.6 s -> 2.1 s).
    #[test]
    fn a_miss_found_inside_a_glob_cycle_is_remembered_only_when_true() {
        let source = "
            pub mod a { pub use super::d::*; pub use super::c::*; }
            pub mod d { pub use super::a::*; }
            pub mod c { pub struct X; }
        ";
        let x = Some("item X".to_string());
        for order in [["a", "d"], ["d", "a"]] {
            let m = TestCrate::new(source).model;
            for module in order {
                assert_eq!(
                    resolve(&m, module, "X"),
                    x,
                    "X in {module}, order {order:?}"
                );
            }
            // Asked again, from the cache.
            assert_eq!(resolve(&m, "d", "X"), x);
            let missing = Some(r#"External(["Y"])"#.to_string());
            assert_eq!(resolve(&m, "a", "Y"), missing);
            assert_eq!(resolve(&m, "d", "Y"), missing);
        }
    }

    /// The traits a method call may use in a module: defined there, imported by name, by
    /// a glob or `as _`, or defined in a block around the call; not one defined elsewhere,
    /// or shadowed by another item of the same name.
    #[test]
    fn the_traits_in_scope_are_those_a_name_or_glob_brings_in() {
        let source = "
            pub mod defs {
                pub trait Named {}
                pub trait Globbed {}
                pub trait Anonymous {}
                pub trait Elsewhere {}
            }
            pub mod by_name { use super::defs::Named; }
            pub mod by_glob { use super::defs::*; }
            pub mod by_underscore { use super::defs::Anonymous as _; }
            pub mod shadowed { use super::defs::Named as _; pub struct Named; }
            pub mod in_block { pub trait Outer {} pub fn f() { trait Local {} } }
            pub mod none {}
        ";
        let krate = TestCrate::new(source);
        let m = &krate.model;
        let in_scope = |module: ModPath| {
            let mut names: Vec<String> = m
                .traits_in_scope(&module)
                .into_iter()
                .map(|id| m.item(id).name.clone())
                .collect();
            names.sort();
            names
        };
        let module = |name: &str| vec![name.to_string()];
        assert_eq!(in_scope(module("by_name")), ["Named"]);
        assert_eq!(
            in_scope(module("by_glob")),
            ["Anonymous", "Elsewhere", "Globbed", "Named"]
        );
        assert_eq!(in_scope(module("by_underscore")), ["Anonymous"]);
        assert_eq!(in_scope(module("shadowed")), ["Named"]);
        assert!(in_scope(module("none")).is_empty());
        assert_eq!(
            in_scope(module("defs")),
            ["Anonymous", "Elsewhere", "Globbed", "Named"]
        );
        let block = m
            .item_ids()
            .find(|&id| m.item(id).name == "Local")
            .map(|id| m.item(id).module.to_vec())
            .expect("the trait in the block");
        assert_eq!(in_scope(block), ["Local", "Outer"]);
    }
}
