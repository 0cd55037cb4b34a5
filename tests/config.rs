//! Configuration end to end: every source, their precedence, `--print config`, and errors
//! that name the file, line and nearest valid key.

mod scratch;

use scratch::{Project, array_fn, manifest};

/// A workspace of two members, `a` and `b`, each with a 64 KiB array, and config at every level:
/// - `memlint.toml` at the root: threshold 1 byte, large_stack_array denied, main stack 1 MiB;
/// - `[workspace.metadata.memlint]`: threshold 256 KiB (so `b`, which sets nothing, reports nothing);
/// - `a`'s `[package.metadata.memlint]`: threshold 32 KiB (so `a` reports its array).
fn layered() -> Project {
    let p = Project::new();
    p.file(
        "Cargo.toml",
        "[workspace]\nmembers = [\"a\", \"b\"]\nresolver = \"2\"\n\n\
         [workspace.metadata.memlint]\narray-size-threshold = \"256 KiB\"\n",
    );
    p.file(
        "memlint.toml",
        "array-size-threshold = 1\nmain-thread-stack-size = \"1 MiB\"\n\n[lints]\nlarge_stack_array = \"deny\"\n",
    );
    p.file(
        "a/Cargo.toml",
        &manifest(
            "a",
            "\n[package.metadata.memlint]\narray-size-threshold = \"32 KiB\"\n",
        ),
    );
    p.file("a/src/lib.rs", &array_fn("f", 64));
    p.file("b/Cargo.toml", &manifest("b", ""));
    p.file("b/src/lib.rs", &array_fn("g", 64));
    p
}

#[test]
fn package_beats_workspace_beats_memlint_toml() {
    let p = layered();
    let run = p.memlint(&["--workspace", "--message-format=short"]);
    assert_eq!(
        run.stderr,
        "a/src/lib.rs:2:15: error[memlint::large_stack_array]: this array of 65536 bytes lives on the stack\n\
         error: `a` generated 1 error\n"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn command_line_beats_every_file() {
    let p = layered();
    let run = p.memlint(&["--workspace", "--config", "array-size-threshold=128KiB"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let run = p.memlint(&[
        "--workspace",
        "-W",
        "large_stack_array",
        "--message-format=short",
    ]);
    assert!(
        run.stderr
            .contains("a/src/lib.rs:2:15: warning[memlint::large_stack_array]"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 0);
}

#[test]
fn print_config_shows_values_and_sources() {
    let p = layered();
    let run = p.memlint(&["--workspace", "--print", "config", "-W", "warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Settings and lints left at their default are listed too; compare the rest exactly,
    // so that a new lint or setting does not change this expectation.
    let chosen: String = run
        .stdout
        .lines()
        .filter(|l| !l.ends_with("# default"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        chosen,
        "# package `a`\n\
         # config files: memlint.toml, Cargo.toml, a/Cargo.toml\n\
         array-size-threshold = \"32 KiB\"      # a/Cargo.toml:7 (package.metadata.memlint)\n\
         main-thread-stack-size = \"1 MiB\"     # memlint.toml:2\n\
         \n[lints]\n\
         warnings = \"warn\"                    # `-W warnings`\n\
         large_stack_array = \"deny\"           # memlint.toml:5\n\
         \n\
         # package `b`\n\
         # config files: memlint.toml, Cargo.toml, b/Cargo.toml\n\
         array-size-threshold = \"256 KiB\"     # Cargo.toml:6 (workspace.metadata.memlint)\n\
         main-thread-stack-size = \"1 MiB\"     # memlint.toml:2\n\
         \n[lints]\n\
         warnings = \"warn\"                    # `-W warnings`\n\
         large_stack_array = \"deny\"           # memlint.toml:5\n"
    );
    let defaults = run
        .stdout
        .lines()
        .filter(|l| l.ends_with("# default"))
        .count();
    let per_package = memlint_lints::context::SETTINGS.len() + memlint_lints::lint::all().len() - 3;
    assert_eq!(defaults, 2 * per_package, "{}", run.stdout);
}

#[test]
fn printed_config_is_a_valid_memlint_toml() {
    let p = layered();
    let printed = p.memlint(&["-p", "a", "--print", "config"]).stdout;
    let q = Project::krate(&array_fn("f", 40));
    q.file("memlint.toml", &printed);
    let run = q.memlint(&["--message-format=short"]);
    assert_eq!(
        run.code, 1,
        "threshold 32 KiB and deny, read back: {}",
        run.stderr
    );
}

#[test]
fn hidden_config_file_is_found_walking_up() {
    let p = Project::new();
    p.file(".memlint.toml", "[lints]\nlarge_stack_array = \"allow\"\n");
    p.file("deep/down/demo/Cargo.toml", &manifest("demo", ""));
    p.file("deep/down/demo/src/lib.rs", &array_fn("f", 64));
    let run = p.memlint_in("deep/down/demo", &[]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let printed = p
        .memlint_in("deep/down/demo", &["--print", "config"])
        .stdout;
    // Outside the workspace, so shown in full.
    let expected = format!(
        "# config files: {}\n",
        p.path().join(".memlint.toml").display()
    );
    assert!(printed.contains(&expected), "{printed}");
}

#[test]
fn plain_memlint_toml_wins_over_the_hidden_one_beside_it() {
    let p = Project::krate(&array_fn("f", 64));
    p.file("memlint.toml", "[lints]\nlarge_stack_array = \"deny\"\n");
    p.file(".memlint.toml", "[lints]\nlarge_stack_array = \"allow\"\n");
    let run = p.memlint(&["-q"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("warning: using `"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`.memlint.toml` beside it is ignored"),
        "{}",
        run.stderr
    );
}

#[test]
fn bare_paths_read_memlint_toml_too() {
    let p = Project::new();
    p.file("memlint.toml", "array-size-threshold = \"128 KiB\"\n");
    p.file("scratch/x.rs", &array_fn("f", 64));
    assert_eq!(p.memlint(&["scratch/x.rs"]).stderr, "");
    assert!(
        p.memlint(&["scratch/x.rs", "--config", "array-size-threshold=64KiB"])
            .stderr
            .contains("65536 bytes")
    );
}

#[test]
fn warnings_level_in_a_file() {
    let p = Project::krate(&array_fn("f", 64));
    p.file("memlint.toml", "\n[lints]\nwarnings = \"deny\"\n");
    let run = p.memlint(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("= note: `-D memlint::large_stack_array` implied by `warnings = \"deny\"` in memlint.toml:3"),
        "{}",
        run.stderr
    );
}

#[test]
fn level_note_names_the_config_file() {
    let p = Project::krate(&array_fn("f", 64));
    p.file(
        "Cargo.toml",
        &manifest("demo", "\n[package.metadata.memlint.lints]\nlarge_stack_array = { level = \"deny\", priority = 1 }\n"),
    );
    let run = p.memlint(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "= note: `#[deny(memlint::large_stack_array)]` set in Cargo.toml:7 (package.metadata.memlint)"
        ),
        "{}",
        run.stderr
    );
}

fn error_of(p: &Project) -> String {
    let run = p.memlint(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    run.stderr
}

#[test]
fn unknown_keys_name_file_line_and_nearest_key() {
    let p = Project::krate(&array_fn("f", 64));
    p.file(
        "memlint.toml",
        "# settings\narray-size-treshold = \"64 KiB\"\n",
    );
    assert_eq!(
        error_of(&p),
        "error: memlint.toml:2:1: unknown key `array-size-treshold` (did you mean `array-size-threshold`?)\n"
    );
    p.file("memlint.toml", "colour = true\n");
    let keys: Vec<String> = memlint_lints::context::SETTINGS
        .iter()
        .map(|s| format!("`{}`", s.key))
        .chain(["`lints`".to_string()])
        .collect();
    assert_eq!(
        error_of(&p),
        format!(
            "error: memlint.toml:1:1: unknown key `colour` (expected one of {})\n",
            keys.join(", ")
        )
    );
    std::fs::remove_file(p.path().join("memlint.toml")).unwrap();
    p.file(
        "Cargo.toml",
        &manifest(
            "demo",
            "\n[package.metadata.memlint.lints]\nlarge_stak_array = \"deny\"\n",
        ),
    );
    assert_eq!(
        error_of(&p),
        "error: Cargo.toml:7:1: unknown lint `package.metadata.memlint.lints.large_stak_array` \
         (did you mean `large_stack_array`?)\n"
    );
    p.file(
        "Cargo.toml",
        &manifest(
            "demo",
            "\n[workspace.metadata.memlint]\nmain-stack-size = 1\n",
        ),
    );
    assert_eq!(
        error_of(&p),
        "error: Cargo.toml:7:1: unknown key `workspace.metadata.memlint.main-stack-size` \
         (did you mean `main-thread-stack-size`?)\n"
    );
}

#[test]
fn bad_values_name_file_line_and_what_is_expected() {
    let p = Project::krate(&array_fn("f", 64));
    p.file(
        "memlint.toml",
        "array-size-threshold = \"64 KB\"\ntest-thread-stack-size = \"lots\"\n",
    );
    assert_eq!(
        error_of(&p),
        "error: memlint.toml:2:26: bad value for `test-thread-stack-size`: expected a number of bytes, \
         like `65536` or `\"64 KiB\"`; got `lots`\n"
    );
    p.file("memlint.toml", "[lints]\nlarge_stack_array = \"warning\"\n");
    assert_eq!(
        error_of(&p),
        "error: memlint.toml:2:21: bad level for `lints.large_stack_array`: expected one of \"allow\", \
         \"warn\", \"deny\", \"forbid\"; got `\"warning\"` (did you mean `\"warn\"`?)\n"
    );
    p.file("memlint.toml", "lints = 3\n");
    assert_eq!(
        error_of(&p),
        "error: memlint.toml:1:9: `lints` must be a table\n"
    );
    p.file("memlint.toml", "array-size-threshold = \n");
    assert!(
        error_of(&p).starts_with("error: memlint.toml:1:"),
        "invalid TOML points at the spot"
    );
    p.file("memlint.toml", "");
    assert_eq!(p.memlint(&["--config", "array-size-threshold=big"]).code, 2);
}
