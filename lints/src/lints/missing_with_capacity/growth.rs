//! How much one iteration of a loop body adds to a collection, when it adds the same on
//! every path: one `push` (or `insert`, `push_back`...), or one nested loop of known length
//! that itself adds the same amount per iteration.
//!
//! Every path through the body is followed. A path that adds nothing (a push under an
//! `if`, a `continue` before the push), adds twice, or leaves the loop early (`break`) makes
//! the amount unknown. Paths that leave the function (`return`, `?`, `panic!`) do not count:
//! the collection is dropped on them, unless it is what is returned.

use crate::context::FileCx;
use crate::diag::Span;
use crate::load::unraw;
use crate::trip_count::{Count, Trips};
use crate::typeck::Collection;
use crate::uses::{self, READ_ONLY_METHODS, is_formatting_macro, place_root, strip_parens};

/// What one iteration adds, and where.
#[derive(Debug)]
pub struct PerIteration {
    pub amount: Count,
    pub sites: Vec<Site>,
    /// A `String` grows by `push(c)` of a `char` that is not a literal: counted as one byte.
    pub counts_chars_as_bytes: bool,
}

#[derive(Debug)]
pub enum Site {
    /// A call that adds `amount` (elements, or bytes for a `String`).
    Grow {
        span: Span,
        method: String,
        amount: Count,
    },
    /// A nested loop that runs `count` times for each iteration of the loop around it.
    Loop { header: Span, count: Count },
}

/// The collection being filled, and what is known around the loop that fills it.
pub struct Growth<'a, 'e> {
    pub trips: &'e Trips<'a, 'e>,
    pub name: &'e str,
    pub kind: Collection,
    /// Names bound anywhere inside the outermost loop: a nested loop's length may not use
    /// them, or it would change from one outer iteration to the next.
    pub bound_inside: &'e [String],
    /// The outermost loop's body: nothing in it may change a nested loop's length.
    pub outer_body: &'e syn::Block,
}

impl Growth<'_, '_> {
    fn fcx(&self) -> FileCx<'_> {
        self.trips.fcx
    }

    /// What every iteration of the loop with `body` (and `label`) adds, if it is the same.
    pub fn per_iteration(&self, body: &syn::Block, label: Option<String>) -> Option<PerIteration> {
        let mut walk = Walk {
            growth: self,
            label,
            continues: Vec::new(),
            bail: false,
            sites: Vec::new(),
            counts_chars_as_bytes: false,
        };
        let end = walk.block(&body.stmts, None);
        if walk.bail {
            return None;
        }
        let mut ends: Vec<State> = walk.continues.clone();
        ends.extend(end);
        let first = ends.first()?.clone()?;
        ends.iter()
            .all(|e| e.as_ref() == Some(&first))
            .then_some(PerIteration {
                amount: first,
                sites: walk.sites,
                counts_chars_as_bytes: walk.counts_chars_as_bytes,
            })
    }

    /// How much `recv.method(args)` adds to the collection, if it is one of its growing
    /// methods with a known amount.
    fn grows_by(&self, method: &str, args: &[&syn::Expr]) -> Option<(Count, bool)> {
        let one = Some((Count::Lit(1), false));
        match (self.kind, method, args) {
            (Collection::Vec, "push", [_])
            | (Collection::Vec, "insert", [_, _])
            | (Collection::VecDeque, "push_back" | "push_front", [_])
            | (Collection::VecDeque, "insert", [_, _])
            | (Collection::BinaryHeap, "push", [_])
            | (Collection::HashMap, "insert", [_, _])
            | (Collection::HashSet, "insert", [_]) => one,
            (Collection::String, "push", [c]) | (Collection::String, "insert", [_, c]) => {
                Some(match char_literal(c) {
                    Some(ch) => (Count::Lit(ch.len_utf8() as u128), false),
                    None => (Count::Lit(1), true),
                })
            }
            (Collection::String, "push_str", [s]) | (Collection::String, "insert_str", [_, s]) => {
                str_literal_len(s)
                    .filter(|&n| n > 0)
                    .map(|n| (Count::Lit(n), false))
            }
            _ => None,
        }
    }
}

/// What a path has added so far in this iteration: nothing yet, or one growth unit.
type State = Option<Count>;

struct Walk<'g, 'a, 'e> {
    growth: &'g Growth<'a, 'e>,
    /// The label of the loop whose body this is.
    label: Option<String>,
    /// The state at each `continue` of this loop.
    continues: Vec<State>,
    bail: bool,
    sites: Vec<Site>,
    counts_chars_as_bytes: bool,
}

impl Walk<'_, '_, '_> {
    fn name(&self) -> &str {
        self.growth.name
    }

    fn is_name(&self, expr: &syn::Expr) -> bool {
        matches!(strip_parens(expr), syn::Expr::Path(p)
            if p.qself.is_none() && p.path.get_ident().is_some_and(|i| unraw(i) == self.name()))
    }

    fn mentions<N: uses::Walk + ?Sized>(&self, node: &N) -> bool {
        uses::mentions(node, self.name())
    }

    /// Adds one growth unit to a path that had none; a second unit on one path is more
    /// than "exactly once".
    fn grow(&mut self, st: State, amount: Count) -> State {
        if st.is_some() {
            self.bail = true;
        }
        Some(amount)
    }

    /// Two paths that join: they must have added the same.
    fn join(&mut self, a: Option<State>, b: Option<State>) -> Option<State> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(x), Some(y)) => {
                if x != y {
                    self.bail = true;
                }
                Some(x)
            }
        }
    }

    /// The state after a block on paths that reach its end; `None` if none does.
    fn block(&mut self, stmts: &[syn::Stmt], mut st: State) -> Option<State> {
        for (i, stmt) in stmts.iter().enumerate() {
            if self.bail {
                return None;
            }
            st = match stmt {
                syn::Stmt::Local(local) => {
                    if uses::mentions(&local.pat, self.name()) {
                        self.bail = true;
                        return None;
                    }
                    match &local.init {
                        Some(init) => {
                            let after = self.expr(&init.expr, st, &[])?;
                            if let Some((_, diverge)) = &init.diverge {
                                // The `else` of a `let .. else` must leave; it may `continue`.
                                let _ = self.expr(diverge, after.clone(), &[]);
                            }
                            after
                        }
                        None => st,
                    }
                }
                syn::Stmt::Item(_) => st,
                syn::Stmt::Expr(expr, _) => self.expr(expr, st, &stmts[..i])?,
                syn::Stmt::Macro(m) => self.mac(&m.mac, st)?,
            };
        }
        Some(st)
    }

    fn exprs<'x>(
        &mut self,
        exprs: impl IntoIterator<Item = &'x syn::Expr>,
        mut st: State,
    ) -> Option<State> {
        for expr in exprs {
            st = self.expr(expr, st, &[])?;
        }
        Some(st)
    }

    /// The state after `expr` on paths that complete it normally; `None` if none does.
    /// `preceding` are the statements before it when it is a statement (for a nested
    /// `while` loop's counter).
    fn expr(&mut self, expr: &syn::Expr, st: State, preceding: &[syn::Stmt]) -> Option<State> {
        if self.bail {
            return None;
        }
        match expr {
            syn::Expr::Path(_) => {
                if self.is_name(expr) {
                    // Moved or reborrowed: whatever happens to it next is unknown.
                    self.bail = true;
                }
                Some(st)
            }
            syn::Expr::Lit(_) | syn::Expr::Infer(_) | syn::Expr::Const(_) => Some(st),
            syn::Expr::MethodCall(m) => self.method_call(m, st),
            syn::Expr::Reference(r) => {
                if place_root(&r.expr).as_deref() == Some(self.name()) {
                    if r.mutability.is_some() {
                        self.bail = true;
                        return None;
                    }
                    return self.place_parts(&r.expr, st);
                }
                self.expr(&r.expr, st, &[])
            }
            syn::Expr::Index(i) => {
                let st = if self.is_name(&i.expr) {
                    st
                } else {
                    self.expr(&i.expr, st, &[])?
                };
                self.expr(&i.index, st, &[])
            }
            syn::Expr::Field(f) => {
                if place_root(&f.base).as_deref() == Some(self.name()) {
                    return self.place_parts(&f.base, st);
                }
                self.expr(&f.base, st, &[])
            }
            syn::Expr::If(i) => {
                let st = self.expr(&i.cond, st, &[])?;
                let then = self.block(&i.then_branch.stmts, st.clone());
                let other = match &i.else_branch {
                    Some((_, e)) => self.expr(e, st, &[]),
                    None => Some(st),
                };
                self.join(then, other)
            }
            syn::Expr::Let(l) => {
                if uses::mentions(&*l.pat, self.name()) {
                    self.bail = true;
                    return None;
                }
                self.expr(&l.expr, st, &[])
            }
            syn::Expr::Match(m) => {
                let st = self.expr(&m.expr, st, &[])?;
                let mut out: Option<State> = None;
                let mut first = true;
                for arm in &m.arms {
                    let (pat, guard) = match &arm.pat {
                        syn::Pat::Guard(g) => (&*g.pat, Some(&*g.guard)),
                        other => (other, None),
                    };
                    if uses::mentions(pat, self.name()) {
                        self.bail = true;
                        return None;
                    }
                    let mut arm_st = Some(st.clone());
                    if let Some(guard) = guard {
                        // A guard runs on paths that then take another arm: it may not grow.
                        arm_st = self.expr(guard, st.clone(), &[]);
                        if arm_st.as_ref().is_some_and(|g| *g != st) {
                            self.bail = true;
                        }
                    }
                    let end = match arm_st {
                        Some(arm_st) => self.expr(&arm.body, arm_st, &[]),
                        None => None,
                    };
                    out = if first { end } else { self.join(out, end) };
                    first = false;
                }
                if first { Some(st) } else { out }
            }
            syn::Expr::Block(b) => {
                if b.label.is_some() {
                    // `break 'label` out of a block: not followed.
                    self.bail = true;
                    return None;
                }
                self.block(&b.block.stmts, st)
            }
            syn::Expr::Unsafe(u) => self.block(&u.block.stmts, st),
            syn::Expr::ForLoop(_) | syn::Expr::While(_) | syn::Expr::Loop(_) => {
                self.nested_loop(expr, st, preceding)
            }
            syn::Expr::Break(b) => {
                if let Some(value) = &b.expr {
                    self.expr(value, st, &[])?;
                }
                // Leaving the loop early: fewer iterations than counted.
                self.bail = true;
                None
            }
            syn::Expr::Continue(c) => {
                let target = c.label.as_ref().map(|l| unraw(&l.ident));
                if target.is_some() && target != self.label {
                    self.bail = true;
                } else {
                    self.continues.push(st);
                }
                None
            }
            syn::Expr::Return(r) => {
                if let Some(value) = &r.expr {
                    // Returning the collection half filled: the loop's length overstates it.
                    if self.mentions(&**value) {
                        self.bail = true;
                        return None;
                    }
                    self.expr(value, st, &[])?;
                }
                None
            }
            // The error path of `?` leaves the function.
            syn::Expr::Try(t) => self.expr(&t.expr, st, &[]),
            syn::Expr::Closure(_) | syn::Expr::Async(_) | syn::Expr::TryBlock(_) => {
                if self.mentions(expr) {
                    // Runs any number of times, or not at all.
                    self.bail = true;
                    return None;
                }
                Some(st)
            }
            syn::Expr::Macro(m) => self.mac(&m.mac, st),
            syn::Expr::Assign(a) => {
                let st = self.expr(&a.right, st, &[])?;
                match strip_parens(&a.left) {
                    // `v[i] = x` replaces an element: the length stays.
                    syn::Expr::Index(i) if self.is_name(&i.expr) => self.expr(&i.index, st, &[]),
                    left => self.expr(left, st, &[]),
                }
            }
            syn::Expr::Binary(b) => self.binary(b, st),
            syn::Expr::Unary(u) => self.expr(&u.expr, st, &[]),
            syn::Expr::Cast(c) => self.expr(&c.expr, st, &[]),
            syn::Expr::Paren(p) => self.expr(&p.expr, st, &[]),
            syn::Expr::Group(g) => self.expr(&g.expr, st, &[]),
            syn::Expr::Await(a) => self.expr(&a.base, st, &[]),
            syn::Expr::Call(c) => {
                let st = self.expr(&c.func, st, &[])?;
                self.exprs(&c.args, st)
            }
            syn::Expr::Tuple(t) => self.exprs(&t.elems, st),
            syn::Expr::Array(a) => self.exprs(&a.elems, st),
            syn::Expr::Repeat(r) => self.expr(&r.expr, st, &[]),
            syn::Expr::Struct(s) => {
                let st = self.exprs(s.fields.iter().map(|f| &f.expr), st)?;
                match &s.rest {
                    Some(rest) => self.expr(rest, st, &[]),
                    None => Some(st),
                }
            }
            syn::Expr::Range(r) => self.exprs(r.start.iter().chain(r.end.iter()).map(|e| &**e), st),
            _ => {
                if self.mentions(expr) {
                    self.bail = true;
                    return None;
                }
                Some(st)
            }
        }
    }

    /// The index expressions inside a place rooted at the collection (`&v[i..j]`).
    fn place_parts(&mut self, place: &syn::Expr, st: State) -> Option<State> {
        match strip_parens(place) {
            syn::Expr::Index(i) => {
                let st = self.place_parts(&i.expr, st)?;
                self.expr(&i.index, st, &[])
            }
            syn::Expr::Field(f) => self.place_parts(&f.base, st),
            syn::Expr::Unary(u) => self.place_parts(&u.expr, st),
            _ => Some(st),
        }
    }

    fn method_call(&mut self, m: &syn::ExprMethodCall, st: State) -> Option<State> {
        let on_collection = self.is_name(&m.receiver);
        let st = if on_collection {
            st
        } else {
            self.expr(&m.receiver, st, &[])?
        };
        let st = self.exprs(&m.args, st)?;
        if !on_collection {
            return Some(st);
        }
        let method = unraw(&m.method);
        let args: Vec<&syn::Expr> = m.args.iter().collect();
        if let Some((amount, chars_as_bytes)) = self.growth.grows_by(&method, &args) {
            self.counts_chars_as_bytes |= chars_as_bytes;
            self.sites.push(Site::Grow {
                span: self.growth.fcx().span(m),
                method,
                amount: amount.clone(),
            });
            return Some(self.grow(st, amount));
        }
        if !READ_ONLY_METHODS.contains(&method.as_str()) {
            self.bail = true;
            return None;
        }
        Some(st)
    }

    fn binary(&mut self, b: &syn::ExprBinary, st: State) -> Option<State> {
        match b.op {
            syn::BinOp::And(_) | syn::BinOp::Or(_) => {
                let st = self.expr(&b.left, st, &[])?;
                // The right side runs on some paths only: it may not grow.
                let right = self.expr(&b.right, st.clone(), &[]);
                if right.as_ref().is_some_and(|r| *r != st) {
                    self.bail = true;
                }
                Some(st)
            }
            syn::BinOp::AddAssign(_) if self.is_name(&b.left) => {
                // `s += "abc"` on a `String`.
                let st = self.expr(&b.right, st, &[])?;
                match str_literal_len(&b.right)
                    .filter(|&n| n > 0 && self.growth.kind == Collection::String)
                {
                    Some(n) => {
                        self.sites.push(Site::Grow {
                            span: self.growth.fcx().span(b),
                            method: "+=".to_string(),
                            amount: Count::Lit(n),
                        });
                        Some(self.grow(st, Count::Lit(n)))
                    }
                    None => {
                        self.bail = true;
                        None
                    }
                }
            }
            _ if uses::is_assign_op(&b.op) => {
                let st = self.expr(&b.right, st, &[])?;
                self.expr(&b.left, st, &[])
            }
            _ => {
                let st = self.expr(&b.left, st, &[])?;
                self.expr(&b.right, st, &[])
            }
        }
    }

    fn mac(&mut self, mac: &syn::Macro, st: State) -> Option<State> {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| unraw(&s.ident))
            .unwrap_or_default();
        if matches!(
            name.as_str(),
            "panic" | "unreachable" | "todo" | "unimplemented"
        ) {
            return None;
        }
        // A macro that breaks or continues changes the control flow in ways not seen here.
        if uses::tokens_mention(&mac.tokens, "break")
            || uses::tokens_mention(&mac.tokens, "continue")
        {
            self.bail = true;
            return None;
        }
        if uses::tokens_mention(&mac.tokens, self.name()) && !is_formatting_macro(mac) {
            self.bail = true;
            return None;
        }
        Some(st)
    }

    /// A loop inside the body: neutral if it does not touch the collection, else one growth
    /// unit of (its length × what each of its iterations adds).
    fn nested_loop(
        &mut self,
        expr: &syn::Expr,
        st: State,
        preceding: &[syn::Stmt],
    ) -> Option<State> {
        if !self.mentions(expr) {
            if leaves_enclosing_loop(expr) {
                self.bail = true;
                return None;
            }
            // A `for` loop's iterable is evaluated once, before it; its `?` may leave.
            return match expr {
                syn::Expr::ForLoop(f) => self.expr(&f.expr, st, &[]),
                _ => Some(st),
            };
        }
        let trips = self.growth.trips;
        let (count, header, label, body) = match expr {
            syn::Expr::ForLoop(f) => {
                if uses::mentions(&*f.expr, self.name()) || uses::mentions(&*f.pat, self.name()) {
                    self.bail = true;
                    return None;
                }
                (
                    trips.for_loop(&f.expr),
                    self.growth.fcx().span(&*f.expr),
                    &f.label,
                    &f.body,
                )
            }
            syn::Expr::While(w) => {
                if uses::mentions(&*w.cond, self.name()) {
                    self.bail = true;
                    return None;
                }
                (
                    trips.while_loop(w, preceding),
                    self.growth.fcx().span(&*w.cond),
                    &w.label,
                    &w.body,
                )
            }
            // `loop`: no known length.
            _ => {
                self.bail = true;
                return None;
            }
        };
        let Some(count) = count else {
            self.bail = true;
            return None;
        };
        // The nested length is evaluated once per outer iteration: it must not depend on
        // anything the outer loop binds or changes.
        let roots = count.roots();
        if roots.iter().any(|r| {
            self.growth.bound_inside.contains(r) || trips.may_change(self.growth.outer_body, r)
        }) {
            self.bail = true;
            return None;
        }
        let label = label.as_ref().map(|l| unraw(&l.name.ident));
        let Some(inner) = self.growth.per_iteration(body, label) else {
            self.bail = true;
            return None;
        };
        self.sites.push(Site::Loop {
            header,
            count: count.clone(),
        });
        self.sites.extend(inner.sites);
        self.counts_chars_as_bytes |= inner.counts_chars_as_bytes;
        Some(self.grow(st, Count::product(count, inner.amount)))
    }
}

/// Whether a `break` or `continue` inside the loop `expr` targets a loop around it.
fn leaves_enclosing_loop(expr: &syn::Expr) -> bool {
    struct Finder {
        labels: Vec<String>,
        depth: usize,
        found: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            let label = match e {
                syn::Expr::ForLoop(f) => Some(&f.label),
                syn::Expr::While(w) => Some(&w.label),
                syn::Expr::Loop(l) => Some(&l.label),
                syn::Expr::Block(b) => {
                    if let Some(l) = &b.label {
                        self.labels.push(unraw(&l.name.ident));
                    }
                    None
                }
                _ => None,
            };
            if let Some(label) = label {
                self.depth += 1;
                if let Some(l) = label {
                    self.labels.push(unraw(&l.name.ident));
                }
            }
            syn::visit::visit_expr(self, e);
            if label.is_some() {
                self.depth -= 1;
            }
        }
        fn visit_expr_break(&mut self, b: &'ast syn::ExprBreak) {
            self.check(b.label.as_ref());
            syn::visit::visit_expr_break(self, b);
        }
        fn visit_expr_continue(&mut self, c: &'ast syn::ExprContinue) {
            self.check(c.label.as_ref());
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    impl Finder {
        fn check(&mut self, label: Option<&syn::Lifetime>) {
            match label {
                Some(l) => {
                    if !self.labels.contains(&unraw(&l.ident)) {
                        self.found = true;
                    }
                }
                None => {
                    if self.depth == 0 {
                        self.found = true;
                    }
                }
            }
        }
    }
    let mut finder = Finder {
        labels: Vec::new(),
        depth: 0,
        found: false,
    };
    syn::visit::Visit::visit_expr(&mut finder, expr);
    finder.found
}

fn char_literal(expr: &syn::Expr) -> Option<char> {
    match strip_parens(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Char(c),
            ..
        }) => Some(c.value()),
        _ => None,
    }
}

fn str_literal_len(expr: &syn::Expr) -> Option<u128> {
    match strip_parens(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value().len() as u128),
        _ => None,
    }
}
