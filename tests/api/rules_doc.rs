//! `docs/rules.md` is generated from the rule catalogue and must not drift from it.
//! Regenerate with `UPDATE_DOCS=1 cargo test rules_doc`.

use crate::support::crate_root;

#[test]
fn docs_rules_md_matches_the_catalogue() {
    let path = crate_root().join("docs/rules.md");
    let expected = mentor::rules::reference_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("write docs/rules.md");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is out of date with src/rules; run `UPDATE_DOCS=1 cargo test rules_doc`"
    );
}

#[test]
fn mentor_rules_markdown_prints_the_reference() {
    let output = crate::support::run_in(crate_root(), &["rules", "--format", "markdown"]);
    assert_eq!(output.status, 0);
    assert_eq!(output.stdout, mentor::rules::reference_markdown());
}
