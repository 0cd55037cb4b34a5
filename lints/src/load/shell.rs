//! Declarations taken out of their trees as soon as they are parsed: a `const`, `static`,
//! `struct`, `union` or type alias at the top of a file becomes a [`Shell`] when loading
//! parses it (`parse::parse_file_with`), and the model parses its text again when it lowers
//! it ([`reparse`]), one at a time.
//!
//! Only the model reads these trees past loading, and syn's trees weigh 30 to 70 times their
//! text (a `syn::Item` alone is 480 bytes): windows-sys 0.52 read whole kept 350 MB of
//! them for 11 MB of declarations, alive until its model was built. Parsing declarations
//! again costs the model little (on regex-syntax, whose Unicode tables are constants, the
//! whole run takes no longer), as their trees are never walked.
//!
//! Item macro calls, empty impls of standard traits and `extern` blocks are dropped
//! outright ([`forgettable`]).
//!
//! A shell keeps what is read before lowering: the name, where the declaration is, whether
//! a struct's fields are named, and its `#[cfg]` attributes. Declarations whose
//! text mentions `memlint` or holds a block stay in the tree, so that no lint attribute and
//! no nested item is lost.

use crate::diag::Span;
use crate::load::unraw;
use crate::source::{FileId, LineIndex, SourceMap};
use std::ops::Range;

/// A declaration taken out of a file's items.
#[derive(Debug)]
pub struct Shell {
    /// Its place among the file's items and shells: how many of them come before it.
    pub index: usize,
    pub kind: ShellKind,
    /// Its name, unraw.
    pub name: String,
    /// Where its name is in the file's text.
    pub name_range: Range<usize>,
    /// Where it is in the file's text, from its first attribute to its last token.
    pub range: Range<usize>,
    /// Its `#[cfg]` attributes.
    pub attrs: Vec<syn::Attribute>,
    /// For a `static`, or a `const` whose value the model cannot evaluate (a table: `&[..]`,
    /// `[..]`, a struct, a string), where its type is in the file's text: only that is parsed
    /// again.
    pub ty_range: Option<Range<usize>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellKind {
    Const,
    Static,
    /// A struct, with named fields or not.
    Struct {
        named: bool,
    },
    Union,
    Alias,
}

impl Shell {
    /// Where its text is, in `file`.
    pub fn text_at(&self, file: FileId) -> Span {
        Span::new(file, self.range.clone())
    }

    /// Where its type is, when only that is to be parsed again ([`Shell::ty_range`]).
    pub fn ty_at(&self, file: FileId) -> Option<Span> {
        Some(Span::new(file, self.ty_range.clone()?))
    }
}

/// Whether loading can forget `item` at once: nothing reads it after loading, and it
/// carries no lint attribute. An item macro call with arguments that declares no module
/// (memlint does not expand macros), an impl of a standard trait without items
/// (`impl ::core::marker::Copy for T {}`), and an `extern` block (bindgen's output is mostly
/// these: 290 MB of trees in aws-lc-sys).
pub fn forgettable(item: &syn::Item) -> bool {
    match item {
        // A call without arguments may expand a `macro_rules!` of the file that declares
        // modules (`module_files`).
        syn::Item::Macro(m) => {
            m.ident.is_none()
                && !m.mac.tokens.is_empty()
                && no_lint_attrs(&m.attrs)
                && !super::mentions_mod(&m.mac.tokens)
        }
        // The call graph reads which types implement the crate's own traits.
        syn::Item::Impl(i) => i.items.is_empty() && no_lint_attrs(&i.attrs) && of_std_trait(i),
        syn::Item::ForeignMod(f) => {
            no_lint_attrs(&f.attrs)
                && f.items.iter().all(|item| match item {
                    syn::ForeignItem::Fn(i) => no_lint_attrs(&i.attrs),
                    syn::ForeignItem::Static(i) => no_lint_attrs(&i.attrs),
                    syn::ForeignItem::Type(i) => no_lint_attrs(&i.attrs),
                    _ => false,
                })
        }
        _ => false,
    }
}

/// Whether none of `attrs` can set a lint level (what `scope.rs` reads).
fn no_lint_attrs(attrs: &[syn::Attribute]) -> bool {
    const LEVELS: &[&str] = &["allow", "warn", "deny", "forbid", "expect", "cfg_attr"];
    !attrs
        .iter()
        .any(|a| LEVELS.iter().any(|level| a.path().is_ident(level)))
}

/// Whether `imp` implements a trait named from the root of a standard crate
/// (`::core::marker::Copy`), which no trait of the crate can be.
fn of_std_trait(imp: &syn::ItemImpl) -> bool {
    imp.trait_.as_ref().is_some_and(|(path, _)| {
        path.leading_colon.is_some()
            && path
                .segments
                .first()
                .is_some_and(|s| ["core", "std", "alloc"].iter().any(|c| s.ident == c))
    })
}

/// The declaration (or type) written at `at`, parsed again. `None` if it does not parse,
/// which a text that parsed in its file always does.
pub fn reparse<T: syn::parse::Parse>(sources: &SourceMap, at: Span) -> Option<T> {
    let text = sources.get(at.file).text.get(at.lo..at.hi)?;
    syn::parse_str(text).ok()
}

/// Where the type of a `static`, or of a `const` whose value is a form `LowerCx::const_expr`
/// leaves unknown, is: the rest of the item need not be parsed again.
fn type_only(item: &syn::Item, at: &Locator) -> Option<Range<usize>> {
    let (colon, eq) = match item {
        syn::Item::Static(s) => (s.colon_token.span, s.eq_token.span),
        syn::Item::Const(c) if c.generics.params.is_empty() && opaque(&c.expr) => {
            (c.colon_token.span, c.eq_token.span)
        }
        _ => return None,
    };
    let (start, end) = (at.range(colon).end, at.range(eq).start);
    (start < end).then_some(start..end)
}

fn opaque(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Paren(p) => opaque(&p.expr),
        syn::Expr::Group(g) => opaque(&g.expr),
        syn::Expr::Lit(l) => !matches!(
            l.lit,
            syn::Lit::Int(_) | syn::Lit::Bool(_) | syn::Lit::Byte(_) | syn::Lit::Char(_)
        ),
        syn::Expr::Reference(_)
        | syn::Expr::Array(_)
        | syn::Expr::Repeat(_)
        | syn::Expr::Struct(_)
        | syn::Expr::Tuple(_)
        | syn::Expr::Macro(_) => true,
        _ => false,
    }
}

/// Byte ranges in a file's text of the spans of a tree parsed from it, on the thread that
/// parsed it.
pub struct Locator<'a> {
    text: &'a str,
    lines: LineIndex,
    /// The length of the BOM, which proc-macro2 did not lex.
    offset: usize,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, offset: usize) -> Locator<'a> {
        Locator {
            text,
            lines: LineIndex::new(text),
            offset,
        }
    }

    /// Where `span` is in the file's text.
    fn range(&self, span: proc_macro2::Span) -> Range<usize> {
        let start = self.lines.start_of(self.text, self.offset, span);
        start..self.lines.end_of(self.text, self.offset, span).max(start)
    }
}

/// The shell of `item`, with `index` items and shells of its file before it, if it is a
/// declaration to shell.
pub fn shell_of(item: &syn::Item, index: usize, at: &Locator) -> Option<Shell> {
    let (kind, attrs, ident) = match item {
        syn::Item::Const(c) => (ShellKind::Const, &c.attrs, &c.ident),
        syn::Item::Static(s) => (ShellKind::Static, &s.attrs, &s.ident),
        syn::Item::Type(t) => (ShellKind::Alias, &t.attrs, &t.ident),
        syn::Item::Struct(s) if !matches!(s.fields, syn::Fields::Unit) => (
            ShellKind::Struct {
                named: matches!(s.fields, syn::Fields::Named(_)),
            },
            &s.attrs,
            &s.ident,
        ),
        syn::Item::Union(u) => (ShellKind::Union, &u.attrs, &u.ident),
        _ => return None,
    };
    let range = extent(item, at)?;
    let written = at.text.get(range.clone())?;
    // The braces of a struct's or union's fields, and no other.
    let braces = usize::from(matches!(
        kind,
        ShellKind::Struct { named: true } | ShellKind::Union
    ));
    if written.contains("memlint") || written.bytes().filter(|&b| b == b'{').count() != braces {
        return None;
    }
    Some(Shell {
        index,
        kind,
        name: unraw(ident),
        name_range: at.range(ident.span()),
        range,
        attrs: attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .cloned()
            .collect(),
        ty_range: type_only(item, at),
    })
}

/// The byte range of a declaration in its file's text, from its first attribute to its last
/// token: the extent the scope of an item has (`scope.rs`).
fn extent(item: &syn::Item, at: &Locator) -> Option<Range<usize>> {
    let (attrs, vis, keyword, close) = match item {
        syn::Item::Const(c) => (&c.attrs, &c.vis, c.const_token.span, c.semi_token.span),
        syn::Item::Static(s) => (&s.attrs, &s.vis, s.static_token.span, s.semi_token.span),
        syn::Item::Type(t) => (&t.attrs, &t.vis, t.type_token.span, t.semi_token.span),
        syn::Item::Struct(s) => {
            let close = match (&s.fields, s.semi_token) {
                (_, Some(semi)) => semi.span,
                (syn::Fields::Named(f), None) => f.brace_token.span.close(),
                _ => return None,
            };
            (&s.attrs, &s.vis, s.struct_token.span, close)
        }
        syn::Item::Union(u) => (
            &u.attrs,
            &u.vis,
            u.union_token.span,
            u.fields.brace_token.span.close(),
        ),
        _ => return None,
    };
    let first = match (attrs.first(), vis) {
        (Some(attr), _) => attr.pound_token.span,
        (None, syn::Visibility::Public(p)) => p.span,
        (None, syn::Visibility::Restricted(r)) => r.pub_token.span,
        (None, syn::Visibility::Inherited) => keyword,
    };
    let start = at.range(first).start;
    let end = at.range(close).end;
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use crate::cfg::CfgOptions;
    use crate::load::ModuleFile;
    use crate::model::CrateModel;
    use crate::parse::parse_file_with;
    use crate::scope::CrateScopes;
    use crate::source::{SourceFile, SourceMap};

    /// Declarations of every kind, with items around them and in an inline module, and the
    /// declarations that must stay whole.
    const FILE: &str = "\u{feff}//! A crate.
impl ::core::marker::Copy for Unit {}
link!(\"user32.dll\" fn GetFocus() -> isize);
pub const N: usize = 4 * LEN;
const LEN: usize = 1 << 3;
/// A table.
#[cfg(feature = \"on\")]
pub static TABLE: [u16; N] = [7; N];
pub(crate) type Pair<T> = (T, [u8; LEN]);
#[repr(C)]
pub struct Named<T> { pub a: Pair<T>, b: [u64; N] }
struct Tuple(u8, Named<u32>);
union U { a: u32, b: [u8; 6] }
pub const NAMES: &[&str; 2] = &[\"a\", \"b\"];
struct Unit;
enum E { A(Named<u8>), B }
fn f(x: Tuple) -> usize { let a = [0u8; N]; a.len() + x.0 as usize }
const BLOCK: usize = { 3 };
#[allow(memlint::large_stack_array)]
const MARKED: [u8; 3] = [0; 3];
impl ::core::marker::Copy for Tuple {}
trait Marked { fn provided(&self) {} }
impl<T> Marked for T {}
impl Clone for Tuple { fn clone(&self) -> Self { *self } }
link!(\"kernel32.dll\" fn GetLastError() -> u32);
declare! { mod hidden; }
macro_rules! m { () => {} }
#[link(name = \"c\")]
extern \"C\" { #[link_name = \"abs\"] fn c_abs(x: i32) -> i32; static errno: i32; }
extern \"C\" { #[allow(memlint::oversized_by_value)] fn marked(x: [u8; 9]); }
mod inner { pub const DEEP: u8 = 1; }
";

    fn describe(item: &syn::Item) -> String {
        match item {
            syn::Item::Struct(s) => format!("struct {}", s.ident),
            syn::Item::Enum(e) => format!("enum {}", e.ident),
            syn::Item::Fn(f) => format!("fn {}", f.sig.ident),
            syn::Item::Const(c) => format!("const {}", c.ident),
            syn::Item::Impl(_) => "impl".to_string(),
            syn::Item::Trait(t) => format!("trait {}", t.ident),
            syn::Item::Macro(m) => match &m.ident {
                Some(name) => format!("macro_rules! {name}"),
                None => "macro call".to_string(),
            },
            syn::Item::Mod(m) => format!("mod {}", m.ident),
            syn::Item::ForeignMod(_) => "extern".to_string(),
            _ => "other".to_string(),
        }
    }

    fn parsed(shell: bool) -> (SourceMap, ModuleFile) {
        let sources = SourceMap::default();
        let file = sources.add(SourceFile::new(
            "lib.rs".into(),
            "lib.rs".into(),
            FILE.into(),
        ));
        let parsed = parse_file_with(FILE, shell).unwrap();
        let module = ModuleFile {
            file,
            module: Vec::new(),
            parsed,
            declared_at: None,
        };
        (sources, module)
    }

    #[test]
    fn declarations_become_shells_and_the_rest_stays() {
        let (_, file) = parsed(true);
        let shells: Vec<(&str, usize)> = file
            .parsed
            .shells
            .iter()
            .map(|s| (s.name.as_str(), s.index))
            .collect();
        assert_eq!(
            shells,
            [
                ("N", 0),
                ("LEN", 1),
                ("TABLE", 2),
                ("Pair", 3),
                ("Named", 4),
                ("Tuple", 5),
                ("U", 6),
                ("NAMES", 7)
            ]
        );
        // Of a static, and of a const whose value is a table, only the type is parsed again.
        let retyped: Vec<&str> = file
            .parsed
            .shells
            .iter()
            .filter_map(|s| s.ty_range.clone())
            .map(|r| &FILE[r])
            .collect();
        assert_eq!(retyped, [" [u16; N] ", " &[&str; 2] "]);
        let table = &file.parsed.shells[2];
        assert_eq!(table.attrs.len(), 1, "the #[cfg], not the doc");
        assert_eq!(
            &FILE[table.range.clone()],
            "/// A table.\n#[cfg(feature = \"on\")]\npub static TABLE: [u16; N] = [7; N];"
        );
        assert_eq!(&FILE[table.name_range.clone()], "TABLE");
        let kept: Vec<String> = file.parsed.ast.items.iter().map(describe).collect();
        // A unit struct has nothing to shell; blocks and lint attributes stay in the tree;
        // an empty impl of a standard trait, a macro call that declares no module and an
        // `extern` block without lint attributes are dropped.
        assert_eq!(
            kept,
            [
                "struct Unit",
                "enum E",
                "fn f",
                "const BLOCK",
                "const MARKED",
                "trait Marked",
                "impl",
                "impl",
                "macro call",
                "macro_rules! m",
                "extern",
                "mod inner"
            ]
        );
    }

    #[test]
    fn shell_ranges_are_byte_ranges_of_the_file_with_wide_chars() {
        let long = "é".repeat(1100);
        let text = format!(
            "\u{feff}pub const É: u8 = 1; // é\n/// Ünï\npub static ТАБ: [u8; 2] = [0; 2];\n\
             const L: u8 = 2; /* {long} */ pub type Ä = (u8, [char; 1]);\n"
        );
        let parsed = parse_file_with(&text, true).unwrap();
        let found: Vec<(&str, &str, Option<&str>)> = parsed
            .shells
            .iter()
            .map(|s| {
                let ty = s.ty_range.clone().map(|r| &text[r]);
                (&text[s.range.clone()], &text[s.name_range.clone()], ty)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("pub const É: u8 = 1;", "É", None),
                (
                    "/// Ünï\npub static ТАБ: [u8; 2] = [0; 2];",
                    "ТАБ",
                    Some(" [u8; 2] ")
                ),
                ("const L: u8 = 2;", "L", None),
                ("pub type Ä = (u8, [char; 1]);", "Ä", None),
            ]
        );
    }

    #[test]
    fn a_model_with_shells_is_the_model_of_the_whole_trees() {
        let cfg = CfgOptions {
            features: Some(["on".to_string()].into_iter().collect()),
        };
        let model = |shell| {
            let (sources, file) = parsed(shell);
            let model = CrateModel::build(std::slice::from_ref(&file), &cfg, &sources);
            let items = format!("{:#?}", model.items);
            let sizes = crate::type_sizes::type_sizes(&model, "fixture");
            (items, format!("{sizes:?}"))
        };
        let (whole, shelled) = (model(false), model(true));
        assert!(whole.0.contains("Array("), "types were lowered");
        assert_eq!(whole, shelled);
    }

    #[test]
    fn shells_name_the_items_they_were() {
        let paths = |shell| {
            let (sources, file) = parsed(shell);
            let (scopes, unknown) = CrateScopes::build(std::slice::from_ref(&file), &[], &sources);
            let at = |lo: usize| crate::diag::Span::new(file.file, lo..lo + 1);
            let names = [
                "N:", "LEN:", "TABLE:", "Pair<", "Named<", "Tuple(", "U {", "DEEP:",
            ];
            let found: Vec<Option<String>> = names
                .iter()
                .map(|n| scopes.item_path(at(FILE.find(n).unwrap())))
                .collect();
            (found, unknown.len())
        };
        let shelled = paths(true);
        assert_eq!(shelled.0[3].as_deref(), Some("crate::Pair"));
        assert_eq!(shelled.0[7].as_deref(), Some("crate::inner::DEEP"));
        assert_eq!(paths(false), shelled);
    }
}
