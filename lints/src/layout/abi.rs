//! How rustc passes a value around in generated code: as one or two immediate scalars (in
//! registers), or in memory. This decides which locals get a stack slot in a debug build:
//! rustc's codegen keeps a local whose layout is a scalar or a pair of scalars as an SSA
//! value, and gives every other local an `alloca` (`rustc_codegen_ssa::mir::analyze`).
//!
//! The rules follow `rustc_abi::layout`: a struct or tuple with one non-zero-sized field is
//! that field's kind, with two scalar fields a pair, with more in memory; arrays are always
//! in memory; enums are a scalar when fieldless, the dataful variant's kind when its niche
//! encodes the others, a pair of tag and payload when every variant carries at most one
//! scalar of one size, and in memory otherwise.

use super::MAX_DEPTH;
use crate::cfg::Truth;
use crate::layout::subst;
use crate::model::ty::{GenericArg, Ty};
use crate::model::{CrateModel, ItemKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Abi {
    /// Zero-sized: no storage at all.
    Zst,
    /// One scalar of this many bytes.
    Scalar(u64),
    /// Two scalars (a fat pointer, `(u32, u32)`, `Option<u64>`).
    Pair,
    /// Anything else: an aggregate that lives in memory.
    Memory,
    /// Some part of the type is unknown.
    Unknown,
}

impl Abi {
    /// Whether codegen can keep a value of this kind out of memory.
    pub fn is_immediate(self) -> bool {
        matches!(self, Abi::Scalar(_) | Abi::Pair)
    }
}

impl CrateModel {
    /// How rustc represents a value of `ty` in generated code.
    ///
    /// Memoized: frame sizing asks for the kind of every slot, and a type with many fields
    /// or variants costs a walk of all of them. Only whole answers are kept, never those of
    /// the types met on the way down, so an answer does not depend on what was asked before.
    pub fn abi_of(&self, ty: &Ty) -> Abi {
        let cache = &self.layouts;
        if let Some(known) = cache.abis.borrow().get(ty) {
            return *known;
        }
        // A layout cut short at the depth limit depends on where it started, and with it
        // the kind (a kind cut short itself is the same from depth 0 every time).
        let outer = cache.truncated.replace(false);
        let abi = self.abi_at(ty, 0);
        if !cache.truncated.get() {
            cache.abis.borrow_mut().insert(ty.clone(), abi);
        }
        cache.truncated.set(outer || cache.truncated.get());
        abi
    }

    fn abi_at(&self, ty: &Ty, depth: usize) -> Abi {
        if depth > MAX_DEPTH {
            return Abi::Unknown;
        }
        let Some(layout) = self.layout_of(ty) else {
            return Abi::Unknown;
        };
        if layout.size == 0 {
            return if layout.exact { Abi::Zst } else { Abi::Unknown };
        }
        let d = depth + 1;
        match ty {
            Ty::Prim(_) | Ty::FnPtr => Abi::Scalar(layout.size),
            Ty::Ptr(_) | Ty::RawPtr(_) => pointer(layout.size),
            Ty::Never => Abi::Zst,
            Ty::Array(..) => Abi::Memory,
            Ty::Tuple(elems) => {
                let fields: Vec<Abi> = elems.iter().map(|t| self.abi_at(t, d)).collect();
                aggregate(&fields)
            }
            Ty::Adt(id, args) => match &self.item(*id).kind {
                ItemKind::Struct(adt) => {
                    if adt.repr.packed.is_some() || adt.repr.align.is_some() {
                        return Abi::Memory;
                    }
                    let args = adt.generics.with_defaults(args);
                    let fields: Vec<Abi> = adt
                        .fields
                        .iter()
                        .filter(|f| f.cfg == Truth::True)
                        .map(|f| self.abi_at(&subst(&f.ty, &adt.generics.params, &args), d))
                        .collect();
                    single_field_fits(aggregate(&fields), layout.size)
                }
                ItemKind::Union(_) => Abi::Memory,
                ItemKind::Enum(e) => {
                    let args = e.generics.with_defaults(args);
                    let variants: Vec<Vec<(Abi, bool)>> = e
                        .variants
                        .iter()
                        .filter(|v| v.cfg == Truth::True)
                        .map(|v| {
                            v.fields
                                .iter()
                                .filter(|f| f.cfg == Truth::True)
                                .map(|f| {
                                    let t = subst(&f.ty, &e.generics.params, &args);
                                    (self.abi_at(&t, d), self.is_uninhabited(&t))
                                })
                                .collect()
                        })
                        .collect();
                    enum_abi(&variants, layout.size)
                }
                ItemKind::Alias { generics, ty } => {
                    let args = generics.with_defaults(args);
                    self.abi_at(&subst(ty, &generics.params, &args), d)
                }
                _ => Abi::Unknown,
            },
            Ty::Std(key, args) => self.std_abi(key, args, layout.size, d),
            Ty::InferInt | Ty::InferFloat => Abi::Scalar(layout.size),
            Ty::Projection(base, name) => match self.normalize_projection(base, name) {
                Some(t) => self.abi_at(&t, d),
                None => Abi::Unknown,
            },
            Ty::Slice(_) | Ty::Dyn | Ty::Param(_) | Ty::Unknown(_) => Abi::Unknown,
        }
    }

    /// Whether dropping a value of `ty` runs code (`None`: unknown). A value that needs no
    /// drop and is never read is removed from a debug build's MIR altogether.
    pub fn needs_drop(&self, ty: &Ty) -> Option<bool> {
        self.needs_drop_at(ty, 0)
    }

    fn needs_drop_at(&self, ty: &Ty, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let d = depth + 1;
        let any = |tys: &mut dyn Iterator<Item = Ty>| -> Option<bool> {
            let mut unknown = false;
            for t in tys {
                match self.needs_drop_at(&t, d) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => unknown = true,
                }
            }
            if unknown { None } else { Some(false) }
        };
        match ty {
            Ty::Prim(_) | Ty::Ptr(_) | Ty::RawPtr(_) | Ty::FnPtr | Ty::Never => Some(false),
            Ty::InferInt | Ty::InferFloat => Some(false),
            Ty::Array(t, _) | Ty::Slice(t) => self.needs_drop_at(t, d),
            Ty::Tuple(ts) => any(&mut ts.iter().cloned()),
            Ty::Adt(id, args) => {
                // `impl Drop for X` registers a `drop` method on `X`.
                if self.assoc(*id, "drop").is_some() {
                    return Some(true);
                }
                match &self.item(*id).kind {
                    ItemKind::Struct(adt) | ItemKind::Union(adt) => {
                        let args = adt.generics.with_defaults(args);
                        any(&mut adt
                            .fields
                            .iter()
                            .filter(|f| f.cfg != Truth::False)
                            .map(|f| subst(&f.ty, &adt.generics.params, &args)))
                    }
                    ItemKind::Enum(e) => {
                        let args = e.generics.with_defaults(args);
                        any(&mut e
                            .variants
                            .iter()
                            .flat_map(|v| &v.fields)
                            .filter(|f| f.cfg != Truth::False)
                            .map(|f| subst(&f.ty, &e.generics.params, &args)))
                    }
                    ItemKind::Alias { generics, ty } => {
                        let args = generics.with_defaults(args);
                        self.needs_drop_at(&subst(ty, &generics.params, &args), d)
                    }
                    _ => None,
                }
            }
            Ty::Std(key, args) => match key.as_str() {
                // Wrappers without a `Drop` of their own: drop glue is their contents'.
                "Option" | "Result" | "Cell" | "RefCell" | "UnsafeCell" | "Mutex" | "RwLock"
                | "OnceCell" | "Range" | "RangeInclusive" | "Reverse" | "Wrapping"
                | "Saturating" | "Pin" | "AssertUnwindSafe" | "Closure" => {
                    any(&mut args.iter().filter_map(|a| match a {
                        crate::model::ty::GenericArg::Type(t) => Some(t.clone()),
                        _ => None,
                    }))
                }
                "PhantomData" | "Duration" | "Instant" | "SystemTime" | "Ordering" | "TypeId"
                | "NonNull" | "NonZero" | "ManuallyDrop" | "MaybeUninit" | "Infallible"
                | "fmt::Result" | "RangeFull" | "RangeFrom" | "RangeTo" | "RangeToInclusive" => {
                    Some(false)
                }
                _ => Some(true),
            },
            Ty::Projection(base, name) => self
                .normalize_projection(base, name)
                .and_then(|t| self.needs_drop_at(&t, d)),
            Ty::Dyn | Ty::Param(_) | Ty::Unknown(_) => None,
        }
    }

    fn is_uninhabited(&self, ty: &Ty) -> bool {
        self.shape_at(ty, 0).is_some_and(|s| s.uninhabited)
    }

    fn std_abi(&self, key: &str, args: &[GenericArg], size: u64, d: usize) -> Abi {
        let arg = |i: usize| match Ty::type_arg(args, i) {
            Some(t) => (self.abi_at(t, d), self.is_uninhabited(t)),
            None => (Abi::Unknown, false),
        };
        match key {
            "Box" | "Rc" | "Arc" | "rc::Weak" | "sync::Weak" | "NonNull" => pointer(size),
            "Pin" | "ManuallyDrop" | "Wrapping" | "Saturating" | "Reverse" | "AssertUnwindSafe"
            | "Cell" | "UnsafeCell" | "MaybeUninit" | "Closure" => arg(0).0,
            "Option" => enum_abi(&[vec![], vec![arg(0)]], size),
            "Result" => enum_abi(&[vec![arg(0)], vec![arg(1)]], size),
            "Range" => {
                let (t, _) = arg(0);
                aggregate(&[t, t])
            }
            "RangeFrom" | "RangeTo" | "RangeToInclusive" => arg(0).0,
            // `{ seconds: u64, nanos: u32 }`, and the types built on it.
            "Duration" | "Instant" | "SystemTime" => Abi::Pair,
            "io::Error" | "File" | "TcpStream" | "TcpListener" | "UdpSocket" | "OwnedFd"
            | "Ordering" | "io::ErrorKind" | "TypeId" => {
                if size <= 8 {
                    Abi::Scalar(size)
                } else {
                    Abi::Pair
                }
            }
            "PhantomData" | "PhantomPinned" | "Global" | "RangeFull" => Abi::Zst,
            // Collections and everything else of the table: three words or more are in
            // memory; the few smaller ones are pointers or pointer-and-length pairs.
            _ if size > 16 => Abi::Memory,
            _ if size > 8 => Abi::Pair,
            _ => Abi::Scalar(size),
        }
    }
}

fn pointer(size: u64) -> Abi {
    if size > 8 { Abi::Pair } else { Abi::Scalar(8) }
}

/// A struct or tuple made of fields of these kinds.
fn aggregate(fields: &[Abi]) -> Abi {
    if fields.contains(&Abi::Unknown) {
        return Abi::Unknown;
    }
    let sized: Vec<Abi> = fields.iter().copied().filter(|a| *a != Abi::Zst).collect();
    match sized.as_slice() {
        [] => Abi::Zst,
        [one] => *one,
        [Abi::Scalar(_), Abi::Scalar(_)] => Abi::Pair,
        _ => Abi::Memory,
    }
}

/// A newtype keeps its field's kind only when it adds no padding (`#[repr(align)]` aside).
fn single_field_fits(abi: Abi, size: u64) -> Abi {
    match abi {
        Abi::Scalar(s) if s != size => Abi::Memory,
        other => other,
    }
}

/// An enum whose compiled variants have fields of these kinds (and whether each field is
/// uninhabited, which removes its variant).
fn enum_abi(variants: &[Vec<(Abi, bool)>], size: u64) -> Abi {
    let live: Vec<Vec<Abi>> = variants
        .iter()
        .filter(|fields| !fields.iter().any(|(_, uninhabited)| *uninhabited))
        .map(|fields| fields.iter().map(|(a, _)| *a).collect())
        .collect();
    if live.iter().flatten().any(|a| *a == Abi::Unknown) {
        return Abi::Unknown;
    }
    let payloads: Vec<Abi> = live.iter().map(|f| aggregate(f)).collect();
    match live.len() {
        0 => return Abi::Zst,
        1 => return payloads[0],
        _ => {}
    }
    let dataful: Vec<Abi> = payloads
        .iter()
        .copied()
        .filter(|a| *a != Abi::Zst)
        .collect();
    match dataful.as_slice() {
        [] => Abi::Scalar(size),
        // The other variants are encoded in the payload's niche: no tag, the payload's kind.
        [one] if payload_size(*one) == Some(size) => *one,
        _ => {
            // A tag beside one scalar of the same size in every dataful variant.
            let mut sizes = dataful.iter().map(|a| match a {
                Abi::Scalar(s) => Some(*s),
                _ => None,
            });
            let first = sizes.next().flatten();
            if first.is_some() && sizes.all(|s| s == first) && size <= 16 {
                Abi::Pair
            } else {
                Abi::Memory
            }
        }
    }
}

fn payload_size(abi: Abi) -> Option<u64> {
    match abi {
        Abi::Scalar(s) => Some(s),
        // A pair fills 16 bytes whenever it has a niche to spare (pointers, slices).
        Abi::Pair => Some(16),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::table_tests::model_of as model;

    fn abi(model: &CrateModel, ty: &str) -> Abi {
        let ty: syn::Type = syn::parse_str(ty).unwrap();
        let cx = crate::model::lower::LowerCx::new(model, Vec::new(), Vec::new(), None);
        model.abi_of(&cx.ty(&ty))
    }

    #[test]
    fn kinds_follow_rustc() {
        let m = model(
            "pub struct Pos { a: usize, b: usize, c: usize }
             pub struct Two(u32, u32);
             pub struct New(u64);
             pub enum Fieldless { A, B }
             pub enum Boxes { A(Box<u8>), B(Box<u16>) }
             pub enum Mixed { A(String), B(u8) }",
        );
        assert_eq!(abi(&m, "u32"), Abi::Scalar(4));
        assert_eq!(abi(&m, "&str"), Abi::Pair);
        assert_eq!(abi(&m, "&u8"), Abi::Scalar(8));
        assert_eq!(abi(&m, "Pos"), Abi::Memory);
        assert_eq!(abi(&m, "Two"), Abi::Pair);
        assert_eq!(abi(&m, "New"), Abi::Scalar(8));
        assert_eq!(abi(&m, "Fieldless"), Abi::Scalar(1));
        assert_eq!(abi(&m, "Boxes"), Abi::Pair);
        assert_eq!(abi(&m, "Mixed"), Abi::Memory);
        assert_eq!(abi(&m, "[u8; 4]"), Abi::Memory);
        assert_eq!(abi(&m, "()"), Abi::Zst);
        assert_eq!(abi(&m, "Option<&u8>"), Abi::Scalar(8));
        assert_eq!(abi(&m, "Option<u32>"), Abi::Pair);
        assert_eq!(abi(&m, "Option<Vec<u8>>"), Abi::Memory);
        assert_eq!(abi(&m, "Vec<u8>"), Abi::Memory);
        assert_eq!(abi(&m, "Box<dyn Fn()>"), Abi::Pair);
        assert_eq!(
            abi(&m, "Result<u64, core::convert::Infallible>"),
            Abi::Scalar(8)
        );
        assert_eq!(abi(&m, "(u8, u64, u8)"), Abi::Memory);
        assert_eq!(abi(&m, "Foreign"), Abi::Unknown);
    }

    #[test]
    fn a_kind_cut_short_by_depth_is_not_remembered() {
        // S0 { S1 { .. S60 { u8 } } }: deeper than the walk goes from S0, not from S30.
        let mut src = String::from("pub struct S60(u8);");
        for i in 0..60 {
            src.push_str(&format!("pub struct S{i}(S{});", i + 1));
        }
        let m = model(&src);
        // With S20's layout known, S0 has one; its kind is given up on below S48.
        let ty = |t: &str| {
            let cx = crate::model::lower::LowerCx::new(&m, Vec::new(), Vec::new(), None);
            cx.ty(&syn::parse_str::<syn::Type>(t).unwrap())
        };
        assert!(m.layout_of(&ty("S20")).is_some());
        assert_eq!(abi(&m, "S0"), Abi::Unknown);
        // Kinds met on the way from S0 were cut short, not known to be unknown; and what
        // is known of S30 now does not change the answer for S0.
        assert_eq!(abi(&m, "S30"), Abi::Scalar(1));
        assert_eq!(abi(&m, "S0"), Abi::Unknown);
        assert_eq!(abi(&m, "S30"), Abi::Scalar(1));
    }

    #[test]
    fn drop_glue() {
        let m = model(
            "pub struct Plain { a: [u8; 4], b: (u32, &'static str) }
             pub struct Owns { v: Vec<u8> }
             pub struct Custom;
             impl Drop for Custom { fn drop(&mut self) {} }",
        );
        let needs = |t: &str| {
            let ty: syn::Type = syn::parse_str(t).unwrap();
            let cx = crate::model::lower::LowerCx::new(&m, Vec::new(), Vec::new(), None);
            m.needs_drop(&cx.ty(&ty))
        };
        assert_eq!(needs("Plain"), Some(false));
        assert_eq!(needs("Owns"), Some(true));
        assert_eq!(needs("Custom"), Some(true));
        assert_eq!(needs("([u64; 8], Option<u8>)"), Some(false));
        assert_eq!(needs("Option<String>"), Some(true));
        assert_eq!(needs("Foreign"), None);
    }
}
