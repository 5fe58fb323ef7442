//! JSON Lines: each line is a log, and every position is in the file: the line of that log's
//! record and the column of the offending value on it.
//!
//! The example cohort is checked as of the last day it is compliant (`COMPLIANT_AS_OF`), so
//! the findings are the mistakes each test makes.

use super::{AS_OF, COMPLIANT_AS_OF};
use crate::support::{Scratch, crate_root, validate_json};

const COHORT: &str = "programs/logs/senior-ic/cohort-2025-spring.jsonl";

/// The compliant cohort (pair-031, pair-032, pair-033, one per line) with a mistake in the
/// 2nd and the 3rd record: pair-032's first session records outcome `assumptions`; pair-033's
/// first session spells `outcome` as `outcom` (so it also records none) and its second
/// lasted 30 minutes.
pub(super) fn cohort_with_mistakes() -> String {
    let text = std::fs::read_to_string(crate_root().join(COHORT)).expect("read the cohort");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "the cohort has three pairs");
    let second = lines[1].replacen(
        r#""outcome": "assumption""#,
        r#""outcome": "assumptions""#,
        1,
    );
    let third = lines[2]
        .replacen(r#""minutes": 45"#, r#""minutes": 30"#, 1)
        .replacen(r#""outcome": "assumption""#, r#""outcom": "behavior""#, 1);
    assert_ne!(second, lines[1]);
    assert_ne!(third, lines[2]);
    format!("{}\n{second}\n{third}\n", lines[0])
}

/// 1-based column of the first `needle` on `line` (the text is ASCII, so bytes are columns).
fn column_of(line: &str, needle: &str) -> u64 {
    line.find(needle).expect("the needle is on the line") as u64 + 1
}

#[test]
fn positions_are_the_record_line_and_the_value_column() {
    let text = cohort_with_mistakes();
    let scratch = Scratch::new();
    scratch.write("cohort.jsonl", &text);
    let lines: Vec<&str> = text.lines().collect();
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    let (output, diagnostics) = validate_json(
        scratch.path(),
        &[
            "--as-of",
            COMPLIANT_AS_OF,
            "--program",
            program,
            "cohort.jsonl",
        ],
    );
    assert_eq!(output.status, 1, "{output:#?}");
    let found: Vec<(&str, &str, u64, u64)> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.line, d.column))
        .collect();
    let session_1 = column_of(lines[2], r#"[{"number": 1"#) + 1;
    let minutes_30 = column_of(lines[2], r#""minutes": 30"#) + r#""minutes": "#.len() as u64;
    assert_eq!(
        found,
        [
            (
                "L009",
                "cohort.jsonl",
                2,
                column_of(lines[1], r#""assumptions""#)
            ),
            // Without `outcome`, the session records none: reported at the session.
            ("L023", "cohort.jsonl", 3, session_1),
            (
                "L001",
                "cohort.jsonl",
                3,
                column_of(lines[2], r#""outcom""#)
            ),
            ("L016", "cohort.jsonl", 3, minutes_30),
        ],
        "{diagnostics:#?}"
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `assumption`?")
    );
    assert_eq!(
        diagnostics[2].help.as_deref(),
        Some("did you mean `outcome`?")
    );

    // Human output points at the same places.
    let human = scratch.run(&[
        "validate",
        "--as-of",
        COMPLIANT_AS_OF,
        "--color",
        "never",
        "--program",
        program,
        "cohort.jsonl",
    ]);
    for (code, _, line, column) in &found {
        assert!(
            human
                .stdout
                .contains(&format!("[cohort.jsonl:{line}:{column}]")),
            "{code} at {line}:{column} in:\n{}",
            human.stdout
        );
    }
    assert!(
        human
            .stdout
            .ends_with("validated 3 logs (11 held sessions) in 1 file: 4 errors\n"),
        "{}",
        human.stdout
    );
}

#[test]
fn blank_lines_and_indentation_keep_positions_in_the_file() {
    let text = cohort_with_mistakes();
    let lines: Vec<&str> = text.lines().collect();
    // The second record moves to line 3 and the third to line 6, indented by two spaces.
    let moved = format!("{}\n\n{}\n\n\n  {}\n", lines[0], lines[1], lines[2]);
    let scratch = Scratch::new();
    scratch.write("cohort.jsonl", &moved);
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    let (output, diagnostics) = validate_json(
        scratch.path(),
        &[
            "--as-of",
            COMPLIANT_AS_OF,
            "--program",
            program,
            "cohort.jsonl",
        ],
    );
    assert_eq!(output.status, 1, "{output:#?}");
    let found: Vec<(&str, u64, u64)> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        found,
        [
            ("L009", 3, column_of(lines[1], r#""assumptions""#)),
            ("L023", 6, 3 + column_of(lines[2], r#"[{"number": 1"#)),
            ("L001", 6, 2 + column_of(lines[2], r#""outcom""#)),
            (
                "L016",
                6,
                2 + column_of(lines[2], r#""minutes": 30"#) + r#""minutes": "#.len() as u64
            ),
        ]
    );
}

#[test]
fn junit_names_each_record_by_its_pair() {
    let text = cohort_with_mistakes();
    let scratch = Scratch::new();
    scratch.write("cohort.jsonl", &text);
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    let output = scratch.run(&[
        "validate",
        "--as-of",
        COMPLIANT_AS_OF,
        "--format",
        "junit",
        "--program",
        program,
        "cohort.jsonl",
    ]);
    assert_eq!(output.status, 1, "{output:#?}");
    let passing = output
        .stdout
        .contains(r#"<testcase classname="cohort.jsonl" name="pair-031" file="cohort.jsonl"/>"#);
    assert!(passing, "pair-031 passes:\n{}", output.stdout);
    for (pair, code) in [("pair-032", "L009"), ("pair-033", "L023")] {
        let case = format!(r#"name="{pair}" file="cohort.jsonl">"#);
        let at = output
            .stdout
            .find(&case)
            .unwrap_or_else(|| panic!("{pair} is a case:\n{}", output.stdout));
        assert!(
            output.stdout[at..].contains(&format!(r#"<failure type="{code}""#)),
            "{pair} fails with {code}:\n{}",
            output.stdout
        );
    }
    assert!(
        output.stdout.contains(r#"tests="3" failures="2""#),
        "{}",
        output.stdout
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let record = r#"{"program": "senior-ic", "pair": "pär-ü1", "mentor": "mentör-€", "started": "2025-01-06", "sessions": [{"number": 1, "date": "2025-01-06", "minutes": 30, "outcome": "assumption"}]}"#;
    let scratch = Scratch::new();
    scratch.write("one.jsonl", format!("{record}\n"));
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    let value_at = record.find("30, \"outcome").expect("the minutes");
    let column = record[..value_at].chars().count() as u64 + 1;
    assert!(
        column < value_at as u64 + 1,
        "the record has multi-byte characters before"
    );
    for format in ["json", "short", "github", "sarif"] {
        let output = scratch.run(&[
            "validate",
            "--as-of",
            COMPLIANT_AS_OF,
            "--format",
            format,
            "--program",
            program,
            "one.jsonl",
        ]);
        assert_eq!(output.status, 1, "{format}\n{output:#?}");
        let expected = match format {
            "json" => format!("\"column\": {column},"),
            "short" => format!("one.jsonl:1:{column}: error[L016]"),
            "github" => format!("line=1,col={column},"),
            _ => format!("\"startColumn\": {column},"),
        };
        assert!(
            output.stdout.contains(&expected),
            "{format}: {expected}\n{}",
            output.stdout
        );
    }
}

/// The per-log limit on shown diagnostics does not hide failing logs in a big cohort file:
/// 300 failing records of one JSON Lines file are 300 diagnostics and 300 JUnit failures.
#[test]
fn every_failing_log_of_a_big_cohort_file_is_reported() {
    let scratch = Scratch::new();
    let record = r#"{"program": "senior-ic", "pair": "pair-N", "started": "2026-11-02", "sessions": [{"number": 1, "date": "2026-11-02", "minutes": 30, "outcome": "assumption"}]}"#;
    let lines: Vec<String> = (0..300)
        .map(|i| record.replace("pair-N", &format!("pair-{i}")))
        .collect();
    scratch.write("cohort.jsonl", lines.join("\n") + "\n");
    let program = crate_root()
        .join("programs/senior-ic.mentor")
        .display()
        .to_string();
    let run = |format: &str| {
        scratch.run(&[
            "validate",
            "--as-of",
            AS_OF,
            "--format",
            format,
            "--program",
            &program,
            "cohort.jsonl",
        ])
    };
    let json = run("json");
    assert_eq!(json.status, 1);
    let codes: Vec<String> = json.diagnostics().into_iter().map(|d| d.code).collect();
    assert_eq!(codes.len(), 300, "{codes:?}");
    assert!(codes.iter().all(|c| c == "L016"), "{codes:?}");
    let junit = run("junit").stdout;
    assert_eq!(junit.matches("<failure ").count(), 300);
}

#[test]
fn a_record_cut_short_is_reported_on_its_own_line() {
    let text = std::fs::read_to_string(crate_root().join(COHORT)).expect("read the cohort");
    let lines: Vec<&str> = text.lines().collect();
    let cut = &lines[1][..40];
    let scratch = Scratch::new();
    for ending in ["\n", "\r\n"] {
        let file = format!("{}{ending}{cut}{ending}{}{ending}", lines[0], lines[2]);
        scratch.write("cohort.jsonl", &file);
        let program = crate_root().join("programs/senior-ic.mentor");
        let (output, diagnostics) = validate_json(
            scratch.path(),
            &[
                "--as-of",
                COMPLIANT_AS_OF,
                "--program",
                program.to_str().expect("UTF-8"),
                "cohort.jsonl",
            ],
        );
        assert_eq!(output.status, 2, "{output:#?}");
        let found: Vec<(&str, u64, u64)> = diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.line, d.column))
            .collect();
        // At the end of the cut line, not at the start of the next record.
        assert_eq!(found, [("F003", 2, 40)], "{ending:?}");
    }
}
