//! `--print call-graph` and `--print stack-budget`: the call graph memlint built for each
//! crate, and for each entry point the deepest call chain and the stack it takes.
//!
//! Text for people by default; with `--message-format=json`, one JSON object per crate
//! (call graph) or per entry point (stack budget), one per line.

use crate::cli::MessageFormat;
use crate::config::Settings;
use crate::discover::Workspace;
use crate::run::on_analysis_thread;
use memlint_lints::analysis::crate_call_graph;
use memlint_lints::callgraph::budget::{Budget, Outcome, Step};
use memlint_lints::callgraph::{Analysis, FnId, NodeKind};
use memlint_lints::diag::{Span, human_bytes};
use memlint_lints::source::SourceMap;
use serde_json::{Value, json};
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum What {
    CallGraph,
    StackBudget,
}

pub fn print(
    what: What,
    ws: &Workspace,
    settings: &Settings,
    format: MessageFormat,
) -> Result<ExitCode, String> {
    let json = matches!(format, MessageFormat::Json { .. });
    let units: Vec<_> = ws
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let label = format!("{} ({})", u.roots.name, u.target.kind.join(", "));
            (label, u.roots.clone(), settings.for_unit(i).config.clone())
        })
        .collect();
    let root = ws.root.clone();
    let (lines, read_errors) = on_analysis_thread(move || {
        let sources = SourceMap::default();
        let mut lines: Vec<String> = Vec::new();
        let mut errors = Vec::new();
        for (label, roots, config) in &units {
            let (analysis, crate_errors) = crate_call_graph(roots, &sources, &root, config);
            errors.extend(crate_errors);
            let at = Places {
                sources: &sources,
                analysis: &analysis,
            };
            match (what, json) {
                (What::CallGraph, true) => lines.push(at.graph_json(label).to_string()),
                (What::CallGraph, false) => lines.push(at.graph_text(label)),
                (What::StackBudget, _) => {
                    let budgets = analysis.budgets(config);
                    if json {
                        lines.extend(budgets.iter().map(|b| at.budget_json(label, b).to_string()));
                    } else {
                        lines.push(at.budget_text(label, &budgets));
                    }
                }
            }
        }
        (lines, errors)
    })?;
    for line in &read_errors {
        eprintln!("error: {line}");
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    lines
        .iter()
        .try_for_each(|l| writeln!(out, "{l}"))
        .map_err(|e| format!("cannot write the output: {e}"))?;
    Ok(if read_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

struct Places<'a> {
    sources: &'a SourceMap,
    analysis: &'a Analysis,
}

impl Places<'_> {
    /// `src/lib.rs:12:5`
    fn place(&self, span: Span) -> String {
        let file = self.sources.get(span.file);
        let at = file.line_col(span.lo);
        format!("{}:{}:{}", file.display, at.line, at.col)
    }

    fn location(&self, span: Span) -> Value {
        let file = self.sources.get(span.file);
        let at = file.line_col(span.lo);
        json!({"file": file.display, "line": at.line, "column": at.col})
    }

    fn name(&self, f: FnId) -> &str {
        &self.analysis.graph.node(f).name
    }

    fn graph_json(&self, label: &str) -> Value {
        let g = &self.analysis.graph;
        let nodes: Vec<Value> = g
            .ids()
            .map(|f| {
                let n = g.node(f);
                let (kind, by) = match &n.kind {
                    NodeKind::Fn { .. } => ("fn", None),
                    NodeKind::Spawned { by, .. } => ("spawned", Some(*by)),
                };
                json!({
                    "id": f.0,
                    "name": n.name,
                    "path": n.path,
                    "kind": kind,
                    "spawned_by": by,
                    "at": self.location(n.span),
                    "frame": self.analysis.frames[f.index()].map(|fr| json!({
                        "debug": fr.debug, "release": fr.release, "exact": fr.exact,
                    })),
                })
            })
            .collect();
        let edges: Vec<Value> = g
            .edges
            .iter()
            .map(|e| {
                json!({
                    "caller": e.caller.0,
                    "callee": e.callee.0,
                    "kind": e.kind.as_str(),
                    "at": self.location(e.span),
                    "in_closure": e.in_closure,
                    "delegates": e.delegates,
                    "guard": e.guard.as_ref().map(|g| g.describe()),
                    "resets_depth": e.resets_depth,
                })
            })
            .collect();
        let entries: Vec<Value> = g
            .entries
            .iter()
            .map(|e| json!({"node": e.node.0, "what": e.what, "stack": format!("{:?}", e.stack)}))
            .collect();
        let recursions: Vec<Value> = self
            .analysis
            .recursions
            .unbounded
            .iter()
            .map(|r| {
                json!({
                    "members": r.members.iter().map(|f| f.0).collect::<Vec<_>>(),
                    "cycle": r.cycle.iter().map(|f| f.0).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "crate": label,
            "nodes": nodes,
            "edges": edges,
            "entries": entries,
            "unbounded_recursions": recursions,
        })
    }

    fn graph_text(&self, label: &str) -> String {
        let g = &self.analysis.graph;
        let mut out = format!(
            "crate {label}: {} functions, {} calls\n",
            g.nodes.len(),
            g.edges.len()
        );
        let width = g
            .ids()
            .map(|f| self.name(f).len())
            .max()
            .unwrap_or(0)
            .min(48);
        for f in g.ids() {
            let n = g.node(f);
            let what = match &n.kind {
                NodeKind::Fn { .. } => "fn".to_string(),
                NodeKind::Spawned { by, .. } => format!("thread body ({by})"),
            };
            out.push_str(&format!(
                "\n{what} {:width$}  {}\n",
                n.name,
                self.place(n.span)
            ));
            for e in g.calls_from(f) {
                let mut notes = Vec::new();
                if e.kind != memlint_lints::callgraph::EdgeKind::Direct {
                    notes.push(e.kind.as_str().to_string());
                }
                if e.in_closure {
                    notes.push("in a closure".to_string());
                }
                if let Some(guard) = &e.guard {
                    notes.push(format!("bounded by {}", guard.describe()));
                }
                if e.resets_depth {
                    notes.push("resets the depth".to_string());
                }
                out.push_str(&format!(
                    "    -> {:width$}  {}{}\n",
                    self.name(e.callee),
                    self.place(e.span),
                    if notes.is_empty() {
                        String::new()
                    } else {
                        format!("  ({})", notes.join(", "))
                    }
                ));
            }
        }
        if !g.entries.is_empty() {
            out.push_str("\nentry points:\n");
            for e in &g.entries {
                out.push_str(&format!(
                    "    {}  ({}, {})\n",
                    self.name(e.node),
                    e.what,
                    self.place(e.at.unwrap_or(g.node(e.node).span))
                ));
            }
        }
        let unbounded = &self.analysis.recursions.unbounded;
        if !unbounded.is_empty() {
            out.push_str("\nrecursions with no limit on the depth:\n");
            for r in unbounded {
                let cycle: Vec<&str> = r.cycle.iter().map(|&f| self.name(f)).collect();
                out.push_str(&format!(
                    "    {} -> {}{}\n",
                    cycle.join(" -> "),
                    cycle[0],
                    if r.members.len() > r.cycle.len() {
                        format!("  ({} functions in all)", r.members.len())
                    } else {
                        String::new()
                    }
                ));
            }
        }
        out
    }

    fn step(&self, s: &Step) -> String {
        let names: Vec<&str> = s.fns.iter().map(|&f| self.name(f)).collect();
        let names = if names.len() == 1 {
            names[0].to_string()
        } else {
            format!("[{}]", names.join(", "))
        };
        if self.analysis.has_frames() {
            format!(
                "{names} ({}{})",
                if s.exact { "" } else { ">= " },
                human_bytes(s.debug)
            )
        } else {
            names
        }
    }

    fn budget_json(&self, label: &str, b: &Budget) -> Value {
        let g = &self.analysis.graph;
        let step = |s: &Step| {
            json!({
                "functions": s.fns.iter().map(|&f| self.name(f)).collect::<Vec<_>>(),
                "at": s.call.map(|c| self.location(g.edges[c].span)),
                "debug": self.analysis.has_frames().then_some(s.debug),
                "release": self.analysis.has_frames().then_some(s.release),
                "exact": s.exact,
            })
        };
        let (total, chain) = match &b.outcome {
            Outcome::Bounded {
                chain,
                debug,
                release,
                exact,
            } => (
                self.analysis
                    .has_frames()
                    .then(|| json!({"debug": debug, "release": release, "exact": exact})),
                chain,
            ),
            Outcome::Unbounded { chain, .. } => (Some(json!("unbounded")), chain),
        };
        json!({
            "crate": label,
            "entry": self.name(b.entry.node),
            "what": b.entry.what,
            "at": self.location(b.entry.at.unwrap_or(g.node(b.entry.node).span)),
            "stack": b.stack,
            "total": total,
            "chain": chain.iter().map(step).collect::<Vec<_>>(),
        })
    }

    fn budget_text(&self, label: &str, budgets: &[Budget]) -> String {
        let g = &self.analysis.graph;
        let mut out = format!(
            "crate {label}: {} entry point{}\n",
            budgets.len(),
            if budgets.len() == 1 { "" } else { "s" }
        );
        if !self.analysis.has_frames() {
            out.push_str("(frame sizes are not known: chains are shown without totals)\n");
        }
        for b in budgets {
            let at = self.place(b.entry.at.unwrap_or(g.node(b.entry.node).span));
            let (total, chain) = match &b.outcome {
                Outcome::Bounded {
                    chain,
                    debug,
                    release,
                    exact,
                } if self.analysis.has_frames() => {
                    let bound = if *exact { "" } else { "at least " };
                    (
                        format!(
                            "{bound}{} debug, {bound}{} release, of {} ({}% in debug)",
                            human_bytes(*debug),
                            human_bytes(*release),
                            human_bytes(b.stack),
                            u128::from(*debug) * 100 / u128::from(b.stack.max(1)),
                        ),
                        chain,
                    )
                }
                Outcome::Bounded { chain, .. } => {
                    (format!("stack {}", human_bytes(b.stack)), chain)
                }
                Outcome::Unbounded { chain, recursion } => {
                    let r = &self.analysis.recursions.unbounded[*recursion];
                    (
                        format!(
                            "unbounded: reaches the recursion through `{}`",
                            self.name(r.cycle[0])
                        ),
                        chain,
                    )
                }
            };
            let steps: Vec<String> = chain.iter().map(|s| self.step(s)).collect();
            out.push_str(&format!(
                "\n{} ({}, {at})\n    {total}\n    {}\n",
                self.name(b.entry.node),
                b.entry.what,
                steps.join(" -> ")
            ));
        }
        out
    }
}
