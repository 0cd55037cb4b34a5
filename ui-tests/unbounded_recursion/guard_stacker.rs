// Growing the stack on demand makes depth harmless: calls inside `stacker::maybe_grow`
// (or `stacker::grow`, or a crate function wrapping them, as rustc's
// `ensure_sufficient_stack`) are not reported.

pub enum Ty {
    Unit,
    Tuple(Vec<Ty>),
}

const RED_ZONE: usize = 100 * 1024;
const STACK_PER_RECURSION: usize = 1024 * 1024;

pub fn size_of(ty: &Ty) -> usize {
    stacker::maybe_grow(RED_ZONE, STACK_PER_RECURSION, || match ty {
        Ty::Unit => 0,
        Ty::Tuple(elems) => elems.iter().map(size_of).sum(),
    })
}

pub fn ensure_sufficient_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, STACK_PER_RECURSION, f)
}

pub fn align_of(ty: &Ty) -> usize {
    match ty {
        Ty::Unit => 1,
        Ty::Tuple(elems) => ensure_sufficient_stack(|| elems.iter().map(align_of).max().unwrap_or(1)),
    }
}

pub fn count(ty: &Ty) -> usize {
    stacker::grow(STACK_PER_RECURSION, || match ty {
        Ty::Unit => 1,
        Ty::Tuple(elems) => elems.iter().map(count).sum(),
    })
}

// The closure given to `maybe_grow` is not where the recursive call is.
pub fn fields(ty: &Ty) -> usize {
    let own = stacker::maybe_grow(RED_ZONE, STACK_PER_RECURSION, || 1);
    match ty {
        Ty::Unit => own,
        Ty::Tuple(elems) => own + elems.iter().map(fields).sum::<usize>(),
    }
}
