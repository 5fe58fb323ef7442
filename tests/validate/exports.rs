//! Logs as platforms and spreadsheets export them (issue 18): a byte-order mark before any
//! format, a JSON file holding a list of logs, and a day not in the calendar reported the same
//! way (`L003` at the date) in every format.

use super::COMPLIANT_AS_OF;
use super::json_lines::cohort_with_mistakes;
use crate::support::{Scratch, crate_root, validate_json};

const BOM: &str = "\u{feff}";

/// `(code, line, column)` of each finding of `files` (written into a scratch directory first),
/// checked against the reference program as of `COMPLIANT_AS_OF`, and the exit status.
pub(super) fn findings(files: &[(&str, &str)]) -> (i32, Vec<(String, u64, u64)>) {
    let (status, found) = run(files, &[]);
    let found = found
        .into_iter()
        .map(|d| (d.code, d.line, d.column))
        .collect();
    (status, found)
}

/// The exit status and diagnostics of `mentor validate --format json EXTRA FILES` run on
/// `files` written into a scratch directory, against the reference program as of
/// `COMPLIANT_AS_OF`.
pub(super) fn run(files: &[(&str, &str)], extra: &[&str]) -> (i32, Vec<crate::support::Diag>) {
    let scratch = Scratch::new();
    for (name, text) in files {
        scratch.write(name, text);
    }
    let program = crate_root().join("programs/senior-ic.mentor");
    let mut args = vec![
        "--as-of",
        COMPLIANT_AS_OF,
        "--program",
        program.to_str().expect("a UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    args.extend(files.iter().map(|(name, _)| *name));
    let (output, diagnostics) = validate_json(scratch.path(), &args);
    (output.status, diagnostics)
}

/// The records of a JSON Lines text as a JSON list, one record per line after a `[` line.
fn as_json_list(json_lines: &str) -> String {
    let records: Vec<&str> = json_lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    format!("[\n{}\n]\n", records.join(",\n"))
}

#[test]
fn a_json_list_of_logs_gives_each_record_the_findings_json_lines_gives_it() {
    let json_lines = cohort_with_mistakes();
    let (status, from_lines) = findings(&[("cohort.jsonl", &json_lines)]);
    assert_eq!(status, 1);
    assert_eq!(from_lines.len(), 4, "{from_lines:?}");
    // The list puts each record one line lower, at the same column.
    let expected: Vec<(String, u64, u64)> = from_lines
        .iter()
        .map(|(code, line, column)| (code.clone(), line + 1, *column))
        .collect();
    let list = as_json_list(&json_lines);
    assert_eq!(findings(&[("cohort.json", &list)]), (1, expected.clone()));
    // A byte-order mark (as Excel writes) changes nothing.
    let with_bom = format!("{BOM}{list}");
    assert_eq!(findings(&[("cohort.json", &with_bom)]), (1, expected));
    let lines_with_bom = format!("{BOM}{json_lines}");
    assert_eq!(
        findings(&[("cohort.jsonl", &lines_with_bom)]),
        (1, from_lines)
    );
}

#[test]
fn a_byte_order_mark_is_read_past_in_toml_and_json() {
    for example in ["pair-017.toml", "pair-021.json"] {
        let text =
            std::fs::read_to_string(crate_root().join("programs/logs/senior-ic").join(example))
                .expect("read the example");
        let plain = findings(&[(example, &text)]);
        assert_eq!(plain, (0, vec![]), "{example}");
        assert_eq!(
            findings(&[(example, &format!("{BOM}{text}"))]),
            plain,
            "{example}"
        );
    }
}

#[test]
fn an_empty_list_holds_no_log_and_a_non_object_element_is_named() {
    let (status, found) = findings(&[("empty.json", "[]\n")]);
    assert_eq!((status, found), (2, vec![("F003".to_owned(), 1, 1)]));
    let (status, found) = findings(&[("mixed.json", "[\n  1\n]\n")]);
    assert_eq!((status, found), (2, vec![("F003".to_owned(), 2, 3)]));
}

#[test]
fn a_day_not_in_the_calendar_is_l003_at_the_date_in_toml_and_json() {
    let toml = std::fs::read_to_string(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
        .expect("read the example")
        .replacen("started  = 2025-01-06", "started  = 2025-02-30", 1)
        .replacen("date     = 2025-01-20", "date     = 2025-13-20", 1);
    let json = std::fs::read_to_string(crate_root().join("programs/logs/senior-ic/pair-021.json"))
        .expect("read the example")
        .replacen(
            "\"started\": \"2025-01-13\"",
            "\"started\": \"2025-02-30\"",
            1,
        );
    let (status, found) = findings(&[("pair-017.toml", &toml)]);
    assert_eq!(status, 1, "the log is read and checked, not refused");
    let l003: Vec<&(String, u64, u64)> = found.iter().filter(|(c, ..)| c == "L003").collect();
    assert_eq!(
        l003,
        [&("L003".to_owned(), 8, 12), &("L003".to_owned(), 20, 12)],
        "{found:?}"
    );
    let (status, found) = findings(&[("pair-021.json", &json)]);
    assert_eq!(status, 1);
    assert_eq!(
        found.first(),
        Some(&("L003".to_owned(), 7, 14)),
        "{found:?}"
    );
}

#[test]
fn a_yaml_log_gives_the_findings_of_its_toml_twin_at_its_own_positions() {
    let yaml =
        std::fs::read_to_string(crate_root().join("tests/fixtures/yaml/misspelled-lens.yaml"))
            .expect("read the YAML fixture");
    let toml = std::fs::read_to_string(
        crate_root().join("programs/logs/senior-ic-failing/misspelled-lens.toml"),
    )
    .expect("read the TOML example");
    let (status, from_toml) = findings(&[("pair-042.toml", &toml)]);
    assert_eq!((status, from_toml.len()), (1, 1), "{from_toml:?}");
    let (status, from_yaml) = findings(&[("pair-042.yaml", &yaml)]);
    assert_eq!(status, 1);
    // L008 at the misspelt lens, in the YAML's own coordinates.
    let line = yaml
        .lines()
        .position(|l| l.contains("lens: decision-reveiw"))
        .expect("the misspelt line") as u64
        + 1;
    assert_eq!(from_yaml, [("L008".to_owned(), line, 11)]);
    assert_eq!(from_toml[0].0, from_yaml[0].0);
    // `.yml` is YAML too, and a byte-order mark is read past.
    assert_eq!(
        findings(&[("pair-042.yml", &format!("{BOM}{yaml}"))]),
        (1, from_yaml)
    );
}

#[test]
fn json_read_as_yaml_gives_the_same_findings_at_the_same_places() {
    // JSON is YAML (flow style): a platform's JSON export renamed `.yaml` reads the same.
    let list = as_json_list(&cohort_with_mistakes());
    assert_eq!(
        findings(&[("cohort.yaml", &list)]),
        findings(&[("cohort.json", &list)])
    );
}

#[test]
fn a_yaml_file_that_cannot_be_read_is_f003_with_its_words_masked() {
    let scratch = Scratch::new();
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    for (name, text, line) in [
        // An alias is refused, not expanded.
        (
            "alias.yaml",
            "program: senior-ic\npair: &p pair-001\nmentee: *p\ntakeaway: I felt unheard\n",
            3,
        ),
        // A quote never closed.
        (
            "quote.yaml",
            "program: senior-ic\npair: pair-001\nsessions:\n  - takeaway: \"I felt unheard\n    number: 1\n",
            4,
        ),
    ] {
        scratch.write(name, text);
        let output = scratch.run(&["validate", "--color", "never", "--program", program, name]);
        assert_eq!(output.status, 2, "{name}: {output:#?}");
        assert!(output.stdout.contains("F003"), "{name}: {}", output.stdout);
        assert!(
            output.stdout.contains(&format!("{name}:{line}:")),
            "{name}: {}",
            output.stdout
        );
        assert!(
            !output.stdout.contains("unheard"),
            "{name}: {}",
            output.stdout
        );
    }
    let (status, found) = findings(&[("empty.yaml", "# nothing yet\n")]);
    assert_eq!((status, found), (2, vec![("F003".to_owned(), 1, 1)]));
}

/// A YAML log that parsed, shown around its finding in the human report: its plain, block and
/// folded values, a name where an id belongs, a sentence-like key and its comments are masked,
/// as quoted values are in TOML.
#[test]
fn a_parsed_yaml_log_shows_none_of_its_words_around_a_finding() {
    let yaml = concat!(
        "program: senior-ic\n",
        "pair: Jane SECRETNAME\n",
        "started: 2025-01-06  # SECRETCOMMENT\n",
        "sessions:\n",
        "  - number: 1\n",
        "    date: 2025-01-06\n",
        "    takeaway: SECRET PLAIN\n",
        "    outcome: bogus\n",
        "    I felt SECRETKEY: true\n",
        "    answers:\n",
        "      chose: |\n",
        "        SECRET BLOCK\n",
        "      framing: >\n",
        "        SECRET FOLDED\n",
    );
    let scratch = Scratch::new();
    scratch.write("log.yaml", yaml);
    let program = crate_root().join("programs/senior-ic.mentor");
    let output = scratch.run(&[
        "validate",
        "--color",
        "never",
        "--as-of",
        "2025-01-07",
        "--program",
        program.to_str().expect("a UTF-8 path"),
        "log.yaml",
    ]);
    assert_eq!(output.status, 1, "{output:#?}");
    // The findings are shown with their lines (outcome, the key, the pair id).
    assert!(
        output.stdout.contains("outcome: bogus"),
        "{}",
        output.stdout
    );
    assert!(output.stdout.contains("log.yaml:8:"), "{}", output.stdout);
    for secret in ["SECRET", "Jane"] {
        assert!(
            !output.stdout.contains(secret),
            "{secret} shown:\n{}",
            output.stdout
        );
    }
}

/// JUnit: a test case per log, each with its own findings, whether the logs are lines of a
/// JSON Lines file, elements of a JSON list or documents of a YAML stream.
#[test]
fn each_log_of_a_list_or_stream_is_its_own_junit_case() {
    let json_lines = cohort_with_mistakes();
    let list = as_json_list(&json_lines);
    let stream: String = json_lines
        .lines()
        .map(|record| format!("---\n{record}\n"))
        .collect();
    let scratch = Scratch::new();
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    // `(pair, failure line)` of each case: the type and the count of problems.
    let cases = |name: &str, text: &str| -> Vec<(String, String)> {
        scratch.write(name, text);
        let output = scratch.run(&[
            "validate",
            "--format",
            "junit",
            "--as-of",
            COMPLIANT_AS_OF,
            "--program",
            program,
            name,
        ]);
        assert_eq!(output.status, 1, "{output:#?}");
        output
            .stdout
            .split("<testcase ")
            .skip(1)
            .map(|case| {
                let pair = case
                    .split(" name=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_default()
                    .to_owned();
                let failure = case
                    .split("<failure type=\"")
                    .nth(1)
                    .and_then(|rest| rest.split(';').next())
                    .unwrap_or("passed")
                    .to_owned();
                (pair, failure)
            })
            .collect()
    };
    let from_lines = cases("cohort.jsonl", &json_lines);
    assert_eq!(
        from_lines
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>(),
        ["pair-031", "pair-032", "pair-033"]
    );
    assert_eq!(from_lines[0].1, "passed");
    assert_eq!(cases("cohort.json", &list), from_lines);
    assert_eq!(cases("cohort.yaml", &stream), from_lines);
}

/// YAML on standard input is told from TOML by its first line.
#[test]
fn yaml_on_standard_input_is_read_as_yaml() {
    let yaml =
        std::fs::read_to_string(crate_root().join("tests/fixtures/yaml/misspelled-lens.yaml"))
            .expect("read the YAML fixture");
    let program = crate_root().join("programs/senior-ic.mentor");
    let output = crate::support::run_in_with_stdin(
        crate_root(),
        &[
            "validate",
            "--format",
            "short",
            "--as-of",
            COMPLIANT_AS_OF,
            "--program",
            program.to_str().expect("a UTF-8 path"),
            "-",
        ],
        yaml.as_bytes(),
    );
    assert_eq!(output.status, 1, "{output:#?}");
    assert!(
        output.stdout.starts_with("<stdin>:52:11: error[L008]"),
        "{}",
        output.stdout
    );
}

/// JUnit from a CSV export whose rows are in date order, the pairs' rows interleaved: each
/// pair's case holds its own findings, told by the finding's pair, not by its place.
#[test]
fn each_pair_of_an_interleaved_csv_export_is_its_own_junit_case() {
    let csv_text = super::csv::to_csv(&cohort_with_mistakes());
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let date = header
        .iter()
        .position(|h| h == "date")
        .expect("a date column");
    let mut rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    rows.sort_by(|a, b| a.get(date).cmp(&b.get(date)));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("write the header");
    for row in &rows {
        writer.write_record(row).expect("write a row");
    }
    let interleaved = String::from_utf8(writer.into_inner().expect("flush")).expect("UTF-8");
    let scratch = Scratch::new();
    scratch.write("cohort.csv", &interleaved);
    let program = crate_root().join("programs/senior-ic.mentor");
    let output = scratch.run(&[
        "validate",
        "--format",
        "junit",
        "--as-of",
        COMPLIANT_AS_OF,
        "--program",
        program.to_str().expect("a UTF-8 path"),
        "cohort.csv",
    ]);
    assert_eq!(output.status, 1, "{output:#?}");
    let case = |pair: &str| -> String {
        output
            .stdout
            .split("<testcase ")
            .find(|case| case.contains(&format!(" name=\"{pair}\"")))
            .unwrap_or_else(|| panic!("no case for {pair}:\n{}", output.stdout))
            .split("</testcase>")
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        case("pair-032").contains("<failure type=\"L009\" message=\"1 problem(s)"),
        "{}",
        output.stdout
    );
    let third = case("pair-033");
    assert!(
        third.contains("L023") && third.contains("L016"),
        "{}",
        output.stdout
    );
    assert!(!case("pair-032").contains("L016"), "{}", output.stdout);
}
