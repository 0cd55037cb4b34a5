//! Second pass of the model: turn the syntax of types and constant expressions into
//! resolved [`Ty`] and [`ConstExpr`]. Lints use the same [`LowerCx`] for types and lengths
//! written inside function bodies.

use super::collect::{Collected, Shelled, Syntax};
use super::consts::{BinOp, ConstExpr, PrimConst, UnOp};
use super::ty::{GenericArg, Len, Prim, Ty};
use super::{
    AdtDef, AssocItem, CrateModel, EnumDef, FieldDef, FnSig, GenericParam, Generics, ItemId,
    ItemKind, Ns, Repr, Res, VariantDef,
};
use crate::cfg::CfgOptions;
use crate::load::{ModPath, shell, unraw};
use crate::source::SourceMap;

pub(super) fn lower(collected: Collected<'_>, cfg: CfgOptions, sources: &SourceMap) -> CrateModel {
    let Collected {
        items,
        syntax,
        impls,
        scopes,
    } = collected;
    let model = CrateModel {
        items,
        scopes,
        cfg,
        ..CrateModel::default()
    };
    // Declarations first, maybe on a thread of their own (see `lower_shells`); the order
    // does not matter, since no item's kind is set before all are lowered.
    let shells: Vec<(usize, Shelled)> = syntax
        .iter()
        .enumerate()
        .filter_map(|(i, syn)| match syn {
            Syntax::Shell(shelled) => Some((i, *shelled)),
            Syntax::Item(_) | Syntax::Mod => None,
        })
        .collect();
    let (mut model, shell_kinds) = lower_shells(model, &shells, sources);
    let mut kinds: Vec<Option<ItemKind>> = syntax
        .iter()
        .enumerate()
        .map(|(i, syn)| match syn {
            Syntax::Item(item) => {
                let module = ModPath::clone(&model.items[i].module);
                lower_item(&model, ItemId(i as u32), module, item)
            }
            Syntax::Shell(_) | Syntax::Mod => None,
        })
        .collect();
    for ((i, _), kind) in shells.iter().zip(shell_kinds) {
        kinds[*i] = kind;
    }
    for (item, kind) in model.items.iter_mut().zip(kinds) {
        if let Some(kind) = kind {
            item.kind = kind;
        }
    }
    // Impls need the items' final kinds (a `Self` type's generics), so they come second.
    let mut assoc = Vec::new();
    let mut model_types = Vec::new();
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
                syn::ImplItem::Type(t) => {
                    model_types.push((
                        (owner, unraw(&t.ident)),
                        (
                            cx.generics.clone(),
                            cx.self_ty.clone().unwrap_or_else(Ty::unit),
                            cx.ty(&t.ty),
                        ),
                    ));
                }
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
    for (key, ty) in model_types {
        model.assoc_types.entry(key).or_insert(ty);
    }
    // Trait methods, with `Self` a parameter of the signature.
    let mut trait_methods: Vec<(String, ItemId, FnSig)> = Vec::new();
    for (i, syn) in syntax.iter().enumerate() {
        let Syntax::Item(syn::Item::Trait(t)) = syn else {
            continue;
        };
        let id = ItemId(i as u32);
        let mut params = generics(&t.generics);
        params.push(GenericParam::Type("Self".to_string()));
        let cx = LowerCx::new(
            &model,
            ModPath::clone(&model.items[i].module),
            params,
            Some(Ty::Param("Self".to_string())),
        );
        for item in &t.items {
            if let syn::TraitItem::Fn(f) = item {
                trait_methods.push((unraw(&f.sig.ident), id, cx.fn_sig(&f.sig)));
            }
        }
    }
    for (name, id, sig) in trait_methods {
        model.trait_methods.entry(name).or_default().push((id, sig));
    }
    model
}

/// Crates with at least this many declarations to parse again lower them on a thread of
/// their own ([`lower_shells`]); for fewer, starting a thread costs more than it saves.
const SHELLS_APART: usize = 1024;

/// The kinds of the declarations `shells`, parsed again one at a time.
///
/// proc-macro2 keeps a copy of every text it lexes, and its line starts, in the lexing
/// thread's span table until the table is emptied, which the crate's thread can only do
/// when the crate is done. Parsed again there, windows-sys's 170,000 declarations stayed in
/// it as 170,000 more entries. So a crate with many lowers them on a thread of its own, the
/// model lent to it, and that thread's table goes when it ends: windows-sys 0.52 read whole
/// peaked at 342 MiB of live heap instead of 374. The trees parsed again leave nothing but
/// owned data, so where they were parsed does not matter.
fn lower_shells(
    model: CrateModel,
    shells: &[(usize, Shelled)],
    sources: &SourceMap,
) -> (CrateModel, Vec<Option<ItemKind>>) {
    let lower = |model: &CrateModel| -> Vec<Option<ItemKind>> {
        shells
            .iter()
            .map(|&(i, shelled)| lower_shell(model, i, shelled, sources))
            .collect()
    };
    if shells.len() < SHELLS_APART {
        let kinds = lower(&model);
        return (model, kinds);
    }
    // The model is lent through a lock, so that it is still here if no thread starts.
    let lent = std::sync::Mutex::new(model);
    let apart = std::thread::scope(|s| {
        // A declaration may nest as deeply as its file allowed: the same stack as the
        // crate's thread.
        let thread = std::thread::Builder::new()
            .stack_size(crate::ANALYSIS_STACK)
            .spawn_scoped(s, || lower(&lent.lock().unwrap_or_else(|e| e.into_inner())))
            .ok()?;
        Some(
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    });
    let model = lent.into_inner().unwrap_or_else(|e| e.into_inner());
    let kinds = apart.unwrap_or_else(|| lower(&model));
    (model, kinds)
}

fn lower_shell(
    model: &CrateModel,
    i: usize,
    shelled: Shelled,
    sources: &SourceMap,
) -> Option<ItemKind> {
    let module = ModPath::clone(&model.items[i].module);
    match shelled {
        Shelled::Item(at) => {
            // Parsed, lowered and dropped one at a time.
            let item: syn::Item = shell::reparse(sources, at)?;
            lower_item(model, ItemId(i as u32), module, &item)
        }
        Shelled::Type(at) => {
            let ty: syn::Type = shell::reparse(sources, at)?;
            let ty = LowerCx::new(model, module, Vec::new(), None).ty(&ty);
            Some(match model.items[i].kind {
                ItemKind::Static { .. } => ItemKind::Static { ty },
                _ => ItemKind::Const {
                    ty,
                    value: ConstExpr::Unknown,
                },
            })
        }
    }
}

fn lower_item(
    model: &CrateModel,
    id: ItemId,
    module: ModPath,
    item: &syn::Item,
) -> Option<ItemKind> {
    let cx = |g: &syn::Generics| LowerCx::new(model, module.clone(), generics(g), None);
    // Inside its own definition, `Self` is the type with its parameters as arguments.
    let adt_cx = |g: &syn::Generics| {
        let params = generics(g);
        let self_ty = Ty::Adt(id, param_args(&params));
        LowerCx::new(model, module.clone(), params, Some(self_ty))
    };
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
            let cx = adt_cx(&s.generics);
            ItemKind::Struct(AdtDef {
                generics: cx.item_generics(&s.generics),
                fields: cx.fields(&s.fields),
                repr: repr(&s.attrs),
                has_ctor: !matches!(s.fields, syn::Fields::Named(_)),
                unsized_tail: s
                    .fields
                    .iter()
                    .last()
                    .is_some_and(|f| may_be_unsized(&f.ty, &s.generics)),
            })
        }
        syn::Item::Union(u) => {
            let cx = adt_cx(&u.generics);
            ItemKind::Union(AdtDef {
                generics: cx.item_generics(&u.generics),
                fields: cx.fields(&syn::Fields::Named(u.fields.clone())),
                repr: repr(&u.attrs),
                has_ctor: false,
                unsized_tail: false,
            })
        }
        syn::Item::Enum(e) => {
            let cx = adt_cx(&e.generics);
            ItemKind::Enum(EnumDef {
                generics: cx.item_generics(&e.generics),
                variants: e
                    .variants
                    .iter()
                    .map(|v| VariantDef {
                        name: unraw(&v.ident),
                        fields: cx.fields(&v.fields),
                        discriminant: v.discriminant.as_ref().map(|(_, e)| cx.const_expr(e)),
                        cfg: model.cfg.eval_attrs(&v.attrs),
                    })
                    .collect(),
                repr: repr(&e.attrs),
            })
        }
        syn::Item::Type(t) => {
            let cx = cx(&t.generics);
            ItemKind::Alias {
                generics: cx.item_generics(&t.generics),
                ty: cx.ty(&t.ty),
            }
        }
        syn::Item::Fn(f) => ItemKind::Fn(Box::new(cx(&Default::default()).fn_sig(&f.sig))),
        _ => return None,
    })
}

/// The parameters of an item as arguments: `Foo<T, N>` inside `struct Foo<T, const N: usize>`.
fn param_args(params: &[GenericParam]) -> Vec<GenericArg> {
    params
        .iter()
        .map(|p| match p {
            GenericParam::Type(n) => GenericArg::Type(Ty::Param(n.clone())),
            GenericParam::Const(n) => GenericArg::Const(Len::Param(n.clone())),
        })
        .collect()
}

/// Whether a struct's last field may be unsized (`[T]`, `str`, `dyn Trait`, a `T: ?Sized`
/// parameter, or a type holding one inline, like `ManuallyDrop<T>`): rustc then keeps that
/// field last.
fn may_be_unsized(ty: &syn::Type, g: &syn::Generics) -> bool {
    /// Types that are sized whatever their argument: pointers and heap containers.
    const SIZED: &[&str] = &["Box", "Rc", "Arc", "Weak", "NonNull", "PhantomData", "Vec"];
    let unsized_param = |ident: &syn::Ident| {
        let maybe = |bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>| {
            bounds
                .iter()
                .any(|b| matches!(b, syn::TypeParamBound::Trait(t) if t.maybe.is_some()))
        };
        g.type_params()
            .any(|t| t.ident == *ident && maybe(&t.bounds))
            || g.where_clause.as_ref().is_some_and(|w| {
                w.predicates.iter().any(|pred| match pred {
                    syn::WherePredicate::Type(t) => {
                        matches!(&t.bounded_ty, syn::Type::Path(b) if b.path.is_ident(ident))
                            && maybe(&t.bounds)
                    }
                    _ => false,
                })
            })
    };
    match ty {
        syn::Type::Slice(_) | syn::Type::TraitObject(_) => true,
        syn::Type::Paren(p) => may_be_unsized(&p.elem, g),
        syn::Type::Path(p) if p.qself.is_none() => {
            if let Some(ident) = p.path.get_ident() {
                return ident == "str" || unsized_param(ident);
            }
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            if SIZED.iter().any(|s| last.ident == s) {
                return false;
            }
            match &last.arguments {
                syn::PathArguments::AngleBracketed(a) => a.args.iter().any(
                    |arg| matches!(arg, syn::GenericArgument::Type(t) if may_be_unsized(t, g)),
                ),
                _ => false,
            }
        }
        _ => false,
    }
}

/// What calling an `async fn` gives: a future holding its arguments (and, which memlint
/// does not see here, what its body holds across `.await`s), typed
/// `Future<(arguments..), Output>`.
fn future_of(cx: &LowerCx, sig: &syn::Signature, output: Option<Ty>) -> Ty {
    let args = sig
        .inputs
        .iter()
        .map(|arg| match arg {
            syn::FnArg::Typed(t) => cx.ty(&t.ty),
            syn::FnArg::Receiver(r) => {
                let self_ty = cx
                    .self_ty
                    .clone()
                    .unwrap_or_else(|| Ty::Unknown("Self".to_string()));
                match &r.kind {
                    syn::ReceiverKind::Value => self_ty,
                    syn::ReceiverKind::Typed(_, t) => cx.ty(t),
                    _ => Ty::Ptr(Box::new(self_ty)),
                }
            }
        })
        .collect();
    Ty::Std(
        "Future".to_string(),
        vec![
            GenericArg::Type(Ty::Tuple(args)),
            GenericArg::Type(output.unwrap_or_else(Ty::unit)),
        ],
    )
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
                other => {
                    if let Some(int) = Prim::from_name(other).filter(|p| p.int_bits().is_some()) {
                        repr.int = Some(int);
                    }
                }
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

    /// An item's generics, with the defaults of its parameters (`struct Buf<T = u8>`).
    fn item_generics(&self, g: &syn::Generics) -> Generics {
        let defaults = g
            .params
            .iter()
            .filter_map(|p| match p {
                syn::GenericParam::Type(t) => {
                    Some(t.default.as_ref().map(|d| GenericArg::Type(self.ty(&d.1))))
                }
                syn::GenericParam::Const(c) => Some(
                    c.default
                        .as_ref()
                        .map(|d| GenericArg::Const(self.len(&d.1))),
                ),
                syn::GenericParam::Lifetime(_) => None,
            })
            .collect();
        Generics {
            params: self.generics.clone(),
            defaults,
        }
    }

    pub fn fields(&self, fields: &syn::Fields) -> Vec<FieldDef> {
        fields
            .iter()
            .map(|f| FieldDef {
                name: f.ident.as_ref().map(unraw),
                ty: self.ty(&f.ty),
                cfg: self.model.cfg.eval_attrs(&f.attrs),
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
                defaults: Vec::new(),
            },
            has_self: sig.receiver().is_some(),
            self_by_value: sig.receiver().is_some_and(|r| match &r.kind {
                syn::ReceiverKind::Value => true,
                syn::ReceiverKind::Reference(..) => false,
                syn::ReceiverKind::Typed(_, ty) => !matches!(&**ty, syn::Type::Reference(_)),
                _ => false,
            }),
            impl_params: self.generics.clone(),
            impl_self: self.self_ty.clone(),
            params: sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(t) => Some(cx.ty(&t.ty)),
                    syn::FnArg::Receiver(_) => None,
                })
                .collect(),
            ret: {
                let output = match &sig.output {
                    syn::ReturnType::Default => None,
                    syn::ReturnType::Type(_, t) => Some(cx.ty(t)),
                };
                if sig.asyncness.is_some() {
                    Some(future_of(&cx, sig, output))
                } else {
                    output
                }
            },
        }
    }

    pub fn ty(&self, ty: &syn::Type) -> Ty {
        match ty {
            syn::Type::Array(a) => Ty::Array(Box::new(self.ty(&a.elem)), self.len(&a.len)),
            syn::Type::Slice(s) => Ty::Slice(Box::new(self.ty(&s.elem))),
            syn::Type::Reference(r) => Ty::Ptr(Box::new(self.ty(&r.elem))),
            syn::Type::Ptr(p) => Ty::RawPtr(Box::new(self.ty(&p.elem))),
            syn::Type::Tuple(t) => Ty::Tuple(t.elems.iter().map(|t| self.ty(t)).collect()),
            syn::Type::Paren(p) => self.ty(&p.elem),
            syn::Type::Group(g) => self.ty(&g.elem),
            syn::Type::Never(_) => Ty::Never,
            syn::Type::FnPtr(_) => Ty::FnPtr,
            syn::Type::TraitObject(_) => Ty::Dyn,
            syn::Type::Path(p) if p.qself.is_none() => self.path_ty(&p.path),
            // `<T as Trait>::Name`
            syn::Type::Path(p) if p.path.segments.len() >= 2 => {
                match (&p.qself, p.path.segments.last()) {
                    (Some(q), Some(last)) => {
                        Ty::Projection(Box::new(self.ty(&q.ty)), unraw(&last.ident))
                    }
                    _ => Ty::Unknown(quote::ToTokens::to_token_stream(ty).to_string()),
                }
            }
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
        // `V::Err` and `Self::Err`: an associated type of a parameter or of `Self`.
        if path.leading_colon.is_none() && names.len() == 2 {
            let base = if self.is_param(&names[0], false) {
                Some(Ty::Param(names[0].clone()))
            } else if names[0] == "Self" {
                self.self_ty.clone()
            } else {
                None
            };
            if let Some(base) = base {
                return Ty::Projection(Box::new(base), names[1].clone());
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

    pub fn generic_args(&self, args: &syn::PathArguments) -> Vec<GenericArg> {
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
        .then(|| Ty::Std(super::ty::std_key(path), args))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_crate::TestCrate;

    /// A crate of `consts` constants, and a struct, a static and an alias that use them.
    fn declarations(consts: usize) -> String {
        let mut text: String = (0..consts)
            .map(|i| format!("pub const C{i}: usize = {i} + 1;\n"))
            .collect();
        text.push_str(
            "pub type Word = u64;\n\
             pub struct Table { words: [Word; C7], len: usize }\n\
             pub static TABLE: Table = Table { words: [0; C7], len: 0 };\n",
        );
        text
    }

    fn item<'m>(model: &'m CrateModel, name: &str) -> &'m super::super::ItemDef {
        model
            .items
            .iter()
            .find(|item| item.name == name)
            .unwrap_or_else(|| panic!("no item `{name}`"))
    }

    /// How far building the model of `text` moves this thread's span table past where
    /// parsing left it (a probe takes 2).
    fn lexed_while_modelling(text: &str) -> (TestCrate, u32) {
        let parsed = TestCrate::new(text);
        let before = crate::span_table::table_end().unwrap();
        let model = CrateModel::build(&parsed.files, &CfgOptions::default(), &parsed.sources);
        let after = crate::span_table::table_end().unwrap();
        (TestCrate { model, ..parsed }, after - before - 2)
    }

    #[test]
    fn many_declarations_are_parsed_again_on_a_thread_of_their_own() {
        let (few, lexed) = lexed_while_modelling(&declarations(8));
        assert!(lexed > 0, "a few are parsed again on the crate's thread");
        let (many, lexed) = lexed_while_modelling(&declarations(SHELLS_APART));
        assert_eq!(
            lexed, 0,
            "nothing parsed again is left in the crate's span table"
        );
        for cx in [&few, &many] {
            let model = &cx.model;
            assert_eq!(model.const_value(ItemId(7)), Some(8));
            let ItemKind::Struct(table) = &item(model, "Table").kind else {
                panic!("`Table` is a struct");
            };
            // `[Word; C7]`, both names resolved.
            let Ty::Array(word, Len::Expr(len)) = &table.fields[0].ty else {
                panic!("an array of a constant length");
            };
            assert!(matches!(**word, Ty::Adt(id, _) if model.item(id).name == "Word"));
            assert!(matches!(**len, ConstExpr::Item(ItemId(7))));
            let ItemKind::Static { ty } = &item(model, "TABLE").kind else {
                panic!("`TABLE` is a static");
            };
            assert!(matches!(ty, Ty::Adt(id, _) if model.item(*id).name == "Table"));
        }
    }
}
