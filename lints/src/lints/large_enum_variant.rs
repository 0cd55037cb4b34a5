use crate::collections::HashMap;
use crate::context::{LintContext, span_in};
use crate::declare_lint;
use crate::diag::{Applicability, Diagnostic, Span};
use crate::layout::{Layout, VariantLayout};
use crate::model::ty::{GenericArg, Len, Ty};
use crate::model::{GenericParam, ItemId, ItemKind};
use crate::source::FileId;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

declare_lint! {
    /// ### What it does
    /// Finds enums whose largest variant is more than `enum-variant-size-threshold` bytes
    /// (default 200, as Clippy) larger than the second-largest one. It labels both
    /// variants and the whole enum with their sizes, and suggests boxing the largest
    /// variant's biggest fields, saying what the enum's size becomes.
    ///
    /// ### Why is this bad?
    /// An enum is as large as its largest variant: every value takes that much space,
    /// whichever variant it holds. A `Vec` of messages that are almost all small, or a
    /// recursive function that keeps such a value in each frame, pays for the large
    /// variant every time, on the stack and in every copy.
    ///
    /// ### Example
    /// ```rust,ignore
    /// enum Message {
    ///     Quit,
    ///     Move { x: i32, y: i32 },
    ///     Frame([u8; 4096]),
    /// }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// enum Message {
    ///     Quit,
    ///     Move { x: i32, y: i32 },
    ///     Frame(Box<[u8; 4096]>),
    /// }
    /// ```
    ///
    /// ### Known problems
    /// - Variant sizes are the sums of their fields' sizes, as Clippy counts them. A variant
    ///   with a field of unknown size (a generic parameter, a type of another crate) is only
    ///   known to be at least that large: the lint fires only when the difference is certain.
    /// - Variants under a `#[cfg]` memlint cannot decide make the enum's shape unknown; it is
    ///   not reported.
    /// - Boxing makes a `Copy` enum no longer `Copy`; for those memlint only notes it.
    pub static LARGE_ENUM_VARIANT = {
        name: "large_enum_variant",
        level: Warn,
        summary: "an enum variant is much larger than the others",
        clippy: "large_enum_variant",
    };
}

pub fn check(cx: &LintContext, out: &mut Vec<Diagnostic>) {
    let enums: HashMap<Span, ItemId> = cx
        .model
        .item_ids()
        .filter(|&id| matches!(cx.model.item(id).kind, ItemKind::Enum(_)))
        .map(|id| (cx.model.item(id).span, id))
        .collect();
    for file in cx.files {
        let mut v = EnumVisitor {
            cx,
            enums: &enums,
            file: file.file,
            offset: file.parsed.offset,
            out,
        };
        v.visit_file(&file.parsed.ast);
    }
}

struct EnumVisitor<'a, 'o> {
    cx: &'a LintContext<'a>,
    enums: &'a HashMap<Span, ItemId>,
    file: FileId,
    offset: usize,
    out: &'o mut Vec<Diagnostic>,
}

impl<'ast> Visit<'ast> for EnumVisitor<'_, '_> {
    fn visit_item_enum(&mut self, e: &'ast syn::ItemEnum) {
        let ident = self.token_span(e.ident.span());
        if let Some(&id) = self.enums.get(&ident)
            && let Some(diag) = self.check_enum(id, e, ident)
        {
            self.out.push(diag);
        }
        visit::visit_item_enum(self, e);
    }
}

impl EnumVisitor<'_, '_> {
    fn span(&self, node: &impl Spanned) -> Span {
        self.token_span(node.span())
    }

    fn token_span(&self, span: proc_macro2::Span) -> Span {
        span_in(self.cx.sources.get(self.file), self.file, self.offset, span)
    }

    /// From the variant's name to the end of its fields (leaving out attributes and doc
    /// comments, which would make the label span lines).
    fn variant_span(&self, v: &syn::Variant) -> Span {
        let lo = self.span(&v.ident).lo;
        let hi = match (&v.discriminant, &v.fields) {
            (Some((_, expr)), _) => self.span(expr).hi,
            (None, syn::Fields::Unit) => self.span(&v.ident).hi,
            (None, fields) => self.span(fields).hi,
        };
        Span::new(self.file, lo..hi.max(lo))
    }

    fn check_enum(&self, id: ItemId, e: &syn::ItemEnum, ident: Span) -> Option<Diagnostic> {
        let model = self.cx.model;
        let ItemKind::Enum(def) = &model.item(id).kind else {
            return None;
        };
        let args = def
            .generics
            .params
            .iter()
            .map(|p| match p {
                GenericParam::Type(n) => GenericArg::Type(Ty::Param(n.clone())),
                GenericParam::Const(n) => GenericArg::Const(Len::Param(n.clone())),
            })
            .collect();
        let ty = Ty::Adt(id, args);
        let mut variants = model.variant_layouts(&ty)?;
        if variants.len() < 2 {
            return None;
        }
        // Largest first; among equals, the first declared.
        variants.sort_by_key(|v| std::cmp::Reverse(v.size));
        let (largest, second) = (&variants[0], &variants[1]);
        // Another variant of unknown size could be larger than the second one.
        if variants[1..].iter().any(|v| !v.exact) {
            return None;
        }
        let threshold = self.cx.config.enum_variant_size_threshold;
        let difference = largest.size - second.size;
        if difference <= threshold {
            return None;
        }
        let whole = model.layout_of(&ty)?;
        let name = &e.ident;
        let syn_largest = e.variants.iter().nth(largest.index)?;
        let syn_second = e.variants.iter().nth(second.index)?;
        let mut diag = Diagnostic::lint(
            &LARGE_ENUM_VARIANT,
            format!("large size difference between variants of `{name}`"),
            self.variant_span(syn_largest),
            format!(
                "the largest variant contains {}",
                bytes(largest.size, largest.exact)
            ),
        )
        .with_secondary(
            self.variant_span(syn_second),
            format!(
                "the second-largest variant contains {}",
                bytes(second.size, true)
            ),
        )
        .with_secondary(
            ident,
            format!("the entire enum is {}", bytes(whole.size, whole.exact)),
        );
        if derives_copy(&e.attrs) {
            diag = diag.with_note(format!(
                "`{name}` is `Copy`: boxing a field would make it no longer `Copy`"
            ));
            return Some(diag.with_help(
                "keep the large data out of the enum: behind a reference, or in a separate \
                 allocation",
            ));
        }
        let boxed = fields_to_box(largest, second.size, threshold);
        if boxed.is_empty() {
            return Some(diag.with_help(
                "box the largest variant's data, or split it off, to make the enum smaller",
            ));
        }
        let pairs: Vec<(usize, usize)> = boxed.iter().map(|&f| (largest.index, f)).collect();
        let after = model.layout_with_boxed_fields(&ty, &pairs);
        let fields: Vec<&syn::Field> = syn_largest.fields.iter().collect();
        for (n, &f) in boxed.iter().enumerate() {
            let Some(field) = fields.get(f) else { continue };
            let span = self.span(&field.ty);
            let text = self.cx.snippet(span).trim().to_string();
            let message = match (n, after) {
                (0, Some(after)) => format!(
                    "box the large {} to make `{name}` {}",
                    if boxed.len() == 1 { "field" } else { "fields" },
                    bytes(after.size, after.exact),
                ),
                (0, None) => "box the large field".to_string(),
                _ => "and box".to_string(),
            };
            diag = diag.with_suggestion(
                message,
                span,
                format!("Box<{text}>"),
                Applicability::MaybeIncorrect,
            );
        }
        Some(diag)
    }
}

/// The fields of the largest variant to box, largest first, until the variant is no longer
/// more than `threshold` bytes larger than `second`.
fn fields_to_box(largest: &VariantLayout, second: u64, threshold: u64) -> Vec<usize> {
    let mut fields: Vec<(usize, Layout)> = largest
        .fields
        .iter()
        .filter_map(|&(i, l)| l.map(|l| (i, l)))
        .filter(|(_, l)| l.size > 16)
        .collect();
    fields.sort_by_key(|(_, l)| std::cmp::Reverse(l.size));
    let mut size = largest.size;
    let mut chosen = Vec::new();
    for (i, l) in fields {
        if size.saturating_sub(second) <= threshold {
            break;
        }
        // A box is one pointer (two for unsized data, which cannot be a field here).
        size = size - l.size + 8;
        chosen.push(i);
    }
    chosen
}

fn bytes(size: u64, exact: bool) -> String {
    let at_least = if exact { "" } else { "at least " };
    match size {
        1 => format!("{at_least}1 byte"),
        n => format!("{at_least}{n} bytes"),
    }
}

fn derives_copy(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let mut copy = false;
            let _ = a.parse_nested_meta(|meta| {
                copy |= meta.path.segments.last().is_some_and(|s| s.ident == "Copy");
                Ok(())
            });
            copy
        })
}
