use crate::collections::HashSet;
use crate::context::{LintContext, span_in};
use crate::declare_lint;
use crate::diag::{Applicability, Diagnostic, Span, human_bytes};
use crate::layout::Layout;
use crate::load::ModPath;
use crate::model::ty::Ty;
use crate::model::{ItemKind, Ns, Res, block_scope};
use crate::source::FileId;
use crate::typeck::{TypeEnv, path_names};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

declare_lint! {
    /// ### What it does
    /// Finds arrays of at least `array-size-threshold` bytes (default 16384) that live on
    /// the stack: array expressions (`[0u8; 1 << 20]`, `[a, b, c]`, nested arrays, arrays of
    /// tuples and of the crate's structs), `let` bindings whose written type is such an
    /// array, copies of such arrays out of bindings, fields, constants and statics, and
    /// function or closure parameters that take one by value.
    ///
    /// ### Why is this bad?
    /// A spawned thread has 2 MiB of stack and the main thread 8 MiB. One large array,
    /// or a few of them along a call chain, overflows it, and a stack overflow aborts the
    /// whole process. Debug builds copy arrays more than release builds do, so code that
    /// passes in release can crash in tests.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let mut scratch = [0u8; 1 << 20];
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let mut scratch = vec![0u8; 1 << 20];
    /// // or, to keep a fixed length:
    /// let mut scratch = vec![0u8; 1 << 20].into_boxed_slice();
    /// ```
    ///
    /// ### Known problems
    /// - Lengths must be constant expressions memlint can evaluate: literals, arithmetic,
    ///   the crate's `usize` constants, `u16::MAX as usize`, `size_of::<T>()`. A const
    ///   generic length (`[u8; N]` in `fn f<const N: usize>`) is not known.
    /// - Element types come from what the source says. An unsuffixed integer literal
    ///   (`[0; 4096]`) is counted as at least one byte per element; element types from
    ///   other crates are unknown and the array is not reported.
    /// - Arrays built inside macros other than the std assertion and formatting macros are
    ///   not seen; `vec![..]` is on the heap and never reported.
    /// - `&[0u8; N]` of constants is promoted to a static by the compiler and not reported.
    pub static LARGE_STACK_ARRAY = {
        name: "large_stack_array",
        level: Warn,
        summary: "a large array lives on the stack",
        clippy: "large_stack_arrays",
    };
}

pub fn check(cx: &LintContext, out: &mut Vec<Diagnostic>) {
    for file in cx.files {
        let mut v = ArrayVisitor {
            cx,
            file: file.file,
            offset: file.parsed.offset,
            env: TypeEnv::new(cx.model, file.module.clone()),
            reported: HashSet::default(),
            inside_array: 0,
            out,
        };
        v.visit_file(&file.parsed.ast);
    }
}

struct ArrayVisitor<'a, 'o> {
    cx: &'a LintContext<'a>,
    file: FileId,
    offset: usize,
    env: TypeEnv<'a>,
    /// Expressions already reported (a `let` reports its initializer before walking it), or
    /// not to be reported (arrays returned in place).
    reported: HashSet<Span>,
    /// Inside an array literal or a promoted reference: nested arrays are part of the outer
    /// array, which is checked whole (and checking each level again would be quadratic).
    inside_array: usize,
    out: &'o mut Vec<Diagnostic>,
}

impl ArrayVisitor<'_, '_> {
    fn span(&self, node: &impl Spanned) -> Span {
        span_in(
            self.cx.sources.get(self.file),
            self.file,
            self.offset,
            node.span(),
        )
    }

    fn threshold(&self) -> u64 {
        self.cx.config.array_size_threshold
    }

    /// The layout of `ty` if it is an array at or over the threshold.
    fn large_array(&self, ty: &Ty) -> Option<Layout> {
        let ty = self.cx.model.expand_aliases(ty);
        if !matches!(ty, Ty::Array(..)) {
            return None;
        }
        self.cx
            .model
            .layout_of(&ty)
            .filter(|l| l.size >= self.threshold())
    }

    fn report(&mut self, span: Span, layout: Layout, what: Finding) {
        if !self.reported.insert(span) {
            return;
        }
        let size = human_bytes(layout.size);
        let (bytes, at_least) = if layout.exact {
            (format!("{} bytes", layout.size), String::new())
        } else {
            (
                format!("at least {} bytes", layout.size),
                "at least ".to_string(),
            )
        };
        let text = self.cx.snippet(span).to_string();
        let diag = match what {
            Finding::Expr => Diagnostic::lint(
                &LARGE_STACK_ARRAY,
                format!("this array of {bytes} lives on the stack"),
                span,
                format!("{at_least}{size} on the stack"),
            )
            .with_suggestion(
                "put it on the heap",
                span,
                format!("vec!{}", text.trim()),
                Applicability::MaybeIncorrect,
            ),
            Finding::Binding { ty } => Diagnostic::lint(
                &LARGE_STACK_ARRAY,
                format!("this binding holds an array of {bytes} on the stack"),
                span,
                format!("{at_least}{size} on the stack"),
            )
            .with_help(format!(
                "keep it on the heap: `Box<{ty}>`, or a `Vec` built with `vec![..]`"
            )),
            Finding::Copy => Diagnostic::lint(
                &LARGE_STACK_ARRAY,
                format!("this copies an array of {bytes} onto the stack"),
                span,
                format!("{at_least}{size} copied to the stack"),
            )
            .with_suggestion(
                "borrow it instead",
                span,
                format!("&{}", text.trim()),
                Applicability::MaybeIncorrect,
            ),
            Finding::Param { ty } => Diagnostic::lint(
                &LARGE_STACK_ARRAY,
                format!("this parameter takes an array of {bytes} by value, on the stack"),
                span,
                format!("{at_least}{size} copied to the stack on every call"),
            )
            .with_suggestion(
                "take it by reference",
                span,
                format!("&{ty}"),
                Applicability::MaybeIncorrect,
            ),
        };
        self.out.push(diag);
    }

    /// Checks an array expression, with the type its context expects.
    fn check_array_expr(&mut self, expr: &syn::Expr, expected: Option<&Ty>) {
        if self.inside_array > 0 {
            return;
        }
        let ty = self.env.infer_expecting(expr, expected);
        if let Some(layout) = ty.and_then(|ty| self.large_array(&ty)) {
            self.report(self.span(expr), layout, Finding::Expr);
        }
    }

    fn check_param(&mut self, pat: &syn::PatType) {
        let ty = self.env.lower(&pat.ty);
        if let Some(layout) = self.large_array(&ty) {
            let text = self.cx.snippet(self.span(&pat.ty)).to_string();
            self.report(self.span(&*pat.ty), layout, Finding::Param { ty: text });
        }
        self.env.bind(&pat.pat, Some(ty));
    }

    /// `fn` items, methods and trait methods: a fresh set of locals and the fn's generics.
    fn walk_fn(&mut self, sig: &syn::Signature, block: &syn::Block) {
        let saved = self.env.enter_fn(&sig.generics);
        for input in &sig.inputs {
            match input {
                syn::FnArg::Typed(pat) => self.check_param(pat),
                syn::FnArg::Receiver(r) => self.env.bind_self(r),
            }
        }
        let module = self.env.cx.module.clone();
        let has_items = block.stmts.iter().any(|s| matches!(s, syn::Stmt::Item(_)));
        if has_items {
            let offset = block.brace_token.span.open().byte_range().start + self.offset;
            self.env.cx.module = block_scope(&module, offset);
        }
        // An array in tail position is built straight into the caller's return slot: the
        // caller's binding is what holds it, and that is where it is reported.
        if let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last()
            && is_array_literal(tail)
        {
            self.reported.insert(self.span(strip_parens(tail)));
        }
        self.visit_block(block);
        self.env.cx.module = module;
        self.env.leave_fn(saved);
    }

    fn walk_local(&mut self, local: &syn::Local) {
        let (declared, pat_span) = match &local.pat {
            syn::Pat::Type(t) => (Some(self.env.lower(&t.ty)), Some(self.span(t))),
            _ => (None, None),
        };
        let init = local.init.as_ref().map(|i| &*i.expr);
        let mut bound = declared.clone();
        if let Some(init) = init {
            let init = strip_parens(init);
            if is_array_literal(init) {
                self.check_array_expr(init, declared.as_ref());
            } else if let Some(declared) = &declared {
                if let (Some(layout), Some(span)) = (self.large_array(declared), pat_span) {
                    let ty = match &local.pat {
                        syn::Pat::Type(t) => self.cx.snippet(self.span(&*t.ty)).to_string(),
                        _ => String::new(),
                    };
                    self.report(span, layout, Finding::Binding { ty });
                }
            } else if self.inside_array == 0 {
                let inferred = self.env.infer(init);
                if let Some(layout) = inferred.as_ref().and_then(|t| self.large_array(t)) {
                    if is_place(init) {
                        self.report(self.span(init), layout, Finding::Copy);
                    } else if let Some(ty) = inferred.as_ref() {
                        // A call or block that returns the array: there is no literal to
                        // put in `vec![..]`, but the binding's type can be boxed.
                        let ty = self.cx.model.ty_name(ty);
                        self.report(self.span(init), layout, Finding::Binding { ty });
                    }
                }
                bound = inferred;
            }
            if declared.is_some() && bound.is_none() {
                bound = self.env.infer(init);
            }
        } else if let (Some(declared), Some(span)) = (&declared, pat_span) {
            // `let buf: [u8; N];` reserves the space even before it is assigned.
            if let Some(layout) = self.large_array(declared) {
                let ty = match &local.pat {
                    syn::Pat::Type(t) => self.cx.snippet(self.span(&*t.ty)).to_string(),
                    _ => String::new(),
                };
                self.report(span, layout, Finding::Binding { ty });
            }
        }
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        self.env.bind(&local.pat, bound);
    }

    /// Expressions inside std macros that take expressions (`assert_eq!(a, [0u8; N])`).
    fn walk_macro(&mut self, mac: &syn::Macro) {
        let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        if !crate::walk::takes_expressions(&name) {
            return;
        }
        crate::walk::for_macro_args(mac, |arg| self.visit_expr(arg));
        // The arguments parsed here are dropped: forget what was inferred about them.
        self.env.forget();
    }
}

enum Finding {
    /// An array expression.
    Expr,
    /// A binding whose written type is a large array.
    Binding { ty: String },
    /// A copy out of a binding, field, constant or static.
    Copy,
    /// A by-value parameter.
    Param { ty: String },
}

impl<'ast> Visit<'ast> for ArrayVisitor<'_, '_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.walk_fn(&f.sig, &f.block);
    }

    fn visit_item_impl(&mut self, imp: &'ast syn::ItemImpl) {
        let saved_generics = self.env.cx.generics.clone();
        let saved_self = self.env.cx.self_ty.take();
        self.env
            .cx
            .generics
            .extend(crate::model::lower::generics(&imp.generics));
        self.env.cx.self_ty = Some(self.env.lower(&imp.self_ty));
        for item in &imp.items {
            if let syn::ImplItem::Fn(f) = item {
                self.walk_fn(&f.sig, &f.block);
            }
        }
        self.env.cx.self_ty = saved_self;
        self.env.cx.generics = saved_generics;
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        let saved_self = self.env.cx.self_ty.take();
        for item in &t.items {
            if let syn::TraitItem::Fn(f) = item
                && let Some(block) = &f.default
            {
                self.walk_fn(&f.sig, block);
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

    // Constants and statics are not on the stack; neither is anything in a const context.
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
        self.walk_local(local);
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.env.push_scope();
        for input in &c.inputs {
            match input {
                syn::Pat::Type(t) => self.check_param(t),
                other => {
                    self.env.bind(other, None);
                }
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
        match expr {
            syn::Expr::Array(_) | syn::Expr::Repeat(_) => {
                self.check_array_expr(expr, None);
                self.inside_array += 1;
                match expr {
                    syn::Expr::Repeat(r) => self.visit_expr(&r.expr),
                    _ => visit::visit_expr(self, expr),
                }
                self.inside_array -= 1;
            }
            syn::Expr::Reference(r) if r.mutability.is_none() && is_promotable(&r.expr, self) => {
                // `&[0u8; N]` of constants becomes a static: nothing on the stack.
                self.inside_array += 1;
                self.visit_expr(&r.expr);
                self.inside_array -= 1;
            }
            syn::Expr::Macro(m) => self.walk_macro(&m.mac),
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        self.walk_macro(&m.mac);
    }
}

fn strip_parens(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        expr = match expr {
            syn::Expr::Paren(p) => &p.expr,
            syn::Expr::Group(g) => &g.expr,
            _ => return expr,
        }
    }
}

fn is_array_literal(expr: &syn::Expr) -> bool {
    matches!(
        strip_parens(expr),
        syn::Expr::Array(_) | syn::Expr::Repeat(_)
    )
}

/// Expressions that name existing memory: reading them by value copies it.
fn is_place(expr: &syn::Expr) -> bool {
    match strip_parens(expr) {
        syn::Expr::Path(_) | syn::Expr::Field(_) | syn::Expr::Index(_) => true,
        syn::Expr::Unary(u) => matches!(u.op, syn::UnOp::Deref(_)),
        _ => false,
    }
}

/// Whether rustc promotes `&expr` to a static: literals, constants, and arrays or tuples of
/// them (not calls, not locals).
fn is_promotable(expr: &syn::Expr, v: &ArrayVisitor) -> bool {
    match strip_parens(expr) {
        syn::Expr::Lit(_) => true,
        syn::Expr::Array(a) => a.elems.iter().all(|e| is_promotable(e, v)),
        syn::Expr::Repeat(r) => is_promotable(&r.expr, v),
        syn::Expr::Tuple(t) => t.elems.iter().all(|e| is_promotable(e, v)),
        syn::Expr::Unary(u) => matches!(u.op, syn::UnOp::Neg(_)) && is_promotable(&u.expr, v),
        syn::Expr::Path(p) => {
            let names = path_names(&p.path);
            if names.len() == 1 && v.env.local(&names[0]).is_some() {
                return false;
            }
            match v.cx.model.resolve(&v.env.cx.module, &names, Ns::Value) {
                Some(Res::Item(id)) => matches!(v.cx.model.item(id).kind, ItemKind::Const { .. }),
                _ => {
                    names.len() == 2 && names[1].chars().all(|c| c.is_ascii_uppercase() || c == '_')
                }
            }
        }
        _ => false,
    }
}
