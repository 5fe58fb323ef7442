//! What `mentor validate` does with its inputs: logs that hold no log, exit statuses,
//! `--deny-warnings`, directories, standard input, unknown programs, and privacy.

use super::{AS_OF, COMPLIANT_AS_OF, FAILING_LOGS};
use crate::support::{Output, Scratch, crate_root, run_in, run_in_with_stdin, validate_json};

const SENIOR_IC: &str = "programs/senior-ic.mentor";
const PASSING: &str = "tests/fixtures/validate/passing/senior-ic.toml";
const FORMATS: &[&str] = &["human", "short", "json", "sarif", "github", "junit"];

fn senior_ic_path() -> String {
    crate_root()
        .join(SENIOR_IC)
        .to_str()
        .expect("a UTF-8 path")
        .to_owned()
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(crate_root().join(relative)).expect("read the file")
}

/// A file name, its bytes, and the code and 1-based (line, column) it must get.
type NoLogCase = (&'static str, &'static [u8], &'static str, (u64, u64));

/// Files that hold no log.
const NO_LOG: &[NoLogCase] = &[
    ("garbage.toml", b"this is not a log\n", "F003", (1, 6)),
    (
        "garbage.json",
        b"{\"program\": \"senior-ic\",\n \"pair\" }\n",
        "F003",
        (2, 9),
    ),
    ("garbage.jsonl", b"not json\n", "F003", (1, 2)),
    ("empty.toml", b"", "F003", (1, 1)),
    ("empty.json", b"", "F003", (1, 1)),
    ("empty.jsonl", b"", "F003", (1, 1)),
    ("blank.toml", b"  \n\n", "F003", (1, 1)),
    ("null.json", b"null", "F003", (1, 1)),
    ("list.json", b"[]", "F003", (1, 1)),
    ("number.json", b"42\n", "F003", (1, 1)),
    ("null.jsonl", b"null\n", "F003", (1, 1)),
    (
        "latin1.toml",
        b"program = \"senior-ic\"\npair = \"caf\xe9\"\n",
        "F002",
        (2, 12),
    ),
    ("utf16.json", b"\xff\xfe{\x00}\x00", "F002", (1, 1)),
    ("binary.toml", b"\x00\x01\x02\x03\xc3\x28", "F002", (1, 5)),
];

fn assert_could_not_check(output: &Output, what: &str) {
    assert_eq!(output.status, 2, "{what}: exit status\n{output:#?}");
    assert!(
        !output.stderr.contains("panicked"),
        "{what}: no panic\n{}",
        output.stderr
    );
}

#[test]
fn files_that_hold_no_log_get_a_file_diagnostic_and_exit_2() {
    let scratch = Scratch::new();
    let program = senior_ic_path();
    for (name, bytes, code, (line, column)) in NO_LOG {
        scratch.write(name, bytes);
        let (output, diagnostics) = validate_json(
            scratch.path(),
            &["--as-of", AS_OF, "--program", &program, name],
        );
        assert_could_not_check(&output, name);
        let found: Vec<(&str, &str, u64, u64)> = diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.file.as_str(), d.line, d.column))
            .collect();
        assert_eq!(found, [(*code, *name, *line, *column)], "{name}");
        for format in FORMATS {
            let output = validate_as(&scratch, &program, name, format);
            assert_could_not_check(&output, &format!("{name} as {format}"));
            if *format != "github" {
                assert!(
                    output.stdout.contains(code),
                    "{name} as {format}:\n{}",
                    output.stdout
                );
            }
        }
    }
}

#[test]
fn a_log_file_that_does_not_exist_is_f001() {
    let (output, diagnostics) = validate_json(
        crate_root(),
        &[
            "--as-of",
            AS_OF,
            "--program",
            SENIOR_IC,
            "programs/logs/pair-999.toml",
        ],
    );
    assert_could_not_check(&output, "a missing log");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "F001");
    assert!(
        diagnostics[0]
            .message
            .contains("`programs/logs/pair-999.toml`")
    );
}

#[test]
fn one_unreadable_log_among_good_ones_still_exits_2_and_checks_the_others() {
    let scratch = Scratch::new();
    scratch.write("logs/a-null.json", "null");
    scratch.write(
        "logs/b-cadence-gap.toml",
        read("programs/logs/senior-ic-failing/cadence-gap.toml"),
    );
    let program = senior_ic_path();
    let (output, diagnostics) = validate_json(
        scratch.path(),
        &["--as-of", AS_OF, "--program", &program, "logs"],
    );
    assert_could_not_check(&output, "a null log next to a failing one");
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["F003", "L014"]);
}

#[test]
fn standard_input_that_holds_no_log_exits_2() {
    for (what, bytes, code) in [
        ("garbage", &b"this is not a log"[..], "F003"),
        ("empty", b"", "F003"),
        ("null", b"null", "F003"),
        ("a list", b"[]", "F003"),
        ("not UTF-8", b"pair = \"caf\xe9\"", "F002"),
    ] {
        let output = run_in_with_stdin(
            crate_root(),
            &[
                "validate",
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "--program",
                SENIOR_IC,
                "-",
            ],
            bytes,
        );
        assert_could_not_check(&output, what);
        let diagnostics = output.diagnostics();
        assert_eq!(diagnostics.len(), 1, "{what}: {diagnostics:#?}");
        assert_eq!(
            (diagnostics[0].code.as_str(), diagnostics[0].file.as_str()),
            (code, "<stdin>"),
            "{what}"
        );
    }
}

#[test]
fn standard_input_is_read_for_dash_in_any_log_format() {
    let toml = read(PASSING);
    let json = read("tests/fixtures/validate/passing/senior-ic.json");
    let jsonl = read("programs/logs/senior-ic/cohort-2025-spring.jsonl");
    for (what, text, summary) in [
        (
            "TOML",
            &toml,
            "validated 1 log (5 held sessions) in 1 file: no problems\n",
        ),
        (
            "JSON",
            &json,
            "validated 1 log (5 held sessions) in 1 file: no problems\n",
        ),
        (
            "JSON Lines",
            &jsonl,
            "validated 3 logs (11 held sessions) in 1 file: no problems\n",
        ),
    ] {
        let output = run_in_with_stdin(
            crate_root(),
            // As of the last day the example cohort is compliant (`pair-033` stalls after it).
            &[
                "validate",
                "--as-of",
                COMPLIANT_AS_OF,
                "--program",
                SENIOR_IC,
                "-",
            ],
            text.as_bytes(),
        );
        assert_eq!(
            (output.status, output.stdout.as_str()),
            (0, summary),
            "{what}\n{output:#?}"
        );
    }
}

#[test]
fn a_failing_log_on_standard_input_is_reported_at_stdin_lines() {
    let log = read("tests/fixtures/validate/L014-gap-of-35-days.toml");
    let output = run_in_with_stdin(
        crate_root(),
        &[
            "validate",
            "--as-of",
            AS_OF,
            "--format",
            "short",
            "--program",
            SENIOR_IC,
            "-",
            "tests/fixtures/validate/passing/senior-ic.json",
        ],
        log.as_bytes(),
    );
    assert_eq!(output.status, 1, "{output:#?}");
    assert_eq!(
        output.stdout,
        "<stdin>:56:15: error[L014] session 5 on 2025-03-24 is 35 days after session 4 on 2025-02-17; \
         the program allows at most 28 days (4 weeks)\n\
         validated 2 logs (10 held sessions) in 2 files: 1 error\n"
    );
}

#[test]
fn directories_are_searched_recursively_for_logs() {
    let scratch = Scratch::new();
    scratch.write("logs/2025/spring/pair-017.toml", read(PASSING));
    scratch.write(
        "logs/2025/pair-021.json",
        read("tests/fixtures/validate/passing/senior-ic.json"),
    );
    scratch.write(
        "logs/cohort.jsonl",
        read("programs/logs/senior-ic/cohort-2025-spring.jsonl"),
    );
    scratch.write(
        "logs/deep/er/still/gap.toml",
        // Another pair than `pair-017.toml`'s: one log per pair.
        read("tests/fixtures/validate/L014-gap-of-35-days.toml")
            .replace("\"pair-017\"", "\"pair-099\""),
    );
    scratch.write("logs/notes.md", "not a log: # [[sessions]]\n");
    // A platform's CSV export is a log file too: a pair that has just started.
    scratch.write(
        "logs/export.csv",
        "program,pair,started\nsenior-ic,pair-200,2025-04-14\n",
    );
    let program = senior_ic_path();
    let output = scratch.run(&[
        "validate",
        "--as-of",
        COMPLIANT_AS_OF,
        "--format",
        "short",
        "--program",
        &program,
        "logs",
    ]);
    assert_eq!(output.status, 1, "{output:#?}");
    let lines: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", output.stdout);
    assert!(
        lines[0].starts_with("logs/deep/er/still/gap.toml:56:15: error[L014] "),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        "validated 7 logs (26 held sessions) in 5 files: 1 error"
    );
}

#[test]
fn the_example_directories_and_a_directory_of_programs() {
    // The README's first command, as of the day it gives.
    let output = run_in(
        crate_root(),
        &[
            "validate",
            "--as-of",
            "2025-06-01",
            "--format",
            "short",
            "--program",
            "programs",
            "programs/logs",
        ],
    );
    assert_eq!(output.status, 1, "{output:#?}");
    assert!(
        output
            .stdout
            .ends_with("validated 10 logs (46 held sessions) in 8 files: 8 errors, 2 warnings\n"),
        "{}",
        output.stdout
    );
    // The failing examples, and the cohort's active pair, which has stalled (`pair-033`, the
    // third line of the cohort): no session since 2025-03-24, and past its 12 weeks.
    let stalled = "programs/logs/senior-ic/cohort-2025-spring.jsonl:3:";
    assert!(
        output.stdout.lines().all(|l| l.starts_with(FAILING_LOGS)
            || l.starts_with(stalled)
            || l.starts_with("validated")),
        "only the failing examples and the stalled pair are reported:\n{}",
        output.stdout
    );
    let codes = |prefix: &str| -> Vec<String> {
        output
            .stdout
            .lines()
            .filter(|l| l.starts_with(prefix))
            .filter_map(|l| l.split(['[', ']']).nth(1).map(str::to_owned))
            .collect()
    };
    assert_eq!(codes(stalled), ["L037", "L035"], "{}", output.stdout);
}

#[test]
fn an_unknown_program_gets_l005_with_did_you_mean_among_several_programs() {
    let (output, diagnostics) = validate_json(
        crate_root(),
        &[
            "--as-of",
            AS_OF,
            "--program",
            "programs",
            "tests/fixtures/validate/L005-misspelled-program.toml",
        ],
    );
    assert_eq!(output.status, 1, "{output:#?}");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, "L005");
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `senior-ic`?")
    );

    // Nothing close: the help lists the programs there are.
    let log = read(PASSING).replace("\"senior-ic\"", "\"first-line-managers\"");
    let scratch = Scratch::new();
    scratch.write("pair.toml", log);
    let programs = crate_root().join("programs");
    let (output, diagnostics) = validate_json(
        scratch.path(),
        &[
            "--as-of",
            AS_OF,
            "--program",
            programs.to_str().expect("UTF-8"),
            "pair.toml",
        ],
    );
    assert_eq!(output.status, 1, "{output:#?}");
    assert_eq!(diagnostics[0].code, "L005");
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("known program ids: `leadership-tracks`, `senior-ic`")
    );
}

#[test]
fn a_log_against_a_broken_program_is_not_validated() {
    let scratch = Scratch::new();
    scratch.write(
        "broken.mentor",
        read(SENIOR_IC).replace("session at least 45 minutes", "sesion at least 45 minutes"),
    );
    scratch.write("lib/lenses.mentor", read("programs/lib/lenses.mentor"));
    let log = crate_root().join("tests/fixtures/validate/L014-gap-of-35-days.toml");
    let output = scratch.run(&[
        "validate",
        "--as-of",
        AS_OF,
        "--format",
        "short",
        "--program",
        "broken.mentor",
        log.to_str().expect("UTF-8"),
    ]);
    // The logs could not be checked: exit 2, and the summary counts none as validated.
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(output.stdout.contains("error[S002]"), "{}", output.stdout);
    assert!(
        !output.stdout.contains("L014"),
        "the log is not checked:\n{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("validated 0 logs (0 held sessions)"),
        "{}",
        output.stdout
    );
    assert_eq!(
        output.stderr,
        "note: the logs were not validated because a program has errors\n"
    );
}

#[test]
fn warnings_exit_0_unless_denied() {
    for fixture in [
        (
            "programs/senior-ic.mentor",
            "tests/fixtures/validate/L006-started-on-an-older-version.toml",
        ),
        (
            "programs/leadership-tracks.mentor",
            "tests/fixtures/validate/L015-sessions-4-days-apart.toml",
        ),
        (
            "programs/leadership-tracks.mentor",
            "tests/fixtures/validate/L017-session-of-120-minutes.toml",
        ),
    ] {
        let (program, log) = fixture;
        let base = [
            "validate",
            "--as-of",
            AS_OF,
            "--format",
            "junit",
            "--program",
            program,
            log,
        ];
        let allowed = run_in(crate_root(), &base);
        assert_eq!(allowed.status, 0, "{log}\n{allowed:#?}");
        assert!(
            allowed.stdout.contains("<system-out>"),
            "a warning is not a failure:\n{}",
            allowed.stdout
        );
        assert!(!allowed.stdout.contains("<failure"), "{}", allowed.stdout);

        let mut denied_args = base.to_vec();
        denied_args.insert(1, "--deny-warnings");
        let denied = run_in(crate_root(), &denied_args);
        assert_eq!(denied.status, 1, "{log} with --deny-warnings\n{denied:#?}");
        assert!(denied.stdout.contains("<failure"), "{}", denied.stdout);
    }
    // A clean log stays at 0, and an error is 1 either way.
    for (log, status) in [
        (PASSING, 0),
        ("tests/fixtures/validate/L014-gap-of-35-days.toml", 1),
    ] {
        let output = run_in(
            crate_root(),
            &[
                "validate",
                "--deny-warnings",
                "--as-of",
                AS_OF,
                "--program",
                SENIOR_IC,
                log,
            ],
        );
        assert_eq!(output.status, status, "{log}\n{output:#?}");
    }
}

/// A marker no output may show: it only ever appears in takeaways, answers and other texts
/// a pair wrote.
const MARKER: &str = "QX7-private-reflection-ZK4";

/// pair-017 with the marker in its texts, next to several mistakes: an unknown top-level
/// field holding a text, a session too short, a status that is a sentence, a misspelled
/// answer field, a blank answer.
fn private_log() -> String {
    let log = read(PASSING);
    let log = log
        .replace(
            "started  = 2025-01-06",
            &format!("started  = 2025-01-06\nnotes    = \"{MARKER} in notes\""),
        )
        .replace("minutes  = 50", "minutes  = 30")
        .replace(
            "outcome  = \"assumption\"",
            &format!("outcome  = \"assumption\"\nstatus   = \"{MARKER} as a status\""),
        )
        .replace(
            "optimized-for = \"Team stability during the reorganisation\"",
            &format!("optimised-for = \"{MARKER} in a misspelled answer\""),
        )
        .replace(
            "trade-off     = \"Two senior engineers stay overloaded a little longer\"",
            "trade-off     = \"\"",
        );
    let mut log = log;
    for takeaway in log
        .lines()
        .filter(|l| l.starts_with("takeaway") || l.starts_with("chose") || l.starts_with("who"))
        .map(str::to_owned)
        .collect::<Vec<_>>()
    {
        let (key, _) = takeaway.split_once('=').expect("key = value");
        log = log.replace(&takeaway, &format!("{key}= \"{MARKER} {key}\""));
    }
    log
}

#[test]
fn no_output_format_shows_what_the_pair_wrote() {
    let log = private_log();
    assert!(log.matches(MARKER).count() >= 10, "{log}");
    let scratch = Scratch::new();
    scratch.write("pair.toml", &log);
    let json_log = read("tests/fixtures/validate/passing/senior-ic.json")
        .replace("\"takeaway\": \"", &format!("\"takeaway\": \"{MARKER} "))
        .replace("\"minutes\": 50", &format!("\"minutes\": \"{MARKER}\""))
        .replace("\"chose\": \"", &format!("\"choose\": \"{MARKER} "));
    scratch.write("pair.json", &json_log);
    // The same pair once more, on one line and otherwise clean: `L034` shows its line too.
    let clean = read("tests/fixtures/validate/passing/senior-ic.json")
        .replace("\"takeaway\": \"", &format!("\"takeaway\": \"{MARKER} "));
    let one_line: serde_json::Value = serde_json::from_str(&clean).expect("the log is JSON");
    scratch.write("again.jsonl", format!("{one_line}\n"));
    let program = senior_ic_path();

    let mut codes = Vec::new();
    for format in FORMATS {
        let output = scratch.run(&[
            "validate",
            "--as-of",
            AS_OF,
            "--color",
            "never",
            "--format",
            format,
            "--program",
            &program,
            "pair.toml",
            "pair.json",
            "again.jsonl",
        ]);
        assert_eq!(output.status, 1, "{format}\n{output:#?}");
        if *format == "json" {
            codes = output.diagnostics().into_iter().map(|d| d.code).collect();
        }
        // The human report shows the log's own lines around each label, with the pair's
        // words masked: no format shows them, not even in a quoted line.
        let shown = output.stdout.clone();
        assert!(
            !shown.contains(MARKER) && !output.stderr.contains(MARKER),
            "{format} shows the private text:\n{}",
            output.stdout
        );
    }
    for code in ["L001", "L003", "L011", "L016", "L022", "L034"] {
        assert!(
            codes.iter().any(|c| c == code),
            "{code} is reported: {codes:?}"
        );
    }
}

#[test]
fn a_log_that_does_not_parse_is_shown_without_the_pairs_words() {
    let scratch = Scratch::new();
    // A takeaway whose closing quote is missing, a bare sentence where text belongs, and a
    // JSON Lines record cut short: none parses, and each line holds words.
    let toml = read(PASSING).replacen(
        "takeaway",
        &format!("takeaway = \"{MARKER} unterminated\nnotes = {MARKER} bare words\nx"),
        1,
    );
    scratch.write("broken.toml", &toml);
    let clean = read("tests/fixtures/validate/passing/senior-ic.json");
    let one_line: serde_json::Value = serde_json::from_str(&clean).expect("the log is JSON");
    let line =
        one_line
            .to_string()
            .replacen("\"takeaway\":\"", &format!("\"takeaway\":\"{MARKER} "), 1);
    let cut = &line[..line.len() / 2];
    scratch.write("broken.jsonl", format!("{cut}\n{line}\n"));
    let program = senior_ic_path();
    for file in ["broken.toml", "broken.jsonl"] {
        for format in FORMATS {
            let output = validate_as(&scratch, &program, file, format);
            assert_eq!(output.status, 2, "{file} as {format}\n{output:#?}");
            assert!(
                !output.stdout.contains(MARKER) && !output.stderr.contains(MARKER),
                "{file} as {format} shows the pair's words:\n{}",
                output.stdout
            );
        }
        // The human report still shows where reading stopped, among the masked lines.
        let human = scratch.run(&[
            "validate",
            "--as-of",
            AS_OF,
            "--color",
            "never",
            "--program",
            &program,
            file,
        ]);
        assert!(
            human.stdout.contains("F003") && human.stdout.contains("***"),
            "{}",
            human.stdout
        );
        let report = scratch.run(&["report", "-p", &program, "--as-of", AS_OF, file]);
        assert_eq!(report.status, 2);
        assert!(
            report.stderr.contains("F003") && !report.stderr.contains(MARKER),
            "{}",
            report.stderr
        );
    }
}

/// `mentor validate --format FORMAT --program senior-ic FILE` for a hostile input: every
/// format, each a diagnostic with exit 1 or 2, fast and short (see `run_hostile`); returns the
/// codes of the JSON run.
fn validate_hostile(scratch: &Scratch, what: &str, file: &str) -> (i32, Vec<String>) {
    let program = senior_ic_path();
    let mut result = (0, Vec::new());
    for format in FORMATS {
        let output = crate::support::run_hostile(
            scratch,
            &format!("{what} as {format}"),
            &[
                "validate",
                "--as-of",
                AS_OF,
                "--color",
                "always",
                "--format",
                format,
                "--program",
                &program,
                file,
            ],
        );
        if *format == "json" {
            let codes = output.diagnostics().into_iter().map(|d| d.code).collect();
            result = (output.status, codes);
        }
    }
    result
}

#[test]
fn deep_nesting_in_logs_is_f003_in_every_log_format() {
    let scratch = Scratch::new();
    let depth = 100_000;
    let brackets = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let cases = [
        ("deep.json", brackets.clone()),
        ("deep-objects.json", objects.clone()),
        ("deep.jsonl", format!("{objects}\n{brackets}\n")),
        (
            "deep-in-a-log.json",
            read("tests/fixtures/validate/passing/senior-ic.json").replacen(
                "\"mentor-09\"",
                &brackets,
                1,
            ),
        ),
        ("deep.toml", format!("a = {brackets}\n")),
        // Past the keys a clean log's reader builds from (it stops at toml's depth too).
        (
            "deep-in-a-log.toml",
            read(PASSING).replacen("\"mentor-04\"", &brackets, 1),
        ),
        (
            "deep-inline.toml",
            format!("a = {}1{}\n", "{b = ".repeat(depth), "}".repeat(depth)),
        ),
        ("deep-dotted.toml", format!("a{} = 1\n", ".a".repeat(depth))),
        ("deep-header.toml", format!("[a{}]\n", ".a".repeat(depth))),
    ];
    for (name, text) in cases {
        scratch.write(name, &text);
        let (status, codes) = validate_hostile(&scratch, name, name);
        assert_eq!(status, 2, "{name}: {codes:?}");
        assert!(codes.iter().all(|c| c == "F003"), "{name}: {codes:?}");
    }
}

#[test]
fn strings_of_tens_of_megabytes_are_neither_echoed_nor_slow() {
    let scratch = Scratch::new();
    let huge = "x".repeat(30_000_000);
    let toml = read(PASSING);
    let json = read("tests/fixtures/validate/passing/senior-ic.json");
    let cases = [
        (
            "key.toml",
            toml.replacen("mentee   =", &format!("{huge} ="), 1),
            "L001",
        ),
        (
            "status.toml",
            toml.replacen("\"completed\"", &format!("\"{huge}\""), 1),
            "L003",
        ),
        (
            "outcome.toml",
            toml.replacen("\"assumption\"", &format!("\"{huge}\""), 1),
            "L009",
        ),
        (
            "key.json",
            json.replacen("\"mentee\"", &format!("\"{huge}\""), 1),
            "L001",
        ),
        (
            "status.jsonl",
            json.replace('\n', "")
                .replacen("\"completed\"", &format!("\"{huge}\""), 1),
            "L003",
        ),
    ];
    for (name, text, code) in cases {
        scratch.write(name, &text);
        let (status, codes) = validate_hostile(&scratch, name, name);
        assert_eq!((status, codes), (1, vec![code.to_owned()]), "{name}");
    }
}

#[test]
fn odd_values_in_logs_are_diagnostics() {
    let scratch = Scratch::new();
    let toml = read(PASSING);
    let json = read("tests/fixtures/validate/passing/senior-ic.json");
    let cases = [
        (
            "nul.toml",
            toml.replacen("pair-017", "pair\x00-017", 1),
            "F003",
        ),
        (
            "nul-in-comment.toml",
            toml.replacen("# A pair", "# A\0pair", 1),
            "F003",
        ),
        (
            "nul.json",
            json.replacen("pair-021", "pair\x00-021", 1),
            "F003",
        ),
        (
            "overflow.toml",
            toml.replacen("minutes  = 60", "minutes  = 99999999999999999999999", 1),
            "L003",
        ),
        (
            "overflow.json",
            json.replacen(
                "\"minutes\": 60",
                "\"minutes\": 123456789012345678901234567890",
                1,
            ),
            "L003",
        ),
        (
            "infinite.json",
            json.replacen("\"minutes\": 60", "\"minutes\": 1e999", 1),
            "F003",
        ),
        (
            "negative.toml",
            toml.replacen("minutes  = 60", "minutes  = -60", 1),
            "L003",
        ),
        (
            "negative.json",
            json.replacen("\"minutes\": 60", "\"minutes\": -60", 1),
            "L003",
        ),
        (
            "lowest.toml",
            toml.replacen("number   = 1", "number   = -9223372036854775808", 1),
            "L003",
        ),
        (
            "far-future.toml",
            toml.replacen("date     = 2025-01-06", "date     = 9999-12-31", 1),
            "L013",
        ),
        (
            "far-future.json",
            json.replacen("\"date\": \"2025-01-13\"", "\"date\": \"9999-12-31\"", 1),
            "L013",
        ),
        (
            "six-digit-year.json",
            json.replacen("\"2025-01-13\"", "\"+99999-12-31\"", 1),
            "L003",
        ),
    ];
    for (name, text, code) in cases {
        let original = if name.ends_with(".toml") {
            &toml
        } else {
            &json
        };
        assert_ne!(&text, original, "{name}: the replacement applies");
        scratch.write(name, &text);
        let (_, codes) = validate_hostile(&scratch, name, name);
        assert!(codes.contains(&code.to_owned()), "{name}: {codes:?}");
    }
    // An escaped NUL is a character like any other.
    scratch.write(
        "escaped-nul.json",
        json.replacen("pair-021", "pair\\u0000021", 1),
    );
    let (output, diagnostics) = validate_json(
        scratch.path(),
        &[
            "--as-of",
            AS_OF,
            "--program",
            &senior_ic_path(),
            "escaped-nul.json",
        ],
    );
    assert_eq!((output.status, diagnostics), (0, vec![]));
}

/// A log of `sessions` held sessions, one a week (the program's bounds do not matter here:
/// the point is the time it takes).
fn long_log(sessions: usize) -> String {
    let mut log = String::from(
        "program = \"senior-ic\"\nversion = \"2025.1\"\npair = \"pair-1\"\nmentor = \"m\"\n\
         mentee = \"e\"\nstarted = 2025-01-06\nstatus = \"active\"\n",
    );
    let start = jiff::civil::date(2025, 1, 6);
    for n in 0..sessions {
        let date = start.saturating_add(jiff::Span::new().days(7 * n as i64));
        log.push_str(&format!(
            "\n[[sessions]]\nnumber = {}\ndate = {date}\nminutes = 50\noutcome = \"behavior\"\n\
             takeaway = \"t\"\n",
            n + 1
        ));
    }
    log
}

#[test]
fn fifty_thousand_sessions_in_one_log_finish_fast_with_bounded_output() {
    let scratch = Scratch::new();
    scratch.write("long.toml", long_log(50_000));
    let (status, codes) = validate_hostile(&scratch, "50,000 sessions", "long.toml");
    assert_eq!(status, 1);
    assert!(codes.len() <= 200, "{} diagnostics shown", codes.len());
}

#[cfg(unix)]
#[test]
fn a_log_directory_with_a_symlink_loop_and_an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt as _;
    let scratch = Scratch::new();
    scratch.write("logs/pair.toml", read(PASSING));
    std::os::unix::fs::symlink(
        scratch.path().join("logs"),
        scratch.path().join("logs/loop"),
    )
    .expect("a symlink");
    std::os::unix::fs::symlink("missing.toml", scratch.path().join("logs/dangling.toml"))
        .expect("a symlink");
    let secret = scratch.write(
        "logs/secret.toml",
        read(PASSING).replace("\"pair-017\"", "\"pair-099\""),
    );
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let program = senior_ic_path();
    let output = crate::support::run_hostile(
        &scratch,
        "a loop and an unreadable file",
        &[
            "validate",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--program",
            &program,
            "logs",
        ],
    );
    let diagnostics = output.diagnostics();
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str()))
        .collect();
    // Reads are not denied to root: say so, and check the rest.
    if std::fs::read(&secret).is_ok() {
        eprintln!("running as root: chmod 000 does not deny reads, so logs/secret.toml is read");
        assert_eq!(found, [("F001", "logs/dangling.toml")], "{diagnostics:#?}");
    } else {
        assert_eq!(
            found,
            [("F001", "logs/dangling.toml"), ("F001", "logs/secret.toml")],
            "{diagnostics:#?}"
        );
    }
    assert_eq!(output.status, 2);
}

#[test]
fn reviews_with_their_own_lens_step_outside_the_phase_rule_and_progression() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "programs/rv.mentor",
        concat!(
            "import \"lib/lenses.mentor\"\n\n",
            "program rv \"Reviews with their own worksheet\" {\n",
            "    length 4 sessions\n",
            "    review every 4 sessions with lens progress-review\n",
            "    outcome win \"A win\"\n",
            "    phase practice \"Practice\" sessions 1..4 {\n",
            "        lenses exactly 1 of observation, assignment, debrief\n",
            "        progression observation, assignment, debrief\n",
            "    }\n",
            "}\n",
        ),
    );
    let session = |number: u32, extra: &str| {
        format!(
            "[[sessions]]\nnumber = {number}\ndate = 2025-01-{:02}\noutcome = \"win\"\n{extra}\n",
            6 + 7 * (number - 1)
        )
    };
    let answers = |lens: &str| -> String {
        let fields: &[&str] = match lens {
            "observation" => &["situation", "behavior", "impact", "norms"],
            "assignment" => &["challenge", "competency", "scope", "done", "evidence"],
            "debrief" => &["went-well", "challenged", "feedback", "insight", "apply"],
            _ => &["milestones", "evidence", "setbacks", "pairing", "next"],
        };
        let mut text = format!("lens = \"{lens}\"\n[sessions.answers]\n");
        for field in fields {
            text.push_str(&format!("{field} = \"x\"\n"));
        }
        text
    };
    let log = format!(
        "program = \"rv\"\npair = \"p\"\nstarted = 2025-01-06\n{}{}{}{}",
        session(1, &answers("observation")),
        session(2, &answers("assignment")),
        session(3, &answers("debrief")),
        // Session 4 is a review: the progression would expect `observation`.
        session(
            4,
            &format!("kind = \"review\"\n{}", answers("progress-review"))
        ),
    );
    scratch.write("logs/p.toml", &log);
    let (output, diagnostics) = validate_json(
        scratch.path(),
        &[
            "--as-of",
            AS_OF,
            "--program",
            "programs/rv.mentor",
            "logs/p.toml",
        ],
    );
    assert_eq!(
        (output.status, diagnostics.as_slice()),
        (0, &[][..]),
        "{output:#?}"
    );

    // Without `with lens`, the same review breaks the phase's rule and its progression.
    let plain = std::fs::read_to_string(scratch.path().join("programs/rv.mentor"))
        .expect("the program")
        .replace(" with lens progress-review", "");
    scratch.write("programs/rv.mentor", plain);
    let (output, diagnostics) = validate_json(
        scratch.path(),
        &[
            "--as-of",
            AS_OF,
            "--program",
            "programs/rv.mentor",
            "logs/p.toml",
        ],
    );
    assert_eq!(output.status, 1);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"L019") && codes.contains(&"L021"),
        "{codes:?}"
    );
}

#[test]
fn a_log_named_twice_is_read_once() {
    let program = crate_root().join(SENIOR_IC);
    let absolute = crate_root().join(PASSING);
    let output = run_in(
        crate_root(),
        &[
            "validate",
            "--as-of",
            AS_OF,
            "--format",
            "short",
            "--program",
            program.to_str().expect("UTF-8"),
            PASSING,
            PASSING,
            absolute.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(output.status, 0, "{output:#?}");
    assert!(
        output
            .stdout
            .contains("validated 1 log (5 held sessions) in 1 file"),
        "{}",
        output.stdout
    );
}

/// A directory is walked without asking the kernel for each file's canonical path: a file in it
/// also named on the command line, or linked to from it, is still read once.
#[cfg(unix)]
#[test]
fn a_log_in_a_named_directory_named_again_or_linked_to_is_read_once() {
    let scratch = Scratch::new();
    scratch.write("logs/pair.toml", read(PASSING));
    std::os::unix::fs::symlink("pair.toml", scratch.path().join("logs/link.toml"))
        .expect("a symlink");
    let program = senior_ic_path();
    let output = run_in(
        scratch.path(),
        &[
            "validate",
            "--as-of",
            AS_OF,
            "--format",
            "short",
            "--program",
            &program,
            "logs",
            "logs/pair.toml",
            "./logs/../logs/link.toml",
        ],
    );
    assert_eq!(output.status, 0, "{output:#?}");
    assert!(
        output
            .stdout
            .contains("validated 1 log (5 held sessions) in 1 file"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_wrong_value_is_reported_once_and_in_words() {
    let scratch = Scratch::new();
    let log = read(PASSING);
    let cases = [
        // An answer that is not a text is not also a missing answer.
        (
            log.replacen("chose         = \"", "chose         = 42 # \"", 1),
            "the answer to `chose` must be a text, found a number",
        ),
        (
            log.replacen("number   = 2", "number   = 9223372036854775807", 1),
            "`number` is too large: it must be a whole number from 1 to 4294967295",
        ),
    ];
    let program = senior_ic_path();
    for (text, message) in cases {
        assert_ne!(text, log, "the mistake is made");
        scratch.write("pair.toml", &text);
        let (output, diagnostics) = validate_json(
            scratch.path(),
            &["--as-of", AS_OF, "--program", &program, "pair.toml"],
        );
        assert_eq!(output.status, 1);
        let found: Vec<(&str, &str)> = diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(found, [("L003", message)]);
    }
}

#[test]
fn a_lens_listed_twice_in_a_session_is_one_lens() {
    let scratch = Scratch::new();
    let log = read(PASSING).replacen(
        "lens        = \"decision-review\"",
        "lens        = [\"decision-review\", \"decision-review\"]",
        1,
    );
    assert_ne!(log, read(PASSING));
    scratch.write("pair.toml", &log);
    let program = senior_ic_path();
    let (_, diagnostics) = validate_json(
        scratch.path(),
        &["--as-of", AS_OF, "--program", &program, "pair.toml"],
    );
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.message.as_str()))
        .collect();
    // Not also "uses 2 lenses" (L020).
    assert_eq!(
        found,
        [("L002", "`decision-review` is listed twice in `lens`")]
    );
}

/// `mentor validate --as-of AS_OF --color never --format FORMAT --program PROGRAM FILE` in the
/// scratch directory.
fn validate_as(scratch: &Scratch, program: &str, file: &str, format: &str) -> Output {
    scratch.run(&[
        "validate",
        "--as-of",
        AS_OF,
        "--color",
        "never",
        "--format",
        format,
        "--program",
        program,
        file,
    ])
}

#[test]
fn a_directory_without_logs_could_not_be_checked() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(scratch.path().join("logs/empty")).expect("a directory");
    scratch.write("logs/notes.md", "not a log\n");
    let program = senior_ic_path();
    let output = validate_as(&scratch, &program, "logs", "short");
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(
        output.stdout.starts_with(
            "logs:1:1: error[F001] no log file (`.toml`, `.json`, `.jsonl`, `.yaml`, `.yml`, `.csv`) in directory `logs`"
        ),
        "{}",
        output.stdout
    );
}
