//! Light type inference inside function bodies: the type of an expression where the source
//! says it (annotations, literals, constructors, crate functions' declared return types,
//! fields of crate structs). Anything else is `None`: memlint never guesses a type.

use crate::layout::subst;
use crate::load::{ModPath, unraw};
use crate::model::lower::LowerCx;
use crate::model::ty::{GenericArg, Len, Prim, Ty};
use crate::model::{AssocItem, CrateModel, GenericParam, ItemKind, Ns, Res};
use std::collections::HashMap;

/// What is in scope at a point of a function body.
pub struct TypeEnv<'m> {
    pub cx: LowerCx<'m>,
    /// Local bindings, innermost scope last. `None` marks a binding of unknown type, which
    /// still shadows outer bindings and items of the same name.
    locals: Vec<HashMap<String, Option<Ty>>>,
}

impl<'m> TypeEnv<'m> {
    pub fn new(model: &'m CrateModel, module: ModPath) -> TypeEnv<'m> {
        TypeEnv {
            cx: LowerCx::new(model, module, Vec::new(), None),
            locals: Vec::new(),
        }
    }

    pub fn model(&self) -> &'m CrateModel {
        self.cx.model
    }

    pub fn push_scope(&mut self) {
        self.locals.push(HashMap::new());
    }

    pub fn pop_scope(&mut self) {
        self.locals.pop();
    }

    /// Starts a fresh function: its generics are added to the enclosing ones (an impl's),
    /// and bindings of enclosing functions are no longer visible. Returns what to restore.
    pub fn enter_fn(&mut self, generics: &syn::Generics) -> SavedFn {
        let saved = SavedFn {
            generics: self.cx.generics.clone(),
            locals: std::mem::take(&mut self.locals),
        };
        self.cx
            .generics
            .extend(crate::model::lower::generics(generics));
        self.locals.push(HashMap::new());
        saved
    }

    pub fn leave_fn(&mut self, saved: SavedFn) {
        self.cx.generics = saved.generics;
        self.locals = saved.locals;
    }

    pub fn lower(&self, ty: &syn::Type) -> Ty {
        self.cx.ty(ty)
    }

    pub fn local(&self, name: &str) -> Option<&Option<Ty>> {
        self.locals.iter().rev().find_map(|scope| scope.get(name))
    }

    /// Binds the names of `pat`, giving them `ty` where the pattern is a plain binding.
    pub fn bind(&mut self, pat: &syn::Pat, ty: Option<Ty>) {
        let scope = match self.locals.last_mut() {
            Some(scope) => scope,
            None => {
                self.locals.push(HashMap::new());
                self.locals.last_mut().expect("just pushed")
            }
        };
        bind_pat(scope, pat, ty);
    }

    /// The type `self` has in the current function.
    pub fn bind_self(&mut self, receiver: &syn::Receiver) {
        let ty = self.cx.self_ty.clone().map(|self_ty| {
            if matches!(receiver.kind, syn::ReceiverKind::Reference(..)) {
                Ty::Ptr(Box::new(self_ty))
            } else {
                self_ty
            }
        });
        if let Some(scope) = self.locals.last_mut() {
            scope.insert("self".to_string(), ty);
        }
    }

    /// The type of `expr`, if the source says it.
    pub fn infer(&self, expr: &syn::Expr) -> Option<Ty> {
        self.infer_expecting(expr, None)
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
            syn::Expr::Paren(p) => self.infer_expecting(&p.expr, expected),
            syn::Expr::Group(g) => self.infer_expecting(&g.expr, expected),
            syn::Expr::Array(a) => {
                let elem_expected = match expected {
                    Some(Ty::Array(elem, _)) => Some(&**elem),
                    _ => None,
                };
                let elem = match a.elems.first() {
                    Some(first) => self.infer_expecting(first, elem_expected)?,
                    None => elem_expected?.clone(),
                };
                Some(Ty::Array(Box::new(elem), Len::Known(a.elems.len() as u64)))
            }
            syn::Expr::Repeat(r) => {
                let elem_expected = match expected {
                    Some(Ty::Array(elem, _)) => Some(&**elem),
                    _ => None,
                };
                let elem = self.infer_expecting(&r.expr, elem_expected)?;
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
                            self.infer_expecting(e, x)
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
                _ => self.infer_expecting(&u.expr, expected),
            },
            syn::Expr::Field(f) => {
                let base = self.infer(&f.base)?;
                field_type(model, &base, &f.member)
            }
            syn::Expr::Index(i) => match strip_ptr(self.infer(&i.expr)?) {
                Ty::Array(elem, _) => Some(*elem),
                Ty::Std(name, args) if name == "Vec" || name == "VecDeque" => {
                    Ty::type_arg(&args, 0).cloned()
                }
                _ => None,
            },
            syn::Expr::Binary(b) => self.binary_type(b, expected),
            syn::Expr::Call(c) => self.call_type(c, expected),
            syn::Expr::MethodCall(m) => self.method_type(m),
            syn::Expr::Block(b) => match b.block.stmts.last() {
                Some(syn::Stmt::Expr(e, None)) => self.infer_expecting(e, expected),
                _ => None,
            },
            syn::Expr::Unsafe(b) => match b.block.stmts.last() {
                Some(syn::Stmt::Expr(e, None)) => self.infer_expecting(e, expected),
                _ => None,
            },
            syn::Expr::Macro(m) if m.mac.path.is_ident("vec") => {
                Some(Ty::Std("Vec".to_string(), Vec::new()))
            }
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
                let (kind, ty) = self.collection(&ty)?;
                kind.item(&ty, by_ref)
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
                return local.clone();
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
            match owner_ty {
                Some(owner_ty @ Ty::Adt(owner, _)) => {
                    if let Some(AssocItem::Fn(sig)) = self.model().assoc(owner, &func[0]) {
                        return sig.ret.as_ref().map(|r| self_subst(r, &owner_ty));
                    }
                    if matches!(func[0].as_str(), "default" | "new") {
                        return Some(owner_ty);
                    }
                }
                // `Vec::new()`, `HashMap::with_capacity(n)`, `String::from(..)`: std
                // collections' constructors return the collection.
                Some(owner_ty @ Ty::Std(..))
                    if Collection::of(&owner_ty).is_some()
                        && STD_CONSTRUCTORS.contains(&func[0].as_str()) =>
                {
                    return Some(owner_ty);
                }
                // `u32::from(x)`: a lossless conversion into the primitive.
                Some(owner_ty @ Ty::Prim(_)) if func[0] == "from" => return Some(owner_ty),
                _ => {}
            }
        }
        match self.model().resolve(&self.cx.module, &names, Ns::Value)? {
            Res::Item(id) => match &self.model().item(id).kind {
                ItemKind::Fn(sig) if sig.generics.params.is_empty() => sig.ret.clone(),
                ItemKind::Struct(_) => Some(Ty::Adt(id, Vec::new())),
                _ => None,
            },
            Res::Assoc(owner, _) if matches!(self.model().item(owner).kind, ItemKind::Enum(_)) => {
                Some(Ty::Adt(owner, Vec::new()))
            }
            _ => None,
        }
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
        let method = unraw(&call.method);
        // `collect::<Vec<_>>()` says its type whatever the receiver is.
        if method == "collect"
            && let Some(turbofish) = &call.turbofish
            && let [syn::GenericArgument::Type(ty)] = turbofish.args.iter().collect::<Vec<_>>()[..]
        {
            return Some(self.lower(ty));
        }
        let receiver = self.infer(&call.receiver)?;
        let owner_ty = strip_ptr(receiver);
        if call.args.is_empty()
            && let Some(ty) = std_method_type(self.model(), &owner_ty, &method)
        {
            return Some(ty);
        }
        if matches!(method.as_str(), "clone" | "to_owned") && call.args.is_empty() {
            return Some(owner_ty);
        }
        let Ty::Adt(owner, _) = owner_ty else {
            return None;
        };
        match self.model().assoc(owner, &method)? {
            AssocItem::Fn(sig) if sig.generics.params.is_empty() => {
                sig.ret.as_ref().map(|r| self_subst(r, &owner_ty))
            }
            _ => None,
        }
    }
}

pub struct SavedFn {
    generics: Vec<GenericParam>,
    locals: Vec<HashMap<String, Option<Ty>>>,
}

fn bind_pat(scope: &mut HashMap<String, Option<Ty>>, pat: &syn::Pat, ty: Option<Ty>) {
    match pat {
        syn::Pat::Ident(p) => {
            let ty = if p.by_ref.is_some() {
                ty.map(|t| Ty::Ptr(Box::new(t)))
            } else {
                ty
            };
            scope.insert(unraw(&p.ident), ty);
            if let Some((_, sub)) = &p.subpat {
                bind_pat(scope, sub, None);
            }
        }
        syn::Pat::Type(t) => bind_pat(scope, &t.pat, ty),
        syn::Pat::Paren(p) => bind_pat(scope, &p.pat, ty),
        syn::Pat::Tuple(t) => {
            let tys: Vec<Option<Ty>> = match &ty {
                Some(Ty::Tuple(ts)) if ts.len() == t.elems.len() => {
                    ts.iter().cloned().map(Some).collect()
                }
                _ => vec![None; t.elems.len()],
            };
            for (p, ty) in t.elems.iter().zip(tys) {
                bind_pat(scope, p, ty);
            }
        }
        other => {
            // Destructuring patterns bind names whose types memlint does not work out.
            let mut names = Vec::new();
            pat_names(other, &mut names);
            for name in names {
                scope.insert(name, None);
            }
        }
    }
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

/// Associated functions of std collections that return the collection itself.
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
fn std_method_type(model: &CrateModel, receiver: &Ty, method: &str) -> Option<Ty> {
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

    fn infer_in(env: &TypeEnv, src: &str) -> Option<Ty> {
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
        let item = |src: &str| env.iter_item(&syn::parse_str::<syn::Expr>(src).unwrap());
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
