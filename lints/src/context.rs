//! What a lint gets to look at: the parsed files of one crate, its model, and settings.

use crate::diag::Span;
use crate::load::ModuleFile;
use crate::model::CrateModel;
use crate::source::{FileId, SourceMap};

/// Thresholds and other settings the lints read.
#[derive(Clone, Debug)]
pub struct Config {
    /// `array-size-threshold`: arrays of at least this many bytes are reported.
    pub array_size_threshold: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            array_size_threshold: 16384,
        }
    }
}

pub struct LintContext<'a> {
    pub files: &'a [ModuleFile],
    pub model: &'a CrateModel,
    pub sources: &'a SourceMap,
    pub config: &'a Config,
}

impl LintContext<'_> {
    /// The source text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        let file = self.sources.get(span.file);
        file.text.get(span.lo..span.hi).unwrap_or("")
    }
}

/// Converts a syn span in a file parsed with `offset` into a [`Span`].
pub fn span_of(file: FileId, offset: usize, span: proc_macro2::Span) -> Span {
    let range = span.byte_range();
    Span::new(file, range.start + offset..range.end + offset)
}

/// One parsed file of the crate a lint is walking: turns its syntax spans into [`Span`]s and
/// source text.
#[derive(Clone, Copy)]
pub struct FileCx<'a> {
    pub cx: &'a LintContext<'a>,
    pub file: FileId,
    /// The BOM length: syn's byte offsets are relative to the text after it.
    pub offset: usize,
}

impl<'a> FileCx<'a> {
    pub fn span(&self, node: &impl syn::spanned::Spanned) -> Span {
        span_of(self.file, self.offset, node.span())
    }

    /// The source text of a span of this file.
    pub fn text(&self, span: Span) -> &'a str {
        let file = self.cx.sources.get(span.file);
        file.text.get(span.lo..span.hi).unwrap_or("")
    }

    /// The source text of `node`, exactly as written.
    pub fn snippet(&self, node: &impl syn::spanned::Spanned) -> &'a str {
        self.text(self.span(node))
    }
}
