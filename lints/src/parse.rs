//! Parsing one file with syn, keeping byte offsets true to the file on disk.

use std::ops::Range;

/// Why a file did not parse, at a byte range of the original text.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub range: Range<usize>,
}

/// A parsed file. Span byte ranges are relative to the text after a BOM: add `offset`.
#[derive(Debug)]
pub struct Parsed {
    pub ast: syn::File,
    pub offset: usize,
    /// Where the file's text starts in the span table of the thread that lexed it (see
    /// [`crate::span_table`]); `None` for a file without tokens.
    pub table_pos: Option<u32>,
    /// Top-level declarations taken out of `ast` after parsing, to be parsed again when the
    /// model lowers them ([`crate::load::shell`]).
    pub shells: Vec<crate::load::shell::Shell>,
}

/// Parses a whole source file.
///
/// `syn::parse_file` strips a BOM and a shebang line by slicing the text, which would shift
/// every offset after them; here the shebang is blanked out instead and the BOM length
/// returned, so spans map back to `text` exactly.
pub fn parse_file(text: &str) -> Result<Parsed, SyntaxError> {
    parse_file_with(text, false)
}

/// [`parse_file`], with the top-level declarations taken out into shells as they are parsed
/// when `shell` is set ([`crate::load::shell`]): each one's tree is dropped before the next
/// item is parsed, so what it took is used again at once.
pub fn parse_file_with(text: &str, shell: bool) -> Result<Parsed, SyntaxError> {
    let (bom, body) = body_of(text);
    let body = body.as_ref();
    let at = |range: Range<usize>| range.start + bom..range.end + bom;
    // What `syn::parse_str` does, with the nesting measured between lexing and parsing.
    let tokens: proc_macro2::TokenStream =
        body.parse()
            .map_err(|err: proc_macro2::LexError| SyntaxError {
                message: lex_error_message(body, err.span().byte_range().start),
                range: at(err.span().byte_range()),
            })?;
    let first = crate::nesting::check(tokens.clone()).map_err(|deep| SyntaxError {
        message: deep.message,
        range: at(deep.range),
    })?;
    let table_pos = first.and_then(|first| crate::span_table::position_of(first, body));
    let mut shells = Vec::new();
    let locator = shell.then(|| crate::load::shell::Locator::new(text, bom));
    // What `syn::File`'s parser does, with the shells taken out.
    let file = |input: syn::parse::ParseStream| {
        let attrs = input.call(syn::Attribute::parse_inner)?;
        let mut items = Vec::new();
        while !input.is_empty() {
            let item: syn::Item = input.parse()?;
            let index = items.len() + shells.len();
            let Some(locator) = &locator else {
                items.push(item);
                continue;
            };
            if let Some(shell) = crate::load::shell::shell_of(&item, index, locator) {
                shells.push(shell);
            } else if !crate::load::shell::forgettable(&item) {
                items.push(item);
            }
        }
        if shell {
            items.shrink_to_fit();
            shells.shrink_to_fit();
        }
        Ok(syn::File {
            shebang: None,
            frontmatter: None,
            attrs,
            items,
        })
    };
    let ast = syn::parse::Parser::parse2(file, tokens).map_err(|err| {
        let mut range = err.span().byte_range();
        // syn places "unexpected end of input" of the file itself at its very start.
        if range == (0..0) && err.to_string().starts_with("unexpected end of input") {
            range = body.len()..body.len();
        }
        SyntaxError {
            message: err.to_string(),
            range: at(range),
        }
    })?;
    Ok(Parsed {
        ast,
        offset: bom,
        table_pos,
        shells,
    })
}

/// The items of a file that does not parse as a whole, each parsed on its own: the text is
/// split after each top-level `;` and brace-delimited group, and what does not parse is
/// left out. `None` if the file does not even lex, or nests too deeply.
///
/// Used to follow the `mod` items of a file with a syntax error, so that one error in
/// `lib.rs` does not hide every other file of the crate.
pub fn recover_items(text: &str) -> Option<Parsed> {
    use proc_macro2::{Delimiter, TokenTree};
    let (bom, body) = body_of(text);
    let tokens: proc_macro2::TokenStream = body.parse().ok()?;
    let first = crate::nesting::check(tokens.clone()).ok()?;
    let table_pos = first.and_then(|first| crate::span_table::position_of(first, &body));
    let mut items = Vec::new();
    let mut chunk: Vec<TokenTree> = Vec::new();
    for tree in tokens {
        let ends = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    // An inner attribute, `#![..]`, on its own.
                    || (g.delimiter() == Delimiter::Bracket
                        && matches!(chunk.as_slice(), [TokenTree::Punct(h), TokenTree::Punct(b)]
                            if h.as_char() == '#' && b.as_char() == '!'))
            }
            _ => false,
        };
        chunk.push(tree);
        if ends {
            let stream: proc_macro2::TokenStream = std::mem::take(&mut chunk).into_iter().collect();
            if let Ok(item) = syn::parse2::<syn::Item>(stream) {
                items.push(item);
            }
        }
    }
    Some(Parsed {
        ast: syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items,
        },
        offset: bom,
        table_pos,
        shells: Vec::new(),
    })
}

/// proc-macro2 says only "cannot parse string into token stream", at the token it could not
/// read; name the problem as rustc does.
fn lex_error_message(text: &str, at: usize) -> String {
    let rest = text.get(at..).unwrap_or("");
    let Some(c) = rest.chars().next() else {
        return "unexpected end of file".to_string();
    };
    let quoted = |prefixes: &[&str]| prefixes.iter().any(|p| rest.starts_with(p));
    match c {
        '(' | '[' | '{' => format!("this file contains an unclosed delimiter `{c}`"),
        ')' | ']' | '}' => format!("unexpected closing delimiter: `{c}`"),
        _ if rest.starts_with("/*") => "unterminated block comment".to_string(),
        _ if quoted(&["\"", "b\"", "c\"", "r\"", "r#", "br", "cr"]) => {
            "unterminated string literal".to_string()
        }
        _ if quoted(&["'", "b'"]) => "unterminated character literal".to_string(),
        '0'..='9' => "invalid number literal".to_string(),
        _ if c.is_ascii_graphic() => format!("unknown start of token: {c}"),
        _ => format!("unknown start of token: {}", c.escape_unicode()),
    }
}

/// The text proc-macro2 lexes for a file: [`parse_file`] parses exactly this.
pub(crate) fn lexed_text(text: &str) -> std::borrow::Cow<'_, str> {
    body_of(text).1
}

/// The text to lex, and the length of the BOM cut from its start: a shebang line is blanked
/// out rather than cut, so that offsets stay true to the file.
fn body_of(text: &str) -> (usize, std::borrow::Cow<'_, str>) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    match shebang_len(body) {
        Some(len) => (bom, format!("{}{}", " ".repeat(len), &body[len..]).into()),
        None => (bom, body.into()),
    }
}

/// Length of a leading `#!...` line that is a shebang rather than an inner attribute `#![..]`.
fn shebang_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("#!")?;
    if rest.trim_start().starts_with('[') {
        return None;
    }
    Some(text.find('\n').unwrap_or(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_survive_bom_and_shebang() {
        let text = "\u{feff}#!/usr/bin/env run\nfn f() { let x = 1; }";
        let parsed = parse_file(text).unwrap();
        let syn::Item::Fn(f) = &parsed.ast.items[0] else {
            panic!("expected fn")
        };
        let range = f.sig.ident.span().byte_range();
        let at = parsed.offset;
        assert_eq!(&text[range.start + at..range.end + at], "f");
    }

    #[test]
    fn inner_attribute_is_not_a_shebang() {
        assert!(parse_file("#![allow(unused)]\nfn f() {}").is_ok());
    }

    #[test]
    fn lexer_errors_say_what_is_wrong() {
        for (text, at, message) in [
            (
                "fn f() {",
                "{",
                "this file contains an unclosed delimiter `{`",
            ),
            ("fn f() { ( ] }", "]", "unexpected closing delimiter: `]`"),
            ("let s = \"abc;", "\"", "unterminated string literal"),
            ("/* x", "/*", "unterminated block comment"),
            (
                "x \u{fffd} y",
                "\u{fffd}",
                "unknown start of token: \\u{fffd}",
            ),
            ("a ` b", "`", "unknown start of token: `"),
        ] {
            let Err(err) = parse_file(text) else {
                panic!("{text:?} parsed")
            };
            assert_eq!(err.message, message, "{text:?}");
            assert!(
                text[err.range.start..].starts_with(at),
                "{text:?}: {:?}",
                err.range
            );
        }
    }

    #[test]
    fn items_around_a_syntax_error_are_recovered() {
        let text = "#![allow(x)]\n#[path = \"a.rs\"]\nmod a;\ntype T = Fn() + Send;\n\
                    struct S { a: u8 }\nfn f() { let = ; }\nmod b { mod c; }\n";
        assert!(parse_file(text).is_err());
        let parsed = recover_items(text).unwrap();
        let names: Vec<String> = parsed
            .ast
            .items
            .iter()
            .map(|item| match item {
                syn::Item::Mod(m) => format!("mod {}", m.ident),
                syn::Item::Struct(s) => format!("struct {}", s.ident),
                _ => "other".to_string(),
            })
            .collect();
        assert_eq!(names, ["mod a", "struct S", "mod b"]);
        let syn::Item::Mod(a) = &parsed.ast.items[0] else {
            panic!()
        };
        let range = a.ident.span().byte_range();
        assert_eq!(&text[range], "a");
    }

    #[test]
    fn the_end_of_the_file_is_where_input_ends() {
        let text = "fn f() {}\n/// doc of nothing\n";
        let Err(err) = parse_file(text) else {
            panic!("parsed")
        };
        assert_eq!(err.range, text.len()..text.len());
    }

    #[test]
    fn nesting_too_deep_is_an_error_not_a_crash() {
        let text = format!("type T = {}u8;", "&".repeat(200_000));
        let Err(err) = parse_file(&text) else {
            panic!("parsed")
        };
        assert!(
            err.message.contains("nests more than 12000 levels"),
            "{}",
            err.message
        );
        // `=` and then each `&` nest one level.
        let last = "type T = ".len() + crate::nesting::MAX_DEPTH - 1;
        assert_eq!(err.range, last..last + 1);
    }

    #[test]
    fn error_points_at_the_problem() {
        let text = "fn f() {\n    let x = ;\n}";
        let Err(err) = parse_file(text) else {
            panic!("expected a syntax error")
        };
        assert_eq!(&text[err.range.clone()], ";");
        assert!(err.message.contains("expected"), "{}", err.message);
    }
}
