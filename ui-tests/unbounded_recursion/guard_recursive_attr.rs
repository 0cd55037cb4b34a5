// `#[recursive::recursive]` runs the function's body under `stacker::maybe_grow`: its
// recursion cannot overflow, written with the path or with the attribute imported.

use recursive::recursive;

pub enum Expr {
    Lit(i64),
    Neg(Box<Expr>),
}

#[recursive::recursive]
pub fn eval(e: &Expr) -> i64 {
    match e {
        Expr::Lit(n) => *n,
        Expr::Neg(inner) => -eval(inner),
    }
}

#[recursive]
pub fn depth(e: &Expr) -> usize {
    match e {
        Expr::Lit(_) => 1,
        Expr::Neg(inner) => depth(inner) + 1,
    }
}

pub fn print(e: &Expr) -> String {
    match e {
        Expr::Lit(n) => n.to_string(),
        Expr::Neg(inner) => format!("-{}", print(inner)),
    }
}
