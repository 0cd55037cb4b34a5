use crate::context::{FileCx, LintContext};
use crate::declare_lint;
use crate::diag::{Applicability, Diagnostic, Span};
use crate::load::unraw;
use crate::model::ty::Ty;
use crate::trip_count::{Count, Trips, is_atomic};
use crate::typeck::{Collection, TypeEnv, path_names};
use crate::uses::{self, strip_parens};
use crate::walk::{At, Body, Hooks, Scope};
use growth::{Growth, PerIteration, Site};
use syn::visit::{self, Visit};

mod growth;

declare_lint! {
    /// ### What it does
    /// Finds a `Vec`, `String`, `HashMap`, `HashSet`, `VecDeque` or `BinaryHeap` created
    /// empty (`Vec::new()`, `Vec::default()`, `vec![]`, `Default::default()` with a known
    /// type) and then filled by the next loop that uses it, when that loop's length is known
    /// before it starts and every iteration adds exactly one element:
    ///
    /// - `for _ in a..b`, `a..=b`, and `for x in &v`, `v.iter()`, `v.iter_mut()`,
    ///   `v.into_iter()`, `v.chunks(k)`, `v.windows(k)`, `m.keys()`, `m.values()` over a
    ///   collection, array or slice, through `.enumerate()`, `.rev()`, `.map(..)`,
    ///   `.cloned()`, `.copied()`, `.zip(..)` (the shorter side), `.take(n)` and `.skip(n)`;
    /// - `while i < n` with a counter set before the loop and stepped by one (`i += 1`);
    /// - nested loops of known length multiply: `n * m` elements.
    ///
    /// The body must add one element on every path of every iteration: not under an `if`,
    /// not after a `continue` or `break` that can skip it. Paths that leave the function
    /// (`return`, `?`, `panic!`) do not count, unless they return the collection. A `String` is reported when each
    /// iteration pushes a `char` or a string literal, whose length is known. Nothing may
    /// reserve capacity or otherwise use the collection between its creation and the loop.
    ///
    /// ### Why is this bad?
    /// An empty collection grows by doubling: filling it with `n` elements reallocates about
    /// log2(n) times, copies every element again on each growth, and leaves the freed blocks
    /// behind as fragmentation. `with_capacity(n)` allocates once.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let mut ids = Vec::new();
    /// for user in &users {
    ///     ids.push(user.id);
    /// }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let mut ids = Vec::with_capacity(users.len());
    /// for user in &users {
    ///     ids.push(user.id);
    /// }
    /// // or, in one line:
    /// let ids: Vec<_> = users.iter().map(|user| user.id).collect();
    /// ```
    ///
    /// ### Known problems
    /// - The suggestion is machine-applicable (`--fix`) only when the length is a literal, a
    ///   plain path or a `.len()` of one, declared before the collection and not changed in
    ///   between; `b - a`, `n * m`, calls and the like are offered for review instead.
    /// - Lengths come from the types the source states: a collection whose type memlint
    ///   cannot see (a parameter of a generic or foreign type, an iterator returned by a
    ///   call) gives no length, and the loop is not reported.
    /// - `HashMap::insert` of a key already present does not grow the map: the capacity is
    ///   then larger than needed.
    /// - A length read from untrusted input (a count prefix in a parser) should be capped
    ///   before it is preallocated: otherwise a malicious input reserves memory up front,
    ///   even if the loop would have failed on its first element.
    /// - A `String` pushed a `char` per iteration gets one byte per `char`; characters
    ///   outside ASCII take up to four.
    /// - In a `no_std` crate, `vec![]` is replaced with `Vec::with_capacity`, which needs
    ///   `alloc::vec::Vec` in scope.
    pub static MISSING_WITH_CAPACITY = {
        name: "missing_with_capacity",
        level: Warn,
        summary: "a collection created empty is filled in a loop of known length",
    };
}

/// The lint as hooks, for a walk shared with other hooks.
pub(crate) fn pass<'a, 'o>(
    cx: &'a LintContext<'a>,
    out: &'o mut Vec<Diagnostic>,
) -> Capacity<'a, 'o> {
    Capacity {
        cx,
        shared_self: Vec::new(),
        scopes: Vec::new(),
        out,
    }
}

pub(crate) struct Capacity<'a, 'o> {
    cx: &'a LintContext<'a>,
    /// Whether each function being walked takes `&self`, innermost last.
    shared_self: Vec<bool>,
    /// For each scope being walked, innermost last: the collections created empty in it
    /// that no statement has used yet.
    scopes: Vec<Vec<Candidate>>,
    out: &'o mut Vec<Diagnostic>,
}

/// The lint's checks at one point of the walk: the file, the types in scope, the function.
struct Checker<'c> {
    fcx: FileCx<'c>,
    env: &'c TypeEnv<'c>,
    /// The function being walked takes `&self`.
    shared_self: bool,
}

/// A `let mut x = <empty collection>;` waiting for the next statement that uses `x`.
struct Candidate {
    name: String,
    /// Its statement's index in the block.
    index: usize,
    kind: Collection,
    /// The constructor expression, which the suggestion replaces.
    ctor: Span,
    /// The type path to call `with_capacity` on, with its `::`: `Vec::`, `HashMap::<K, V>::`.
    prefix: String,
    /// A `HashMap`/`HashSet` whose hasher may not be `RandomState`: `with_capacity` would
    /// not exist for it, `with_capacity_and_hasher` does.
    custom_hasher: bool,
}

impl Checker<'_> {
    /// `let mut x = Vec::new();` and the other empty constructors of collections that have
    /// a capacity.
    fn candidate(&self, local: &syn::Local, index: usize) -> Option<Candidate> {
        let (pat, annotation) = match &local.pat {
            syn::Pat::Type(t) => (&*t.pat, Some(&*t.ty)),
            other => (other, None),
        };
        let syn::Pat::Ident(ident) = pat else {
            return None;
        };
        if ident.mutability.is_none() || ident.by_ref.is_some() || ident.subpat.is_some() {
            return None;
        }
        let init = local.init.as_ref()?;
        if init.diverge.is_some() {
            return None;
        }
        let model = self.fcx.cx.model;
        let declared = annotation.map(|t| model.expand_aliases(&self.env.lower(t)));
        let (ty, prefix, is_new) = match strip_parens(&init.expr) {
            syn::Expr::Call(call) if call.args.is_empty() => {
                let syn::Expr::Path(p) = &*call.func else {
                    return None;
                };
                if p.qself.is_some() {
                    return None;
                }
                let last = p.path.segments.last()?;
                let method = unraw(&last.ident);
                if !matches!(method.as_str(), "new" | "default") || !last.arguments.is_none() {
                    return None;
                }
                let names = path_names(&p.path);
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                if matches!(
                    names.as_slice(),
                    ["Default", "default"] | ["std" | "core", "default", "Default", "default"]
                ) {
                    // `Default::default()`: the annotation says the type, and the suggestion
                    // calls `with_capacity` on it.
                    let syn::Type::Path(written) = annotation? else {
                        return None;
                    };
                    if written.qself.is_some() {
                        return None;
                    }
                    let ty_last = written.path.segments.last()?;
                    let span = Span {
                        hi: self.fcx.span(&ty_last.ident).hi,
                        ..self.fcx.span(&written.path)
                    };
                    (declared?, format!("{}::", self.fcx.text(span)), false)
                } else {
                    let mut type_path = p.path.clone();
                    type_path.segments.pop();
                    type_path.segments.pop_punct();
                    if type_path.segments.is_empty() {
                        return None;
                    }
                    let ctor_ty =
                        model.expand_aliases(&self.env.lower(&syn::Type::Path(syn::TypePath {
                            attrs: Vec::new(),
                            qself: None,
                            path: type_path,
                        })));
                    Collection::of(&ctor_ty)?;
                    let span = Span {
                        hi: self.fcx.span(&last.ident).lo,
                        ..self.fcx.span(&p.path)
                    };
                    let ty = match declared {
                        Some(declared) if type_args(&ctor_ty) == 0 => declared,
                        _ => ctor_ty,
                    };
                    let prefix = self.fcx.text(span);
                    if !prefix.trim_end().ends_with("::") {
                        return None;
                    }
                    (ty, prefix.to_string(), method == "new")
                }
            }
            syn::Expr::Macro(m)
                if m.mac.tokens.is_empty()
                    && matches!(
                        path_names(&m.mac.path)
                            .iter()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .as_slice(),
                        ["vec"] | ["std" | "alloc", "vec"]
                    ) =>
            {
                (
                    Ty::Std("Vec".to_string(), Vec::new()),
                    "Vec::".to_string(),
                    true,
                )
            }
            _ => return None,
        };
        let kind = Collection::of(&ty)?;
        if !kind.has_capacity() {
            return None;
        }
        // `HashMap::new()` is always `RandomState`; `default()` is whatever the type says,
        // or whatever inference picks when nothing says it.
        let hasher_at = match kind {
            Collection::HashMap => 2,
            Collection::HashSet => 1,
            _ => usize::MAX,
        };
        let custom_hasher = hasher_at != usize::MAX
            && !is_new
            && (type_args(&ty) == 0 && annotation.is_none() || type_args(&ty) > hasher_at);
        Some(Candidate {
            name: unraw(&ident.ident),
            index,
            kind,
            ctor: self.fcx.span(&*init.expr),
            prefix,
            custom_hasher,
        })
    }

    /// The statement at `at` is the first to use the candidate: report it if it is a loop
    /// of known length that adds the same to the collection on every iteration.
    fn check_candidate(
        &self,
        cand: &Candidate,
        stmts: &[syn::Stmt],
        at: usize,
    ) -> Option<Diagnostic> {
        let syn::Stmt::Expr(expr, _) = &stmts[at] else {
            return None;
        };
        let name = cand.name.as_str();
        let trips = Trips {
            fcx: self.fcx,
            env: self.env,
            shared_self: self.shared_self,
        };
        let (count, header, label, body, pat) = match expr {
            syn::Expr::ForLoop(f) => {
                if uses::mentions(&*f.expr, name) || uses::mentions(&*f.pat, name) {
                    return None;
                }
                let span = self.fcx.span(&*f.expr);
                (
                    trips.for_loop(&f.expr),
                    span,
                    &f.label,
                    &f.body,
                    Some(&*f.pat),
                )
            }
            syn::Expr::While(w) => {
                if uses::mentions(&*w.cond, name) {
                    return None;
                }
                let span = self.fcx.span(&*w.cond);
                (
                    trips.while_loop(w, &stmts[..at]),
                    span,
                    &w.label,
                    &w.body,
                    None,
                )
            }
            _ => return None,
        };
        let count = count?;
        let mut bound_inside = uses::bound_names(body);
        if let Some(pat) = pat {
            bound_inside.extend(uses::bound_names(pat));
        }
        let growth = Growth {
            trips: &trips,
            name,
            kind: cand.kind,
            bound_inside: &bound_inside,
            outer_body: body,
        };
        let label = label.as_ref().map(|l| unraw(&l.name.ident));
        let per = growth.per_iteration(body, label)?;
        let total = Count::product(count.clone(), per.amount.clone());
        let roots = total.roots();
        if total == Count::Lit(0) || roots.iter().any(|r| r == name) {
            return None;
        }
        let between = &stmts[cand.index + 1..at];
        let declared_between = uses::bound_names(between);
        let declared_after: Vec<&String> = roots
            .iter()
            .filter(|r| declared_between.contains(r))
            .collect();
        let changed: Vec<&String> = roots
            .iter()
            .filter(|r| !declared_between.contains(r) && trips.may_change(between, r))
            .collect();
        let applicability = if total.is_plain() && declared_after.is_empty() && changed.is_empty() {
            Applicability::MachineApplicable
        } else {
            Applicability::MaybeIncorrect
        };
        let replacement = if cand.custom_hasher {
            format!(
                "{}with_capacity_and_hasher({}, Default::default())",
                cand.prefix,
                total.render()
            )
        } else {
            format!("{}with_capacity({})", cand.prefix, total.render())
        };
        let mut diag = Diagnostic::lint(
            &MISSING_WITH_CAPACITY,
            format!("`{name}` is filled in a loop of known length but starts with no capacity"),
            cand.ctor,
            "allocated empty",
        )
        .with_secondary(header, format!("runs `{}` times", count.uncast().render()));
        let grow_sites = per
            .sites
            .iter()
            .filter(|s| matches!(s, Site::Grow { .. }))
            .count();
        let per_path = if grow_sites > 1 {
            "on this path"
        } else {
            "per iteration"
        };
        for site in &per.sites {
            diag = match site {
                Site::Loop { header, count } => diag.with_secondary(
                    *header,
                    format!(
                        "runs `{}` times per outer iteration",
                        count.uncast().render()
                    ),
                ),
                Site::Grow {
                    span,
                    method,
                    amount,
                } => {
                    let label = match (cand.kind, amount) {
                        (Collection::String, Count::Lit(1)) => {
                            format!("`{method}` adds one `char` {per_path}")
                        }
                        (Collection::String, amount) => {
                            format!("`{method}` adds {} bytes {per_path}", amount.render())
                        }
                        _ => format!("one `{method}` {per_path}"),
                    };
                    diag.with_secondary(*span, label)
                }
            };
        }
        diag = diag.with_suggestion("allocate it once", cand.ctor, replacement, applicability);
        for root in declared_after {
            diag = diag.with_note(format!(
                "`{root}` is declared after `{name}`: declare `{name}` after it to use this"
            ));
        }
        for root in changed {
            diag = diag.with_note(format!(
                "`{root}` may change before the loop starts: check the capacity still fits"
            ));
        }
        if per.counts_chars_as_bytes {
            diag = diag.with_note(
                "the capacity counts one byte per `char`; characters outside ASCII take up to four",
            );
        }
        if let syn::Expr::ForLoop(f) = expr
            && let Some(call) = self.collect_instead(f, cand, &per)
        {
            diag = diag.with_note(format!(
                "the loop only maps items into `{name}`: `{call}` builds it in one line"
            ));
        }
        Some(diag)
    }

    /// When the body is a single `push` (or `insert`, `push_back`) of a value computed from
    /// the item, the iterator chain that builds the collection with `.collect()`.
    fn collect_instead(
        &self,
        f: &syn::ExprForLoop,
        cand: &Candidate,
        per: &PerIteration,
    ) -> Option<String> {
        let [Site::Grow { method, .. }] = per.sites.as_slice() else {
            return None;
        };
        let [stmt] = f.body.stmts.as_slice() else {
            return None;
        };
        let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else {
            return None;
        };
        let appends = match cand.kind {
            Collection::Vec | Collection::BinaryHeap => method == "push",
            Collection::String => method == "push" && call.args.len() == 1,
            Collection::VecDeque => method == "push_back",
            Collection::HashMap | Collection::HashSet => method == "insert",
            _ => false,
        };
        if !appends || call.args.iter().any(has_control_flow) {
            return None;
        }
        let iterable = strip_parens(&f.expr);
        let atomic = |e: &syn::Expr| {
            let text = self.fcx.snippet(e);
            if is_atomic(strip_parens(e)) {
                text.to_string()
            } else {
                format!("({text})")
            }
        };
        let iter = match iterable {
            syn::Expr::Reference(r) if r.mutability.is_some() => {
                format!("{}.iter_mut()", atomic(&r.expr))
            }
            syn::Expr::Reference(r) => format!("{}.iter()", atomic(&r.expr)),
            // A reference iterates by reference: `.iter()` says so.
            other if matches!(self.env.infer(other), Some(Ty::Ptr(_))) => {
                format!("{}.iter()", atomic(other))
            }
            syn::Expr::MethodCall(_) => self.fcx.snippet(iterable).to_string(),
            syn::Expr::Range(_) => format!("({})", self.fcx.snippet(iterable)),
            other => format!("{}.into_iter()", atomic(other)),
        };
        // `push(x)` of the item itself, or `insert(k, v)` of the pair `(k, v)`.
        let squeeze = |text: &str| text.split_whitespace().collect::<String>();
        let item = squeeze(self.fcx.snippet(&*f.pat));
        let pushed: Vec<String> = call
            .args
            .iter()
            .map(|a| squeeze(self.fcx.snippet(a)))
            .collect();
        let is_item = match pushed.as_slice() {
            [one] => *one == item,
            many => format!("({})", many.join(",")) == item,
        };
        Some(if is_item {
            format!("{iter}.collect()")
        } else {
            format!("{iter}.map(..).collect()")
        })
    }
}

/// The number of type arguments written or known for a std type.
fn type_args(ty: &Ty) -> usize {
    match ty {
        Ty::Std(_, args) => args
            .iter()
            .filter(|a| matches!(a, crate::model::ty::GenericArg::Type(_)))
            .count(),
        _ => 0,
    }
}

/// `?`, `return`, `break`, `continue` or `.await` inside an expression: a closure passed
/// to `.map(..)` could not do the same.
fn has_control_flow(expr: &syn::Expr) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            if matches!(
                e,
                syn::Expr::Try(_)
                    | syn::Expr::Return(_)
                    | syn::Expr::Break(_)
                    | syn::Expr::Continue(_)
                    | syn::Expr::Await(_)
            ) {
                self.0 = true;
            }
            visit::visit_expr(self, e);
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut finder = Finder(false);
    finder.visit_expr(expr);
    finder.0
}

impl Capacity<'_, '_> {
    fn checker<'c>(&self, at: &'c At) -> Checker<'c>
    where
        Self: 'c,
    {
        Checker {
            fcx: FileCx {
                cx: self.cx,
                file: at.file,
                offset: at.offset(),
            },
            env: at.env,
            shared_self: self.shared_self.last().copied().unwrap_or(false),
        }
    }
}

impl Hooks for Capacity<'_, '_> {
    fn enter_body(&mut self, _at: &At, body: Body) {
        if let Body::Fn { sig, .. } = body {
            self.shared_self.push(matches!(
                sig.receiver().map(|r| &r.kind),
                Some(syn::ReceiverKind::Reference(_, _, None))
            ));
        }
    }

    fn leave_body(&mut self, _at: &At, body: Body) {
        if let Body::Fn { .. } = body {
            self.shared_self.pop();
        }
    }

    fn enter_scope(&mut self, _at: &At, _scope: Scope) {
        self.scopes.push(Vec::new());
    }

    fn leave_scope(&mut self, _at: &At) {
        self.scopes.pop();
    }

    fn stmt(&mut self, at: &At, block: &syn::Block, index: usize) {
        let checker = self.checker(at);
        let Some(pending) = self.scopes.last_mut() else {
            return;
        };
        // The statement before this one has been walked and its names bound.
        if let Some(syn::Stmt::Local(local)) = index.checked_sub(1).map(|i| &block.stmts[i])
            && let Some(cand) = checker.candidate(local, index - 1)
        {
            pending.push(cand);
        }
        if pending.is_empty() {
            return;
        }
        let stmt = &block.stmts[index];
        let (used, waiting): (Vec<Candidate>, Vec<Candidate>) = std::mem::take(pending)
            .into_iter()
            .partition(|c| uses::mentions(stmt, &c.name));
        *pending = waiting;
        // The first statement that uses the collection decides: a loop is checked, anything
        // else (a `reserve`, a `push`, a call) ends the search.
        for cand in &used {
            if let Some(diag) = checker.check_candidate(cand, &block.stmts, index) {
                self.out.push(diag);
            }
        }
    }
}
