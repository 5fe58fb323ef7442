//! The example logs under `programs/logs/` checked against `programs/senior-ic.mentor` through
//! the real parser and resolver: the compliant ones pass, each failing one breaks what
//! `programs/logs/README.md` says it breaks.

use std::path::{Path, PathBuf};

use super::check_logs;
use crate::diagnostic::Diagnostics;
use crate::log::load_paths;
use crate::resolve::{self, Loaded};
use crate::source::Sources;

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

/// (file name, code, line, column) of every finding for the logs under `dir`.
fn check_dir(dir: &str) -> Vec<(String, &'static str, usize, usize)> {
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
        jiff::civil::date(2026, 11, 23),
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

#[test]
fn compliant_logs_pass() {
    assert_eq!(check_dir("logs/senior-ic"), []);
}

#[test]
fn failing_logs_break_what_the_readme_says() {
    let found = check_dir("logs/senior-ic-failing");
    let expected: Vec<(String, &str, usize, usize)> = [
        ("cadence-gap.toml", "L014", 42, 15),
        ("lens-in-framing.toml", "L019", 23, 12),
        ("lens-in-framing.toml", "L024", 24, 12),
        ("missing-outcome.json", "L023", 9, 5),
        ("misspelled-lens.toml", "L008", 58, 15),
        ("overdue-milestone.toml", "L028", 8, 12),
    ]
    .into_iter()
    .map(|(file, code, line, column)| (file.to_owned(), code, line, column))
    .collect();
    assert_eq!(found, expected);
}
