//! The unit tests' way into the program checks: program text goes through the real parser and
//! resolver and then `check_loaded`, as `mentor check` does, so no test builds a model by hand
//! and each test reads as the change to a program and what `mentor check` then says.

use std::path::Path;

use crate::diagnostic::Diagnostics;
use crate::resolve::resolve_source;
use crate::source::Sources;

use super::check_loaded;

/// A small program every check passes; each test changes a line or two of it.
pub(super) const PROGRAM_TEXT: &str = r#"program demo "Demo program" {
    length 4 sessions within 8 weeks
    cadence every 1 week
    session at least 30 minutes, at most 90 minutes
    commitment 4 hours per month
    review every 2 sessions
    agreement before session 2

    competency judgment "Leadership judgment"

    lens decision-review "Decision Review" {
        section "Decision I made" {
            field chose "What I chose"
        }
    }

    phase framing "Framing" sessions 1..2 {
        lenses none
    }
    phase practice "Practice" sessions 3..4 {
        lenses exactly 1 of decision-review
    }

    milestone first-review "A decision reviewed" {
        competency judgment
        due by session 4
        evidence lens decision-review
    }
}
"#;

/// Checks `PROGRAM_TEXT` with each `(from, to)` of `edits` applied, and asserts that
/// `mentor check` reports `expect` (`CODE message`, in output order), and nothing else.
#[track_caller]
pub(super) fn check(edits: &[(&str, &str)], expect: &[&str]) {
    let mut text = PROGRAM_TEXT.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "the program has no `{from}`");
        text = text.replacen(from, to, 1);
    }
    assert_eq!(findings(&text), expect, "for the program\n{text}");
}

/// What `mentor check` reports for `text`, in output order, as `CODE message`.
fn findings(text: &str) -> Vec<String> {
    let mut sources = Sources::new();
    let source = sources.add("demo.mentor", text);
    let mut diagnostics = Diagnostics::new();
    let loaded = resolve_source(source, Path::new("."), None, &mut sources, &mut diagnostics);
    check_loaded(loaded, 0, &mut diagnostics);
    diagnostics.sort(&sources);
    diagnostics
        .iter()
        .map(|d| format!("{} {}", d.rule.code, d.message))
        .collect()
}
