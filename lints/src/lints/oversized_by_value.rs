use crate::context::LintContext;
use crate::declare_lint;
use crate::diag::{Applicability, Diagnostic, Span, human_bytes};
use crate::layout::Layout;
use crate::model::ty::Ty;
use crate::walk::{At, Hooks, Owner, walk};

declare_lint! {
    /// ### What it does
    /// Finds function parameters, return types and `self` receivers passed by value whose
    /// type is at least `by-value-size-threshold` bytes (default 16384). Unlike Clippy's
    /// `large_types_passed_by_value`, it looks at every type, not only `Copy` ones, and at
    /// return values too.
    ///
    /// ### Why is this bad?
    /// A value passed or returned by value is copied through the stack: the caller builds
    /// it in a slot of its own frame, and debug builds often copy it again on each side of
    /// the call. Every caller pays for the full size, on every call, and in a recursion
    /// on every level.
    ///
    /// ### Example
    /// ```rust,ignore
    /// struct Image { pixels: [u32; 16384] }
    /// fn brightness(image: Image) -> u32 { /* .. */ }
    /// fn blank() -> Image { /* .. */ }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// fn brightness(image: &Image) -> u32 { /* .. */ }
    /// fn blank() -> Box<Image> { /* .. */ }
    /// ```
    ///
    /// ### Known problems
    /// - Arrays taken by value are `large_stack_array`'s: this lint leaves them to it.
    /// - Methods of trait impls are not reported: the trait decides their signatures, and
    ///   the trait's own declaration is reported instead.
    /// - Types of generic parameters and of other crates are unknown (except the std types
    ///   memlint knows), so they are reported only when what is known is already too large.
    pub static OVERSIZED_BY_VALUE = {
        name: "oversized_by_value",
        level: Warn,
        summary: "a large value is passed or returned by value",
        clippy: "large_types_passed_by_value",
    };
}

pub fn check(cx: &LintContext, out: &mut Vec<Diagnostic>) {
    walk(cx, &mut pass(cx, out));
}

/// The lint as hooks, for a walk shared with other hooks.
pub(crate) fn pass<'a, 'o>(
    cx: &'a LintContext<'a>,
    out: &'o mut Vec<Diagnostic>,
) -> Signatures<'a, 'o> {
    Signatures { cx, out }
}

pub(crate) struct Signatures<'a, 'o> {
    cx: &'a LintContext<'a>,
    out: &'o mut Vec<Diagnostic>,
}

enum Place {
    Param { mutable: bool },
    SelfParam { mutable: bool },
    Return,
}

impl Hooks for Signatures<'_, '_> {
    fn signature(&mut self, at: &At, sig: &syn::Signature, owner: Owner) {
        if owner == Owner::TraitImpl {
            return;
        }
        for input in &sig.inputs {
            match input {
                syn::FnArg::Typed(pat) => {
                    let mutable = matches!(&*pat.pat, syn::Pat::Ident(p) if p.mutability.is_some());
                    self.check(at, &pat.ty, Place::Param { mutable });
                }
                syn::FnArg::Receiver(r) => {
                    // `self`, `mut self`, `self: Self`; not `&self` nor `self: Box<Self>`.
                    let ty = match &r.kind {
                        syn::ReceiverKind::Value => at.env.cx.self_ty.clone(),
                        syn::ReceiverKind::Typed(_, ty) => Some(at.env.lower(ty)),
                        _ => None,
                    };
                    if let Some(layout) = ty.and_then(|ty| self.too_large(at, &ty)) {
                        let mutable = r.mutability.is_some();
                        self.report(at.span(&r.self_token), layout, Place::SelfParam { mutable });
                    }
                }
            }
        }
        if let syn::ReturnType::Type(_, ty) = &sig.output {
            self.check(at, ty, Place::Return);
        }
    }
}

impl Signatures<'_, '_> {
    fn too_large(&self, at: &At, ty: &Ty) -> Option<Layout> {
        let layout = at.env.model().layout_of(ty)?;
        (layout.size >= self.cx.config.by_value_size_threshold).then_some(layout)
    }

    fn check(&mut self, at: &At, written: &syn::Type, place: Place) {
        let ty = at.env.lower(written);
        let Some(layout) = self.too_large(at, &ty) else {
            return;
        };
        let is_array = matches!(at.env.model().expand_aliases(&ty), Ty::Array(..));
        if matches!(place, Place::Param { .. })
            && is_array
            && layout.size >= self.cx.config.array_size_threshold
        {
            // `large_stack_array` reports array parameters.
            return;
        }
        self.report(at.span(written), layout, place);
    }

    fn report(&mut self, span: Span, layout: Layout, place: Place) {
        let (bytes, at_least) = if layout.exact {
            (format!("{} bytes", layout.size), "")
        } else {
            (format!("at least {} bytes", layout.size), "at least ")
        };
        let label = format!(
            "{at_least}{} copied through the stack on every call",
            human_bytes(layout.size)
        );
        let text = self.cx.snippet(span).trim().to_string();
        let diag = match place {
            Place::Param { mutable } => {
                let reference = if mutable { "&mut " } else { "&" };
                Diagnostic::lint(
                    &OVERSIZED_BY_VALUE,
                    format!("this parameter takes {bytes} by value"),
                    span,
                    label,
                )
                .with_suggestion(
                    "take it by reference",
                    span,
                    format!("{reference}{text}"),
                    Applicability::MaybeIncorrect,
                )
                .with_suggestion(
                    "or take it boxed",
                    span,
                    format!("Box<{text}>"),
                    Applicability::MaybeIncorrect,
                )
            }
            Place::SelfParam { mutable } => Diagnostic::lint(
                &OVERSIZED_BY_VALUE,
                format!("this method takes `self` by value: {bytes}"),
                span,
                label,
            )
            .with_suggestion(
                "take it by reference",
                span,
                if mutable { "&mut self" } else { "&self" }.to_string(),
                Applicability::MaybeIncorrect,
            ),
            Place::Return => Diagnostic::lint(
                &OVERSIZED_BY_VALUE,
                format!("this function returns {bytes} by value"),
                span,
                label,
            )
            .with_suggestion(
                "return it boxed",
                span,
                format!("Box<{text}>"),
                Applicability::MaybeIncorrect,
            )
            .with_help(format!("or let the caller pass a `&mut {text}` to fill")),
        };
        self.out.push(diag);
    }
}
