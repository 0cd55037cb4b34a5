//! The bodies of std macros (`format!(..)`, `vec![..]`, `assert_eq!(..)`), parsed once per
//! crate.
//!
//! syn keeps a macro's body as tokens. The shared body walk, `large_stack_array`, the frame
//! estimate and type inference each need it as expressions: parsed by each, the same body
//! was parsed three or four times (11% of all instructions on regex-syntax).
//!
//! Bodies are remembered by the address of their `syn::Macro`, which is only sound while
//! no `syn::Macro` the cache has seen can be freed and its address reused: every macro
//! looked up is either in the crate's syntax trees, alive until the crate is done, or
//! inside a body this cache keeps. So the cache lives exactly as long as one crate's
//! analysis ([`Cache::enter`]); outside it, bodies are parsed each time.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::collections::HashMap;

/// A macro body read as comma-separated expressions.
pub type Args = syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>;

/// The ways a body is read; each is parsed at most once.
#[derive(Default)]
struct Bodies {
    args: Option<Option<Rc<Args>>>,
    repeat: Option<Option<Rc<Repeat>>>,
}

/// A body of the form `x; n` (`vec![x; n]`).
pub struct Repeat {
    pub elem: syn::Expr,
    pub len: syn::Expr,
}

thread_local! {
    static CACHE: RefCell<HashMap<usize, Bodies>> = RefCell::new(HashMap::default());
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// Keeps parsed macro bodies while it lives: one crate's analysis, on its thread.
pub struct Cache(());

impl Cache {
    /// Starts remembering bodies until the returned guard is dropped. Must be dropped
    /// before the syntax trees the bodies were looked up in.
    pub fn enter() -> Cache {
        let nested = ACTIVE.replace(true);
        debug_assert!(!nested, "one crate at a time per thread");
        Cache(())
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        ACTIVE.set(false);
        // Taken out first: dropping bodies must not find the cache borrowed.
        let bodies = CACHE.with(|c| std::mem::take(&mut *c.borrow_mut()));
        drop(bodies);
    }
}

/// The body as comma-separated expressions (`format!("{}", x)`), if it parses as such.
pub fn args(mac: &syn::Macro) -> Option<Rc<Args>> {
    cached(
        mac,
        |b| &mut b.args,
        || mac.parse_body_with(Args::parse_terminated).ok(),
    )
}

/// The body as an element and a count (`vec![x; n]`), if it parses as such. (Not as
/// `syn::ExprRepeat`: that one wants the brackets, which are the macro's own here.)
pub fn repeat(mac: &syn::Macro) -> Option<Rc<Repeat>> {
    let parser = |input: syn::parse::ParseStream| {
        let elem = input.parse()?;
        input.parse::<syn::Token![;]>()?;
        let len = input.parse()?;
        Ok(Repeat { elem, len })
    };
    cached(mac, |b| &mut b.repeat, || mac.parse_body_with(parser).ok())
}

fn cached<T>(
    mac: &syn::Macro,
    slot: fn(&mut Bodies) -> &mut Option<Option<Rc<T>>>,
    parse: impl FnOnce() -> Option<T>,
) -> Option<Rc<T>> {
    if !ACTIVE.get() {
        return parse().map(Rc::new);
    }
    let key = std::ptr::from_ref(mac) as usize;
    let known = CACHE.with(|c| c.borrow_mut().get_mut(&key).and_then(|b| slot(b).clone()));
    if let Some(known) = known {
        return known;
    }
    let parsed = parse().map(Rc::new);
    CACHE.with(|c| *slot(c.borrow_mut().entry(key).or_default()) = Some(parsed.clone()));
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn mac(src: &str) -> syn::Macro {
        match syn::parse_str::<syn::Expr>(src).unwrap() {
            syn::Expr::Macro(m) => m.mac,
            other => panic!("not a macro: {other:?}"),
        }
    }

    #[test]
    fn a_body_is_parsed_once_while_the_cache_lives() {
        let m = mac("format!(\"{}\", x)");
        let _cache = Cache::enter();
        let first = args(&m).unwrap();
        assert_eq!(first.len(), 2);
        assert!(Rc::ptr_eq(&first, &args(&m).unwrap()));
        // The other reading is separate, and a failed parse is remembered as failed.
        assert!(repeat(&m).is_none());
        let key = std::ptr::from_ref(&m) as usize;
        let remembered = CACHE.with(|c| c.borrow().get(&key).map(|b| b.repeat.is_some()));
        assert_eq!(remembered, Some(true));
        let v = mac("vec![[0u8; 2]; n + 1]");
        assert!(args(&v).is_none());
        let r = repeat(&v).unwrap();
        assert_eq!(r.elem.to_token_stream().to_string(), "[0u8 ; 2]");
        assert_eq!(r.len.to_token_stream().to_string(), "n + 1");
        assert!(Rc::ptr_eq(&r, &repeat(&v).unwrap()));
        // A list is not a repeat.
        assert!(repeat(&mac("vec![1, 2]")).is_none());
    }

    #[test]
    fn without_a_cache_or_after_it_every_lookup_parses_again() {
        let m = mac("vec![1, 2, 3]");
        let a = args(&m).unwrap();
        assert!(!Rc::ptr_eq(&a, &args(&m).unwrap()));
        {
            let _cache = Cache::enter();
            let a = args(&m).unwrap();
            assert!(Rc::ptr_eq(&a, &args(&m).unwrap()));
        }
        assert!(CACHE.with(|c| c.borrow().is_empty()));
        assert!(!Rc::ptr_eq(&a, &args(&m).unwrap()));
        assert_eq!(a.len(), 3);
    }
}
