//! `mentor fmt`: every program in `programs/` is a fixed point, messy fixtures format to the
//! reviewed snapshots, a whitespace-mangled reference program formats back to the exact file,
//! and formatting keeps the syntax tree and is idempotent for any whitespace.

mod cli;
mod mangle;

use mentor::format::{FormatError, format_source};

use crate::support::{crate_root, mentor_files};

/// Formats `text`, failing the test with the reason when the formatter refuses.
pub(crate) fn fmt(text: &str) -> String {
    match format_source(text) {
        Ok(formatted) => formatted,
        Err(FormatError::Syntax(diagnostics)) => {
            let messages: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
            panic!("syntax errors: {messages:#?}")
        }
        Err(FormatError::Internal(message)) => panic!("formatter refused: {message}"),
    }
}

fn relative(path: &std::path::Path) -> String {
    path.strip_prefix(crate_root())
        .expect("under the crate root")
        .display()
        .to_string()
}

#[test]
fn every_program_is_a_fixed_point() {
    let files = mentor_files(&crate_root().join("programs"));
    assert!(files.len() >= 3, "{files:?}");
    for path in files {
        let name = relative(&path);
        let text = std::fs::read_to_string(&path).expect("read the program");
        let formatted = fmt(&text);
        assert!(
            formatted == text,
            "{name} is not fmt-clean; run `mentor fmt {name}`"
        );
        assert_eq!(fmt(&formatted), formatted, "{name}: idempotent");
    }
}

#[test]
fn the_reference_program_is_clean() {
    let text = crate::support::reference_text();
    assert_eq!(fmt(&text), text);
}

#[test]
fn messy_fixtures_format_to_their_snapshots() {
    let dir = crate_root().join("tests/fixtures/fmt");
    let mut seen = 0;
    for path in mentor_files(&dir) {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name")
            .to_owned();
        if name == "syntax-error" {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).expect("read the fixture");
        let formatted = fmt(&text);
        assert_eq!(fmt(&formatted), formatted, "{name}: idempotent");
        assert!(
            !formatted.contains('\r') && !formatted.contains('\t'),
            "{name}: line ends are \\n and indentation is spaces"
        );
        insta::assert_snapshot!(format!("fixture-{name}"), formatted);
    }
    assert_eq!(seen, 3, "the fixtures are all formatted");
}

#[test]
fn strings_are_printed_byte_for_byte() {
    let text = "program p \"P\" {\n    doc \"tab\\there, quote \\\" and backslash \\\\ kept; – ünïcode\"\n}\n";
    assert_eq!(fmt(text), text);
    let spread = text.replace("doc ", "doc\n\n\t   ").replace("    ", "");
    assert_eq!(fmt(&spread), text);
}

#[test]
fn a_file_with_a_syntax_error_is_refused() {
    let text = std::fs::read_to_string(crate_root().join("tests/fixtures/fmt/syntax-error.mentor"))
        .expect("read the fixture");
    match format_source(&text) {
        Err(FormatError::Syntax(diagnostics)) => {
            assert!(
                diagnostics.iter().any(|d| d.code() == "S002"),
                "{diagnostics:?}"
            );
        }
        other => panic!("expected syntax errors, got {other:?}"),
    }
}

/// Issue 17's forms come out in one spelling: a review list with `, ` between its sessions, a
/// carried `new-problems` rule on its line, the agreement's fields indented and aligned.
#[test]
fn the_new_forms_of_issue_17_are_laid_out() {
    let messy = "program p \"P\" {\n  review   at sessions 4,8 ,12   with lens l\n  agreement before session 2 {\nfield contributions \"What each of us contributes\"\n  field time \"Time commitment\"\n}\n  phase a \"A\" sessions 1..12 {\n    new-problems   forbidden  from here   on\n  }\n}\n";
    let clean = "program p \"P\" {\n    review at sessions 4, 8, 12 with lens l\n    agreement before session 2 {\n        field contributions \"What each of us contributes\"\n        field time          \"Time commitment\"\n    }\n    phase a \"A\" sessions 1..12 {\n        new-problems forbidden from here on\n    }\n}\n";
    assert_eq!(fmt(messy), clean);
    assert_eq!(fmt(clean), clean);
}
