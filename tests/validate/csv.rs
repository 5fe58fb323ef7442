//! CSV session exports (issue 18): one row per session, rows grouped into logs by pair, every
//! finding at its cell (line:column of the raw cell), the pair's words masked in snippets.

use super::COMPLIANT_AS_OF;
use super::exports::{findings, run};
use super::json_lines::cohort_with_mistakes;
use crate::support::{Scratch, crate_root, validate_json};

const BOM: &str = "\u{feff}";

/// The contract's columns in the order an export would list them.
const COLUMNS: &[&str] = &[
    "program",
    "version",
    "pair",
    "mentor",
    "mentee",
    "track",
    "started",
    "agreement",
    "pair-status",
    "number",
    "date",
    "minutes",
    "kind",
    "status",
    "outcome",
    "takeaway",
    "lens",
    "milestones",
    "new-problem",
];

/// A cell's text from a JSON value: lists joined with `;`, `null` empty.
fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(";"),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A JSON Lines cohort as a platform's CSV export: a row per session (a row with the log's
/// fields only for a pair with none), the contract's columns, then any other key a record has
/// (as a column of its own), then `answers.FIELD`.
pub(super) fn to_csv(json_lines: &str) -> String {
    let records: Vec<serde_json::Value> = json_lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect();
    // (column, log key or session key)
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    for record in &records {
        let mut log: Vec<(String, String)> = Vec::new();
        for (key, value) in record.as_object().expect("an object") {
            if key != "sessions" {
                let column = if key == "status" { "pair-status" } else { key };
                log.push((column.to_owned(), cell(value)));
            }
        }
        let sessions = record["sessions"].as_array().cloned().unwrap_or_default();
        if sessions.is_empty() {
            rows.push(log.clone());
        }
        for session in sessions {
            let mut row = log.clone();
            for (key, value) in session.as_object().expect("a session object") {
                if key == "answers" {
                    for (field, text) in value.as_object().expect("answers") {
                        row.push((format!("answers.{field}"), cell(text)));
                    }
                } else {
                    row.push((key.clone(), cell(value)));
                }
            }
            rows.push(row);
        }
    }
    let mut header: Vec<String> = COLUMNS
        .iter()
        .filter(|c| rows.iter().any(|r| r.iter().any(|(k, _)| k == *c)))
        .map(|c| (*c).to_owned())
        .collect();
    let mut others: Vec<String> = rows
        .iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .filter(|k| !COLUMNS.contains(&k.as_str()))
        .collect();
    others.sort_by_key(|k| (k.starts_with("answers."), k.clone()));
    others.dedup();
    header.extend(others);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("write the header");
    for row in rows {
        let cells = header.iter().map(|column| {
            row.iter()
                .find(|(k, _)| k == column)
                .map_or(String::new(), |(_, v)| v.clone())
        });
        writer.write_record(cells).expect("write a row");
    }
    String::from_utf8(writer.into_inner().expect("flush")).expect("UTF-8")
}

/// Line and column (1-based, in characters) of the `nth` (from 0) occurrence of `needle`.
fn position(text: &str, needle: &str, nth: usize) -> (u64, u64) {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} #{nth} in {text}"))
        .0;
    let line = text[..at].matches('\n').count() as u64 + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let column = text[line_start..at].chars().count() as u64 + 1;
    (line, column)
}

fn at(code: &str, (line, column): (u64, u64)) -> (String, u64, u64) {
    (code.to_owned(), line, column)
}

#[test]
fn the_cohort_as_csv_gives_the_json_lines_findings_at_its_own_cells() {
    let json_lines = cohort_with_mistakes();
    let csv = to_csv(&json_lines);
    let (status, from_lines) = findings(&[("cohort.jsonl", &json_lines)]);
    assert_eq!(status, 1);
    let (status, from_csv) = findings(&[("cohort.csv", &csv)]);
    assert_eq!(status, 1, "{csv}");
    let codes = |found: &[(String, u64, u64)]| {
        let mut codes: Vec<String> = found.iter().map(|f| f.0.clone()).collect();
        codes.sort();
        codes
    };
    assert_eq!(codes(&from_csv), codes(&from_lines), "{from_csv:?}");
    // Each at its cell: the misspelt outcome, pair-033's first row (its first session has no
    // outcome: the column `outcom` is unknown), the unknown column's header once, the short
    // session's minutes.
    let pair_033_first_row = position(&csv, "\nsenior-ic,2025.1,pair-033", 0);
    let minutes_30 = position(&csv, ",30,", 0);
    let mut expected = vec![
        at("L001", {
            let (line, column) = position(&csv, ",outcom,", 0);
            (line, column + 1)
        }),
        at("L009", position(&csv, "assumptions", 0)),
        at("L016", (minutes_30.0, minutes_30.1 + 1)),
        at("L023", (pair_033_first_row.0 + 1, 1)),
    ];
    expected.sort();
    let mut sorted = from_csv.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "{csv}");
    // A byte-order mark (as Excel writes) changes nothing.
    assert_eq!(
        findings(&[("cohort.csv", &format!("{BOM}{csv}"))]),
        (1, from_csv)
    );
}

#[test]
fn the_compliant_cohort_as_csv_is_clean_and_a_directory_walk_reads_it() {
    let json_lines = std::fs::read_to_string(
        crate_root().join("programs/logs/senior-ic/cohort-2025-spring.jsonl"),
    )
    .expect("read the cohort");
    let csv = to_csv(&json_lines);
    assert_eq!(findings(&[("cohort.csv", &csv)]), (0, vec![]));
    let scratch = Scratch::new();
    scratch.write("logs/cohort.csv", to_csv(&cohort_with_mistakes()));
    let program = crate_root().join("programs/senior-ic.mentor");
    let (output, diagnostics) = validate_json(
        scratch.path(),
        &[
            "--as-of",
            COMPLIANT_AS_OF,
            "--program",
            program.to_str().expect("a UTF-8 path"),
            "logs",
        ],
    );
    assert_eq!(output.status, 1, "{output:#?}");
    assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");
    assert!(diagnostics.iter().all(|d| d.file.ends_with("cohort.csv")));
}

const HEADER: &str = "program,pair,started,number,date,minutes,outcome,takeaway\n";

/// After `needle`'s first occurrence: the position of the character `skip` bytes into it.
fn after(text: &str, needle: &str, skip: u64) -> (u64, u64) {
    let (line, column) = position(text, needle, 0);
    (line, column + skip)
}

#[test]
fn a_log_field_that_differs_between_a_pairs_rows_is_l002_at_the_cell() {
    let csv = format!(
        "{HEADER}senior-ic,pair-001,2025-04-14,1,2025-04-14,60,assumption,ok\n\
         senior-ic,pair-001,2025-04-07,2,2025-04-21,60,behavior,ok\n"
    );
    let (status, found) = run(&[("pairs.csv", &csv)], &[]);
    assert_eq!(status, 1);
    let l002: Vec<_> = found.iter().filter(|d| d.code == "L002").collect();
    let [l002] = l002.as_slice() else {
        panic!("one L002: {found:#?}")
    };
    assert_eq!((l002.line, l002.column), position(&csv, "2025-04-07", 0));
    assert_eq!(
        l002.message,
        "`started` differs from line 2, where the pair's rows first give it"
    );
}

#[test]
fn an_unknown_column_is_reported_once_at_its_header_with_a_suggestion() {
    let csv = "program,pair,started,number,date,minutes,outcome,lenz\n\
               senior-ic,pair-001,2025-04-14,1,2025-04-14,60,assumption,x\n\
               senior-ic,pair-001,2025-04-14,2,2025-04-21,60,behavior,y\n";
    let (status, found) = run(&[("pairs.csv", csv)], &[]);
    assert_eq!(status, 1, "{found:#?}");
    let [unknown] = found.as_slice() else {
        panic!("one finding: {found:#?}")
    };
    assert_eq!(
        (unknown.code.as_str(), unknown.line, unknown.column),
        ("L001", 1, position(csv, "lenz", 0).1)
    );
    assert_eq!(unknown.message, "unknown column `lenz`");
    assert_eq!(unknown.help.as_deref(), Some("did you mean `lens`?"));
}

#[test]
fn a_quoted_cell_with_a_comma_and_a_line_break_keeps_the_cells_after_it_in_place() {
    let csv = "program,pair,started,number,date,minutes,takeaway,outcome\n\
               senior-ic,pair-001,2025-04-14,1,2025-04-14,60,\"Hard, but\nuseful\",assumptions\n"
        .to_owned();
    let (status, found) = findings(&[("pairs.csv", &csv)]);
    assert_eq!(
        (status, found),
        (1, vec![at("L009", position(&csv, "assumptions", 0))])
    );
    // A finding about the quoted cell itself points at its opening quote.
    let csv = csv.replace("60,\"Hard", "\"6,0\",\"Hard");
    let (_, found) = findings(&[("pairs.csv", &csv)]);
    assert!(
        found.contains(&at("L003", position(&csv, "\"6,0\"", 0))),
        "{found:?}"
    );
}

#[test]
fn hostile_csv_never_panics_and_gets_a_positioned_diagnostic() {
    let big = "x".repeat(1 << 20);
    let row = "senior-ic,pair-001,2025-04-14,1,2025-04-14,60";
    // (file, text, exit status, code, where: the first occurrence of a needle and how far into it)
    let cases: [(&str, String, i32, &str, &str, u64); 7] = [
        // The quote that is never closed.
        (
            "unterminated.csv",
            format!("{HEADER}{row},assumption,\"I felt unheard\n"),
            2,
            "F003",
            "\"I felt",
            0,
        ),
        // The character after a closing quote.
        (
            "after-quote.csv",
            format!("{HEADER}{row},\"assumption\"x,ok\n"),
            2,
            "F003",
            "\"x,ok",
            1,
        ),
        // The first cell too many.
        (
            "ragged.csv",
            format!("{HEADER}{row},assumption,ok,extra\n"),
            2,
            "F003",
            "extra",
            0,
        ),
        // The end of a row too short.
        (
            "short.csv",
            format!("{HEADER}senior-ic,pair-001\n"),
            2,
            "F003",
            "pair-001\n",
            8,
        ),
        // A megabyte where an outcome belongs: read, and reported at the cell.
        (
            "huge-cell.csv",
            format!("{HEADER}{row},{big},ok\n"),
            1,
            "L009",
            "xxx",
            0,
        ),
        (
            "header-only.csv",
            HEADER.to_owned(),
            2,
            "F003",
            "program",
            0,
        ),
        ("empty.csv", format!("{BOM}\n"), 2, "F003", BOM, 0),
    ];
    for (name, text, status, code, needle, skip) in cases {
        let (found_status, found) = findings(&[(name, &text)]);
        assert_eq!(found_status, status, "{name}: {found:?}");
        let (line, column) = after(&text, needle, skip);
        // The file's own first character (a byte-order mark) is not a column.
        let column = if needle == BOM { 1 } else { column };
        assert_eq!(
            found.first(),
            Some(&at(code, (line, column))),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn snippets_of_a_csv_mask_takeaways_answers_and_unknown_columns_parsed_or_not() {
    let scratch = Scratch::new();
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    let parsed = "program,pair,started,number,date,minutes,outcome,takeaway,note,answers.chose\n\
                  senior-ic,pair-001,2025-04-14,1,2025-04-14,60,assumptions,Unheard,Secretword,\"Quit, maybe\"\n";
    let unparsed = "program,pair,takeaway\nsenior-ic,pair-001,\"Unheard, Secretword\n";
    for (name, text, code) in [
        ("parsed.csv", parsed, "L009"),
        ("unparsed.csv", unparsed, "F003"),
    ] {
        scratch.write(name, text);
        let output = scratch.run(&[
            "validate",
            "--as-of",
            COMPLIANT_AS_OF,
            "--color",
            "never",
            "--program",
            program,
            name,
        ]);
        assert!(output.stdout.contains(code), "{name}: {}", output.stdout);
        // The row is shown, ids and dates readable, every word masked.
        assert!(
            output.stdout.contains("senior-ic,pair-001"),
            "{name}: {}",
            output.stdout
        );
        for word in ["Unheard", "Secretword", "Quit"] {
            assert!(!output.stdout.contains(word), "{name}: {}", output.stdout);
        }
    }
}

/// A platform's own headers, US dates.
const PLATFORM_EXPORT: &str = "Program,Pair ID,Start,Session #,Session date,Length,Outcome,Q1 What I chose\n\
     senior-ic,pair-001,04/14/2025,1,04/14/2025,60,assumption,Delayed the launch\n\
     senior-ic,pair-001,04/14/2025,2,4/31/2025,60,behavior,\n";

const MAPPING: &str = "date-format = \"%m/%d/%Y\"\n\n[columns]\n\"Program\" = \"program\"\n\
     \"Pair ID\" = \"pair\"\n\"Start\" = \"started\"\n\"Session #\" = \"number\"\n\
     \"Session date\" = \"date\"\n\"Length\" = \"minutes\"\n\"Outcome\" = \"outcome\"\n\
     \"Q1 What I chose\" = \"answers.chose\"\n";

#[test]
fn a_mapped_export_with_us_dates_is_read_and_its_findings_name_the_column() {
    // `--csv-map FILE`, and the same table as `[csv]` in mentor.toml.
    let in_config = MAPPING
        .replacen("date-format", "[csv]\ndate-format", 1)
        .replacen("[columns]", "[csv.columns]", 1);
    for (files, extra) in [
        (
            vec![("export.csv", PLATFORM_EXPORT), ("map.toml", MAPPING)],
            vec!["--csv-map", "map.toml"],
        ),
        (
            vec![
                ("export.csv", PLATFORM_EXPORT),
                ("mentor.toml", in_config.as_str()),
            ],
            vec![],
        ),
    ] {
        let scratch = Scratch::new();
        for (name, text) in &files {
            scratch.write(name, text);
        }
        let program = crate_root().join("programs/senior-ic.mentor");
        let mut args = vec![
            "--as-of",
            COMPLIANT_AS_OF,
            "--program",
            program.to_str().expect("a UTF-8 path"),
        ];
        args.extend(extra);
        args.push("export.csv");
        let (output, found) = validate_json(scratch.path(), &args);
        assert_eq!(output.status, 1, "{output:#?}");
        // The mapped answer is read (session 1 names no lens for it), at its cell; April has no
        // 31st day, at the cell, naming the column.
        let [l011, l003] = found.as_slice() else {
            panic!("two findings: {found:#?}")
        };
        assert_eq!(
            (l011.code.as_str(), l011.line, l011.column),
            ("L011", 2, 58)
        );
        assert_eq!(
            l011.message,
            "session 1 answers field `chose` but names no lens \
             (column `Q1 What I chose`, mapped to answers.chose)"
        );
        assert_eq!(
            (l003.code.as_str(), l003.line, l003.column),
            ("L003", 3, 33)
        );
        assert_eq!(
            l003.message,
            "column `Session date` (date) must be a date written %m/%d/%Y"
        );
    }
}

#[test]
fn a_mapping_to_no_column_of_the_log_format_is_c001_with_a_suggestion() {
    let scratch = Scratch::new();
    scratch.write("export.csv", PLATFORM_EXPORT);
    scratch.write("map.toml", MAPPING.replace("= \"date\"", "= \"dat\""));
    let program = crate_root().join("programs/senior-ic.mentor");
    let output = scratch.run(&[
        "validate",
        "--color",
        "never",
        "--program",
        program.to_str().expect("a UTF-8 path"),
        "--csv-map",
        "map.toml",
        "export.csv",
    ]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(
        output.stderr.contains(
            "C001(config-invalid)\n\n  × `[csv.columns]` maps a header to `dat`, which is not a column of the log format"
        ),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("did you mean `date`?"),
        "{}",
        output.stderr
    );
    assert!(output.stderr.contains("map.toml:8:"), "{}", output.stderr);
}

#[test]
fn the_pairs_status_is_the_pair_status_column_and_its_findings_say_so() {
    let csv = "program,pair,started,pair-status,number,date,minutes,outcome,status\n\
               senior-ic,pair-001,2025-04-14,halted,1,2025-04-14,60,assumption,held\n";
    let (status, found) = run(&[("pairs.csv", csv)], &[]);
    assert_eq!(status, 1);
    let [l003] = found.as_slice() else {
        panic!("one finding: {found:#?}")
    };
    assert_eq!((l003.line, l003.column), position(csv, "halted", 0));
    assert_eq!(
        l003.message,
        "`pair-status` must be one of `active`, `completed`, `withdrawn`, `re-matched`, found `halted`"
    );
}

#[test]
fn snippets_of_a_mapped_export_show_its_ids_and_dates_and_mask_its_answers() {
    let scratch = Scratch::new();
    scratch.write("export.csv", PLATFORM_EXPORT);
    scratch.write("map.toml", MAPPING);
    let program = crate_root().join("programs/senior-ic.mentor");
    let output = scratch.run(&[
        "validate",
        "--as-of",
        COMPLIANT_AS_OF,
        "--color",
        "never",
        "--program",
        program.to_str().expect("a UTF-8 path"),
        "--csv-map",
        "map.toml",
        "export.csv",
    ]);
    assert_eq!(output.status, 1, "{output:#?}");
    assert!(
        output.stdout.contains(
            "senior-ic,pair-001,04/14/2025,1,04/14/2025,60,assumption,******************"
        ),
        "{}",
        output.stdout
    );
    assert!(!output.stdout.contains("Delayed"), "{}", output.stdout);
}

#[test]
fn mentor_test_reads_a_csv_case_with_its_sidecar() {
    let scratch = Scratch::new();
    scratch.write(
        "cases/bad-outcome.csv",
        "program,pair,started,number,date,minutes,outcome\n\
         senior-ic,pair-001,2025-04-14,1,2025-04-14,60,assumptions\n",
    );
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    for (line, status, verdict) in [(2, 0, "PASS"), (3, 1, "FAIL")] {
        scratch.write(
            "cases/bad-outcome.csv.expect",
            format!("# as-of: 2025-04-21\n# expect: unknown-outcome at line {line}\n"),
        );
        let output = scratch.run(&["test", "--color", "never", "--program", program, "cases"]);
        assert_eq!(output.status, status, "{output:#?}");
        assert!(
            output
                .stdout
                .contains(&format!("{verdict}     cases/bad-outcome.csv")),
            "{}",
            output.stdout
        );
    }
}

#[test]
fn report_reads_the_cohort_as_csv_to_the_same_figures_as_json_lines() {
    let json_lines = std::fs::read_to_string(
        crate_root().join("programs/logs/senior-ic/cohort-2025-spring.jsonl"),
    )
    .expect("read the cohort");
    let scratch = Scratch::new();
    scratch.write("cohort.jsonl", &json_lines);
    scratch.write("cohort.csv", to_csv(&json_lines));
    let program = crate_root().join("programs/senior-ic.mentor");
    let report = |file: &str| {
        let output = scratch.run(&[
            "report",
            "--as-of",
            COMPLIANT_AS_OF,
            "--format",
            "json",
            "--min-group",
            "1",
            "--program",
            program.to_str().expect("a UTF-8 path"),
            file,
        ]);
        assert_eq!(output.status, 0, "{file}: {output:#?}");
        output.stdout.replace(file, "FILE")
    };
    let from_csv = report("cohort.csv");
    assert!(from_csv.contains("\"pairs\": 3,"), "{from_csv}");
    assert!(from_csv.contains("\"held_sessions\": 11,"), "{from_csv}");
    assert_eq!(from_csv, report("cohort.jsonl"));
}
