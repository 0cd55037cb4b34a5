//! memlint's layouts of the fixture crate `tests/fixtures/layouts` against rustc's
//! (`rustc-type-sizes.tsv`, from the ground truth's `type-sizes.sh`): every type memlint
//! marks exact must be exactly what rustc computed, and no lower bound may exceed it.

use memlint_lints::cfg::CfgOptions;
use memlint_lints::load::{CrateRoots, Loader};
use memlint_lints::model::CrateModel;
use memlint_lints::source::SourceMap;
use memlint_lints::type_sizes::type_sizes;
use std::collections::HashMap;
use std::path::Path;

/// Drops lifetimes and cuts paths inside generic arguments to their last segment, as
/// `scripts/compare-type-sizes.sh` does: rustc writes `Box<std::boxed::Box<u64>>` and
/// `Pointers<'_>` where memlint writes `Box<u64>` and `Pointers`.
fn normalize(name: &str) -> String {
    let mut plain = String::new();
    let mut rest = name;
    while let Some(i) = rest.find('\'') {
        plain.push_str(&rest[..i]);
        rest = rest[i + 1..].trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
        rest = rest.strip_prefix(", ").unwrap_or(rest);
    }
    plain.push_str(rest);
    let plain = plain.replace("<>", "").replace(", >", ">");
    let Some((head, args)) = plain.split_once('<') else {
        return plain;
    };
    let mut out = format!("{head}<");
    let mut word = String::new();
    let last_segment = |w: &str| w.rsplit("::").next().unwrap_or(w).to_string();
    for c in args.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(&last_segment(&word));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&last_segment(&word));
    out
}

#[test]
fn fixture_layouts_match_rustc() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts");
    let expected = std::fs::read_to_string(dir.join("rustc-type-sizes.tsv")).unwrap();
    let mut rustc: HashMap<String, (u64, u64)> = HashMap::new();
    for line in expected.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        // Closures are not types memlint lists; `NoDrop<dyn Area>` is unsized, sizeless.
        if matches!(cols[3], "closure" | "coroutine") || cols[0].contains("dyn ") {
            continue;
        }
        rustc.insert(
            normalize(cols[0]),
            (cols[1].parse().unwrap(), cols[2].parse().unwrap()),
        );
    }

    let sources = SourceMap::default();
    let roots = CrateRoots {
        name: "layout_fixture".to_string(),
        roots: vec![(dir.join("src/lib.rs"), Vec::new())],
        cfg: CfgOptions {
            features: Some(["default", "on"].iter().map(|s| s.to_string()).collect()),
        },
        within: None,
    };
    let loaded = Loader {
        sources: &sources,
        display_base: &dir,
    }
    .load(&roots);
    assert!(loaded.diagnostics.is_empty() && loaded.read_errors.is_empty());
    let model = CrateModel::build(&loaded.files, &roots.cfg, &sources);
    let rows = type_sizes(&model, &roots.name);

    let mut exact = 0;
    let mut problems = Vec::new();
    for row in &rows {
        let Some(&(size, align)) = rustc.get(&normalize(&row.path)) else {
            continue;
        };
        match row.layout {
            Some(l) if l.exact => {
                exact += 1;
                if (l.size, l.align) != (size, align) {
                    problems.push(format!(
                        "{}: memlint {}/{}, rustc {size}/{align}",
                        row.path, l.size, l.align
                    ));
                }
            }
            Some(l) if l.size > size => problems.push(format!(
                "{}: lower bound {} above rustc's {size}",
                row.path, l.size
            )),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every type of the fixture is one memlint should size exactly; `Containers` holds a
    // `HashSet`, `BTreeMap`... all in the std table.
    assert_eq!(exact, rustc.len(), "exact: {exact} of {}", rustc.len());
}

#[test]
fn normalizing_names() {
    assert_eq!(normalize("a::Pointers<'_>"), "a::Pointers");
    assert_eq!(
        normalize("a::OptionLike<std::boxed::Box<u64>>"),
        "a::OptionLike<Box<u64>>"
    );
    assert_eq!(normalize("a::F<'_, ast::ErrorKind>"), "a::F<ErrorKind>");
    assert_eq!(normalize("a::W<[u8; 4096]>"), "a::W<[u8; 4096]>");
}
