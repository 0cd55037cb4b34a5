//! In-source levels across files: an attribute on `mod foo;` covers `foo.rs` and its own
//! modules, the crate root's `#![..]` covers every file, a module file's `#![..]` covers
//! only that module. (Each form on one file is in `ui-tests/suppression/`.)

mod scratch;

use scratch::{Project, array_fn};

fn findings(p: &Project) -> Vec<String> {
    let run = p.memlint(&["--message-format=short", "-q"]);
    run.stderr
        .lines()
        .map(|l| l.split(": ").next().unwrap().to_string())
        .collect()
}

#[test]
fn attribute_on_a_mod_declaration_covers_its_files() {
    let p = Project::krate(&format!(
        "#[cfg_attr(memlint, allow(memlint::large_stack_array))]\nmod quiet;\nmod loud;\n{}",
        array_fn("root", 64)
    ));
    p.file(
        "src/quiet.rs",
        &format!("mod deeper;\n{}", array_fn("q", 64)),
    );
    p.file("src/quiet/deeper.rs", &array_fn("d", 64));
    p.file("src/loud.rs", &array_fn("l", 64));
    assert_eq!(findings(&p), ["src/lib.rs:5:15", "src/loud.rs:2:15"]);
}

#[test]
fn crate_level_attribute_covers_every_file_and_module_files_can_override() {
    let p = Project::krate(&format!(
        "#![cfg_attr(memlint, allow(memlint::large_stack_array))]\nmod a;\nmod b;\n{}",
        array_fn("root", 64)
    ));
    p.file("src/a.rs", &array_fn("a", 64));
    p.file(
        "src/b.rs",
        &format!(
            "#![cfg_attr(memlint, deny(memlint::large_stack_array))]\nmod c;\n{}",
            array_fn("b", 64)
        ),
    );
    p.file("src/b/c.rs", &array_fn("c", 64));
    let run = p.memlint(&["--message-format=short", "-q"]);
    assert_eq!(
        run.stderr,
        "src/b.rs:4:15: error[memlint::large_stack_array]: this array of 65536 bytes lives on the stack\n\
         src/b/c.rs:2:15: error[memlint::large_stack_array]: this array of 65536 bytes lives on the stack\n"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn expect_on_a_mod_declaration_is_fulfilled_by_its_file() {
    let p = Project::krate(
        "#[cfg_attr(memlint, expect(memlint::large_stack_array))]\nmod caught;\n\
         #[cfg_attr(memlint, expect(memlint::large_stack_array))]\nmod clean;\n",
    );
    p.file("src/caught.rs", &array_fn("c", 64));
    p.file("src/clean.rs", "pub fn f() {}\n");
    let run = p.memlint(&["--message-format=short", "-q"]);
    assert_eq!(
        run.stderr,
        "src/lib.rs:3:28: warning: this lint expectation is unfulfilled\n"
    );
}

#[test]
fn suppressed_findings_are_left_out_of_every_format() {
    let p = Project::krate(&format!(
        "#[cfg_attr(memlint, allow(memlint::large_stack_array))]\n{}",
        array_fn("quiet", 64)
    ));
    let json = p.memlint(&["--message-format=json"]).stdout;
    assert_eq!(json, "{\"reason\":\"build-finished\",\"success\":true}\n");
    let sarif: serde_json::Value =
        serde_json::from_str(&p.memlint(&["--message-format=sarif"]).stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    let github = p.memlint(&["--message-format=github"]).stdout;
    assert_eq!(
        github,
        "::notice title=memlint::memlint found nothing to report\n"
    );
}

#[test]
fn syntax_errors_in_module_files_follow_the_attributes_around_them() {
    let p = Project::krate(
        "#[cfg_attr(memlint, allow(memlint::syntax_error))]\nmod nightly;\nmod broken;\n",
    );
    p.file("src/nightly.rs", "pub fn f() { let x = ; }\n");
    p.file("src/broken.rs", "pub fn g( {}\n");
    let run = p.memlint(&["--message-format=short", "-q"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("nightly.rs"), "{}", run.stderr);
    assert!(run.stderr.starts_with("src/broken.rs:1:"), "{}", run.stderr);
}
