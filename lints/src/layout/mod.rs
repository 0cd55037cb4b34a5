//! Type layouts: the size and alignment rustc gives a type on x86_64, or a lower bound when
//! part of the type is unknown (a generic parameter, a type from another crate).
//!
//! The engine follows rustc's own layout algorithm (`rustc_abi::layout`), measured against
//! the compiler (see `../shared/groundtruth/README.md`):
//! - structs, tuples and enum variants: [`univariant`] (field reordering, `repr(C)`,
//!   `packed`, `align`);
//! - enums: [`enums`] (tags, niches);
//! - std types: [`std_types`] (a measured table, and std's definitions of generic wrappers).
//!
//! Besides size and alignment, the engine tracks each type's largest *niche*: a range of
//! invalid values (a null pointer, a `bool` above 1, a `char` above 0x10FFFF) that an
//! enclosing enum can use instead of a tag. That is what makes `Option<&T>` 8 bytes.

mod abi;
mod enums;
mod std_types;
mod univariant;

use crate::cfg::Truth;
use crate::collections::HashMap;
use crate::model::ty::{GenericArg, Len, Prim, Ty};
use crate::model::{AdtDef, CrateModel, EnumDef, FieldDef, GenericParam, ItemKind, Repr};
pub use abi::Abi;
use std::cell::{Cell, RefCell};
use univariant::{Kind, univariant};

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
}

/// Invalid values of a scalar inside a type: `available` values starting somewhere in the
/// `size` bytes at `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Niche {
    pub offset: u64,
    pub size: u64,
    pub available: u128,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Niches {
    None,
    /// The largest niche, the one an enclosing enum would use.
    At(Niche),
    /// The size is known but not the niche (some std types): an enum around it is a lower
    /// bound.
    Unknown,
}

/// What the engine knows of a type: its layout, its largest niche, and whether it has no
/// values at all (`!`, an empty enum).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    pub size: u64,
    pub align: u64,
    pub exact: bool,
    pub niche: Niches,
    pub uninhabited: bool,
}

impl Shape {
    pub const fn plain(size: u64, align: u64) -> Shape {
        Shape {
            size,
            align,
            exact: true,
            niche: Niches::None,
            uninhabited: false,
        }
    }

    pub const fn with_niche(size: u64, align: u64, niche: Niche) -> Shape {
        Shape {
            niche: Niches::At(niche),
            ..Shape::plain(size, align)
        }
    }

    /// A part that is unknown counts as nothing, since it may be zero-sized.
    pub const UNKNOWN_PART: Shape = Shape {
        size: 0,
        align: 1,
        exact: false,
        niche: Niches::Unknown,
        uninhabited: false,
    };

    fn lower_bound(self) -> Shape {
        Shape {
            exact: false,
            niche: Niches::Unknown,
            ..self
        }
    }

    fn layout(self) -> Layout {
        Layout {
            size: self.size,
            align: self.align,
            exact: self.exact,
        }
    }
}

/// Whether a type has a size known at compile time (pointers to it are thin).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sizedness {
    Sized,
    Unsized,
    Unknown,
}

/// One variant of an enum, for lints that compare variants.
#[derive(Clone, Debug)]
pub struct VariantLayout {
    /// The variant's index in the enum's definition.
    pub index: usize,
    /// Each compiled field: its index in the variant's definition and its layout (`None`
    /// when unknown).
    pub fields: Vec<(usize, Option<Layout>)>,
    /// The sum of the field sizes (as Clippy counts a variant), and whether it is exact.
    pub size: u64,
    pub exact: bool,
}

/// std types whose last field is their `T: ?Sized` argument, inline.
const UNSIZED_WRAPPERS: &[&str] = &[
    "ManuallyDrop",
    "Cell",
    "UnsafeCell",
    "SyncUnsafeCell",
    "RefCell",
    "Mutex",
    "RwLock",
    "BufReader",
    "BufWriter",
    "AssertUnwindSafe",
];

/// Types nested deeper than this are given up on (infinite types through aliases end here).
const MAX_DEPTH: usize = 48;

/// Memoized shapes, per crate model.
#[derive(Default)]
pub struct LayoutCache {
    shapes: RefCell<HashMap<Ty, Option<Shape>>>,
    /// Set when a computation gave up at [`MAX_DEPTH`]: its result depends on where it
    /// started, so it is not remembered.
    truncated: Cell<bool>,
    /// Memoized ABI kinds ([`CrateModel::abi_of`]).
    pub(super) abis: RefCell<HashMap<Ty, abi::Abi>>,
}

impl CrateModel {
    /// The layout of `ty`, or `None` when nothing useful is known (an unsized type, or a
    /// type of another crate that memlint has no size for).
    pub fn layout_of(&self, ty: &Ty) -> Option<Layout> {
        self.shape_at(ty, 0).map(Shape::layout)
    }

    /// `ty` with type aliases of the crate replaced by what they stand for.
    pub fn expand_aliases(&self, ty: &Ty) -> Ty {
        let mut ty = ty.clone();
        for _ in 0..MAX_DEPTH {
            if let Ty::Projection(base, name) = &ty {
                match self.normalize_projection(base, name) {
                    Some(t) => {
                        ty = t;
                        continue;
                    }
                    None => break,
                }
            }
            let Ty::Adt(id, args) = &ty else { break };
            let ItemKind::Alias {
                generics,
                ty: target,
            } = &self.item(*id).kind
            else {
                break;
            };
            ty = subst(target, &generics.params, &generics.with_defaults(args));
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

    /// The compiled variants of an enum type (aliases expanded), for lints that compare
    /// them. `None` when `ty` is not an enum, or its variants depend on an unknown `#[cfg]`.
    pub fn variant_layouts(&self, ty: &Ty) -> Option<Vec<VariantLayout>> {
        let (e, args) = self.enum_def(ty)?;
        let variants = self.variant_field_tys(e, &args);
        if variants.iter().any(|v| v.maybe) {
            return None;
        }
        Some(
            variants
                .iter()
                .map(|v| {
                    let fields: Vec<(usize, Option<Layout>)> = v
                        .fields
                        .iter()
                        .map(|(i, t)| (*i, self.layout_of(t)))
                        .collect();
                    VariantLayout {
                        index: v.index,
                        size: fields.iter().map(|(_, f)| f.map_or(0, |l| l.size)).sum(),
                        exact: fields.iter().all(|(_, f)| f.is_some_and(|l| l.exact)),
                        fields,
                    }
                })
                .collect(),
        )
    }

    /// The layout an enum type would have with some fields boxed: `boxed` lists
    /// (variant index, field index) pairs whose type `T` becomes `Box<T>`.
    pub fn layout_with_boxed_fields(&self, ty: &Ty, boxed: &[(usize, usize)]) -> Option<Layout> {
        let (e, args) = self.enum_def(ty)?;
        let variants = self.variant_field_tys(e, &args);
        let shapes: Vec<Vec<Shape>> = variants
            .iter()
            .map(|v| {
                v.fields
                    .iter()
                    .map(|(f, t)| {
                        if boxed.contains(&(v.index, *f)) {
                            self.pointer_to(Some(t), 0)
                        } else {
                            self.shape_at(t, 0).unwrap_or(Shape::UNKNOWN_PART)
                        }
                    })
                    .collect()
            })
            .collect();
        Some(self.enum_from_variants(e, &variants, &shapes).layout())
    }

    fn enum_def(&self, ty: &Ty) -> Option<(&EnumDef, Vec<GenericArg>)> {
        match self.expand_aliases(ty) {
            Ty::Adt(id, args) => match &self.item(id).kind {
                ItemKind::Enum(e) => Some((e, e.generics.with_defaults(&args))),
                _ => None,
            },
            _ => None,
        }
    }

    /// The variants and fields the build compiles, with their types for `args`.
    fn variant_field_tys(&self, e: &EnumDef, args: &[GenericArg]) -> Vec<VariantTys> {
        e.variants
            .iter()
            .enumerate()
            .filter(|(_, v)| v.cfg != Truth::False)
            .map(|(index, v)| {
                let (fields, maybe) = compiled_fields(&v.fields);
                VariantTys {
                    index,
                    fields: fields
                        .into_iter()
                        .map(|(i, f)| (i, subst(&f.ty, &e.generics.params, args)))
                        .collect(),
                    maybe: maybe || v.cfg == Truth::Unknown,
                }
            })
            .collect()
    }

    pub(crate) fn shape_at(&self, ty: &Ty, depth: usize) -> Option<Shape> {
        let cache = &self.layouts;
        if depth > MAX_DEPTH {
            cache.truncated.set(true);
            return None;
        }
        if let Some(known) = cache.shapes.borrow().get(ty) {
            return *known;
        }
        let outer = cache.truncated.replace(false);
        let shape = self.compute_shape(ty, depth + 1);
        let truncated = cache.truncated.get();
        cache.truncated.set(outer || truncated);
        if !truncated {
            cache.shapes.borrow_mut().insert(ty.clone(), shape);
        }
        shape
    }

    fn compute_shape(&self, ty: &Ty, d: usize) -> Option<Shape> {
        match ty {
            Ty::Prim(p) => prim_shape(*p),
            Ty::Never => Some(Shape {
                uninhabited: true,
                ..Shape::plain(0, 1)
            }),
            Ty::FnPtr => Some(self.pointer_to(Some(&Ty::unit()), d)),
            Ty::Ptr(inner) => Some(self.pointer_to(Some(inner), d)),
            Ty::RawPtr(inner) => Some(Shape {
                niche: Niches::None,
                ..self.pointer_to(Some(inner), d)
            }),
            Ty::Tuple(elems) => {
                let fields: Vec<Shape> = elems.iter().map(|t| self.field_shape(t, d)).collect();
                Some(univariant(&fields, &Repr::default(), Kind::AlwaysSized).shape)
            }
            Ty::Array(elem, len) => {
                let elem = self.shape_at(elem, d)?;
                let Some(n) = self.array_len(len) else {
                    return Some(Shape::plain(0, elem.align).lower_bound());
                };
                Some(Shape {
                    size: elem.size.checked_mul(n)?,
                    align: elem.align,
                    exact: elem.exact,
                    niche: if n == 0 { Niches::None } else { elem.niche },
                    uninhabited: n > 0 && elem.uninhabited,
                })
            }
            Ty::Adt(id, args) => match &self.item(*id).kind {
                ItemKind::Struct(adt) => Some(self.struct_shape(adt, args, d)),
                ItemKind::Union(adt) => Some(self.union_shape(adt, args, d)),
                ItemKind::Enum(e) => {
                    let args = e.generics.with_defaults(args);
                    let variants = self.variant_field_tys(e, &args);
                    let shapes: Vec<Vec<Shape>> = variants
                        .iter()
                        .map(|v| {
                            v.fields
                                .iter()
                                .map(|(_, t)| self.field_shape(t, d))
                                .collect()
                        })
                        .collect();
                    Some(self.enum_from_variants(e, &variants, &shapes))
                }
                ItemKind::Alias { generics, ty } => {
                    let args = generics.with_defaults(args);
                    self.shape_at(&subst(ty, &generics.params, &args), d)
                }
                _ => None,
            },
            Ty::Std(name, args) => self.std_shape(name, args, d),
            Ty::InferInt => Some(Shape::plain(1, 1).lower_bound()),
            Ty::InferFloat => Some(Shape::plain(4, 4).lower_bound()),
            Ty::Projection(base, name) => {
                let normalized = self.normalize_projection(base, name)?;
                self.shape_at(&normalized, d)
            }
            Ty::Slice(_) | Ty::Dyn | Ty::Param(_) | Ty::Unknown(_) => None,
        }
    }

    /// A field: an unknown type counts as an unknown part.
    fn field_shape(&self, ty: &Ty, depth: usize) -> Shape {
        self.shape_at(ty, depth).unwrap_or(Shape::UNKNOWN_PART)
    }

    /// The enum's shape from its compiled `variants` and their fields' `shapes`.
    fn enum_from_variants(
        &self,
        e: &EnumDef,
        variants: &[VariantTys],
        shapes: &[Vec<Shape>],
    ) -> Shape {
        // Implicit discriminants count up from the previous compiled variant.
        let mut all = Vec::with_capacity(e.variants.len());
        let mut next = Some(0i128);
        for v in e.variants.iter().filter(|v| v.cfg != Truth::False) {
            let value = match &v.discriminant {
                Some(expr) => self.eval(expr),
                None => next,
            };
            all.push(value);
            next = value.and_then(|d| d.checked_add(1));
        }
        let discriminants: Vec<Option<i128>> = variants
            .iter()
            .map(|v| {
                let compiled = e.variants[..v.index]
                    .iter()
                    .filter(|v| v.cfg != Truth::False)
                    .count();
                all.get(compiled).copied().flatten()
            })
            .collect();
        let shape = enums::enum_shape(&enums::EnumInput {
            variants: shapes,
            discriminants: &discriminants,
            explicit_discriminant: e.variants.iter().any(|v| v.discriminant.is_some()),
            repr: &e.repr,
        });
        if variants.iter().any(|v| v.maybe) {
            shape.lower_bound()
        } else {
            shape
        }
    }

    /// Whether `ty` is sized. Types of other crates and generic parameters are unknown.
    pub(crate) fn sizedness(&self, ty: &Ty, depth: usize) -> Sizedness {
        if depth > MAX_DEPTH {
            return Sizedness::Unknown;
        }
        match ty {
            Ty::Slice(_) | Ty::Dyn | Ty::Prim(Prim::Str) => Sizedness::Unsized,
            Ty::Std(name, _) if matches!(name.as_str(), "Path" | "OsStr" | "CStr") => {
                Sizedness::Unsized
            }
            // Wrappers that hold their `T: ?Sized` inline.
            Ty::Std(name, args) if UNSIZED_WRAPPERS.contains(&name.as_str()) => {
                match Ty::type_arg(args, 0) {
                    Some(t) => self.sizedness(t, depth + 1),
                    None => Sizedness::Unknown,
                }
            }
            Ty::Param(_) | Ty::Unknown(_) => Sizedness::Unknown,
            Ty::Projection(base, name) => match self.normalize_projection(base, name) {
                Some(t) => self.sizedness(&t, depth + 1),
                None => Sizedness::Unknown,
            },
            // A struct is unsized when its last field is (`struct NoDrop<T: ?Sized>(T)`).
            Ty::Adt(id, args) => match &self.item(*id).kind {
                ItemKind::Struct(adt) => {
                    match adt.fields.iter().rev().find(|f| f.cfg != Truth::False) {
                        Some(last) => {
                            let args = adt.generics.with_defaults(args);
                            self.sizedness(&subst(&last.ty, &adt.generics.params, &args), depth + 1)
                        }
                        None => Sizedness::Sized,
                    }
                }
                ItemKind::Alias { generics, ty } => {
                    let args = generics.with_defaults(args);
                    self.sizedness(&subst(ty, &generics.params, &args), depth + 1)
                }
                _ => Sizedness::Sized,
            },
            _ => Sizedness::Sized,
        }
    }

    fn struct_shape(&self, adt: &AdtDef, args: &[GenericArg], depth: usize) -> Shape {
        let args = adt.generics.with_defaults(args);
        let (compiled, maybe) = compiled_fields(&adt.fields);
        let fields: Vec<Shape> = compiled
            .iter()
            .map(|(_, f)| self.field_shape(&subst(&f.ty, &adt.generics.params, &args), depth))
            .collect();
        let kind = if adt.unsized_tail {
            Kind::MaybeUnsized
        } else {
            Kind::AlwaysSized
        };
        let shape = univariant(&fields, &adt.repr, kind).shape;
        if maybe { shape.lower_bound() } else { shape }
    }

    fn union_shape(&self, adt: &AdtDef, args: &[GenericArg], depth: usize) -> Shape {
        let args = adt.generics.with_defaults(args);
        let (compiled, maybe) = compiled_fields(&adt.fields);
        let mut out = Shape::plain(0, 1);
        out.exact = !maybe;
        for (_, f) in compiled {
            let mut l = self.field_shape(&subst(&f.ty, &adt.generics.params, &args), depth);
            if let Some(pack) = adt.repr.packed {
                l.align = l.align.min(pack);
            }
            out.size = out.size.max(l.size);
            out.align = out.align.max(l.align);
            out.exact &= l.exact;
        }
        if let Some(align) = adt.repr.align {
            out.align = out.align.max(align);
        }
        out.size = round_up(out.size, out.align);
        out
    }
}

/// A variant's compiled fields with their types for the arguments given; `maybe` when the
/// variant or one of its fields depends on an unknown `#[cfg]` (and is left out).
struct VariantTys {
    index: usize,
    fields: Vec<(usize, Ty)>,
    maybe: bool,
}

/// The fields whose `#[cfg]` holds, by index, and whether some field's `#[cfg]` is unknown
/// (such fields are left out: the layout is then a lower bound).
fn compiled_fields(fields: &[FieldDef]) -> (Vec<(usize, &FieldDef)>, bool) {
    let maybe = fields.iter().any(|f| f.cfg == Truth::Unknown);
    let compiled = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.cfg == Truth::True)
        .collect();
    (compiled, maybe)
}

fn prim_shape(p: Prim) -> Option<Shape> {
    let size = p.size()?;
    Some(match p {
        Prim::Bool => Shape::with_niche(
            1,
            1,
            Niche {
                offset: 0,
                size: 1,
                available: 254,
            },
        ),
        Prim::Char => Shape::with_niche(
            4,
            4,
            Niche {
                offset: 0,
                size: 4,
                available: (1 << 32) - 0x11_0000,
            },
        ),
        _ => Shape::plain(size, size),
    })
}

pub(crate) fn round_up(size: u64, align: u64) -> u64 {
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
            .position(|p| matches!(p, GenericParam::Type(n) if n == name))?;
        match args.get(i) {
            Some(GenericArg::Type(t)) => Some(t.clone()),
            _ => None,
        }
    };
    let lookup_len = |name: &str| {
        let i = params
            .iter()
            .position(|p| matches!(p, GenericParam::Const(n) if n == name))?;
        match args.get(i) {
            Some(GenericArg::Const(l)) => Some(l.clone()),
            // `Foo<N>` with `N` a constant parses as a type argument.
            Some(GenericArg::Type(Ty::Param(n))) => Some(Len::Param(n.clone())),
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
        Ty::RawPtr(t) => Ty::RawPtr(Box::new(go(t))),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(go).collect()),
        Ty::Adt(id, a) => Ty::Adt(*id, go_args(a)),
        Ty::Std(n, a) => Ty::Std(n.clone(), go_args(a)),
        Ty::Projection(base, name) => Ty::Projection(Box::new(go(base)), name.clone()),
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
}

#[cfg(test)]
mod table_tests;
