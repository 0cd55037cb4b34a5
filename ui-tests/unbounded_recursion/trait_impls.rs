// A trait method called on a `dyn` or generic receiver may run any impl of the crate: the
// recursion goes through the impls.

pub trait Shape {
    fn area(&self) -> f64;
}

pub struct Square(pub f64);

pub struct Group {
    pub parts: Vec<Box<dyn Shape>>,
}

impl Shape for Square {
    fn area(&self) -> f64 {
        self.0 * self.0
    }
}

impl Shape for Group {
    fn area(&self) -> f64 {
        let mut sum = 0.0;
        for part in &self.parts {
            sum += part.area();
        }
        sum
    }
}

pub trait Visitor {
    fn visit_expr(&mut self, e: &Expr) {
        walk_expr(self, e)
    }
}

pub enum Expr {
    Lit(i32),
    Paren(Box<Expr>),
}

pub fn walk_expr<V: Visitor + ?Sized>(v: &mut V, e: &Expr) {
    if let Expr::Paren(inner) = e {
        v.visit_expr(inner);
    }
}
