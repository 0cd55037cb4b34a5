//! Type layouts: the size and alignment rustc gives a type on x86_64, or a lower bound when
//! part of the type is unknown (a generic parameter, a type from another crate).
//!
//! Facts used (measured, see `../shared/groundtruth/README.md`): `repr(Rust)` structs and
//! tuples are reordered by decreasing alignment, so their size is the sum of the field sizes
//! rounded up to the largest alignment; `repr(C)` keeps declaration order with padding;
//! `packed(n)` caps alignments at `n`; `align(n)` raises the alignment; zero-sized types take
//! no space.

use crate::model::ty::{GenericArg, Len, Prim, Ty};
use crate::model::{AdtDef, CrateModel, GenericParam, ItemKind, Repr};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub size: u64,
    pub align: u64,
    /// `false` when `size` is a lower bound: some part of the type is unknown.
    pub exact: bool,
}

impl Layout {
    pub const fn exact(size: u64, align: u64) -> Layout {
        Layout {
            size,
            align,
            exact: true,
        }
    }

    const POINTER: Layout = Layout::exact(8, 8);
    const FAT_POINTER: Layout = Layout::exact(16, 8);

    /// The bound used for a part that is unknown: nothing, since it may be zero-sized.
    const UNKNOWN_PART: Layout = Layout {
        size: 0,
        align: 1,
        exact: false,
    };

    fn lower_bound(self) -> Layout {
        Layout {
            exact: false,
            ..self
        }
    }
}

/// Types nested deeper than this are given up on (infinite types through aliases end here).
const MAX_DEPTH: usize = 48;

impl CrateModel {
    /// The layout of `ty`, or `None` when nothing useful is known (an unsized type, or a
    /// type of another crate that memlint has no size for).
    pub fn layout_of(&self, ty: &Ty) -> Option<Layout> {
        self.layout_at(ty, 0)
    }

    /// `ty` with type aliases of the crate replaced by what they stand for.
    pub fn expand_aliases(&self, ty: &Ty) -> Ty {
        let mut ty = ty.clone();
        for _ in 0..MAX_DEPTH {
            let Ty::Adt(id, args) = &ty else { break };
            let ItemKind::Alias {
                generics,
                ty: target,
            } = &self.item(*id).kind
            else {
                break;
            };
            ty = subst(target, &generics.params, args);
        }
        ty
    }

    /// The length of an array type, when it is a known constant.
    pub fn array_len(&self, len: &Len) -> Option<u64> {
        match len {
            Len::Known(n) => Some(*n),
            Len::Param(_) => None,
            Len::Expr(e) => self.eval(e).and_then(|n| u64::try_from(n).ok()),
        }
    }

    fn layout_at(&self, ty: &Ty, depth: usize) -> Option<Layout> {
        if depth > MAX_DEPTH {
            return None;
        }
        let d = depth + 1;
        match ty {
            Ty::Prim(p) => p.size().map(|s| Layout::exact(s, s)),
            Ty::Never => Some(Layout::exact(0, 1)),
            Ty::FnPtr => Some(Layout::POINTER),
            Ty::Ptr(inner) => Some(if self.is_unsized(inner) {
                Layout::FAT_POINTER
            } else {
                Layout::POINTER
            }),
            Ty::Tuple(elems) => Some(self.aggregate(elems.iter(), &Repr::default(), d)),
            Ty::Array(elem, len) => {
                let elem = self.layout_at(elem, d)?;
                match self.array_len(len) {
                    Some(n) => Some(Layout {
                        size: elem.size.checked_mul(n)?,
                        align: elem.align,
                        exact: elem.exact,
                    }),
                    None => Some(Layout::exact(0, elem.align).lower_bound()),
                }
            }
            Ty::Adt(id, args) => match &self.item(*id).kind {
                ItemKind::Struct(adt) => self.struct_layout(adt, args, d),
                ItemKind::Union(adt) => self.union_layout(adt, args, d),
                ItemKind::Enum(e) => {
                    let payloads: Vec<Layout> = e
                        .variants
                        .iter()
                        .map(|v| {
                            let tys = v
                                .fields
                                .iter()
                                .map(|f| subst(&f.ty, &e.generics.params, args));
                            let tys: Vec<Ty> = tys.collect();
                            self.aggregate(tys.iter(), &Repr::default(), d)
                        })
                        .collect();
                    Some(enum_layout(e.variants.len(), &payloads, &e.repr))
                }
                ItemKind::Alias { generics, ty } => {
                    self.layout_at(&subst(ty, &generics.params, args), d)
                }
                _ => None,
            },
            Ty::Std(name, args) => self.std_layout(name, args, d),
            Ty::InferInt => Some(Layout::exact(1, 1).lower_bound()),
            Ty::InferFloat => Some(Layout::exact(4, 4).lower_bound()),
            Ty::Slice(_) | Ty::Dyn | Ty::Param(_) | Ty::Unknown(_) => None,
        }
    }

    /// Whether a pointer to `ty` is fat. Unknown types are taken as sized.
    fn is_unsized(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Slice(_) | Ty::Dyn | Ty::Prim(Prim::Str) => true,
            Ty::Std(name, _) => matches!(name.as_str(), "Path" | "OsStr" | "CStr"),
            _ => false,
        }
    }

    fn struct_layout(&self, adt: &AdtDef, args: &[GenericArg], depth: usize) -> Option<Layout> {
        let tys: Vec<Ty> = adt
            .fields
            .iter()
            .map(|f| subst(&f.ty, &adt.generics.params, args))
            .collect();
        Some(self.aggregate(tys.iter(), &adt.repr, depth))
    }

    fn union_layout(&self, adt: &AdtDef, args: &[GenericArg], depth: usize) -> Option<Layout> {
        let mut out = Layout::exact(0, 1);
        for f in &adt.fields {
            let l = self
                .layout_at(&subst(&f.ty, &adt.generics.params, args), depth)
                .unwrap_or(Layout::UNKNOWN_PART);
            out.size = out.size.max(l.size);
            out.align = out.align.max(l.align);
            out.exact &= l.exact;
        }
        Some(finish(out, &adt.repr))
    }

    /// Structs and tuples. Unknown fields count as empty and make the result a lower bound.
    fn aggregate<'t>(
        &self,
        fields: impl Iterator<Item = &'t Ty>,
        repr: &Repr,
        depth: usize,
    ) -> Layout {
        let mut out = Layout::exact(0, 1);
        for ty in fields {
            let mut field = self.layout_at(ty, depth).unwrap_or(Layout::UNKNOWN_PART);
            if let Some(pack) = repr.packed {
                field.align = field.align.min(pack);
            }
            if repr.c {
                out.size = round_up(out.size, field.align);
            }
            out.size = out.size.saturating_add(field.size);
            out.align = out.align.max(field.align);
            out.exact &= field.exact;
        }
        finish(out, repr)
    }

    fn std_layout(&self, name: &str, args: &[GenericArg], depth: usize) -> Option<Layout> {
        let arg = |i| Ty::type_arg(args, i);
        let pointer_to = |ty: Option<&Ty>| match ty {
            Some(t) if self.is_unsized(t) => Layout::FAT_POINTER,
            _ => Layout::POINTER,
        };
        Some(match name {
            "Box" | "Rc" | "Arc" | "NonNull" => pointer_to(arg(0)),
            "Weak" => pointer_to(arg(0)),
            "Vec" | "String" | "PathBuf" | "OsString" | "BTreeMap" | "BTreeSet" | "LinkedList"
            | "BinaryHeap" => Layout::exact(24, 8),
            "VecDeque" => Layout::exact(32, 8),
            "HashMap" | "HashSet" if args.len() <= 2 => Layout::exact(48, 8),
            "PhantomData" | "PhantomPinned" => Layout::exact(0, 1),
            "Cell" | "UnsafeCell" | "ManuallyDrop" | "MaybeUninit" | "Wrapping" | "Reverse" => {
                self.layout_at(arg(0)?, depth)?
            }
            "Option" => {
                let inner = self.layout_at(arg(0)?, depth)?;
                if arg(0).is_some_and(|t| self.has_null_niche(t)) {
                    inner
                } else {
                    // Tag or niche: issue-level detail the layout engine does not model yet.
                    inner.lower_bound()
                }
            }
            _ => return None,
        })
    }

    /// Types whose all-zero bit pattern is invalid, so `Option<T>` is no bigger than `T`.
    fn has_null_niche(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Ptr(_) => true, // references only; raw pointers are rare in `Option`
            Ty::FnPtr => true,
            Ty::Std(name, _) => matches!(name.as_str(), "Box" | "Rc" | "Arc" | "NonNull"),
            _ => false,
        }
    }
}

/// Applies `align(n)` and rounds the size up to the alignment.
fn finish(mut out: Layout, repr: &Repr) -> Layout {
    if let Some(align) = repr.align {
        out.align = out.align.max(align);
    }
    out.size = round_up(out.size, out.align);
    out
}

/// Enums: fieldless enums take the smallest tag that fits (or their `repr`); enums with data
/// are at least their largest payload (the exact tag and niche layout is not modelled yet).
fn enum_layout(variants: usize, payloads: &[Layout], repr: &Repr) -> Layout {
    let tag = match repr.int.and_then(|p| p.size()) {
        Some(size) => size,
        None if variants <= 1 => 0,
        None if variants <= 256 => 1,
        None if variants <= 65536 => 2,
        None => 4,
    };
    if payloads.iter().all(|p| p.size == 0 && p.exact) {
        return Layout::exact(tag, tag.max(1));
    }
    let largest = payloads
        .iter()
        .copied()
        .max_by_key(|p| p.size)
        .unwrap_or(Layout::exact(0, 1));
    let align = payloads.iter().map(|p| p.align).max().unwrap_or(1);
    Layout {
        size: largest.size,
        align,
        exact: false,
    }
}

fn round_up(size: u64, align: u64) -> u64 {
    if align <= 1 {
        size
    } else {
        size.div_ceil(align).saturating_mul(align)
    }
}

/// Replaces generic parameters by the arguments given (missing ones stay parameters).
pub fn subst(ty: &Ty, params: &[GenericParam], args: &[GenericArg]) -> Ty {
    if params.is_empty() {
        return ty.clone();
    }
    let lookup_ty = |name: &str| {
        let i = params
            .iter()
            .position(|p| *p == GenericParam::Type(name.to_string()))?;
        match args.get(i) {
            Some(GenericArg::Type(t)) => Some(t.clone()),
            _ => None,
        }
    };
    let lookup_len = |name: &str| {
        let i = params
            .iter()
            .position(|p| *p == GenericParam::Const(name.to_string()))?;
        match args.get(i) {
            Some(GenericArg::Const(l)) => Some(l.clone()),
            _ => None,
        }
    };
    let go = |t: &Ty| subst(t, params, args);
    let go_args = |a: &[GenericArg]| -> Vec<GenericArg> {
        a.iter()
            .map(|a| match a {
                GenericArg::Type(t) => GenericArg::Type(go(t)),
                GenericArg::Const(Len::Param(n)) => {
                    GenericArg::Const(lookup_len(n).unwrap_or(Len::Param(n.clone())))
                }
                other => other.clone(),
            })
            .collect()
    };
    match ty {
        Ty::Param(name) => lookup_ty(name).unwrap_or_else(|| ty.clone()),
        Ty::Array(elem, len) => {
            let len = match len {
                Len::Param(n) => lookup_len(n).unwrap_or_else(|| len.clone()),
                other => other.clone(),
            };
            Ty::Array(Box::new(go(elem)), len)
        }
        Ty::Slice(t) => Ty::Slice(Box::new(go(t))),
        Ty::Ptr(t) => Ty::Ptr(Box::new(go(t))),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(go).collect()),
        Ty::Adt(id, a) => Ty::Adt(*id, go_args(a)),
        Ty::Std(n, a) => Ty::Std(n.clone(), go_args(a)),
        _ => ty.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        assert_eq!(round_up(13, 8), 16);
        assert_eq!(round_up(16, 8), 16);
        assert_eq!(round_up(3, 1), 3);
    }

    #[test]
    fn fieldless_enums_take_the_smallest_tag() {
        let unit = [Layout::exact(0, 1); 3];
        assert_eq!(enum_layout(3, &unit, &Repr::default()), Layout::exact(1, 1));
        let repr = Repr {
            int: Some(Prim::U32),
            ..Repr::default()
        };
        assert_eq!(enum_layout(3, &unit, &repr), Layout::exact(4, 4));
        assert_eq!(
            enum_layout(300, &[Layout::exact(0, 1); 300], &Repr::default()).size,
            2
        );
    }
}
