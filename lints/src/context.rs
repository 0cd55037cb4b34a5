//! What a lint gets to look at: the parsed files of one crate, its model, and settings.

use crate::diag::Span;
use crate::load::ModuleFile;
use crate::model::CrateModel;
use crate::source::{FileId, SourceFile, SourceMap};

/// How a setting's number is written and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingKind {
    /// A byte count: `65536` or `"64 KiB"`.
    Bytes,
    /// A plain count.
    Count,
}

/// One setting users can put in a config file or pass with `--config key=value`.
#[derive(Debug)]
pub struct Setting {
    /// kebab-case, as written in config files.
    pub key: &'static str,
    pub kind: SettingKind,
    /// One line, for `--print config` and the docs.
    pub doc: &'static str,
    pub get: fn(&Config) -> u64,
    pub set: fn(&mut Config, u64),
}

/// Declares [`Config`] and its [`SETTINGS`] table from one list, so that a new threshold is
/// one entry here and every config source (files, `--config`, `--print config`) knows it.
macro_rules! declare_settings {
    ($(
        #[doc = $doc:literal]
        $field:ident: $key:literal, $kind:ident = $default:expr;
    )*) => {
        /// Thresholds and other settings the lints read.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Config {
            $(#[doc = $doc] pub $field: u64,)*
        }

        impl Default for Config {
            fn default() -> Config {
                Config { $($field: $default,)* }
            }
        }

        /// Every setting, in the order `--print config` shows them.
        pub static SETTINGS: &[Setting] = &[$(
            Setting {
                key: $key,
                kind: SettingKind::$kind,
                doc: $doc.trim_ascii(),
                get: |c| c.$field,
                set: |c, v| c.$field = v,
            },
        )*];
    };
}

declare_settings! {
    /// Arrays (and boxed temporaries) of at least this many bytes on the stack are reported.
    array_size_threshold: "array-size-threshold", Bytes = 16 << 10;
    /// An enum's largest variant may be at most this many bytes larger than the second largest.
    enum_variant_size_threshold: "enum-variant-size-threshold", Bytes = 200;
    /// Parameters, return values and `self` of at least this many bytes passed by value are reported.
    by_value_size_threshold: "by-value-size-threshold", Bytes = 16 << 10;
    /// Functions whose estimated debug-build stack frame is at least this many bytes are reported.
    stack_frame_threshold: "stack-frame-threshold", Bytes = 128 << 10;
    /// The stack of the main thread (8 MiB on Linux, 1 MiB on Windows).
    main_thread_stack_size: "main-thread-stack-size", Bytes = 8 << 20;
    /// The stack of threads from `std::thread::spawn` and of tokio's worker threads.
    spawned_thread_stack_size: "spawned-thread-stack-size", Bytes = 2 << 20;
    /// The stack `#[test]` functions run on (the test harness spawns a thread per test).
    test_thread_stack_size: "test-thread-stack-size", Bytes = 2 << 20;
    /// `stack_overflow_risk` warns when a call chain needs more than this percentage of the stack its entry point runs on.
    stack_budget_percent: "stack-budget-percent", Count = 50;
}

/// The setting named `key` (kebab-case; `_` accepted too).
pub fn setting(key: &str) -> Option<&'static Setting> {
    let key = key.replace('_', "-");
    SETTINGS.iter().find(|s| s.key == key)
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

/// The byte offset where `span` starts in `source`, parsed with `offset`: the same as
/// `span.byte_range().start + offset`, faster when the file is ASCII.
pub fn start_in(source: &SourceFile, offset: usize, span: proc_macro2::Span) -> usize {
    source.start_of(offset, span)
}

/// Converts a syn span of `source` (parsed with `offset`, as `file`) into a [`Span`]: the same
/// as [`span_of`], faster when the text is ASCII.
pub fn span_in(source: &SourceFile, file: FileId, offset: usize, span: proc_macro2::Span) -> Span {
    let start = start_in(source, offset, span);
    let end = end_in(source, offset, span);
    Span::new(file, start..end.max(start))
}

/// Where `span` ends, as [`start_in`] says where it starts.
pub fn end_in(source: &SourceFile, offset: usize, span: proc_macro2::Span) -> usize {
    source.end_of(offset, span)
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
        span_in(
            self.cx.sources.get(self.file),
            self.file,
            self.offset,
            node.span(),
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_and_write_their_own_field() {
        let mut config = Config::default();
        for (i, s) in SETTINGS.iter().enumerate() {
            (s.set)(&mut config, 1000 + i as u64);
        }
        for (i, s) in SETTINGS.iter().enumerate() {
            assert_eq!((s.get)(&config), 1000 + i as u64, "{}", s.key);
        }
        assert_eq!(
            setting("array_size_threshold").map(|s| s.key),
            Some("array-size-threshold")
        );
    }
}
