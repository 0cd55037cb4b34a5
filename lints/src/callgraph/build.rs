//! Building the graph: one walk of every body records its functions, the calls they make
//! (with what each names, resolved as far as the model allows), and the facts guards are
//! made of; then calls are matched against the crate's functions and guards classified.

use super::facts::{ArgClass, Facts};
use super::targets::{Index, Open, RawTarget, TypeKey};
use super::{CallGraph, Edge, EdgeKind, Entry, FnAttrs, FnId, FnNode, NodeKind, Stack};
use crate::collections::{HashMap, HashSet};
use crate::context::LintContext;
use crate::diag::Span;
use crate::load::unraw;
use crate::model::ty::{Prim, Ty};
use crate::model::{CrateModel, GenericParam, ItemId, ItemKind, Ns, Res};
use crate::source::FileId;
use crate::typeck::{Bound, path_names};
use crate::walk::{At, BindSite, Body, Hooks, Owner, walk};

/// How a call names its callee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CallKind {
    /// `f(..)`, `Type::f(..)`: arguments include `self` when the callee takes it.
    Path,
    /// `x.f(..)`
    Method,
    /// `f` passed as a value.
    Value,
}

pub(super) struct RawCall {
    pub caller: FnId,
    pub span: Span,
    pub target: RawTarget,
    pub kind: CallKind,
    pub args: Vec<ArgClass>,
    /// The calls whose closure arguments this call sits in, outermost first.
    pub within: Vec<usize>,
    pub in_closure: bool,
    /// `stacker::maybe_grow` and the like.
    pub grows: bool,
    /// The receiver (or first argument) is `self` or a field of it (`(**self)`,
    /// `self.0`), or a value whose type is generic, unknown or another crate's: a call of
    /// the same trait method on it hands the work to another type's impl. Any other
    /// `dyn Trait` value (a child taken out of a collection) is taken to be a value like
    /// the caller's own.
    pub inner_value: bool,
    /// The receiver's type (a path call's first argument's), when known.
    pub receiver_ty: Option<Ty>,
}

impl RawCall {
    pub fn pos(&self) -> usize {
        self.span.lo
    }
}

/// What a closure (or async block) is for.
#[derive(Clone, Copy)]
enum Role {
    /// An argument of the call with this index.
    ArgOf(usize),
    /// The body of a thread or task; `None` when its stack size is not a constant.
    Spawn {
        stack: Option<Stack>,
        by: &'static str,
        at: Span,
    },
}

enum Frame {
    Node(FnId),
    Closure { within: Option<usize> },
}

/// How a node is found by calls.
enum Reg {
    Item(ItemId),
    Inherent(TypeKey, String),
    TraitImpl(TypeKey, Option<ItemId>, String),
    Default(ItemId, String),
    None,
}

/// What an entry point starts: a node already made (a spawned closure), or a function
/// named at the spawn.
enum EntryStart {
    Node(FnId),
    Target(RawTarget),
}

struct RawEntry {
    start: EntryStart,
    stack: Stack,
    what: &'static str,
    at: Span,
}

pub(crate) struct Builder<'c> {
    cx: &'c LintContext<'c>,
    nodes: Vec<FnNode>,
    facts: Vec<Facts>,
    regs: Vec<Reg>,
    /// For default methods of the crate's traits: the trait.
    in_trait: Vec<Option<ItemId>>,
    /// Per node: the trait bounds of the generic parameters in scope, as written.
    bounds: Vec<HashMap<String, Vec<Vec<String>>>>,
    calls: Vec<RawCall>,
    frames: Vec<Frame>,
    roles: HashMap<(FileId, usize), Role>,
    /// Paths that are the callee of a call, or functions stored rather than passed on to
    /// be called: not function values called here.
    callee_paths: HashSet<Span>,
    /// Functions (and calls of async functions) given to a spawn: they run elsewhere.
    spawned_paths: HashSet<Span>,
    /// Names of `thread::scope`'s scope handles in the body being walked.
    scope_handles: Vec<String>,
    entries: Vec<RawEntry>,
    fn_items: HashMap<Span, ItemId>,
    in_scope: std::cell::RefCell<HashMap<crate::load::ModPath, Vec<ItemId>>>,
}

/// What a [`Builder`] found in some files of a crate, as plain data: walks of different
/// files, on different threads, join with [`Walked::append`] before [`Walked::finish`].
pub(crate) struct Walked {
    nodes: Vec<FnNode>,
    facts: Vec<Facts>,
    regs: Vec<Reg>,
    calls: Vec<RawCall>,
    entries: Vec<RawEntry>,
    /// `impl Trait for Type` of the crate's traits ([`trait_impls`]).
    impls: Vec<(TypeKey, ItemId)>,
}

pub(super) fn build(cx: &LintContext) -> CallGraph {
    let mut b = Builder::new(cx);
    walk(cx, &mut b);
    b.into_walked().finish(cx.model)
}

impl<'c> Builder<'c> {
    /// A builder to walk the crate with, alone or beside other hooks.
    pub(crate) fn new(cx: &'c LintContext<'c>) -> Builder<'c> {
        let fn_items = cx
            .model
            .item_ids()
            .filter(|&id| matches!(cx.model.item(id).kind, ItemKind::Fn(_)))
            .map(|id| (cx.model.item(id).span, id))
            .collect();
        Builder {
            cx,
            nodes: Vec::new(),
            facts: Vec::new(),
            regs: Vec::new(),
            in_trait: Vec::new(),
            bounds: Vec::new(),
            calls: Vec::new(),
            frames: Vec::new(),
            roles: HashMap::default(),
            callee_paths: HashSet::default(),
            spawned_paths: HashSet::default(),
            scope_handles: Vec::new(),
            entries: Vec::new(),
            fn_items,
            in_scope: Default::default(),
        }
    }
}

impl Hooks for Builder<'_> {
    fn enter_body(&mut self, at: &At, body: Body) {
        match body {
            Body::Fn {
                sig,
                block,
                owner,
                attrs,
                impl_self,
                impl_trait,
                trait_name,
                container_generics,
            } => {
                self.scope_handles.clear();
                let id = self.fn_node(
                    at, sig, block, owner, attrs, impl_self, impl_trait, trait_name,
                );
                let generics = container_generics.into_iter().chain([&sig.generics]);
                self.bounds[id.index()] = generic_bounds(generics);
                self.frames.push(Frame::Node(id));
            }
            Body::Closure(c) => {
                let head = Span::new(
                    at.file,
                    at.token_span(c.inputs_begin.span).lo..at.token_span(c.inputs_end.span).hi,
                );
                let body = at.expr_span(&c.body);
                let span = Span::new(at.file, head.lo..body.hi);
                self.closure(body_key(at, Body::Closure(c)), span, head, "{closure}");
            }
            Body::Async(a) => {
                let head = at.token_span(a.async_token.span);
                let body = at.token_span(a.block.brace_token.span.join());
                let span = Span::new(at.file, head.lo..body.hi);
                self.closure(body_key(at, Body::Async(a)), span, head, "{async block}");
            }
        }
    }

    fn leave_body(&mut self, _at: &At, body: Body) {
        self.frames.pop();
        if matches!(body, Body::Fn { .. }) {
            self.scope_handles.clear();
        }
    }

    fn bound(&mut self, _at: &At, site: BindSite, names: &[Bound]) {
        let Some(node) = self.current() else { return };
        let [single] = names else { return };
        let init = match site {
            BindSite::Let(local) => local.init.as_ref().map(|i| &*i.expr),
            BindSite::LetExpr(l) => Some(&*l.expr),
            _ => None,
        };
        if let Some(init) = init {
            self.facts[node.index()].alias(unraw(&single.ident.ident), init);
        }
    }

    fn expr(&mut self, at: &At, e: &syn::Expr) -> bool {
        let Some(node) = self.current() else {
            return true;
        };
        let span = at.expr_span(e);
        self.facts[node.index()].expr(span.lo, e);
        match e {
            syn::Expr::Call(c) => self.call(at, node, c, span),
            syn::Expr::MethodCall(m) => self.method_call(at, node, m, span),
            syn::Expr::Path(p) => self.value(at, node, p, span),
            // A function turned into an address, or stored in a struct, is not called here.
            syn::Expr::Cast(c) => self.stored(at, &c.expr),
            syn::Expr::Struct(s) => {
                for field in &s.fields {
                    self.stored(at, &field.expr);
                }
            }
            _ => {}
        }
        true
    }
}

impl Builder<'_> {
    fn current(&self) -> Option<FnId> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Node(id) => Some(*id),
            Frame::Closure { .. } => None,
        })
    }

    /// The closure frames above the current node.
    fn closures(&self) -> impl Iterator<Item = &Frame> + '_ {
        self.frames
            .iter()
            .rev()
            .take_while(|f| matches!(f, Frame::Closure { .. }))
    }

    fn push_node(&mut self, node: FnNode, reg: Reg, in_trait: Option<ItemId>) -> FnId {
        let id = FnId(self.nodes.len() as u32);
        self.nodes.push(node);
        self.facts.push(Facts::default());
        self.regs.push(reg);
        self.in_trait.push(in_trait);
        self.bounds.push(HashMap::default());
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn fn_node(
        &mut self,
        at: &At,
        sig: &syn::Signature,
        block: &syn::Block,
        owner: Owner,
        attrs: &[syn::Attribute],
        impl_self: Option<&syn::Type>,
        impl_trait: Option<&syn::Path>,
        trait_name: Option<&syn::Ident>,
    ) -> FnId {
        let model = at.env.model();
        let module = at.env.cx.module.clone();
        let name = unraw(&sig.ident);
        let span = at.token_span(sig.ident.span());
        let resolve_trait = |names: Vec<String>| match model.resolve(&module, &names, Ns::Type) {
            Some(Res::Item(id)) if matches!(model.item(id).kind, ItemKind::Trait) => Some(id),
            _ => None,
        };
        let key = || {
            at.env
                .cx
                .self_ty
                .as_ref()
                .map(|t| TypeKey::of_impl(&model.expand_aliases(t)))
                .unwrap_or(TypeKey::Other(String::new()))
        };
        let type_name = impl_self.map(type_display).unwrap_or_default();
        let mut in_trait = None;
        let (display, reg) = match owner {
            Owner::Module => (
                name.clone(),
                match self.fn_items.get(&span) {
                    Some(&item) => Reg::Item(item),
                    None => Reg::None,
                },
            ),
            Owner::Inherent => (
                format!("{type_name}::{name}"),
                Reg::Inherent(key(), name.clone()),
            ),
            Owner::TraitImpl => {
                let trait_path = impl_trait.map(path_names).unwrap_or_default();
                let trait_id = resolve_trait(trait_path.clone());
                let trait_display = trait_path.last().cloned().unwrap_or_default();
                (
                    format!("<{type_name} as {trait_display}>::{name}"),
                    Reg::TraitImpl(key(), trait_id, name.clone()),
                )
            }
            Owner::Trait => {
                let trait_display = trait_name.map(unraw).unwrap_or_default();
                in_trait = resolve_trait(vec![trait_display.clone()]);
                (
                    format!("{trait_display}::{name}"),
                    match in_trait {
                        Some(t) => Reg::Default(t, name.clone()),
                        None => Reg::None,
                    },
                )
            }
        };
        // Functions declared inside another function are named after it.
        let prefix = match self.current() {
            Some(outer) => self.nodes[outer.index()].path.clone(),
            None => module
                .iter()
                .filter(|s| !s.starts_with('{'))
                .cloned()
                .collect::<Vec<_>>()
                .join("::"),
        };
        let path = if prefix.is_empty() {
            display.clone()
        } else {
            format!("{prefix}::{display}")
        };
        let node = FnNode {
            name: display,
            path,
            kind: NodeKind::Fn { owner },
            span,
            body: at.token_span(block.brace_token.span.join()),
            module,
            attrs: fn_attrs(sig, attrs),
            has_self: sig.receiver().is_some(),
        };
        let id = self.push_node(node, reg, in_trait);
        self.facts[id.index()].set_params(sig);
        id
    }

    fn closure(&mut self, key: (FileId, usize), span: Span, head: Span, what: &str) {
        match self.roles.get(&key).copied() {
            Some(Role::Spawn { stack, by, at }) => {
                let outer = self.current();
                let (name, path, module) = match outer {
                    Some(o) => {
                        let n = &self.nodes[o.index()];
                        (
                            format!("{}::{what}", n.name),
                            format!("{}::{what}", n.path),
                            n.module.clone(),
                        )
                    }
                    None => (what.to_string(), what.to_string(), Vec::new()),
                };
                let node = FnNode {
                    name,
                    path,
                    kind: NodeKind::Spawned {
                        stack: stack.unwrap_or(Stack::Spawned),
                        by,
                    },
                    span: head,
                    body: span,
                    module,
                    attrs: FnAttrs::default(),
                    has_self: false,
                };
                let id = self.push_node(node, Reg::None, None);
                if let Some(stack) = stack {
                    self.entries.push(RawEntry {
                        start: EntryStart::Node(id),
                        stack,
                        what: by,
                        at,
                    });
                }
                self.frames.push(Frame::Node(id));
            }
            Some(Role::ArgOf(call)) => self.frames.push(Frame::Closure { within: Some(call) }),
            None => self.frames.push(Frame::Closure { within: None }),
        }
    }

    /// Records a call made where the walk is: the closures around it are filled in.
    fn record(&mut self, mut call: RawCall) -> usize {
        let mut within: Vec<usize> = self
            .closures()
            .filter_map(|f| match f {
                Frame::Closure { within } => *within,
                Frame::Node(_) => None,
            })
            .collect();
        within.reverse();
        call.within = within;
        call.in_closure = self.closures().next().is_some();
        self.calls.push(call);
        self.calls.len() - 1
    }

    /// Closures and async blocks given as arguments run as part of the call.
    fn note_closure_args<'e>(
        &mut self,
        at: &At,
        index: usize,
        args: impl IntoIterator<Item = &'e syn::Expr>,
    ) {
        for arg in args {
            if let Some(key) = closure_like(at, arg) {
                self.roles.entry(key).or_insert(Role::ArgOf(index));
            }
        }
    }

    fn call(&mut self, at: &At, node: FnId, c: &syn::ExprCall, span: Span) {
        let func_expr = peel(&c.func);
        let syn::Expr::Path(func) = func_expr else {
            return;
        };
        let func_span = at.expr_span(func_expr);
        self.callee_paths.insert(func_span);
        if self.spawned_paths.contains(&func_span) {
            return;
        }
        // Functions given to a constructor (`RawWakerVTable::new(clone, ..)`) are kept for
        // later, not called by it.
        if func.path.segments.last().is_some_and(|s| {
            let name = s.ident.to_string();
            name == "new" || name.starts_with("new_") || name.starts_with("from_")
        }) {
            for arg in &c.args {
                self.stored(at, arg);
            }
        }
        let target = self.path_target(at, node, func.qself.as_ref(), &func.path);
        let mut grows = false;
        if let RawTarget::External(path) = &target {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            grows = is_stack_grower(&path);
            if grows {
                self.facts[node.index()].grows_stack = true;
            }
            if let Some(by) = spawn_fn(&path)
                && let Some(arg) = c.args.first()
            {
                self.spawn_arg(at, node, arg, Some(Stack::Spawned), by, span);
            }
            if path.ends_with(&["thread", "scope"])
                && let Some(syn::Expr::Closure(scope)) = c.args.first().map(peel)
                && let Some(syn::Pat::Ident(handle)) = scope.inputs.first()
            {
                self.scope_handles.push(unraw(&handle.ident));
            }
        }
        let facts = &self.facts[node.index()];
        let args = c.args.iter().map(|a| facts.classify(a)).collect();
        let inner_value = c.args.first().is_some_and(|a| inner_value(at, a));
        let receiver_ty = c.args.first().and_then(|a| at.env.infer(a));
        let index = self.record(RawCall {
            caller: node,
            span: func_span,
            target,
            kind: CallKind::Path,
            args,
            within: Vec::new(),
            in_closure: false,
            grows,
            inner_value,
            receiver_ty,
        });
        self.note_closure_args(at, index, &c.args);
    }

    fn method_call(&mut self, at: &At, node: FnId, m: &syn::ExprMethodCall, call: Span) {
        let name = unraw(&m.method);
        if matches!(name.as_str(), "spawn" | "spawn_scoped")
            && let Some(arg) = m.args.last()
        {
            let builder = builder_stack(at, &m.receiver);
            let scoped = matches!(peel(&m.receiver), syn::Expr::Path(p)
                if p.path.get_ident().is_some_and(|i| self.scope_handles.contains(&unraw(i))));
            match builder {
                Some(stack) => self.spawn_arg(at, node, arg, stack, "thread::Builder::spawn", call),
                None if scoped => {
                    self.spawn_arg(at, node, arg, Some(Stack::Spawned), "thread::scope", call)
                }
                None => {}
            }
        }
        let target = self.method_target(at, node, m, name);
        let span = at.token_span(m.method.span());
        let facts = &self.facts[node.index()];
        let args = m.args.iter().map(|a| facts.classify(a)).collect();
        let inner_value = inner_value(at, &m.receiver);
        let receiver_ty = at.env.infer(&m.receiver);
        let index = self.record(RawCall {
            caller: node,
            span,
            target,
            kind: CallKind::Method,
            args,
            within: Vec::new(),
            in_closure: false,
            grows: false,
            inner_value,
            receiver_ty,
        });
        self.note_closure_args(at, index, &m.args);
    }

    /// A function named in `e` is stored, not called.
    fn stored(&mut self, at: &At, e: &syn::Expr) {
        let e = peel(e);
        if matches!(e, syn::Expr::Path(_)) {
            self.callee_paths.insert(at.expr_span(e));
        }
    }

    fn value(&mut self, at: &At, node: FnId, p: &syn::ExprPath, span: Span) {
        if self.callee_paths.contains(&span) || self.spawned_paths.contains(&span) {
            return;
        }
        if let Some(ident) = p.path.get_ident()
            && at.env.local(&unraw(ident)).is_some()
        {
            return;
        }
        let target = self.path_target(at, node, p.qself.as_ref(), &p.path);
        if matches!(target, RawTarget::External(_) | RawTarget::Nothing) {
            return;
        }
        self.record(RawCall {
            caller: node,
            span,
            target,
            kind: CallKind::Value,
            args: Vec::new(),
            within: Vec::new(),
            in_closure: false,
            grows: false,
            inner_value: false,
            receiver_ty: None,
        });
    }

    /// What a thread or task runs: a closure, an async block, a function, or the future a
    /// call of an async function returns.
    fn spawn_arg(
        &mut self,
        at: &At,
        node: FnId,
        arg: &syn::Expr,
        stack: Option<Stack>,
        by: &'static str,
        call: Span,
    ) {
        if let Some(key) = closure_like(at, arg) {
            self.roles.insert(
                key,
                Role::Spawn {
                    stack,
                    by,
                    at: call,
                },
            );
            return;
        }
        let Some(stack) = stack else { return };
        let (path, path_expr) = match peel(arg) {
            e @ syn::Expr::Path(p) => (p, e),
            syn::Expr::Call(c) => match peel(&c.func) {
                e @ syn::Expr::Path(p) => (p, e),
                _ => return,
            },
            _ => return,
        };
        // It runs on the new thread, not in this function.
        self.spawned_paths.insert(at.expr_span(path_expr));
        let target = self.path_target(at, node, path.qself.as_ref(), &path.path);
        self.entries.push(RawEntry {
            start: EntryStart::Target(target),
            stack,
            what: by,
            at: call,
        });
    }

    fn path_target(
        &self,
        at: &At,
        node: FnId,
        qself: Option<&syn::QSelf>,
        path: &syn::Path,
    ) -> RawTarget {
        let env = at.env;
        let model = env.model();
        let names = path_names(path);
        let Some(name) = names.last().cloned() else {
            return RawTarget::Nothing;
        };
        if let Some(q) = qself {
            let ty = model.expand_aliases(&env.lower(&q.ty));
            let (keys, tail) = deref_keys(model, ty);
            if !keys.is_empty() {
                let open = self.open(at, node, tail);
                return RawTarget::Method { keys, name, open };
            }
            if q.position > 0 {
                let trait_names = names[..q.position.min(names.len())].to_vec();
                return match model.resolve(&env.cx.module, &trait_names, Ns::Type) {
                    Some(Res::Item(t)) if matches!(model.item(t).kind, ItemKind::Trait) => {
                        RawTarget::Trait(t, name)
                    }
                    _ => RawTarget::External(names),
                };
            }
            return RawTarget::AnyTrait(name);
        }
        if names.len() == 1 && env.local(&name).is_some() {
            return RawTarget::Nothing;
        }
        if names.len() == 2 {
            if names[0] == "Self" {
                return match &env.cx.self_ty {
                    Some(ty) => {
                        let (keys, tail) = deref_keys(model, model.expand_aliases(ty));
                        let open = self.open(at, node, tail);
                        RawTarget::Method { keys, name, open }
                    }
                    None => match self.in_trait[node.index()] {
                        Some(t) => RawTarget::Trait(t, name),
                        None => RawTarget::AnyTrait(name),
                    },
                };
            }
            if env
                .cx
                .generics
                .iter()
                .any(|g| matches!(g, GenericParam::Type(t) if *t == names[0]))
            {
                let open = self.open(at, node, Tail::Param(names[0].clone()));
                return RawTarget::Method {
                    keys: Vec::new(),
                    name,
                    open,
                };
            }
        }
        match model.resolve(&env.cx.module, &names, Ns::Value) {
            Some(Res::Item(id)) => match model.item(id).kind {
                ItemKind::Fn(_) => RawTarget::Item(id),
                _ => RawTarget::Nothing,
            },
            Some(Res::Assoc(owner, name)) => match &model.item(owner).kind {
                ItemKind::Trait => RawTarget::Trait(owner, name),
                ItemKind::Enum(e) if e.variants.iter().any(|v| v.name == name) => {
                    RawTarget::Nothing
                }
                _ => {
                    let ty = model.expand_aliases(&Ty::Adt(owner, Vec::new()));
                    let (keys, tail) = deref_keys(model, ty);
                    let open = self.open(at, node, tail);
                    RawTarget::Method { keys, name, open }
                }
            },
            Some(Res::External(p)) => match Prim::from_name(&names[0]) {
                Some(prim) if names.len() == 2 => RawTarget::Method {
                    keys: vec![TypeKey::Prim(prim)],
                    name,
                    open: Open::No,
                },
                _ => RawTarget::External(p),
            },
            Some(Res::Module(_)) | None => RawTarget::Nothing,
        }
    }

    /// The crate's traits in scope where the walk is (cached per module).
    fn traits_in_scope(&self, at: &At) -> Vec<ItemId> {
        let module = &at.env.cx.module;
        if let Some(known) = self.in_scope.borrow().get(module) {
            return known.clone();
        }
        let found = at.env.model().traits_in_scope(module);
        self.in_scope
            .borrow_mut()
            .insert(module.clone(), found.clone());
        found
    }

    /// Which crate traits may provide a method the receiver's known type lacks.
    fn open(&self, at: &At, node: FnId, tail: Tail) -> Open {
        match tail {
            Tail::Known => Open::No,
            Tail::Unknown => Open::Any,
            Tail::Param(name) => match self.bounds[node.index()].get(&name) {
                Some(bounds) => {
                    let model = at.env.model();
                    let mut traits = Vec::new();
                    for path in bounds {
                        if let Some(Res::Item(t)) = model.resolve(&at.env.cx.module, path, Ns::Type)
                            && matches!(model.item(t).kind, ItemKind::Trait)
                        {
                            traits.push(t);
                        }
                    }
                    Open::Traits(traits)
                }
                None => Open::Any,
            },
        }
    }

    fn method_target(
        &self,
        at: &At,
        node: FnId,
        m: &syn::ExprMethodCall,
        name: String,
    ) -> RawTarget {
        let model = at.env.model();
        match at.env.infer(&m.receiver) {
            Some(ty) => {
                let (keys, tail) = deref_keys(model, model.expand_aliases(&ty));
                let open = self.open(at, node, tail);
                RawTarget::Method { keys, name, open }
            }
            None => {
                let on_self =
                    matches!(peel(&m.receiver), syn::Expr::Path(p) if p.path.is_ident("self"));
                match self.in_trait[node.index()] {
                    Some(t) if on_self => RawTarget::Trait(t, name),
                    _ => RawTarget::Unknown(name, self.traits_in_scope(at)),
                }
            }
        }
    }

    /// What the walk found, and the trait impls of the walked files (read from their
    /// syntax trees: on the thread that walked them).
    pub(crate) fn into_walked(self) -> Walked {
        Walked {
            impls: trait_impls(self.cx),
            nodes: self.nodes,
            facts: self.facts,
            regs: self.regs,
            calls: self.calls,
            entries: self.entries,
        }
    }
}

impl Walked {
    /// Adds what a walk of the files after this one's found: its functions come after
    /// these, as if one walk had gone through all the files.
    pub(crate) fn append(&mut self, later: Walked) {
        let fns = self.nodes.len() as u32;
        let calls = self.calls.len();
        let shift = |id: FnId| FnId(id.0 + fns);
        self.nodes.extend(later.nodes);
        self.facts.extend(later.facts);
        self.regs.extend(later.regs);
        self.calls.extend(later.calls.into_iter().map(|mut call| {
            call.caller = shift(call.caller);
            for within in &mut call.within {
                *within += calls;
            }
            call
        }));
        self.entries
            .extend(later.entries.into_iter().map(|mut entry| {
                if let EntryStart::Node(id) = &mut entry.start {
                    *id = shift(*id);
                }
                entry
            }));
        self.impls.extend(later.impls);
    }

    /// The graph: calls matched against the crate's functions, guards classified. Plain
    /// data: any thread.
    pub(crate) fn finish(self, model: &CrateModel) -> CallGraph {
        let mut index = Index::default();
        for (i, reg) in self.regs.iter().enumerate() {
            let id = FnId(i as u32);
            match reg {
                Reg::Item(item) => index.add_item(*item, id),
                Reg::Inherent(key, name) => index.add_inherent(key.clone(), name, id),
                Reg::TraitImpl(key, t, name) => {
                    index.add_trait_impl(key.clone(), *t, name, id);
                    if let Some(t) = t {
                        index.add_impl_of_trait(key.clone(), *t);
                    }
                }
                Reg::Default(t, name) => index.add_default(*t, name, id),
                Reg::None => {}
            }
        }
        for (key, t) in &self.impls {
            index.add_impl_of_trait(key.clone(), *t);
        }
        let resolved: Vec<Vec<(FnId, EdgeKind)>> = self
            .calls
            .iter()
            .map(|c| {
                let mut found = index.resolve(&c.target);
                if c.kind == CallKind::Value {
                    for (_, kind) in &mut found {
                        *kind = EdgeKind::Value;
                    }
                }
                found
            })
            .collect();
        let mut edges = Vec::new();
        let mut edge_calls = Vec::new();
        for (i, call) in self.calls.iter().enumerate() {
            for &(callee, kind) in &resolved[i] {
                if callee == call.caller && !self.may_call_itself(callee, kind, resolved[i].len()) {
                    continue;
                }
                edges.push(Edge {
                    caller: call.caller,
                    callee,
                    span: call.span,
                    kind,
                    delegates: self.delegates(model, call, callee, kind),
                    in_closure: call.in_closure,
                    guard: None,
                    resets_depth: false,
                });
                edge_calls.push(i);
            }
        }
        super::guards::classify(
            &self.nodes,
            &self.facts,
            &self.calls,
            &resolved,
            &mut edges,
            &edge_calls,
        );
        let mut entries: Vec<Entry> = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            let id = FnId(i as u32);
            if node.attrs.test {
                entries.push(Entry {
                    node: id,
                    stack: Stack::Test,
                    what: "#[test]",
                    at: None,
                });
            } else if node.is_main() {
                entries.push(Entry {
                    node: id,
                    stack: Stack::Main,
                    what: if node.attrs.async_main {
                        "async fn main"
                    } else {
                        "fn main"
                    },
                    at: None,
                });
            }
        }
        for e in &self.entries {
            let nodes: Vec<FnId> = match &e.start {
                EntryStart::Node(id) => vec![*id],
                EntryStart::Target(t) => index.resolve(t).into_iter().map(|(f, _)| f).collect(),
            };
            for node in nodes {
                entries.push(Entry {
                    node,
                    stack: e.stack,
                    what: e.what,
                    at: Some(e.at),
                });
            }
        }
        CallGraph::from_parts(self.nodes, edges, entries)
    }
}

impl Walked {
    /// Whether a call of `f` resolved inside `f` itself (among `candidates` functions
    /// the call may run) is a real self-call. Not when:
    /// - a trait impl for a type of another crate calls the same name on that type
    ///   (`impl Float for f32` calling `f32::from_bits`): std's inherent method wins;
    /// - a trait impl calls the same method of another impl of the trait for the same
    ///   type (`impl From<&[u8; N]> for P` calling `Self::from(&c[..])`, the `From<&[u8]>`
    ///   impl): the call names several, and the other one is meant;
    fn may_call_itself(&self, f: FnId, kind: EdgeKind, candidates: usize) -> bool {
        match (&self.regs[f.index()], kind) {
            (Reg::TraitImpl(key, _, _), EdgeKind::Direct) => key.is_crate_type() && candidates == 1,
            _ => true,
        }
    }

    /// Whether a call hands a trait method's work to another type's impl of the same
    /// method (see [`Edge::delegates`]): on an inner value whose type is not known here,
    /// or directly to an impl for a type of another crate (`Pin::new(&mut self.io)
    /// .poll_read(..)` in a `poll_read`) when the receiver's type does not contain the
    /// caller's own type (a `Vec<Node>` in a `Node` does: that is recursion).
    fn delegates(&self, model: &CrateModel, call: &RawCall, callee: FnId, kind: EdgeKind) -> bool {
        let name = self.trait_method_name(call.caller);
        if name.is_none() || name != self.trait_method_name(callee) {
            return false;
        }
        match kind {
            EdgeKind::Dynamic => call.inner_value,
            EdgeKind::Direct => {
                let Reg::TraitImpl(callee_key, _, _) = &self.regs[callee.index()] else {
                    return false;
                };
                if callee_key.is_crate_type() {
                    return false;
                }
                let own = match &self.regs[call.caller.index()] {
                    Reg::TraitImpl(key, _, _) => key,
                    _ => return false,
                };
                match (own.adt(), &call.receiver_ty) {
                    (Some(own), Some(ty)) => !contains(model, ty, own, &mut Vec::new()),
                    // The caller's type is not one memlint models (declared inside a macro,
                    // say): nothing says a value of it is inside the receiver.
                    (None, _) => !own.is_crate_type(),
                    (Some(_), None) => false,
                }
            }
            EdgeKind::Value => false,
        }
    }

    /// For impls and default bodies of trait methods: the method's name.
    fn trait_method_name(&self, f: FnId) -> Option<&str> {
        match &self.regs[f.index()] {
            Reg::TraitImpl(_, _, name) | Reg::Default(_, name) => Some(name),
            _ => None,
        }
    }
}

/// `impl Trait for Type {}` of the crate's traits, with or without methods: the type then
/// has the trait's default methods.
fn trait_impls(cx: &LintContext) -> Vec<(TypeKey, ItemId)> {
    struct Impls<'m> {
        model: &'m crate::model::CrateModel,
        module: Vec<String>,
        out: Vec<(TypeKey, ItemId)>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Impls<'_> {
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            if m.content.is_some() {
                self.module.push(unraw(&m.ident));
                syn::visit::visit_item_mod(self, m);
                self.module.pop();
            }
        }
        fn visit_item_impl(&mut self, imp: &'ast syn::ItemImpl) {
            if let Some((path, _)) = &imp.trait_ {
                let names = path_names(path);
                if let Some(Res::Item(t)) = self.model.resolve(&self.module, &names, Ns::Type)
                    && matches!(self.model.item(t).kind, ItemKind::Trait)
                {
                    let cx = crate::model::lower::LowerCx::new(
                        self.model,
                        self.module.clone(),
                        crate::model::lower::generics(&imp.generics),
                        None,
                    );
                    let ty = self.model.expand_aliases(&cx.ty(&imp.self_ty));
                    self.out.push((TypeKey::of_impl(&ty), t));
                }
            }
            syn::visit::visit_item_impl(self, imp);
        }
        fn visit_expr(&mut self, _: &'ast syn::Expr) {}
    }
    let mut v = Impls {
        model: cx.model,
        module: Vec::new(),
        out: Vec::new(),
    };
    for file in cx.files {
        v.module = file.module.clone();
        syn::visit::Visit::visit_file(&mut v, &file.parsed.ast);
    }
    v.out
}

/// Where auto-deref of a receiver's type ends.
enum Tail {
    /// A type memlint knows, or another crate's named type.
    Known,
    /// A generic parameter.
    Param(String),
    /// `dyn Trait`, `impl Trait`, or a type not worked out.
    Unknown,
}

/// Keys a method may be found under, in auto-deref order, and where the type ends.
fn deref_keys(model: &crate::model::CrateModel, ty: Ty) -> (Vec<TypeKey>, Tail) {
    let mut keys = Vec::new();
    let mut ty = ty;
    for _ in 0..8 {
        ty = match model.expand_aliases(&ty) {
            // `&T` first finds the methods of impls for `&T`, then those of `T`.
            Ty::Ptr(inner) => {
                if let Some(key) = TypeKey::of(&model.expand_aliases(&inner)) {
                    keys.push(TypeKey::Ref(Box::new(key)));
                }
                *inner
            }
            Ty::Std(key, args) if matches!(key.as_str(), "Box" | "Rc" | "Arc") => {
                keys.push(TypeKey::Std(key.clone()));
                match Ty::type_arg(&args, 0) {
                    Some(inner) => inner.clone(),
                    None => return (keys, Tail::Unknown),
                }
            }
            Ty::Param(name) => return (keys, Tail::Param(name)),
            Ty::Dyn => return (keys, Tail::Unknown),
            // `impl Trait` is any type; a type of another crate has its own methods, and
            // the crate's traits only through impls for it (found by its key).
            Ty::Unknown(written) if written.is_empty() || written.starts_with("impl ") => {
                return (keys, Tail::Unknown);
            }
            Ty::Unknown(written) => {
                keys.push(TypeKey::Other(written));
                return (keys, Tail::Known);
            }
            other => {
                // By value, then by auto-ref.
                if let Some(key) = TypeKey::of(&other) {
                    keys.push(key.clone());
                    keys.push(TypeKey::Ref(Box::new(key)));
                }
                return (keys, Tail::Known);
            }
        };
    }
    (keys, Tail::Unknown)
}

/// The trait bounds each generic parameter has (`T: Visit + Clone`, `where T: Visit`).
fn generic_bounds<'g>(
    generics: impl IntoIterator<Item = &'g syn::Generics>,
) -> HashMap<String, Vec<Vec<String>>> {
    let mut out: HashMap<String, Vec<Vec<String>>> = HashMap::default();
    let mut add =
        |name: String,
         bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>| {
            let entry = out.entry(name).or_default();
            for b in bounds {
                if let syn::TypeParamBound::Trait(t) = b {
                    entry.push(path_names(&t.path));
                }
            }
        };
    for g in generics {
        for p in g.type_params() {
            add(unraw(&p.ident), &p.bounds);
        }
        for pred in g.where_clause.iter().flat_map(|w| &w.predicates) {
            if let syn::WherePredicate::Type(t) = pred
                && let syn::Type::Path(p) = &t.bounded_ty
                && let Some(ident) = p.path.get_ident()
            {
                add(unraw(ident), &t.bounds);
            }
        }
    }
    out
}

fn fn_attrs(sig: &syn::Signature, attrs: &[syn::Attribute]) -> FnAttrs {
    let mut out = FnAttrs {
        is_async: sig.asyncness.is_some(),
        ..FnAttrs::default()
    };
    for attr in attrs {
        let path = path_names(attr.path());
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        match path.as_slice() {
            ["test"] | [_, "test"] | ["rstest"] | ["test_case"] | ["quickcheck"] => out.test = true,
            [
                "tokio" | "async_std" | "actix_rt" | "actix_web" | "smol_potat",
                "main",
            ] => out.async_main = true,
            ["recursive", "recursive"] | ["recursive"] => out.recursive = true,
            _ => {}
        }
    }
    out
}

/// `std::thread::spawn` and tokio's spawns; the name shown for them.
fn spawn_fn(path: &[&str]) -> Option<&'static str> {
    if path.ends_with(&["thread", "spawn"]) {
        Some("thread::spawn")
    } else if matches!(path, ["tokio", "spawn"] | ["tokio", "task", "spawn"]) {
        Some("tokio::spawn")
    } else if matches!(
        path,
        ["tokio", "task", "spawn_blocking"] | ["tokio", "spawn_blocking"]
    ) {
        Some("tokio::task::spawn_blocking")
    } else {
        None
    }
}

/// Calls that run their closure on a stack grown as needed.
fn is_stack_grower(path: &[&str]) -> bool {
    matches!(path, ["stacker", "maybe_grow" | "grow"])
        || path.last() == Some(&"ensure_sufficient_stack")
}

/// Whether values of `ty` can hold a value of the crate type `target`: in a type argument
/// (`Vec<Node>`), or in a field of a crate type it holds, at any depth.
fn contains(
    model: &crate::model::CrateModel,
    ty: &Ty,
    target: ItemId,
    seen: &mut Vec<ItemId>,
) -> bool {
    let args_contain = |args: &[crate::model::ty::GenericArg], seen: &mut Vec<ItemId>| {
        args.iter().any(|a| match a {
            crate::model::ty::GenericArg::Type(t) => contains(model, t, target, seen),
            crate::model::ty::GenericArg::Const(_) => false,
        })
    };
    match model.expand_aliases(ty) {
        Ty::Adt(id, args) => {
            if id == target {
                return true;
            }
            if args_contain(&args, seen) {
                return true;
            }
            if seen.contains(&id) {
                return false;
            }
            seen.push(id);
            let fields: Vec<&Ty> = match &model.item(id).kind {
                ItemKind::Struct(adt) | ItemKind::Union(adt) => {
                    adt.fields.iter().map(|f| &f.ty).collect()
                }
                ItemKind::Enum(e) => e
                    .variants
                    .iter()
                    .flat_map(|v| v.fields.iter().map(|f| &f.ty))
                    .collect(),
                _ => Vec::new(),
            };
            fields.into_iter().any(|f| contains(model, f, target, seen))
        }
        Ty::Std(_, args) => args_contain(&args, seen),
        Ty::Ptr(inner) | Ty::RawPtr(inner) | Ty::Array(inner, _) | Ty::Slice(inner) => {
            contains(model, &inner, target, seen)
        }
        Ty::Tuple(elems) => elems.iter().any(|t| contains(model, t, target, seen)),
        _ => false,
    }
}

/// Whether a receiver is an inner value (see [`RawCall::inner_value`]). A `dyn` value is
/// one when it is `self` behind pointers (`(**self).parse(..)` in `impl Parser for
/// Box<dyn Parser>`) or a field of `self` (a wrapper's `self.0.compress(..)`), not when
/// it comes out of a collection (a composite's children).
fn inner_value(at: &At, receiver: &syn::Expr) -> bool {
    let mut ty = at.env.infer(receiver);
    loop {
        ty = match ty {
            Some(Ty::Ptr(inner)) => Some(*inner),
            Some(Ty::Std(key, args)) if matches!(key.as_str(), "Box" | "Rc" | "Arc") => {
                Ty::type_arg(&args, 0).cloned()
            }
            Some(Ty::Dyn) => break part_of_self(receiver),
            _ => break true,
        }
    }
}

/// `self`, `**self`, `self.0`, `self.inner[..]`, `self.inner.as_ref()`: `self` or a
/// field of it, not a value taken out of a collection of them.
fn part_of_self(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Path(p) => p.path.is_ident("self"),
        syn::Expr::Paren(p) => part_of_self(&p.expr),
        syn::Expr::Group(g) => part_of_self(&g.expr),
        syn::Expr::Reference(r) => part_of_self(&r.expr),
        syn::Expr::Unary(u) => part_of_self(&u.expr),
        syn::Expr::Try(t) => part_of_self(&t.expr),
        syn::Expr::Field(f) => part_of_self(&f.base),
        syn::Expr::Index(i) => matches!(&*i.index, syn::Expr::Range(_)) && part_of_self(&i.expr),
        // Conversions: `self.as_ref()`, `self.inner.get_mut()`.
        syn::Expr::MethodCall(m) => m.args.is_empty() && part_of_self(&m.receiver),
        _ => false,
    }
}

/// `thread::Builder::new()[.name(..)][.stack_size(N)]`: the stack its `spawn` gives, `None`
/// inside when `N` is not a constant; `None` when the receiver is not a builder.
fn builder_stack(at: &At, receiver: &syn::Expr) -> Option<Option<Stack>> {
    let mut e = receiver;
    let mut size: Option<Option<u64>> = None;
    loop {
        match peel(e) {
            syn::Expr::MethodCall(m) => {
                if m.method == "stack_size"
                    && size.is_none()
                    && let Some(arg) = m.args.first()
                {
                    let value = at.env.model().eval(&at.env.cx.const_expr(arg));
                    size = Some(value.and_then(|v| u64::try_from(v).ok()));
                }
                e = &m.receiver;
            }
            syn::Expr::Call(c) => {
                let syn::Expr::Path(p) = peel(&c.func) else {
                    return None;
                };
                let names = path_names(&p.path);
                if !names.ends_with(&["Builder".to_string(), "new".to_string()]) {
                    return None;
                }
                return Some(match size {
                    Some(n) => n.map(Stack::Bytes),
                    None => Some(Stack::Spawned),
                });
            }
            // A builder kept in a variable: trust a `stack_size` seen on the way.
            _ => return size.map(|n| n.map(Stack::Bytes)),
        }
    }
}

fn peel(mut e: &syn::Expr) -> &syn::Expr {
    loop {
        e = match e {
            syn::Expr::Paren(p) => &p.expr,
            syn::Expr::Group(g) => &g.expr,
            syn::Expr::Reference(r) => &r.expr,
            _ => return e,
        }
    }
}

/// A closure or async block given as an argument, by where its body starts (as the walk
/// will see it).
fn closure_like(at: &At, arg: &syn::Expr) -> Option<(FileId, usize)> {
    match peel(arg) {
        syn::Expr::Closure(c) => Some(body_key(at, Body::Closure(c))),
        syn::Expr::Async(a) => Some(body_key(at, Body::Async(a))),
        _ => None,
    }
}

fn body_key(at: &At, body: Body) -> (FileId, usize) {
    let lo = match body {
        Body::Closure(c) => at.expr_span(&c.body).lo,
        Body::Async(a) => at.token_span(a.block.brace_token.span.join()).lo,
        Body::Fn { block, .. } => at.token_span(block.brace_token.span.join()).lo,
    };
    (at.file, lo)
}

/// `Parser<'a, T>` is shown as `Parser`.
fn type_display(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => p
            .path
            .segments
            .last()
            .map(|s| unraw(&s.ident))
            .unwrap_or_default(),
        syn::Type::Reference(r) => format!("&{}", type_display(&r.elem)),
        other => quote::ToTokens::to_token_stream(other)
            .to_string()
            .replace(' ', ""),
    }
}
