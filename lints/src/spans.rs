//! Byte ranges of expressions from their first and last tokens.
//!
//! syn's `Spanned::span()` turns the whole node back into tokens to find its ends, which
//! costs time in proportion to its size; asking it for every sub-expression of a deeply
//! nested one is quadratic. Here only the leftmost and rightmost paths are followed.

use proc_macro2::Span;
use std::ops::Range;
use syn::spanned::Spanned;

/// The first and the last token of an expression (attributes aside).
pub fn expr_bounds(expr: &syn::Expr) -> (Span, Span) {
    (first(expr), last(expr))
}

/// Where an expression ends: with its address, an identity for an expression that holds
/// also for ones parsed for a moment and dropped (another expression at the same address
/// ends somewhere else).
pub fn expr_end(expr: &syn::Expr) -> (usize, usize) {
    // Line and column, not a byte offset: proc-macro2 finds those without its char-to-byte
    // table, and they name a position as well.
    let end = last(expr).end();
    (end.line, end.column)
}

/// The byte range of a closure expression.
pub fn closure_range(c: &syn::ExprClosure) -> Range<usize> {
    let start = closure_first(c).byte_range().start;
    let end = last(&c.body).byte_range().end;
    start..end.max(start)
}

fn closure_first(e: &syn::ExprClosure) -> Span {
    if let Some(l) = &e.lifetimes {
        l.span()
    } else if let Some(c) = &e.constness {
        c.span()
    } else if let Some(a) = &e.asyncness {
        a.span()
    } else if let Some(m) = &e.capture {
        m.span()
    } else {
        e.inputs_begin.span()
    }
}

fn first(expr: &syn::Expr) -> Span {
    use syn::Expr::*;
    match expr {
        Array(e) => e.bracket_token.span.open(),
        Assign(e) => first(&e.left),
        Async(e) => e.async_token.span(),
        Await(e) => first(&e.base),
        Binary(e) => first(&e.left),
        Block(e) => match &e.label {
            Some(l) => l.span(),
            None => e.block.brace_token.span.open(),
        },
        Break(e) => e.break_token.span(),
        Call(e) => first(&e.func),
        Cast(e) => first(&e.expr),
        Closure(e) => closure_first(e),
        Const(e) => e.const_token.span(),
        Continue(e) => e.continue_token.span(),
        Field(e) => first(&e.base),
        ForLoop(e) => match &e.label {
            Some(l) => l.span(),
            None => e.for_token.span(),
        },
        Group(e) => first(&e.expr),
        If(e) => e.if_token.span(),
        Index(e) => first(&e.expr),
        Infer(e) => e.underscore_token.span(),
        Let(e) => e.let_token.span(),
        Lit(e) => e.lit.span(),
        Loop(e) => match &e.label {
            Some(l) => l.span(),
            None => e.loop_token.span(),
        },
        Macro(e) => path_first(&e.mac.path),
        Match(e) => e.match_token.span(),
        MethodCall(e) => first(&e.receiver),
        Paren(e) => e.paren_token.span.open(),
        Path(e) => match &e.qself {
            Some(q) => q.lt_token.span(),
            None => path_first(&e.path),
        },
        Range(e) => match &e.start {
            Some(s) => first(s),
            None => e.limits.span(),
        },
        RawAddr(e) => e.and_token.span(),
        Reference(e) => e.and_token.span(),
        Repeat(e) => e.bracket_token.span.open(),
        Return(e) => e.return_token.span(),
        Struct(e) => match &e.qself {
            Some(q) => q.lt_token.span(),
            None => path_first(&e.path),
        },
        Try(e) => first(&e.expr),
        TryBlock(e) => e.try_token.span(),
        Tuple(e) => e.paren_token.span.open(),
        Unary(e) => e.op.span(),
        Unsafe(e) => e.unsafe_token.span(),
        While(e) => match &e.label {
            Some(l) => l.span(),
            None => e.while_token.span(),
        },
        Yield(e) => e.yield_token.span(),
        other => other.span(),
    }
}

fn last(expr: &syn::Expr) -> Span {
    use syn::Expr::*;
    match expr {
        Array(e) => e.bracket_token.span.close(),
        Assign(e) => last(&e.right),
        Async(e) => e.block.brace_token.span.close(),
        Await(e) => e.await_token.span(),
        Binary(e) => last(&e.right),
        Block(e) => e.block.brace_token.span.close(),
        Break(e) => match (&e.expr, &e.label) {
            (Some(x), _) => last(x),
            (None, Some(l)) => l.span(),
            (None, None) => e.break_token.span(),
        },
        Call(e) => e.paren_token.span.close(),
        Cast(e) => e.ty.span(),
        Closure(e) => last(&e.body),
        Const(e) => e.block.brace_token.span.close(),
        Continue(e) => match &e.label {
            Some(l) => l.span(),
            None => e.continue_token.span(),
        },
        Field(e) => e.member.span(),
        ForLoop(e) => e.body.brace_token.span.close(),
        Group(e) => last(&e.expr),
        If(e) => match &e.else_branch {
            Some((_, els)) => last(els),
            None => e.then_branch.brace_token.span.close(),
        },
        Index(e) => e.bracket_token.span.close(),
        Infer(e) => e.underscore_token.span(),
        Let(e) => last(&e.expr),
        Lit(e) => e.lit.span(),
        Loop(e) => e.body.brace_token.span.close(),
        Macro(e) => match &e.mac.delimiter {
            syn::MacroDelimiter::Paren(d) => d.span.close(),
            syn::MacroDelimiter::Brace(d) => d.span.close(),
            syn::MacroDelimiter::Bracket(d) => d.span.close(),
        },
        Match(e) => e.brace_token.span.close(),
        MethodCall(e) => e.paren_token.span.close(),
        Paren(e) => e.paren_token.span.close(),
        Path(e) => path_last(&e.path),
        Range(e) => match &e.end {
            Some(x) => last(x),
            None => e.limits.span(),
        },
        RawAddr(e) => last(&e.expr),
        Reference(e) => last(&e.expr),
        Repeat(e) => e.bracket_token.span.close(),
        Return(e) => match &e.expr {
            Some(x) => last(x),
            None => e.return_token.span(),
        },
        Struct(e) => e.brace_token.span.close(),
        Try(e) => e.question_token.span(),
        TryBlock(e) => e.block.brace_token.span.close(),
        Tuple(e) => e.paren_token.span.close(),
        Unary(e) => last(&e.expr),
        Unsafe(e) => e.block.brace_token.span.close(),
        While(e) => e.body.brace_token.span.close(),
        Yield(e) => match &e.expr {
            Some(x) => last(x),
            None => e.yield_token.span(),
        },
        other => other.span(),
    }
}

fn path_first(path: &syn::Path) -> Span {
    match (&path.leading_colon, path.segments.first()) {
        (Some(colon), _) => colon.span(),
        (None, Some(seg)) => seg.ident.span(),
        (None, None) => path.span(),
    }
}

fn path_last(path: &syn::Path) -> Span {
    match path.segments.last() {
        Some(seg) if seg.arguments.is_none() => seg.ident.span(),
        Some(seg) => seg.span(),
        None => path.span(),
    }
}

#[cfg(test)]
mod tests {
    use super::expr_bounds;

    #[test]
    fn ranges_match_syn() {
        for text in [
            "a.b(c).d",
            "[0u8; 1 << 20]",
            "Foo { a: 1, b: [2; 3] }",
            "x?",
            "move |i| arr[i]",
            "if a { b } else { c }",
            "match x { _ => 1 }",
            "f(x) as u64",
            "&mut v[3..]",
            "vec![1, 2]",
            "<T as Tr>::f(x)",
            "async move { 1 }",
            "loop { break 3 }",
            "-x.y",
            "std::mem::size_of::<u8>",
        ] {
            let expr: syn::Expr = syn::parse_str(text).unwrap();
            let whole = syn::spanned::Spanned::span(&expr).byte_range();
            let (first, last) = expr_bounds(&expr);
            assert_eq!(
                first.byte_range().start..last.byte_range().end,
                whole,
                "{text}"
            );
        }
    }
}
