//! `lints/README.md` is generated from the lints' doc blocks; this keeps it in step.
//! Regenerate with `SNAPSHOTS=overwrite cargo test -p memlint-lints --test readme`.

use std::path::Path;

#[test]
fn readme_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let generated = memlint_lints::docs::readme();
    if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
        std::fs::write(&path, &generated).expect("cannot write lints/README.md");
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "lints/README.md is out of date with the lints' doc blocks; regenerate it with \
         `SNAPSHOTS=overwrite cargo test -p memlint-lints --test readme`"
    );
}
