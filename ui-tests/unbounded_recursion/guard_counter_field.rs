// A counter field checked before the recursive call and changed around it bounds the
// recursion (serde_json's `remaining_depth`, a parser's `depth`).

pub struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
    depth: usize,
    remaining_depth: u8,
}

pub enum Value {
    Null,
    List(Vec<Value>),
}

impl Parser<'_> {
    pub fn value(&mut self) -> Result<Value, String> {
        match self.input[self.pos] {
            b'[' => self.list(),
            b'{' => self.object(),
            _ => Ok(Value::Null),
        }
    }

    fn list(&mut self) -> Result<Value, String> {
        if self.depth >= 64 {
            return Err("too deep".into());
        }
        self.depth += 1;
        let mut items = Vec::new();
        while self.input[self.pos] != b']' {
            items.push(self.value()?);
        }
        self.depth -= 1;
        Ok(Value::List(items))
    }

    fn object(&mut self) -> Result<Value, String> {
        self.remaining_depth -= 1;
        if self.remaining_depth == 0 {
            return Err("recursion limit exceeded".into());
        }
        let v = self.value();
        self.remaining_depth += 1;
        v
    }
}

pub struct Printer {
    out: String,
    indent: usize,
}

impl Printer {
    // The indent changes, but is never compared: it bounds nothing.
    pub fn print(&mut self, v: &Value) {
        if let Value::List(items) = v {
            self.indent += 1;
            for item in items {
                self.print(item);
            }
            self.indent -= 1;
        }
        self.out.push(' ');
    }
}
