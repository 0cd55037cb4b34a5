//! Walking function bodies with the types in scope: generics of the function and its impl,
//! `Self`, and local bindings with the types the source gives them. Lints that look at
//! expressions implement [`Hooks`] and let [`walk`] keep the [`TypeEnv`] up to date.

use crate::context::{LintContext, span_of};
use crate::diag::Span;
use crate::load::ModPath;
use crate::model::block_scope;
use crate::source::FileId;
use crate::typeck::TypeEnv;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// Where the walk is: the types in scope and the file being walked.
pub struct At<'a, 'm> {
    pub env: &'a TypeEnv<'m>,
    pub file: FileId,
    offset: usize,
}

impl At<'_, '_> {
    pub fn span(&self, node: &impl Spanned) -> Span {
        span_of(self.file, self.offset, node.span())
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

/// What a lint does at the points of a body it cares about.
pub trait Hooks {
    /// Every function signature, with the function's generics (and its impl's, and `Self`)
    /// in scope.
    fn signature(&mut self, _at: &At, _sig: &syn::Signature, _owner: Owner) {}

    /// Every expression, before its children; `false` skips the children.
    fn expr(&mut self, _at: &At, _expr: &syn::Expr) -> bool {
        true
    }

    /// Every `let`, before its initializer is walked.
    fn local(&mut self, _at: &At, _local: &syn::Local) {}
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
            hooks,
        };
        walker.visit_file(&file.parsed.ast);
    }
}

struct Walker<'m, 'h, H> {
    env: TypeEnv<'m>,
    file: FileId,
    offset: usize,
    hooks: &'h mut H,
}

impl<H: Hooks> Walker<'_, '_, H> {
    fn walk_fn(&mut self, sig: &syn::Signature, block: Option<&syn::Block>, owner: Owner) {
        let saved = self.env.enter_fn(&sig.generics);
        let at = At {
            env: &self.env,
            file: self.file,
            offset: self.offset,
        };
        self.hooks.signature(&at, sig, owner);
        let Some(block) = block else {
            self.env.leave_fn(saved);
            return;
        };
        for input in &sig.inputs {
            match input {
                syn::FnArg::Typed(pat) => {
                    let ty = self.env.lower(&pat.ty);
                    self.env.bind(&pat.pat, Some(ty));
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
        self.env.leave_fn(saved);
    }

    /// Arguments of the std macros that take expressions (`assert_eq!(a, b)`).
    fn walk_macro(&mut self, mac: &syn::Macro) {
        const EXPR_MACROS: &[&str] = &[
            "assert",
            "assert_eq",
            "assert_ne",
            "debug_assert",
            "debug_assert_eq",
            "debug_assert_ne",
            "dbg",
            "format",
            "print",
            "println",
            "eprint",
            "eprintln",
            "write",
            "writeln",
            "panic",
        ];
        let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        if !EXPR_MACROS.contains(&name.as_str()) {
            return;
        }
        for_macro_args(mac, |arg| self.visit_expr(arg));
    }
}

/// Macros whose arguments are parsed inside other such macros' arguments, at most.
const MAX_MACRO_NESTING: usize = 32;

thread_local! {
    static MACRO_NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Parses the body of an expression-taking macro (`format!(..)`) as arguments and calls
/// `visit` on each. Parsing a body parses every macro inside it again, so macros nested
/// deeper than [`MAX_MACRO_NESTING`] are left unparsed, or nesting would cost its square.
pub fn for_macro_args(mac: &syn::Macro, mut visit: impl FnMut(&syn::Expr)) {
    let depth = MACRO_NESTING.get();
    if depth >= MAX_MACRO_NESTING {
        return;
    }
    let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
    let Ok(args) = mac.parse_body_with(parser) else {
        return;
    };
    MACRO_NESTING.set(depth + 1);
    for arg in &args {
        visit(arg);
    }
    MACRO_NESTING.set(depth);
}

impl<'ast, H: Hooks> Visit<'ast> for Walker<'_, '_, H> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.walk_fn(&f.sig, Some(&f.block), Owner::Module);
    }

    fn visit_item_impl(&mut self, imp: &'ast syn::ItemImpl) {
        let saved_generics = self.env.cx.generics.clone();
        let saved_self = self.env.cx.self_ty.take();
        self.env
            .cx
            .generics
            .extend(crate::model::lower::generics(&imp.generics));
        self.env.cx.self_ty = Some(self.env.lower(&imp.self_ty));
        let owner = if imp.trait_.is_some() {
            Owner::TraitImpl
        } else {
            Owner::Inherent
        };
        for item in &imp.items {
            if let syn::ImplItem::Fn(f) = item {
                self.walk_fn(&f.sig, Some(&f.block), owner);
            }
        }
        self.env.cx.self_ty = saved_self;
        self.env.cx.generics = saved_generics;
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        let saved_self = self.env.cx.self_ty.take();
        for item in &t.items {
            if let syn::TraitItem::Fn(f) = item {
                self.walk_fn(&f.sig, f.default.as_ref(), Owner::Trait);
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
        visit::visit_block(self, block);
        self.env.pop_scope();
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let at = At {
            env: &self.env,
            file: self.file,
            offset: self.offset,
        };
        self.hooks.local(&at, local);
        let declared = match &local.pat {
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
        self.env.bind(&local.pat, ty);
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.env.push_scope();
        for input in &c.inputs {
            match input {
                syn::Pat::Type(t) => {
                    let ty = self.env.lower(&t.ty);
                    self.env.bind(&t.pat, Some(ty));
                }
                other => self.env.bind(other, None),
            }
        }
        self.visit_expr(&c.body);
        self.env.pop_scope();
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        self.env.push_scope();
        self.env.bind(&f.pat, None);
        self.visit_block(&f.body);
        self.env.pop_scope();
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        self.env.push_scope();
        self.env.bind(&arm.pat, None);
        if let syn::Pat::Guard(g) = &arm.pat {
            self.visit_expr(&g.guard);
        }
        self.visit_expr(&arm.body);
        self.env.pop_scope();
    }

    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        let at = At {
            env: &self.env,
            file: self.file,
            offset: self.offset,
        };
        if !self.hooks.expr(&at, expr) {
            return;
        }
        match expr {
            syn::Expr::Macro(m) => self.walk_macro(&m.mac),
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        self.walk_macro(&m.mac);
    }
}
