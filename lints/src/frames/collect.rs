//! Recording what each body puts on its frame, as rustc's MIR builder would: bindings,
//! and the temporaries each expression needs given how its value is used (its [`Role`]).
//! Sizes are not computed here; slots keep their types so that a generic function can be
//! sized once per instantiation.

use super::{FnKind, SlotKind};
use crate::collections::HashMap;
use crate::context::LintContext;
use crate::diag::Span;
use crate::load::unraw;
use crate::model::ty::{GenericArg, Ty};
use crate::model::{GenericParam, ItemKind, Ns, Res};
use crate::typeck::{Bound, FnTarget, Receiver, TypeEnv, path_names, try_parts};
use crate::walk::{At, BindSite, Body, Hooks, Owner, Scope, walk};

/// How big a slot is.
#[derive(Clone, Debug)]
pub(super) enum SlotSize {
    /// The size of a value of this type (`None`: unknown).
    Of(Option<Ty>),
    /// A known number of bytes.
    Bytes(u64),
}

/// When a slot takes stack space in a debug build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Storage {
    /// Only when the value lives in memory (not a scalar or a pair): MIR temporaries that
    /// codegen keeps in registers otherwise.
    Memory,
    /// Always: named locals (debug info spills scalars to the stack), borrowed and matched
    /// values.
    Always,
    /// A parameter: by-pointer (larger than 16 bytes, in memory) ones take only the pointer.
    Param,
    /// The return place: only a value in memory but returned in registers (at most 16
    /// bytes) needs a slot; larger ones are written into the caller's.
    Return,
}

/// What a slot is, for labels.
#[derive(Clone, Debug)]
pub(super) enum What {
    Binding(String),
    Param(String),
    SelfParam,
    ReturnPlace,
    /// The value of the expression at the slot's span.
    Value,
    CopyOf(String),
    Try,
    Loop,
    Format(String),
}

#[derive(Clone, Debug)]
pub(super) struct Slot {
    pub size: SlotSize,
    pub storage: Storage,
    pub kind: SlotKind,
    pub span: Span,
    /// What the slot stands for in the source, for findings about the same memory: the
    /// whole `let` of a binding, the signature of a parameter.
    pub extent: Span,
    pub what: What,
    /// The region whose lifetime the slot has.
    pub region: usize,
    /// The local this slot is (bindings and parameters).
    pub local: Option<usize>,
    /// A copy of this local: copy propagation merges the two when both are assigned once
    /// and never borrowed.
    pub copy_of: Option<usize>,
    /// Whether this is an array binding or array expression.
    pub array: bool,
    /// A temporary a release build keeps too (an argument built for a call, a borrowed
    /// value), rather than one it builds in place.
    pub release: bool,
}

/// A lexical region: a scope (block, arm, the body) or a statement inside one.
#[derive(Clone, Debug)]
pub(super) struct Region {
    pub parent: Option<usize>,
    pub scope: bool,
}

#[derive(Clone, Debug)]
pub(super) struct LocalInfo {
    pub borrowed: bool,
    pub reassigned: bool,
    /// Byte offset where it is bound and the region it lives in (for `.await`s).
    pub start: usize,
    pub region: usize,
}

pub(super) struct BodyRecord {
    pub path: String,
    pub kind: FnKind,
    pub name_span: Span,
    pub span: Span,
    pub parent: Option<usize>,
    pub target: Option<FnTarget>,
    /// The function's own generic parameters (instantiated when sizing).
    pub params: Vec<GenericParam>,
    pub slots: Vec<Slot>,
    pub regions: Vec<Region>,
    pub locals: Vec<LocalInfo>,
    /// `.await`s: byte offset and region.
    pub awaits: Vec<(usize, usize)>,
    /// Calls made (each adds spill traffic in a debug build).
    pub calls: u32,
    /// Calls of the crate's functions: where, which, with what generic arguments (`None`
    /// when some are unknown).
    pub call_sites: Vec<(Span, FnTarget, Option<Vec<GenericArg>>)>,
    /// Something memlint cannot see into (a macro it does not know): a lower bound.
    pub opaque: bool,
    /// The parameter list (for closures: `|..|`).
    pub signature: Span,
    /// Counters for naming nested closures and async blocks.
    closures: u32,
    async_blocks: u32,
}

pub(super) struct Records {
    pub bodies: Vec<BodyRecord>,
    /// Instantiations of the crate's generic functions the crate's code asks for: the
    /// body that asks (its own parameters may appear in the arguments), the function, the
    /// arguments.
    pub instances: Vec<(usize, FnTarget, Vec<GenericArg>)>,
}

/// How the value of an expression is used, which decides whether it needs a temporary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Written straight into an existing place: a `let`'s binding, the return place, the
    /// destination of an enclosing block, `if` or `match`.
    Into,
    /// A condition.
    Cond,
    /// An expression statement's value, dropped.
    Discard,
    /// The right side of `=`: calls and blocks go through a temporary, aggregates do not.
    Rvalue,
    /// An operand of a call (`call`) or an aggregate.
    Operand { call: bool },
    /// Used in place: borrowed (`&x`, `x.method()`), projected (`x.field`) or matched.
    Place { borrow: bool, matched: bool },
    /// Built and never read (`let _ = (a, b);`), of a type without drop glue: the MIR
    /// passes remove it, and the operands it would be built from.
    Dead,
}

struct Open {
    body: usize,
    regions: Vec<usize>,
}

pub(crate) struct Collector {
    bodies: Vec<BodyRecord>,
    open: Vec<Open>,
    /// The role of expressions not yet visited, by address (set by their parent).
    roles: HashMap<usize, Role>,
    /// Where each binding of the walk lives: body and local index, by [`TypeEnv`] id.
    locals: HashMap<u32, (usize, usize)>,
    /// `let x = y;`: the binding about to be made copies the local `y`.
    pending_copy: Option<u32>,
    instances: Vec<(usize, FnTarget, Vec<GenericArg>)>,
}

pub(super) fn collect(cx: &LintContext) -> Records {
    let mut c = Collector::new();
    walk(cx, &mut c);
    c.finish()
}

impl Collector {
    /// A collector to walk the crate with, alone or beside other hooks.
    pub(crate) fn new() -> Collector {
        Collector {
            bodies: Vec::new(),
            open: Vec::new(),
            roles: HashMap::default(),
            locals: HashMap::default(),
            pending_copy: None,
            instances: Vec::new(),
        }
    }

    /// Adds what a walk of the files after this one's found, as if one walk had gone
    /// through all the files.
    pub(crate) fn append(&mut self, later: Collector) {
        debug_assert!(
            self.open.is_empty() && later.open.is_empty(),
            "a walk is under way"
        );
        let offset = self.bodies.len();
        self.bodies.extend(later.bodies.into_iter().map(|mut body| {
            body.parent = body.parent.map(|p| p + offset);
            body
        }));
        let instances = later.instances.into_iter();
        self.instances
            .extend(instances.map(|(body, f, args)| (body + offset, f, args)));
    }

    pub(super) fn finish(self) -> Records {
        Records {
            bodies: self.bodies,
            instances: self.instances,
        }
    }
}

fn addr(expr: &syn::Expr) -> usize {
    expr as *const syn::Expr as usize
}

fn strip(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        expr = match expr {
            syn::Expr::Paren(p) => &p.expr,
            syn::Expr::Group(g) => &g.expr,
            _ => return expr,
        }
    }
}

impl Collector {
    fn current(&mut self) -> Option<(&mut BodyRecord, &mut Vec<usize>)> {
        let open = self.open.last_mut()?;
        Some((&mut self.bodies[open.body], &mut open.regions))
    }

    fn set_role(&mut self, expr: &syn::Expr, role: Role) {
        self.roles.insert(addr(expr), role);
    }

    fn push_region(&mut self, scope: bool) {
        if let Some((body, regions)) = self.current() {
            let id = body.regions.len();
            body.regions.push(Region {
                parent: regions.last().copied(),
                scope,
            });
            regions.push(id);
        }
    }

    /// The innermost region, or the innermost scope.
    fn region(&mut self, scope: bool) -> usize {
        let Some((body, regions)) = self.current() else {
            return 0;
        };
        regions
            .iter()
            .rev()
            .copied()
            .find(|r| !scope || body.regions[*r].scope)
            .unwrap_or(0)
    }

    fn add(&mut self, slot: Slot) {
        if let Some((body, _)) = self.current() {
            body.slots.push(slot);
        }
    }

    /// A temporary holding the value of `expr` (of type `ty`).
    fn temp(&mut self, span: Span, ty: Option<Ty>, storage: Storage, kind: SlotKind, what: What) {
        self.temp_kept(span, ty, storage, kind, what, false);
    }

    fn temp_kept(
        &mut self,
        span: Span,
        ty: Option<Ty>,
        storage: Storage,
        kind: SlotKind,
        what: What,
        release: bool,
    ) {
        let region = self.region(false);
        let array = matches!(ty, Some(Ty::Array(..)));
        self.add(Slot {
            size: SlotSize::Of(ty),
            storage,
            kind,
            span,
            extent: span,
            what,
            region,
            local: None,
            copy_of: None,
            array,
            release,
        });
    }

    /// A call of a crate function, for call chains.
    fn call_site(&mut self, span: Span, callee: &crate::typeck::Callee) {
        if let Some((body, _)) = self.current() {
            body.call_sites
                .push((span, callee.target.clone(), callee.args.clone()));
        }
    }

    /// The current body calls `target` with these generic arguments. Parameters that are
    /// not the body's (nor an enclosing body's) are never instantiated: unknown.
    fn request(&mut self, target: FnTarget, args: Vec<GenericArg>) {
        let Some(open) = self.open.last() else {
            return;
        };
        let mut own = Vec::new();
        let mut body = Some(open.body);
        while let Some(b) = body {
            own.extend(self.bodies[b].params.iter().cloned());
            body = self.bodies[b].parent;
        }
        let args = args
            .into_iter()
            .map(|a| match a {
                GenericArg::Type(t) => GenericArg::Type(forget_foreign_params(&t, &own)),
                other => other,
            })
            .collect();
        self.instances.push((open.body, target, args));
    }

    fn calls(&mut self, n: u32) {
        if let Some((body, _)) = self.current() {
            body.calls += n;
        }
    }

    fn opaque(&mut self) {
        if let Some((body, _)) = self.current() {
            body.opaque = true;
        }
    }

    /// The local of this walk a path names, if any.
    fn local_of(&self, at: &At, expr: &syn::Expr) -> Option<(u32, String)> {
        let syn::Expr::Path(p) = strip(expr) else {
            return None;
        };
        if p.qself.is_some() {
            return None;
        }
        let ident = p.path.get_ident()?;
        let name = unraw(ident);
        let id = at.env.local_id(&name)?;
        Some((id, name))
    }

    /// The local a place expression is part of (`x`, `x.field`, `x[i]`), not through a
    /// dereference.
    fn root_local(&self, at: &At, expr: &syn::Expr) -> Option<u32> {
        match strip(expr) {
            syn::Expr::Field(f) => self.root_local(at, &f.base),
            syn::Expr::Index(i) => self.root_local(at, &i.expr),
            other => self.local_of(at, other).map(|(id, _)| id),
        }
    }

    fn local_info(&mut self, id: u32) -> Option<&mut LocalInfo> {
        let (body, index) = *self.locals.get(&id)?;
        self.bodies.get_mut(body)?.locals.get_mut(index)
    }

    fn mark_borrowed(&mut self, at: &At, expr: &syn::Expr) {
        if let Some(id) = self.root_local(at, expr) {
            // Reborrowing through a reference does not borrow the local that holds it.
            let is_ref = at.env.infer(strip(expr)).is_some_and(|t| {
                matches!(t, Ty::Ptr(_)) && matches!(strip(expr), syn::Expr::Path(_))
            });
            if !is_ref && let Some(info) = self.local_info(id) {
                info.borrowed = true;
            }
        }
    }

    fn mark_reassigned(&mut self, at: &At, expr: &syn::Expr) {
        if let Some(id) = self.root_local(at, expr)
            && let Some(info) = self.local_info(id)
        {
            info.reassigned = true;
        }
    }

    /// Whether `&expr` is promoted to a static (constants and literals).
    fn promotable(&self, at: &At, expr: &syn::Expr) -> bool {
        match strip(expr) {
            syn::Expr::Lit(_) => true,
            syn::Expr::Array(a) => a.elems.iter().all(|e| self.promotable(at, e)),
            syn::Expr::Tuple(t) => t.elems.iter().all(|e| self.promotable(at, e)),
            syn::Expr::Repeat(r) => self.promotable(at, &r.expr),
            syn::Expr::Unary(u) => {
                matches!(u.op, syn::UnOp::Neg(_)) && self.promotable(at, &u.expr)
            }
            syn::Expr::Path(p) => {
                if self.local_of(at, expr).is_some() {
                    return false;
                }
                match at
                    .env
                    .model()
                    .resolve(&at.env.cx.module, &path_names(&p.path), Ns::Value)
                {
                    Some(Res::Item(id)) => matches!(
                        at.env.model().item(id).kind,
                        ItemKind::Const { .. } | ItemKind::Struct(_)
                    ),
                    Some(Res::Assoc(..)) => true,
                    Some(Res::External(p)) => p.last().is_some_and(|l| l == "None"),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Whether a call expression builds a value rather than calling a function: tuple
    /// structs, enum variants, `Some`, `Ok`, `Err`.
    fn is_constructor(&self, at: &At, call: &syn::ExprCall) -> bool {
        let syn::Expr::Path(p) = strip(&call.func) else {
            return false;
        };
        if self.local_of(at, &call.func).is_some() {
            return false;
        }
        let names = path_names(&p.path);
        match at.env.model().resolve(&at.env.cx.module, &names, Ns::Value) {
            Some(Res::Item(id)) => matches!(at.env.model().item(id).kind, ItemKind::Struct(_)),
            Some(Res::Assoc(owner, _)) => {
                matches!(at.env.model().item(owner).kind, ItemKind::Enum(_))
            }
            Some(Res::External(path)) => {
                matches!(path.last().map(String::as_str), Some("Some" | "Ok" | "Err"))
            }
            _ => false,
        }
    }

    /// The temporary an expression of some kind needs for its own value in `role`.
    /// `rvalue_call`: the expression is computed by a call or a block (which `=` puts in
    /// a temporary first), rather than built as an aggregate.
    fn own_value(&mut self, at: &At, expr: &syn::Expr, role: Role, rvalue_call: bool) {
        let (storage, needed) = match role {
            Role::Into | Role::Cond | Role::Dead => return,
            Role::Rvalue => (Storage::Memory, rvalue_call),
            Role::Operand { .. } | Role::Discard => (Storage::Memory, true),
            Role::Place { borrow, matched } => (
                if borrow || matched {
                    Storage::Always
                } else {
                    Storage::Memory
                },
                true,
            ),
        };
        if !needed {
            return;
        }
        let ty = at.env.infer(expr);
        if matches!(ty, Some(Ty::Never)) || ty.as_ref().is_some_and(|t| *t == Ty::unit()) {
            return;
        }
        let span = at.expr_span(expr);
        let kept = matches!(
            role,
            Role::Operand { call: true } | Role::Place { borrow: true, .. }
        );
        self.temp_kept(span, ty, storage, SlotKind::Temporary, What::Value, kept);
    }

    /// A local read by value as an operand.
    fn local_operand(&mut self, at: &At, expr: &syn::Expr, id: u32, name: String, call: bool) {
        let ty = at.env.local(&name).flatten();
        let region = self.region(false);
        let span = at.expr_span(expr);
        let source = self.locals.get(&id).map(|(_, i)| *i);
        let by_pointer = ty.as_ref().is_some_and(|t| {
            let model = at.env.model();
            !model.abi_of(t).is_immediate() && model.layout_of(t).is_some_and(|l| l.size > 16)
        });
        // Passed by pointer to a call, a named local is copied either way: by the MIR
        // builder when it is borrowed, by codegen otherwise.
        let copy_of = if call && by_pointer { None } else { source };
        let array = matches!(ty, Some(Ty::Array(..)));
        self.add(Slot {
            size: SlotSize::Of(ty),
            storage: Storage::Memory,
            kind: SlotKind::Copy,
            span,
            extent: span,
            what: What::CopyOf(name),
            region,
            local: None,
            copy_of,
            array,
            release: false,
        });
    }

    fn expression(&mut self, at: &At, expr: &syn::Expr) {
        let mut role = self.roles.remove(&addr(expr)).unwrap_or(Role::Into);
        if role == Role::Discard && self.dead(at, expr) {
            role = Role::Dead;
        }
        use syn::Expr::*;
        match expr {
            Paren(p) => self.set_role(&p.expr, role),
            Group(g) => self.set_role(&g.expr, role),
            // Calls happen whether or not their result is read.
            Call(_) | MethodCall(_) | Macro(_) if role == Role::Dead => {
                self.roles.insert(addr(expr), Role::Discard);
                self.expression(at, expr);
            }
            Path(p) => {
                if let Some((id, name)) = self.local_of(at, expr) {
                    match role {
                        Role::Operand { call } => self.local_operand(at, expr, id, name, call),
                        Role::Place { borrow: true, .. } => self.mark_borrowed(at, expr),
                        _ => {}
                    }
                } else if p.qself.is_none() {
                    let names = path_names(&p.path);
                    let model = at.env.model();
                    // Constants and unit values are built where they are used; a static
                    // is a place of its own, copied only when read by value.
                    let (constant, place) =
                        match model.resolve(&at.env.cx.module, &names, Ns::Value) {
                            Some(Res::Item(id)) => match model.item(id).kind {
                                ItemKind::Const { .. } | ItemKind::Struct(_) => (true, false),
                                ItemKind::Static { .. } => (false, true),
                                _ => (false, false),
                            },
                            Some(Res::Assoc(..)) => (true, false),
                            _ => (false, false),
                        };
                    let needed = match role {
                        Role::Operand { .. } => constant || place,
                        Role::Place { .. } => constant,
                        _ => false,
                    };
                    if needed {
                        self.own_value(at, expr, role, false);
                    }
                }
            }
            Lit(_) => {}
            Call(c) => {
                let constructor = self.is_constructor(at, c);
                if !constructor {
                    self.calls(1);
                    if let Some(callee) = at.env.callee(c) {
                        self.call_site(at.expr_span(expr), &callee);
                        if let Some(args) = callee.args
                            && !args.is_empty()
                        {
                            self.request(callee.target, args);
                        }
                    }
                }
                self.own_value(at, expr, role, !constructor);
                if !matches!(strip(&c.func), Path(_)) || self.local_of(at, &c.func).is_some() {
                    self.set_role(
                        &c.func,
                        Role::Place {
                            borrow: true,
                            matched: false,
                        },
                    );
                }
                for arg in &c.args {
                    self.set_role(arg, Role::Operand { call: !constructor });
                }
            }
            MethodCall(m) => {
                self.calls(1);
                let info = at.env.method(m);
                if let Some(callee) = info.as_ref().and_then(|i| i.callee.clone()) {
                    self.call_site(at.expr_span(expr), &callee);
                    if let Some(args) = callee.args
                        && !args.is_empty()
                    {
                        self.request(callee.target, args);
                    }
                }
                self.own_value(at, expr, role, true);
                let by_value = info.as_ref().is_some_and(|i| i.receiver == Receiver::Value);
                self.set_role(
                    &m.receiver,
                    if by_value {
                        Role::Operand { call: true }
                    } else {
                        Role::Place {
                            borrow: true,
                            matched: false,
                        }
                    },
                );
                for arg in &m.args {
                    self.set_role(arg, Role::Operand { call: true });
                }
            }
            Struct(s) => {
                self.own_value(at, expr, role, false);
                for f in &s.fields {
                    self.set_role(&f.expr, operand_of(role));
                }
                if let Some(rest) = &s.rest {
                    self.set_role(
                        rest,
                        Role::Place {
                            borrow: false,
                            matched: false,
                        },
                    );
                }
            }
            Tuple(t) => {
                self.own_value(at, expr, role, false);
                for e in &t.elems {
                    self.set_role(e, operand_of(role));
                }
            }
            Array(a) => {
                self.own_value(at, expr, role, false);
                for e in &a.elems {
                    self.set_role(e, operand_of(role));
                }
            }
            Repeat(r) => {
                self.own_value(at, expr, role, false);
                self.set_role(&r.expr, operand_of(role));
            }
            Range(r) => {
                self.own_value(at, expr, role, false);
                for e in r.start.iter().chain(r.end.iter()) {
                    self.set_role(e, Role::Operand { call: false });
                }
            }
            Closure(c) => {
                self.own_value(at, expr, role, false);
                if c.capture.is_none() {
                    for (name, _) in at.env.captures(c) {
                        if let Some(id) = at.env.local_id(&name)
                            && let Some(info) = self.local_info(id)
                        {
                            info.borrowed = true;
                        }
                    }
                }
                self.set_role(&c.body, Role::Into);
            }
            Async(_) => self.own_value(at, expr, role, false),
            Binary(b) => {
                use syn::BinOp::*;
                let compound = matches!(
                    b.op,
                    AddAssign(_)
                        | SubAssign(_)
                        | MulAssign(_)
                        | DivAssign(_)
                        | RemAssign(_)
                        | BitXorAssign(_)
                        | BitAndAssign(_)
                        | BitOrAssign(_)
                        | ShlAssign(_)
                        | ShrAssign(_)
                );
                if compound {
                    self.mark_reassigned(at, &b.left);
                    self.set_role(&b.right, Role::Operand { call: false });
                    return;
                }
                let comparison = matches!(b.op, Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_));
                let primitive = |e: &syn::Expr| {
                    matches!(
                        at.env.infer(e),
                        Some(Ty::Prim(_) | Ty::InferInt | Ty::InferFloat)
                    )
                };
                if comparison && !(primitive(&b.left) && primitive(&b.right)) {
                    // `PartialEq::eq(&a, &b)`: both sides are borrowed; constants promoted.
                    self.calls(1);
                    for side in [&b.left, &b.right] {
                        if !self.promotable(at, side) {
                            self.set_role(
                                side,
                                Role::Place {
                                    borrow: true,
                                    matched: false,
                                },
                            );
                        }
                    }
                } else {
                    let role = if matches!(b.op, And(_) | Or(_)) {
                        Role::Cond
                    } else {
                        Role::Operand { call: false }
                    };
                    self.set_role(&b.left, role);
                    self.set_role(&b.right, role);
                }
            }
            Unary(u) => match u.op {
                syn::UnOp::Deref(_) => self.set_role(
                    &u.expr,
                    Role::Place {
                        borrow: false,
                        matched: false,
                    },
                ),
                _ => self.set_role(&u.expr, Role::Operand { call: false }),
            },
            Reference(r) => {
                if r.mutability.is_none() && self.promotable(at, &r.expr) {
                    self.set_role(&r.expr, Role::Cond);
                } else {
                    self.set_role(
                        &r.expr,
                        Role::Place {
                            borrow: true,
                            matched: false,
                        },
                    );
                }
            }
            RawAddr(r) => self.set_role(
                &r.expr,
                Role::Place {
                    borrow: true,
                    matched: false,
                },
            ),
            Field(f) => {
                if let Role::Operand { .. } = role {
                    self.own_value(at, expr, role, false);
                }
                let borrow = matches!(role, Role::Place { borrow: true, .. });
                self.set_role(
                    &f.base,
                    Role::Place {
                        borrow,
                        matched: false,
                    },
                );
            }
            Index(i) => {
                if let Role::Operand { .. } = role {
                    self.own_value(at, expr, role, false);
                }
                // Indexing anything but an array calls `Index::index(&base, i)`.
                let array = matches!(at.env.infer(&i.expr), Some(Ty::Array(..)));
                let borrow = !array || matches!(role, Role::Place { borrow: true, .. });
                if !array {
                    self.calls(1);
                }
                self.set_role(
                    &i.expr,
                    Role::Place {
                        borrow,
                        matched: false,
                    },
                );
                self.set_role(&i.index, Role::Operand { call: false });
            }
            Cast(c) => self.set_role(&c.expr, Role::Operand { call: false }),
            Block(b) => {
                self.own_value(at, expr, role, true);
                self.tail_into(&b.block);
            }
            Unsafe(u) => {
                self.own_value(at, expr, role, true);
                self.tail_into(&u.block);
            }
            Const(_) => {}
            If(i) => {
                self.own_value(at, expr, role, true);
                self.set_role(&i.cond, Role::Cond);
                self.tail_into(&i.then_branch);
                if let Some((_, e)) = &i.else_branch {
                    self.set_role(e, Role::Into);
                }
            }
            Match(m) => {
                self.own_value(at, expr, role, true);
                self.set_role(
                    &m.expr,
                    Role::Place {
                        borrow: false,
                        matched: true,
                    },
                );
                for arm in &m.arms {
                    self.set_role(&arm.body, Role::Into);
                    if let syn::Pat::Guard(g) = &arm.pat {
                        self.set_role(&g.guard, Role::Cond);
                    }
                }
            }
            Let(l) => self.set_role(
                &l.expr,
                Role::Place {
                    borrow: false,
                    matched: true,
                },
            ),
            While(w) => self.set_role(&w.cond, Role::Cond),
            Loop(_) => {}
            ForLoop(f) => self.for_loop(at, f),
            Return(r) => {
                if let Some(e) = &r.expr {
                    self.set_role(e, Role::Into);
                }
            }
            Break(b) => {
                if let Some(e) = &b.expr {
                    self.set_role(e, Role::Into);
                }
            }
            Assign(a) => {
                self.mark_reassigned(at, &a.left);
                self.set_role(&a.right, Role::Rvalue);
            }
            Try(t) => self.try_expr(at, expr, t, role),
            Await(a) => {
                let offset = at.expr_span(expr).lo;
                let region = self.region(false);
                if let Some((body, _)) = self.current() {
                    body.awaits.push((offset, region));
                }
                self.own_value(at, expr, role, true);
                self.set_role(&a.base, Role::Operand { call: true });
            }
            Macro(m) => self.macro_call(at, &m.mac, expr, role),
            _ => {}
        }
    }

    /// Whether a value built and never read is removed: an aggregate without drop glue.
    fn dead(&self, at: &At, expr: &syn::Expr) -> bool {
        is_aggregate(expr)
            && at
                .env
                .infer(expr)
                .is_some_and(|t| at.env.model().needs_drop(&t) == Some(false))
    }

    /// The tail expression of a block takes the block's destination.
    fn tail_into(&mut self, block: &syn::Block) {
        if let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last() {
            self.set_role(tail, Role::Into);
        }
    }

    fn try_expr(&mut self, at: &At, expr: &syn::Expr, t: &syn::ExprTry, role: Role) {
        // `match Try::branch(x) { Continue(v) => v, Break(r) => return from_residual(r) }`
        self.calls(2);
        self.set_role(&t.expr, Role::Operand { call: true });
        let span = at.expr_span(expr);
        let operand = at
            .env
            .infer(&t.expr)
            .map(|ty| at.env.model().expand_aliases(&ty));
        let parts = operand.as_ref().and_then(try_parts);
        // `ControlFlow<Residual, T>` has the layout of the operand's type.
        self.temp(
            span,
            operand.clone(),
            Storage::Always,
            SlotKind::Try,
            What::Try,
        );
        let (output, residual) = match parts {
            Some((output, residual)) => (Some(output), Some(residual)),
            None => (None, None),
        };
        // The residual binding, and its copy passed to `from_residual`.
        self.temp(
            span,
            residual.clone(),
            Storage::Always,
            SlotKind::Try,
            What::Try,
        );
        self.temp(span, residual, Storage::Memory, SlotKind::Try, What::Try);
        if role != Role::Into {
            // The `v` of `Continue(v)`: a binding of its own unless it goes straight into
            // a destination.
            self.temp(
                span,
                output.clone(),
                Storage::Always,
                SlotKind::Try,
                What::Try,
            );
            if let Role::Operand { call: true } = role
                && let Some(t) = &output
            {
                let model = at.env.model();
                if !model.abi_of(t).is_immediate()
                    && model.layout_of(t).is_some_and(|l| l.size > 16)
                {
                    self.temp(span, output, Storage::Memory, SlotKind::Try, What::Try);
                }
            }
        }
    }

    fn for_loop(&mut self, at: &At, f: &syn::ExprForLoop) {
        // `match IntoIterator::into_iter(x) { mut iter => loop { match iter.next() {..} } }`
        self.calls(2);
        self.set_role(&f.expr, Role::Operand { call: true });
        let span = at.expr_span(&f.expr);
        let iterable = at.env.infer(&f.expr);
        let iterator = iterable.as_ref().and_then(|t| iterator_of(at.env, t));
        let item = at.env.iter_item(&f.expr);
        // `into_iter`'s result, then `iter` (borrowed by every `next`).
        self.temp(
            span,
            iterator.clone(),
            Storage::Memory,
            SlotKind::Loop,
            What::Loop,
        );
        self.temp(span, iterator, Storage::Always, SlotKind::Loop, What::Loop);
        let next = item.map(|t| Ty::Std("Option".into(), vec![GenericArg::Type(t)]));
        self.temp(span, next, Storage::Always, SlotKind::Loop, What::Loop);
    }

    /// Macros of std, by what they expand to; others cannot be seen into.
    fn macro_call(&mut self, at: &At, mac: &syn::Macro, expr: &syn::Expr, role: Role) {
        let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        let span = at.expr_span(expr);
        self.macro_slots(at, mac, &name, span);
        match name.as_str() {
            "format" => {
                self.own_value(at, expr, role, true);
                // `{ let res = format(args); res }`: a named String first.
                self.temp(
                    span,
                    Some(Ty::Std("String".into(), Vec::new())),
                    Storage::Always,
                    SlotKind::Format,
                    What::Format(name.clone()),
                );
            }
            "vec" | "matches" | "write" | "writeln" => self.own_value(at, expr, role, true),
            _ => {}
        }
    }

    /// The slots of a macro's expansion (besides its value).
    fn macro_slots(&mut self, at: &At, mac: &syn::Macro, name: &str, span: Span) {
        use crate::macro_bodies::Args;
        let args = crate::macro_bodies::args(mac);
        let format_slots = |args: &Args, skip: usize| -> u64 {
            let count = format_arguments(args, skip);
            // `Arguments` and the `[rt::Argument; n]` array with its element temporaries.
            12 + 40 * count as u64
        };
        let bytes = match name {
            "format" | "print" | "println" | "eprint" | "eprintln" | "format_args" => {
                args.as_ref().map(|a| format_slots(a, 0))
            }
            "write" | "writeln" => args.as_ref().map(|a| format_slots(a, 1)),
            "panic" | "unreachable" | "todo" | "unimplemented" => args
                .as_ref()
                .map(|a| if a.is_empty() { 0 } else { format_slots(a, 0) }),
            "assert" | "debug_assert" => args
                .as_ref()
                .map(|a| if a.len() <= 1 { 0 } else { format_slots(a, 1) }),
            "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" => {
                // The tuple of references matched, the two bindings, the kind and the
                // optional message.
                args.as_ref()
                    .map(|a| 32 + if a.len() <= 2 { 0 } else { format_slots(a, 2) })
            }
            "vec" => {
                // `vec![a, b]` writes its elements straight into the heap (`box_new`): two
                // 4 KiB elements cost a debug frame 136 bytes, measured. `vec![x; n]` is
                // `from_elem(x, n)`: `x` is passed by value, as to any call (a 4 KiB element
                // makes a 4136-byte debug frame, built there or copied from a local).
                if let Some(r) = crate::macro_bodies::repeat(mac) {
                    match self.local_of(at, &r.elem) {
                        Some((id, local)) => self.local_operand(at, &r.elem, id, local, true),
                        // A literal is a scalar (or a `&str`): it stays out of memory.
                        None if matches!(strip(&r.elem), syn::Expr::Lit(_)) => {}
                        None => {
                            let ty = at.env.infer(&r.elem);
                            let span = at.expr_span(&r.elem);
                            self.temp(span, ty, Storage::Memory, SlotKind::Temporary, What::Value);
                        }
                    }
                }
                Some(0)
            }
            "matches" | "cfg" | "line" | "column" | "file" | "stringify" | "concat"
            | "include_str" | "include_bytes" | "env" | "module_path" | "compile_error" | "dbg" => {
                Some(0)
            }
            _ => None,
        };
        // Formatting borrows its arguments.
        if let Some(args) = &args
            && name != "vec"
        {
            for arg in args.iter() {
                if let Some(id) = self.root_local(at, arg)
                    && let Some(info) = self.local_info(id)
                {
                    info.borrowed = true;
                }
            }
        }
        at.env.forget();
        match bytes {
            Some(0) => {}
            Some(bytes) => {
                self.calls(1);
                let region = self.region(false);
                self.add(Slot {
                    size: SlotSize::Bytes(bytes),
                    storage: Storage::Always,
                    kind: SlotKind::Format,
                    span,
                    extent: span,
                    what: What::Format(name.to_string()),
                    region,
                    local: None,
                    copy_of: None,
                    array: false,
                    release: false,
                });
            }
            None => self.opaque(),
        }
    }
}

/// `ty` with the type parameters that are not in `own` made unknown.
fn forget_foreign_params(ty: &Ty, own: &[GenericParam]) -> Ty {
    let arg = |a: &GenericArg| match a {
        GenericArg::Type(t) => GenericArg::Type(forget_foreign_params(t, own)),
        other => other.clone(),
    };
    match ty {
        Ty::Param(name)
            if !own
                .iter()
                .any(|p| matches!(p, GenericParam::Type(n) if n == name)) =>
        {
            Ty::Unknown(name.clone())
        }
        Ty::Array(t, len) => Ty::Array(Box::new(forget_foreign_params(t, own)), len.clone()),
        Ty::Slice(t) => Ty::Slice(Box::new(forget_foreign_params(t, own))),
        Ty::Ptr(t) => Ty::Ptr(Box::new(forget_foreign_params(t, own))),
        Ty::RawPtr(t) => Ty::RawPtr(Box::new(forget_foreign_params(t, own))),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| forget_foreign_params(t, own)).collect()),
        Ty::Adt(id, args) => Ty::Adt(*id, args.iter().map(arg).collect()),
        Ty::Std(key, args) => Ty::Std(key.clone(), args.iter().map(arg).collect()),
        Ty::Projection(base, name) => {
            Ty::Projection(Box::new(forget_foreign_params(base, own)), name.clone())
        }
        other => other.clone(),
    }
}

/// The role of an aggregate's operands.
fn operand_of(aggregate: Role) -> Role {
    if aggregate == Role::Dead {
        Role::Dead
    } else {
        Role::Operand { call: false }
    }
}

/// Whether an expression builds an aggregate (no call, no side effect of its own).
fn is_aggregate(expr: &syn::Expr) -> bool {
    matches!(
        strip(expr),
        syn::Expr::Tuple(_) | syn::Expr::Array(_) | syn::Expr::Repeat(_) | syn::Expr::Struct(_)
    )
}

/// How many arguments a format string formats: the explicit ones after the string, and
/// the names it captures inline (`{x}`).
fn format_arguments(
    args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>,
    skip: usize,
) -> usize {
    let mut iter = args.iter().skip(skip);
    let Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(s),
        ..
    })) = iter.next()
    else {
        return 0;
    };
    let explicit = iter.count();
    let text = s.value();
    let mut inline = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' {
            if chars.peek() == Some(&'{') {
                chars.next();
                continue;
            }
            let mut name = String::new();
            for c in chars.by_ref() {
                if c == '}' || c == ':' {
                    break;
                }
                name.push(c);
            }
            let name = name.trim().to_string();
            if name.starts_with(|c: char| c.is_alphabetic() || c == '_') && !inline.contains(&name)
            {
                inline.push(name);
            }
        }
    }
    explicit + inline.len()
}

/// The iterator `into_iter` makes of a value of type `ty`.
fn iterator_of(env: &TypeEnv, ty: &Ty) -> Option<Ty> {
    let ty = env.model().expand_aliases(ty);
    match &ty {
        Ty::Std(key, args) => match key.as_str() {
            "Vec" => Some(Ty::Std("vec::IntoIter".into(), args.clone())),
            "Range" | "RangeInclusive" | "RangeFrom" | "slice::Iter" | "vec::IntoIter"
            | "Chars" => Some(ty.clone()),
            _ => None,
        },
        Ty::Tuple(elems) if !elems.is_empty() => Some(ty.clone()),
        Ty::Ptr(inner) => match env.model().expand_aliases(inner) {
            Ty::Array(elem, _) | Ty::Slice(elem) => {
                Some(Ty::Std("slice::Iter".into(), vec![GenericArg::Type(*elem)]))
            }
            Ty::Std(key, args) if key == "Vec" => Some(Ty::Std("slice::Iter".into(), args)),
            _ => None,
        },
        _ => None,
    }
}

impl Hooks for Collector {
    fn enter_body(&mut self, at: &At, body: Body) {
        let parent = self.open.last().map(|o| o.body);
        let parent_path = parent.map(|p| self.bodies[p].path.clone());
        let module_path = || {
            at.env
                .cx
                .module
                .iter()
                .filter(|s| !s.starts_with('{'))
                .cloned()
                .collect::<Vec<_>>()
                .join("::")
        };
        let join = |prefix: String, name: &str| {
            if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}::{name}")
            }
        };
        let (path, kind, name_span, span, target, params, signature) = match body {
            Body::Fn {
                sig,
                block,
                owner,
                impl_self,
                impl_trait,
                trait_name,
                ..
            } => {
                let name = unraw(&sig.ident);
                let prefix = parent_path.clone().unwrap_or_else(module_path);
                let model = at.env.model();
                let self_ty = at.env.cx.self_ty.clone();
                let type_name = |t: &syn::Type| match &self_ty {
                    Some(Ty::Adt(id, _)) => model.item_path(*id),
                    _ => quote::ToTokens::to_token_stream(t).to_string(),
                };
                let path = match (owner, impl_self, impl_trait, trait_name) {
                    (Owner::TraitImpl, Some(t), Some(tr), _) => {
                        let tr = tr
                            .segments
                            .last()
                            .map(|s| s.ident.to_string())
                            .unwrap_or_default();
                        format!("<{} as {tr}>::{name}", type_name(t))
                    }
                    (_, Some(t), _, _) => format!("{}::{name}", type_name(t)),
                    (_, _, _, Some(tr)) => join(prefix, &format!("{}::{name}", unraw(tr))),
                    _ => join(prefix, &name),
                };
                let kind = match (owner, sig.asyncness.is_some()) {
                    (_, true) => FnKind::AsyncFn,
                    (Owner::Module, _) => FnKind::Fn,
                    (Owner::Trait, _) => FnKind::TraitMethod,
                    _ => FnKind::Method,
                };
                let target = match (owner, &self_ty) {
                    (Owner::Module, _) => {
                        match model.resolve(
                            &at.env.cx.module,
                            std::slice::from_ref(&name),
                            Ns::Value,
                        ) {
                            Some(Res::Item(id))
                                if matches!(model.item(id).kind, ItemKind::Fn(_)) =>
                            {
                                Some(FnTarget::Item(id))
                            }
                            _ => None,
                        }
                    }
                    (Owner::Inherent | Owner::TraitImpl, Some(Ty::Adt(id, _))) => {
                        Some(FnTarget::Assoc(*id, name.clone()))
                    }
                    _ => None,
                };
                let params = crate::model::lower::generics(&sig.generics);
                let name_span = at.token_span(sig.ident.span());
                let span = Span::new(
                    name_span.file,
                    name_span.lo..at.token_span(block.brace_token.span.close()).hi,
                );
                let signature = Span::new(
                    name_span.file,
                    at.token_span(syn::spanned::Spanned::span(&sig.fn_token)).lo
                        ..at.token_span(sig.paren_token.span.close()).hi,
                );
                (path, kind, name_span, span, target, params, signature)
            }
            Body::Closure(c) => {
                let index = parent.map_or(0, |p| {
                    let n = self.bodies[p].closures;
                    self.bodies[p].closures += 1;
                    n
                });
                let range = crate::spans::closure_range(c);
                let whole = Span::new(at.file, range.start + at.offset()..range.end + at.offset());
                let path = join(
                    parent_path.clone().unwrap_or_else(module_path),
                    &format!("{{closure#{index}}}"),
                );
                let bars_end = at.token_span(syn::spanned::Spanned::span(&c.inputs_end)).hi;
                let name_span = Span::new(whole.file, whole.lo..bars_end.max(whole.lo));
                (
                    path,
                    FnKind::Closure,
                    name_span,
                    whole,
                    None,
                    Vec::new(),
                    name_span,
                )
            }
            Body::Async(a) => {
                let index = parent.map_or(0, |p| {
                    let n = self.bodies[p].async_blocks;
                    self.bodies[p].async_blocks += 1;
                    n
                });
                let start = at.token_span(syn::spanned::Spanned::span(&a.async_token));
                let end = at.token_span(a.block.brace_token.span.close());
                let path = join(
                    parent_path.clone().unwrap_or_else(module_path),
                    &format!("{{async block#{index}}}"),
                );
                let span = Span::new(start.file, start.lo..end.hi);
                (
                    path,
                    FnKind::AsyncBlock,
                    start,
                    span,
                    None,
                    Vec::new(),
                    start,
                )
            }
        };
        let index = self.bodies.len();
        self.bodies.push(BodyRecord {
            path,
            kind,
            name_span,
            span,
            parent,
            target,
            params,
            slots: Vec::new(),
            regions: vec![Region {
                parent: None,
                scope: true,
            }],
            locals: Vec::new(),
            awaits: Vec::new(),
            calls: 0,
            call_sites: Vec::new(),
            opaque: false,
            signature,
            closures: 0,
            async_blocks: 0,
        });
        self.open.push(Open {
            body: index,
            regions: vec![0],
        });
        match body {
            Body::Fn { sig, .. } => {
                if let Some(receiver) = sig.receiver() {
                    let self_ty = at.env.cx.self_ty.clone();
                    let ty = match &receiver.kind {
                        syn::ReceiverKind::Value => self_ty,
                        syn::ReceiverKind::Typed(_, t) => Some(at.env.lower(t)),
                        _ => Some(Ty::Ptr(Box::new(
                            self_ty.unwrap_or_else(|| Ty::Unknown(String::new())),
                        ))),
                    };
                    self.add(Slot {
                        size: SlotSize::Of(ty),
                        storage: Storage::Param,
                        kind: SlotKind::Param,
                        span: at.token_span(syn::spanned::Spanned::span(&receiver.self_token)),
                        extent: at.token_span(syn::spanned::Spanned::span(&receiver.self_token)),
                        what: What::SelfParam,
                        region: 0,
                        local: None,
                        copy_of: None,
                        array: false,
                        release: false,
                    });
                }
                // A return value in memory but small enough for registers is built in a
                // slot of its own first.
                if let syn::ReturnType::Type(_, ret) = &sig.output
                    && sig.asyncness.is_none()
                {
                    let ty = at.env.lower(ret);
                    self.add(Slot {
                        size: SlotSize::Of(Some(ty)),
                        storage: Storage::Return,
                        kind: SlotKind::Temporary,
                        span: name_span,
                        extent: name_span,
                        what: What::ReturnPlace,
                        region: 0,
                        local: None,
                        copy_of: None,
                        array: false,
                        release: false,
                    });
                }
                if let Body::Fn { block, .. } = body
                    && let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last()
                {
                    self.set_role(tail, Role::Into);
                }
            }
            Body::Closure(c) => {
                // The closure's environment pointer.
                self.add(Slot {
                    size: SlotSize::Bytes(8),
                    storage: Storage::Always,
                    kind: SlotKind::Param,
                    span: name_span,
                    extent: name_span,
                    what: What::SelfParam,
                    region: 0,
                    local: None,
                    copy_of: None,
                    array: false,
                    release: false,
                });
                self.set_role(&c.body, Role::Into);
            }
            Body::Async(a) => {
                if let Some(syn::Stmt::Expr(tail, None)) = a.block.stmts.last() {
                    self.set_role(tail, Role::Into);
                }
            }
        }
    }

    fn leave_body(&mut self, _at: &At, _body: Body) {
        self.open.pop();
        if self.open.is_empty() {
            self.roles.clear();
        }
    }

    fn enter_scope(&mut self, _at: &At, scope: Scope) {
        self.push_region(true);
        if let Scope::Block(block) = scope {
            let last = block.stmts.len().saturating_sub(1);
            for (i, stmt) in block.stmts.iter().enumerate() {
                if let syn::Stmt::Expr(e, semi) = stmt
                    && (semi.is_some() || i != last)
                {
                    self.set_role(e, Role::Discard);
                }
            }
        }
    }

    fn leave_scope(&mut self, _at: &At) {
        if let Some((body, regions)) = self.current() {
            while let Some(r) = regions.pop() {
                if body.regions[r].scope || regions.is_empty() {
                    break;
                }
            }
            if regions.is_empty() {
                regions.push(0);
            }
        }
    }

    fn stmt(&mut self, at: &At, block: &syn::Block, index: usize) {
        let stmt = &block.stmts[index];
        if let Some((body, regions)) = self.current()
            && let Some(&top) = regions.last()
            && !body.regions[top].scope
        {
            regions.pop();
        }
        self.push_region(false);
        if let syn::Stmt::Macro(m) = stmt {
            let span = at.token_span(syn::spanned::Spanned::span(&m.mac.bang_token));
            let name = m.mac.path.segments.last().map(|s| s.ident.to_string());
            if let Some(name) = name {
                let span = Span::new(
                    span.file,
                    at.token_span(m.mac.path.segments[0].ident.span()).lo..span.hi,
                );
                self.macro_slots(at, &m.mac, &name, span);
            }
        }
    }

    fn local(&mut self, at: &At, local: &syn::Local) {
        self.pending_copy = None;
        let Some(init) = &local.init else {
            return;
        };
        let simple = match &local.pat {
            syn::Pat::Ident(p) => p.subpat.is_none() && p.by_ref.is_none(),
            syn::Pat::Type(t) => {
                matches!(&*t.pat, syn::Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none())
            }
            _ => false,
        };
        let wildcard = matches!(&local.pat, syn::Pat::Wild(_));
        if simple && init.diverge.is_none() {
            self.set_role(&init.expr, Role::Into);
            self.pending_copy = self.local_of(at, &init.expr).map(|(id, _)| id);
        } else if wildcard && self.dead(at, &init.expr) {
            self.set_role(&init.expr, Role::Dead);
        } else {
            self.set_role(
                &init.expr,
                Role::Place {
                    borrow: false,
                    matched: true,
                },
            );
        }
    }

    fn bound(&mut self, at: &At, site: BindSite, names: &[Bound]) {
        let copy_source = match site {
            BindSite::Let(_) => self.pending_copy.take(),
            _ => None,
        };
        let (region, storage, kind) = match site {
            BindSite::Param(_) => (0, Storage::Param, SlotKind::Param),
            _ => (self.region(true), Storage::Always, SlotKind::Binding),
        };
        for b in names {
            let name = unraw(&b.ident.ident);
            let span = at.token_span(b.ident.ident.span());
            let Some(open) = self.open.last() else {
                return;
            };
            let body_index = open.body;
            let body = &mut self.bodies[body_index];
            let local = body.locals.len();
            body.locals.push(LocalInfo {
                borrowed: false,
                reassigned: false,
                start: span.lo,
                region,
            });
            self.locals.insert(b.id, (body_index, local));
            let copy_of = copy_source.and_then(|id| self.locals.get(&id).map(|(_, i)| *i));
            let what = match site {
                BindSite::Param(_) => What::Param(name),
                _ => What::Binding(name),
            };
            let array = matches!(b.ty, Some(Ty::Array(..)));
            let extent = match site {
                BindSite::Let(local) => {
                    let start = at.token_span(syn::spanned::Spanned::span(&local.let_token));
                    let end = at.token_span(syn::spanned::Spanned::span(&local.semi_token));
                    Span::new(start.file, start.lo..end.hi)
                }
                BindSite::Param(_) => self.bodies[body_index].signature,
                _ => span,
            };
            self.bodies[body_index].slots.push(Slot {
                size: SlotSize::Of(b.ty.clone()),
                storage,
                kind,
                span,
                extent,
                what,
                region,
                local: Some(local),
                copy_of,
                array,
                release: false,
            });
        }
    }

    fn expr(&mut self, at: &At, expr: &syn::Expr) -> bool {
        if !self.open.is_empty() {
            self.expression(at, expr);
        }
        true
    }
}
