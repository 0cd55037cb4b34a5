//! How a piece of a function body uses a local variable: whether it names it at all, binds
//! the name anew, or may change it. Answers err on the side of "yes": a lint that relies on a
//! variable staying the same must not be fooled by a use memlint does not understand.

use crate::load::unraw;
use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};

/// Methods that neither change a collection's length nor hand out a way to change it later.
/// (Methods that reorder or overwrite elements in place, like `sort`, keep the length.)
pub const READ_ONLY_METHODS: &[&str] = &[
    "as_bytes",
    "as_mut_slice",
    "as_ref",
    "as_slice",
    "as_str",
    "back",
    "back_mut",
    "binary_search",
    "binary_search_by",
    "binary_search_by_key",
    "bytes",
    "capacity",
    "chars",
    "chunks",
    "clone",
    "contains",
    "contains_key",
    "ends_with",
    "eq",
    "fill",
    "first",
    "first_mut",
    "front",
    "front_mut",
    "get",
    "get_key_value",
    "get_mut",
    "is_empty",
    "iter",
    "iter_mut",
    "keys",
    "last",
    "last_mut",
    "len",
    "peek",
    "reverse",
    "sort",
    "sort_by",
    "sort_by_key",
    "sort_unstable",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "split_at",
    "starts_with",
    "swap",
    "to_owned",
    "to_string",
    "to_vec",
    "values",
    "values_mut",
    "windows",
];

/// Macros that only format or check their arguments (they take them by reference).
pub fn is_formatting_macro(mac: &syn::Macro) -> bool {
    const NAMES: &[&str] = &[
        "format",
        "format_args",
        "print",
        "println",
        "eprint",
        "eprintln",
        "panic",
        "unreachable",
        "todo",
        "unimplemented",
        "trace",
        "debug",
        "info",
        "warn",
        "error",
        "log",
    ];
    mac.path.segments.last().is_some_and(|s| {
        let name = unraw(&s.ident);
        crate::walk::ASSERT_MACROS.contains(&name.as_str()) || NAMES.contains(&name.as_str())
    })
}

/// Whether `tokens` (a macro's input) contain the identifier `name`.
pub fn tokens_mention(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|tt| match tt {
        TokenTree::Ident(ident) => unraw(&ident) == name,
        TokenTree::Group(group) => tokens_mention(&group.stream(), name),
        _ => false,
    })
}

/// Whether `node` names the local `name`: reads, writes, captures, macro arguments, or a
/// pattern that binds the same name again. Nested items do not see locals and are skipped.
pub fn mentions<N: Walk + ?Sized>(node: &N, name: &str) -> bool {
    let mut finder = Mentions { name, found: false };
    node.walk(&mut finder);
    finder.found
}

struct Mentions<'n> {
    name: &'n str,
    found: bool,
}

impl<'ast> Visit<'ast> for Mentions<'_> {
    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if p.qself.is_none() && p.path.get_ident().is_some_and(|i| unraw(i) == self.name) {
            self.found = true;
        }
    }
    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        if unraw(&p.ident) == self.name {
            self.found = true;
        }
        visit::visit_pat_ident(self, p);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if tokens_mention(&m.tokens, self.name) {
            self.found = true;
        }
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Every name the patterns inside `node` bind: `let`s, `for` loops, closure parameters,
/// match arms, `if let` and `while let`.
pub fn bound_names<N: Walk + ?Sized>(node: &N) -> Vec<String> {
    struct Bound(Vec<String>);
    impl<'ast> Visit<'ast> for Bound {
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            self.0.push(unraw(&p.ident));
            visit::visit_pat_ident(self, p);
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut bound = Bound(Vec::new());
    node.walk(&mut bound);
    bound.0
}

/// The local names an expression's value depends on: single-segment paths (`n`, `self`,
/// also constants, which are harmless to list) and identifiers inside macro calls.
pub fn roots(expr: &syn::Expr) -> Vec<String> {
    struct Roots(Vec<String>);
    impl<'ast> Visit<'ast> for Roots {
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            if p.qself.is_none()
                && let Some(ident) = p.path.get_ident()
            {
                self.0.push(unraw(ident));
            }
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            fn idents(tokens: &TokenStream, out: &mut Vec<String>) {
                for tt in tokens.clone() {
                    match tt {
                        TokenTree::Ident(i) => out.push(unraw(&i)),
                        TokenTree::Group(g) => idents(&g.stream(), out),
                        _ => {}
                    }
                }
            }
            idents(&m.tokens, &mut self.0);
        }
    }
    let mut roots = Roots(Vec::new());
    roots.visit_expr(expr);
    roots.0.sort();
    roots.0.dedup();
    roots.0
}

/// The local a place expression starts from: `v` in `v`, `v.field[3]`, `*v`, `(v)`.
pub fn place_root(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(unraw),
        syn::Expr::Field(f) => place_root(&f.base),
        syn::Expr::Index(i) => place_root(&i.expr),
        syn::Expr::Paren(p) => place_root(&p.expr),
        syn::Expr::Group(g) => place_root(&g.expr),
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => place_root(&u.expr),
        _ => None,
    }
}

/// Whether `node` may change the value of the local `name` (or, for a collection, its
/// length): assignments, `&mut` borrows, methods other than [`READ_ONLY_METHODS`], passing
/// it by value (it may be a `&mut` reference), capturing it in a closure, or naming it in a
/// macro that does more than format.
pub fn may_change<N: Walk + ?Sized>(node: &N, name: &str) -> bool {
    let mut finder = Changes {
        name,
        copy: false,
        found: false,
    };
    node.walk(&mut finder);
    finder.found
}

/// As [`may_change`], for a local of a `Copy` type such as an integer: passing it by value
/// copies it.
pub fn may_change_copy<N: Walk + ?Sized>(node: &N, name: &str) -> bool {
    let mut finder = Changes {
        name,
        copy: true,
        found: false,
    };
    node.walk(&mut finder);
    finder.found
}

struct Changes<'n> {
    name: &'n str,
    copy: bool,
    found: bool,
}

impl Changes<'_> {
    fn is_name(&self, expr: &syn::Expr) -> bool {
        place_root(expr).as_deref() == Some(self.name)
    }

    /// `name` handed over as a value (a move, or a reborrow of a `&mut`).
    fn passed_by_value(&self, expr: &syn::Expr) -> bool {
        !self.copy && matches!(strip_parens(expr), syn::Expr::Path(_)) && self.is_name(expr)
    }
}

impl<'ast> Visit<'ast> for Changes<'_> {
    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        match expr {
            syn::Expr::Assign(a) if self.is_name(&a.left) => self.found = true,
            syn::Expr::Binary(b) if is_assign_op(&b.op) && self.is_name(&b.left) => {
                self.found = true
            }
            syn::Expr::Reference(r) if r.mutability.is_some() && self.is_name(&r.expr) => {
                self.found = true
            }
            syn::Expr::MethodCall(m) => {
                let method = unraw(&m.method);
                if self.is_name(&m.receiver) && !READ_ONLY_METHODS.contains(&method.as_str()) {
                    self.found = true;
                }
                if m.args.iter().any(|a| self.passed_by_value(a)) {
                    self.found = true;
                }
            }
            syn::Expr::Call(c) if c.args.iter().any(|a| self.passed_by_value(a)) => {
                self.found = true
            }
            syn::Expr::Closure(c) if mentions(&*c.body, self.name) => self.found = true,
            syn::Expr::Macro(m) => self.check_macro(&m.mac),
            _ => {}
        }
        visit::visit_expr(self, expr);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init
            && self.passed_by_value(&init.expr)
        {
            self.found = true;
        }
        visit::visit_local(self, local);
    }

    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        self.check_macro(&m.mac);
    }

    fn visit_macro(&mut self, _: &'ast syn::Macro) {}
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

impl Changes<'_> {
    fn check_macro(&mut self, mac: &syn::Macro) {
        if !is_formatting_macro(mac) && tokens_mention(&mac.tokens, self.name) {
            self.found = true;
        }
    }
}

pub fn is_assign_op(op: &syn::BinOp) -> bool {
    matches!(
        op,
        syn::BinOp::AddAssign(_)
            | syn::BinOp::SubAssign(_)
            | syn::BinOp::MulAssign(_)
            | syn::BinOp::DivAssign(_)
            | syn::BinOp::RemAssign(_)
            | syn::BinOp::BitXorAssign(_)
            | syn::BinOp::BitAndAssign(_)
            | syn::BinOp::BitOrAssign(_)
            | syn::BinOp::ShlAssign(_)
            | syn::BinOp::ShrAssign(_)
    )
}

pub fn strip_parens(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        expr = match expr {
            syn::Expr::Paren(p) => &p.expr,
            syn::Expr::Group(g) => &g.expr,
            _ => return expr,
        }
    }
}

/// Syntax these queries can walk.
pub trait Walk {
    fn walk<'ast>(&'ast self, v: &mut impl Visit<'ast>);
}

impl Walk for syn::Expr {
    fn walk<'ast>(&'ast self, v: &mut impl Visit<'ast>) {
        v.visit_expr(self);
    }
}

impl Walk for syn::Stmt {
    fn walk<'ast>(&'ast self, v: &mut impl Visit<'ast>) {
        v.visit_stmt(self);
    }
}

impl Walk for syn::Block {
    fn walk<'ast>(&'ast self, v: &mut impl Visit<'ast>) {
        v.visit_block(self);
    }
}

impl Walk for syn::Pat {
    fn walk<'ast>(&'ast self, v: &mut impl Visit<'ast>) {
        v.visit_pat(self);
    }
}

impl Walk for [syn::Stmt] {
    fn walk<'ast>(&'ast self, v: &mut impl Visit<'ast>) {
        for stmt in self {
            v.visit_stmt(stmt);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(src: &str) -> syn::Block {
        syn::parse_str(src).unwrap()
    }

    #[test]
    fn mentions_sees_macros_captures_and_shadowing() {
        assert!(mentions(&block("{ println!(\"{}\", v); }"), "v"));
        assert!(mentions(&block("{ let f = || v.len(); }"), "v"));
        assert!(mentions(&block("{ let v = 3; }"), "v"));
        assert!(mentions(&block("{ S { v }; }"), "v"));
        assert!(!mentions(&block("{ fn inner(v: u8) {} w.push(1); }"), "v"));
        assert!(!mentions(&block("{ a.v.len(); }"), "v"));
    }

    #[test]
    fn changes() {
        let changed = |src: &str| may_change(&block(src), "v");
        assert!(changed("{ v.push(1); }"));
        assert!(changed("{ v = Vec::new(); }"));
        assert!(changed("{ v += 1; }"));
        assert!(changed("{ fill(&mut v); }"));
        assert!(changed("{ fill(v); }"));
        assert!(changed("{ let w = v; }"));
        assert!(changed("{ let f = || v.clear(); }"));
        assert!(changed("{ write!(v, \"x\"); }"));
        assert!(!changed(
            "{ let n = v.len(); println!(\"{:?}\", v); v.sort(); }"
        ));
        assert!(!changed("{ let x = v[0] + v.len(); show(&v); }"));
        assert!(may_change_copy(&block("{ v += 1; }"), "v"));
        assert!(!may_change_copy(&block("{ show(v); let w = v; }"), "v"));
    }

    #[test]
    fn roots_of_expressions() {
        let expr: syn::Expr = syn::parse_str("self.items.len() + n * N").unwrap();
        assert_eq!(roots(&expr), ["N", "n", "self"]);
    }
}
