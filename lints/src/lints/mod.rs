//! One module per lint. Each declares its [`Lint`] with a doc block and exposes `check`.

pub mod boxed_stack_temporary;
pub mod large_enum_variant;
pub mod large_stack_array;
pub mod large_stack_frame;
pub mod missing_with_capacity;
pub mod oversized_by_value;
pub mod syntax_error;

use crate::context::LintContext;
use crate::diag::Diagnostic;
use crate::lint::Lint;

/// Every lint, alphabetically.
pub static ALL: &[&Lint] = &[
    &boxed_stack_temporary::BOXED_STACK_TEMPORARY,
    &large_enum_variant::LARGE_ENUM_VARIANT,
    &large_stack_array::LARGE_STACK_ARRAY,
    &large_stack_frame::LARGE_STACK_FRAME,
    &missing_with_capacity::MISSING_WITH_CAPACITY,
    &oversized_by_value::OVERSIZED_BY_VALUE,
    &syntax_error::SYNTAX_ERROR,
];

/// Runs every lint that works on a loaded crate. (`syntax_error` is reported while loading.)
pub fn check_crate(cx: &LintContext, out: &mut Vec<Diagnostic>) {
    boxed_stack_temporary::check(cx, out);
    large_enum_variant::check(cx, out);
    large_stack_array::check(cx, out);
    large_stack_frame::check(cx, out);
    missing_with_capacity::check(cx, out);
    oversized_by_value::check(cx, out);
}
