//! Second pass of the model: turn the syntax of types and constant expressions into
//! resolved [`Ty`] and [`ConstExpr`]. Lints use the same [`LowerCx`] for types and lengths
//! written inside function bodies.

use super::collect::{Collected, Syntax};
use super::consts::{BinOp, ConstExpr, PrimConst, UnOp};
use super::ty::{GenericArg, Len, Prim, Ty};
use super::{
    AdtDef, AssocItem, CrateModel, EnumDef, FieldDef, FnSig, GenericParam, Generics, ItemKind, Ns,
    Repr, Res, VariantDef,
};
use crate::load::{ModPath, unraw};

pub(super) fn lower(collected: Collected<'_>) -> CrateModel {
    let Collected {
        items,
        syntax,
        impls,
        scopes,
    } = collected;
    let mut model = CrateModel {
        items,
        scopes,
        ..CrateModel::default()
    };
    let kinds: Vec<Option<ItemKind>> = syntax
        .iter()
        .enumerate()
        .map(|(i, syn)| match syn {
            Syntax::Item(item) => {
                let module = model.items[i].module.clone();
                lower_item(&model, module, item)
            }
            Syntax::Mod => None,
        })
        .collect();
    for (item, kind) in model.items.iter_mut().zip(kinds) {
        if let Some(kind) = kind {
            item.kind = kind;
        }
    }
    // Impls need the items' final kinds (a `Self` type's generics), so they come second.
    let mut assoc = Vec::new();
    for imp in &impls {
        let cx = LowerCx::new(
            &model,
            imp.module.clone(),
            generics(&imp.item.generics),
            None,
        );
        let Ty::Adt(owner, _) = cx.ty(&imp.item.self_ty) else {
            continue;
        };
        let cx = LowerCx {
            self_ty: Some(cx.ty(&imp.item.self_ty)),
            ..cx
        };
        for impl_item in &imp.item.items {
            match impl_item {
                syn::ImplItem::Const(c) => assoc.push((
                    (owner, unraw(&c.ident)),
                    AssocItem::Const {
                        ty: cx.ty(&c.ty),
                        value: cx.const_expr(&c.expr),
                    },
                )),
                syn::ImplItem::Fn(f) => assoc.push((
                    (owner, unraw(&f.sig.ident)),
                    AssocItem::Fn(cx.fn_sig(&f.sig)),
                )),
                _ => {}
            }
        }
    }
    for (key, item) in assoc {
        // An inherent item wins over a trait impl's item of the same name: keep the first,
        // and inherent impls usually come first; either way the choice is deterministic.
        model.assoc.entry(key).or_insert(item);
    }
    model
}

fn lower_item(model: &CrateModel, module: ModPath, item: &syn::Item) -> Option<ItemKind> {
    let cx = |g: &syn::Generics| LowerCx::new(model, module.clone(), generics(g), None);
    Some(match item {
        syn::Item::Const(c) => {
            let cx = cx(&c.generics);
            ItemKind::Const {
                ty: cx.ty(&c.ty),
                value: cx.const_expr(&c.expr),
            }
        }
        syn::Item::Static(s) => ItemKind::Static {
            ty: cx(&Default::default()).ty(&s.ty),
        },
        syn::Item::Struct(s) => {
            let cx = cx(&s.generics);
            ItemKind::Struct(AdtDef {
                generics: Generics {
                    params: cx.generics.clone(),
                },
                fields: cx.fields(&s.fields),
                repr: repr(&s.attrs),
                has_ctor: !matches!(s.fields, syn::Fields::Named(_)),
            })
        }
        syn::Item::Union(u) => {
            let cx = cx(&u.generics);
            ItemKind::Union(AdtDef {
                generics: Generics {
                    params: cx.generics.clone(),
                },
                fields: cx.fields(&syn::Fields::Named(u.fields.clone())),
                repr: repr(&u.attrs),
                has_ctor: false,
            })
        }
        syn::Item::Enum(e) => {
            let cx = cx(&e.generics);
            ItemKind::Enum(EnumDef {
                generics: Generics {
                    params: cx.generics.clone(),
                },
                variants: e
                    .variants
                    .iter()
                    .map(|v| VariantDef {
                        name: unraw(&v.ident),
                        fields: cx.fields(&v.fields),
                        discriminant: v.discriminant.as_ref().map(|(_, e)| cx.const_expr(e)),
                    })
                    .collect(),
                repr: repr(&e.attrs),
            })
        }
        syn::Item::Type(t) => {
            let cx = cx(&t.generics);
            ItemKind::Alias {
                generics: Generics {
                    params: cx.generics.clone(),
                },
                ty: cx.ty(&t.ty),
            }
        }
        syn::Item::Fn(f) => ItemKind::Fn(cx(&Default::default()).fn_sig(&f.sig)),
        _ => return None,
    })
}

pub fn generics(g: &syn::Generics) -> Vec<GenericParam> {
    g.params
        .iter()
        .filter_map(|p| match p {
            syn::GenericParam::Type(t) => Some(GenericParam::Type(unraw(&t.ident))),
            syn::GenericParam::Const(c) => Some(GenericParam::Const(unraw(&c.ident))),
            syn::GenericParam::Lifetime(_) => None,
        })
        .collect()
}

/// `#[repr(...)]` attributes, merged.
pub fn repr(attrs: &[syn::Attribute]) -> Repr {
    let mut repr = Repr::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("repr")) {
        let _ = attr.parse_nested_meta(|meta| {
            let name = meta.path.get_ident().map(unraw).unwrap_or_default();
            let arg = || -> Option<u64> {
                let parse = || -> syn::Result<u64> {
                    let content;
                    syn::parenthesized!(content in meta.input);
                    content.parse::<syn::LitInt>()?.base10_parse()
                };
                parse().ok()
            };
            match name.as_str() {
                "C" => repr.c = true,
                "transparent" => repr.transparent = true,
                "packed" => {
                    repr.packed = Some(if meta.input.peek(syn::token::Paren) {
                        arg().unwrap_or(1)
                    } else {
                        1
                    })
                }
                "align" => repr.align = arg(),
                other => repr.int = Prim::from_name(other).filter(|p| p.int_bits().is_some()),
            }
            Ok(())
        });
    }
    repr
}

/// Lowers syntax written in one place: a module, inside some generics, maybe in an impl.
pub struct LowerCx<'m> {
    pub model: &'m CrateModel,
    pub module: ModPath,
    pub generics: Vec<GenericParam>,
    /// The type `Self` stands for.
    pub self_ty: Option<Ty>,
}

impl<'m> LowerCx<'m> {
    pub fn new(
        model: &'m CrateModel,
        module: ModPath,
        generics: Vec<GenericParam>,
        self_ty: Option<Ty>,
    ) -> LowerCx<'m> {
        LowerCx {
            model,
            module,
            generics,
            self_ty,
        }
    }

    fn is_param(&self, name: &str, want_const: bool) -> bool {
        self.generics.iter().any(|p| match p {
            GenericParam::Type(n) => !want_const && n == name,
            GenericParam::Const(n) => want_const && n == name,
        })
    }

    pub fn fields(&self, fields: &syn::Fields) -> Vec<FieldDef> {
        fields
            .iter()
            .map(|f| FieldDef {
                name: f.ident.as_ref().map(unraw),
                ty: self.ty(&f.ty),
            })
            .collect()
    }

    pub fn fn_sig(&self, sig: &syn::Signature) -> FnSig {
        let mut generics = self.generics.clone();
        generics.extend(self::generics(&sig.generics));
        let cx = LowerCx {
            generics,
            self_ty: self.self_ty.clone(),
            module: self.module.clone(),
            model: self.model,
        };
        FnSig {
            generics: Generics {
                params: self::generics(&sig.generics),
            },
            has_self: sig.receiver().is_some(),
            params: sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(t) => Some(cx.ty(&t.ty)),
                    syn::FnArg::Receiver(_) => None,
                })
                .collect(),
            ret: match &sig.output {
                syn::ReturnType::Default => None,
                syn::ReturnType::Type(_, t) => Some(cx.ty(t)),
            },
        }
    }

    pub fn ty(&self, ty: &syn::Type) -> Ty {
        match ty {
            syn::Type::Array(a) => Ty::Array(Box::new(self.ty(&a.elem)), self.len(&a.len)),
            syn::Type::Slice(s) => Ty::Slice(Box::new(self.ty(&s.elem))),
            syn::Type::Reference(r) => Ty::Ptr(Box::new(self.ty(&r.elem))),
            syn::Type::Ptr(p) => Ty::Ptr(Box::new(self.ty(&p.elem))),
            syn::Type::Tuple(t) => Ty::Tuple(t.elems.iter().map(|t| self.ty(t)).collect()),
            syn::Type::Paren(p) => self.ty(&p.elem),
            syn::Type::Group(g) => self.ty(&g.elem),
            syn::Type::Never(_) => Ty::Never,
            syn::Type::FnPtr(_) => Ty::FnPtr,
            syn::Type::TraitObject(_) => Ty::Dyn,
            syn::Type::Path(p) if p.qself.is_none() => self.path_ty(&p.path),
            other => Ty::Unknown(quote::ToTokens::to_token_stream(other).to_string()),
        }
    }

    fn path_ty(&self, path: &syn::Path) -> Ty {
        let names: Vec<String> = path.segments.iter().map(|s| unraw(&s.ident)).collect();
        let args = path
            .segments
            .last()
            .map(|s| self.generic_args(&s.arguments))
            .unwrap_or_default();
        let written = || Ty::Unknown(names.join("::"));
        if path.leading_colon.is_none() && names.len() == 1 {
            let name = names[0].as_str();
            if self.is_param(name, false) {
                return Ty::Param(name.to_string());
            }
            if name == "Self" {
                return self.self_ty.clone().unwrap_or_else(written);
            }
            if let Some(prim) = Prim::from_name(name)
                && self
                    .model
                    .resolve(&self.module, &names, Ns::Type)
                    .is_none_or(|r| matches!(r, Res::External(_)))
            {
                return Ty::Prim(prim);
            }
        }
        let mut full = names.clone();
        if path.leading_colon.is_some() {
            full.insert(0, "::".to_string());
        }
        match self.model.resolve(&self.module, &full, Ns::Type) {
            Some(Res::Item(id)) => match &self.model.item(id).kind {
                ItemKind::Struct(_)
                | ItemKind::Enum(_)
                | ItemKind::Union(_)
                | ItemKind::Alias { .. } => Ty::Adt(id, args),
                _ => written(),
            },
            Some(Res::External(p)) => std_type(&p, args).unwrap_or_else(written),
            _ => written(),
        }
    }

    fn generic_args(&self, args: &syn::PathArguments) -> Vec<GenericArg> {
        let syn::PathArguments::AngleBracketed(args) = args else {
            return Vec::new();
        };
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(syn::Type::Path(p))
                    if p.qself.is_none() && self.names_a_const(&p.path) =>
                {
                    let expr = syn::Expr::Path(syn::ExprPath {
                        attrs: Vec::new(),
                        qself: None,
                        path: p.path.clone(),
                    });
                    Some(GenericArg::Const(self.len(&expr)))
                }
                syn::GenericArgument::Type(t) => Some(GenericArg::Type(self.ty(t))),
                syn::GenericArgument::Const(e) => Some(GenericArg::Const(self.len(e))),
                _ => None,
            })
            .collect()
    }

    /// `Foo<N>` parses `N` as a type; it is a const when it names a const item or param.
    fn names_a_const(&self, path: &syn::Path) -> bool {
        let names: Vec<String> = path.segments.iter().map(|s| unraw(&s.ident)).collect();
        if names.len() == 1 && self.is_param(&names[0], true) {
            return true;
        }
        matches!(
            self.model.resolve(&self.module, &names, Ns::Value),
            Some(Res::Item(id)) if matches!(self.model.item(id).kind, ItemKind::Const { .. })
        ) && self
            .model
            .resolve(&self.module, &names, Ns::Type)
            .is_none_or(|r| matches!(r, Res::External(_)))
    }

    /// An array length. Not evaluated here: see [`Len::Expr`].
    pub fn len(&self, expr: &syn::Expr) -> Len {
        if let Some(name) = single_ident(expr)
            && self.is_param(&name, true)
        {
            return Len::Param(name);
        }
        match self.const_expr(expr) {
            ConstExpr::Int(n) => {
                u64::try_from(n).map_or(Len::Expr(Box::new(ConstExpr::Unknown)), Len::Known)
            }
            other => Len::Expr(Box::new(other)),
        }
    }

    pub fn const_expr(&self, expr: &syn::Expr) -> ConstExpr {
        match expr {
            syn::Expr::Lit(l) => match &l.lit {
                syn::Lit::Int(i) => i
                    .base10_parse::<u128>()
                    .ok()
                    .and_then(|v| i128::try_from(v).ok())
                    .map_or(ConstExpr::Unknown, ConstExpr::Int),
                syn::Lit::Bool(b) => ConstExpr::Int(i128::from(b.value)),
                syn::Lit::Byte(b) => ConstExpr::Int(i128::from(b.value())),
                syn::Lit::Char(c) => ConstExpr::Int(i128::from(u32::from(c.value()))),
                _ => ConstExpr::Unknown,
            },
            syn::Expr::Paren(p) => self.const_expr(&p.expr),
            syn::Expr::Group(g) => self.const_expr(&g.expr),
            syn::Expr::Block(b) if b.block.stmts.len() == 1 => match &b.block.stmts[0] {
                syn::Stmt::Expr(e, None) => self.const_expr(e),
                _ => ConstExpr::Unknown,
            },
            syn::Expr::Unary(u) => {
                let op = match u.op {
                    syn::UnOp::Neg(_) => UnOp::Neg,
                    syn::UnOp::Not(_) => UnOp::Not,
                    _ => return ConstExpr::Unknown,
                };
                ConstExpr::Unary(op, Box::new(self.const_expr(&u.expr)))
            }
            syn::Expr::Binary(b) => match bin_op(&b.op) {
                Some(op) => ConstExpr::Binary(
                    op,
                    Box::new(self.const_expr(&b.left)),
                    Box::new(self.const_expr(&b.right)),
                ),
                None => ConstExpr::Unknown,
            },
            syn::Expr::Cast(c) => {
                ConstExpr::Cast(Box::new(self.const_expr(&c.expr)), self.ty(&c.ty))
            }
            syn::Expr::Path(p) if p.qself.is_none() => self.const_path(&p.path),
            syn::Expr::MethodCall(m) if m.method == "pow" && m.args.len() == 1 => {
                ConstExpr::Binary(
                    BinOp::Pow,
                    Box::new(self.const_expr(&m.receiver)),
                    Box::new(self.const_expr(&m.args[0])),
                )
            }
            syn::Expr::Call(c) => self.const_call(c),
            _ => ConstExpr::Unknown,
        }
    }

    fn const_path(&self, path: &syn::Path) -> ConstExpr {
        let names: Vec<String> = path.segments.iter().map(|s| unraw(&s.ident)).collect();
        let strs: Vec<&str> = names.iter().map(String::as_str).collect();
        // `u16::MAX`, `std::u16::MAX`, `core::u32::BITS`
        let tail = match strs.as_slice() {
            ["std" | "core", prim, which] | [prim, which] => Some((*prim, *which)),
            _ => None,
        };
        if let Some((prim, which)) = tail
            && let Some(prim) = Prim::from_name(prim)
        {
            let which = match which {
                "MAX" => Some(PrimConst::Max),
                "MIN" => Some(PrimConst::Min),
                "BITS" => Some(PrimConst::Bits),
                _ => None,
            };
            return which.map_or(ConstExpr::Unknown, |w| ConstExpr::PrimConst(prim, w));
        }
        if names.first().map(String::as_str) == Some("Self") && names.len() == 2 {
            return match &self.self_ty {
                Some(Ty::Adt(id, _)) => ConstExpr::Assoc(*id, names[1].clone()),
                _ => ConstExpr::Unknown,
            };
        }
        match self.model.resolve(&self.module, &names, Ns::Value) {
            Some(Res::Item(id)) if matches!(self.model.item(id).kind, ItemKind::Const { .. }) => {
                ConstExpr::Item(id)
            }
            Some(Res::Assoc(owner, name)) => ConstExpr::Assoc(owner, name),
            _ => ConstExpr::Unknown,
        }
    }

    /// `size_of::<T>()` and `align_of::<T>()`, with or without `std::mem::`.
    fn const_call(&self, call: &syn::ExprCall) -> ConstExpr {
        let syn::Expr::Path(p) = &*call.func else {
            return ConstExpr::Unknown;
        };
        let Some(last) = p.path.segments.last() else {
            return ConstExpr::Unknown;
        };
        let ty = match &last.arguments {
            syn::PathArguments::AngleBracketed(a) if a.args.len() == 1 => match &a.args[0] {
                syn::GenericArgument::Type(t) => self.ty(t),
                _ => return ConstExpr::Unknown,
            },
            _ => return ConstExpr::Unknown,
        };
        match last.ident.to_string().as_str() {
            "size_of" if call.args.is_empty() => ConstExpr::SizeOf(ty),
            "align_of" if call.args.is_empty() => ConstExpr::AlignOf(ty),
            _ => ConstExpr::Unknown,
        }
    }
}

fn single_ident(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(unraw),
        syn::Expr::Block(b) if b.block.stmts.len() == 1 => match &b.block.stmts[0] {
            syn::Stmt::Expr(e, None) => single_ident(e),
            _ => None,
        },
        _ => None,
    }
}

fn bin_op(op: &syn::BinOp) -> Option<BinOp> {
    Some(match op {
        syn::BinOp::Add(_) => BinOp::Add,
        syn::BinOp::Sub(_) => BinOp::Sub,
        syn::BinOp::Mul(_) => BinOp::Mul,
        syn::BinOp::Div(_) => BinOp::Div,
        syn::BinOp::Rem(_) => BinOp::Rem,
        syn::BinOp::Shl(_) => BinOp::Shl,
        syn::BinOp::Shr(_) => BinOp::Shr,
        syn::BinOp::BitAnd(_) => BinOp::BitAnd,
        syn::BinOp::BitOr(_) => BinOp::BitOr,
        syn::BinOp::BitXor(_) => BinOp::BitXor,
        syn::BinOp::Eq(_) => BinOp::Eq,
        syn::BinOp::Ne(_) => BinOp::Ne,
        syn::BinOp::Lt(_) => BinOp::Lt,
        syn::BinOp::Le(_) => BinOp::Le,
        syn::BinOp::Gt(_) => BinOp::Gt,
        syn::BinOp::Ge(_) => BinOp::Ge,
        syn::BinOp::And(_) => BinOp::And,
        syn::BinOp::Or(_) => BinOp::Or,
        _ => return None,
    })
}

/// Std types by name: a path into `std`/`core`/`alloc`, or a prelude name nothing shadows.
fn std_type(path: &[String], args: Vec<GenericArg>) -> Option<Ty> {
    const PRELUDE: &[&str] = &["Vec", "String", "Box", "Option", "Result"];
    let first = path.first()?.as_str();
    let last = path.last()?;
    let from_std = matches!(first, "std" | "core" | "alloc");
    (from_std || (path.len() == 1 && PRELUDE.contains(&last.as_str())))
        .then(|| Ty::Std(last.clone(), args))
}
