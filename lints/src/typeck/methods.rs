//! Method calls: which method a call names, how it takes its receiver, and what it returns.
//! The crate's own methods come from the model (with their impl's and their own generics
//! worked out from the receiver and the arguments); std's common methods from a table.

use super::TypeEnv;
use super::unify::{Bindings, forget_params};
use crate::collections::HashMap;
use crate::layout::subst;
use crate::load::unraw;
use crate::model::ty::{GenericArg, Prim, Ty};
use crate::model::{AssocItem, ItemId};
use std::sync::OnceLock;

/// How a method takes its receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// `self`: the receiver is moved (or copied) into the call.
    Value,
    /// `&self` / `&mut self`: the receiver is borrowed, in place.
    Ref,
}

/// A call of one of the crate's functions or methods, with the generic arguments of the
/// function itself as far as they are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callee {
    pub target: FnTarget,
    /// The function's own generic arguments, in order; `None` when some are unknown.
    pub args: Option<Vec<GenericArg>>,
}

/// A function of the crate, as a call names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FnTarget {
    /// A free function.
    Item(ItemId),
    /// A method or associated function of a crate type.
    Assoc(ItemId, String),
}

/// What memlint knows about one method call.
#[derive(Clone, Debug)]
pub struct MethodInfo {
    pub ret: Option<Ty>,
    pub receiver: Receiver,
    pub callee: Option<Callee>,
}

/// std methods: receiver family, method names, how the receiver is taken, return type.
/// In return types `T0`/`T1` are the receiver's type arguments, `Self` the receiver type,
/// `*T0` the target of a reference `T0`, and `_` a type memlint does not work out.
const STD_METHODS: &[(&str, &[&str], Receiver, &str)] = {
    use Receiver::{Ref as R, Value as V};
    &[
        (
            "Option",
            &[
                "unwrap",
                "expect",
                "unwrap_or",
                "unwrap_or_else",
                "unwrap_or_default",
                "unwrap_unchecked",
            ],
            V,
            "T0",
        ),
        (
            "Option",
            &["is_some", "is_none", "is_some_and", "is_none_or"],
            R,
            "bool",
        ),
        ("Option", &["as_ref", "as_mut"], R, "Option<&T0>"),
        ("Option", &["take", "replace"], R, "Self"),
        (
            "Option",
            &["insert", "get_or_insert", "get_or_insert_with"],
            R,
            "&T0",
        ),
        ("Option", &["ok_or"], V, "Result<T0, A0>"),
        ("Option", &["ok_or_else"], V, "Result<T0, R0>"),
        ("Option", &["filter", "or", "or_else", "xor"], V, "Self"),
        ("Option", &["cloned", "copied"], V, "Option<*T0>"),
        ("Option", &["map"], V, "Option<R0>"),
        ("Option", &["and_then"], V, "R0"),
        ("Option", &["map_or", "map_or_else"], V, "A0"),
        (
            "Option",
            &["zip", "flatten", "iter", "as_deref", "as_deref_mut"],
            V,
            "_",
        ),
        (
            "Result",
            &[
                "unwrap",
                "expect",
                "unwrap_or",
                "unwrap_or_else",
                "unwrap_or_default",
                "unwrap_unchecked",
            ],
            V,
            "T0",
        ),
        ("Result", &["unwrap_err", "expect_err"], V, "T1"),
        (
            "Result",
            &["is_ok", "is_err", "is_ok_and", "is_err_and"],
            R,
            "bool",
        ),
        ("Result", &["ok"], V, "Option<T0>"),
        ("Result", &["err"], V, "Option<T1>"),
        ("Result", &["as_ref", "as_mut"], R, "Result<&T0, &T1>"),
        ("Result", &["map_err"], V, "Result<T0, R0>"),
        ("Result", &["or_else", "and_then"], V, "R0"),
        ("Result", &["map"], V, "Result<R0, T1>"),
        ("Result", &["map_or", "map_or_else"], V, "A0"),
        ("Vec", &["len", "capacity"], R, "usize"),
        ("Vec", &["is_empty"], R, "bool"),
        (
            "Vec",
            &[
                "push",
                "insert",
                "clear",
                "truncate",
                "reserve",
                "reserve_exact",
                "extend",
                "extend_from_slice",
                "retain",
                "retain_mut",
                "dedup",
                "dedup_by_key",
                "shrink_to_fit",
                "resize",
                "append",
            ],
            R,
            "()",
        ),
        ("Vec", &["pop"], R, "Option<T0>"),
        ("Vec", &["remove", "swap_remove"], R, "T0"),
        ("Vec", &["split_off"], R, "Self"),
        ("Vec", &["drain"], R, "_"),
        ("Vec", &["into_iter"], V, "vec::IntoIter<T0>"),
        ("Vec", &["into_boxed_slice"], V, "Box<[T0]>"),
        ("Vec", &["as_slice", "as_mut_slice"], R, "&[T0]"),
        ("slice", &["len"], R, "usize"),
        (
            "slice",
            &["is_empty", "contains", "starts_with", "ends_with"],
            R,
            "bool",
        ),
        ("slice", &["iter", "iter_mut"], R, "slice::Iter<T0>"),
        (
            "slice",
            &["get", "first", "last", "get_mut", "first_mut", "last_mut"],
            R,
            "Option<&T0>",
        ),
        ("slice", &["to_vec", "to_owned", "into_vec"], R, "Vec<T0>"),
        (
            "slice",
            &[
                "sort",
                "sort_unstable",
                "sort_by",
                "sort_by_key",
                "sort_unstable_by",
                "sort_unstable_by_key",
                "reverse",
                "swap",
                "fill",
                "copy_from_slice",
                "clone_from_slice",
            ],
            R,
            "()",
        ),
        (
            "slice",
            &["binary_search", "binary_search_by", "binary_search_by_key"],
            R,
            "Result<usize, usize>",
        ),
        ("slice", &["split_at", "split_at_mut"], R, "(&[T0], &[T0])"),
        (
            "slice",
            &["split_first", "split_last"],
            R,
            "Option<(&T0, &[T0])>",
        ),
        ("str", &["len"], R, "usize"),
        (
            "str",
            &[
                "is_empty",
                "starts_with",
                "ends_with",
                "contains",
                "is_char_boundary",
                "eq_ignore_ascii_case",
                "is_ascii",
            ],
            R,
            "bool",
        ),
        ("str", &["chars"], R, "Chars"),
        ("str", &["as_bytes"], R, "&[u8]"),
        (
            "str",
            &[
                "to_string",
                "to_owned",
                "to_lowercase",
                "to_uppercase",
                "to_ascii_lowercase",
                "to_ascii_uppercase",
                "repeat",
                "replace",
            ],
            R,
            "String",
        ),
        (
            "str",
            &[
                "trim",
                "trim_start",
                "trim_end",
                "trim_matches",
                "trim_start_matches",
                "trim_end_matches",
                "as_str",
            ],
            R,
            "&str",
        ),
        ("str", &["find", "rfind"], R, "Option<usize>"),
        ("str", &["strip_prefix", "strip_suffix"], R, "Option<&str>"),
        ("str", &["split_at"], R, "(&str, &str)"),
        (
            "String",
            &[
                "push",
                "push_str",
                "clear",
                "truncate",
                "insert",
                "insert_str",
                "reserve",
            ],
            R,
            "()",
        ),
        ("String", &["pop"], R, "Option<char>"),
        ("String", &["into_bytes"], V, "Vec<u8>"),
        ("String", &["into_boxed_str"], V, "Box<str>"),
        ("String", &["capacity"], R, "usize"),
        (
            "char",
            &[
                "is_alphabetic",
                "is_alphanumeric",
                "is_numeric",
                "is_whitespace",
                "is_control",
                "is_lowercase",
                "is_uppercase",
                "is_ascii",
                "is_ascii_digit",
                "is_ascii_hexdigit",
                "is_ascii_alphabetic",
                "is_ascii_alphanumeric",
                "is_ascii_whitespace",
                "is_ascii_punctuation",
                "is_ascii_lowercase",
                "is_ascii_uppercase",
                "is_digit",
                "eq_ignore_ascii_case",
            ],
            V,
            "bool",
        ),
        ("char", &["to_digit"], V, "Option<u32>"),
        ("char", &["len_utf8", "len_utf16"], V, "usize"),
        (
            "char",
            &["to_ascii_lowercase", "to_ascii_uppercase"],
            V,
            "char",
        ),
        (
            "int",
            &[
                "checked_add",
                "checked_sub",
                "checked_mul",
                "checked_div",
                "checked_rem",
                "checked_pow",
                "checked_neg",
                "checked_shl",
                "checked_shr",
                "checked_abs",
            ],
            V,
            "Option<Self>",
        ),
        (
            "int",
            &[
                "wrapping_add",
                "wrapping_sub",
                "wrapping_mul",
                "wrapping_div",
                "wrapping_neg",
                "wrapping_shl",
                "wrapping_shr",
                "saturating_add",
                "saturating_sub",
                "saturating_mul",
                "pow",
                "abs",
                "min",
                "max",
                "clamp",
                "rotate_left",
                "rotate_right",
                "swap_bytes",
                "reverse_bits",
                "abs_diff",
                "next_power_of_two",
                "signum",
                "sqrt",
                "floor",
                "ceil",
                "round",
                "trunc",
            ],
            V,
            "Self",
        ),
        (
            "int",
            &[
                "count_ones",
                "count_zeros",
                "leading_zeros",
                "trailing_zeros",
                "leading_ones",
                "trailing_ones",
            ],
            V,
            "u32",
        ),
        (
            "int",
            &["overflowing_add", "overflowing_sub", "overflowing_mul"],
            V,
            "(Self, bool)",
        ),
        (
            "int",
            &["is_power_of_two", "is_positive", "is_negative", "is_nan"],
            V,
            "bool",
        ),
        ("Cell", &["get", "replace", "take"], R, "T0"),
        ("Cell", &["set"], R, "()"),
        ("RefCell", &["borrow"], R, "Ref<T0>"),
        ("RefCell", &["borrow_mut"], R, "RefMut<T0>"),
        ("HashMap", &["get", "get_mut"], R, "Option<&T1>"),
        ("HashMap", &["insert", "remove"], R, "Option<T1>"),
        ("HashMap", &["contains_key", "is_empty"], R, "bool"),
        ("HashMap", &["len"], R, "usize"),
        (
            "HashSet",
            &["insert", "contains", "remove", "is_empty"],
            R,
            "bool",
        ),
        ("HashSet", &["len"], R, "usize"),
        ("VecDeque", &["push_back", "push_front", "clear"], R, "()"),
        ("VecDeque", &["pop_front", "pop_back"], R, "Option<T0>"),
        ("VecDeque", &["front", "back"], R, "Option<&T0>"),
        ("VecDeque", &["len"], R, "usize"),
        ("VecDeque", &["is_empty"], R, "bool"),
        ("slice::Iter", &["next", "next_back"], R, "Option<&T0>"),
        ("vec::IntoIter", &["next", "next_back"], R, "Option<T0>"),
        ("Chars", &["next", "next_back"], R, "Option<char>"),
        ("Range", &["next", "next_back"], R, "Option<T0>"),
        ("Range", &["contains"], R, "bool"),
        ("Range", &["len"], R, "usize"),
        ("any", &["eq", "ne", "lt", "le", "gt", "ge"], R, "bool"),
        ("any", &["cmp"], R, "Ordering"),
        ("any", &["partial_cmp"], R, "Option<Ordering>"),
        ("any", &["to_string"], R, "String"),
        ("any", &["hash"], R, "()"),
        ("any", &["fmt"], R, "fmt::Result"),
    ]
};

/// The table by (family, method): how the receiver is taken, and the return type.
type Table = HashMap<(&'static str, &'static str), (Receiver, Ty)>;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::default();
        for (family, names, receiver, ret) in STD_METHODS {
            let ty = Spec::new(ret)
                .ty()
                .unwrap_or_else(|| Ty::Unknown(ret.to_string()));
            for name in *names {
                map.insert((*family, *name), (*receiver, ty.clone()));
            }
        }
        map
    })
}

/// The families a receiver type belongs to, most specific first (`Vec` is also a slice).
fn families(ty: &Ty) -> Vec<&'static str> {
    let mut out = Vec::new();
    match ty {
        Ty::Std(key, args) => {
            if let Some(f) = STD_METHODS.iter().find(|(f, ..)| *f == key.as_str()) {
                out.push(f.0);
            }
            match key.as_str() {
                "Vec" => out.push("slice"),
                "Box" | "Rc" | "Arc" if matches!(Ty::type_arg(args, 0), Some(Ty::Slice(_))) => {
                    out.push("slice")
                }
                "String" => out.push("str"),
                _ => {}
            }
        }
        Ty::Array(..) | Ty::Slice(_) => out.push("slice"),
        Ty::Prim(Prim::Str) => out.push("str"),
        Ty::Prim(Prim::Char) => out.push("char"),
        Ty::Prim(Prim::Bool) => {}
        Ty::Prim(_) | Ty::InferInt | Ty::InferFloat => out.push("int"),
        _ => {}
    }
    out.push("any");
    out
}

impl TypeEnv<'_> {
    /// The method a call names and what it returns; `None` when the receiver's type is
    /// unknown.
    pub fn method(&self, call: &syn::ExprMethodCall) -> Option<MethodInfo> {
        let method = unraw(&call.method);
        // `collect::<Vec<_>>()` says its type whatever the receiver is.
        if method == "collect"
            && let Some(turbofish) = &call.turbofish
            && let [syn::GenericArgument::Type(ty)] = turbofish.args.iter().collect::<Vec<_>>()[..]
        {
            return Some(MethodInfo {
                ret: Some(self.lower(ty)),
                receiver: Receiver::Value,
                callee: None,
            });
        }
        let receiver = self.infer(&call.receiver)?;
        let model = self.model();
        let receiver = model.expand_aliases(&receiver);
        if matches!(method.as_str(), "clone" | "to_owned") && call.args.is_empty() {
            let ret = match strip_refs(&receiver) {
                // `[T]::to_owned` and `str::to_owned` give the owned form.
                Ty::Slice(elem) => Ty::Std("Vec".into(), vec![GenericArg::Type(*elem)]),
                Ty::Prim(Prim::Str) => Ty::Std("String".into(), Vec::new()),
                other => other,
            };
            return Some(MethodInfo {
                ret: Some(ret),
                receiver: Receiver::Ref,
                callee: None,
            });
        }
        if let Some(adapter) = self.adapter(&receiver, &method, call) {
            return Some(adapter);
        }
        // Auto-deref: the receiver, then what it points to, then what that points to...
        let mut candidate = receiver;
        for _ in 0..8 {
            let expanded = model.expand_aliases(&candidate);
            if let Some(found) = self.crate_method(&expanded, &method, call) {
                return Some(found);
            }
            if call.args.is_empty()
                && let Some(ret) = super::std_method_type(model, &expanded, &method)
            {
                return Some(MethodInfo {
                    ret: Some(ret),
                    receiver: Receiver::Ref,
                    callee: None,
                });
            }
            let arg = |i: usize| call.args.iter().nth(i).and_then(|a| self.infer(a));
            if let Some(found) = std_method(&expanded, &method, &arg) {
                return Some(found);
            }
            if matches!(expanded, Ty::Param(_) | Ty::Projection(..))
                && let Some(found) = self.trait_method(&expanded, &method, call)
            {
                return Some(found);
            }
            candidate = match expanded {
                Ty::Ptr(inner) => *inner,
                Ty::Std(key, args)
                    if matches!(
                        key.as_str(),
                        "Box"
                            | "Rc"
                            | "Arc"
                            | "Ref"
                            | "RefMut"
                            | "MutexGuard"
                            | "RwLockReadGuard"
                            | "RwLockWriteGuard"
                    ) =>
                {
                    Ty::type_arg(&args, 0)?.clone()
                }
                _ => return None,
            };
        }
        None
    }

    /// Iterator adapters, laid out as the tuple of what they hold (`Map<I, F>` is an
    /// iterator and a closure).
    fn adapter(
        &self,
        receiver: &Ty,
        method: &str,
        call: &syn::ExprMethodCall,
    ) -> Option<MethodInfo> {
        let iterator = match receiver {
            Ty::Std(key, _) => matches!(
                key.as_str(),
                "Range"
                    | "RangeInclusive"
                    | "RangeFrom"
                    | "slice::Iter"
                    | "vec::IntoIter"
                    | "Chars"
            ),
            Ty::Tuple(elems) => !elems.is_empty(),
            _ => false,
        };
        if !iterator {
            return None;
        }
        let arg = || {
            call.args
                .first()
                .and_then(|a| self.infer(a))
                .unwrap_or_else(|| Ty::Unknown(String::new()))
        };
        let usize_ = Ty::Prim(Prim::Usize);
        let ret = match method {
            "map" | "filter" | "filter_map" | "take_while" | "skip_while" | "map_while"
            | "inspect" | "flat_map" | "zip" | "chain" | "scan" => {
                Ty::Tuple(vec![receiver.clone(), arg()])
            }
            "enumerate" | "take" | "skip" | "step_by" => Ty::Tuple(vec![receiver.clone(), usize_]),
            "rev" | "cloned" | "copied" | "fuse" | "by_ref" => receiver.clone(),
            "count" => usize_,
            "any" | "all" => Ty::Prim(Prim::Bool),
            "position" | "rposition" => Ty::Std("Option".into(), vec![GenericArg::Type(usize_)]),
            _ => return None,
        };
        let by_ref = matches!(method, "by_ref" | "any" | "all" | "position" | "rposition");
        Some(MethodInfo {
            ret: Some(ret),
            receiver: if by_ref {
                Receiver::Ref
            } else {
                Receiver::Value
            },
            callee: None,
        })
    }

    /// A method of the crate's traits called on a generic parameter: its signature with
    /// `Self` the parameter (`V::Err` stays a projection until `V` is known).
    fn trait_method(
        &self,
        ty: &Ty,
        method: &str,
        call: &syn::ExprMethodCall,
    ) -> Option<MethodInfo> {
        let bounds = match ty {
            Ty::Param(p) => self.bounds_of(p),
            _ => &[],
        };
        let sig = self.model().trait_method(method, bounds)?;
        if !sig.has_self {
            return None;
        }
        let self_param = [crate::model::GenericParam::Type("Self".to_string())];
        let self_arg = [GenericArg::Type(ty.clone())];
        let mut own = Bindings::new(&sig.generics.params);
        for (param, arg) in sig.params.iter().zip(&call.args) {
            if let Some(actual) = self.infer(arg) {
                own.unify(&subst(param, &self_param, &self_arg), &actual);
            }
        }
        let ret = sig.ret.as_ref().map(|r| {
            let r = subst(r, &self_param, &self_arg);
            let r = subst(&r, &sig.generics.params, &own.partial());
            forget_params(&r, &sig.generics.params)
        });
        Some(MethodInfo {
            ret: Some(ret.unwrap_or_else(Ty::unit)),
            receiver: if sig.self_by_value {
                Receiver::Value
            } else {
                Receiver::Ref
            },
            callee: None,
        })
    }

    fn crate_method(
        &self,
        ty: &Ty,
        method: &str,
        call: &syn::ExprMethodCall,
    ) -> Option<MethodInfo> {
        let Ty::Adt(owner, _) = ty else {
            return None;
        };
        let AssocItem::Fn(sig) = self.model().assoc(*owner, method)? else {
            return None;
        };
        if !sig.has_self {
            return None;
        }
        let mut impl_bindings = Bindings::new(&sig.impl_params);
        if let Some(impl_self) = &sig.impl_self {
            impl_bindings.unify(impl_self, ty);
        }
        let mut own = Bindings::new(&sig.generics.params);
        if let Some(turbofish) = &call.turbofish {
            let written = self
                .cx
                .generic_args(&syn::PathArguments::AngleBracketed(turbofish.clone()));
            own.explicit(&written);
        }
        let impl_args = impl_bindings.partial();
        for (param, arg) in sig.params.iter().zip(&call.args) {
            if let Some(actual) = self.infer(arg) {
                let param = subst(param, &sig.impl_params, &impl_args);
                own.unify(&param, &actual);
            }
        }
        let ret = sig.ret.as_ref().map(|r| {
            let r = subst(r, &sig.impl_params, &impl_args);
            let r = subst(&r, &sig.generics.params, &own.partial());
            forget_params(&forget_params(&r, &sig.impl_params), &sig.generics.params)
        });
        Some(MethodInfo {
            ret: Some(ret.unwrap_or_else(Ty::unit)),
            receiver: if sig.self_by_value {
                Receiver::Value
            } else {
                Receiver::Ref
            },
            callee: Some(Callee {
                target: FnTarget::Assoc(*owner, method.to_string()),
                args: own.complete(),
            }),
        })
    }
}

/// `arg(i)`: the type of the call's argument `i`, for results that depend on them (`A0`
/// is the first argument's type, `R0` what the closure given first returns).
fn std_method(ty: &Ty, method: &str, arg: &dyn Fn(usize) -> Option<Ty>) -> Option<MethodInfo> {
    let table = table();
    for family in families(ty) {
        let Some((receiver, ret)) = table.get(&(family, method)) else {
            continue;
        };
        let args: Vec<GenericArg> = match ty {
            Ty::Std(_, args) => args.clone(),
            Ty::Array(elem, _) | Ty::Slice(elem) => vec![GenericArg::Type((**elem).clone())],
            _ => Vec::new(),
        };
        // A `Vec<T>` (or `Box<[T]>`) seen as a slice has its element as `T0`.
        let args = match (family, ty) {
            ("slice", Ty::Std(key, a)) if key != "Vec" => match Ty::type_arg(a, 0) {
                Some(Ty::Slice(elem)) => vec![GenericArg::Type((**elem).clone())],
                _ => Vec::new(),
            },
            _ => args,
        };
        return Some(MethodInfo {
            ret: Some(instantiate(ret, ty, &args, arg)),
            receiver: *receiver,
            callee: None,
        });
    }
    None
}

/// A table return type for a receiver of type `recv` with type arguments `args`.
fn instantiate(spec: &Ty, recv: &Ty, args: &[GenericArg], arg: &dyn Fn(usize) -> Option<Ty>) -> Ty {
    let unknown = || Ty::Unknown(String::new());
    match spec {
        Ty::Param(name) => match name.as_str() {
            "Self" => recv.clone(),
            "A0" => arg(0).unwrap_or_else(unknown),
            "R0" => match arg(0) {
                Some(Ty::Std(key, a)) if key == "Closure" => {
                    Ty::type_arg(&a, 1).cloned().unwrap_or_else(unknown)
                }
                _ => unknown(),
            },
            "T0" => Ty::type_arg(args, 0)
                .cloned()
                .unwrap_or(Ty::Unknown(String::new())),
            "T1" => Ty::type_arg(args, 1)
                .cloned()
                .unwrap_or(Ty::Unknown(String::new())),
            // `*T0`: what the reference `T0` points to.
            "*T0" => match Ty::type_arg(args, 0) {
                Some(Ty::Ptr(inner)) => (**inner).clone(),
                _ => Ty::Unknown(String::new()),
            },
            _ => Ty::Unknown(String::new()),
        },
        Ty::Ptr(t) => Ty::Ptr(Box::new(instantiate(t, recv, args, arg))),
        Ty::Slice(t) => Ty::Slice(Box::new(instantiate(t, recv, args, arg))),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| instantiate(t, recv, args, arg)).collect()),
        Ty::Std(key, a) => Ty::Std(
            key.clone(),
            a.iter()
                .map(|g| match g {
                    GenericArg::Type(t) => GenericArg::Type(instantiate(t, recv, args, arg)),
                    other => other.clone(),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn strip_refs(ty: &Ty) -> Ty {
    match ty {
        Ty::Ptr(inner) => strip_refs(inner),
        other => other.clone(),
    }
}

/// A tiny parser for the table's return types.
struct Spec<'a> {
    rest: &'a str,
}

impl<'a> Spec<'a> {
    fn new(text: &'a str) -> Spec<'a> {
        Spec { rest: text }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.rest = self.rest.trim_start();
        match self.rest.strip_prefix(token) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn ty(&mut self) -> Option<Ty> {
        if self.eat("&") {
            return Some(Ty::Ptr(Box::new(self.ty()?)));
        }
        if self.eat("*") {
            let inner = self.ty()?;
            return match inner {
                Ty::Param(name) => Some(Ty::Param(format!("*{name}"))),
                _ => None,
            };
        }
        if self.eat("[") {
            let elem = self.ty()?;
            return self.eat("]").then(|| Ty::Slice(Box::new(elem)));
        }
        if self.eat("(") {
            let mut elems = Vec::new();
            while !self.eat(")") {
                elems.push(self.ty()?);
                self.eat(",");
            }
            return Some(Ty::Tuple(elems));
        }
        if self.eat("_") {
            return Some(Ty::Unknown(String::new()));
        }
        self.rest = self.rest.trim_start();
        let end = self
            .rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(self.rest.len());
        let (name, rest) = self.rest.split_at(end);
        self.rest = rest;
        if name.is_empty() {
            return None;
        }
        if matches!(name, "T0" | "T1" | "Self" | "A0" | "R0") {
            return Some(Ty::Param(name.to_string()));
        }
        if let Some(p) = Prim::from_name(name) {
            return Some(Ty::Prim(p));
        }
        let mut args = Vec::new();
        if self.eat("<") {
            while !self.eat(">") {
                args.push(GenericArg::Type(self.ty()?));
                self.eat(",");
            }
        }
        Some(Ty::Std(name.to_string(), args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        assert_eq!(
            Spec::new("Option<&T0>").ty(),
            Some(Ty::Std(
                "Option".into(),
                vec![GenericArg::Type(Ty::Ptr(Box::new(Ty::Param("T0".into()))))]
            ))
        );
        assert_eq!(
            Spec::new("(Self, bool)").ty(),
            Some(Ty::Tuple(vec![
                Ty::Param("Self".into()),
                Ty::Prim(Prim::Bool)
            ]))
        );
        assert_eq!(
            Spec::new("vec::IntoIter<T0>").ty(),
            Some(Ty::Std(
                "vec::IntoIter".into(),
                vec![GenericArg::Type(Ty::Param("T0".into()))]
            ))
        );
    }

    #[test]
    fn every_table_entry_parses() {
        for (_, _, _, ret) in STD_METHODS {
            let mut spec = Spec::new(ret);
            assert!(spec.ty().is_some(), "{ret}");
            assert!(spec.rest.trim().is_empty(), "{ret}");
        }
    }

    #[test]
    fn std_methods_instantiate() {
        let vec_u8 = Ty::Std("Vec".into(), vec![GenericArg::Type(Ty::Prim(Prim::U8))]);
        let none = |_: usize| None;
        let pop = std_method(&vec_u8, "pop", &none).unwrap();
        assert_eq!(
            pop.ret,
            Some(Ty::Std(
                "Option".into(),
                vec![GenericArg::Type(Ty::Prim(Prim::U8))]
            ))
        );
        let first = std_method(&vec_u8, "first", &none).unwrap();
        assert_eq!(first.receiver, Receiver::Ref);
        let unwrap = std_method(
            &Ty::Std("Option".into(), vec![GenericArg::Type(Ty::Prim(Prim::U32))]),
            "unwrap",
            &none,
        )
        .unwrap();
        assert_eq!(unwrap.receiver, Receiver::Value);
        assert_eq!(unwrap.ret, Some(Ty::Prim(Prim::U32)));
    }
}
