//! A bound on how deeply a file nests, checked on its tokens before syn parses it.
//!
//! syn parses, and memlint's model and lints walk, syntax trees by recursion: each level of
//! nesting costs native stack (up to ~40 KiB a level in debug builds, for types like
//! `&&&...u8`). Token trees, on the other hand, are built and dropped without recursion. So
//! the tokens are measured first, and a file that nests deeper than [`MAX_DEPTH`] is
//! reported instead of parsed, whatever it is made of: brackets, or chains that nest without
//! brackets (`- - - x`, `a = b = c`, `|| || x`, `Option<Option<..>>`, `fn() -> fn() -> ..`,
//! `else if` chains, long operator chains).
//!
//! The measure over-approximates syntax-tree depth: the enclosing groups, plus, inside the
//! innermost group, every operator and nesting keyword since the last point where nesting
//! certainly restarts (`;`, a `,` outside generic arguments and closure parameters, a
//! brace-delimited block followed by a new item or statement).
//!
//! Items nested in items (`mod a { mod b { .. } }`, `fn f() { fn g() { .. } }`) have their
//! own, lower bound, [`MAX_ITEM_NESTING`]: the model names each item by its full module path,
//! so its size grows with the square of that nesting.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use std::fmt::Write;
use std::ops::Range;

/// Nesting memlint analyses: far beyond hand-written or generated code, and within what the
/// analysis thread's stack holds in a debug build.
pub const MAX_DEPTH: usize = 12_000;

/// Items nested inside items.
pub const MAX_ITEM_NESTING: usize = 1_000;

/// Where a file first nests deeper than memlint analyses, and what the limit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// Byte range of the token that crossed the limit, in the text the tokens were lexed from.
    pub range: Range<usize>,
    pub message: String,
}

/// Keywords that start a nested expression, type or pattern (`return x`, `&mut T`, `dyn T`,
/// `if c {..} else ..`), or an item whose body nests (`fn`, `mod`). A `match`, not a list
/// searched: it tells most identifiers apart by length alone, and a list took a tenth of
/// this module's time.
fn is_nesting_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "do"
            | "dyn"
            | "else"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "ref"
            | "return"
            | "static"
            | "trait"
            | "try"
            | "unsafe"
            | "where"
            | "while"
            | "yield"
    )
}

/// Keywords after which a brace-delimited body is an item's (`fn f() {`, `mod m {`).
fn is_item_keyword(word: &str) -> bool {
    matches!(word, "fn" | "mod" | "impl" | "trait")
}

/// The state of one token group being measured.
struct Frame {
    tokens: proc_macro2::token_stream::IntoIter,
    /// The depth of the group itself: its enclosing groups and their chains, plus one.
    base: usize,
    /// Items this group is nested in.
    items: usize,
    /// Operators and nesting keywords since nesting last restarted.
    chain: usize,
    /// `<` not yet matched by `>`: commas inside generic arguments do not restart nesting.
    angle: usize,
    /// `|` seen since nesting restarted: commas between closure parameters do not either.
    pipes: usize,
    /// An item keyword was seen, so the next brace group is an item's body.
    item_body_next: bool,
    /// The previous token closed a brace-delimited group.
    after_brace: bool,
    /// The previous token, if it was a joint punctuation character (`-` of `->`).
    joint: Option<char>,
}

impl Frame {
    fn new(tokens: TokenStream, base: usize, items: usize) -> Frame {
        Frame {
            tokens: tokens.into_iter(),
            base,
            items,
            chain: 0,
            angle: 0,
            pipes: 0,
            item_body_next: false,
            after_brace: false,
            joint: None,
        }
    }

    fn depth(&self) -> usize {
        self.base + self.chain + self.angle
    }

    /// Nesting restarts; an item keyword still waits for its body past a `,` in a `where`.
    fn restart(&mut self) {
        self.chain = 0;
        self.angle = 0;
        self.pipes = 0;
    }

    /// Accounts for one punctuation character, identifier or literal. `word` is room to
    /// spell an identifier in.
    fn token(&mut self, tree: &TokenTree, word: &mut String) {
        let after_brace = std::mem::take(&mut self.after_brace);
        let joint = self.joint.take();
        match tree {
            TokenTree::Punct(p) => {
                let c = p.as_char();
                if p.spacing() == Spacing::Joint {
                    self.joint = Some(c);
                }
                match c {
                    ';' => {
                        self.restart();
                        self.item_body_next = false;
                    }
                    ',' => {
                        if self.angle == 0 && self.pipes % 2 == 0 {
                            self.restart();
                        }
                    }
                    // Path separators, attributes, lifetimes and macro variables nest nothing.
                    ':' | '#' | '\'' | '$' => {
                        if after_brace {
                            self.restart();
                        }
                    }
                    '<' => {
                        self.angle += 1;
                        self.chain += 1;
                    }
                    // `->` and `=>` close nothing.
                    '>' if matches!(joint, Some('-' | '=')) => self.chain += 1,
                    '>' => {
                        self.angle = self.angle.saturating_sub(1);
                        self.chain += 1;
                    }
                    // `<=` compares.
                    '=' if joint == Some('<') => self.angle = self.angle.saturating_sub(1),
                    '|' => {
                        self.pipes += 1;
                        self.chain += 1;
                    }
                    _ => self.chain += 1,
                }
            }
            TokenTree::Ident(ident) => {
                // Spelled into one buffer: a `String` per identifier was a tenth of the time.
                word.clear();
                let _ = write!(word, "{ident}");
                // A block followed by a new statement or item ends the nesting it was part
                // of; followed by `else`, `as` or an operator, it goes on.
                if after_brace && word != "else" && word != "as" {
                    self.restart();
                }
                // A lifetime (`'static`) is not a keyword.
                if joint != Some('\'') {
                    if is_nesting_keyword(word) {
                        self.chain += 1;
                    }
                    if is_item_keyword(word) {
                        self.item_body_next = true;
                    }
                }
            }
            TokenTree::Literal(_) | TokenTree::Group(_) => {
                if after_brace {
                    self.restart();
                }
            }
        }
    }
}

/// Measures `tokens`; `Err` names the first token past a limit. `Ok` has the span of the
/// first token, if any, read on the way: where [`crate::span_table::position_of`] finds
/// the file's place in the span table, without going through the stream again.
pub fn check(tokens: TokenStream) -> Result<Option<proc_macro2::Span>, TooDeep> {
    measure(tokens, MAX_DEPTH, MAX_ITEM_NESTING).map(|(_, first)| first)
}

/// The deepest nesting and item nesting of `tokens` and the span of its first token, or the
/// first token past a limit.
fn measure(
    tokens: TokenStream,
    max_depth: usize,
    max_items: usize,
) -> Result<((usize, usize), Option<proc_macro2::Span>), TooDeep> {
    let mut deepest = (0, 0);
    let mut first = None;
    let mut stack = vec![Frame::new(tokens, 0, 0)];
    let mut word = String::new();
    while let Some(frame) = stack.last_mut() {
        let Some(tree) = frame.tokens.next() else {
            stack.pop();
            // The group just measured is one more operand in its parent's chain.
            if let Some(parent) = stack.last_mut() {
                parent.chain += 1;
            }
            continue;
        };
        if first.is_none() {
            first = Some(tree.span());
        }
        frame.token(&tree, &mut word);
        let TokenTree::Group(group) = tree else {
            deepest.0 = deepest.0.max(frame.depth());
            if frame.depth() > max_depth {
                return Err(too_deep(tree.span().byte_range()));
            }
            continue;
        };
        let brace = group.delimiter() == Delimiter::Brace;
        let items = frame.items + usize::from(brace && frame.item_body_next);
        if brace {
            frame.item_body_next = false;
        }
        let depth = frame.depth() + 1;
        deepest = (deepest.0.max(depth), deepest.1.max(items));
        // Only on error: `byte_range` was half of this function's time.
        let range = || group.span_open().byte_range();
        if depth > max_depth {
            return Err(too_deep(range()));
        }
        if items > max_items {
            return Err(TooDeep {
                range: range(),
                message: format!(
                    "items nest more than {MAX_ITEM_NESTING} levels deep here, deeper than memlint analyses"
                ),
            });
        }
        // Told now, seen by the parent's next token, after the group has been measured.
        frame.after_brace = brace;
        stack.push(Frame::new(group.stream(), depth, items));
    }
    Ok((deepest, first))
}

fn too_deep(range: Range<usize>) -> TooDeep {
    TooDeep {
        range,
        message: format!(
            "the source nests more than {MAX_DEPTH} levels deep here, deeper than memlint analyses"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(text: &str) -> (usize, usize) {
        measure(text.parse().unwrap(), usize::MAX, usize::MAX)
            .unwrap()
            .0
    }

    fn nested(open: &str, middle: &str, close: &str, n: usize) -> String {
        format!("{}{middle}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn every_kind_of_nesting_counts() {
        let n = 1000;
        for text in [
            nested("(", "1", ")", n),
            nested("Option<", "u8", ">", n),
            nested("HashMap<K, ", "u8", ">", n),
            nested("", "u8", "", 0) + &"&".repeat(n),
            "fn() -> ".repeat(n),
            "- ".repeat(n),
            "a = ".repeat(n),
            "|x, y| ".repeat(n),
            "|| ".repeat(n),
            "return ".repeat(n),
            "x @ ".repeat(n),
            "1 + ".repeat(n),
            "x.f()".repeat(n),
            "f()".repeat(n) + &"()".repeat(n),
            format!("if a {{ 1 }}{} else {{ 2 }}", " else if a { 1 }".repeat(n)),
            format!("x{}", " + { 1 }".repeat(n)),
        ] {
            let (deepest, _) = depth(&text);
            assert!(
                deepest >= n,
                "{deepest} for {}",
                &text[..60.min(text.len())]
            );
        }
    }

    #[test]
    fn siblings_do_not_nest() {
        let n = 5_000;
        for text in [
            format!("static T: [i32; {n}] = [{}];", "-1, ".repeat(n)),
            "fn f() -> Vec<u8> { g() }\n".repeat(n),
            "pub struct S<T: Fn(u8) -> u8> { a: T }\n".repeat(n),
            format!(
                "match x {{ {} }}",
                "A => { 1 } B(..) => {} -2 => 3, ".repeat(n)
            ),
            format!(
                "fn f() {{ {} }}",
                "let a: Option<u8> = if x < y { 1 } else { 2 };".repeat(n)
            ),
            format!(
                "fn f() {{ {} }}",
                "if x { a() } else { b() } c();".repeat(n)
            ),
            format!("x!({})", "'a: loop {} #[attr] fn g() {} ".repeat(n)),
            format!(
                "const A: &[(u8, &'static str)] = &[{}];",
                "(1 << 4, \"x\"), ".repeat(n)
            ),
        ] {
            let (deepest, items) = depth(&text);
            assert!(deepest < 50, "{deepest} for {}", &text[..80]);
            assert!(items <= 1, "{items} for {}", &text[..80]);
        }
    }

    #[test]
    fn items_inside_items_count_separately() {
        let (_, items) = depth(&nested("mod m { ", "", "}", 300));
        assert_eq!(items, 300);
        let (_, items) = depth(&nested("fn f() -> u8 where T: A, U: B { ", "1", "}", 300));
        assert_eq!(items, 300);
        let (_, items) = depth(&nested("{ ", "", "}", 300));
        assert_eq!(items, 0);
    }

    #[test]
    fn the_first_token_past_the_limit_is_named() {
        let text = nested("[", "0", "]", MAX_DEPTH + 5);
        let err = check(text.parse().unwrap()).unwrap_err();
        assert_eq!(err.range, MAX_DEPTH..MAX_DEPTH + 1);
        let text = nested("mod m { ", "", "}", MAX_ITEM_NESTING + 1);
        let err = check(text.parse().unwrap()).unwrap_err();
        assert!(
            err.message.contains("items nest more than 1000"),
            "{}",
            err.message
        );
        assert!(
            check(
                nested("mod m { ", "", "}", MAX_ITEM_NESTING)
                    .parse()
                    .unwrap()
            )
            .is_ok()
        );
    }
}
