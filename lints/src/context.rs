//! What a lint gets to look at: the parsed files of one crate, its model, and settings.

use crate::diag::Span;
use crate::load::ModuleFile;
use crate::model::CrateModel;
use crate::source::{FileId, SourceMap};

/// Thresholds and other settings the lints read.
#[derive(Clone, Debug)]
pub struct Config {
    /// `array-size-threshold`: arrays (and boxed temporaries) of at least this many bytes
    /// are reported.
    pub array_size_threshold: u64,
    /// `enum-variant-size-threshold`: an enum's largest variant may be at most this many
    /// bytes larger than the second largest (Clippy's default: 200).
    pub enum_variant_size_threshold: u64,
    /// `by-value-size-threshold`: parameters, return values and `self` of at least this
    /// many bytes passed by value are reported.
    pub by_value_size_threshold: u64,
    /// `stack-frame-threshold`: functions whose estimated debug-build frame is at least
    /// this many bytes are reported (one sixteenth of a spawned thread's 2 MiB).
    pub stack_frame_threshold: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            array_size_threshold: 16384,
            enum_variant_size_threshold: 200,
            by_value_size_threshold: 16384,
            stack_frame_threshold: 131072,
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
