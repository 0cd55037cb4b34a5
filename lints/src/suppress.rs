//! Lint levels written in the source: `#[cfg_attr(memlint, allow(memlint::LINT))]` (and
//! `warn`, `deny`, `forbid`, `expect`), the plain `#[allow(memlint::LINT)]` that nightly
//! crates with `register_tool` can write, and Clippy's equivalents
//! (`#[allow(clippy::large_stack_arrays)]`), so one attribute silences both tools.
//!
//! This is syntax-level: [`crate::scope`] records which node each attribute sits on, and
//! [`resolve`] picks the innermost one for a finding, as rustc does.

use crate::diag::{Applicability, Diagnostic, Level, Severity, Span};
use crate::lint::{self, LevelSource, Lint, LintLevels};
use crate::source::SourceMap;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;

/// The level an attribute asks for; `expect` is `allow` that must catch something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrLevel {
    Allow,
    Warn,
    Deny,
    Forbid,
    Expect,
}

/// One lint named in one level attribute.
#[derive(Clone, Debug)]
pub struct LevelAttr {
    pub lint: &'static Lint,
    pub level: AttrLevel,
    /// The lint's name inside the attribute; an unfulfilled `expect` points here.
    pub span: Span,
    /// The whole attribute, as written.
    pub attr_span: Span,
    pub written: String,
    /// Named through its Clippy equivalent: an `expect` of it is Clippy's to check.
    pub via_clippy: bool,
}

/// What one attribute contributes.
#[derive(Default)]
pub struct AttrLevels {
    pub attrs: Vec<LevelAttr>,
    /// A warning for each `memlint::` name that is no lint.
    pub unknown: Vec<Diagnostic>,
}

struct Cx<'a> {
    attr_span: Span,
    offset: usize,
    written: &'a str,
}

impl Cx<'_> {
    fn span(&self, node: &impl Spanned) -> Span {
        crate::context::span_of(self.attr_span.file, self.offset, node.span())
    }
}

/// The lint levels one attribute sets. `written` is its source text and `attr_span` where
/// it is; `offset` is the file's parse offset (see [`crate::parse::Parsed`]).
pub fn parse_attribute(
    attr: &syn::Attribute,
    written: &str,
    attr_span: Span,
    offset: usize,
) -> AttrLevels {
    let mut out = AttrLevels::default();
    let cx = Cx {
        attr_span,
        offset,
        written,
    };
    meta(&attr.meta, &cx, &mut out);
    out
}

fn meta(meta: &syn::Meta, cx: &Cx, out: &mut AttrLevels) {
    let Some(name) = meta.path().get_ident() else {
        return;
    };
    let level = match name.to_string().as_str() {
        "cfg_attr" => {
            let Some(args) = list_args(meta) else { return };
            let mut args = args.iter();
            if args.next().and_then(cfg_holds) != Some(true) {
                return;
            }
            for nested in args {
                self::meta(nested, cx, out);
            }
            return;
        }
        "allow" => AttrLevel::Allow,
        "warn" => AttrLevel::Warn,
        "deny" => AttrLevel::Deny,
        "forbid" => AttrLevel::Forbid,
        "expect" => AttrLevel::Expect,
        _ => return,
    };
    let Some(args) = list_args(meta) else { return };
    // `reason = "..."` is a name-value and skipped; rustc's own lints are one segment.
    for arg in &args {
        let syn::Meta::Path(path) = arg else { continue };
        if let Some(found) = tool_lint(path, level, cx, out) {
            out.attrs.push(found);
        }
    }
}

fn list_args(meta: &syn::Meta) -> Option<Punctuated<syn::Meta, syn::Token![,]>> {
    let syn::Meta::List(list) = meta else {
        return None;
    };
    list.parse_args_with(Punctuated::parse_terminated).ok()
}

/// Whether a `cfg_attr` predicate holds when memlint reads the crate: `memlint` is set,
/// other options are unknown (`None`), as memlint lints every configuration at once.
fn cfg_holds(pred: &syn::Meta) -> Option<bool> {
    match pred {
        syn::Meta::Path(p) => p.is_ident("memlint").then_some(true),
        syn::Meta::NameValue(_) => None,
        syn::Meta::List(list) => {
            let args: Vec<Option<bool>> = list
                .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                .ok()?
                .iter()
                .map(cfg_holds)
                .collect();
            if list.path.is_ident("any") {
                if args.contains(&Some(true)) {
                    Some(true)
                } else if args.iter().all(|a| *a == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            } else if list.path.is_ident("all") {
                if args.contains(&Some(false)) {
                    Some(false)
                } else if args.iter().all(|a| *a == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            } else if list.path.is_ident("not") {
                match args.as_slice() {
                    [one] => one.map(|b| !b),
                    _ => None,
                }
            } else {
                None
            }
        }
    }
}

/// `memlint::name` or `clippy::equivalent` as a [`LevelAttr`].
fn tool_lint(
    path: &syn::Path,
    level: AttrLevel,
    cx: &Cx,
    out: &mut AttrLevels,
) -> Option<LevelAttr> {
    let [tool, name] = [path.segments.first()?, path.segments.last()?];
    if path.segments.len() != 2 || path.leading_colon.is_some() {
        return None;
    }
    let name = crate::load::unraw(&name.ident);
    let span = cx.span(path);
    let (lint, via_clippy) = if tool.ident == "memlint" {
        match lint::find(&name) {
            Some(lint) => (lint, false),
            None => {
                out.unknown.push(unknown_lint(&name, span));
                return None;
            }
        }
    } else if tool.ident == "clippy" {
        let lint = lint::all()
            .iter()
            .copied()
            .find(|l| l.clippy_equivalent == Some(name.as_str()))?;
        (lint, true)
    } else {
        return None;
    };
    Some(LevelAttr {
        lint,
        level,
        span,
        attr_span: cx.attr_span,
        written: cx.written.to_string(),
        via_clippy,
    })
}

fn unknown_lint(name: &str, span: Span) -> Diagnostic {
    let diag = Diagnostic::plain(
        Severity::Warning,
        format!("unknown lint: `memlint::{name}`"),
        span,
    );
    match lint::suggest(name) {
        Some(near) => diag.with_suggestion(
            "did you mean",
            span,
            format!("memlint::{near}"),
            Applicability::MaybeIncorrect,
        ),
        None => diag.with_help("`cargo memlint --list` shows every lint"),
    }
}

/// A finding's level once the attributes around it are applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub level: Level,
    pub source: LevelSource,
    /// The `expect` attribute that caught the finding (it is then not shown).
    pub fulfils: Option<Span>,
}

/// The level of a finding of `lint` under `attrs` (outermost first, as
/// [`crate::scope::CrateScopes::level_attrs`] returns them). The innermost attribute wins,
/// an attribute beats configuration and the command line, nothing lowers a `forbid`, and
/// `warnings` applies last.
pub fn resolve(
    levels: &LintLevels,
    lint: &Lint,
    attrs: &[&LevelAttr],
    sources: &SourceMap,
) -> Resolved {
    let (mut level, mut source) = levels.configured(lint);
    let mut fulfils = None;
    for attr in attrs.iter().filter(|a| a.lint == lint) {
        if level == Level::Forbid {
            break;
        }
        (level, fulfils) = match attr.level {
            AttrLevel::Allow => (Level::Allow, None),
            AttrLevel::Warn => (Level::Warn, None),
            AttrLevel::Deny => (Level::Deny, None),
            AttrLevel::Forbid => (Level::Forbid, None),
            AttrLevel::Expect => (Level::Allow, Some(attr.span)),
        };
        let file = sources.get(attr.attr_span.file);
        let at = file.line_col(attr.attr_span.lo);
        source = LevelSource::Attribute {
            attr: attr.written.clone(),
            place: format!("{}:{}:{}", file.display, at.line, at.col),
        };
    }
    let (level, source) = levels.apply_warnings(level, source);
    Resolved {
        level,
        source,
        fulfils,
    }
}

/// The warning for an `expect` that caught nothing.
pub fn unfulfilled(attr: &LevelAttr) -> Diagnostic {
    Diagnostic::plain(
        Severity::Warning,
        "this lint expectation is unfulfilled",
        attr.span,
    )
    .with_note(format!(
        "no `{}` finding is in the scope of this `expect`",
        attr.lint.qualified_name()
    ))
    .with_help("remove the `expect`, or use `allow` if the finding comes and goes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, SourceFile};

    fn parse(attr: &str) -> AttrLevels {
        let text = format!("{attr}\nfn f() {{}}");
        let file: syn::File = syn::parse_str(&text).unwrap();
        let syn::Item::Fn(f) = &file.items[0] else {
            panic!()
        };
        let span = Span::new(FileId(0), 0..attr.len());
        parse_attribute(&f.attrs[0], attr, span, 0)
    }

    fn levels(attr: &str) -> Vec<(&'static str, AttrLevel, bool)> {
        parse(attr)
            .attrs
            .iter()
            .map(|a| (a.lint.name, a.level, a.via_clippy))
            .collect()
    }

    #[test]
    fn reads_every_form() {
        let lsa = "large_stack_array";
        assert_eq!(
            levels("#[cfg_attr(memlint, allow(memlint::large_stack_array))]"),
            [(lsa, AttrLevel::Allow, false)]
        );
        assert_eq!(
            levels(
                "#[cfg_attr(memlint, expect(memlint::large_stack_array, reason = \"x\"), deny(memlint::syntax_error))]"
            ),
            [
                (lsa, AttrLevel::Expect, false),
                ("syntax_error", AttrLevel::Deny, false)
            ]
        );
        assert_eq!(
            levels("#[warn(memlint::large_stack_array)]"),
            [(lsa, AttrLevel::Warn, false)]
        );
        assert_eq!(
            levels("#[allow(clippy::large_stack_arrays, unused)]"),
            [(lsa, AttrLevel::Allow, true)]
        );
        assert_eq!(
            levels("#[allow(clippy::large_stack_frames)]"),
            [("large_stack_frame", AttrLevel::Allow, true)]
        );
        assert_eq!(
            levels("#[cfg_attr(any(test, memlint), forbid(memlint::large_stack_array))]"),
            [(lsa, AttrLevel::Forbid, false)]
        );
    }

    #[test]
    fn ignores_other_configurations_and_tools() {
        assert!(levels("#[cfg_attr(test, allow(memlint::large_stack_array))]").is_empty());
        assert!(
            levels("#[cfg_attr(all(memlint, test), allow(memlint::large_stack_array))]").is_empty()
        );
        assert!(levels("#[cfg_attr(not(memlint), allow(memlint::large_stack_array))]").is_empty());
        assert!(levels("#[allow(clippy::needless_return)]").is_empty());
        assert!(levels("#[allow(rustc::large_stack_array)]").is_empty());
        assert!(levels("#[doc = \"allow(memlint::large_stack_array)\"]").is_empty());
    }

    #[test]
    fn unknown_memlint_names_are_reported_with_a_suggestion() {
        let found = parse("#[cfg_attr(memlint, allow(memlint::large_stack_arrays))]");
        assert!(found.attrs.is_empty());
        let [diag] = found.unknown.as_slice() else {
            panic!()
        };
        assert_eq!(diag.message, "unknown lint: `memlint::large_stack_arrays`");
        let fix = diag.children[0].suggestion.as_ref().unwrap();
        assert_eq!(fix.replacement, "memlint::large_stack_array");
    }

    #[test]
    fn innermost_wins_but_forbid_holds() {
        let sources = SourceMap::default();
        sources.add(SourceFile::new(
            "a.rs".into(),
            "a.rs".into(),
            "x".repeat(200),
        ));
        let lint = lint::find("large_stack_array").unwrap();
        let attr = |level| LevelAttr {
            lint,
            level,
            span: Span::new(FileId(0), 0..1),
            attr_span: Span::new(FileId(0), 0..1),
            written: String::new(),
            via_clippy: false,
        };
        let levels = LintLevels::default();
        let (deny, allow, forbid, expect) = (
            attr(AttrLevel::Deny),
            attr(AttrLevel::Allow),
            attr(AttrLevel::Forbid),
            attr(AttrLevel::Expect),
        );
        assert_eq!(
            resolve(&levels, lint, &[&deny, &allow], &sources).level,
            Level::Allow
        );
        assert_eq!(
            resolve(&levels, lint, &[&allow, &deny], &sources).level,
            Level::Deny
        );
        assert_eq!(
            resolve(&levels, lint, &[&forbid, &allow], &sources).level,
            Level::Forbid
        );
        let caught = resolve(&levels, lint, &[&deny, &expect], &sources);
        assert_eq!(
            (caught.level, caught.fulfils.is_some()),
            (Level::Allow, true)
        );
        assert_eq!(
            resolve(&levels, lint, &[&expect, &deny], &sources).fulfils,
            None
        );
    }
}
