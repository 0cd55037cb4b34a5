// Three functions in a cycle are named in the message; a recursion of more functions is
// summed up, with one shortest cycle labelled and the others listed.

pub enum Expr {
    Num(i64),
    Neg(Box<Expr>),
    Add(Box<Expr>, Box<Expr>),
    Call(Vec<Expr>),
}

pub fn eval(e: &Expr) -> i64 {
    match e {
        Expr::Num(n) => *n,
        Expr::Neg(inner) => negate(inner),
        Expr::Add(a, b) => add(a, b),
        Expr::Call(args) => call(args),
    }
}

fn negate(e: &Expr) -> i64 {
    -eval_boxed(e)
}

fn eval_boxed(e: &Expr) -> i64 {
    eval(e)
}

fn add(a: &Expr, b: &Expr) -> i64 {
    eval(a) + eval(b)
}

fn call(args: &[Expr]) -> i64 {
    args.iter().map(|a| eval(a)).sum()
}

pub fn ping(n: u32) -> u32 {
    pong(n) + 1
}

fn pong(n: u32) -> u32 {
    peng(n) + 1
}

fn peng(n: u32) -> u32 {
    ping(n) + 1
}
