//! What one body does with the values that can bound a recursion: which names and fields it
//! compares (`depth > MAX`, `match depth`, `self.depth.checked_add(1)`), which fields it
//! changes (`self.depth += 1`), and what each call passes (`depth + 1`, `depth`, `0`).
//!
//! Names and fields are kept as the text of the place: `depth`, `self.depth`,
//! `self.state.remaining_depth`; a `let` that copies or derives from one (`let new =
//! self.depth + 1`) is an alias of it.

use crate::collections::{HashMap, HashSet};
use crate::load::unraw;
use std::cell::OnceCell;

/// What a call passes as one argument, for depth parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgClass {
    /// `depth + 1`, `depth - 1`, `depth.saturating_sub(1)`, `depth.checked_sub(1)?`, or a
    /// binding made from one of those: the parameter `depth`, changed.
    Changed(String),
    /// The parameter itself, passed on.
    Same(String),
    /// A literal or a constant: the count starts again.
    Fresh,
    Other,
}

#[derive(Debug, Default)]
pub struct Facts {
    /// Names of the parameters after `self`, in order (`None` for patterns).
    pub params: Vec<Option<String>>,
    /// Comparisons: where, and the places each mentions.
    compares: Vec<(usize, Vec<String>)>,
    /// Assignments to places: where, and the place.
    changes: Vec<(usize, String)>,
    /// `let x = ..`: the places the initializer mentions, and how it derives from a
    /// parameter.
    aliases: HashMap<String, (Vec<String>, ArgClass)>,
    /// The body calls `stacker::maybe_grow` or `stacker::grow`.
    pub grows_stack: bool,
    compared: OnceCell<HashMap<String, usize>>,
}

/// Methods that change an integer by an amount, as `+`/`-` do.
const STEP_METHODS: &[&str] = &[
    "saturating_sub",
    "saturating_add",
    "checked_sub",
    "checked_add",
    "wrapping_sub",
    "wrapping_add",
    "overflowing_sub",
    "overflowing_add",
    "strict_sub",
    "strict_add",
    "sub",
    "add",
];

/// Methods that compare or bound a value (`checked_*` fails at the limit of the type, and
/// is how counters that count down to zero are usually written).
const CHECK_METHODS: &[&str] = &[
    "checked_sub",
    "checked_add",
    "cmp",
    "partial_cmp",
    "gt",
    "ge",
    "lt",
    "le",
    "eq",
    "ne",
    "min",
    "max",
    "clamp",
];

/// Methods that set a field through a shared reference (`Cell`, atomics).
const SET_METHODS: &[&str] = &["set", "replace", "fetch_add", "fetch_sub", "store", "swap"];

impl Facts {
    pub fn set_params(&mut self, sig: &syn::Signature) {
        self.params = sig
            .inputs
            .iter()
            .filter_map(|arg| match arg {
                syn::FnArg::Typed(t) => Some(match &*t.pat {
                    syn::Pat::Ident(p) => Some(unraw(&p.ident)),
                    _ => None,
                }),
                syn::FnArg::Receiver(_) => None,
            })
            .collect();
    }

    /// Looks at one expression of the body (children are seen on their own).
    pub fn expr(&mut self, pos: usize, expr: &syn::Expr) {
        match expr {
            syn::Expr::Binary(b) => {
                if is_comparison(&b.op) {
                    let mut roots = value_places(&b.left);
                    roots.extend(value_places(&b.right));
                    self.compares.push((pos, roots));
                } else if is_compound_assign(&b.op)
                    && let Some(place) = place(&b.left)
                {
                    self.changes.push((pos, place));
                }
            }
            syn::Expr::Assign(a) => {
                if let Some(place) = place(&a.left) {
                    self.changes.push((pos, place));
                }
            }
            syn::Expr::Match(m) => self.compares.push((pos, value_places(&m.expr))),
            syn::Expr::MethodCall(m) => {
                let method = unraw(&m.method);
                if CHECK_METHODS.contains(&method.as_str()) {
                    let mut roots = value_places(&m.receiver);
                    for arg in &m.args {
                        roots.extend(value_places(arg));
                    }
                    self.compares.push((pos, roots));
                }
                if SET_METHODS.contains(&method.as_str())
                    && let Some(place) = place(&m.receiver)
                {
                    self.changes.push((pos, place));
                }
            }
            _ => {}
        }
    }

    /// `let name = init` (or `if let Some(name) = init`).
    pub fn alias(&mut self, name: String, init: &syn::Expr) {
        let class = self.classify(init);
        self.aliases.insert(name, (value_places(init), class));
    }

    /// The places `roots` stand for, through aliases.
    fn expand(&self, roots: &[String]) -> HashSet<String> {
        let mut out: HashSet<String> = HashSet::default();
        let mut todo: Vec<String> = roots.to_vec();
        while let Some(r) = todo.pop() {
            if out.len() > 64 || !out.insert(r.clone()) {
                continue;
            }
            if let Some((more, _)) = self.aliases.get(&r) {
                todo.extend(more.iter().cloned());
            }
        }
        out
    }

    /// Every place the body compares, with where it first does. Computed once, when the
    /// body has been walked.
    fn compared(&self) -> &HashMap<String, usize> {
        self.compared.get_or_init(|| {
            let mut out: HashMap<String, usize> = HashMap::default();
            for (pos, roots) in &self.compares {
                for place in self.expand(roots) {
                    let first = out.entry(place).or_insert(*pos);
                    *first = (*first).min(*pos);
                }
            }
            out
        })
    }

    /// Whether the body compares parameter `i`.
    pub fn compares_param(&self, i: usize) -> bool {
        match self.params.get(i) {
            Some(Some(name)) => self.compares_name(name),
            _ => false,
        }
    }

    pub fn compares_name(&self, name: &str) -> bool {
        self.compared().contains_key(name)
    }

    /// Whether the body assigns to the place `name` (`limit -= 1`, `depth = depth + 1`).
    pub fn changes_name(&self, name: &str) -> bool {
        self.changes.iter().any(|(_, place)| place == name)
    }

    /// Fields (places with a `.`) the body both compares before `before` and changes
    /// anywhere: counters such as `self.depth`.
    pub fn counters_checked_before(&self, before: usize) -> Vec<String> {
        let compared = self.compared();
        let mut out: Vec<String> = Vec::new();
        for (_, changed) in &self.changes {
            if changed.contains('.')
                && !out.contains(changed)
                && compared.get(changed).is_some_and(|&pos| pos < before)
            {
                out.push(changed.clone());
            }
        }
        out
    }

    /// Fields of `self` the body both checks and changes: the body is a recursion guard
    /// when called on the path (`self.enter_recursion()?`).
    pub fn self_counters(&self) -> Vec<String> {
        self.counters_checked_before(usize::MAX)
            .into_iter()
            .filter(|f| f.starts_with("self."))
            .collect()
    }

    /// How an argument derives from this body's parameters.
    pub fn classify(&self, arg: &syn::Expr) -> ArgClass {
        let arg = peel(arg);
        let param = |e: &syn::Expr| -> Option<String> {
            let name = ident(peel(e))?;
            if self.params.iter().flatten().any(|p| *p == name) {
                return Some(name);
            }
            match self.aliases.get(&name) {
                Some((_, ArgClass::Same(p))) => Some(p.clone()),
                _ => None,
            }
        };
        if let Some(name) = ident(arg) {
            if self.params.iter().flatten().any(|p| *p == name) {
                return ArgClass::Same(name);
            }
            if let Some((_, class)) = self.aliases.get(&name) {
                return class.clone();
            }
        }
        match arg {
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_) | syn::BinOp::Sub(_)) => {
                if let Some(p) = param(&b.left).or_else(|| param(&b.right)) {
                    return ArgClass::Changed(p);
                }
                ArgClass::Other
            }
            syn::Expr::MethodCall(m) if STEP_METHODS.contains(&unraw(&m.method).as_str()) => {
                match param(&m.receiver) {
                    Some(p) => ArgClass::Changed(p),
                    None => ArgClass::Other,
                }
            }
            // `depth.checked_sub(1)?`, `depth.checked_sub(1).unwrap()`
            syn::Expr::Try(t) => match self.classify(&t.expr) {
                ArgClass::Changed(p) => ArgClass::Changed(p),
                _ => ArgClass::Other,
            },
            syn::Expr::MethodCall(m)
                if matches!(
                    unraw(&m.method).as_str(),
                    "unwrap" | "expect" | "unwrap_or" | "ok_or" | "ok_or_else"
                ) =>
            {
                match self.classify(&m.receiver) {
                    ArgClass::Changed(p) => ArgClass::Changed(p),
                    _ => ArgClass::Other,
                }
            }
            syn::Expr::Lit(_) => ArgClass::Fresh,
            syn::Expr::Path(p)
                if p.path.segments.last().is_some_and(|s| {
                    let s = s.ident.to_string();
                    s.len() > 1 && s.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                }) =>
            {
                ArgClass::Fresh
            }
            _ => ArgClass::Other,
        }
    }
}

fn is_comparison(op: &syn::BinOp) -> bool {
    matches!(
        op,
        syn::BinOp::Eq(_)
            | syn::BinOp::Ne(_)
            | syn::BinOp::Lt(_)
            | syn::BinOp::Le(_)
            | syn::BinOp::Gt(_)
            | syn::BinOp::Ge(_)
    )
}

fn is_compound_assign(op: &syn::BinOp) -> bool {
    matches!(
        op,
        syn::BinOp::AddAssign(_)
            | syn::BinOp::SubAssign(_)
            | syn::BinOp::MulAssign(_)
            | syn::BinOp::DivAssign(_)
            | syn::BinOp::ShlAssign(_)
            | syn::BinOp::ShrAssign(_)
    )
}

/// Parentheses, references, derefs and casts do not change which value it is.
fn peel(mut e: &syn::Expr) -> &syn::Expr {
    loop {
        e = match e {
            syn::Expr::Paren(p) => &p.expr,
            syn::Expr::Group(g) => &g.expr,
            syn::Expr::Reference(r) => &r.expr,
            syn::Expr::Cast(c) => &c.expr,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => &u.expr,
            _ => return e,
        }
    }
}

fn ident(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(unraw),
        _ => None,
    }
}

/// `x`, `self.depth`, `self.state.depth`, `*depth`: the place an expression names.
pub fn place(e: &syn::Expr) -> Option<String> {
    let e = peel(e);
    match e {
        syn::Expr::Path(p) if p.qself.is_none() => {
            let id = p.path.get_ident()?;
            Some(unraw(id))
        }
        syn::Expr::Field(f) => {
            let base = place(&f.base)?;
            let member = match &f.member {
                syn::Member::Named(n) => unraw(n),
                syn::Member::Unnamed(i) => i.index.to_string(),
            };
            Some(format!("{base}.{member}"))
        }
        // `self.depth.get()`, `self.depth.borrow()`: the field behind the cell.
        syn::Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    unraw(&m.method).as_str(),
                    "get" | "borrow" | "borrow_mut" | "load"
                ) =>
        {
            place(&m.receiver)
        }
        _ => None,
    }
}

/// The places an expression's value is computed from by arithmetic: `depth + 1` is
/// `depth`, `self.depth.checked_add(1)?` is `self.depth`; `bytes[pos]` or `f(depth)` are
/// other values, and are none.
pub fn value_places(e: &syn::Expr) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![e];
    while let Some(e) = todo.pop() {
        if let Some(p) = place(e) {
            out.push(p);
            continue;
        }
        match e {
            syn::Expr::Paren(p) => todo.push(&p.expr),
            syn::Expr::Group(g) => todo.push(&g.expr),
            syn::Expr::Reference(r) => todo.push(&r.expr),
            syn::Expr::Cast(c) => todo.push(&c.expr),
            syn::Expr::Unary(u) => todo.push(&u.expr),
            syn::Expr::Try(t) => todo.push(&t.expr),
            // `match (node, depth)`
            syn::Expr::Tuple(t) => todo.extend(t.elems.iter()),
            syn::Expr::Binary(b) if !is_comparison(&b.op) => {
                todo.push(&b.left);
                todo.push(&b.right);
            }
            syn::Expr::MethodCall(m) => {
                let method = unraw(&m.method);
                let method = method.as_str();
                if STEP_METHODS.contains(&method)
                    || CHECK_METHODS.contains(&method)
                    || matches!(method, "unwrap" | "expect" | "ok_or" | "ok_or_else")
                {
                    todo.push(&m.receiver);
                    todo.extend(m.args.iter());
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(s: &str) -> syn::Expr {
        syn::parse_str(s).unwrap()
    }

    fn facts(params: &[&str]) -> Facts {
        Facts {
            params: params.iter().map(|p| Some(p.to_string())).collect(),
            ..Facts::default()
        }
    }

    #[test]
    fn arguments_derived_from_parameters() {
        let mut f = facts(&["depth", "input"]);
        assert_eq!(
            f.classify(&expr("depth + 1")),
            ArgClass::Changed("depth".into())
        );
        assert_eq!(
            f.classify(&expr("depth.saturating_sub(1)")),
            ArgClass::Changed("depth".into())
        );
        assert_eq!(
            f.classify(&expr("depth.checked_sub(1)?")),
            ArgClass::Changed("depth".into())
        );
        assert_eq!(f.classify(&expr("depth")), ArgClass::Same("depth".into()));
        assert_eq!(f.classify(&expr("0")), ArgClass::Fresh);
        assert_eq!(f.classify(&expr("MAX_DEPTH")), ArgClass::Fresh);
        assert_eq!(f.classify(&expr("input.len() - 1")), ArgClass::Other);
        f.alias("next".into(), &expr("depth - 1"));
        assert_eq!(f.classify(&expr("next")), ArgClass::Changed("depth".into()));
    }

    #[test]
    fn counters_are_compared_and_changed_fields() {
        let mut f = facts(&[]);
        f.expr(10, &expr("self.depth > self.limit"));
        f.expr(20, &expr("self.depth += 1"));
        f.expr(30, &expr("self.other = 3"));
        assert_eq!(
            f.counters_checked_before(15),
            vec!["self.depth".to_string()]
        );
        assert!(f.counters_checked_before(5).is_empty());
        assert_eq!(f.self_counters(), vec!["self.depth".to_string()]);
    }

    #[test]
    fn comparisons_through_bindings() {
        let mut f = facts(&[]);
        f.alias("new".into(), &expr("self.depth.checked_add(1)"));
        f.expr(10, &expr("new > limit"));
        f.expr(20, &expr("self.depth = new"));
        assert_eq!(f.self_counters(), vec!["self.depth".to_string()]);
    }
}
