//! Working out a generic function's arguments from the types it is called with: the
//! signature's parameter types are matched against the arguments' types, structurally.
//! Only what the source fixes is bound; anything else stays unbound.

use crate::model::GenericParam;
use crate::model::ty::{GenericArg, Len, Prim, Ty};

/// What each of `params` is bound to so far.
pub struct Bindings<'p> {
    params: &'p [GenericParam],
    args: Vec<Option<GenericArg>>,
}

impl<'p> Bindings<'p> {
    pub fn new(params: &'p [GenericParam]) -> Bindings<'p> {
        Bindings {
            params,
            args: vec![None; params.len()],
        }
    }

    /// Binds parameters in order, as a turbofish does (`f::<u32, 4>`).
    pub fn explicit(&mut self, given: &[GenericArg]) {
        for (slot, arg) in self.args.iter_mut().zip(given) {
            *slot = Some(arg.clone());
        }
    }

    fn index(&self, name: &str, konst: bool) -> Option<usize> {
        self.params.iter().position(|p| match p {
            GenericParam::Type(n) => !konst && n == name,
            GenericParam::Const(n) => konst && n == name,
        })
    }

    fn set(&mut self, i: usize, arg: GenericArg) {
        if self.args[i].is_none() {
            self.args[i] = Some(arg);
        }
    }

    /// Matches the signature type `pattern` against the type `actual` of an argument.
    pub fn unify(&mut self, pattern: &Ty, actual: &Ty) {
        match (pattern, actual) {
            (Ty::Param(name), _) => {
                if let Some(i) = self.index(name, false) {
                    if !matches!(actual, Ty::Unknown(_)) {
                        self.set(i, GenericArg::Type(fallback(actual)));
                    }
                }
            }
            (Ty::Array(p, plen), Ty::Array(a, alen)) => {
                if let (Len::Param(name), Len::Known(_)) = (plen, alen)
                    && let Some(i) = self.index(name, true)
                {
                    self.set(i, GenericArg::Const(alen.clone()));
                }
                self.unify(p, a);
            }
            // `&[T]` given a `&[T; N]`.
            (Ty::Slice(p), Ty::Array(a, _)) => self.unify(p, a),
            (Ty::Slice(p), Ty::Slice(a))
            | (Ty::Ptr(p), Ty::Ptr(a))
            | (Ty::RawPtr(p), Ty::RawPtr(a)) => self.unify(p, a),
            (Ty::Tuple(ps), Ty::Tuple(xs)) if ps.len() == xs.len() => {
                for (p, x) in ps.iter().zip(xs) {
                    self.unify(p, x);
                }
            }
            (Ty::Adt(p, pargs), Ty::Adt(a, aargs)) if p == a => self.unify_args(pargs, aargs),
            (Ty::Std(p, pargs), Ty::Std(a, aargs)) if p == a => self.unify_args(pargs, aargs),
            _ => {}
        }
    }

    fn unify_args(&mut self, patterns: &[GenericArg], actual: &[GenericArg]) {
        for (p, a) in patterns.iter().zip(actual) {
            match (p, a) {
                (GenericArg::Type(p), GenericArg::Type(a)) => self.unify(p, a),
                (GenericArg::Const(Len::Param(name)), GenericArg::Const(len)) => {
                    if let Some(i) = self.index(name, true) {
                        self.set(i, GenericArg::Const(len.clone()));
                    }
                }
                // A const parameter written where a type is expected parses as a type.
                (GenericArg::Type(Ty::Param(name)), GenericArg::Const(len)) => {
                    if let Some(i) = self.index(name, true) {
                        self.set(i, GenericArg::Const(len.clone()));
                    }
                }
                _ => {}
            }
        }
    }

    /// The arguments, if every parameter is bound.
    pub fn complete(&self) -> Option<Vec<GenericArg>> {
        self.args.iter().cloned().collect()
    }

    /// The arguments bound so far; unbound ones are unknown types.
    pub fn partial(&self) -> Vec<GenericArg> {
        self.args
            .iter()
            .zip(self.params)
            .map(|(a, p)| match (a, p) {
                (Some(a), _) => a.clone(),
                (None, GenericParam::Type(n)) => GenericArg::Type(Ty::Unknown(n.clone())),
                (None, GenericParam::Const(n)) => GenericArg::Const(Len::Param(n.clone())),
            })
            .collect()
    }
}

/// rustc's fallback for literals nothing else constrains: `i32` and `f64`.
fn fallback(ty: &Ty) -> Ty {
    match ty {
        Ty::InferInt => Ty::Prim(Prim::I32),
        Ty::InferFloat => Ty::Prim(Prim::F64),
        other => other.clone(),
    }
}

/// Replaces the generic parameters of `params` that are still in `ty` by unknown types, so
/// that a callee's `T` is never mistaken for the caller's.
pub fn forget_params(ty: &Ty, params: &[GenericParam]) -> Ty {
    if params.is_empty() {
        return ty.clone();
    }
    let args: Vec<GenericArg> = params
        .iter()
        .map(|p| match p {
            GenericParam::Type(n) => GenericArg::Type(Ty::Unknown(n.clone())),
            GenericParam::Const(_) => GenericArg::Const(Len::Expr(Box::new(
                crate::model::consts::ConstExpr::Unknown,
            ))),
        })
        .collect();
    crate::layout::subst(ty, params, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_types_and_lengths() {
        let params = vec![
            GenericParam::Type("T".into()),
            GenericParam::Const("N".into()),
        ];
        let mut b = Bindings::new(&params);
        b.unify(
            &Ty::Array(Box::new(Ty::Param("T".into())), Len::Param("N".into())),
            &Ty::Array(Box::new(Ty::Prim(Prim::U32)), Len::Known(1000)),
        );
        let args = b.complete().unwrap();
        assert_eq!(args[0], GenericArg::Type(Ty::Prim(Prim::U32)));
        assert_eq!(args[1], GenericArg::Const(Len::Known(1000)));
    }

    #[test]
    fn literals_fall_back_and_unbound_stay_open() {
        let params = vec![
            GenericParam::Type("A".into()),
            GenericParam::Type("B".into()),
        ];
        let mut b = Bindings::new(&params);
        b.unify(&Ty::Param("A".into()), &Ty::InferInt);
        assert!(b.complete().is_none());
        assert_eq!(b.partial()[0], GenericArg::Type(Ty::Prim(Prim::I32)));
        assert_eq!(b.partial()[1], GenericArg::Type(Ty::Unknown("B".into())));
    }
}
