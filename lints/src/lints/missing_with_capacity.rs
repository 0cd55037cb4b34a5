use crate::context::{FileCx, LintContext};
use crate::declare_lint;
use crate::diag::{Applicability, Diagnostic, Span};
use crate::load::{ModPath, unraw};
use crate::model::block_scope;
use crate::model::ty::Ty;
use crate::trip_count::{Count, Trips, is_atomic};
use crate::typeck::{Collection, TypeEnv, path_names};
use crate::uses::{self, strip_parens};
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

pub fn check(cx: &LintContext, out: &mut Vec<Diagnostic>) {
    for file in cx.files {
        let mut v = CapacityVisitor {
            fcx: FileCx {
                cx,
                file: file.file,
                offset: file.parsed.offset,
            },
            env: TypeEnv::new(cx.model, file.module.clone()),
            shared_self: false,
            out,
        };
        v.visit_file(&file.parsed.ast);
    }
}

struct CapacityVisitor<'a, 'o> {
    fcx: FileCx<'a>,
    env: TypeEnv<'a>,
    /// The function being walked takes `&self`.
    shared_self: bool,
    out: &'o mut Vec<Diagnostic>,
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

impl CapacityVisitor<'_, '_> {
    fn walk_fn(&mut self, sig: &syn::Signature, block: &syn::Block) {
        let saved = self.env.enter_fn(&sig.generics);
        let saved_shared_self = std::mem::replace(
            &mut self.shared_self,
            matches!(
                sig.receiver().map(|r| &r.kind),
                Some(syn::ReceiverKind::Reference(_, _, None))
            ),
        );
        for input in &sig.inputs {
            match input {
                syn::FnArg::Typed(pat) => {
                    let ty = self.env.lower(&pat.ty);
                    self.env.bind(&pat.pat, Some(ty));
                }
                syn::FnArg::Receiver(r) => self.env.bind_self(r),
            }
        }
        let module = self.env.cx.module.clone();
        if block.stmts.iter().any(|s| matches!(s, syn::Stmt::Item(_))) {
            let offset = block.brace_token.span.open().byte_range().start + self.fcx.offset;
            self.env.cx.module = block_scope(&module, offset);
        }
        self.visit_block(block);
        self.env.cx.module = module;
        self.env.leave_fn(saved);
        self.shared_self = saved_shared_self;
    }

    /// Binds the patterns of `let` conditions (`if let`, `while let`, let chains) in a new
    /// scope, visiting their expressions.
    fn bind_conditions(&mut self, cond: &syn::Expr) {
        match strip_parens(cond) {
            syn::Expr::Let(l) => {
                self.visit_expr(&l.expr);
                self.env.bind(&l.pat, None);
            }
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
                self.bind_conditions(&b.left);
                self.bind_conditions(&b.right);
            }
            other => self.visit_expr(other),
        }
    }

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
    fn check_candidate(&mut self, cand: &Candidate, stmts: &[syn::Stmt], at: usize) {
        let syn::Stmt::Expr(expr, _) = &stmts[at] else {
            return;
        };
        let name = cand.name.as_str();
        let trips = Trips {
            fcx: self.fcx,
            env: &self.env,
            shared_self: self.shared_self,
        };
        let (count, header, label, body, pat) = match expr {
            syn::Expr::ForLoop(f) => {
                if uses::mentions(&*f.expr, name) || uses::mentions(&*f.pat, name) {
                    return;
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
                    return;
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
            _ => return,
        };
        let Some(count) = count else { return };
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
        let Some(per) = growth.per_iteration(body, label) else {
            return;
        };
        let total = Count::product(count.clone(), per.amount.clone());
        let roots = total.roots();
        if total == Count::Lit(0) || roots.iter().any(|r| r == name) {
            return;
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
        self.out.push(diag);
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

impl<'ast> Visit<'ast> for CapacityVisitor<'_, '_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.walk_fn(&f.sig, &f.block);
    }

    fn visit_item_impl(&mut self, imp: &'ast syn::ItemImpl) {
        let saved_generics = self.env.cx.generics.clone();
        let saved_self = self.env.cx.self_ty.take();
        self.env
            .cx
            .generics
            .extend(crate::model::lower::generics(&imp.generics));
        self.env.cx.self_ty = Some(self.env.lower(&imp.self_ty));
        for item in &imp.items {
            if let syn::ImplItem::Fn(f) = item {
                self.walk_fn(&f.sig, &f.block);
            }
        }
        self.env.cx.self_ty = saved_self;
        self.env.cx.generics = saved_generics;
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        let saved_self = self.env.cx.self_ty.take();
        for item in &t.items {
            if let syn::TraitItem::Fn(f) = item
                && let Some(block) = &f.default
            {
                self.walk_fn(&f.sig, block);
            }
        }
        self.env.cx.self_ty = saved_self;
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if let Some((_, items)) = &m.content {
            let mut child: ModPath = self.env.cx.module.clone();
            child.push(unraw(&m.ident));
            let parent = std::mem::replace(&mut self.env.cx.module, child);
            for item in items {
                self.visit_item(item);
            }
            self.env.cx.module = parent;
        }
    }

    // Constants are evaluated at compile time: nothing there allocates at run time.
    fn visit_item_const(&mut self, _: &'ast syn::ItemConst) {}
    fn visit_item_static(&mut self, _: &'ast syn::ItemStatic) {}
    fn visit_expr_const(&mut self, _: &'ast syn::ExprConst) {}

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.env.push_scope();
        let mut pending: Vec<Candidate> = Vec::new();
        for (i, stmt) in block.stmts.iter().enumerate() {
            if !pending.is_empty() {
                let (used, waiting): (Vec<Candidate>, Vec<Candidate>) = pending
                    .into_iter()
                    .partition(|c| uses::mentions(stmt, &c.name));
                pending = waiting;
                // The first statement that uses the collection decides: a loop is checked,
                // anything else (a `reserve`, a `push`, a call) ends the search.
                for cand in &used {
                    self.check_candidate(cand, &block.stmts, i);
                }
            }
            self.visit_stmt(stmt);
            if let syn::Stmt::Local(local) = stmt
                && let Some(cand) = self.candidate(local, i)
            {
                pending.push(cand);
            }
        }
        self.env.pop_scope();
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let declared = match &local.pat {
            syn::Pat::Type(t) => Some(self.env.lower(&t.ty)),
            _ => None,
        };
        let mut ty = declared.clone();
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
            if ty.is_none() {
                ty = self.env.infer_expecting(&init.expr, declared.as_ref());
            }
        }
        self.env.bind(&local.pat, ty);
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.env.push_scope();
        for input in &c.inputs {
            match input {
                syn::Pat::Type(t) => {
                    let ty = self.env.lower(&t.ty);
                    self.env.bind(&t.pat, Some(ty));
                }
                other => {
                    self.env.bind(other, None);
                }
            }
        }
        self.visit_expr(&c.body);
        self.env.pop_scope();
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        self.env.push_scope();
        let item = self.env.iter_item(&f.expr);
        self.env.bind(&f.pat, item);
        self.visit_block(&f.body);
        self.env.pop_scope();
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        self.env.push_scope();
        self.bind_conditions(&i.cond);
        self.visit_block(&i.then_branch);
        self.env.pop_scope();
        if let Some((_, other)) = &i.else_branch {
            self.visit_expr(other);
        }
    }

    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        self.env.push_scope();
        self.bind_conditions(&w.cond);
        self.visit_block(&w.body);
        self.env.pop_scope();
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        self.env.push_scope();
        self.env.bind(&arm.pat, None);
        if let syn::Pat::Guard(g) = &arm.pat {
            self.visit_expr(&g.guard);
        }
        self.visit_expr(&arm.body);
        self.env.pop_scope();
    }
}
