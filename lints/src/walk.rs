//! Walking function bodies with the types in scope: generics of the function and its impl,
//! `Self`, and local bindings with the types the source gives them. Lints that look at
//! expressions implement [`Hooks`] and let [`walk`] keep the [`TypeEnv`] up to date.
//!
//! Every body is announced ([`Hooks::enter_body`], [`Hooks::leave_body`]): functions,
//! methods, trait default methods, and the closures and async blocks inside them, which
//! are nested in the walk of their enclosing body. Every name bound is announced with its
//! type ([`Hooks::bound`]): parameters, `let`, match arms, `if let`/`while let`, `for`.

use crate::context::{LintContext, end_in, span_in, start_in};
use crate::diag::Span;
use crate::load::ModPath;
use crate::model::block_scope;
use crate::model::ty::Ty;
use crate::source::{FileId, SourceFile};
use crate::typeck::{Bound, TypeEnv};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// Where the walk is: the types in scope and the file being walked.
pub struct At<'a, 'm> {
    pub env: &'a TypeEnv<'m>,
    pub file: FileId,
    offset: usize,
    source: &'m SourceFile,
}

impl At<'_, '_> {
    pub fn span(&self, node: &impl Spanned) -> Span {
        self.token_span(node.span())
    }

    /// The span of an expression, found from its first and last tokens without
    /// re-tokenizing it (which [`span`](Self::span) does, at a cost growing with its size).
    pub fn expr_span(&self, expr: &syn::Expr) -> Span {
        let (first, last) = crate::spans::expr_bounds(expr);
        let start = start_in(self.source, self.offset, first);
        let end = end_in(self.source, self.offset, last);
        Span::new(self.file, start..end.max(start))
    }

    /// The byte offset of the parsed text in its file (after a BOM).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The span of one token or identifier (or of a node, joined from its tokens).
    pub fn token_span(&self, span: proc_macro2::Span) -> Span {
        span_in(self.source, self.file, self.offset, span)
    }
}

/// Where a function is declared: a trait impl's method signature is the trait's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A free function, in a module or a body.
    Module,
    /// A method of an inherent impl.
    Inherent,
    /// A method of a trait impl.
    TraitImpl,
    /// A method declared in a trait, with or without a default body.
    Trait,
}

/// A body of code that runs on its own stack frame.
#[derive(Clone, Copy)]
pub enum Body<'a> {
    Fn {
        sig: &'a syn::Signature,
        block: &'a syn::Block,
        owner: Owner,
        attrs: &'a [syn::Attribute],
        /// For methods: the impl's self type, and its trait for trait impls.
        impl_self: Option<&'a syn::Type>,
        impl_trait: Option<&'a syn::Path>,
        /// For default methods of a trait: the trait.
        trait_name: Option<&'a syn::Ident>,
        /// For methods: the generics of the impl or trait around them.
        container_generics: Option<&'a syn::Generics>,
    },
    Closure(&'a syn::ExprClosure),
    Async(&'a syn::ExprAsync),
}

/// Where names are bound.
#[derive(Clone, Copy)]
pub enum BindSite<'a> {
    /// A function's or closure's parameter.
    Param(&'a syn::Pat),
    Let(&'a syn::Local),
    Arm(&'a syn::Arm),
    /// `let` in an `if` or `while` condition.
    LetExpr(&'a syn::ExprLet),
    For(&'a syn::ExprForLoop),
}

/// A lexical scope inside a body: locals declared in it die at its end.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    Block(&'a syn::Block),
    Arm(&'a syn::Arm),
}

/// What a lint does at the points of a body it cares about.
pub trait Hooks {
    /// A block or a match arm starts.
    fn enter_scope(&mut self, _at: &At, _scope: Scope) {}

    /// The innermost scope ends.
    fn leave_scope(&mut self, _at: &At) {}

    /// The statement `block.stmts[index]` of the innermost block starts (the ones before it
    /// have been walked).
    fn stmt(&mut self, _at: &At, _block: &syn::Block, _index: usize) {}

    /// A body starts: after [`signature`](Self::signature), before its parameters are bound.
    fn enter_body(&mut self, _at: &At, _body: Body) {}

    /// A body ends.
    fn leave_body(&mut self, _at: &At, _body: Body) {}

    /// Names were bound, with the types inference gives them.
    fn bound(&mut self, _at: &At, _site: BindSite, _names: &[Bound]) {}

    /// Every function signature, with the function's generics (and its impl's, and `Self`)
    /// in scope.
    fn signature(&mut self, _at: &At, _sig: &syn::Signature, _owner: Owner) {}

    /// Every expression, before its children; `false` skips the children.
    fn expr(&mut self, _at: &At, _expr: &syn::Expr) -> bool {
        true
    }

    /// Every expression, after its children (or after [`expr`](Self::expr) said to skip them).
    fn leave_expr(&mut self, _at: &At, _expr: &syn::Expr) {}

    /// Every `let`, before its initializer is walked.
    fn local(&mut self, _at: &At, _local: &syn::Local) {}
}

/// Several hooks in one walk: the bodies are walked, and their types inferred, once.
///
/// A hook that skips an expression's children ([`Hooks::expr`] returns `false`) hears
/// nothing more until that expression ends, as if walked alone.
pub struct Fanout<'h> {
    /// Each hook, and the expression (by address) whose children it skips.
    hooks: Vec<(&'h mut dyn Hooks, Option<usize>)>,
}

impl<'h> Fanout<'h> {
    pub fn new(hooks: Vec<&'h mut dyn Hooks>) -> Fanout<'h> {
        Fanout {
            hooks: hooks.into_iter().map(|h| (h, None)).collect(),
        }
    }

    fn each(&mut self, mut call: impl FnMut(&mut dyn Hooks)) {
        for (hook, skipping) in &mut self.hooks {
            if skipping.is_none() {
                call(&mut **hook);
            }
        }
    }
}

/// An expression's identity for the length of a walk: hooks that mark an expression when
/// they hear it (`expr`) and unmark it when it ends (`leave_expr`) compare these.
pub(crate) fn address(expr: &syn::Expr) -> usize {
    expr as *const syn::Expr as usize
}

impl Hooks for Fanout<'_> {
    fn enter_scope(&mut self, at: &At, scope: Scope) {
        self.each(|h| h.enter_scope(at, scope));
    }

    fn leave_scope(&mut self, at: &At) {
        self.each(|h| h.leave_scope(at));
    }

    fn stmt(&mut self, at: &At, block: &syn::Block, index: usize) {
        self.each(|h| h.stmt(at, block, index));
    }

    fn enter_body(&mut self, at: &At, body: Body) {
        self.each(|h| h.enter_body(at, body));
    }

    fn leave_body(&mut self, at: &At, body: Body) {
        self.each(|h| h.leave_body(at, body));
    }

    fn bound(&mut self, at: &At, site: BindSite, names: &[Bound]) {
        self.each(|h| h.bound(at, site, names));
    }

    fn signature(&mut self, at: &At, sig: &syn::Signature, owner: Owner) {
        self.each(|h| h.signature(at, sig, owner));
    }

    fn expr(&mut self, at: &At, expr: &syn::Expr) -> bool {
        let mut any = false;
        for (hook, skipping) in &mut self.hooks {
            if skipping.is_none() {
                if hook.expr(at, expr) {
                    any = true;
                } else {
                    *skipping = Some(address(expr));
                }
            }
        }
        any
    }

    fn leave_expr(&mut self, at: &At, expr: &syn::Expr) {
        for (hook, skipping) in &mut self.hooks {
            match *skipping {
                None => hook.leave_expr(at, expr),
                Some(a) if a == address(expr) => *skipping = None,
                Some(_) => {}
            }
        }
    }

    fn local(&mut self, at: &At, local: &syn::Local) {
        self.each(|h| h.local(at, local));
    }
}

/// Walks every function body of the crate (free functions, methods, trait default methods,
/// closures inside them) with `hooks`. Constants and statics are not walked: nothing in
/// them runs on the stack.
pub fn walk(cx: &LintContext, hooks: &mut impl Hooks) {
    for file in cx.files {
        let mut walker = Walker {
            env: TypeEnv::new(cx.model, file.module.clone()),
            file: file.file,
            offset: file.parsed.offset,
            source: cx.sources.get(file.file),
            hooks,
            closure_item: None,
        };
        walker.visit_file(&file.parsed.ast);
    }
}

struct Walker<'m, 'h, H> {
    env: TypeEnv<'m>,
    file: FileId,
    offset: usize,
    source: &'m SourceFile,
    hooks: &'h mut H,
    /// The type of the first parameter of the closure about to be walked (by its address),
    /// when an iterator method gives it: `v.iter().map(|x| ..)`.
    closure_item: Option<(usize, Ty)>,
}

/// The impl or trait around a function.
#[derive(Clone, Copy, Default)]
struct Container<'a> {
    impl_self: Option<&'a syn::Type>,
    impl_trait: Option<&'a syn::Path>,
    trait_name: Option<&'a syn::Ident>,
    generics: Option<&'a syn::Generics>,
}

/// Where the walker is, borrowing only the fields it needs (the hooks stay free).
macro_rules! at {
    ($w:expr) => {
        &At {
            env: &$w.env,
            file: $w.file,
            offset: $w.offset,
            source: $w.source,
        }
    };
}

impl<H: Hooks> Walker<'_, '_, H> {
    fn announce(&mut self, site: BindSite, names: &[Bound]) {
        self.hooks.bound(at!(self), site, names);
    }

    fn walk_fn(
        &mut self,
        sig: &syn::Signature,
        block: Option<&syn::Block>,
        owner: Owner,
        attrs: &[syn::Attribute],
        container: Container,
    ) {
        let saved = self.env.enter_fn(&sig.generics);
        self.hooks.signature(at!(self), sig, owner);
        let Some(block) = block else {
            self.env.leave_fn(saved);
            return;
        };
        let body = Body::Fn {
            sig,
            block,
            owner,
            attrs,
            impl_self: container.impl_self,
            impl_trait: container.impl_trait,
            trait_name: container.trait_name,
            container_generics: container.generics,
        };
        self.hooks.enter_body(at!(self), body);
        for input in &sig.inputs {
            match input {
                syn::FnArg::Typed(pat) => {
                    let ty = self.env.lower(&pat.ty);
                    let names = self.env.bind(&pat.pat, Some(ty));
                    self.announce(BindSite::Param(&pat.pat), &names);
                }
                syn::FnArg::Receiver(r) => self.env.bind_self(r),
            }
        }
        let module = self.env.cx.module.clone();
        if block.stmts.iter().any(|s| matches!(s, syn::Stmt::Item(_))) {
            let offset = block.brace_token.span.open().byte_range().start + self.offset;
            self.env.cx.module = block_scope(&module, offset);
        }
        self.visit_block(block);
        self.env.cx.module = module;
        self.hooks.leave_body(at!(self), body);
        self.env.leave_fn(saved);
    }

    /// Arguments of the std macros that take expressions (`assert_eq!(a, b)`, `vec![x; n]`).
    fn walk_macro(&mut self, mac: &syn::Macro) {
        let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        if name == "vec" {
            for_vec_elements(mac, |expr| self.visit_expr(expr));
        } else if takes_expressions(&name) {
            for_macro_args(mac, |arg| self.visit_expr(arg));
        } else {
            return;
        }
        // The arguments parsed here are dropped: forget what was inferred about them.
        self.env.forget();
    }
}

/// The std macros that check their arguments, in debug builds or always.
pub(crate) const ASSERT_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
];

/// Whether the std macro `name` takes expressions, evaluated where the macro is: its
/// arguments are walked like the expressions around them (`vec!`, whose arguments have a
/// form of their own, aside).
pub(crate) fn takes_expressions(name: &str) -> bool {
    const OTHERS: &[&str] = &[
        "dbg", "format", "print", "println", "eprint", "eprintln", "write", "writeln", "panic",
    ];
    ASSERT_MACROS.contains(&name) || OTHERS.contains(&name)
}

/// Macros whose arguments are parsed inside other such macros' arguments, at most.
const MAX_MACRO_NESTING: usize = 32;

thread_local! {
    static MACRO_NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Parses the body of an expression-taking macro (`format!(..)`) as arguments and calls
/// `visit` on each. Parsing a body parses every macro inside it again, so macros nested
/// deeper than [`MAX_MACRO_NESTING`] are left unparsed, or nesting would cost its square.
pub fn for_macro_args(mac: &syn::Macro, visit: impl FnMut(&syn::Expr)) {
    one_macro_deeper(|| visit_args(mac, visit));
}

/// [`for_macro_args`] for `vec!`: the elements of `vec![a, b]`, or the element and the
/// length of `vec![x; n]`.
fn for_vec_elements(mac: &syn::Macro, mut visit: impl FnMut(&syn::Expr)) {
    one_macro_deeper(|| match crate::macro_bodies::repeat(mac) {
        Some(repeat) => {
            visit(&repeat.elem);
            visit(&repeat.len);
        }
        None => visit_args(mac, visit),
    });
}

fn visit_args(mac: &syn::Macro, visit: impl FnMut(&syn::Expr)) {
    if let Some(args) = crate::macro_bodies::args(mac) {
        args.iter().for_each(visit);
    }
}

/// Runs `visit_body` one macro deeper, unless that is past [`MAX_MACRO_NESTING`].
fn one_macro_deeper(visit_body: impl FnOnce()) {
    let depth = MACRO_NESTING.get();
    if depth >= MAX_MACRO_NESTING {
        return;
    }
    MACRO_NESTING.set(depth + 1);
    visit_body();
    MACRO_NESTING.set(depth);
}

impl<'ast, H: Hooks> Visit<'ast> for Walker<'_, '_, H> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.walk_fn(
            &f.sig,
            Some(&f.block),
            Owner::Module,
            &f.attrs,
            Container::default(),
        );
    }

    fn visit_item_impl(&mut self, imp: &'ast syn::ItemImpl) {
        let saved_generics = self.env.cx.generics.clone();
        let saved_self = self.env.cx.self_ty.take();
        self.env
            .cx
            .generics
            .extend(crate::model::lower::generics(&imp.generics));
        let saved_bounds = self.env.enter_impl(&imp.generics);
        self.env.cx.self_ty = Some(self.env.lower(&imp.self_ty));
        let owner = if imp.trait_.is_some() {
            Owner::TraitImpl
        } else {
            Owner::Inherent
        };
        let container = Container {
            impl_self: Some(&imp.self_ty),
            impl_trait: imp.trait_.as_ref().map(|(path, _)| path),
            trait_name: None,
            generics: Some(&imp.generics),
        };
        for item in &imp.items {
            if let syn::ImplItem::Fn(f) = item {
                self.walk_fn(&f.sig, Some(&f.block), owner, &f.attrs, container);
            }
        }
        self.env.cx.self_ty = saved_self;
        self.env.cx.generics = saved_generics;
        self.env.leave_impl(saved_bounds);
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        let saved_self = self.env.cx.self_ty.take();
        let container = Container {
            trait_name: Some(&t.ident),
            generics: Some(&t.generics),
            ..Container::default()
        };
        for item in &t.items {
            if let syn::TraitItem::Fn(f) = item {
                self.walk_fn(
                    &f.sig,
                    f.default.as_ref(),
                    Owner::Trait,
                    &f.attrs,
                    container,
                );
            }
        }
        self.env.cx.self_ty = saved_self;
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if let Some((_, items)) = &m.content {
            let mut child: ModPath = self.env.cx.module.clone();
            child.push(crate::load::unraw(&m.ident));
            let parent = std::mem::replace(&mut self.env.cx.module, child);
            for item in items {
                self.visit_item(item);
            }
            self.env.cx.module = parent;
        }
    }

    fn visit_item_const(&mut self, _: &'ast syn::ItemConst) {}
    fn visit_item_static(&mut self, _: &'ast syn::ItemStatic) {}
    fn visit_expr_const(&mut self, _: &'ast syn::ExprConst) {}
    fn visit_type(&mut self, _: &'ast syn::Type) {}
    fn visit_variant(&mut self, _: &'ast syn::Variant) {}

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.env.push_scope();
        self.hooks.enter_scope(at!(self), Scope::Block(block));
        for (index, stmt) in block.stmts.iter().enumerate() {
            self.hooks.stmt(at!(self), block, index);
            self.visit_stmt(stmt);
        }
        self.hooks.leave_scope(at!(self));
        self.env.pop_scope();
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        self.hooks.local(at!(self), local);
        let declared: Option<Ty> = match &local.pat {
            syn::Pat::Type(t) => Some(self.env.lower(&t.ty)),
            _ => None,
        };
        let ty = match (&declared, &local.init) {
            (Some(_), _) | (None, None) => declared,
            (None, Some(init)) => self.env.infer(&init.expr),
        };
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        let names = self.env.bind(&local.pat, ty);
        self.announce(BindSite::Let(local), &names);
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        let body = Body::Closure(c);
        self.hooks.enter_body(at!(self), body);
        self.env.push_scope();
        let address = c as *const syn::ExprClosure as usize;
        let mut item = match self.closure_item.take() {
            Some((a, ty)) if a == address => Some(ty),
            _ => None,
        };
        for input in &c.inputs {
            let names = match input {
                syn::Pat::Type(t) => {
                    let ty = self.env.lower(&t.ty);
                    self.env.bind(&t.pat, Some(ty))
                }
                other => {
                    let ty = item.take();
                    self.env.bind(other, ty)
                }
            };
            self.announce(BindSite::Param(input), &names);
        }
        self.visit_expr(&c.body);
        self.env.pop_scope();
        self.hooks.leave_body(at!(self), body);
    }

    fn visit_expr_async(&mut self, a: &'ast syn::ExprAsync) {
        let body = Body::Async(a);
        self.hooks.enter_body(at!(self), body);
        self.visit_block(&a.block);
        self.hooks.leave_body(at!(self), body);
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        let item = self.env.iter_item(&f.expr);
        self.env.push_scope();
        let names = self.env.bind(&f.pat, item);
        self.announce(BindSite::For(f), &names);
        self.visit_block(&f.body);
        self.env.pop_scope();
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        self.visit_expr(&m.expr);
        let scrutinee = self.env.infer(&m.expr);
        for arm in &m.arms {
            self.env.push_scope();
            self.hooks.enter_scope(at!(self), Scope::Arm(arm));
            let names = self.env.bind(&arm.pat, scrutinee.clone());
            self.announce(BindSite::Arm(arm), &names);
            if let syn::Pat::Guard(g) = &arm.pat {
                self.visit_expr(&g.guard);
            }
            self.visit_expr(&arm.body);
            self.hooks.leave_scope(at!(self));
            self.env.pop_scope();
        }
    }

    // `if let` and `while let` bind in the condition, for the block that follows.
    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        self.env.push_scope();
        self.visit_expr(&i.cond);
        self.visit_block(&i.then_branch);
        self.env.pop_scope();
        if let Some((_, else_branch)) = &i.else_branch {
            self.visit_expr(else_branch);
        }
    }

    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        self.env.push_scope();
        self.visit_expr(&w.cond);
        self.visit_block(&w.body);
        self.env.pop_scope();
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        self.visit_expr(&l.expr);
        let ty = self.env.infer(&l.expr);
        let names = self.env.bind(&l.pat, ty);
        self.announce(BindSite::LetExpr(l), &names);
    }

    // A closure given to an iterator method takes the iterator's items.
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        /// Methods whose closure takes an item, and whether by reference.
        const ITEM_CLOSURES: &[(&str, bool)] = &[
            ("map", false),
            ("for_each", false),
            ("filter_map", false),
            ("flat_map", false),
            ("any", false),
            ("all", false),
            ("position", false),
            ("try_for_each", false),
            ("map_while", false),
            ("filter", true),
            ("find", true),
            ("inspect", true),
            ("take_while", true),
            ("skip_while", true),
        ];
        let method = m.method.to_string();
        let item = ITEM_CLOSURES
            .iter()
            .find(|(name, _)| *name == method)
            .and_then(|&(_, by_ref)| {
                let item = self.env.iter_item(&m.receiver)?;
                Some(if by_ref {
                    Ty::Ptr(Box::new(item))
                } else {
                    item
                })
            });
        self.visit_expr(&m.receiver);
        for arg in &m.args {
            if let (Some(item), syn::Expr::Closure(c)) = (&item, arg) {
                self.closure_item = Some((c as *const syn::ExprClosure as usize, item.clone()));
            }
            self.visit_expr(arg);
        }
    }

    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        if self.hooks.expr(at!(self), expr) {
            match expr {
                syn::Expr::Macro(m) => self.walk_macro(&m.mac),
                _ => visit::visit_expr(self, expr),
            }
        }
        self.hooks.leave_expr(at!(self), expr);
    }

    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        self.walk_macro(&m.mac);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_crate::TestCrate;

    /// Records the text of every expression it hears of; skips the children of calls when
    /// `skip_calls`.
    struct Recorder<'s> {
        text: &'s str,
        skip_calls: bool,
        seen: Vec<String>,
    }

    impl Hooks for Recorder<'_> {
        fn expr(&mut self, at: &At, expr: &syn::Expr) -> bool {
            let span = at.expr_span(expr);
            self.seen.push(self.text[span.lo..span.hi].to_string());
            !(self.skip_calls && matches!(expr, syn::Expr::Call(_)))
        }
    }

    #[test]
    fn a_hook_that_skips_hears_in_a_fanout_what_it_hears_alone() {
        let text = "fn f() { g(h(1)); let v = k(2) + 3; }";
        let krate = TestCrate::new(text);
        let cx = krate.cx();
        let recorder = |skip_calls| Recorder {
            text,
            skip_calls,
            seen: Vec::new(),
        };
        let mut alone = recorder(true);
        walk(&cx, &mut alone);
        let (mut skipper, mut watcher) = (recorder(true), recorder(false));
        walk(&cx, &mut Fanout::new(vec![&mut skipper, &mut watcher]));
        assert_eq!(alone.seen, ["g(h(1))", "k(2) + 3", "k(2)", "3"]);
        assert_eq!(skipper.seen, alone.seen);
        assert_eq!(
            watcher.seen,
            [
                "g(h(1))", "g", "h(1)", "h", "1", "k(2) + 3", "k(2)", "k", "2", "3"
            ]
        );
    }

    #[test]
    fn the_walk_goes_into_vec_up_to_the_macro_nesting_limit() {
        let text = "fn f(n: usize) { let a = vec![g(1), 2]; let b = vec![h(3); n]; }";
        let krate = TestCrate::new(text);
        let mut heard = Recorder {
            text,
            skip_calls: false,
            seen: Vec::new(),
        };
        walk(&krate.cx(), &mut heard);
        for inside in ["g(1)", "g", "1", "2", "h(3)", "h", "3", "n"] {
            assert!(
                heard.seen.iter().any(|s| s == inside),
                "{inside}: {:?}",
                heard.seen
            );
        }
        // Nested far past the limit: the innermost call is not heard, and the walk ends.
        let depth = MAX_MACRO_NESTING + 10;
        let text = format!(
            "fn f() {{ {}deep(){} }}",
            "vec![".repeat(depth),
            "]".repeat(depth)
        );
        let krate = TestCrate::new(&text);
        let mut heard = Recorder {
            text: &text,
            skip_calls: false,
            seen: Vec::new(),
        };
        walk(&krate.cx(), &mut heard);
        assert!(heard.seen.iter().all(|s| s != "deep()"));
        let vecs = heard.seen.iter().filter(|s| s.starts_with("vec![")).count();
        assert_eq!(
            vecs,
            MAX_MACRO_NESTING + 1,
            "the outermost and one per level walked"
        );
    }
}
