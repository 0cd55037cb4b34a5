// Methods calling each other through `self`: `Parser::value` and `Parser::array`.

pub struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

pub enum Json {
    Null,
    Array(Vec<Json>),
}

impl<'a> Parser<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        Parser { input, pos: 0 }
    }

    pub fn value(&mut self) -> Json {
        match self.peek() {
            b'[' => self.array(),
            _ => Json::Null,
        }
    }

    fn array(&mut self) -> Json {
        self.pos += 1;
        let mut items = Vec::new();
        while self.peek() != b']' {
            items.push(self.value());
        }
        Json::Array(items)
    }

    fn peek(&self) -> u8 {
        self.input[self.pos]
    }
}
