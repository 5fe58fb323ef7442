//! Every output format over the example failing logs (`programs/logs/senior-ic-failing`), and
//! `--output FORMAT=PATH`.

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;

use super::{AS_OF, COMPLIANT_AS_OF, COMPLIANT_LOGS, FAILING_LOGS};
use crate::support::{Output, Scratch, crate_root, run_in};

const FORMATS: &[&str] = &["human", "short", "json", "sarif", "github", "junit"];

/// `mentor validate` of `logs` against senior-ic, in `format`, from the crate root.
fn validate_in(format: &str, logs: &[&str], extra: &[&str]) -> Output {
    validate_as_of(AS_OF, format, logs, extra)
}

/// [`validate_in`] as of another day.
fn validate_as_of(as_of: &str, format: &str, logs: &[&str], extra: &[&str]) -> Output {
    let mut args = vec![
        "validate",
        "--as-of",
        as_of,
        "--color",
        "never",
        "--program",
        "programs/senior-ic.mentor",
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(logs);
    run_in(crate_root(), &args)
}

/// The codes the failing example logs break, one diagnostic each, in report order. The pair of
/// `overdue-milestone.toml` is still active long after its last session: `L037`, `L035`.
const FAILING_CODES: &[&str] = &[
    "L014", "L019", "L024", "L023", "L008", "L028", "L037", "L035",
];

#[test]
fn a_snapshot_per_format_of_the_failing_examples() {
    for format in FORMATS {
        let output = validate_in(format, &[FAILING_LOGS], &[]);
        assert_eq!(output.status, 1, "{format}: exit status\n{output:#?}");
        assert_eq!(output.stderr, "", "{format}: nothing on stderr");
        for code in FAILING_CODES {
            assert!(
                output.stdout.contains(code),
                "{format} names {code}:\n{}",
                output.stdout
            );
        }
        insta::assert_snapshot!(format!("failing-examples.{format}"), output.stdout);
    }
}

#[test]
fn sarif_is_well_formed_with_the_catalogue_and_positions() {
    let output = validate_in("sarif", &[FAILING_LOGS], &[]);
    let sarif: Value = output.json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0")),
        "a SARIF 2.1.0 schema"
    );
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "mentor");
    let rule_ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("`tool.driver.rules` is a list")
        .iter()
        .map(|r| r["id"].as_str().expect("a rule id"))
        .collect();
    let catalogue = run_in(crate_root(), &["rules", "--format", "json"]).json();
    let codes: Vec<&str> = catalogue
        .as_array()
        .expect("a list of rules")
        .iter()
        .map(|r| r["code"].as_str().expect("a code"))
        .collect();
    assert_eq!(rule_ids, codes, "every rule of the catalogue, in order");

    let results = run["results"].as_array().expect("`results` is a list");
    let result_codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().expect("a ruleId"))
        .collect();
    assert_eq!(result_codes, FAILING_CODES);
    for result in results {
        let rule_id = result["ruleId"].as_str().expect("a ruleId");
        let index = result["ruleIndex"].as_u64().expect("a ruleIndex") as usize;
        assert_eq!(rule_ids[index], rule_id, "ruleIndex points at the rule");
        assert!(
            ["error", "warning", "note"].contains(&result["level"].as_str().unwrap_or("")),
            "{result}"
        );
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"]
            .as_str()
            .expect("an artifact uri");
        assert!(
            uri.starts_with("programs/logs/senior-ic-failing/"),
            "the primary location is in the log: {uri}"
        );
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(
                region[key].as_u64().is_some_and(|n| n >= 1),
                "{rule_id}: region.{key} is a 1-based number: {region}"
            );
        }
        for related in result["relatedLocations"].as_array().into_iter().flatten() {
            assert!(
                related["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .is_some()
            );
        }
    }
    // The gap rule is stated in the program: its related location says where.
    let gap = &results[0];
    assert_eq!(
        gap["locations"][0]["physicalLocation"]["region"]["startLine"],
        42
    );
    assert_eq!(
        gap["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "programs/senior-ic.mentor"
    );
    assert_eq!(
        gap["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        27
    );
}

/// `::error file=F,line=N,col=N,endLine=N,endColumn=N,title=T::message`, split into its parts.
fn parse_github_line(line: &str) -> (String, String, u64, u64, String) {
    let rest = line.strip_prefix("::").expect("starts with `::`");
    let (command, rest) = rest.split_once(' ').expect("a command and properties");
    assert!(
        ["error", "warning", "notice"].contains(&command),
        "command `{command}` in `{line}`"
    );
    let (properties, message) = rest.split_once("::").expect("`::` before the message");
    assert!(!message.is_empty(), "a message in `{line}`");
    assert!(!message.contains('\n') && !message.contains('\r'));
    let mut file = None;
    let (mut line_no, mut column) = (None, None);
    let mut keys = Vec::new();
    for property in properties.split(',') {
        let (key, value) = property.split_once('=').expect("key=value");
        keys.push(key);
        match key {
            "file" => file = Some(value.to_owned()),
            "line" => line_no = value.parse().ok(),
            "col" => column = value.parse().ok(),
            _ => {}
        }
    }
    assert_eq!(
        keys,
        ["file", "line", "col", "endLine", "endColumn", "title"],
        "{line}"
    );
    (
        command.to_owned(),
        file.expect("a file"),
        line_no.expect("a line number"),
        column.expect("a column number"),
        message.to_owned(),
    )
}

#[test]
fn github_lines_are_workflow_commands_at_the_json_positions() {
    let github = validate_in("github", &[FAILING_LOGS], &[]);
    let json = validate_in("json", &[FAILING_LOGS], &[]);
    let parsed: Vec<_> = github.stdout.lines().map(parse_github_line).collect();
    let diagnostics = json.diagnostics();
    assert_eq!(parsed.len(), diagnostics.len(), "{}", github.stdout);
    for ((command, file, line, column, message), d) in parsed.iter().zip(&diagnostics) {
        assert_eq!(command, &d.severity, "error and warning keep their names");
        assert_eq!((file, *line, *column), (&d.file, d.line, d.column));
        assert!(
            message.starts_with(&d.message.replace('%', "%25")),
            "{message}"
        );
    }
    assert!(
        github.stdout.contains(",title=L014 gap-too-long::"),
        "the title names the rule:\n{}",
        github.stdout
    );
}

/// A JUnit test case as read back from the XML.
#[derive(Debug, PartialEq)]
struct Case {
    name: String,
    file: String,
    failure_type: Option<String>,
}

/// Reads the whole document with quick-xml (so it is well-formed) and returns the test cases
/// and the `tests`/`failures` counts of the root.
fn read_junit(xml: &str) -> (Vec<Case>, u64, u64) {
    let mut reader = Reader::from_str(xml);
    let mut cases: Vec<Case> = Vec::new();
    let (mut tests, mut failures) = (None, None);
    let attribute = |e: &quick_xml::events::BytesStart, key: &str| -> Option<String> {
        e.try_get_attribute(key)
            .expect("a well-formed attribute")
            .map(|a| {
                a.normalized_value(XmlVersion::Explicit1_0)
                    .expect("an attribute value that unescapes")
                    .into_owned()
            })
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_owned();
                match name.as_str() {
                    "testsuites" => {
                        tests = attribute(&e, "tests").and_then(|n| n.parse().ok());
                        failures = attribute(&e, "failures").and_then(|n| n.parse().ok());
                    }
                    "testcase" => cases.push(Case {
                        name: attribute(&e, "name").expect("a testcase name"),
                        file: attribute(&e, "file").expect("a testcase file"),
                        failure_type: None,
                    }),
                    "failure" => {
                        cases
                            .last_mut()
                            .expect("a failure inside a testcase")
                            .failure_type = attribute(&e, "type");
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    (
        cases,
        tests.expect("`tests` on the root"),
        failures.expect("`failures` on the root"),
    )
}

#[test]
fn junit_has_a_testcase_per_log_and_failures_for_the_failing_ones() {
    let output = validate_in("junit", &[COMPLIANT_LOGS, FAILING_LOGS], &[]);
    assert_eq!(output.status, 1, "{output:#?}");
    assert!(
        output
            .stdout
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    );
    let (cases, tests, failures) = read_junit(&output.stdout);
    let summary: Vec<(&str, &str, Option<&str>)> = cases
        .iter()
        .map(|c| (c.name.as_str(), c.file.as_str(), c.failure_type.as_deref()))
        .collect();
    // In file order (then by place in the file), whatever the order of the arguments.
    assert_eq!(
        summary,
        [
            (
                "pair-041",
                "programs/logs/senior-ic-failing/cadence-gap.toml",
                Some("L014")
            ),
            (
                "pair-045",
                "programs/logs/senior-ic-failing/lens-in-framing.toml",
                Some("L019")
            ),
            (
                "pair-043",
                "programs/logs/senior-ic-failing/missing-outcome.json",
                Some("L023")
            ),
            (
                "pair-042",
                "programs/logs/senior-ic-failing/misspelled-lens.toml",
                Some("L008")
            ),
            (
                "pair-044",
                "programs/logs/senior-ic-failing/overdue-milestone.toml",
                Some("L028")
            ),
            (
                "pair-031",
                "programs/logs/senior-ic/cohort-2025-spring.jsonl",
                None
            ),
            (
                "pair-032",
                "programs/logs/senior-ic/cohort-2025-spring.jsonl",
                None
            ),
            // Stalled since 2025-04-21, and past its 12 weeks.
            (
                "pair-033",
                "programs/logs/senior-ic/cohort-2025-spring.jsonl",
                Some("L035")
            ),
            ("pair-017", "programs/logs/senior-ic/pair-017.toml", None),
            ("pair-021", "programs/logs/senior-ic/pair-021.json", None),
        ]
    );
    let reversed = validate_in("junit", &[FAILING_LOGS, COMPLIANT_LOGS], &[]);
    assert_eq!(
        reversed.stdout, output.stdout,
        "the order of the arguments does not matter"
    );
    // The five failing examples and the stalled `pair-033`.
    assert_eq!((tests, failures), (10, 6));
}

#[test]
fn output_writes_other_formats_in_the_same_run() {
    let scratch = Scratch::new();
    let dir = scratch.path();
    let targets: Vec<(&str, String)> = ["short", "json", "sarif", "github", "junit"]
        .iter()
        .map(|f| (*f, dir.join(format!("report.{f}")).display().to_string()))
        .collect();
    let mut extra = Vec::new();
    let specs: Vec<String> = targets.iter().map(|(f, p)| format!("{f}={p}")).collect();
    for spec in &specs {
        extra.extend(["--output", spec.as_str()]);
    }
    let human = validate_in("human", &[FAILING_LOGS], &extra);
    assert_eq!(human.status, 1, "{human:#?}");
    assert_eq!(human.stderr, "");
    assert_eq!(
        human.stdout,
        validate_in("human", &[FAILING_LOGS], &[]).stdout,
        "stdout is the same with or without --output"
    );
    for (format, path) in &targets {
        let written = std::fs::read_to_string(path).expect("the --output file is written");
        let printed = validate_in(format, &[FAILING_LOGS], &[]).stdout;
        assert_eq!(
            written, printed,
            "--output {format}= equals --format {format}"
        );
    }
}

#[test]
fn an_unwritable_output_exits_2_and_keeps_stdout() {
    let scratch = Scratch::new();
    let missing_dir = scratch.path().join("no-such-dir").join("report.sarif");
    let spec = format!("sarif={}", missing_dir.display());
    let json_path = scratch.path().join("report.json");
    let json_spec = format!("json={}", json_path.display());
    let output = validate_in(
        "short",
        &[FAILING_LOGS],
        &["--output", &spec, "--output", &json_spec],
    );
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(
        output.stdout,
        validate_in("short", &[FAILING_LOGS], &[]).stdout,
        "the report on stdout is complete"
    );
    assert!(
        output.stderr.contains("cannot write") && output.stderr.contains("report.sarif"),
        "{}",
        output.stderr
    );
    assert!(!missing_dir.exists());
    assert_eq!(
        std::fs::read_to_string(&json_path).expect("the other --output is still written"),
        validate_in("json", &[FAILING_LOGS], &[]).stdout
    );
}

#[test]
fn a_clean_run_in_every_format() {
    for format in FORMATS {
        // As of the last day the cohort's active pair is on time (it stalls after it).
        let output = validate_as_of(COMPLIANT_AS_OF, format, &[COMPLIANT_LOGS], &[]);
        assert_eq!(output.status, 0, "{format}\n{output:#?}");
        match *format {
            "human" | "short" => assert_eq!(
                output.stdout,
                "validated 5 logs (21 held sessions) in 3 files: no problems\n"
            ),
            "github" => assert_eq!(output.stdout, ""),
            "json" => {
                let json = output.json();
                assert_eq!(json["diagnostics"], serde_json::json!([]));
                assert_eq!(
                    json["summary"],
                    serde_json::json!({"files": 3, "logs": 5, "sessions": 21, "errors": 0, "warnings": 0, "advice": 0})
                );
            }
            "sarif" => assert_eq!(output.json()["runs"][0]["results"], serde_json::json!([])),
            _ => {
                let (cases, tests, failures) = read_junit(&output.stdout);
                assert_eq!((cases.len(), tests, failures), (5, 5, 0));
            }
        }
    }
}

#[test]
fn junit_reports_what_no_log_owns_and_stays_well_formed() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    // A program with an error: the logs are not validated, and the program's case fails.
    scratch.write(
        "broken.mentor",
        "program demo \"Demo\" {\n    phase a \"A\" sessions 1..2 { lenses any }\n    phase b \"B\" sessions 2..3 { lenses any }\n}\n",
    );
    let log = std::fs::read_to_string(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
        .expect("the example log");
    scratch.write("logs/pair.toml", &log);
    let output = scratch.run(&[
        "validate",
        "-p",
        "broken.mentor",
        "--format",
        "junit",
        "logs",
    ]);
    assert_eq!(output.status, 2);
    let (cases, _, failures) = read_junit(&output.stdout);
    assert!(failures >= 1, "{}", output.stdout);
    assert!(
        cases
            .iter()
            .any(|c| c.file == "broken.mentor" && c.failure_type.as_deref() == Some("P004")),
        "{}",
        output.stdout
    );

    // An unreadable line of a JSON Lines file, and a pair id with a control character and a
    // line break: a case for the line, and a document an XML reader accepts.
    let cohort = std::fs::read_to_string(
        crate_root().join("programs/logs/senior-ic/cohort-2025-spring.jsonl"),
    )
    .expect("the cohort");
    let first = cohort
        .lines()
        .next()
        .expect("a line")
        .replacen("pair-031", "p\\u0001\\n<&>", 1);
    scratch.write("cohort.jsonl", format!("{first}\ngarbage\n"));
    let output = scratch.run(&[
        "validate",
        "-p",
        "programs",
        "--as-of",
        "2026-06-01",
        "--format",
        "junit",
        "cohort.jsonl",
    ]);
    assert_eq!(output.status, 2, "{output:#?}");
    let (cases, tests, failures) = read_junit(&output.stdout);
    assert_eq!((tests, failures), (2, 1), "{}", output.stdout);
    assert!(
        cases
            .iter()
            .any(|c| c.file == "cohort.jsonl" && c.failure_type.as_deref() == Some("F003")),
        "{}",
        output.stdout
    );
    assert!(!output.stdout.contains('\u{1}'));
}
