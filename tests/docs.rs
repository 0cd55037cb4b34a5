//! `--explain` and `--list`, both from the lint registry and the lints' doc blocks.

mod scratch;

use memlint_lints::lint;
use scratch::Project;

#[test]
fn explain_prints_the_doc_block() {
    let p = Project::new();
    for lint in lint::all() {
        for spelling in [
            lint.name.to_string(),
            lint.qualified_name(),
            lint.name.replace('_', "-"),
        ] {
            let run = p.memlint(&["--explain", &spelling]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            assert!(
                run.stdout
                    .starts_with(&format!("# `{}`\n", lint.qualified_name())),
                "{}",
                run.stdout
            );
            assert!(
                run.stdout
                    .contains(&memlint_lints::docs::doc_markdown(lint))
            );
            assert!(
                run.stdout
                    .contains(&format!("Default level: {}.", lint.default_level.as_str()))
            );
        }
    }
    let via_cargo = p.memlint_raw(&["memlint", "--explain", "large_stack_array"]);
    assert!(via_cargo.stdout.contains("### Why is this bad?"));
    assert!(via_cargo.stdout.contains("`clippy::large_stack_arrays`"));
}

#[test]
fn explain_of_an_unknown_lint_suggests() {
    let run = Project::new().memlint(&["--explain", "large_stack_arrays"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: unknown lint `large_stack_arrays` (did you mean `memlint::large_stack_array`?); \
         `cargo memlint --list` shows every lint\n"
    );
}

#[test]
fn list_has_every_lint_with_level_and_summary() {
    let run = Project::new().memlint(&["--list"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), lint::all().len());
    for (line, lint) in lines.iter().zip(lint::all()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], lint.qualified_name());
        assert_eq!(words[1], lint.default_level.as_str());
        assert_eq!(words[2..].join(" "), lint.summary);
    }
}
