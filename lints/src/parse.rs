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
}

/// Parses a whole source file.
///
/// `syn::parse_file` strips a BOM and a shebang line by slicing the text, which would shift
/// every offset after them; here the shebang is blanked out instead and the BOM length
/// returned, so spans map back to `text` exactly.
pub fn parse_file(text: &str) -> Result<Parsed, SyntaxError> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let blanked;
    let body = match shebang_len(body) {
        Some(len) => {
            blanked = format!("{}{}", " ".repeat(len), &body[len..]);
            blanked.as_str()
        }
        None => body,
    };
    let ast = syn::parse_str::<syn::File>(body).map_err(|err| {
        let range = err.span().byte_range();
        SyntaxError {
            message: err.to_string(),
            range: range.start + bom..range.end + bom,
        }
    })?;
    Ok(Parsed { ast, offset: bom })
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
    fn error_points_at_the_problem() {
        let text = "fn f() {\n    let x = ;\n}";
        let Err(err) = parse_file(text) else {
            panic!("expected a syntax error")
        };
        assert_eq!(&text[err.range.clone()], ";");
        assert!(err.message.contains("expected"), "{}", err.message);
    }
}
