//! The types of the names a pattern binds, given the type of the value it matches:
//! `Some(x)` against an `Option<T>` binds `x: T`, `Node { next, .. }` binds `next` with its
//! field's type, and matching through a reference binds references (match ergonomics).

use super::{TypeEnv, path_names};
use crate::cfg::Truth;
use crate::collections::HashMap;
use crate::layout::subst;
use crate::model::ty::{GenericArg, Ty};
use crate::model::{AdtDef, ItemKind, Ns, Res};

/// One name a pattern binds.
pub struct Bound<'p> {
    pub ident: &'p syn::PatIdent,
    /// Its type, when the matched value's type and the pattern say it.
    pub ty: Option<Ty>,
    /// Its identity in the [`TypeEnv`] (see [`TypeEnv::local_id`]), once bound.
    pub id: u32,
}

/// The fields of a variant or struct a pattern names, by position and by name.
struct Fields {
    positional: Vec<Option<Ty>>,
    named: HashMap<String, Option<Ty>>,
}

impl TypeEnv<'_> {
    /// The names `pat` binds when it matches a value of type `ty`.
    pub fn pattern_bindings<'p>(&self, pat: &'p syn::Pat, ty: Option<Ty>) -> Vec<Bound<'p>> {
        let mut out = Vec::new();
        self.walk_pat(pat, ty, false, &mut out);
        out
    }

    fn walk_pat<'p>(
        &self,
        pat: &'p syn::Pat,
        ty: Option<Ty>,
        by_ref: bool,
        out: &mut Vec<Bound<'p>>,
    ) {
        let ty = ty.map(|t| self.model().expand_aliases(&t));
        match pat {
            syn::Pat::Ident(p) => {
                let bound = if p.by_ref.is_some() || by_ref {
                    ty.clone().map(|t| Ty::Ptr(Box::new(t)))
                } else {
                    ty.clone()
                };
                out.push(Bound {
                    ident: p,
                    ty: bound,
                    id: 0,
                });
                if let Some((_, sub)) = &p.subpat {
                    self.walk_pat(sub, ty, by_ref, out);
                }
            }
            syn::Pat::Type(t) => self.walk_pat(&t.pat, ty, by_ref, out),
            syn::Pat::Guard(g) => self.walk_pat(&g.pat, ty, by_ref, out),
            syn::Pat::Paren(p) => self.walk_pat(&p.pat, ty, by_ref, out),
            syn::Pat::Reference(r) => {
                let inner = match ty {
                    Some(Ty::Ptr(inner)) => Some(*inner),
                    _ => None,
                };
                self.walk_pat(&r.pat, inner, false, out);
            }
            syn::Pat::Or(o) => {
                if let Some(first) = o.cases.first() {
                    self.walk_pat(first, ty, by_ref, out);
                }
            }
            syn::Pat::Tuple(t) => {
                let (ty, by_ref) = deref(ty, by_ref);
                let elems = match ty {
                    Some(Ty::Tuple(ts)) => ts.into_iter().map(Some).collect(),
                    _ => Vec::new(),
                };
                self.positional(t.elems.iter(), &elems, by_ref, out);
            }
            syn::Pat::TupleStruct(ts) => {
                let (ty, by_ref) = deref(ty, by_ref);
                let fields = self.fields_of(&ts.path, ty.as_ref());
                let elems = fields.map(|f| f.positional).unwrap_or_default();
                self.positional(ts.elems.iter(), &elems, by_ref, out);
            }
            syn::Pat::Struct(s) => {
                let (ty, by_ref) = deref(ty, by_ref);
                let fields = self.fields_of(&s.path, ty.as_ref());
                for fp in &s.fields {
                    let field_ty = fields.as_ref().and_then(|f| match &fp.member {
                        syn::Member::Named(n) => {
                            f.named.get(&crate::load::unraw(n)).cloned().flatten()
                        }
                        syn::Member::Unnamed(i) => {
                            f.positional.get(i.index as usize).cloned().flatten()
                        }
                    });
                    self.walk_pat(&fp.pat, field_ty, by_ref, out);
                }
            }
            syn::Pat::Slice(s) => {
                let (ty, by_ref) = deref(ty, by_ref);
                let elem = match ty {
                    Some(Ty::Array(elem, _) | Ty::Slice(elem)) => Some(*elem),
                    _ => None,
                };
                for p in &s.elems {
                    let elem = match p {
                        syn::Pat::Ident(i) if matches!(i.subpat.as_ref(), Some((_, sub)) if matches!(**sub, syn::Pat::Rest(_))) => {
                            None
                        }
                        _ => elem.clone(),
                    };
                    self.walk_pat(p, elem, by_ref, out);
                }
            }
            _ => {
                // Literals, ranges, paths, `_`, `..`: no bindings, or none memlint types.
                let mut names = Vec::new();
                collect_idents(pat, &mut names);
                out.extend(names.into_iter().map(|ident| Bound {
                    ident,
                    ty: None,
                    id: 0,
                }));
            }
        }
    }

    /// Elements matched by position, with a `..` in the middle skipping the fields it covers.
    fn positional<'p>(
        &self,
        pats: impl ExactSizeIterator<Item = &'p syn::Pat>,
        tys: &[Option<Ty>],
        by_ref: bool,
        out: &mut Vec<Bound<'p>>,
    ) {
        let pats: Vec<&syn::Pat> = pats.collect();
        let rest = pats.iter().position(|p| matches!(p, syn::Pat::Rest(_)));
        for (i, p) in pats.iter().enumerate() {
            let index = match rest {
                Some(r) if i > r => (tys.len() + i).checked_sub(pats.len()),
                _ => Some(i),
            };
            let ty = index.and_then(|i| tys.get(i).cloned().flatten());
            self.walk_pat(p, ty, by_ref, out);
        }
    }

    /// The fields a pattern's path names, for a value of type `ty`.
    fn fields_of(&self, path: &syn::Path, ty: Option<&Ty>) -> Option<Fields> {
        let names = path_names(path);
        let last = names.last()?.as_str();
        match ty {
            Some(Ty::Std(key, args)) => {
                let arg = |i| Ty::type_arg(args, i).cloned();
                let field = match (key.as_str(), last) {
                    ("Option", "Some") | ("Result" | "io::Result", "Ok") => arg(0),
                    ("Result", "Err") => arg(1),
                    ("io::Result", "Err") => Some(Ty::Std("io::Error".into(), Vec::new())),
                    _ => return None,
                };
                return Some(Fields {
                    positional: vec![field],
                    named: HashMap::default(),
                });
            }
            Some(Ty::Adt(id, args)) => match &self.model().item(*id).kind {
                ItemKind::Enum(e) => {
                    let args = e.generics.with_defaults(args);
                    let variant = e.variants.iter().find(|v| v.name == last)?;
                    return Some(fields(&variant.fields, &e.generics.params, &args));
                }
                ItemKind::Struct(adt) => return Some(adt_fields(adt, args)),
                _ => {}
            },
            _ => {}
        }
        // Without the matched value's type: what the path resolves to, generics unknown.
        let res = self
            .model()
            .resolve(&self.cx.module, &names, Ns::Type)
            .or_else(|| self.model().resolve(&self.cx.module, &names, Ns::Value))?;
        match res {
            Res::Assoc(owner, variant) => match &self.model().item(owner).kind {
                ItemKind::Enum(e) if e.generics.params.is_empty() => {
                    let v = e.variants.iter().find(|v| v.name == variant)?;
                    Some(fields(&v.fields, &[], &[]))
                }
                _ => None,
            },
            Res::Item(id) => match &self.model().item(id).kind {
                ItemKind::Struct(adt) if adt.generics.params.is_empty() => {
                    Some(adt_fields(adt, &[]))
                }
                _ => None,
            },
            _ => None,
        }
    }
}

fn adt_fields(adt: &AdtDef, args: &[GenericArg]) -> Fields {
    let args = adt.generics.with_defaults(args);
    fields(&adt.fields, &adt.generics.params, &args)
}

fn fields(
    defs: &[crate::model::FieldDef],
    params: &[crate::model::GenericParam],
    args: &[GenericArg],
) -> Fields {
    let compiled: Vec<&crate::model::FieldDef> =
        defs.iter().filter(|f| f.cfg != Truth::False).collect();
    let ty = |f: &crate::model::FieldDef| {
        let t = subst(&f.ty, params, args);
        Some(super::unify::forget_params(&t, params))
    };
    Fields {
        positional: compiled.iter().map(|f| ty(f)).collect(),
        named: compiled
            .iter()
            .filter_map(|f| Some((f.name.clone()?, ty(f))))
            .collect(),
    }
}

/// Matching a non-reference pattern against a reference matches the referent, and the
/// bindings inside become references.
fn deref(ty: Option<Ty>, by_ref: bool) -> (Option<Ty>, bool) {
    match ty {
        Some(Ty::Ptr(inner)) => deref(Some(*inner), true),
        other => (other, by_ref),
    }
}

fn collect_idents<'p>(pat: &'p syn::Pat, out: &mut Vec<&'p syn::PatIdent>) {
    struct Idents<'a, 'p>(&'a mut Vec<&'p syn::PatIdent>);
    impl<'p> syn::visit::Visit<'p> for Idents<'_, 'p> {
        fn visit_pat_ident(&mut self, p: &'p syn::PatIdent) {
            self.0.push(p);
            syn::visit::visit_pat_ident(self, p);
        }
    }
    syn::visit::Visit::visit_pat(&mut Idents(out), pat);
}
