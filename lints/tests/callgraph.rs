//! The call graph of the fixture crate `tests/fixtures/callgraph`: every shape of call it
//! resolves, and the calls it must leave out.

use memlint_lints::analysis::crate_call_graph;
use memlint_lints::callgraph::{Analysis, EdgeKind, NodeKind, Stack};
use memlint_lints::cfg::CfgOptions;
use memlint_lints::context::Config;
use memlint_lints::load::CrateRoots;
use memlint_lints::source::SourceMap;
use std::path::Path;

fn fixture() -> Analysis {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/callgraph");
    let roots = CrateRoots {
        name: "callgraph_fixture".to_string(),
        roots: vec![(dir.join("src/lib.rs"), Vec::new())],
        cfg: CfgOptions::default(),
        within: None,
    };
    let sources = SourceMap::default();
    let (analysis, errors) = crate_call_graph(&roots, &sources, &dir, &Config::default());
    assert!(errors.is_empty(), "{errors:?}");
    analysis
}

/// The calls from `caller` (a path from the crate root) as `callee path (kind)`.
fn calls(a: &Analysis, caller: &str) -> Vec<String> {
    let g = &a.graph;
    let ids: Vec<_> = g
        .find(caller)
        .into_iter()
        .filter(|&f| g.node(f).path == caller)
        .collect();
    assert_eq!(ids.len(), 1, "one node named {caller}: {ids:?}");
    let mut out: Vec<String> = g
        .calls_from(ids[0])
        .map(|e| format!("{} ({})", g.node(e.callee).path, e.kind.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn free_functions_through_imports() {
    let a = fixture();
    assert_eq!(calls(&a, "uses_rename"), ["a::helper (direct)"]);
    assert_eq!(
        calls(&a, "uses_glob"),
        ["b::c::deep (direct)", "b::in_b (direct)"]
    );
    assert_eq!(calls(&a, "uses_crate_path"), ["a::helper (direct)"]);
    assert_eq!(calls(&a, "a::helper"), ["b::in_b (direct)"]);
    assert_eq!(
        calls(&a, "a::calls_sibling_by_super"),
        ["uses_rename (direct)"]
    );
    assert_eq!(
        calls(&a, "b::c::deep"),
        [
            "b::c::leaf (direct)",
            "b::in_b (direct)",
            "b::nested_fn (direct)"
        ]
    );
    assert_eq!(calls(&a, "b::nested_fn"), ["b::nested_fn::inner (direct)"]);
}

#[test]
fn associated_functions_and_methods() {
    let a = fixture();
    assert_eq!(calls(&a, "Node::new"), ["Node::empty (direct)"]);
    assert_eq!(calls(&a, "Node::empty"), ["Node::with (direct)"]);
    // `child` from `for child in &self.children`, `next` from `if let Some(next)`.
    assert_eq!(calls(&a, "Node::count"), ["Node::count (direct)"]);
    assert_eq!(
        calls(&a, "<Node as Visit>::visit"),
        ["Node::count (direct)"]
    );
}

#[test]
fn functions_passed_as_values() {
    let a = fixture();
    assert_eq!(calls(&a, "Node::total"), ["Node::count (value)"]);
    assert_eq!(
        calls(&a, "combinators"),
        ["alt (direct)", "parse_a (value)", "parse_b (value)"]
    );
    assert!(calls(&a, "stores").is_empty());
}

#[test]
fn closures_belong_to_their_function() {
    let a = fixture();
    // `c` in `self.children.iter().map(|c| c.count())` is a `&Node`.
    assert_eq!(calls(&a, "Node::sizes"), ["Node::count (direct)"]);
    // `n` has no type memlint knows: `weigh` is not followed, though only `Node` has it.
    assert!(calls(&a, "by_name").is_empty());
    assert_eq!(calls(&a, "in_closure"), ["a::helper (direct)"]);
    let g = &a.graph;
    let in_closure = g.find("in_closure")[0];
    assert!(g.calls_from(in_closure).all(|e| e.in_closure));
    // A local closure named like a function shadows it.
    assert!(calls(&a, "shadowed").is_empty());
}

#[test]
fn trait_methods_reach_every_impl() {
    let a = fixture();
    let both = [
        "<Leaf as Visit>::visit (dynamic)",
        "<Node as Visit>::visit (dynamic)",
    ];
    assert_eq!(calls(&a, "walk"), both);
    assert_eq!(calls(&a, "walk_dyn"), both);
    assert_eq!(calls(&a, "walk_path"), both);
    assert_eq!(calls(&a, "Visit::visit_twice"), both);
    // A receiver of unknown type reaches the crate's traits in scope, and only those.
    assert_eq!(calls(&a, "unknown_receiver"), both);
    assert_eq!(calls(&a, "a::imports_it::unknown_receiver"), both);
    assert!(calls(&a, "a::unknown_receiver").is_empty());
}

#[test]
fn other_crates_leave_the_graph() {
    let a = fixture();
    assert!(calls(&a, "external").is_empty());
    assert_eq!(calls(&a, "parse_b"), Vec::<String>::new());
}

#[test]
fn entry_points_and_threads() {
    let a = fixture();
    let g = &a.graph;
    let entries: Vec<String> = g
        .entries
        .iter()
        .map(|e| format!("{} {} {:?}", g.node(e.node).path, e.what, e.stack))
        .collect();
    assert!(
        entries.contains(&"a_test #[test] Test".to_string()),
        "{entries:?}"
    );
    assert!(
        entries.contains(&"main fn main Main".to_string()),
        "{entries:?}"
    );
    assert!(
        entries.contains(&"a::helper thread::spawn Spawned".to_string()),
        "{entries:?}"
    );
    // Spawned closures are nodes of their own; their calls are not their parent's.
    assert!(calls(&a, "spawns").is_empty());
    let closures: Vec<_> = g
        .ids()
        .filter(|&f| matches!(g.node(f).kind, NodeKind::Spawned { .. }))
        .collect();
    assert_eq!(closures.len(), 2);
    let stacks: Vec<Stack> = g
        .entries
        .iter()
        .filter(|e| closures.contains(&e.node))
        .map(|e| e.stack)
        .collect();
    assert_eq!(stacks, [Stack::Spawned, Stack::Bytes(8 << 20)]);
    let callees: Vec<String> = closures
        .iter()
        .flat_map(|&c| g.calls_from(c).map(|e| g.node(e.callee).path.clone()))
        .collect();
    assert_eq!(callees, ["a::helper", "b::in_b"]);
}

#[test]
fn edge_kinds_are_named() {
    assert_eq!(EdgeKind::Dynamic.as_str(), "dynamic");
}
