//! The example logs under `programs/logs/` checked against `programs/senior-ic.mentor` through
//! the real parser and resolver, as of 2025-06-01 (the day the README's commands give): the
//! compliant ones pass but for the cohort's active pair, which has stalled, and each failing one
//! breaks what `programs/logs/README.md` says it breaks.

use std::path::{Path, PathBuf};

use super::check_logs;
use crate::diagnostic::Diagnostics;
use crate::log::load_paths;
use crate::resolve::{self, Loaded};
use crate::source::Sources;

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

/// (file name, code, line, column) of every finding for the logs under `dir`, as of `as_of`.
fn check_dir(dir: &str, as_of: jiff::civil::Date) -> Vec<(String, &'static str, usize, usize)> {
    let mut sources = Sources::new();
    let mut program_diagnostics = Diagnostics::new();
    let Loaded::Program(program) = resolve::load(
        &programs_dir().join("senior-ic.mentor"),
        &mut sources,
        &mut program_diagnostics,
    ) else {
        panic!("senior-ic.mentor is a program")
    };
    let mut diagnostics = Diagnostics::new();
    let logs = load_paths(&[programs_dir().join(dir)], &mut sources, &mut diagnostics);
    check_logs(
        &[*program],
        &logs,
        as_of,
        &crate::exceptions::Exceptions::default(),
        &mut diagnostics,
    );
    diagnostics.sort(&sources);
    diagnostics
        .iter()
        .map(|d| {
            let position = sources.line_column(d.primary.span);
            let name = Path::new(sources.name(d.primary.span.source))
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, d.code(), position.line, position.column)
        })
        .collect()
}

/// The day the README checks the examples as of.
fn readme_day() -> jiff::civil::Date {
    jiff::civil::date(2025, 6, 1)
}

#[test]
fn compliant_logs_pass_until_the_active_pair_stalls() {
    // `pair-033` (line 3 of the cohort) held session 4 on 2025-03-24: its next one was due by
    // 2025-04-21, and its 12 weeks from 2025-02-10 ended on 2025-05-05.
    assert_eq!(
        check_dir("logs/senior-ic", jiff::civil::date(2025, 4, 21)),
        []
    );
    let stalled: Vec<(String, &str, usize, usize)> = vec![
        ("cohort-2025-spring.jsonl".to_owned(), "L037", 3, 125),
        ("cohort-2025-spring.jsonl".to_owned(), "L035", 3, 906),
    ];
    assert_eq!(check_dir("logs/senior-ic", readme_day()), stalled);
}

#[test]
fn failing_logs_break_what_the_readme_says() {
    let found = check_dir("logs/senior-ic-failing", readme_day());
    let expected: Vec<(String, &str, usize, usize)> = [
        ("cadence-gap.toml", "L014", 42, 15),
        ("lens-in-framing.toml", "L019", 23, 12),
        ("lens-in-framing.toml", "L024", 24, 12),
        ("missing-outcome.json", "L023", 9, 5),
        ("misspelled-lens.toml", "L008", 58, 15),
        ("overdue-milestone.toml", "L028", 8, 12),
        // Still active three months after its last session: stalled, and past its 12 weeks.
        ("overdue-milestone.toml", "L037", 8, 12),
        ("overdue-milestone.toml", "L035", 56, 15),
    ]
    .into_iter()
    .map(|(file, code, line, column)| (file.to_owned(), code, line, column))
    .collect();
    assert_eq!(found, expected);
}
