//! The machine-readable formats end to end: SARIF checked against the OASIS 2.1.0 schema,
//! cargo's JSON as rust-analyzer reads it (through `cargo_metadata`), GitHub workflow
//! commands and their escaping, and the exit codes CI relies on.

mod scratch;

use scratch::{Project, array_fn, manifest};
use serde_json::Value;

/// The official OASIS SARIF 2.1.0 schema, as a validator.
pub fn sarif_validator() -> jsonschema::Validator {
    let mut schema: Value =
        serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    // The official file's two `language` patterns end in a stray `]`, which the crate's
    // check of the schema itself (draft-07 `format: regex`) rejects as ECMA-262. Those
    // patterns are escaped here, in memory; the file stays the official one.
    let fixed = fix_patterns(&mut schema);
    assert_eq!(fixed, 2, "the schema changed: revisit this fix");
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

const STRAY_BRACKET: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

fn fix_patterns(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => map
            .iter_mut()
            .map(|(key, v)| {
                if key == "pattern" && v == STRAY_BRACKET {
                    *v = STRAY_BRACKET.replace("]?$", "\\]?$").into();
                    1
                } else {
                    fix_patterns(v)
                }
            })
            .sum(),
        Value::Array(items) => items.iter_mut().map(fix_patterns).sum(),
        _ => 0,
    }
}

fn schema_errors(log: &Value) -> Vec<String> {
    sarif_validator()
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// A git repository whose crate lives in `crates/demo`, so that repository-relative and
/// workspace-relative paths differ.
fn repo_with_crate(lib: &str) -> Project {
    let p = Project::new();
    std::fs::create_dir_all(p.path().join(".git")).unwrap();
    p.file("crates/demo/Cargo.toml", &manifest("demo", ""));
    p.file("crates/demo/src/lib.rs", lib);
    p
}

#[test]
fn sarif_is_valid_and_names_every_lint() {
    let lib = format!(
        "#[path = \"odd name é.rs\"]\nmod odd;\n{}{}\n#[cfg_attr(memlint, expect(memlint::large_stack_array))]\npub fn nothing() {{}}\n",
        array_fn("a", 64),
        array_fn("b", 64)
    );
    let p = repo_with_crate(&lib);
    p.file(
        "crates/demo/src/odd name é.rs",
        "pub fn f() -> u8 { [7u8; 1 << 16][0] }\n",
    );
    let run = p.memlint_in(
        "crates/demo",
        &["--message-format=sarif", "-D", "large_stack_array"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let errors = schema_errors(&log);
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );

    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run0 = &log["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "memlint");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let lints = memlint_lints::lint::all();
    for (rule, lint) in rules.iter().zip(lints) {
        assert_eq!(rule["id"], lint.qualified_name());
        assert_eq!(rule["name"], lint.name);
        assert_eq!(rule["shortDescription"]["text"], lint.summary);
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(
            rule["help"]["text"]
                .as_str()
                .unwrap()
                .contains("### Why is this bad?")
        );
        let level = if lint.default_level.severity() == memlint_lints::diag::Severity::Error {
            "error"
        } else {
            "warning"
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
    }
    assert_eq!(
        rules.len(),
        lints.len() + 1,
        "one rule per lint, and one for memlint's own warnings"
    );

    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 4, "{results:#?}");
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let first = &results[0];
    assert_eq!(first["ruleId"], "memlint::large_stack_array");
    assert_eq!(first["level"], "error");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "crates/demo/src/lib.rs"
    );
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    // `    let buf = [0u8; 64 * 1024];` on line 4: the array spans columns 15..31.
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 4, "startColumn": 15, "endLine": 4, "endColumn": 31})
    );
    assert!(
        first["message"]["text"]
            .as_str()
            .unwrap()
            .contains("\nhelp: put it on the heap")
    );
    assert_eq!(
        first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "vec![0u8; 64 * 1024]"
    );
    let root = run0["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );

    let unfulfilled = results
        .iter()
        .find(|r| r["ruleId"] == "memlint")
        .expect("the unfulfilled expect");
    assert_eq!(unfulfilled["level"], "warning");
    let odd = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                != "crates/demo/src/lib.rs"
        })
        .unwrap();
    assert_eq!(
        odd["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "crates/demo/src/odd%20name%20%C3%A9.rs"
    );
}

#[test]
fn schema_check_rejects_a_broken_log() {
    let p = Project::krate(&array_fn("a", 64));
    let run = p.memlint(&["--message-format=sarif"]);
    let mut log: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(schema_errors(&log).is_empty());
    log["runs"][0]["results"][0]["level"] = "warn".into();
    assert!(
        !schema_errors(&log).is_empty(),
        "`warn` is not a SARIF level: the check must catch it"
    );
}

#[test]
fn exit_zero_keeps_error_findings_from_failing_the_job() {
    let p = Project::krate(&array_fn("a", 64));
    let denied = p.memlint(&["-D", "warnings", "--message-format=sarif"]);
    assert_eq!(denied.code, 1);
    let zero = p.memlint(&["-D", "warnings", "--message-format=sarif", "--exit-zero"]);
    assert_eq!(zero.code, 0, "{}", zero.stderr);
    assert_eq!(denied.stdout, zero.stdout);
    assert!(zero.stdout.contains("\"level\": \"error\""));
    // Usage errors still fail.
    assert_eq!(p.memlint(&["--exit-zero", "--message-format=nope"]).code, 2);
}

/// Exactly what rust-analyzer runs with `"rust-analyzer.check.command": "memlint"`.
fn rust_analyzer_run(p: &Project, format: &str) -> scratch::Run {
    let manifest = p.path().join("Cargo.toml");
    let target = p.path().join("target");
    p.memlint_raw(&[
        "memlint",
        "--workspace",
        &format!("--message-format={format}"),
        "--manifest-path",
        manifest.to_str().unwrap(),
        "--keep-going",
        "--all-targets",
        "--features",
        "a,b",
        "--all-features",
        "--no-default-features",
        "--target-dir",
        target.to_str().unwrap(),
    ])
}

#[test]
fn json_parses_as_cargo_messages_with_rust_analyzers_flags() {
    let p = Project::krate(&format!("mod inner;\n{}", array_fn("a", 64)));
    p.file(
        "src/inner.rs",
        "pub fn b() -> u8 { let x = [1u8; 1 << 16]; x[0] }\n",
    );
    let run = rust_analyzer_run(&p, "json");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut compiler_messages = Vec::new();
    let mut finished = None;
    for message in cargo_metadata::Message::parse_stream(run.stdout.as_bytes()) {
        match message.expect("every line parses") {
            cargo_metadata::Message::CompilerMessage(m) => compiler_messages.push(m),
            cargo_metadata::Message::BuildFinished(f) => finished = Some(f.success),
            other => panic!("unexpected message {other:?}"),
        }
    }
    assert_eq!(finished, Some(true));
    assert_eq!(compiler_messages.len(), 2);
    let files: Vec<&str> = compiler_messages
        .iter()
        .map(|m| m.message.spans[0].file_name.as_str())
        .collect();
    assert_eq!(files, ["src/inner.rs", "src/lib.rs"]);
    for m in &compiler_messages {
        assert_eq!(
            m.message.code.as_ref().unwrap().code,
            "memlint::large_stack_array"
        );
        let primary = m.message.spans.iter().filter(|s| s.is_primary).count();
        assert_eq!(primary, 1);
        assert!(m.message.spans.iter().all(|s| !s.text.is_empty()));
        let rendered = m.message.rendered.as_deref().unwrap();
        assert!(
            !rendered.contains('\x1b'),
            "plain JSON has a plain rendering"
        );
        assert!(rendered.starts_with("warning: this array"));
    }
}

#[test]
fn ansi_json_colours_the_rendering() {
    let p = Project::krate(&array_fn("a", 64));
    let run = rust_analyzer_run(&p, "json-diagnostic-rendered-ansi");
    let message = cargo_metadata::Message::parse_stream(run.stdout.as_bytes())
        .find_map(|m| match m.unwrap() {
            cargo_metadata::Message::CompilerMessage(m) => Some(m),
            _ => None,
        })
        .unwrap();
    let rendered = message.message.rendered.unwrap();
    assert!(rendered.contains("\x1b["), "{rendered:?}");
    assert_eq!(
        message.message.message,
        "this array of 65536 bytes lives on the stack"
    );
}

#[test]
fn github_commands_escape_what_the_runner_would_misread() {
    let lib = format!(
        "#[path = \"we,ird:100%.rs\"]\nmod weird;\n{}",
        array_fn("a", 64)
    );
    let p = Project::krate(&lib);
    std::fs::create_dir_all(p.path().join(".git")).unwrap();
    p.file(
        "src/we,ird:100%.rs",
        "pub fn f() -> u8 {\n    [7u8; 1 << 16][0]\n}\n",
    );
    let run = p.memlint(&["--message-format=github", "-D", "large_stack_array"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "::error file=src/lib.rs,line=4,col=15,endLine=4,endColumn=31,title=memlint%3A%3Alarge_stack_array\
         ::this array of 65536 bytes lives on the stack%0Ahelp: put it on the heap: `vec![0u8; 64 * 1024]`"
    );
    assert!(
        lines[1].starts_with(
            "::error file=src/we%2Cird%3A100%25.rs,line=2,col=5,endLine=2,endColumn=19,title=memlint%3A%3Alarge_stack_array::"
        ),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        "::notice title=memlint::memlint found 2 errors and 0 warnings"
    );
    assert_eq!(lines.len(), 3);
}

#[test]
fn github_summary_says_when_annotations_are_cut() {
    let lib: String = (0..12).map(|i| array_fn(&format!("f{i}"), 64)).collect();
    let p = Project::krate(&lib);
    let run = p.memlint(&["--message-format=github"]);
    assert_eq!(run.code, 0);
    let last = run.stdout.lines().last().unwrap();
    assert_eq!(
        last,
        "::notice title=memlint::memlint found 0 errors and 12 warnings; GitHub annotates only 10 of each per step, the job log lists them all"
    );
}

#[test]
fn multi_line_spans_leave_out_columns_on_github() {
    let p = Project::krate(
        "pub fn f() -> u8 {\n    let x = [\n        0u8;\n        1 << 16\n    ];\n    x[0]\n}\n",
    );
    let run = p.memlint(&["--message-format=github"]);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("::warning file=src/lib.rs,line=2,endLine=5,title="),
        "{first}"
    );
}
