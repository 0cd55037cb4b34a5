//! What memlint believes about the sizes of a crate's types, for `--print type-sizes`:
//! every struct, enum and union the crate defines, and every instantiation of one of its
//! generic types with concrete arguments that its item signatures mention
//! (`Either<ast::Group, ast::SetFlags>`).

use crate::cfg::Truth;
use crate::collections::HashSet;
use crate::layout::Layout;
use crate::model::ty::{GenericArg, Ty};
use crate::model::{AssocItem, CrateModel, ItemId, ItemKind};

/// One type and its layout (`None` when the size is unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeSize {
    /// The path rustc prints: `regex_syntax::ast::Span`, generic ones with their parameters
    /// or arguments.
    pub path: String,
    pub layout: Option<Layout>,
}

impl TypeSize {
    /// `exact`, `lower-bound` or `unknown`.
    pub fn exactness(&self) -> &'static str {
        match self.layout {
            Some(l) if l.exact => "exact",
            Some(_) => "lower-bound",
            None => "unknown",
        }
    }
}

/// The crate's types, largest first (as rustc's `-Z print-type-sizes`), then by path.
pub fn type_sizes(model: &CrateModel, crate_name: &str) -> Vec<TypeSize> {
    let mut rows = Vec::new();
    let mut instances = Vec::new();
    let mut seen = HashSet::default();
    for id in model.item_ids() {
        let item = model.item(id);
        if item.cfg == Truth::False || item.module.iter().any(|s| s.starts_with('{')) {
            // Items the build leaves out, and items inside function bodies (rustc names them
            // after the function, which the model does not keep).
            continue;
        }
        let generics = match &item.kind {
            ItemKind::Struct(adt) | ItemKind::Union(adt) => &adt.generics,
            ItemKind::Enum(e) => &e.generics,
            _ => continue,
        };
        let args = generics
            .params
            .iter()
            .map(|p| match p {
                crate::model::GenericParam::Type(n) => GenericArg::Type(Ty::Param(n.clone())),
                crate::model::GenericParam::Const(n) => {
                    GenericArg::Const(crate::model::ty::Len::Param(n.clone()))
                }
            })
            .collect();
        rows.push(TypeSize {
            path: format!(
                "{crate_name}::{}{}",
                model.item_path(id),
                model.params_to_string(&generics.params)
            ),
            layout: model.layout_of(&Ty::Adt(id, args)),
        });
    }
    model.for_each_signature_ty(|ty| collect_instances(model, ty, &mut seen, &mut instances));
    for ty in instances {
        rows.push(TypeSize {
            path: format!("{crate_name}::{}", model.ty_to_string(&ty)),
            layout: model.layout_of(&ty),
        });
    }
    rows.sort_by(|a, b| {
        let size = |r: &TypeSize| std::cmp::Reverse(r.layout.map(|l| l.size));
        size(a).cmp(&size(b)).then_with(|| a.path.cmp(&b.path))
    });
    rows
}

/// Instances of the crate's generic types with concrete arguments, inside `ty`.
fn collect_instances(model: &CrateModel, ty: &Ty, seen: &mut HashSet<Ty>, out: &mut Vec<Ty>) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Adt(id, args) => {
                if !args.is_empty()
                    && is_type_def(model, *id)
                    && !mentions_param(ty)
                    && seen.insert(ty.clone())
                {
                    out.push(ty.clone());
                }
                stack.extend(args.iter().filter_map(|a| match a {
                    GenericArg::Type(t) => Some(t),
                    GenericArg::Const(_) => None,
                }));
            }
            Ty::Std(_, args) => stack.extend(args.iter().filter_map(|a| match a {
                GenericArg::Type(t) => Some(t),
                GenericArg::Const(_) => None,
            })),
            Ty::Array(t, _) | Ty::Slice(t) | Ty::Ptr(t) | Ty::RawPtr(t) => stack.push(t),
            Ty::Tuple(ts) => stack.extend(ts.iter()),
            _ => {}
        }
    }
}

fn is_type_def(model: &CrateModel, id: ItemId) -> bool {
    matches!(
        model.item(id).kind,
        ItemKind::Struct(_) | ItemKind::Enum(_) | ItemKind::Union(_)
    )
}

fn mentions_param(ty: &Ty) -> bool {
    let arg = |a: &GenericArg| match a {
        GenericArg::Type(t) => mentions_param(t),
        GenericArg::Const(l) => matches!(l, crate::model::ty::Len::Param(_)),
    };
    match ty {
        Ty::Param(_) => true,
        Ty::Projection(base, _) => mentions_param(base),
        Ty::Adt(_, args) | Ty::Std(_, args) => args.iter().any(arg),
        Ty::Array(t, len) => mentions_param(t) || matches!(len, crate::model::ty::Len::Param(_)),
        Ty::Slice(t) | Ty::Ptr(t) | Ty::RawPtr(t) => mentions_param(t),
        Ty::Tuple(ts) => ts.iter().any(mentions_param),
        _ => false,
    }
}

impl CrateModel {
    /// Calls `f` on every type written in an item's signature: fields, variants, aliases,
    /// constants, statics, and function parameters and return types.
    pub fn for_each_signature_ty(&self, mut f: impl FnMut(&Ty)) {
        let sig = |s: &crate::model::FnSig, f: &mut dyn FnMut(&Ty)| {
            s.params.iter().for_each(&mut *f);
            if let Some(ret) = &s.ret {
                f(ret);
            }
        };
        let compiled = |cfg: Truth| cfg != Truth::False;
        for id in self.item_ids() {
            if !compiled(self.item(id).cfg) {
                continue;
            }
            match &self.item(id).kind {
                ItemKind::Struct(adt) | ItemKind::Union(adt) => adt
                    .fields
                    .iter()
                    .filter(|field| compiled(field.cfg))
                    .for_each(|field| f(&field.ty)),
                ItemKind::Enum(e) => e
                    .variants
                    .iter()
                    .filter(|v| compiled(v.cfg))
                    .flat_map(|v| &v.fields)
                    .filter(|field| compiled(field.cfg))
                    .for_each(|field| f(&field.ty)),
                ItemKind::Alias { ty, .. }
                | ItemKind::Const { ty, .. }
                | ItemKind::Static { ty } => f(ty),
                ItemKind::Fn(s) => sig(s, &mut f),
                ItemKind::Mod | ItemKind::Trait => {}
            }
        }
        for item in self.assoc_items() {
            match item {
                AssocItem::Const { ty, .. } => f(ty),
                AssocItem::Fn(s) => sig(s, &mut f),
            }
        }
    }
}
