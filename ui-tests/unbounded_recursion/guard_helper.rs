// The check and the change can sit in a small helper called on the way
// (`self.enter_recursion()?`), or in one that takes the recursive call as a closure.

pub struct Parser {
    depth: u32,
    limit: u32,
    tokens: Vec<u8>,
}

pub enum Expr {
    Num,
    Paren(Box<Expr>),
}

impl Parser {
    fn enter_recursion(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > self.limit {
            return Err("expression nested too deeply".into());
        }
        Ok(())
    }

    fn leave_recursion(&mut self) {
        self.depth -= 1;
    }

    pub fn expr(&mut self) -> Result<Expr, String> {
        if self.tokens.pop() == Some(b'(') {
            self.enter_recursion()?;
            let inner = self.expr()?;
            self.leave_recursion();
            return Ok(Expr::Paren(Box::new(inner)));
        }
        Ok(Expr::Num)
    }

    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, String>) -> Result<T, String> {
        if self.depth == self.limit {
            return Err("expression nested too deeply".into());
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    pub fn term(&mut self) -> Result<Expr, String> {
        if self.tokens.pop() == Some(b'(') {
            let inner = self.nested(|p| p.term())?;
            return Ok(Expr::Paren(Box::new(inner)));
        }
        Ok(Expr::Num)
    }

    // `leave_recursion` changes the counter but checks nothing: no guard.
    pub fn atom(&mut self) -> Result<Expr, String> {
        if self.tokens.pop() == Some(b'(') {
            self.leave_recursion();
            let inner = self.atom()?;
            return Ok(Expr::Paren(Box::new(inner)));
        }
        Ok(Expr::Num)
    }
}
