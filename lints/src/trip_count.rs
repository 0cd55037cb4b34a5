//! How many times a loop runs, as an expression that can be evaluated before it starts:
//! `for _ in a..b`, `for x in &v` and the iterator adapters that keep a known length on top
//! of them, and `while i < n` with a counter stepped by one.
//!
//! Unknown is not small: a loop whose length memlint cannot write down has no [`Count`].

use crate::context::FileCx;
use crate::load::unraw;
use crate::model::ty::{Prim, Ty};
use crate::typeck::{Collection, TypeEnv};
use crate::uses::{self, strip_parens};

/// A number of iterations (or of elements), kept as the expression that computes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Count {
    Lit(u128),
    Term(Term),
    Add(Box<Count>, Box<Count>),
    Sub(Box<Count>, Box<Count>),
    Mul(Box<Count>, Box<Count>),
    Div(Box<Count>, Box<Count>),
    DivCeil(Box<Count>, Box<Count>),
    Min(Box<Count>, Box<Count>),
    SaturatingSub(Box<Count>, Box<Count>),
    /// `n as usize`: a count of an unsigned integer type other than `usize`.
    AsUsize(Box<Count>),
    /// `usize::try_from(n).unwrap_or(0)`: a count of a signed type, which an empty range
    /// makes negative.
    TryIntoUsize(Box<Count>),
    /// `a..` has no end; only `.take(n)` bounds it.
    Unbounded,
}

/// The integer type a range or a counter counts in, as far as the source says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntKind {
    Usize,
    /// `u8`..`u64`: `as usize` keeps the value (on 64-bit targets).
    Unsigned,
    Signed,
    /// Not known: the count may not be a `usize`, so the suggestion is not machine-applicable.
    Unknown,
}

/// An expression of the source, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub form: Form,
    /// Binds tighter than any operator (a path, a call, a literal): no parentheses needed.
    pub atomic: bool,
    /// The locals (and constants) its value depends on.
    pub roots: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// A plain path or field chain: `n`, `self.count`, `MAX_ITEMS`.
    Place,
    /// `.len()` of a plain path or field chain: `users.len()`, `self.items.len()`.
    Len,
    /// Anything else: calls, arithmetic, indexing.
    Other,
}

/// Operator precedence, for parentheses when rendering.
const PREC_ADD: u8 = 1;
const PREC_MUL: u8 = 2;
/// `as` binds tighter than arithmetic, looser than method calls.
const PREC_CAST: u8 = 3;
/// Atoms and method calls, which nothing needs to wrap. As the receiver of a method call
/// (asked for with this precedence), a literal needs a type suffix.
const PREC_RECEIVER: u8 = 4;

impl Count {
    pub fn sum(a: Count, b: Count) -> Count {
        match (a, b) {
            (Count::Unbounded, _) | (_, Count::Unbounded) => Count::Unbounded,
            (Count::Lit(x), Count::Lit(y)) => Count::Lit(x.saturating_add(y)),
            (x, Count::Lit(0)) | (Count::Lit(0), x) => x,
            (a, b) => Count::Add(Box::new(a), Box::new(b)),
        }
    }

    /// `end - start` of a range: an empty range (`start > end`) runs zero times.
    pub fn difference(a: Count, b: Count) -> Count {
        match (a, b) {
            (Count::Unbounded, _) => Count::Unbounded,
            (Count::Lit(x), Count::Lit(y)) => Count::Lit(x.saturating_sub(y)),
            (x, Count::Lit(0)) => x,
            (a, b) => Count::Sub(Box::new(a), Box::new(b)),
        }
    }

    /// The length of `start..=end`: `end - start + 1`, written `end` for `1..=end`.
    pub fn inclusive(end: Count, start: Count) -> Count {
        match start {
            Count::Lit(k) if k > 0 => Count::difference(end, Count::Lit(k - 1)),
            start => Count::sum(Count::difference(end, start), Count::Lit(1)),
        }
    }

    pub fn product(a: Count, b: Count) -> Count {
        match (a, b) {
            (Count::Lit(0), _) | (_, Count::Lit(0)) => Count::Lit(0),
            (Count::Unbounded, _) | (_, Count::Unbounded) => Count::Unbounded,
            (Count::Lit(x), Count::Lit(y)) => Count::Lit(x.saturating_mul(y)),
            (x, Count::Lit(1)) | (Count::Lit(1), x) => x,
            (a, b) => Count::Mul(Box::new(a), Box::new(b)),
        }
    }

    pub fn min(a: Count, b: Count) -> Count {
        match (a, b) {
            (Count::Unbounded, x) | (x, Count::Unbounded) => x,
            (Count::Lit(x), Count::Lit(y)) => Count::Lit(x.min(y)),
            (a, b) if a == b => a,
            // A literal receiver would be an ambiguous integer type: put it second.
            (Count::Lit(x), b) => Count::Min(Box::new(b), Box::new(Count::Lit(x))),
            (a, b) => Count::Min(Box::new(a), Box::new(b)),
        }
    }

    pub fn saturating_sub(a: Count, b: Count) -> Count {
        match (a, b) {
            (Count::Unbounded, _) => Count::Unbounded,
            (Count::Lit(x), Count::Lit(y)) => Count::Lit(x.saturating_sub(y)),
            (x, Count::Lit(0)) => x,
            (a, b) => Count::SaturatingSub(Box::new(a), Box::new(b)),
        }
    }

    pub fn div_ceil(a: Count, b: Count) -> Option<Count> {
        Some(match (a, b) {
            (_, Count::Lit(0)) => return None,
            (Count::Unbounded, _) => Count::Unbounded,
            (Count::Lit(x), Count::Lit(y)) => Count::Lit(x.div_ceil(y)),
            (x, Count::Lit(1)) => x,
            (a, b) => Count::DivCeil(Box::new(a), Box::new(b)),
        })
    }

    pub fn quotient(a: Count, b: Count) -> Option<Count> {
        Some(match (a, b) {
            (_, Count::Lit(0)) => return None,
            (Count::Unbounded, _) => Count::Unbounded,
            (Count::Lit(x), Count::Lit(y)) => Count::Lit(x / y),
            (x, Count::Lit(1)) => x,
            (a, b) => Count::Div(Box::new(a), Box::new(b)),
        })
    }

    /// The count of a range or counter of `kind`, as a `usize`.
    pub fn into_usize(self, kind: IntKind) -> Count {
        match (self, kind) {
            (c @ (Count::Lit(_) | Count::Unbounded), _) => c,
            (c, IntKind::Usize | IntKind::Unknown) => c,
            (c, IntKind::Unsigned) => Count::AsUsize(Box::new(c)),
            (c, IntKind::Signed) => Count::TryIntoUsize(Box::new(c)),
        }
    }

    /// The count in the loop's own integer type, as the loop header reads.
    pub fn uncast(&self) -> &Count {
        match self {
            Count::AsUsize(inner) | Count::TryIntoUsize(inner) => inner,
            other => other,
        }
    }

    /// A literal, a plain path or a `.len()` of one (or a plain path of a smaller unsigned
    /// type, `as usize`): nothing to evaluate twice, nothing that can panic or overflow.
    pub fn is_plain(&self) -> bool {
        match self {
            Count::Lit(_) => true,
            Count::Term(t) => matches!(t.form, Form::Place | Form::Len),
            Count::AsUsize(inner) => matches!(&**inner, Count::Term(t) if t.form == Form::Place),
            _ => false,
        }
    }

    /// The locals (and constants) the count depends on.
    pub fn roots(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_roots(&mut out);
        out.sort();
        out.dedup();
        out
    }

    fn collect_roots(&self, out: &mut Vec<String>) {
        match self {
            Count::Lit(_) | Count::Unbounded => {}
            Count::Term(t) => out.extend(t.roots.iter().cloned()),
            Count::AsUsize(c) | Count::TryIntoUsize(c) => c.collect_roots(out),
            Count::Add(a, b)
            | Count::Sub(a, b)
            | Count::Mul(a, b)
            | Count::Div(a, b)
            | Count::DivCeil(a, b)
            | Count::Min(a, b)
            | Count::SaturatingSub(a, b) => {
                a.collect_roots(out);
                b.collect_roots(out);
            }
        }
    }

    /// The expression as Rust source.
    pub fn render(&self) -> String {
        self.render_at(0)
    }

    fn render_at(&self, prec: u8) -> String {
        let (text, own) = match self {
            Count::Lit(n) if prec == PREC_RECEIVER => (format!("{n}_usize"), PREC_RECEIVER),
            Count::Lit(n) => (n.to_string(), PREC_RECEIVER),
            Count::Term(t) if t.atomic => (t.text.clone(), PREC_RECEIVER),
            Count::Term(t) => (t.text.clone(), 0),
            Count::Add(a, b) => (
                format!("{} + {}", a.render_at(PREC_ADD), b.render_at(PREC_ADD + 1)),
                PREC_ADD,
            ),
            Count::Sub(a, b) => (
                format!("{} - {}", a.render_at(PREC_ADD), b.render_at(PREC_ADD + 1)),
                PREC_ADD,
            ),
            // Products are associative: `n * m * 4`, not `n * (m * 4)`.
            Count::Mul(a, b) => {
                let right = if matches!(**b, Count::Mul(..)) {
                    PREC_MUL
                } else {
                    PREC_MUL + 1
                };
                (
                    format!("{} * {}", a.render_at(PREC_MUL), b.render_at(right)),
                    PREC_MUL,
                )
            }
            Count::Div(a, b) => (
                format!("{} / {}", a.render_at(PREC_MUL), b.render_at(PREC_MUL + 1)),
                PREC_MUL,
            ),
            Count::DivCeil(a, b) => (
                format!(
                    "{}.div_ceil({})",
                    a.render_at(PREC_RECEIVER),
                    b.render_at(0)
                ),
                PREC_RECEIVER,
            ),
            Count::Min(a, b) => (
                format!("{}.min({})", a.render_at(PREC_RECEIVER), b.render_at(0)),
                PREC_RECEIVER,
            ),
            Count::SaturatingSub(a, b) => (
                format!(
                    "{}.saturating_sub({})",
                    a.render_at(PREC_RECEIVER),
                    b.render_at(0)
                ),
                PREC_RECEIVER,
            ),
            Count::AsUsize(c) => (format!("{} as usize", c.render_at(PREC_CAST)), PREC_CAST),
            Count::TryIntoUsize(c) => (
                format!("usize::try_from({}).unwrap_or(0)", c.render_at(0)),
                PREC_RECEIVER,
            ),
            Count::Unbounded => ("usize::MAX".to_string(), PREC_RECEIVER),
        };
        // A source term that is not atomic has precedence 0: its inner operators are not
        // known here, so it is wrapped whenever it is an operand.
        if prec > own {
            format!("({text})")
        } else {
            text
        }
    }
}

/// Counts loops of one file, with the types known at the loop.
pub struct Trips<'a, 'e> {
    pub fcx: FileCx<'a>,
    pub env: &'e TypeEnv<'a>,
    /// The function takes `&self`: nothing in it changes `self` (barring interior
    /// mutability, which a length read through `self` does not go through).
    pub shared_self: bool,
}

impl Trips<'_, '_> {
    /// How many times `for _ in iterable` runs, if it is known before the loop starts.
    pub fn for_loop(&self, iterable: &syn::Expr) -> Option<Count> {
        self.items(iterable).filter(|c| *c != Count::Unbounded)
    }

    /// How many items an iterable yields; [`Count::Unbounded`] for `a..`.
    fn items(&self, expr: &syn::Expr) -> Option<Count> {
        match strip_parens(expr) {
            syn::Expr::Range(r) => {
                let bounds: Vec<&syn::Expr> =
                    r.start.iter().chain(r.end.iter()).map(|e| &**e).collect();
                let kind = self.int_kind(&bounds);
                // A signed range of constants that is not empty converts like an unsigned one.
                let kind = match &r.end {
                    Some(end)
                        if kind == IntKind::Signed
                            && self.non_negative(r.start.as_deref(), end) =>
                    {
                        IntKind::Unsigned
                    }
                    _ => kind,
                };
                let start = r
                    .start
                    .as_ref()
                    .map_or(Count::Lit(0), |s| self.typed_term(s, kind));
                let Some(end) = &r.end else {
                    return r.start.is_some().then_some(Count::Unbounded);
                };
                let end = self.typed_term(end, kind);
                let count = match r.limits {
                    syn::RangeLimits::HalfOpen(_) => Count::difference(end, start),
                    syn::RangeLimits::Closed(_) => Count::inclusive(end, start),
                };
                Some(count.into_usize(kind))
            }
            syn::Expr::Array(a) => Some(Count::Lit(a.elems.len() as u128)),
            syn::Expr::Repeat(r) => Some(self.term(&r.len)),
            syn::Expr::Reference(r) => self.len_of(&r.expr),
            syn::Expr::MethodCall(m) => self.method(m),
            other => self.len_of(other),
        }
    }

    fn method(&self, m: &syn::ExprMethodCall) -> Option<Count> {
        let method = unraw(&m.method);
        let args: Vec<&syn::Expr> = m.args.iter().collect();
        let recv = &*m.receiver;
        let kind = || {
            let ty = self.env.infer(recv)?;
            self.env.collection(&ty).map(|(kind, _)| kind)
        };
        match (method.as_str(), args.as_slice()) {
            ("iter" | "iter_mut", []) => self.len_of(recv),
            ("into_iter", []) => self.len_of(recv).or_else(|| self.items(recv)),
            ("drain", [syn::Expr::Range(r)]) if r.start.is_none() && r.end.is_none() => {
                self.len_of(recv)
            }
            ("keys" | "values" | "values_mut" | "into_keys" | "into_values", []) => {
                kind()?.is_map().then(|| self.len_of(recv))?
            }
            ("bytes", []) => matches!(kind()?, Collection::String | Collection::Str)
                .then(|| Count::Term(self.len_term(recv))),
            ("chunks" | "chunks_mut", [k]) if kind()?.is_contiguous() => {
                Count::div_ceil(self.len_of(recv)?, self.term(k))
            }
            ("chunks_exact" | "chunks_exact_mut", [k]) if kind()?.is_contiguous() => {
                Count::quotient(self.len_of(recv)?, self.term(k))
            }
            ("windows", [k]) if kind()?.is_contiguous() => Some(Count::saturating_sub(
                self.len_of(recv)?,
                Count::difference(self.term(k), Count::Lit(1)),
            )),
            ("enumerate" | "rev" | "cloned" | "copied", []) | ("map" | "inspect", [_]) => {
                self.items(recv)
            }
            ("zip", [other]) => Some(Count::min(self.items(recv)?, self.items(other)?)),
            ("take", [n]) => Some(Count::min(self.items(recv)?, self.term(n))),
            ("skip", [n]) => Some(Count::saturating_sub(self.items(recv)?, self.term(n))),
            _ => None,
        }
    }

    /// The number of items iterating the collection `expr` yields: its `.len()`, or the
    /// length of an array literal or of an array computed by a call.
    fn len_of(&self, expr: &syn::Expr) -> Option<Count> {
        let expr = strip_parens(expr);
        if let syn::Expr::Array(a) = expr {
            return Some(Count::Lit(a.elems.len() as u128));
        }
        let ty = self.env.infer(expr)?;
        let (kind, ty) = self.env.collection(&ty)?;
        if let Ty::Array(_, len) = &ty
            && !is_plain_place(expr)
            && let Some(len) = self.env.model().array_len(len)
        {
            return Some(Count::Lit(u128::from(len)));
        }
        kind.iterates_len()
            .then(|| Count::Term(self.len_term(expr)))
    }

    fn len_term(&self, expr: &syn::Expr) -> Term {
        let expr = strip_parens(expr);
        let text = self.fcx.snippet(expr);
        let atomic = is_atomic(expr);
        Term {
            text: if atomic {
                format!("{text}.len()")
            } else {
                format!("({text}).len()")
            },
            form: if is_plain_place(expr) {
                Form::Len
            } else {
                Form::Other
            },
            atomic: true,
            roots: uses::roots(expr),
        }
    }

    /// The integer type of `exprs`, which Rust makes one type: the first whose type is
    /// known says it. Literals alone count in `usize`.
    fn int_kind(&self, exprs: &[&syn::Expr]) -> IntKind {
        let mut all_literals = true;
        for expr in exprs {
            if matches!(strip_parens(expr), syn::Expr::Lit(_)) {
                continue;
            }
            all_literals = false;
            match self.env.infer(expr) {
                Some(Ty::Prim(Prim::Usize)) => return IntKind::Usize,
                Some(Ty::Prim(Prim::U8 | Prim::U16 | Prim::U32 | Prim::U64)) => {
                    return IntKind::Unsigned;
                }
                Some(Ty::Prim(
                    Prim::I8 | Prim::I16 | Prim::I32 | Prim::I64 | Prim::I128 | Prim::Isize,
                )) => return IntKind::Signed,
                _ => {}
            }
        }
        if all_literals {
            IntKind::Usize
        } else {
            IntKind::Unknown
        }
    }

    /// Whether `start` (0 if absent) and `end` are constants with `0 <= start <= end`.
    fn non_negative(&self, start: Option<&syn::Expr>, end: &syn::Expr) -> bool {
        let value = |e: &syn::Expr| self.env.model().eval(&self.env.cx.const_expr(e));
        let start = start.map_or(Some(0), value);
        matches!((start, value(end)), (Some(a), Some(b)) if 0 <= a && a <= b)
    }

    /// A term of a range or counter of integer type `kind`: of unknown type, it is not
    /// plain (it may not be a `usize`).
    fn typed_term(&self, expr: &syn::Expr, kind: IntKind) -> Count {
        match self.term(expr) {
            Count::Term(t) if kind == IntKind::Unknown => Count::Term(Term {
                form: Form::Other,
                ..t
            }),
            other => other,
        }
    }

    /// An expression of the source as a count: integer literals are numbers.
    pub fn term(&self, expr: &syn::Expr) -> Count {
        let expr = strip_parens(expr);
        if let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) = expr
            && let Ok(n) = int.base10_parse::<u128>()
        {
            return Count::Lit(n);
        }
        Count::Term(Term {
            text: self.fcx.snippet(expr).to_string(),
            form: if is_plain_place(expr) || is_const_path(expr) {
                Form::Place
            } else {
                Form::Other
            },
            atomic: is_atomic(expr),
            roots: uses::roots(expr),
        })
    }

    /// Whether `node` may change the local `name`, knowing from its type whether passing it
    /// by value copies it.
    pub fn may_change<N: uses::Walk + ?Sized>(&self, node: &N, name: &str) -> bool {
        if name == "self" && self.shared_self {
            return false;
        }
        match self.env.local(name) {
            Some(Some(Ty::Prim(_))) => uses::may_change_copy(node, name),
            _ => uses::may_change(node, name),
        }
    }

    /// `while i < n { ..; i += 1; }`: the count, from the counter's value before the loop
    /// (found in `preceding`, the statements before the loop in its block).
    pub fn while_loop(&self, w: &syn::ExprWhile, preceding: &[syn::Stmt]) -> Option<Count> {
        let syn::Expr::Binary(cond) = strip_parens(&w.cond) else {
            return None;
        };
        let (counter, bound, inclusive) = match cond.op {
            syn::BinOp::Lt(_) => (&*cond.left, &*cond.right, false),
            syn::BinOp::Le(_) => (&*cond.left, &*cond.right, true),
            syn::BinOp::Gt(_) => (&*cond.right, &*cond.left, false),
            syn::BinOp::Ge(_) => (&*cond.right, &*cond.left, true),
            _ => return None,
        };
        let counter_expr = counter;
        let counter = single_ident(counter)?;
        let label = w.label.as_ref().map(|l| unraw(&l.name.ident));
        if continues(&w.body, label.as_deref()) {
            return None;
        }
        // Exactly one `i += 1` among the body's own statements, and nothing else changes `i`.
        let steps: Vec<usize> = w
            .body
            .stmts
            .iter()
            .enumerate()
            .filter(|(_, s)| is_step(s, &counter))
            .map(|(i, _)| i)
            .collect();
        let [step] = steps[..] else { return None };
        let others = w
            .body
            .stmts
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != step)
            .any(|(_, s)| uses::may_change_copy(s, &counter));
        if others {
            return None;
        }
        let bound_roots = uses::roots(bound);
        if bound_roots.contains(&counter) || bound_roots.iter().any(|r| self.may_change(&w.body, r))
        {
            return None;
        }
        let start = self.counter_start(&counter, preceding)?;
        let kind = self.int_kind(&[bound, counter_expr, start]);
        let (end, start) = (self.typed_term(bound, kind), self.typed_term(start, kind));
        let count = if inclusive {
            Count::inclusive(end, start)
        } else {
            Count::difference(end, start)
        };
        Some(count.into_usize(kind))
    }

    /// The counter's value when the loop starts: the last statement before the loop that
    /// names it must set it (`let mut i = 0;` or `i = 0;`).
    fn counter_start<'s>(
        &self,
        counter: &str,
        preceding: &'s [syn::Stmt],
    ) -> Option<&'s syn::Expr> {
        let last = preceding
            .iter()
            .rev()
            .find(|s| uses::mentions(*s, counter))?;
        match last {
            syn::Stmt::Local(local) => {
                let pat = match &local.pat {
                    syn::Pat::Type(t) => &*t.pat,
                    other => other,
                };
                let syn::Pat::Ident(ident) = pat else {
                    return None;
                };
                let init = local.init.as_ref()?;
                (unraw(&ident.ident) == counter
                    && init.diverge.is_none()
                    && !uses::roots(&init.expr).iter().any(|r| r == counter))
                .then_some(&*init.expr)
            }
            syn::Stmt::Expr(syn::Expr::Assign(a), Some(_))
                if single_ident(&a.left).as_deref() == Some(counter)
                    && !uses::roots(&a.right).iter().any(|r| r == counter) =>
            {
                Some(&*a.right)
            }
            _ => None,
        }
    }
}

/// `i += 1;` or `i = i + 1;`
fn is_step(stmt: &syn::Stmt, counter: &str) -> bool {
    let syn::Stmt::Expr(expr, Some(_)) = stmt else {
        return false;
    };
    let is_one = |e: &syn::Expr| {
        matches!(strip_parens(e), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. })
            if i.base10_parse::<u128>().ok() == Some(1))
    };
    let is_counter = |e: &syn::Expr| single_ident(e).as_deref() == Some(counter);
    match expr {
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::AddAssign(_)) => {
            is_counter(&b.left) && is_one(&b.right)
        }
        syn::Expr::Assign(a) if is_counter(&a.left) => match strip_parens(&a.right) {
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_)) => {
                (is_counter(&b.left) && is_one(&b.right))
                    || (is_one(&b.left) && is_counter(&b.right))
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether a `continue` in `body` can restart the loop that owns it (labelled `label`).
pub fn continues(body: &syn::Block, label: Option<&str>) -> bool {
    struct Finder<'l> {
        label: Option<&'l str>,
        depth: usize,
        found: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Finder<'_> {
        fn visit_expr_continue(&mut self, c: &'ast syn::ExprContinue) {
            let target = c.label.as_ref().map(|l| unraw(&l.ident));
            match target {
                None if self.depth == 0 => self.found = true,
                Some(t) if Some(t.as_str()) == self.label => self.found = true,
                _ => {}
            }
        }
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            let is_loop = matches!(
                e,
                syn::Expr::ForLoop(_) | syn::Expr::While(_) | syn::Expr::Loop(_)
            );
            self.depth += usize::from(is_loop);
            syn::visit::visit_expr(self, e);
            self.depth -= usize::from(is_loop);
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut finder = Finder {
        label,
        depth: 0,
        found: false,
    };
    syn::visit::Visit::visit_block(&mut finder, body);
    finder.found
}

fn single_ident(expr: &syn::Expr) -> Option<String> {
    match strip_parens(expr) {
        syn::Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(unraw),
        _ => None,
    }
}

/// `n`, `self.items`, `cfg.limits.max`: reading it has no side effects.
fn is_plain_place(expr: &syn::Expr) -> bool {
    match strip_parens(expr) {
        syn::Expr::Path(p) => p.qself.is_none() && p.path.get_ident().is_some(),
        syn::Expr::Field(f) => is_plain_place(&f.base),
        _ => false,
    }
}

/// `Self::N`, `limits::MAX`: a path to a constant.
fn is_const_path(expr: &syn::Expr) -> bool {
    matches!(strip_parens(expr), syn::Expr::Path(p)
        if p.qself.is_none() && p.path.segments.iter().all(|s| s.arguments.is_none()))
}

/// Binds at least as tightly as a method call: needs no parentheses as a receiver.
pub fn is_atomic(expr: &syn::Expr) -> bool {
    matches!(
        expr,
        syn::Expr::Path(_)
            | syn::Expr::Field(_)
            | syn::Expr::MethodCall(_)
            | syn::Expr::Call(_)
            | syn::Expr::Lit(_)
            | syn::Expr::Paren(_)
            | syn::Expr::Index(_)
            | syn::Expr::Macro(_)
            | syn::Expr::Tuple(_)
            | syn::Expr::Array(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, atomic: bool) -> Count {
        Count::Term(Term {
            text: text.to_string(),
            form: Form::Place,
            atomic,
            roots: vec![text.to_string()],
        })
    }

    #[test]
    fn folds_literals() {
        assert_eq!(
            Count::difference(Count::Lit(10), Count::Lit(3)),
            Count::Lit(7)
        );
        assert_eq!(
            Count::difference(Count::Lit(3), Count::Lit(10)),
            Count::Lit(0)
        );
        assert_eq!(
            Count::difference(term("n", true), Count::Lit(0)),
            term("n", true)
        );
        assert_eq!(
            Count::product(term("n", true), Count::Lit(1)),
            term("n", true)
        );
        assert_eq!(
            Count::min(Count::Unbounded, term("n", true)),
            term("n", true)
        );
    }

    #[test]
    fn renders_with_needed_parentheses() {
        let n = term("n", true);
        let m = term("m", true);
        let a = term("a", true);
        let diff = Count::difference(n.clone(), a.clone());
        assert_eq!(diff.render(), "n - a");
        assert_eq!(
            Count::product(diff.clone(), m.clone()).render(),
            "(n - a) * m"
        );
        assert_eq!(
            Count::product(m.clone(), diff.clone()).render(),
            "m * (n - a)"
        );
        assert_eq!(
            Count::min(diff.clone(), m.clone()).render(),
            "(n - a).min(m)"
        );
        assert_eq!(
            Count::difference(n.clone(), Count::difference(m.clone(), a.clone())).render(),
            "n - (m - a)"
        );
        assert_eq!(Count::min(Count::Lit(4), n.clone()).render(), "n.min(4)");
        assert_eq!(Count::product(n.clone(), Count::Lit(2)).render(), "n * 2");
        let nested = Count::product(n.clone(), Count::product(m.clone(), Count::Lit(4)));
        assert_eq!(nested.render(), "n * m * 4");
        let quotient = Count::quotient(m.clone(), a.clone()).unwrap();
        assert_eq!(Count::product(n.clone(), quotient).render(), "n * (m / a)");
        assert_eq!(
            Count::saturating_sub(Count::Lit(4), n.clone()).render(),
            "4_usize.saturating_sub(n)"
        );
        let sum = term("x + y", false);
        assert_eq!(sum.render(), "x + y");
        assert_eq!(
            Count::difference(sum.clone(), a.clone()).render(),
            "(x + y) - a"
        );
    }

    #[test]
    fn plain_counts() {
        assert!(Count::Lit(3).is_plain());
        assert!(term("n", true).is_plain());
        assert!(!Count::difference(term("n", true), Count::Lit(1)).is_plain());
    }
}
