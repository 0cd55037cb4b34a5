//! Types as the model holds them: resolved, owned, free of syntax and spans.

use super::ItemId;
use super::consts::ConstExpr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Prim {
    I8,
    I16,
    I32,
    I64,
    I128,
    Isize,
    U8,
    U16,
    U32,
    U64,
    U128,
    Usize,
    F16,
    F32,
    F64,
    F128,
    Bool,
    Char,
    /// `str`, unsized.
    Str,
}

impl Prim {
    pub fn from_name(name: &str) -> Option<Prim> {
        Some(match name {
            "i8" => Prim::I8,
            "i16" => Prim::I16,
            "i32" => Prim::I32,
            "i64" => Prim::I64,
            "i128" => Prim::I128,
            "isize" => Prim::Isize,
            "u8" => Prim::U8,
            "u16" => Prim::U16,
            "u32" => Prim::U32,
            "u64" => Prim::U64,
            "u128" => Prim::U128,
            "usize" => Prim::Usize,
            "f16" => Prim::F16,
            "f32" => Prim::F32,
            "f64" => Prim::F64,
            "f128" => Prim::F128,
            "bool" => Prim::Bool,
            "char" => Prim::Char,
            "str" => Prim::Str,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Prim::I8 => "i8",
            Prim::I16 => "i16",
            Prim::I32 => "i32",
            Prim::I64 => "i64",
            Prim::I128 => "i128",
            Prim::Isize => "isize",
            Prim::U8 => "u8",
            Prim::U16 => "u16",
            Prim::U32 => "u32",
            Prim::U64 => "u64",
            Prim::U128 => "u128",
            Prim::Usize => "usize",
            Prim::F16 => "f16",
            Prim::F32 => "f32",
            Prim::F64 => "f64",
            Prim::F128 => "f128",
            Prim::Bool => "bool",
            Prim::Char => "char",
            Prim::Str => "str",
        }
    }

    /// Size in bytes on x86_64 (`None` for `str`, which is unsized).
    pub fn size(self) -> Option<u64> {
        Some(match self {
            Prim::I8 | Prim::U8 | Prim::Bool => 1,
            Prim::I16 | Prim::U16 | Prim::F16 => 2,
            Prim::I32 | Prim::U32 | Prim::F32 | Prim::Char => 4,
            Prim::I64 | Prim::U64 | Prim::Isize | Prim::Usize | Prim::F64 => 8,
            Prim::I128 | Prim::U128 | Prim::F128 => 16,
            Prim::Str => return None,
        })
    }

    /// Integer width in bits and signedness, for integer types.
    pub fn int_bits(self) -> Option<(u32, bool)> {
        Some(match self {
            Prim::I8 => (8, true),
            Prim::I16 => (16, true),
            Prim::I32 => (32, true),
            Prim::I64 | Prim::Isize => (64, true),
            Prim::I128 => (128, true),
            Prim::U8 => (8, false),
            Prim::U16 => (16, false),
            Prim::U32 => (32, false),
            Prim::U64 | Prim::Usize => (64, false),
            Prim::U128 => (128, false),
            _ => return None,
        })
    }
}

/// An array length as far as the model knows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Len {
    Known(u64),
    /// A const generic parameter of the enclosing item.
    Param(String),
    /// A constant expression, evaluated when the length is needed (items may refer to
    /// constants that are not lowered yet when the type is).
    Expr(Box<ConstExpr>),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum GenericArg {
    Type(Ty),
    Const(Len),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    Prim(Prim),
    /// `()` is the empty tuple.
    Tuple(Vec<Ty>),
    Never,
    Array(Box<Ty>, Len),
    /// `[T]`, unsized.
    Slice(Box<Ty>),
    /// `&T`, `&mut T`: never null, so `Option<&T>` needs no tag.
    Ptr(Box<Ty>),
    /// `*const T`, `*mut T`: may be null.
    RawPtr(Box<Ty>),
    FnPtr,
    /// `dyn Trait`, unsized.
    Dyn,
    /// A struct, enum, union or type alias of the crate.
    Adt(ItemId, Vec<GenericArg>),
    /// A type parameter of the enclosing item.
    Param(String),
    /// An associated type of a type: `V::Err`, `Self::Output`, `<T as Tr>::Item`. Known once
    /// the type is (an impl of the crate says what it is).
    Projection(Box<Ty>, String),
    /// A std/core/alloc type, by its [`std_key`] (`Vec`, `HashMap`, `io::Error`).
    Std(String, Vec<GenericArg>),
    /// An integer literal with no suffix and nothing yet to fix its type: at least a `u8`.
    InferInt,
    /// A float literal with no suffix: at least an `f32`.
    InferFloat,
    /// Anything else: types of other crates, `impl Trait`, `_`, macros. Keeps the written path.
    Unknown(String),
}

impl Ty {
    pub fn unit() -> Ty {
        Ty::Tuple(Vec::new())
    }

    /// The first type argument of a generic type.
    pub fn type_arg(args: &[GenericArg], index: usize) -> Option<&Ty> {
        args.iter()
            .filter_map(|a| match a {
                GenericArg::Type(t) => Some(t),
                GenericArg::Const(_) => None,
            })
            .nth(index)
    }
}

/// The name memlint knows a std/core/alloc type by: its last path segment, qualified by its
/// module when std has several types of that name (`io::Error` and `fmt::Error`,
/// `rc::Weak` and `sync::Weak`, `io::Result`). `path` is the path as written or resolved,
/// with or without the leading `std`/`core`/`alloc`.
pub fn std_key(path: &[String]) -> String {
    /// Names std uses in more than one module; the module tells them apart.
    const AMBIGUOUS: &[&str] = &[
        "Error",
        "Result",
        "Weak",
        "IntoIter",
        "Iter",
        "IterMut",
        "Drain",
        "Keys",
        "Values",
        "Entry",
        "Ordering",
        "Lines",
        "Bytes",
        "Split",
        "Sender",
        "Receiver",
        "SyncSender",
    ];
    let Some(last) = path.last() else {
        return String::new();
    };
    let parent = path.len().checked_sub(2).map(|i| path[i].as_str());
    match parent {
        Some("result") if last == "Result" => last.clone(),
        Some("cmp") if last == "Ordering" => last.clone(),
        Some("mpsc") => last.clone(),
        Some(parent) if AMBIGUOUS.contains(&last.as_str()) && !is_crate_root(parent) => {
            format!("{parent}::{last}")
        }
        _ => last.clone(),
    }
}

fn is_crate_root(segment: &str) -> bool {
    matches!(segment, "std" | "core" | "alloc")
}

#[cfg(test)]
mod tests {
    use super::std_key;

    fn key(path: &str) -> String {
        let path: Vec<String> = path.split("::").map(str::to_string).collect();
        std_key(&path)
    }

    #[test]
    fn std_keys_tell_same_named_types_apart() {
        assert_eq!(key("std::io::Error"), "io::Error");
        assert_eq!(key("io::Error"), "io::Error");
        assert_eq!(key("core::fmt::Error"), "fmt::Error");
        assert_eq!(key("std::rc::Weak"), "rc::Weak");
        assert_eq!(key("std::io::Result"), "io::Result");
        assert_eq!(key("core::result::Result"), "Result");
        assert_eq!(key("Result"), "Result");
        assert_eq!(key("std::cmp::Ordering"), "Ordering");
        assert_eq!(key("std::sync::atomic::Ordering"), "atomic::Ordering");
        assert_eq!(key("std::sync::mpsc::Sender"), "Sender");
        assert_eq!(key("alloc::vec::Vec"), "Vec");
        assert_eq!(key("std::vec::IntoIter"), "vec::IntoIter");
    }
}
