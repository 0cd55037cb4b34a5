//! `cargo memlint --print call-graph` and `--print stack-budget`, as text and as JSON.

mod scratch;

use scratch::{Project, manifest};
use serde_json::Value;

const MAIN: &str = r#"
use std::hint::black_box;

fn main() {
    let t = std::thread::spawn(|| load(0));
    t.join().unwrap();
    walk(&Node { kids: Vec::new() });
}

pub struct Node {
    kids: Vec<Node>,
}

fn walk(n: &Node) -> usize {
    n.kids.iter().map(walk).sum::<usize>() + 1
}

fn load(depth: u32) -> u8 {
    let buf = [0u8; 1 << 20];
    black_box(&buf);
    if depth > 3 { 0 } else { load(depth + 1) }
}
"#;

fn project() -> Project {
    let p = Project::new();
    p.file("Cargo.toml", &manifest("calls", ""));
    p.file("src/main.rs", MAIN);
    p
}

#[test]
fn call_graph_as_text() {
    let run = project().memlint(&["--print", "call-graph"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("crate calls (bin): 4 functions"), "{out}");
    assert!(out.contains("\nfn main "), "{out}");
    assert!(
        out.contains("thread body (thread::spawn) main::{closure}"),
        "{out}"
    );
    assert!(out.contains("-> walk"), "{out}");
    assert!(
        out.contains("(value)"),
        "`.map(walk)` passes `walk` as a value: {out}"
    );
    assert!(
        out.contains("bounded by the depth parameter `depth`"),
        "{out}"
    );
    assert!(
        out.contains("recursions with no limit on the depth:\n    walk -> walk"),
        "{out}"
    );
}

#[test]
fn call_graph_as_json() {
    let run = project().memlint(&["--print", "call-graph", "--message-format=json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one object per crate: {}", run.stdout);
    let graph: Value = serde_json::from_str(lines[0]).unwrap();
    let nodes = graph["nodes"].as_array().unwrap();
    let id = |name: &str| {
        nodes
            .iter()
            .find(|n| n["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {graph}"))["id"]
            .clone()
    };
    let load = nodes.iter().find(|n| n["name"] == "load").unwrap();
    assert_eq!(load["at"]["file"], "src/main.rs");
    assert_eq!(load["at"]["line"], 18);
    assert!(
        load["frame"]["debug"].as_u64().unwrap() >= 1 << 20,
        "{load}"
    );
    let edges = graph["edges"].as_array().unwrap();
    let self_call = edges
        .iter()
        .find(|e| e["caller"] == id("load") && e["callee"] == id("load"))
        .unwrap();
    assert_eq!(self_call["guard"], "the depth parameter `depth`");
    let recursions = graph["unbounded_recursions"].as_array().unwrap();
    assert_eq!(recursions.len(), 1);
    assert_eq!(recursions[0]["cycle"][0], id("walk"));
    let entries = graph["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{entries:?}");
}

#[test]
fn stack_budget_per_entry_point() {
    let p = project();
    let run = p.memlint(&["--print", "stack-budget"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("crate calls (bin): 2 entry points"), "{out}");
    // `main` reaches `walk`, which nothing bounds.
    assert!(
        out.contains("unbounded: reaches the recursion through `walk`"),
        "{out}"
    );
    // The thread: its closure, then `load` counted once (its recursion is bounded).
    assert!(out.contains("main::{closure} ("), "{out}");
    assert!(out.contains("-> load (1 MiB)"), "{out}");
    assert!(out.contains("of 2 MiB"), "{out}");

    let json = p.memlint(&["--print", "stack-budget", "--message-format=json"]);
    let rows: Vec<Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    let thread = rows.iter().find(|r| r["what"] == "thread::spawn").unwrap();
    assert_eq!(thread["stack"], 2 << 20);
    let total = thread["total"]["debug"].as_u64().unwrap();
    assert!((1 << 20..(1 << 20) + 4096).contains(&total), "{thread}");
    assert_eq!(thread["chain"][1]["functions"][0], "load");
    let main = rows.iter().find(|r| r["what"] == "fn main").unwrap();
    assert_eq!(main["total"], "unbounded");
}

#[test]
fn unknown_requests_suggest_the_near_one() {
    let run = project().memlint(&["--print", "call-grahp"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `call-graph`?"),
        "{}",
        run.stderr
    );
}
