//! Token soups through the whole pipeline. Random bytes rarely get past the lexer, so this
//! target strings together Rust tokens and fragments that the lints care about (arrays,
//! boxes, enums, generics, attributes, modules), closes any brackets left open, and wraps the
//! soup in an item, a function body or a type, so that most inputs parse and reach the lints.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Clone, Copy)]
enum Tok {
    Open(Bracket),
    Close,
    Word(Word),
    Int(u8),
    BigInt(u64),
    Shift(u8),
    Ident(u8),
    Str(u8),
}

#[derive(Arbitrary, Clone, Copy)]
enum Bracket {
    Paren,
    Square,
    Brace,
    Angle,
}

macro_rules! words {
    ($($name:ident = $text:expr,)*) => {
        #[derive(Arbitrary, Clone, Copy)]
        enum Word { $($name,)* }
        impl Word {
            fn text(self) -> &'static str {
                match self { $(Word::$name => $text,)* }
            }
        }
    };
}

words! {
    Fn = "fn", Let = "let", Mut = "mut", Struct = "struct", Enum = "enum", Union = "union",
    Impl = "impl", Trait = "trait", Type = "type", Const = "const", Static = "static",
    Mod = "mod", Use = "use", Pub = "pub", Where = "where", For = "for", In = "in",
    While = "while", Loop = "loop", Match = "match", If = "if", Else = "else",
    Return = "return", As = "as", SelfLower = "self", SelfUpper = "Self", Crate = "crate",
    Super = "super", Dyn = "dyn", Move = "move", Async = "async", Unsafe = "unsafe",
    Semi = ";", Comma = ",", Colon = ":", PathSep = "::", Eq = "=", Arrow = "->",
    FatArrow = "=>", Plus = "+", Minus = "-", Star = "*", Slash = "/", Percent = "%",
    ShlOp = "<<", ShrOp = ">>", Amp = "&", Pipe = "|", Bang = "!", Question = "?",
    Dot = ".", Range = "..", RangeEq = "..=", Hash = "#", Underscore = "_", Lt = "<",
    Gt = ">", Tick = "'a",
    U8 = "u8", U16 = "u16", U32 = "u32", U64 = "u64", U128 = "u128", Usize = "usize",
    I32 = "i32", F64 = "f64", Bool = "bool", Char = "char", Str = "str", Never = "!",
    BoxT = "Box", VecT = "Vec", OptionT = "Option", ResultT = "Result", StringT = "String",
    ArcT = "std::sync::Arc", CellT = "std::cell::RefCell", HashMapT = "std::collections::HashMap",
    BoxNew = "Box::new", VecNew = "Vec::new()", WithCap = "Vec::with_capacity", Push = ".push",
    VecMacro = "vec!", ArrayU8 = "[0u8; 1 << 20]", ArrayU64 = "[0u64; 4096]",
    ArrayN = "[0u8; N]", ArrayT = "[T; N]", ConstN = "const N: usize = 1 << 16;",
    Repr = "#[repr(C)]", ReprU8 = "#[repr(u8)]", ReprPacked = "#[repr(packed)]",
    ReprAlign = "#[repr(align(4096))]", CfgTest = "#[cfg(test)]",
    CfgFeature = "#[cfg(feature = \"x\")]", CfgNot = "#[cfg(not(any()))]",
    Allow = "#[cfg_attr(memlint, allow(memlint::large_stack_array))]",
    AllowAll = "#[allow(memlint::large_enum_variant, clippy::large_stack_arrays)]",
    PathAttr = "#[path = \"b.rs\"]", Derive = "#[derive(Clone, Copy)]",
    MaybeSized = "?Sized", Sized = "Sized", SizeOf = "std::mem::size_of::<", Thread = "std::thread::spawn",
    Builder = "std::thread::Builder::new().stack_size", Recurse = "f()", SelfCall = "self.f()",
    Closure = "|x|", Await = ".await", Macro = "println!", Lifetime = "'static",
    Shebang = "#!", InnerAttr = "#![allow(unused)]", DocComment = "/// doc\n",
    LineComment = "// c\n", BlockComment = "/* c */", Newline = "\n", Tab = "\t",
    Crlf = "\r\n", Wide = "\u{4f60}\u{597d}", Emoji = "\u{1f600}", Raw = "r#fn",
}

const IDENTS: &[&str] = &[
    "a", "b", "x", "T", "N", "S", "E", "f", "g", "new", "Big", "é",
];
const STRS: &[&str] = &["\"\"", "\"s\\n\"", "r#\"raw\"#", "b'x'", "'c'", "c\"c\""];

#[derive(Arbitrary, Clone, Copy)]
enum Wrap {
    Items,
    FnBody,
    TypeAlias,
    Struct,
    Enum,
    ImplBlock,
    InlineMod,
}

#[derive(Arbitrary)]
struct Soup {
    wrap: Wrap,
    tokens: Vec<Tok>,
    /// A second file, reached as `mod a;` from the first.
    module: Option<Vec<Tok>>,
}

fn render(tokens: &[Tok]) -> String {
    let mut out = String::new();
    let mut open: Vec<&str> = Vec::new();
    for tok in tokens {
        let text: String = match *tok {
            Tok::Open(b) => {
                let (o, c) = match b {
                    Bracket::Paren => ("(", ")"),
                    Bracket::Square => ("[", "]"),
                    Bracket::Brace => ("{", "}"),
                    Bracket::Angle => ("<", ">"),
                };
                open.push(c);
                o.to_string()
            }
            Tok::Close => match open.pop() {
                Some(c) => c.to_string(),
                None => continue,
            },
            Tok::Word(w) => w.text().to_string(),
            Tok::Int(n) => format!("{n}"),
            Tok::BigInt(n) => format!("{n}usize"),
            Tok::Shift(n) => format!("1 << {}", n % 70),
            Tok::Ident(n) => IDENTS[n as usize % IDENTS.len()].to_string(),
            Tok::Str(n) => STRS[n as usize % STRS.len()].to_string(),
        };
        out.push_str(&text);
        out.push(' ');
    }
    while let Some(c) = open.pop() {
        out.push_str(c);
    }
    out
}

impl Soup {
    fn source(&self) -> String {
        let body = render(&self.tokens);
        match self.wrap {
            Wrap::Items => body,
            Wrap::FnBody => format!("fn f() {{ {body} }}"),
            Wrap::TypeAlias => format!("type T = {body};"),
            Wrap::Struct => format!("struct S {{ a: {body} }}"),
            Wrap::Enum => format!("enum E {{ A({body}), B }}"),
            Wrap::ImplBlock => format!("struct S; impl S {{ fn f(self) {{ {body} }} }}"),
            Wrap::InlineMod => format!("mod m {{ {body} }}"),
        }
    }
}

/// `cargo fuzz fmt tokens ARTIFACT` prints the source a crash was found with; save that in
/// `fuzz/regressions/` (NUL-separated files, as the `bytes` target reads them).
impl std::fmt::Debug for Soup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source())?;
        if let Some(module) = &self.module {
            write!(f, "\\0{}", render(module))?;
        }
        Ok(())
    }
}

fuzz_target!(|soup: Soup| {
    let mut root = soup.source();
    let module = soup.module.as_deref().map(render);
    if module.is_some() {
        root.insert_str(0, "mod a;\n");
    }
    let mut files = vec![("src/lib.rs", root.as_str())];
    if let Some(text) = &module {
        files.push(("src/a.rs", text.as_str()));
    }
    if let Err(err) = cargo_memlint::in_memory::lint(&files) {
        panic!(
            "{err}\n--- source:\n{root}\n--- src/a.rs:\n{}",
            module.unwrap_or_default()
        );
    }
});
