//! A crate's files walked and linted on two threads, for a crate analysed while another
//! core idles (the last one of a run, the only one, or one that no other fits beside).
//!
//! The crate's thread keeps the first files, a thread of its own takes the rest. Each runs
//! the shared body walk and the tree lints over its files with its own copy of the model's
//! memos and its own cache of macro bodies; the crate's thread then joins the two walks, as
//! if one walk had gone through all the files, and runs the lints on frames and calls while
//! the other thread is still at its tree lints. Findings come in the order one thread gives.
//!
//! Syntax trees are `!Send` for two reasons, both handled here: tokens share `Rc`s, and
//! spans index a per-thread table. Files never share tokens (each is lexed from its own
//! text), and between the spawn and the join each file is touched by one thread only. The
//! other thread first rebuilds the span table of the crate's thread for its files
//! ([`span_table::mirror`], from the position each file was lexed at); if it cannot, it
//! touches no tree, and the crate's thread walks those files after its own.

use super::{Walked, report, tree_lints, walk_bodies};
use crate::context::LintContext;
use crate::diag::Diagnostic;
use crate::load::{ModuleFile, Unparsed};
use crate::scope::CrateScopes;
use crate::span_table;
use crate::timings::Timings;

/// Where to split `cx.files`: the crate's thread keeps the files before it, about 45% of
/// the work (it also joins the walks and runs the lints on frames and calls), and the
/// other thread takes the rest. `None` when there is nothing to share, or when a file of
/// the other share has no known position in the span table.
pub(super) fn point(cx: &LintContext) -> Option<usize> {
    let weight = |f: &ModuleFile| walk_weight(f, &cx.sources.get(f.file).text);
    let weights: Vec<usize> = cx.files.iter().map(weight).collect();
    let total: usize = weights.iter().sum();
    let mut kept = 0;
    let at = weights.iter().position(|w| {
        kept += w;
        kept * 20 >= total * 9
    })? + 1;
    let theirs = &cx.files[at..];
    let placed = theirs.iter().all(|f| f.parsed.table_pos.is_some());
    (!theirs.is_empty() && placed).then_some(at)
}

/// How much walking and linting a file takes, roughly: the bytes of its function bodies
/// (of impls and traits whole), and an eighth of the other bytes. Tables of constants, a
/// large part of the source of some crates, are only searched for lint attributes, which
/// is quick (measured on regex-syntax); item macros are not looked into.
fn walk_weight(file: &ModuleFile, text: &str) -> usize {
    fn len(span: proc_macro2::Span) -> usize {
        span.byte_range().len()
    }
    fn bodies(items: &[syn::Item]) -> usize {
        items
            .iter()
            .map(|item| match item {
                syn::Item::Fn(f) => len(f.block.brace_token.span.join()),
                syn::Item::Impl(i) => len(i.brace_token.span.join()),
                syn::Item::Trait(t) => len(t.brace_token.span.join()),
                syn::Item::Mod(m) => m.content.as_ref().map_or(0, |(_, items)| bodies(items)),
                _ => 0,
            })
            .sum()
    }
    let bodies = bodies(&file.parsed.ast.items).min(text.len());
    bodies + (text.len() - bodies) / 8
}

/// [`super::check_crate`] with `cx.files[at..]` walked and linted on another thread.
pub(super) fn check(
    cx: &LintContext,
    unparsed: &[Unparsed],
    at: usize,
    out: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> CrateScopes {
    let (mine, theirs) = cx.files.split_at(at);
    let model = cx.model.detached();
    let (sources, config) = (cx.sources, cx.config);
    let lent = Lent(theirs);
    let can_mirror = mirror_allowed();
    let (send, receive) = std::sync::mpsc::channel::<Walked>();
    let (walked, mut trees, other) = std::thread::scope(|s| {
        let other = std::thread::Builder::new()
            .name("memlint-files".into())
            .stack_size(stack())
            .spawn_scoped(s, move || {
                let files = lent.files();
                if !can_mirror || !mirror(files, sources) {
                    return None;
                }
                let cx = LintContext {
                    files,
                    model: &model,
                    sources,
                    config,
                };
                let macro_bodies = crate::macro_bodies::Cache::enter();
                let mut took = Timings::default();
                send.send(walk_bodies(&cx, &mut took)).ok()?;
                let trees = tree_lints(&cx, &[], &mut took);
                drop(macro_bodies);
                Some((trees, took))
            });
        let here = LintContext { files: mine, ..*cx };
        let mut walk = walk_bodies(&here, timings);
        let trees = tree_lints(&here, unparsed, timings);
        // Their walk comes before their tree lints: the lints on frames and calls run
        // here meanwhile. No walk means the thread touches none of their trees.
        let walked = match receive.recv() {
            Ok(theirs) => {
                walk.append(theirs);
                Ok(walk.lint(cx, timings))
            }
            Err(_) => Err(walk),
        };
        let other = other
            .ok()
            .and_then(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (walked, trees, other)
    });
    let there = LintContext {
        files: theirs,
        ..*cx
    };
    let found = match walked {
        Ok(found) => {
            match other {
                Some((their_trees, took)) => {
                    trees.append(their_trees);
                    timings.merge(&took);
                }
                None => trees.append(tree_lints(&there, &[], timings)),
            }
            found
        }
        // The thread did not start, or could not read their trees.
        Err(mut walk) => {
            walk.append(walk_bodies(&there, timings));
            trees.append(tree_lints(&there, &[], timings));
            walk.lint(cx, timings)
        }
    };
    report(out, found, trees)
}

/// The files of the other share, lent to its thread.
struct Lent<'f>(&'f [ModuleFile]);

impl<'f> Lent<'f> {
    /// Taking the whole wrapper into the thread's closure (not its field).
    fn files(self) -> &'f [ModuleFile] {
        self.0
    }
}

// SAFETY: between the spawn and the join, only the thread the files are lent to touches
// their trees (the crate's thread walks the other files, and the model it shares owns plain
// data); no token of these files is shared with another file's; and their spans are read
// only after that thread has mirrored the span table of the thread that parsed them.
unsafe impl Send for Lent<'_> {}

/// The span table of the crate's thread rebuilt on this thread for `files`.
fn mirror(files: &[ModuleFile], sources: &crate::source::SourceMap) -> bool {
    let placed = files.iter().map(|f| {
        let pos = f.parsed.table_pos.expect("split::point checks positions");
        (pos, sources.get(f.file).text.as_str())
    });
    span_table::mirror(placed)
}

/// False when a test has the other thread find its span table unreadable.
fn mirror_allowed() -> bool {
    #[cfg(test)]
    if tests::MIRROR_FAILS.get() {
        return false;
    }
    true
}

/// The stack of the other thread: it walks trees, as the crate's thread does.
fn stack() -> usize {
    #[cfg(test)]
    if let Some(size) = super::tests::STACK.get() {
        return size;
    }
    crate::ANALYSIS_STACK
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::check_crate;
    use crate::lints::tests::{EVERY_LINT, EVERY_LINT_FINDS, STACK};
    use crate::test_crate::TestCrate;

    thread_local! {
        /// Has the other thread find its span table unreadable.
        pub(super) static MIRROR_FAILS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Every lint finds something in `a` and in `b`, and a recursion goes through `lib.rs`
    /// and `b`: whatever the split, both threads find something and calls cross it.
    fn krate() -> TestCrate {
        let a = format!("{EVERY_LINT} #[allow(memlint::not_a_lint)] pub fn odd() {{}}");
        let b = format!(
            "{a}
            pub fn visit_b(n: &crate::a::Node) -> usize {{ crate::visit(n) }}
            pub fn each<T: Copy>(t: T) -> usize {{ (0..4).map(|_| {{ let c = [t; 64]; c.len() }}).sum() }}
            pub fn outer<U: Copy>(u: U) -> usize {{ each([u; 2]) }}
            pub fn use_outer() -> usize {{ outer(7u64) }}
            pub fn grow(n: &crate::a::Node) -> usize {{
                stacker::maybe_grow(1 << 15, 1 << 20, || n.kids.iter().map(|k| grow(k)).sum())
            }}
            pub fn start() {{ std::thread::spawn(|| use_outer()); }}"
        );
        TestCrate::with_modules(
            "mod a; mod b;
            pub fn visit(n: &a::Node) -> usize { n.kids.iter().map(b::visit_b).sum() }",
            &[("a", &a), ("b", &b)],
        )
    }

    /// Each finding, with the item it is in.
    fn with_scopes(found: &[Diagnostic], scopes: &CrateScopes) -> Vec<String> {
        let path = |d: &Diagnostic| scopes.item_path(d.primary.span);
        found
            .iter()
            .map(|d| format!("{d:?} in {:?}", path(d)))
            .collect()
    }

    /// What one thread finds, walking every file.
    fn alone(krate: &TestCrate) -> Vec<String> {
        let mut out = Vec::new();
        let scopes = check_crate(&krate.cx(), &[], &mut out, &mut Timings::default(), false);
        with_scopes(&out, &scopes)
    }

    fn split_at(krate: &TestCrate, at: usize) -> Vec<String> {
        let mut out = Vec::new();
        let scopes = check(&krate.cx(), &[], at, &mut out, &mut Timings::default());
        with_scopes(&out, &scopes)
    }

    #[test]
    fn files_walked_on_two_threads_give_the_findings_of_one_in_its_order() {
        let krate = krate();
        let alone = alone(&krate);
        for lint in EVERY_LINT_FINDS {
            let files = |f: &str| alone.iter().any(|d| d.contains(lint) && d.contains(f));
            assert!(files("FileId(1)") && files("FileId(2)"), "{lint}");
        }
        assert!(alone.iter().any(|d| d.contains("`visit`")));
        let unknown = |f: &str| {
            alone
                .iter()
                .any(|d| d.contains("not_a_lint") && d.contains(f))
        };
        assert!(unknown("FileId(1)") && unknown("FileId(2)"));
        assert!(
            alone
                .iter()
                .any(|d| d.ends_with("in Some(\"crate::b::fill\")"))
        );
        for at in 1..krate.files.len() {
            assert_eq!(split_at(&krate, at), alone, "split at {at}");
        }
        let mut out = Vec::new();
        let scopes = check_crate(&krate.cx(), &[], &mut out, &mut Timings::default(), true);
        assert_eq!(
            with_scopes(&out, &scopes),
            alone,
            "check_crate with a spare thread"
        );
    }

    #[test]
    fn walks_of_the_two_shares_joined_are_one_walk_of_all_the_files() {
        let krate = krate();
        let cx = krate.cx();
        let graph_and_frames = |walk: Walked| {
            let frames = crate::frames::estimate_walked(&cx, walk.frames);
            let graph = walk.calls.finish(cx.model);
            (format!("{frames:?}"), format!("{graph:?}"))
        };
        let one = graph_and_frames(walk_bodies(&cx, &mut Timings::default()));
        // Indices that must survive the join: a closure's parent, and the body that asks
        // for an instantiation (`outer::<u64>` asks for `each::<[u64; 2]>` in its own terms).
        assert!(one.0.contains("b::each::{closure#0}"), "{}", one.0);
        assert!(one.0.contains("b::each::<[u64; 2]>"), "{}", one.0);
        // And in the graph: the call a recursion sits in (`stacker::maybe_grow`), and the
        // closure a thread starts with.
        assert!(one.1.contains("Stacker"), "{}", one.1);
        assert!(one.1.contains("Spawned"), "{}", one.1);
        for at in 1..krate.files.len() {
            let (mine, theirs) = krate.files.split_at(at);
            let mut walk = walk_bodies(&LintContext { files: mine, ..cx }, &mut Timings::default());
            walk.append(walk_bodies(
                &LintContext {
                    files: theirs,
                    ..cx
                },
                &mut Timings::default(),
            ));
            assert_eq!(graph_and_frames(walk), one, "split at {at}");
        }
    }

    #[test]
    fn when_the_other_thread_cannot_start_or_read_its_trees_its_files_are_walked_here() {
        let krate = krate();
        let alone = alone(&krate);
        STACK.set(Some(usize::MAX - (1 << 20)));
        let unstarted = split_at(&krate, 1);
        STACK.set(None);
        assert_eq!(unstarted, alone);
        MIRROR_FAILS.set(true);
        let unreadable = split_at(&krate, 1);
        MIRROR_FAILS.set(false);
        assert_eq!(unreadable, alone);
    }

    #[test]
    fn the_split_weighs_function_bodies_and_keeps_files_without_a_position_here() {
        let body = format!(
            "pub fn f(x: u32) -> u32 {{ {} 0 }}",
            "let _ = x + 1; ".repeat(60)
        );
        let table = format!("pub const T: [u32; 2000] = [{}];", "7, ".repeat(2000));
        let krate = TestCrate::with_modules(
            "mod a; mod b; mod c;",
            &[("a", &table), ("b", &body), ("c", &body)],
        );
        // The table is most of the source but little of the work: `lib.rs` and `a` are not
        // 45% of it (they would be by bytes), and `b` makes them over.
        let bytes: Vec<usize> = krate
            .files
            .iter()
            .map(|f| krate.sources.get(f.file).text.len())
            .collect();
        assert!(bytes[1] > bytes[2] + bytes[3], "{bytes:?}");
        assert_eq!(point(&krate.cx()), Some(3));
        let mut krate = krate;
        krate.files[3].parsed.table_pos = None;
        assert_eq!(point(&krate.cx()), None);
        assert_eq!(point(&TestCrate::new(EVERY_LINT).cx()), None);
    }
}
