//! Light type inference inside function bodies: the type of an expression where the source
//! says it (annotations, literals, constructors, crate functions' declared return types,
//! generic functions' return types worked out from their arguments, methods of the crate
//! and common std methods, `?`, fields of crate structs, patterns). Anything else is
//! `None`: memlint never guesses a type.

mod methods;
mod patterns;
pub mod unify;

pub use methods::{Callee, FnTarget, MethodInfo, Receiver};
pub use patterns::Bound;

use crate::collections::HashMap;
use crate::layout::subst;
use crate::load::{ModPath, unraw};
use crate::model::lower::LowerCx;
use crate::model::ty::{GenericArg, Len, Prim, Ty};
use crate::model::{AssocItem, CrateModel, GenericParam, ItemId, ItemKind, Ns, Res};
use std::cell::RefCell;
use std::rc::Rc;

/// An expression: its address, and the line and column where it ends.
type ExprKey = (usize, (usize, usize));

/// What is in scope at a point of a function body.
pub struct TypeEnv<'m> {
    pub cx: LowerCx<'m>,
    /// Local bindings, innermost scope last. `None` marks a binding of unknown type, which
    /// still shadows outer bindings and items of the same name.
    locals: Vec<HashMap<String, Local>>,
    /// The identity the next binding gets.
    next_local: u32,
    /// Types already inferred since the bindings last changed, by expression (its address
    /// and where it ends): walkers ask for the type of an expression and then of its parts,
    /// and inference itself recurses, which would make long chains quadratic. Whoever
    /// infers the type of an expression it then drops (a macro's arguments, parsed for a
    /// moment) calls [`forget`](Self::forget).
    memo: RefCell<HashMap<ExprKey, Option<Ty>>>,
    /// Closure types by closure (as in `memo`), kept when bindings change: a closure's
    /// type is inferred from its body, so closures nested n deep would cost n³ if each
    /// binding a closure makes threw away what was inferred about the closures inside.
    closures: RefCell<HashMap<(usize, usize), Ty>>,
    /// [`free_names`] of each closure, kept like `closures`.
    free_names: FreeNames,
    /// Bindings of the code being inferred but not walked yet (a match arm's pattern
    /// while inferring the arm's value), innermost last; they shadow [`Self::locals`].
    overlay: RefCell<Vec<HashMap<String, Option<Ty>>>>,
    /// The crate traits each type parameter in scope is bound by (`V: Visitor`).
    bounds: HashMap<String, Vec<ItemId>>,
}

impl<'m> TypeEnv<'m> {
    pub fn new(model: &'m CrateModel, module: ModPath) -> TypeEnv<'m> {
        TypeEnv {
            cx: LowerCx::new(model, module, Vec::new(), None),
            locals: Vec::new(),
            next_local: 0,
            memo: RefCell::new(HashMap::default()),
            closures: RefCell::new(HashMap::default()),
            free_names: RefCell::new(HashMap::default()),
            overlay: RefCell::new(Vec::new()),
            bounds: HashMap::default(),
        }
    }

    pub fn model(&self) -> &'m CrateModel {
        self.cx.model
    }

    pub fn push_scope(&mut self) {
        self.locals.push(HashMap::default());
    }

    pub fn pop_scope(&mut self) {
        self.bindings_changed();
        self.locals.pop();
    }

    /// Bindings changed, or expressions parsed for a moment (macro arguments) are gone:
    /// inferred types may no longer hold.
    pub fn forget(&self) {
        self.memo.borrow_mut().clear();
        self.closures.borrow_mut().clear();
        self.free_names.borrow_mut().clear();
    }

    /// A binding was made or went out of scope: inferred types may no longer hold, but
    /// every expression inferred so far still exists.
    fn bindings_changed(&self) {
        self.memo.borrow_mut().clear();
    }

    /// Starts a fresh function: its generics are added to the enclosing ones (an impl's),
    /// and bindings of enclosing functions are no longer visible. Returns what to restore.
    pub fn enter_fn(&mut self, generics: &syn::Generics) -> SavedFn {
        let saved = SavedFn {
            generics: self.cx.generics.clone(),
            locals: std::mem::take(&mut self.locals),
            bounds: self.bounds.clone(),
        };
        self.cx
            .generics
            .extend(crate::model::lower::generics(generics));
        self.add_bounds(generics);
        self.locals.push(HashMap::default());
        self.bindings_changed();
        saved
    }

    pub fn leave_fn(&mut self, saved: SavedFn) {
        self.cx.generics = saved.generics;
        self.locals = saved.locals;
        self.bounds = saved.bounds;
        self.bindings_changed();
    }

    /// Records the crate traits that bound the type parameters of `generics`, written
    /// inline (`V: Visitor`) or in a `where` clause.
    pub fn add_bounds(&mut self, generics: &syn::Generics) {
        let mut found: Vec<(String, &syn::TypeParamBound)> = Vec::new();
        for param in generics.type_params() {
            found.extend(param.bounds.iter().map(|b| (unraw(&param.ident), b)));
        }
        if let Some(clause) = &generics.where_clause {
            for pred in &clause.predicates {
                if let syn::WherePredicate::Type(t) = pred
                    && let syn::Type::Path(p) = &t.bounded_ty
                    && let Some(ident) = p.path.get_ident()
                {
                    found.extend(t.bounds.iter().map(|b| (unraw(ident), b)));
                }
            }
        }
        for (param, bound) in found {
            let syn::TypeParamBound::Trait(t) = bound else {
                continue;
            };
            let names = path_names(&t.path);
            if let Some(Res::Item(id)) = self.model().resolve(&self.cx.module, &names, Ns::Type)
                && matches!(self.model().item(id).kind, ItemKind::Trait)
            {
                self.bounds.entry(param).or_default().push(id);
            }
        }
    }

    /// An impl's generics come into scope; returns the bounds to restore.
    pub fn enter_impl(&mut self, generics: &syn::Generics) -> HashMap<String, Vec<ItemId>> {
        let saved = self.bounds.clone();
        self.add_bounds(generics);
        saved
    }

    pub fn leave_impl(&mut self, saved: HashMap<String, Vec<ItemId>>) {
        self.bounds = saved;
    }

    /// The crate traits a type parameter is bound by.
    pub fn bounds_of(&self, param: &str) -> &[ItemId] {
        self.bounds.get(param).map_or(&[], Vec::as_slice)
    }

    pub fn lower(&self, ty: &syn::Type) -> Ty {
        self.cx.ty(ty)
    }

    /// The type of the binding `name` refers to (`Some(None)`: a binding of unknown type).
    pub fn local(&self, name: &str) -> Option<Option<Ty>> {
        if let Some(ty) = self
            .overlay
            .borrow()
            .iter()
            .rev()
            .find_map(|scope| scope.get(name))
        {
            return Some(ty.clone());
        }
        self.locals
            .iter()
            .rev()
            .find_map(|scope| scope.get(name))
            .map(|l| l.ty.clone())
    }

    /// Infers `f` with the names `pat` binds (matching a value of type `ty`) in scope.
    fn with_pattern<T>(&self, pat: &syn::Pat, ty: Option<Ty>, f: impl FnOnce() -> T) -> T {
        let names: HashMap<String, Option<Ty>> = self
            .pattern_bindings(pat, ty)
            .into_iter()
            .map(|b| (unraw(&b.ident.ident), b.ty))
            .collect();
        self.overlay.borrow_mut().push(names);
        let out = f();
        self.overlay.borrow_mut().pop();
        out
    }

    /// The type of a block's value, with its `let`s in scope for its tail.
    fn block_type(&self, block: &syn::Block, expected: Option<&Ty>) -> Option<Ty> {
        let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last() else {
            return match block.stmts.last() {
                Some(syn::Stmt::Expr(
                    syn::Expr::Return(_) | syn::Expr::Break(_) | syn::Expr::Continue(_),
                    Some(_),
                )) => Some(Ty::Never),
                _ => Some(Ty::unit()),
            };
        };
        if !block.stmts.iter().any(|s| matches!(s, syn::Stmt::Local(_))) {
            return self.infer_with(tail, expected);
        }
        self.overlay.borrow_mut().push(HashMap::default());
        for stmt in &block.stmts {
            if let syn::Stmt::Local(local) = stmt {
                let ty = match (&local.pat, &local.init) {
                    (syn::Pat::Type(t), _) => Some(self.lower(&t.ty)),
                    (_, Some(init)) => self.infer(&init.expr),
                    (_, None) => None,
                };
                let names: Vec<(String, Option<Ty>)> = self
                    .pattern_bindings(&local.pat, ty)
                    .into_iter()
                    .map(|b| (unraw(&b.ident.ident), b.ty))
                    .collect();
                if let Some(scope) = self.overlay.borrow_mut().last_mut() {
                    scope.extend(names);
                }
            }
        }
        let out = self.infer_with(tail, expected);
        self.overlay.borrow_mut().pop();
        out
    }

    /// The `if` branch's value, with the names an `if let` binds in scope.
    fn then_type(&self, cond: &syn::Expr, then: &syn::Block, expected: Option<&Ty>) -> Option<Ty> {
        match cond {
            syn::Expr::Let(l) => {
                let ty = self.infer(&l.expr);
                self.with_pattern(&l.pat, ty, || self.block_type(then, expected))
            }
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
                if let syn::Expr::Let(l) = &*b.right {
                    let ty = self.infer(&l.expr);
                    self.with_pattern(&l.pat, ty, || self.then_type(&b.left, then, expected))
                } else {
                    self.then_type(&b.left, then, expected)
                }
            }
            _ => self.block_type(then, expected),
        }
    }

    /// The identity of the binding `name` refers to: each binding (each `let`, each
    /// parameter, each pattern name) gets its own, even when it shadows another.
    pub fn local_id(&self, name: &str) -> Option<u32> {
        self.locals
            .iter()
            .rev()
            .find_map(|scope| scope.get(name))
            .map(|l| l.id)
    }

    /// Binds the names of `pat` matching a value of type `ty`, and returns them with
    /// their types.
    pub fn bind<'p>(&mut self, pat: &'p syn::Pat, ty: Option<Ty>) -> Vec<Bound<'p>> {
        let mut bound = self.pattern_bindings(pat, ty);
        self.bindings_changed();
        if self.locals.is_empty() {
            self.locals.push(HashMap::default());
        }
        for b in &mut bound {
            b.id = self.next_local;
            self.next_local += 1;
            let scope = self.locals.last_mut().expect("a scope exists");
            scope.insert(
                unraw(&b.ident.ident),
                Local {
                    ty: b.ty.clone(),
                    id: b.id,
                },
            );
        }
        bound
    }

    /// The type `self` has in the current function.
    pub fn bind_self(&mut self, receiver: &syn::Receiver) {
        let ty = match &receiver.kind {
            // `self: Box<Self>`, `self: Pin<&mut Self>`: the type written (`Self` in it is
            // the impl's self type).
            syn::ReceiverKind::Typed(_, written) => Some(self.lower(written)),
            _ => self.cx.self_ty.clone().map(|self_ty| {
                if matches!(receiver.kind, syn::ReceiverKind::Reference(..)) {
                    Ty::Ptr(Box::new(self_ty))
                } else {
                    self_ty
                }
            }),
        };
        self.bindings_changed();
        let id = self.next_local;
        self.next_local += 1;
        if let Some(scope) = self.locals.last_mut() {
            scope.insert("self".to_string(), Local { ty, id });
        }
    }

    /// The type of `expr`, if the source says it.
    pub fn infer(&self, expr: &syn::Expr) -> Option<Ty> {
        let key = (
            expr as *const syn::Expr as usize,
            crate::spans::expr_end(expr),
        );
        if let Some(known) = self.memo.borrow().get(&key) {
            return known.clone();
        }
        // Types nested deeper than the layout engine looks are of no use, and cost time
        // in proportion to their depth each time they are copied or hashed.
        let ty = self
            .infer_expecting(expr, None)
            .filter(|t| !nested_deeper_than(t, MAX_TYPE_DEPTH));
        self.memo.borrow_mut().insert(key, ty.clone());
        ty
    }

    /// [`infer`](Self::infer) (remembered) when nothing is expected, else
    /// [`infer_expecting`](Self::infer_expecting).
    fn infer_with(&self, expr: &syn::Expr, expected: Option<&Ty>) -> Option<Ty> {
        match expected {
            None => self.infer(expr),
            Some(_) => self.infer_expecting(expr, expected),
        }
    }

    /// As [`infer`](Self::infer), with the type the context expects (a `let` annotation),
    /// which fixes literals and `Default::default()`.
    pub fn infer_expecting(&self, expr: &syn::Expr, expected: Option<&Ty>) -> Option<Ty> {
        let model = self.model();
        let expanded = expected.map(|t| model.expand_aliases(t));
        let expected = expanded.as_ref();
        match expr {
            syn::Expr::Lit(l) => lit_type(&l.lit).map(|t| match (t, expected) {
                (Ty::InferInt | Ty::InferFloat, Some(e @ Ty::Prim(_))) => e.clone(),
                (t, _) => t,
            }),
            syn::Expr::Paren(p) => self.infer_with(&p.expr, expected),
            syn::Expr::Group(g) => self.infer_with(&g.expr, expected),
            syn::Expr::Array(a) => {
                let elem_expected = match expected {
                    Some(Ty::Array(elem, _)) => Some(&**elem),
                    _ => None,
                };
                let elem = match a.elems.first() {
                    Some(first) => self.infer_with(first, elem_expected)?,
                    None => elem_expected?.clone(),
                };
                Some(Ty::Array(Box::new(elem), Len::Known(a.elems.len() as u64)))
            }
            syn::Expr::Repeat(r) => {
                let elem_expected = match expected {
                    Some(Ty::Array(elem, _)) => Some(&**elem),
                    _ => None,
                };
                let elem = self.infer_with(&r.expr, elem_expected)?;
                Some(Ty::Array(Box::new(elem), self.cx.len(&r.len)))
            }
            syn::Expr::Tuple(t) => {
                let expected: Vec<Option<&Ty>> = match expected {
                    Some(Ty::Tuple(ts)) if ts.len() == t.elems.len() => {
                        ts.iter().map(Some).collect()
                    }
                    _ => vec![None; t.elems.len()],
                };
                Some(Ty::Tuple(
                    t.elems
                        .iter()
                        .zip(expected)
                        .map(|(e, x)| {
                            self.infer_with(e, x)
                                .unwrap_or_else(|| Ty::Unknown(String::new()))
                        })
                        .collect(),
                ))
            }
            syn::Expr::Struct(s) => self.struct_literal_type(s),
            syn::Expr::Path(p) if p.qself.is_none() => self.path_value(&p.path),
            syn::Expr::Reference(r) => Some(Ty::Ptr(Box::new(self.infer(&r.expr)?))),
            syn::Expr::Cast(c) => Some(self.lower(&c.ty)),
            syn::Expr::Unary(u) => match u.op {
                syn::UnOp::Deref(_) => match self.infer(&u.expr)? {
                    Ty::Ptr(inner) | Ty::RawPtr(inner) => Some(*inner),
                    Ty::Std(name, args) if name == "Box" => Ty::type_arg(&args, 0).cloned(),
                    _ => None,
                },
                _ => self.infer_with(&u.expr, expected),
            },
            syn::Expr::Field(f) => {
                let base = self.infer(&f.base)?;
                field_type(model, &base, &f.member)
            }
            // `v[a..b]`: a slice of the elements, `s[..]` of a string a `str`.
            syn::Expr::Index(i) if matches!(&*i.index, syn::Expr::Range(_)) => {
                match strip_ptr(self.infer(&i.expr)?) {
                    Ty::Array(elem, _) | Ty::Slice(elem) => Some(Ty::Slice(elem)),
                    Ty::Std(name, args) if name == "Vec" => {
                        Some(Ty::Slice(Box::new(Ty::type_arg(&args, 0)?.clone())))
                    }
                    Ty::Std(name, _) if name == "String" => Some(Ty::Prim(Prim::Str)),
                    Ty::Prim(Prim::Str) => Some(Ty::Prim(Prim::Str)),
                    _ => None,
                }
            }
            syn::Expr::Index(i) => match strip_ptr(self.infer(&i.expr)?) {
                Ty::Array(elem, _) => Some(*elem),
                Ty::Std(name, args) if name == "Vec" || name == "VecDeque" => {
                    Ty::type_arg(&args, 0).cloned()
                }
                _ => None,
            },
            syn::Expr::Call(c) => self.call_type(c, expected),
            syn::Expr::MethodCall(m) => self.method_type(m),
            syn::Expr::Block(b) => self.block_type(&b.block, expected),
            syn::Expr::Unsafe(b) => self.block_type(&b.block, expected),
            syn::Expr::Macro(m) => self.macro_type(&m.mac, expected),
            syn::Expr::Try(t) => {
                try_parts(&model.expand_aliases(&self.infer(&t.expr)?)).map(|(out, _)| out)
            }
            syn::Expr::If(i) => {
                let then = self.then_type(&i.cond, &i.then_branch, expected);
                match (then, &i.else_branch) {
                    (Some(t), _) if t != Ty::Never => Some(t),
                    (_, Some((_, e))) => self.infer_with(e, expected),
                    (t, None) => t,
                }
            }
            syn::Expr::Match(m) => {
                let scrutinee = self.infer(&m.expr);
                m.arms
                    .iter()
                    .filter_map(|a| {
                        self.with_pattern(&a.pat, scrutinee.clone(), || {
                            self.infer_with(&a.body, expected)
                        })
                    })
                    .find(|t| *t != Ty::Never)
            }
            syn::Expr::Binary(b) => self.binary_type(b, expected),
            syn::Expr::Range(r) => {
                // The bound whose type is fixed decides: `0..n` is a range of `n`'s type.
                let bounds: Vec<Ty> = r
                    .start
                    .iter()
                    .chain(r.end.iter())
                    .filter_map(|e| self.infer(e))
                    .collect();
                let bound = bounds
                    .iter()
                    .find(|t| !matches!(t, Ty::InferInt | Ty::InferFloat))
                    .or(bounds.first())
                    .cloned()
                    .map(|t| match t {
                        Ty::InferInt => Ty::Prim(Prim::I32),
                        Ty::InferFloat => Ty::Prim(Prim::F64),
                        t => t,
                    });
                let key = match (&r.limits, r.start.is_some(), r.end.is_some()) {
                    (_, false, false) => return Some(Ty::Std("RangeFull".into(), Vec::new())),
                    (syn::RangeLimits::HalfOpen(_), true, true) => "Range",
                    (syn::RangeLimits::Closed(_), true, true) => "RangeInclusive",
                    (_, true, false) => "RangeFrom",
                    (syn::RangeLimits::HalfOpen(_), false, true) => "RangeTo",
                    (syn::RangeLimits::Closed(_), false, true) => "RangeToInclusive",
                };
                Some(Ty::Std(
                    key.into(),
                    bound.map(GenericArg::Type).into_iter().collect(),
                ))
            }
            syn::Expr::Closure(c) => Some(self.closure_type(c)),
            syn::Expr::Assign(_) | syn::Expr::While(_) | syn::Expr::ForLoop(_) => Some(Ty::unit()),
            syn::Expr::Let(_) => Some(Ty::Prim(Prim::Bool)),
            syn::Expr::Return(_) | syn::Expr::Break(_) | syn::Expr::Continue(_) => Some(Ty::Never),
            // The output of a crate `async fn`'s future.
            syn::Expr::Await(a) => match self.infer(&a.base)? {
                Ty::Std(key, args) if key == "Future" => Ty::type_arg(&args, 1).cloned(),
                _ => None,
            },
            _ => None,
        }
    }

    /// The value a macro of std expands to.
    fn macro_type(&self, mac: &syn::Macro, expected: Option<&Ty>) -> Option<Ty> {
        let ty = self.macro_type_inner(mac, expected);
        // The arguments were parsed here and are gone: their addresses will be reused.
        self.forget();
        ty
    }

    fn macro_type_inner(&self, mac: &syn::Macro, expected: Option<&Ty>) -> Option<Ty> {
        let name = mac.path.segments.last()?.ident.to_string();
        Some(match name.as_str() {
            "vec" => {
                let elem = crate::macro_bodies::args(mac)
                    .and_then(|args| args.first().and_then(|e| self.infer(e)))
                    .or_else(|| match expected {
                        Some(Ty::Std(k, a)) if k == "Vec" => Ty::type_arg(a, 0).cloned(),
                        _ => None,
                    });
                let elem = match crate::macro_bodies::repeat(mac) {
                    Some(r) => self.infer(&r.elem),
                    None => elem,
                };
                Ty::Std(
                    "Vec".to_string(),
                    elem.map(GenericArg::Type).into_iter().collect(),
                )
            }
            "format" => Ty::Std("String".into(), Vec::new()),
            "format_args" => Ty::Std("Arguments".into(), Vec::new()),
            "matches" | "cfg" => Ty::Prim(Prim::Bool),
            "write" | "writeln" => match expected {
                Some(t) => t.clone(),
                None => Ty::Std("fmt::Result".into(), Vec::new()),
            },
            "panic" | "unreachable" | "todo" | "unimplemented" => Ty::Never,
            "assert" | "assert_eq" | "assert_ne" | "debug_assert" | "debug_assert_eq"
            | "debug_assert_ne" | "print" | "println" | "eprint" | "eprintln" => Ty::unit(),
            "concat" | "stringify" | "include_str" | "file" | "module_path" | "env" => {
                Ty::Ptr(Box::new(Ty::Prim(Prim::Str)))
            }
            "line" | "column" => Ty::Prim(Prim::U32),
            _ => return None,
        })
    }

    /// A closure is laid out as a struct of what it captures: the values themselves for a
    /// `move` closure, references to them otherwise. Memlint gives it the tuple of those.
    /// It is typed `Closure<(captures..), Output>`.
    pub fn closure_type(&self, c: &syn::ExprClosure) -> Ty {
        let key = (
            c as *const syn::ExprClosure as usize,
            c.inputs_begin.span.byte_range().start,
        );
        if let Some(known) = self.closures.borrow().get(&key) {
            return known.clone();
        }
        let ty = self.closure_type_uncached(c);
        self.closures.borrow_mut().insert(key, ty.clone());
        ty
    }

    fn closure_type_uncached(&self, c: &syn::ExprClosure) -> Ty {
        let captured = self.captures(c);
        let captures = Ty::Tuple(
            captured
                .into_iter()
                .map(|(_, ty)| {
                    let ty = ty.unwrap_or_else(|| Ty::Unknown(String::new()));
                    if c.capture.is_some() {
                        ty
                    } else {
                        Ty::Ptr(Box::new(ty))
                    }
                })
                .collect(),
        );
        let output = match &c.output {
            syn::ReturnType::Type(_, t) => Some(self.lower(t)),
            syn::ReturnType::Default => {
                let params: HashMap<String, Option<Ty>> = c
                    .inputs
                    .iter()
                    .flat_map(|p| {
                        let ty = match p {
                            syn::Pat::Type(t) => Some(self.lower(&t.ty)),
                            _ => None,
                        };
                        self.pattern_bindings(p, ty)
                            .into_iter()
                            .map(|b| (unraw(&b.ident.ident), b.ty))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                self.overlay.borrow_mut().push(params);
                let out = self.infer(&c.body);
                self.overlay.borrow_mut().pop();
                out
            }
        };
        Ty::Std(
            "Closure".into(),
            vec![
                GenericArg::Type(captures),
                GenericArg::Type(output.unwrap_or_else(|| Ty::Unknown(String::new()))),
            ],
        )
    }

    /// The bindings of the enclosing bodies a closure uses, in order of first use, with
    /// their types.
    pub fn captures(&self, c: &syn::ExprClosure) -> Vec<(String, Option<Ty>)> {
        free_names(c, &self.free_names)
            .iter()
            .filter_map(|n| Some((n.clone(), self.local(n)?)))
            .collect()
    }

    /// What iterating over a value of type `ty` yields, for iterator types (`vec::IntoIter`,
    /// `slice::Iter`, ranges, `Chars`) and what `for` iterates directly.
    pub fn iter_item_of_type(&self, ty: &Ty) -> Option<Ty> {
        let ty = self.model().expand_aliases(ty);
        let arg0 = |args: &[GenericArg]| Ty::type_arg(args, 0).cloned();
        match ty {
            Ty::Array(elem, _) => Some(*elem),
            Ty::Ptr(inner) => match self.model().expand_aliases(&inner) {
                Ty::Array(elem, _) | Ty::Slice(elem) => Some(Ty::Ptr(elem)),
                Ty::Std(key, args)
                    if matches!(
                        key.as_str(),
                        "Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "Option"
                    ) =>
                {
                    arg0(&args).map(|t| Ty::Ptr(Box::new(t)))
                }
                Ty::Std(key, args) if matches!(key.as_str(), "HashMap" | "BTreeMap") => {
                    Some(Ty::Tuple(vec![
                        Ty::Ptr(Box::new(arg0(&args)?)),
                        Ty::Ptr(Box::new(Ty::type_arg(&args, 1)?.clone())),
                    ]))
                }
                _ => None,
            },
            Ty::Std(key, args) => match key.as_str() {
                "Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "Option" | "vec::IntoIter"
                | "Range" | "RangeInclusive" | "RangeFrom" => arg0(&args),
                "slice::Iter" => arg0(&args).map(|t| Ty::Ptr(Box::new(t))),
                "Chars" => Some(Ty::Prim(Prim::Char)),
                "HashMap" | "BTreeMap" => Some(Ty::Tuple(vec![
                    arg0(&args)?,
                    Ty::type_arg(&args, 1)?.clone(),
                ])),
                _ => None,
            },
            _ => None,
        }
    }

    /// The crate function a call expression calls, with its generic arguments as far as
    /// the call fixes them.
    pub fn callee(&self, call: &syn::ExprCall) -> Option<Callee> {
        let syn::Expr::Path(p) = &*call.func else {
            return None;
        };
        if p.qself.is_some() {
            return None;
        }
        let names = path_names(&p.path);
        let (target, sig) = if names.len() >= 2 {
            let mut type_path = p.path.clone();
            type_path.segments.pop();
            type_path.segments.pop_punct();
            let owner = if names.len() == 2 && names[0] == "Self" {
                self.cx.self_ty.clone()
            } else {
                self.path_type(&type_path)
            };
            match owner.map(|o| self.model().expand_aliases(&o)) {
                Some(Ty::Adt(owner, _)) => {
                    let name = names.last()?.clone();
                    match self.model().assoc(owner, &name)? {
                        AssocItem::Fn(sig) => (FnTarget::Assoc(owner, name), sig),
                        AssocItem::Const { .. } => return None,
                    }
                }
                _ => self.item_fn(&names)?,
            }
        } else {
            self.item_fn(&names)?
        };
        let mut own = unify::Bindings::new(&sig.generics.params);
        if let Some(last) = p.path.segments.last() {
            own.explicit(&self.cx.generic_args(&last.arguments));
        }
        let params = sig.params.iter().skip(usize::from(
            sig.has_self && sig.params.len() < call.args.len(),
        ));
        for (param, arg) in params.zip(&call.args) {
            if let Some(actual) = self.infer(arg) {
                own.unify(param, &actual);
            }
        }
        Some(Callee {
            target,
            args: own.complete(),
        })
    }

    fn item_fn(&self, names: &[String]) -> Option<(FnTarget, &'m crate::model::FnSig)> {
        match self.model().resolve(&self.cx.module, names, Ns::Value)? {
            Res::Item(id) => match &self.model().item(id).kind {
                ItemKind::Fn(sig) => Some((FnTarget::Item(id), sig)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The type of the items a `for` loop over `iterable` binds, where the source says it:
    /// `&v`, `v.iter()`, `v.iter_mut()`, `v.into_iter()`, `v.keys()`, `v.values()`,
    /// `.chunks(k)`, ranges, and `.enumerate()`, `.rev()`, `.zip(..)`, `.take(n)`, `.skip(n)`,
    /// `.cloned()`, `.copied()` on top of them.
    pub fn iter_item(&self, iterable: &syn::Expr) -> Option<Ty> {
        match iterable {
            syn::Expr::Paren(p) => self.iter_item(&p.expr),
            syn::Expr::Group(g) => self.iter_item(&g.expr),
            syn::Expr::Range(r) => {
                let bound = |e: &Option<Box<syn::Expr>>| e.as_ref().and_then(|e| self.infer(e));
                match (bound(&r.start), bound(&r.end)) {
                    (Some(Ty::InferInt), Some(other)) | (Some(other), _) => Some(other),
                    (None, other) => other,
                }
            }
            syn::Expr::Reference(r) => {
                let (kind, ty) = self.collection(&self.infer(&r.expr)?)?;
                kind.item(&ty, true)
            }
            syn::Expr::MethodCall(m) => {
                let method = unraw(&m.method);
                let receiver = || self.infer(&m.receiver).and_then(|t| self.collection(&t));
                match method.as_str() {
                    "iter" | "iter_mut" => {
                        let (kind, ty) = receiver()?;
                        kind.item(&ty, true)
                    }
                    "into_iter" => match self.infer(&m.receiver) {
                        Some(ty) => {
                            let by_ref = matches!(ty, Ty::Ptr(_));
                            let (kind, ty) = self.collection(&ty)?;
                            kind.item(&ty, by_ref)
                        }
                        None => self.iter_item(&m.receiver),
                    },
                    "keys" | "values" | "values_mut" | "into_keys" | "into_values" => {
                        let (kind, ty) = receiver()?;
                        let Ty::Std(_, args) = &ty else { return None };
                        if !kind.is_map() {
                            return None;
                        }
                        let index = usize::from(method.contains("values"));
                        let item = Ty::type_arg(args, index)?.clone();
                        Some(if method.starts_with("into") {
                            item
                        } else {
                            Ty::Ptr(Box::new(item))
                        })
                    }
                    "chunks" | "chunks_mut" | "chunks_exact" | "chunks_exact_mut" | "windows" => {
                        let (kind, ty) = receiver()?;
                        let elem = kind.elem(&ty)?;
                        kind.is_contiguous()
                            .then(|| Ty::Ptr(Box::new(Ty::Slice(Box::new(elem)))))
                    }
                    "bytes" => matches!(receiver()?.0, Collection::String | Collection::Str)
                        .then_some(Ty::Prim(Prim::U8)),
                    "chars" => matches!(receiver()?.0, Collection::String | Collection::Str)
                        .then_some(Ty::Prim(Prim::Char)),
                    "enumerate" => Some(Ty::Tuple(vec![
                        Ty::Prim(Prim::Usize),
                        self.iter_item(&m.receiver)?,
                    ])),
                    "zip" => {
                        let other = m.args.first()?;
                        Some(Ty::Tuple(vec![
                            self.iter_item(&m.receiver)?,
                            self.iter_item(other)?,
                        ]))
                    }
                    "cloned" | "copied" => match self.iter_item(&m.receiver)? {
                        Ty::Ptr(inner) => Some(*inner),
                        _ => None,
                    },
                    "rev" | "take" | "skip" | "step_by" | "filter" | "inspect" | "take_while"
                    | "skip_while" | "by_ref" | "peekable" | "fuse" => self.iter_item(&m.receiver),
                    _ => None,
                }
            }
            other => {
                let ty = self.infer(other)?;
                let by_ref = matches!(ty, Ty::Ptr(_));
                match self.collection(&ty) {
                    Some((kind, coll)) => kind.item(&coll, by_ref),
                    None => self.iter_item_of_type(&ty),
                }
            }
        }
    }

    /// `ty` as a std collection, an array or a slice, behind any references, boxes and
    /// type aliases: its kind and the collection type itself.
    pub fn collection(&self, ty: &Ty) -> Option<(Collection, Ty)> {
        let mut ty = ty.clone();
        for _ in 0..8 {
            let next = self.model().expand_aliases(&strip_ptr(ty.clone()));
            if next == ty {
                break;
            }
            ty = next;
        }
        Collection::of(&ty).map(|kind| (kind, ty))
    }

    /// A path in value position: a local, a const or static, a unit/tuple struct, a variant.
    fn path_value(&self, path: &syn::Path) -> Option<Ty> {
        if let Some(ident) = path.get_ident() {
            if let Some(local) = self.local(&unraw(ident)) {
                return local;
            }
        }
        let names = path_names(path);
        if names.len() == 2 && names[0] == "Self" {
            return match self.cx.self_ty.as_ref()? {
                Ty::Adt(id, _) => self.assoc_value(*id, &names[1]),
                _ => None,
            };
        }
        match self.model().resolve(&self.cx.module, &names, Ns::Value)? {
            Res::Item(id) => match &self.model().item(id).kind {
                ItemKind::Const { ty, .. } | ItemKind::Static { ty } => Some(ty.clone()),
                ItemKind::Struct(_) => Some(Ty::Adt(id, Vec::new())),
                _ => None,
            },
            Res::Assoc(owner, name) => self.assoc_value(owner, &name),
            _ => None,
        }
    }

    fn assoc_value(&self, owner: crate::model::ItemId, name: &str) -> Option<Ty> {
        match &self.model().item(owner).kind {
            ItemKind::Enum(e) if e.variants.iter().any(|v| v.name == name) => {
                Some(Ty::Adt(owner, Vec::new()))
            }
            _ => match self.model().assoc(owner, name)? {
                AssocItem::Const { ty, .. } => Some(ty.clone()),
                AssocItem::Fn(_) => None,
            },
        }
    }

    /// A path in type position (`Pixel { .. }`, `Self { .. }`).
    fn path_type(&self, path: &syn::Path) -> Option<Ty> {
        let ty = self.cx.ty(&syn::Type::Path(syn::TypePath {
            attrs: Vec::new(),
            qself: None,
            path: path.clone(),
        }));
        match ty {
            Ty::Unknown(_) => {
                // `Enum::Variant { .. }` names a variant, whose type is the enum.
                let names = path_names(path);
                match self.model().resolve(&self.cx.module, &names, Ns::Type)? {
                    Res::Assoc(owner, _) => Some(Ty::Adt(owner, Vec::new())),
                    _ => None,
                }
            }
            ty => Some(ty),
        }
    }

    /// Comparisons are `bool`; arithmetic on primitives has the operands' type (the left
    /// one for shifts). Operators of other types are user code: unknown.
    fn binary_type(&self, b: &syn::ExprBinary, expected: Option<&Ty>) -> Option<Ty> {
        use syn::BinOp;
        let number = |t: Ty| match strip_ptr(t) {
            t @ (Ty::Prim(_) | Ty::InferInt | Ty::InferFloat) => Some(t),
            _ => None,
        };
        match b.op {
            BinOp::Eq(_)
            | BinOp::Lt(_)
            | BinOp::Le(_)
            | BinOp::Ne(_)
            | BinOp::Ge(_)
            | BinOp::Gt(_)
            | BinOp::And(_)
            | BinOp::Or(_) => Some(Ty::Prim(Prim::Bool)),
            BinOp::Shl(_) | BinOp::Shr(_) => {
                self.infer_expecting(&b.left, expected).and_then(number)
            }
            BinOp::Add(_)
            | BinOp::Sub(_)
            | BinOp::Mul(_)
            | BinOp::Div(_)
            | BinOp::Rem(_)
            | BinOp::BitXor(_)
            | BinOp::BitAnd(_)
            | BinOp::BitOr(_) => {
                let left = self.infer_expecting(&b.left, expected).and_then(number);
                match left {
                    Some(Ty::InferInt | Ty::InferFloat) | None => self
                        .infer_expecting(&b.right, expected)
                        .and_then(number)
                        .filter(|r| !matches!(r, Ty::InferInt | Ty::InferFloat))
                        .or(left),
                    known => known,
                }
            }
            _ => Some(Ty::unit()),
        }
    }

    fn call_type(&self, call: &syn::ExprCall, expected: Option<&Ty>) -> Option<Ty> {
        let syn::Expr::Path(p) = &*call.func else {
            return None;
        };
        let names = path_names(&p.path);
        let strs: Vec<&str> = names.iter().map(String::as_str).collect();
        match strs.as_slice() {
            ["Default", "default"] | ["std" | "core", "default", "Default", "default"] => {
                return expected.cloned();
            }
            [.., "mem", "zeroed" | "uninitialized"] | ["zeroed"] => return expected.cloned(),
            _ => {}
        }
        if let Some(ty) = self.wrapper_new(p, call) {
            return Some(ty);
        }
        if let Some(ty) = self.std_fn_type(&strs, call) {
            return Some(ty);
        }
        let expected_arg = |i: usize| match expected {
            Some(Ty::Std(_, args)) => Ty::type_arg(args, i).cloned(),
            _ => None,
        };
        let unknown = || Ty::Unknown(String::new());
        match strs.as_slice() {
            ["Some"] | [.., "Option", "Some"] => {
                let inner = call
                    .args
                    .first()
                    .and_then(|a| self.infer_with(a, expected_arg(0).as_ref()));
                return Some(Ty::Std(
                    "Option".into(),
                    vec![GenericArg::Type(
                        inner.or_else(|| expected_arg(0)).unwrap_or_else(unknown),
                    )],
                ));
            }
            ["Ok"] | [.., "Result", "Ok"] => {
                let inner = call
                    .args
                    .first()
                    .and_then(|a| self.infer_with(a, expected_arg(0).as_ref()));
                return Some(Ty::Std(
                    "Result".into(),
                    vec![
                        GenericArg::Type(inner.or_else(|| expected_arg(0)).unwrap_or_else(unknown)),
                        GenericArg::Type(expected_arg(1).unwrap_or_else(unknown)),
                    ],
                ));
            }
            ["Err"] | [.., "Result", "Err"] => {
                let inner = call
                    .args
                    .first()
                    .and_then(|a| self.infer_with(a, expected_arg(1).as_ref()));
                return Some(Ty::Std(
                    "Result".into(),
                    vec![
                        GenericArg::Type(expected_arg(0).unwrap_or_else(unknown)),
                        GenericArg::Type(inner.or_else(|| expected_arg(1)).unwrap_or_else(unknown)),
                    ],
                ));
            }
            _ => {}
        }
        // `Type::function(..)`: the type's associated function, or a constructor by convention.
        if names.len() >= 2 {
            let (ty_path, func) = names.split_at(names.len() - 1);
            let owner_ty = if ty_path == ["Self"] {
                self.cx.self_ty.clone()
            } else {
                let mut type_path = p.path.clone();
                type_path.segments.pop();
                type_path.segments.pop_punct();
                self.path_type(&type_path)
            };
            let owner_ty = owner_ty.map(|t| self.model().expand_aliases(&t));
            if let Some(owner_ty @ Ty::Adt(owner, _)) = owner_ty {
                if let Some(AssocItem::Fn(sig)) = self.model().assoc(owner, &func[0]) {
                    let ret = sig.ret.as_ref().map(|r| self_subst(r, &owner_ty));
                    return Some(self.instantiate_ret(ret, sig, call, &owner_ty));
                }
                if matches!(func[0].as_str(), "default" | "new") {
                    return Some(owner_ty);
                }
            } else if let Some(owner_ty @ Ty::Std(..)) = owner_ty
                && (STD_CONSTRUCTORS.contains(&func[0].as_str()) || func[0] == "new_in")
            {
                // `Vec::new()`, `HashMap::with_capacity(n)`, `String::from(..)`: std
                // types' constructors return the type.
                return Some(owner_ty);
            }
        }
        match self.model().resolve(&self.cx.module, &names, Ns::Value)? {
            Res::Item(id) => match &self.model().item(id).kind {
                ItemKind::Fn(sig) => {
                    Some(self.instantiate_ret(sig.ret.clone(), sig, call, &Ty::unit()))
                }
                ItemKind::Struct(_) => Some(Ty::Adt(id, Vec::new())),
                _ => None,
            },
            Res::Assoc(owner, _) if matches!(self.model().item(owner).kind, ItemKind::Enum(_)) => {
                Some(Ty::Adt(owner, Vec::new()))
            }
            _ => None,
        }
    }

    /// Generic functions of std whose result is one of their arguments' types, and calls
    /// of closures held in locals.
    fn std_fn_type(&self, path: &[&str], call: &syn::ExprCall) -> Option<Ty> {
        let arg = |i: usize| call.args.iter().nth(i).and_then(|a| self.infer(a));
        let pointee = |i: usize| match arg(i) {
            Some(Ty::Ptr(inner)) => Some(*inner),
            _ => None,
        };
        match path {
            [name] if self.local(name).is_some() => match self.local(name).flatten() {
                Some(Ty::Std(key, args)) if key == "Closure" => Ty::type_arg(&args, 1).cloned(),
                _ => None,
            },
            [.., "mem", "replace"] => arg(1),
            [.., "mem", "take"] | [.., "ptr", "read"] => pointee(0),
            [.., "mem", "swap"] | ["drop"] | [.., "mem", "drop"] => Some(Ty::unit()),
            [.., "cmp", "max" | "min"]
            | [.., "hint", "black_box"]
            | ["black_box"]
            | [.., "convert", "identity"] => arg(0),
            [
                ..,
                "mem",
                "size_of" | "align_of" | "size_of_val" | "align_of_val",
            ] => Some(Ty::Prim(Prim::Usize)),
            ["Rc" | "Arc", "clone"] => pointee(0),
            [ty, "from"] => Prim::from_name(ty).map(Ty::Prim),
            _ => None,
        }
    }

    /// A function's return type for one call: its generic parameters (and its impl's,
    /// for `Type::function(..)` with `owner` given) worked out from the turbofish and the
    /// arguments; what stays unknown is an unknown type, never the caller's parameter.
    fn instantiate_ret(
        &self,
        ret: Option<Ty>,
        sig: &crate::model::FnSig,
        call: &syn::ExprCall,
        owner: &Ty,
    ) -> Ty {
        let Some(ret) = ret else {
            return Ty::unit();
        };
        let mut impl_bindings = unify::Bindings::new(&sig.impl_params);
        if let Some(impl_self) = &sig.impl_self {
            impl_bindings.unify(impl_self, owner);
        }
        let impl_args = impl_bindings.partial();
        let mut own = unify::Bindings::new(&sig.generics.params);
        if let syn::Expr::Path(p) = &*call.func
            && let Some(last) = p.path.segments.last()
        {
            own.explicit(&self.cx.generic_args(&last.arguments));
        }
        for (param, arg) in sig.params.iter().zip(&call.args) {
            if let Some(actual) = self.infer(arg) {
                own.unify(&subst(param, &sig.impl_params, &impl_args), &actual);
            }
        }
        let ret = subst(&ret, &sig.impl_params, &impl_args);
        let ret = subst(&ret, &sig.generics.params, &own.partial());
        unify::forget_params(
            &unify::forget_params(&ret, &sig.impl_params),
            &sig.generics.params,
        )
    }

    /// `Box::new(x)`, `Arc::new(x)`, `Mutex::new(x)`...: std wrappers whose constructor
    /// takes the value, and whose type argument is the value's type.
    fn wrapper_new(&self, p: &syn::ExprPath, call: &syn::ExprCall) -> Option<Ty> {
        let func = p.path.segments.last()?.ident.to_string();
        if func != "new" || call.args.len() != 1 || p.path.segments.len() < 2 {
            return None;
        }
        let mut type_path = p.path.clone();
        type_path.segments.pop();
        type_path.segments.pop_punct();
        let Ty::Std(key, args) = self.cx.ty(&syn::Type::Path(syn::TypePath {
            attrs: Vec::new(),
            qself: None,
            path: type_path,
        })) else {
            return None;
        };
        const WRAPPERS: &[&str] = &[
            "Box",
            "Rc",
            "Arc",
            "Mutex",
            "RwLock",
            "RefCell",
            "Cell",
            "UnsafeCell",
        ];
        if !WRAPPERS.contains(&key.as_str()) {
            return None;
        }
        let inner = match Ty::type_arg(&args, 0) {
            Some(written) => Some(written.clone()),
            None => self.infer(call.args.first()?),
        };
        Some(Ty::Std(
            key,
            inner.map(GenericArg::Type).into_iter().collect(),
        ))
    }

    /// `Wrapper { inner: [0u16; 16384] }`: a generic struct's parameters that are the type of
    /// a field are the types of the expressions given for them.
    fn struct_literal_type(&self, s: &syn::ExprStruct) -> Option<Ty> {
        let ty = self.path_type(&s.path)?;
        let Ty::Adt(id, args) = &ty else {
            return Some(ty);
        };
        let ItemKind::Struct(adt) = &self.model().item(*id).kind else {
            return Some(ty);
        };
        if args.len() >= adt.generics.params.len() {
            return Some(ty);
        }
        let mut filled = args.clone();
        for param in &adt.generics.params[args.len()..] {
            let GenericParam::Type(name) = param else {
                return Some(ty);
            };
            let field = adt
                .fields
                .iter()
                .position(|f| f.ty == Ty::Param(name.clone()));
            let value = field.and_then(|i| {
                let wanted = adt.fields[i].name.as_deref();
                s.fields.iter().find(|fv| match &fv.member {
                    syn::Member::Named(n) => Some(unraw(n).as_str()) == wanted,
                    syn::Member::Unnamed(index) => wanted.is_none() && index.index as usize == i,
                })
            });
            match value.and_then(|fv| self.infer(&fv.expr)) {
                Some(t) => filled.push(GenericArg::Type(t)),
                None => return Some(ty),
            }
        }
        Some(Ty::Adt(*id, filled))
    }

    fn method_type(&self, call: &syn::ExprMethodCall) -> Option<Ty> {
        self.method(call)?.ret
    }
}

pub struct SavedFn {
    generics: Vec<GenericParam>,
    locals: Vec<HashMap<String, Local>>,
    bounds: HashMap<String, Vec<ItemId>>,
}

/// A binding in scope.
struct Local {
    ty: Option<Ty>,
    id: u32,
}

/// [`free_names`] by closure: its address and where it starts.
type FreeNames = RefCell<HashMap<(usize, usize), Rc<Vec<String>>>>;

/// Plain names a closure uses that it does not bind itself, in order of first use: what
/// it captures, if the enclosing body binds them. Computed once per closure and reused
/// for the closures around it, so nested closures cost their number, not its square.
fn free_names(c: &syn::ExprClosure, cache: &FreeNames) -> Rc<Vec<String>> {
    struct Uses<'c> {
        names: Vec<String>,
        seen: crate::collections::HashSet<String>,
        bound: crate::collections::HashSet<String>,
        cache: &'c FreeNames,
    }
    impl Uses<'_> {
        fn used(&mut self, name: &str) {
            if !self.bound.contains(name) && !self.seen.contains(name) {
                self.seen.insert(name.to_string());
                self.names.push(name.to_string());
            }
        }
    }
    impl<'ast> syn::visit::Visit<'ast> for Uses<'_> {
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            if p.qself.is_none()
                && let Some(ident) = p.path.get_ident()
            {
                self.used(&unraw(ident));
            }
        }
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            self.bound.insert(unraw(&p.ident));
            syn::visit::visit_pat_ident(self, p);
        }
        fn visit_expr_closure(&mut self, inner: &'ast syn::ExprClosure) {
            for name in free_names(inner, self.cache).iter() {
                self.used(name);
            }
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let key = (
        c as *const syn::ExprClosure as usize,
        c.inputs_begin.span.byte_range().start,
    );
    if let Some(known) = cache.borrow().get(&key) {
        return known.clone();
    }
    let mut uses = Uses {
        names: Vec::new(),
        seen: Default::default(),
        bound: Default::default(),
        cache,
    };
    for input in &c.inputs {
        syn::visit::Visit::visit_pat(&mut uses, input);
    }
    syn::visit::Visit::visit_expr(&mut uses, &c.body);
    let names = Rc::new(uses.names);
    cache.borrow_mut().insert(key, names.clone());
    names
}

/// Every name a pattern binds.
pub fn pat_names(pat: &syn::Pat, out: &mut Vec<String>) {
    struct Names<'a>(&'a mut Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for Names<'_> {
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            self.0.push(unraw(&p.ident));
            syn::visit::visit_pat_ident(self, p);
        }
    }
    syn::visit::Visit::visit_pat(&mut Names(out), pat);
}

fn lit_type(lit: &syn::Lit) -> Option<Ty> {
    Some(match lit {
        syn::Lit::Int(i) => match i.suffix() {
            "" => Ty::InferInt,
            s => Ty::Prim(Prim::from_name(s)?),
        },
        syn::Lit::Float(f) => match f.suffix() {
            "" => Ty::InferFloat,
            s => Ty::Prim(Prim::from_name(s)?),
        },
        syn::Lit::Bool(_) => Ty::Prim(Prim::Bool),
        syn::Lit::Char(_) => Ty::Prim(Prim::Char),
        syn::Lit::Byte(_) => Ty::Prim(Prim::U8),
        syn::Lit::Str(_) => Ty::Ptr(Box::new(Ty::Prim(Prim::Str))),
        syn::Lit::ByteStr(b) => Ty::Ptr(Box::new(Ty::Array(
            Box::new(Ty::Prim(Prim::U8)),
            Len::Known(b.value().len() as u64),
        ))),
        _ => return None,
    })
}

/// Field access auto-dereferences references and boxes.
fn field_type(model: &CrateModel, base: &Ty, member: &syn::Member) -> Option<Ty> {
    match strip_ptr(base.clone()) {
        Ty::Adt(id, args) => match &model.item(id).kind {
            ItemKind::Struct(adt) | ItemKind::Union(adt) => {
                let field = match member {
                    syn::Member::Named(name) => {
                        let name = unraw(name);
                        adt.fields
                            .iter()
                            .find(|f| f.name.as_deref() == Some(&name))?
                    }
                    syn::Member::Unnamed(index) => adt.fields.get(index.index as usize)?,
                };
                Some(subst(&field.ty, &adt.generics.params, &args))
            }
            _ => None,
        },
        Ty::Tuple(elems) => match member {
            syn::Member::Unnamed(index) => elems.get(index.index as usize).cloned(),
            syn::Member::Named(_) => None,
        },
        _ => None,
    }
}

/// Auto-deref: `&T`, `&&T`, `Box<T>` give `T`.
pub fn strip_ptr(mut ty: Ty) -> Ty {
    loop {
        ty = match ty {
            Ty::Ptr(inner) => *inner,
            Ty::Std(name, args) if name == "Box" => match Ty::type_arg(&args, 0) {
                Some(inner) => inner.clone(),
                None => return Ty::Std(name, args),
            },
            other => return other,
        }
    }
}

/// A signature's `Self` was lowered to the impl's self type already; this only fills in
/// nothing more, but keeps the owner's generic arguments when the return type is the owner.
fn self_subst(ret: &Ty, owner: &Ty) -> Ty {
    match (ret, owner) {
        (Ty::Adt(a, _), Ty::Adt(b, args)) if a == b => Ty::Adt(*b, args.clone()),
        _ => ret.clone(),
    }
}

pub fn path_names(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| unraw(&s.ident)).collect()
}

/// How deep inferred types may nest (the layout engine gives up at 48 levels).
const MAX_TYPE_DEPTH: usize = 64;

/// Whether `ty` nests more than `limit` levels deep, looking no deeper than that.
fn nested_deeper_than(ty: &Ty, limit: usize) -> bool {
    if limit == 0 {
        return true;
    }
    let arg = |a: &GenericArg| match a {
        GenericArg::Type(t) => nested_deeper_than(t, limit - 1),
        GenericArg::Const(_) => false,
    };
    match ty {
        Ty::Array(t, _) | Ty::Slice(t) | Ty::Ptr(t) | Ty::RawPtr(t) => {
            nested_deeper_than(t, limit - 1)
        }
        Ty::Tuple(ts) => ts.iter().any(|t| nested_deeper_than(t, limit - 1)),
        Ty::Adt(_, args) | Ty::Std(_, args) => args.iter().any(arg),
        _ => false,
    }
}

/// What `?` gives for a value of type `ty`, and the residual it returns early with:
/// `Result<T, E>` gives `T` and `Result<Infallible, E>`, `Option<T>` gives `T` and
/// `Option<Infallible>`.
pub fn try_parts(ty: &Ty) -> Option<(Ty, Ty)> {
    let Ty::Std(key, args) = ty else {
        return None;
    };
    let never = || GenericArg::Type(Ty::Std("Infallible".into(), Vec::new()));
    match key.as_str() {
        "Result" => Some((
            Ty::type_arg(args, 0)?.clone(),
            Ty::Std(
                "Result".into(),
                vec![never(), GenericArg::Type(Ty::type_arg(args, 1)?.clone())],
            ),
        )),
        "io::Result" => Some((
            Ty::type_arg(args, 0)?.clone(),
            Ty::Std(
                "Result".into(),
                vec![
                    never(),
                    GenericArg::Type(Ty::Std("io::Error".into(), Vec::new())),
                ],
            ),
        )),
        "Option" => Some((
            Ty::type_arg(args, 0)?.clone(),
            Ty::Std("Option".into(), vec![never()]),
        )),
        _ => None,
    }
}

/// Associated functions of std types that return the type itself.
const STD_CONSTRUCTORS: &[&str] = &[
    "new",
    "default",
    "with_capacity",
    "with_hasher",
    "with_capacity_and_hasher",
    "from",
    "from_iter",
];

/// Std types whose length `.len()` gives: collections, `String`, arrays, slices, `str`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collection {
    Vec,
    VecDeque,
    LinkedList,
    BinaryHeap,
    HashMap,
    HashSet,
    BTreeMap,
    BTreeSet,
    String,
    Array,
    Slice,
    Str,
}

impl Collection {
    /// The kind of `ty` itself (no auto-deref: see [`TypeEnv::collection`]).
    pub fn of(ty: &Ty) -> Option<Collection> {
        Some(match ty {
            Ty::Array(..) => Collection::Array,
            Ty::Slice(_) => Collection::Slice,
            Ty::Prim(Prim::Str) => Collection::Str,
            Ty::Std(name, _) => match name.as_str() {
                "Vec" => Collection::Vec,
                "VecDeque" => Collection::VecDeque,
                "LinkedList" => Collection::LinkedList,
                "BinaryHeap" => Collection::BinaryHeap,
                "HashMap" => Collection::HashMap,
                "HashSet" => Collection::HashSet,
                "BTreeMap" => Collection::BTreeMap,
                "BTreeSet" => Collection::BTreeSet,
                "String" => Collection::String,
                _ => return None,
            },
            _ => return None,
        })
    }

    /// The std name, as in `Vec::with_capacity`.
    pub fn name(self) -> &'static str {
        match self {
            Collection::Vec => "Vec",
            Collection::VecDeque => "VecDeque",
            Collection::LinkedList => "LinkedList",
            Collection::BinaryHeap => "BinaryHeap",
            Collection::HashMap => "HashMap",
            Collection::HashSet => "HashSet",
            Collection::BTreeMap => "BTreeMap",
            Collection::BTreeSet => "BTreeSet",
            Collection::String => "String",
            Collection::Array => "array",
            Collection::Slice => "slice",
            Collection::Str => "str",
        }
    }

    /// Whether the collection can be allocated up front (`with_capacity`, `reserve`).
    pub fn has_capacity(self) -> bool {
        matches!(
            self,
            Collection::Vec
                | Collection::VecDeque
                | Collection::BinaryHeap
                | Collection::HashMap
                | Collection::HashSet
                | Collection::String
        )
    }

    pub fn is_map(self) -> bool {
        matches!(self, Collection::HashMap | Collection::BTreeMap)
    }

    /// Whether the collection derefs to a slice (`chunks`, `windows`).
    pub fn is_contiguous(self) -> bool {
        matches!(
            self,
            Collection::Vec | Collection::Array | Collection::Slice
        )
    }

    /// Whether iterating it yields one item per element of `.len()` (a string's `.len()`
    /// counts bytes, not the chars it iterates).
    pub fn iterates_len(self) -> bool {
        !matches!(self, Collection::String | Collection::Str)
    }

    /// The element type of a sequence or set.
    fn elem(self, ty: &Ty) -> Option<Ty> {
        match ty {
            Ty::Array(elem, _) | Ty::Slice(elem) => Some((**elem).clone()),
            Ty::Std(_, args) if !self.is_map() => Ty::type_arg(args, 0).cloned(),
            _ => None,
        }
    }

    /// What iterating the collection yields: elements (by reference or owned), or for maps
    /// `(key, value)` pairs.
    fn item(self, ty: &Ty, by_ref: bool) -> Option<Ty> {
        let wrap = |t: Ty| if by_ref { Ty::Ptr(Box::new(t)) } else { t };
        if self.is_map() {
            let Ty::Std(_, args) = ty else { return None };
            let key = Ty::type_arg(args, 0)?.clone();
            let value = Ty::type_arg(args, 1)?.clone();
            return Some(Ty::Tuple(vec![wrap(key), wrap(value)]));
        }
        if !self.iterates_len() {
            return None;
        }
        self.elem(ty).map(wrap)
    }
}

/// Methods of std types whose result type does not depend on anything but the receiver.
pub(crate) fn std_method_type(model: &CrateModel, receiver: &Ty, method: &str) -> Option<Ty> {
    let receiver = model.expand_aliases(receiver);
    let kind = Collection::of(&receiver)?;
    Some(match method {
        "len" | "capacity" => Ty::Prim(Prim::Usize),
        "is_empty" => Ty::Prim(Prim::Bool),
        "to_string" | "to_owned" if matches!(kind, Collection::Str | Collection::String) => {
            Ty::Std("String".to_string(), Vec::new())
        }
        "to_vec" if kind.is_contiguous() => Ty::Std(
            "Vec".to_string(),
            vec![GenericArg::Type(kind.elem(&receiver)?)],
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each expression is parsed for a moment: what was inferred about the previous one
    /// (which may have had the same address) is forgotten first.
    fn infer_in(env: &TypeEnv, src: &str) -> Option<Ty> {
        env.forget();
        env.infer(&syn::parse_str::<syn::Expr>(src).unwrap())
    }

    fn vec_of(elem: Ty) -> Ty {
        Ty::Std("Vec".to_string(), vec![GenericArg::Type(elem)])
    }

    #[test]
    fn std_constructors_methods_and_arithmetic() {
        let model = CrateModel::default();
        let mut env = TypeEnv::new(&model, Vec::new());
        env.push_scope();
        let pat: syn::Pat = syn::parse_quote!(items);
        env.bind(&pat, Some(vec_of(Ty::Prim(Prim::U8))));
        assert_eq!(
            infer_in(&env, "Vec::<u8>::new()"),
            Some(vec_of(Ty::Prim(Prim::U8)))
        );
        // `vec!` by its element, listed or repeated.
        assert_eq!(
            infer_in(&env, "vec![1u16, 2]"),
            Some(vec_of(Ty::Prim(Prim::U16)))
        );
        assert_eq!(
            infer_in(&env, "vec![0u8; items.len()]"),
            Some(vec_of(Ty::Prim(Prim::U8)))
        );
        assert_eq!(
            infer_in(&env, "String::with_capacity(4)"),
            Some(Ty::Std("String".into(), vec![]))
        );
        assert_eq!(infer_in(&env, "items.len()"), Some(Ty::Prim(Prim::Usize)));
        assert_eq!(
            infer_in(&env, "items.len() + 1"),
            Some(Ty::Prim(Prim::Usize))
        );
        assert_eq!(
            infer_in(&env, "1 + u32::from(3u16)"),
            Some(Ty::Prim(Prim::U32))
        );
        assert_eq!(
            infer_in(&env, "items.len() < 3"),
            Some(Ty::Prim(Prim::Bool))
        );
        assert_eq!(
            infer_in(&env, "items.to_vec()"),
            Some(vec_of(Ty::Prim(Prim::U8)))
        );
        assert_eq!(
            infer_in(&env, "\"a\".to_string()"),
            Some(Ty::Std("String".into(), vec![]))
        );
        assert_eq!(
            infer_in(&env, "x.iter().collect::<Vec<u8>>()"),
            Some(vec_of(Ty::Prim(Prim::U8)))
        );
    }

    #[test]
    fn loop_items() {
        let model = CrateModel::default();
        let mut env = TypeEnv::new(&model, Vec::new());
        env.push_scope();
        let pat: syn::Pat = syn::parse_quote!(items);
        env.bind(&pat, Some(vec_of(Ty::Prim(Prim::U8))));
        let item = |src: &str| {
            env.forget();
            env.iter_item(&syn::parse_str::<syn::Expr>(src).unwrap())
        };
        let byte = Ty::Prim(Prim::U8);
        let by_ref = Ty::Ptr(Box::new(byte.clone()));
        assert_eq!(item("&items"), Some(by_ref.clone()));
        assert_eq!(item("items"), Some(byte.clone()));
        assert_eq!(item("items.iter().copied()"), Some(byte.clone()));
        assert_eq!(
            item("items.iter().enumerate()"),
            Some(Ty::Tuple(vec![Ty::Prim(Prim::Usize), by_ref.clone()]))
        );
        assert_eq!(
            item("items.chunks(2)"),
            Some(Ty::Ptr(Box::new(Ty::Slice(Box::new(byte.clone())))))
        );
        assert_eq!(item("0..items.len()"), Some(Ty::Prim(Prim::Usize)));
        assert_eq!(item("unknown.iter()"), None);
    }
}
