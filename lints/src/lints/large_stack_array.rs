use crate::collections::HashSet;
use crate::context::LintContext;
use crate::declare_lint;
use crate::diag::{Applicability, Diagnostic, Span, human_bytes};
use crate::layout::Layout;
use crate::model::ty::Ty;
use crate::model::{ItemKind, Ns, Res};
use crate::typeck::path_names;
use crate::walk::{At, Body, Hooks, address};

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

/// The lint as hooks, for a walk shared with other hooks.
pub(crate) fn pass<'a, 'o>(
    cx: &'a LintContext<'a>,
    out: &'o mut Vec<Diagnostic>,
) -> Arrays<'a, 'o> {
    Arrays {
        cx,
        reported: HashSet::default(),
        inside_array: Vec::new(),
        out,
    }
}

pub(crate) struct Arrays<'a, 'o> {
    cx: &'a LintContext<'a>,
    /// Expressions already reported (a `let` reports its initializer before it is walked),
    /// or not to be reported (arrays returned in place).
    reported: HashSet<Span>,
    /// The array literals and promoted references the walk is inside, by address: nested
    /// arrays are part of the outer array, which is checked whole (and checking each level
    /// again would be quadratic).
    inside_array: Vec<usize>,
    out: &'o mut Vec<Diagnostic>,
}

impl Arrays<'_, '_> {
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
    fn check_array_expr(&mut self, at: &At, expr: &syn::Expr, expected: Option<&Ty>) {
        if !self.inside_array.is_empty() {
            return;
        }
        let ty = at.env.infer_expecting(expr, expected);
        if let Some(layout) = ty.and_then(|ty| self.large_array(&ty)) {
            self.report(at.span(expr), layout, Finding::Expr);
        }
    }

    fn check_param(&mut self, at: &At, pat: &syn::PatType) {
        let ty = at.env.lower(&pat.ty);
        if let Some(layout) = self.large_array(&ty) {
            let text = self.cx.snippet(at.span(&pat.ty)).to_string();
            self.report(at.span(&*pat.ty), layout, Finding::Param { ty: text });
        }
    }

    /// The written type of a `let`, as the source says it.
    fn written_type(&self, at: &At, local: &syn::Local) -> String {
        match &local.pat {
            syn::Pat::Type(t) => self.cx.snippet(at.span(&*t.ty)).to_string(),
            _ => String::new(),
        }
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

impl Hooks for Arrays<'_, '_> {
    fn enter_body(&mut self, at: &At, body: Body) {
        match body {
            Body::Fn { sig, block, .. } => {
                for input in &sig.inputs {
                    if let syn::FnArg::Typed(pat) = input {
                        self.check_param(at, pat);
                    }
                }
                // An array in tail position is built straight into the caller's return
                // slot: the caller's binding is what holds it, and that is where it is
                // reported.
                if let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last()
                    && is_array_literal(tail)
                {
                    self.reported.insert(at.span(strip_parens(tail)));
                }
            }
            Body::Closure(c) => {
                for input in &c.inputs {
                    if let syn::Pat::Type(t) = input {
                        self.check_param(at, t);
                    }
                }
            }
            Body::Async(_) => {}
        }
    }

    fn local(&mut self, at: &At, local: &syn::Local) {
        let (declared, pat_span) = match &local.pat {
            syn::Pat::Type(t) => (Some(at.env.lower(&t.ty)), Some(at.span(t))),
            _ => (None, None),
        };
        let Some(init) = local.init.as_ref().map(|i| strip_parens(&i.expr)) else {
            // `let buf: [u8; N];` reserves the space even before it is assigned.
            if let (Some(declared), Some(span)) = (&declared, pat_span)
                && let Some(layout) = self.large_array(declared)
            {
                let ty = self.written_type(at, local);
                self.report(span, layout, Finding::Binding { ty });
            }
            return;
        };
        if is_array_literal(init) {
            self.check_array_expr(at, init, declared.as_ref());
        } else if let Some(declared) = &declared {
            if let (Some(layout), Some(span)) = (self.large_array(declared), pat_span) {
                let ty = self.written_type(at, local);
                self.report(span, layout, Finding::Binding { ty });
            }
        } else if self.inside_array.is_empty() {
            let inferred = at.env.infer(init);
            if let Some(layout) = inferred.as_ref().and_then(|t| self.large_array(t)) {
                if is_place(init) {
                    // `let _ = place;` reads nothing.
                    if !matches!(local.pat, syn::Pat::Wild(_)) {
                        self.report(at.span(init), layout, Finding::Copy);
                    }
                } else if let Some(ty) = inferred.as_ref() {
                    // A call or block that returns the array: there is no literal to put
                    // in `vec![..]`, but the binding's type can be boxed.
                    let ty = self.cx.model.ty_name(ty);
                    self.report(at.span(init), layout, Finding::Binding { ty });
                }
            }
        }
    }

    fn expr(&mut self, at: &At, expr: &syn::Expr) -> bool {
        match expr {
            syn::Expr::Array(_) | syn::Expr::Repeat(_) => {
                self.check_array_expr(at, expr, None);
                self.inside_array.push(address(expr));
            }
            // `&[0u8; N]` of constants becomes a static: nothing on the stack.
            syn::Expr::Reference(r) if r.mutability.is_none() && is_promotable(&r.expr, at) => {
                self.inside_array.push(address(expr));
            }
            // The elements of `vec![..]` are not looked into (see Known problems).
            syn::Expr::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "vec") => {
                return false;
            }
            _ => {}
        }
        true
    }

    fn leave_expr(&mut self, _at: &At, expr: &syn::Expr) {
        if self.inside_array.last() == Some(&address(expr)) {
            self.inside_array.pop();
        }
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
fn is_promotable(expr: &syn::Expr, at: &At) -> bool {
    match strip_parens(expr) {
        syn::Expr::Lit(_) => true,
        syn::Expr::Array(a) => a.elems.iter().all(|e| is_promotable(e, at)),
        syn::Expr::Repeat(r) => is_promotable(&r.expr, at),
        syn::Expr::Tuple(t) => t.elems.iter().all(|e| is_promotable(e, at)),
        syn::Expr::Unary(u) => matches!(u.op, syn::UnOp::Neg(_)) && is_promotable(&u.expr, at),
        syn::Expr::Path(p) => {
            let names = path_names(&p.path);
            if names.len() == 1 && at.env.local(&names[0]).is_some() {
                return false;
            }
            let model = at.env.model();
            match model.resolve(&at.env.cx.module, &names, Ns::Value) {
                Some(Res::Item(id)) => matches!(model.item(id).kind, ItemKind::Const { .. }),
                _ => {
                    names.len() == 2 && names[1].chars().all(|c| c.is_ascii_uppercase() || c == '_')
                }
            }
        }
        _ => false,
    }
}
