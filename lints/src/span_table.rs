//! Parsing a crate's files on several threads and analysing them on one.
//!
//! Outside a proc macro, proc-macro2 gives every span a position in a table of lexed text
//! that each thread keeps for itself: a span's line and column can only be looked up on
//! the thread that lexed its file. So each file is lexed at a position agreed in advance
//! ([`Positions`]): a thread first pads its table up to that position ([`parse_at`]). The
//! thread that analyses the crate then rebuilds its own table with every file at its
//! position ([`mirror`]), from stand-ins with the same characters and lines that stop the
//! lexer at their first character. Lookups there give what they gave where each file was
//! parsed, and the trees can move to it. Each tree keeps its position
//! (`Parsed::table_pos`), so a second thread that shares a crate's lints mirrors the table
//! the same way (`lints/split.rs`).
//!
//! This rests on how proc-macro2 1.0 numbers positions: its table starts with an empty
//! entry at 0, a lexed string takes the characters `lo..=lo + chars` (whether it lexes or
//! not) and the next one starts one past that. Parsing may lex more than the file (syn
//! lexes `-1` again as one literal), so after each file the thread asks its table where it
//! ends ([`table_end`]); a file whose position is already passed is left to the crate's
//! thread. `tests` checks all this on the version in use.

use crate::parse::{Parsed, SyntaxError};
use std::cell::Cell;
use std::sync::atomic::{AtomicU32, Ordering};

thread_local! {
    /// Where the next string lexed on this thread will start in its span table.
    static NEXT: Cell<u32> = const { Cell::new(u32::MAX) };
}

/// Empties this thread's span table: spans of trees parsed here mean nothing afterwards.
pub fn reset() {
    proc_macro2::extra::invalidate_current_thread_spans();
    // Unknown: nothing is placed on this thread until the next reset.
    NEXT.set(table_end().unwrap_or(u32::MAX));
}

/// The positions of one crate's files, handed out as they are parsed.
pub struct Positions(AtomicU32);

impl Default for Positions {
    fn default() -> Positions {
        // After the empty entry at 0 and the probe of a reset, `1..=2`.
        Positions(AtomicU32::new(3))
    }
}

impl Positions {
    /// A position for a text of `chars` characters, with room after it for what parsing
    /// lexes besides. `None` past what spans can number.
    pub fn claim(&self, chars: usize) -> Option<u32> {
        let chars = u32::try_from(chars).ok()?;
        let needed = chars.checked_add(chars / 4)?.checked_add(64)?;
        let pos = self.0.fetch_add(needed, Ordering::Relaxed);
        pos.checked_add(needed).map(|_| pos)
    }
}

/// The text proc-macro2 lexes for a file, and its length in characters.
pub fn lexed(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let body = crate::parse::lexed_text(text);
    let chars = body.chars().count();
    (body, chars)
}

/// Parses `text` with its spans at `pos` of this thread's table, claimed from the crate's
/// [`Positions`] (since the last [`reset`], only files at lower positions were parsed
/// here), shelling its declarations if `shell` is set (`parse::parse_file_with`). `None`
/// when the table already reaches past `pos`.
pub fn parse_at(text: &str, pos: u32, shell: bool) -> Option<Result<Parsed, SyntaxError>> {
    if !pad_to(pos) {
        return None;
    }
    let parsed = crate::parse::parse_file_with(text, shell);
    // Unknown: nothing more is placed on this thread until a reset.
    NEXT.set(table_end().unwrap_or(u32::MAX));
    Some(parsed)
}

/// Where the next string lexed on this thread will start, read off a probe's span.
pub(crate) fn table_end() -> Option<u32> {
    let probe: proc_macro2::TokenStream = "x".parse().ok()?;
    let lo = table_lo(probe.into_iter().next()?.span())?;
    // The probe took `lo..=lo + 1`.
    lo.checked_add(2)
}

/// Where `body` starts in the table of the thread that lexed it, read off the span of its
/// first token: what [`mirror`] takes to make the tree's spans readable on another thread.
pub fn position_of(first: proc_macro2::Span, body: &str) -> Option<u32> {
    let before = body.get(..first.byte_range().start)?.chars().count();
    table_lo(first)?.checked_sub(u32::try_from(before).ok()?)
}

/// A span's start in its thread's table: its `Debug` is `bytes(lo..hi)` with proc-macro2's
/// `span-locations`.
fn table_lo(span: proc_macro2::Span) -> Option<u32> {
    format!("{span:?}")
        .strip_prefix("bytes(")?
        .split("..")
        .next()?
        .parse()
        .ok()
}

/// Rebuilds this thread's table with each of `files` (position, text) where it was parsed,
/// so that spans of their trees can be looked up here. False if the table did not come
/// out as planned: then no tree parsed before can be looked up here.
#[must_use]
pub fn mirror<'t>(files: impl IntoIterator<Item = (u32, &'t str)>) -> bool {
    let mut files: Vec<(u32, &str)> = files.into_iter().collect();
    files.sort_unstable_by_key(|&(pos, _)| pos);
    reset();
    for (pos, text) in files {
        if !pad_to(pos) {
            return false;
        }
        let (body, chars) = lexed(text);
        add(&stand_in(&body), chars);
    }
    // The probe lands where planned, and takes two positions.
    let planned = NEXT.get();
    table_end() == planned.checked_add(2)
}

/// Adds a string of `chars` characters to this thread's table, without lexing past its
/// first character when it starts with a stopper.
fn add(text: &str, chars: usize) {
    let _ = text.parse::<proc_macro2::TokenStream>();
    NEXT.set(NEXT.get() + chars as u32 + 1);
}

/// Fills this thread's table up to `pos`, so that the next string lexed starts there;
/// false if it already reaches past `pos`.
fn pad_to(pos: u32) -> bool {
    let next = NEXT.get();
    if pos < next {
        return false;
    }
    if pos > next {
        let len = (pos - next - 1) as usize;
        let mut pad = String::with_capacity(len);
        if len > 0 {
            pad.push('`');
            pad.extend(std::iter::repeat_n(' ', len - 1));
        }
        add(&pad, len);
    }
    true
}

/// `body` with the first character that is not a line break replaced by one of the same
/// UTF-8 length that no token starts with: the same lines and character offsets, lexed
/// in no time.
fn stand_in(body: &str) -> String {
    let mut out = body.to_string();
    if let Some((at, c)) = body.char_indices().find(|&(_, c)| c != '\n') {
        let stopper = match c.len_utf8() {
            1 => '`',
            2 => '§',
            3 => '☃',
            _ => '😀',
        };
        out.replace_range(at..at + c.len_utf8(), stopper.encode_utf8(&mut [0; 4]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::{LineColumn, TokenStream, TokenTree};

    /// Every token's start, end and byte range, flattened.
    fn positions(stream: TokenStream) -> Vec<(LineColumn, LineColumn, std::ops::Range<usize>)> {
        let mut out = Vec::new();
        let mut stack = vec![stream];
        while let Some(stream) = stack.pop() {
            for tree in stream {
                let span = tree.span();
                out.push((span.start(), span.end(), span.byte_range()));
                if let TokenTree::Group(g) = tree {
                    stack.push(g.stream());
                }
            }
        }
        out
    }

    fn tokens(parsed: &Parsed) -> TokenStream {
        quote::ToTokens::to_token_stream(&parsed.ast)
    }

    const FILES: [&str; 6] = [
        "fn a() {\n    let x = [0u8; 4];\n}\n",
        // syn lexes each negative literal pattern again, after the file.
        "fn m(x: i8) -> i8 { match x { -1 => -2, -3..=-4 => 5, _ => -6 } }\n",
        "\u{feff}//! é ünïcode\nstruct S { f: [u8; 16] } // ☃ 😀\nfn b() { a() }\n",
        "#!/usr/bin/env run-ü\nfn c() {}\n",
        "\n\nfn e() {}\n",
        "\u{2028}const É: u8 = 1;",
    ];

    #[test]
    fn trees_parsed_on_other_threads_give_the_same_positions_after_a_mirror() {
        // What a single thread sees, parsing every file itself.
        reset();
        let alone: Vec<_> = FILES
            .iter()
            .map(|text| crate::parse::parse_file(text).map(|p| positions(tokens(&p))))
            .collect();
        reset();
        // Two helpers take every other file, at positions handed out across them.
        let claims = Positions::default();
        let placed: Vec<(u32, usize)> = FILES
            .iter()
            .map(|text| {
                let (_, chars) = lexed(text);
                (claims.claim(chars).unwrap(), chars)
            })
            .collect();
        struct Sent(Result<Parsed, SyntaxError>);
        // SAFETY: the helper keeps no clone of the tree; see the module docs.
        unsafe impl Send for Sent {}
        let parsed: Vec<Sent> = std::thread::scope(|s| {
            let helpers: Vec<_> = (0..2)
                .map(|h| {
                    let placed = &placed;
                    s.spawn(move || {
                        reset();
                        let mine: Vec<(usize, Sent)> = (h..FILES.len())
                            .step_by(2)
                            .map(|i| {
                                let (pos, _) = placed[i];
                                let parsed = parse_at(FILES[i], pos, false).expect("placed");
                                let table_pos = parsed.as_ref().ok().and_then(|p| p.table_pos);
                                assert_eq!(table_pos, Some(pos), "file {i}");
                                (i, Sent(parsed))
                            })
                            .collect();
                        reset();
                        mine
                    })
                })
                .collect();
            let mut all: Vec<(usize, Sent)> = helpers
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect();
            all.sort_by_key(|(i, _)| *i);
            all.into_iter().map(|(_, p)| p).collect()
        });
        assert!(mirror(
            placed
                .iter()
                .zip(FILES)
                .map(|(&(pos, _), text)| (pos, text))
        ));
        let shared: Vec<_> = parsed
            .iter()
            .map(|Sent(p)| {
                p.as_ref()
                    .map(|p| positions(tokens(p)))
                    .map_err(|e| e.clone())
            })
            .collect();
        reset();
        for (i, (a, b)) in alone.iter().zip(&shared).enumerate() {
            let a = a.as_ref().expect("fixture parses");
            let b = b.as_ref().expect("fixture parses");
            assert!(!a.is_empty());
            assert_eq!(a, b, "file {i}");
        }
    }

    #[test]
    fn trees_parsed_here_read_the_same_on_a_thread_that_mirrors_their_positions() {
        reset();
        // Parsed one after another with nothing planned, as loading alone does; the last
        // one has a syntax error and keeps the items that parse on their own.
        const BROKEN: &str =
            "fn ok() { let a = [1u8; 2]; }\nfn broken() -> { }\nstruct S { f: u8 }\n";
        let texts: Vec<&str> = FILES.iter().copied().chain([BROKEN]).collect();
        let mut parsed: Vec<Parsed> = FILES
            .iter()
            .map(|text| crate::parse::parse_file(text).expect("fixture parses"))
            .collect();
        parsed.push(crate::parse::recover_items(BROKEN).expect("items recovered"));
        assert_eq!(parsed.last().map(|p| p.ast.items.len()), Some(2));
        let here: Vec<_> = parsed.iter().map(|p| positions(tokens(p))).collect();
        struct Lent<'a>(&'a [Parsed]);
        // SAFETY: this thread does not touch the trees while the other one reads them.
        unsafe impl Send for Lent<'_> {}
        let lent = Lent(&parsed);
        let there = std::thread::scope(|s| {
            s.spawn(move || {
                let lent = lent;
                let placed = lent.0.iter().zip(&texts);
                assert!(mirror(
                    placed.map(|(p, text)| (p.table_pos.unwrap(), *text))
                ));
                lent.0
                    .iter()
                    .map(|p| positions(tokens(p)))
                    .collect::<Vec<_>>()
            })
            .join()
            .unwrap()
        });
        assert_eq!(here, there);
        assert!(here.iter().all(|p| !p.is_empty()));
        drop(parsed);
        reset();
    }

    #[test]
    fn a_mirror_says_when_files_overlap() {
        let claims = Positions::default();
        let a = claims.claim(3).unwrap();
        assert!(!mirror([(a, "fn"), (a + 2, "x")]));
        assert!(mirror([(a, "fn x() {}")]));
        reset();
    }

    #[test]
    fn a_stand_in_keeps_lines_and_character_widths() {
        for text in ["\n\nfn x() {}", "é = 1;\n", "☃\n", "😀", "", "\n"] {
            let fake = stand_in(text);
            assert_eq!(fake.len(), text.len());
            let widths = |s: &str| s.chars().map(char::len_utf8).collect::<Vec<_>>();
            assert_eq!(widths(&fake), widths(text));
            let breaks = |s: &str| s.match_indices('\n').map(|m| m.0).collect::<Vec<_>>();
            assert_eq!(breaks(&fake), breaks(text));
            if text.trim_matches('\n').is_empty() {
                assert_eq!(fake, text);
            } else {
                assert!(fake.parse::<TokenStream>().is_err(), "{fake:?} lexes");
            }
        }
    }
}
