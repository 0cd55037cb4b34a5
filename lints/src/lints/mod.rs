//! One module per lint. Each declares its [`Lint`] with a doc block and exposes `check`.

pub mod large_stack_array;
pub mod missing_with_capacity;
pub mod syntax_error;

use crate::context::LintContext;
use crate::diag::Diagnostic;
use crate::lint::Lint;

/// Every lint, alphabetically.
pub static ALL: &[&Lint] = &[
    &large_stack_array::LARGE_STACK_ARRAY,
    &missing_with_capacity::MISSING_WITH_CAPACITY,
    &syntax_error::SYNTAX_ERROR,
];

/// Runs every lint that works on a loaded crate. (`syntax_error` is reported while loading.)
pub fn check_crate(cx: &LintContext, out: &mut Vec<Diagnostic>) {
    large_stack_array::check(cx, out);
    missing_with_capacity::check(cx, out);
}
