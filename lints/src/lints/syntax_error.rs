use crate::declare_lint;
use crate::diag::{Diagnostic, Span};

declare_lint! {
    /// ### What it does
    /// Reports a file that memlint cannot parse, at the place the parser stopped.
    ///
    /// ### Why is this bad?
    /// memlint cannot see into a file it cannot parse, so none of its other lints can check
    /// that file. The rest of the crate is still linted.
    ///
    /// ### Example
    /// ```text
    /// fn f() {
    ///     let x = ;
    /// }
    /// ```
    ///
    /// ### Known problems
    /// memlint parses with `syn`, which accepts stable Rust syntax. Syntax behind unstable
    /// features that `syn` does not know yet is reported here even if nightly rustc takes it.
    pub static SYNTAX_ERROR = {
        name: "syntax_error",
        level: Deny,
        summary: "a source file could not be parsed, so it was not linted",
    };
}

pub fn diagnostic(span: Span, message: &str) -> Diagnostic {
    Diagnostic::lint(&SYNTAX_ERROR, message, span, "")
        .with_note("memlint could not parse this file; its other lints skipped it")
}
