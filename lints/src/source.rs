//! Source files as memlint holds them: text plus a line index, addressed by byte offset.
//!
//! Every position memlint reports is a byte range into one of these files; lines and
//! columns are derived here, once, so that all emitters agree on them.

use crate::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

pub struct SourceFile {
    /// The path the file was read from.
    pub path: PathBuf,
    /// The path shown to users: relative to the workspace root (or the current directory).
    pub display: String,
    pub text: String,
    lines: LineIndex,
}

/// Where each line of a text starts, to turn proc-macro2's line-and-column positions into
/// byte offsets without proc-macro2's own `byte_range`: that keeps a char-to-byte table per
/// file in a `BTreeMap`, grown by every lookup (a sixth of the time spent walking bodies,
/// and 29 MB for windows-sys's declarations).
pub struct LineIndex {
    /// As `u32`, half the size: a run holds the index of every file it read (4 bytes a
    /// line, 14 MB for the 218 corpus packages), and no file it reads is over 4 GiB
    /// ([`crate::load::MAX_SOURCE_BYTES`]).
    starts: Vec<u32>,
    /// `None` when the text is all ASCII (a column in chars is then a column in bytes);
    /// else whether each line is.
    ascii_lines: Option<Vec<bool>>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // memchr's vector search: `match_indices` took 2.5% of a run on regex-syntax and
        // hyper (callgrind), for an index built twice per file.
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1))
            .collect();
        let ascii_lines = (!text.is_ascii()).then(|| text.split('\n').map(str::is_ascii).collect());
        LineIndex {
            starts,
            ascii_lines,
        }
    }

    /// Where `span` starts in `text`, the text this index was built from, lexed with its
    /// first `offset` bytes (a BOM) cut: the same as `span.byte_range().start + offset`,
    /// without proc-macro2's table where the line says the column is in bytes.
    pub fn start_of(&self, text: &str, offset: usize, span: proc_macro2::Span) -> usize {
        self.offset(text, span.start())
            .unwrap_or_else(|| span.byte_range().start + offset)
    }

    /// Where `span` ends, as [`LineIndex::start_of`] says where it starts.
    pub fn end_of(&self, text: &str, offset: usize, span: proc_macro2::Span) -> usize {
        self.offset(text, span.end())
            .unwrap_or_else(|| span.byte_range().end + offset)
    }

    /// The byte offset in `text` (the text this index was built from) of a position as
    /// proc-macro2 gives it (1-based line, 0-based column in chars); `None` when that takes
    /// more than a short count of chars, or when the first line is not ASCII (`text` may
    /// start with a BOM that proc-macro2 did not see).
    fn offset(&self, text: &str, at: proc_macro2::LineColumn) -> Option<usize> {
        /// Longer lines with wide chars are left to proc-macro2: counting chars on each
        /// lookup would make a huge one-line file quadratic.
        const MAX_COUNTED: usize = 1024;
        let line = at.line.checked_sub(1)?;
        let start = *self.starts.get(line)? as usize;
        let ascii = match &self.ascii_lines {
            None => true,
            Some(lines) => lines.get(line) == Some(&true),
        };
        if ascii {
            return Some((start + at.column).min(text.len()));
        }
        if at.column > MAX_COUNTED || line == 0 {
            return None;
        }
        let rest = &text[start..];
        match rest.char_indices().nth(at.column) {
            Some((i, _)) => Some(start + i),
            None => Some(text.len()),
        }
    }
}

/// A 1-based line and a 1-based column counted in chars, as rustc reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> SourceFile {
        let lines = LineIndex::new(&text);
        SourceFile {
            path,
            display,
            text,
            lines,
        }
    }

    /// 0-based index of the line holding `byte`.
    pub fn line_index(&self, byte: usize) -> usize {
        self.lines
            .starts
            .partition_point(|&start| start as usize <= byte)
            .saturating_sub(1)
    }

    pub fn line_col(&self, byte: usize) -> LineCol {
        let byte = self.clamp(byte);
        let line = self.line_index(byte);
        let range = self.line_range(line);
        // Lines are shown without their terminator: a position on the `\r` of `\r\n` (or on
        // a `\r` that ends the file) is at the end of the line's text.
        let byte = byte.min(range.end);
        LineCol {
            line: line + 1,
            col: self.text[range.start..byte].chars().count() + 1,
        }
    }

    /// Byte range of the 0-based line `line`, without its line terminator.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.lines.starts[line] as usize;
        let mut end = self
            .lines
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next as usize - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.lines.starts.len()
    }

    /// Where `span` of a tree parsed from this file (with `offset`) starts: the same as
    /// `span.byte_range().start + offset`, faster ([`LineIndex::start_of`]).
    pub fn start_of(&self, offset: usize, span: proc_macro2::Span) -> usize {
        self.lines.start_of(&self.text, offset, span)
    }

    /// Where `span` ends, as [`SourceFile::start_of`] says where it starts.
    pub fn end_of(&self, offset: usize, span: proc_macro2::Span) -> usize {
        self.lines.end_of(&self.text, offset, span)
    }

    /// Moves `byte` inside the text and onto a char boundary.
    pub fn clamp(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        byte
    }
}

/// All files read in one run. Files are only ever added, so a [`FileId`] stays valid, and
/// crates analysed on several threads at once add to the same map: a file two crates share
/// (a module of both the library and a binary) gets one id, so their findings in it are
/// recognised as the same.
#[derive(Default)]
pub struct SourceMap {
    files: boxcar::Vec<SourceFile>,
    by_path: Mutex<HashMap<PathBuf, FileId>>,
}

impl SourceMap {
    /// Adds `file`, or returns the id of the file already added under its path.
    pub fn add(&self, file: SourceFile) -> FileId {
        let mut by_path = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(id) = by_path.get(&file.path) {
            return *id;
        }
        let path = file.path.clone();
        let id = FileId(self.files.push(file) as u32);
        by_path.insert(path, id);
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        let by_path = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
        by_path.get(path).copied()
    }

    pub fn len(&self) -> usize {
        self.files.count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.rs".into(), "a.rs".into(), text.into())
    }

    #[test]
    fn columns_count_chars_not_bytes() {
        let f = file("let é = [0u8; 4];\n  x");
        assert_eq!(f.line_col(0), LineCol { line: 1, col: 1 });
        // `=` follows a two-byte char.
        let eq = f.text.find('=').unwrap();
        assert_eq!(f.line_col(eq), LineCol { line: 1, col: 7 });
        assert_eq!(f.line_col(f.text.len()), LineCol { line: 2, col: 4 });
    }

    #[test]
    fn a_position_on_a_line_terminator_is_at_the_end_of_the_line() {
        let f = file("ab\r\ncd\r");
        assert_eq!(f.line_col(2), LineCol { line: 1, col: 3 });
        assert_eq!(f.line_col(3), LineCol { line: 1, col: 3 });
        assert_eq!(f.line_col(f.text.len()), LineCol { line: 2, col: 3 });
        assert_eq!(file("a\rb").line_col(2), LineCol { line: 1, col: 3 });
    }

    #[test]
    fn offsets_agree_with_proc_macro2_byte_ranges() {
        fn tokens(stream: proc_macro2::TokenStream, out: &mut Vec<proc_macro2::Span>) {
            for tree in stream {
                out.push(tree.span());
                if let proc_macro2::TokenTree::Group(g) = tree {
                    out.push(g.span_close());
                    tokens(g.stream(), out);
                }
            }
        }
        let ascii = "fn f() {\r\n\tlet x = [0u8; 4];\r\n  g(x, \"s\");\n}\n// end";
        let wide = "// é\nfn f() {\n    let é = \"ü\"; g(é);\n    h(1);\n}\n";
        let long = format!(
            "// ü\nfn f() {{ let s = \"{}é\"; g(s); }}\n",
            "x".repeat(2000)
        );
        for text in [ascii, wide, &long] {
            let f = file(text);
            let mut spans = Vec::new();
            tokens(text.parse().unwrap(), &mut spans);
            assert!(spans.len() > 10);
            for span in spans {
                let range = span.byte_range();
                for (at, byte) in [(span.start(), range.start), (span.end(), range.end)] {
                    // `None` leaves it to proc-macro2 (the first line, or far into a long line
                    // with wide chars); any answer given must be proc-macro2's.
                    if let Some(offset) = f.lines.offset(&f.text, at) {
                        assert_eq!(offset, byte, "{text:?} at {at:?}");
                    } else {
                        assert!(at.line == 1 || at.column > 1024, "{at:?}");
                    }
                }
            }
        }
        // The wide file's second line and the ASCII file are answered without proc-macro2.
        let at = proc_macro2::LineColumn { line: 2, column: 3 };
        assert_eq!(
            {
                let f = file(wide);
                f.lines.offset(&f.text, at)
            },
            Some(wide.find("f(").unwrap())
        );
        let at = proc_macro2::LineColumn { line: 2, column: 1 };
        assert_eq!(
            {
                let f = file(ascii);
                f.lines.offset(&f.text, at)
            },
            Some(ascii.find("let").unwrap())
        );
    }

    #[test]
    fn line_range_drops_crlf() {
        let f = file("ab\r\ncd");
        assert_eq!(&f.text[f.line_range(0)], "ab");
        assert_eq!(&f.text[f.line_range(1)], "cd");
        assert_eq!(f.line_count(), 2);
    }
}
