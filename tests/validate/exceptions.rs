//! Approved exceptions (`--exceptions`, `mentor-exceptions.toml`): a waiver excuses the
//! finding it names until it expires, an unused or broken entry is reported where it is, and
//! every format marks what was waived. Also `--select`/`--ignore`.

use crate::support::{Diag, Output, Scratch, crate_root, validate_json};

/// `pair-041` breaks `L014` in session 4 (35 days after session 3; the program allows 28) and
/// nothing else as of these days: it is marked completed.
const GAP_LOG: &str = "programs/logs/senior-ic-failing/cadence-gap.toml";

/// The waiver of the issue, for `pair-041`.
const WAIVER: &str = r#"[[waive]]
program = "senior-ic"
pair = "pair-041"
rule = "gap-too-long"
session = 4
reason = "mentee on sick leave"
approved-by = "program-lead"
approved = 2025-03-01
expires = 2025-06-30
"#;

fn scratch_with(exceptions: &str) -> Scratch {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write("exceptions.toml", exceptions);
    scratch
}

/// The arguments that validate the gap log with `exceptions.toml` as of `day`.
fn gap_args(day: &str) -> Vec<&str> {
    args_for(GAP_LOG, day)
}

/// The arguments that validate `logs` with `exceptions.toml` as of `day`.
fn args_for<'a>(logs: &'a str, day: &'a str) -> Vec<&'a str> {
    vec![
        "-p",
        "programs/senior-ic.mentor",
        logs,
        "--as-of",
        day,
        "--exceptions",
        "exceptions.toml",
    ]
}

/// `validate --format json` of the gap log with `exceptions.toml`, as of `day`.
fn validate(scratch: &Scratch, day: &str, extra: &[&str]) -> (Output, Vec<Diag>) {
    let mut args = gap_args(day);
    args.extend_from_slice(extra);
    validate_json(scratch.path(), &args)
}

/// `validate --format FORMAT` of the gap log with `exceptions.toml` as of 2025-06-01.
fn validate_in_format(scratch: &Scratch, format: &str) -> Output {
    let mut args = vec!["validate", "--format", format];
    args.extend(gap_args("2025-06-01"));
    scratch.run(&args)
}

fn codes(diagnostics: &[Diag]) -> Vec<(&str, &str, u64, u64)> {
    diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.severity.as_str(), d.line, d.column))
        .collect()
}

#[test]
fn a_waiver_excuses_its_finding_until_it_expires_then_the_expiry_is_reported() {
    let scratch = scratch_with(WAIVER);
    let (on_the_last_day, found) = validate(&scratch, "2025-06-30", &[]);
    assert_eq!(on_the_last_day.status, 0, "{on_the_last_day:#?}");
    // JSON carries the waived finding, marked; nothing stands.
    assert_eq!(codes(&found), [("L014", "error", 42, 15)]);
    let json = on_the_last_day.json();
    let waived = &json["diagnostics"][0]["waived"];
    assert_eq!(waived["reason"], "mentee on sick leave");
    assert_eq!(waived["approved_by"], "program-lead");
    assert_eq!(waived["expires"], "2025-06-30");
    assert_eq!(waived["entry"]["line"], 1);
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["waived"], 1);

    let (the_day_after, found) = validate(&scratch, "2025-07-01", &[]);
    assert_eq!(the_day_after.status, 1, "{the_day_after:#?}");
    assert_eq!(
        codes(&found),
        [("C004", "warning", 9, 11), ("L014", "error", 42, 15)]
    );
    assert_eq!(
        found[0].message,
        "the waiver for pair `pair-041` expired on 2025-06-30: it no longer applies as of 2025-07-01"
    );
    // The finding that stands again points at the waiver that expired.
    let json = the_day_after.json();
    let labels = json["diagnostics"][1]["labels"].as_array().cloned();
    let expired_label = labels
        .unwrap_or_default()
        .into_iter()
        .find(|l| l["file"] == "exceptions.toml");
    assert_eq!(
        expired_label.map(|l| (l["line"].clone(), l["message"].clone())),
        Some((
            9.into(),
            "a waiver of this finding expired on 2025-06-30".into()
        ))
    );
}

#[test]
fn the_human_summary_counts_the_waived_and_lists_them_only_when_asked() {
    let scratch = scratch_with(WAIVER);
    let mut args = vec!["validate", "--color", "never"];
    args.extend(gap_args("2025-06-01"));
    let quiet = scratch.run(&args);
    assert_eq!(quiet.status, 0, "{quiet:#?}");
    assert_eq!(
        quiet.stdout,
        "validated 1 log (5 held sessions) in 1 file: no problems, 1 waived\n"
    );
    let mut shown_args = args.to_vec();
    shown_args.push("--show-waived");
    let shown = scratch.run(&shown_args);
    assert_eq!(shown.status, 0);
    assert!(
        shown.stdout.contains("waived: session 4 on 2025-03-10"),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains(
            "waived by program-lead on 2025-03-01 until 2025-06-30: mentee on sick leave"
        ),
        "{}",
        shown.stdout
    );
    // The log's own words stay private when the waived finding shows its lines.
    assert!(!shown.stdout.contains("skip-level"), "{}", shown.stdout);

    shown_args.extend(["--format", "short"]);
    let short = scratch.run(&shown_args);
    assert!(
        short.stdout.starts_with(&format!(
            "{GAP_LOG}:42:15: waived[L014] session 4 on 2025-03-10 is 35 days after session 3"
        )),
        "{}",
        short.stdout
    );
}

#[test]
fn an_unused_waiver_is_a_warning_that_suggests_the_pair_read() {
    let scratch = scratch_with(&WAIVER.replace("pair-041", "pair-41"));
    let (output, found) = validate(&scratch, "2025-06-01", &[]);
    assert_eq!(output.status, 1);
    assert_eq!(
        codes(&found),
        [("C005", "warning", 3, 8), ("L014", "error", 42, 15)]
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some("no log of pair `pair-41` was read; did you mean `pair-041`?")
    );
}

#[test]
fn a_waiver_for_another_session_excuses_nothing() {
    let scratch = scratch_with(&WAIVER.replace("session = 4", "session = 3"));
    let (output, found) = validate(&scratch, "2025-06-01", &[]);
    assert_eq!(output.status, 1);
    assert_eq!(
        codes(&found),
        [("C005", "warning", 3, 8), ("L014", "error", 42, 15)]
    );
    assert!(
        found[0]
            .message
            .ends_with("for pair `pair-041` in session 3 matched no finding"),
        "{}",
        found[0].message
    );
}

/// What is broken, the text replaced and its replacement, and the position and message of the
/// `C002` it must get.
type BrokenEntry = (
    &'static str,
    &'static str,
    &'static str,
    (u64, u64),
    &'static str,
);

#[test]
fn incomplete_or_contradicting_entries_are_reported_at_the_text_and_excuse_nothing() {
    let cases: &[BrokenEntry] = &[
        (
            "no reason",
            "reason = \"mentee on sick leave\"\n",
            "",
            (1, 1),
            "the `[[waive]]` entry has no `reason`",
        ),
        (
            "no approver",
            "approved-by = \"program-lead\"\n",
            "",
            (1, 1),
            "the `[[waive]]` entry has no `approved-by`",
        ),
        (
            "expires before approved",
            "expires = 2025-06-30",
            "expires = 2025-02-01",
            (9, 11),
            "the `[[waive]]` entry expires on 2025-02-01, before it was approved on 2025-03-01",
        ),
        (
            "misspelt rule",
            "\"gap-too-long\"",
            "\"gap-too-lnog\"",
            (4, 8),
            "no rule `gap-too-lnog`",
        ),
        (
            "misspelt key",
            "expires =",
            "expries =",
            (9, 1),
            "the `[[waive]]` entry has no key `expries`",
        ),
        (
            "a program rule",
            "\"gap-too-long\"",
            "\"P004\"",
            (4, 8),
            "rule P004 (phase-overlap) cannot be waived for a pair: only log rules (`L…`) judge a pair",
        ),
    ];
    for (what, from, to, (line, column), message) in cases {
        let scratch = scratch_with(&WAIVER.replace(from, to));
        let (output, found) = validate(&scratch, "2025-06-01", &[]);
        assert_eq!(output.status, 1, "{what}: {output:#?}");
        let c002: Vec<&Diag> = found.iter().filter(|d| d.code == "C002").collect();
        assert_eq!(c002.len(), 1, "{what}: {found:#?}");
        assert_eq!(
            (c002[0].line, c002[0].column, c002[0].message.as_str()),
            (*line, *column, *message),
            "{what}"
        );
        assert!(
            found.iter().any(|d| d.code == "L014"),
            "{what}: a broken entry excuses nothing"
        );
    }
    let scratch = scratch_with(&WAIVER.replace("\"gap-too-long\"", "\"gap-too-lnog\""));
    let (_, found) = validate(&scratch, "2025-06-01", &[]);
    assert_eq!(
        found[0].help.as_deref(),
        Some("did you mean `gap-too-long`?")
    );
}

#[test]
fn an_unknown_program_or_milestone_is_c003_with_the_closest_id() {
    let extension = r#"[[extend]]
pair = "pair-041"
milestone = "influence-reflektion"
to = 2025-05-30
reason = "scope change agreed at review"
approved-by = "program-lead"
approved = 2025-03-10
"#;
    let scratch = scratch_with(extension);
    let (_, found) = validate(&scratch, "2025-06-01", &[]);
    let c003: Vec<&Diag> = found.iter().filter(|d| d.code == "C003").collect();
    assert_eq!(c003.len(), 1, "{found:#?}");
    assert_eq!(
        (c003[0].line, c003[0].column, c003[0].message.as_str()),
        (
            3,
            13,
            "no milestone `influence-reflektion` in program `senior-ic`"
        )
    );
    assert_eq!(
        c003[0].help.as_deref(),
        Some("did you mean `influence-reflection`?")
    );

    let scratch = scratch_with(&WAIVER.replace("\"senior-ic\"", "\"senior-icc\""));
    let (_, found) = validate(&scratch, "2025-06-01", &[]);
    assert_eq!(
        codes(&found),
        [("C003", "error", 2, 11), ("L014", "error", 42, 15)]
    );
}

#[test]
fn sarif_carries_waivers_as_external_suppressions_and_stays_valid_sarif_2_1_0() {
    let scratch = scratch_with(WAIVER);
    let (output, _) = validate(&scratch, "2025-06-01", &[]);
    assert_eq!(output.status, 0);
    let sarif = validate_in_format(&scratch, "sarif");
    assert_eq!(sarif.status, 0);
    let document = sarif.json();
    let result = &document["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "L014");
    let suppression = &result["suppressions"][0];
    assert_eq!(suppression["kind"], "external");
    assert_eq!(suppression["status"], "accepted");
    assert_eq!(
        suppression["justification"],
        "waived by program-lead on 2025-03-01 until 2025-06-30: mentee on sick leave"
    );
    assert_valid_sarif(&document);
}

/// JSON shows the waived findings among the others in one order, whether they were moved in
/// among them (every format written shows them) or copied beside them (a human report, which
/// does not, is written too).
#[test]
fn json_shows_waived_findings_in_the_same_order_whatever_else_is_written() {
    let scratch = scratch_with(WAIVER);
    let run = |extra: &[&str]| {
        let mut args = vec!["validate"];
        args.extend(args_for("programs/logs/senior-ic-failing", "2025-06-01"));
        args.extend_from_slice(extra);
        scratch.run(&args)
    };
    let alone = run(&["--format", "json"]);
    let beside_human = run(&["--format", "human", "--output", "json=beside-human.json"]);
    let beside_sarif = run(&["--format", "json", "--output", "sarif=beside.sarif"]);
    assert_eq!(
        (alone.status, beside_human.status),
        (1, 1),
        "{}",
        alone.stderr
    );
    let written = std::fs::read_to_string(scratch.path().join("beside-human.json"))
        .expect("the JSON output file");
    assert_eq!(written, alone.stdout);
    assert_eq!(beside_sarif.stdout, alone.stdout);
    // The waived finding (the gap log's, first by file name) and those that stand, in order.
    let document = alone.json();
    let shown: Vec<(&str, bool)> = document["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or_default();
            (file, d.get("waived").is_some())
        })
        .collect();
    assert!(shown.len() > 2, "{shown:?}");
    assert!(
        shown[0].0.ends_with("cadence-gap.toml") && shown[0].1,
        "{shown:?}"
    );
    assert!(shown[1..].iter().all(|&(_, waived)| !waived), "{shown:?}");
    let mut files: Vec<&str> = shown.iter().map(|&(file, _)| file).collect();
    let in_order = files.windows(2).all(|pair| pair[0] <= pair[1]);
    files.dedup();
    assert!(in_order && files.len() > 2, "{files:?}");
}

/// Validates against the OASIS SARIF 2.1.0 schema (tests/fixtures/sarif, from
/// oasis-tcs/sarif-spec).
pub(crate) fn assert_valid_sarif(document: &serde_json::Value) {
    let path = crate_root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the SARIF schema"))
            .expect("the schema is JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    compiler
        .add_resource(url, schema)
        .expect("the schema is added");
    let index = compiler
        .compile(url, &mut schemas)
        .expect("the schema compiles");
    if let Err(error) = schemas.validate(document, index) {
        panic!("the SARIF document is not valid SARIF 2.1.0:\n{error:#}");
    }
}

#[test]
fn junit_never_fails_a_case_for_a_waived_finding_and_lists_it() {
    let scratch = scratch_with(WAIVER);
    let junit = validate_in_format(&scratch, "junit");
    assert_eq!(junit.status, 0);
    assert!(junit.stdout.contains("failures=\"0\""), "{}", junit.stdout);
    assert!(!junit.stdout.contains("<failure"), "{}", junit.stdout);
    assert!(
        junit
            .stdout
            .contains("waived[L014] session 4 on 2025-03-10"),
        "{}",
        junit.stdout
    );
}

#[test]
fn the_exceptions_file_of_the_working_directory_is_found_and_a_named_one_must_exist() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write("mentor-exceptions.toml", WAIVER);
    let (found_by_name, _) = validate_json(
        scratch.path(),
        &[
            "-p",
            "programs/senior-ic.mentor",
            GAP_LOG,
            "--as-of",
            "2025-06-01",
        ],
    );
    assert_eq!(found_by_name.status, 0, "{found_by_name:#?}");
    assert_eq!(found_by_name.json()["summary"]["waived"], 1);

    let (missing, found) = validate_json(
        scratch.path(),
        &[
            "-p",
            "programs/senior-ic.mentor",
            GAP_LOG,
            "--exceptions",
            "nope.toml",
        ],
    );
    assert_eq!(missing.status, 2);
    assert!(
        found
            .iter()
            .any(|d| d.code == "F001" && d.file == "nope.toml")
    );
}

#[test]
fn select_and_ignore_choose_the_rules_a_run_reports() {
    let scratch = scratch_with("");
    let (ignored, found) = validate(&scratch, "2025-06-01", &["--ignore", "gap-too-long"]);
    assert_eq!((ignored.status, found.len()), (0, 0), "{ignored:#?}");
    let (other, found) = validate(&scratch, "2025-06-01", &["--select", "L03,P"]);
    assert_eq!((other.status, found.len()), (0, 0), "{other:#?}");
    let (prefix, found) = validate(&scratch, "2025-06-01", &["--select", "L01"]);
    assert_eq!(prefix.status, 1);
    assert_eq!(codes(&found), [("L014", "error", 42, 15)]);
    let typo = scratch.run(&[
        "validate",
        "-p",
        "programs",
        GAP_LOG,
        "--select",
        "gap-to-long",
    ]);
    assert_eq!(typo.status, 2);
    assert!(
        typo.stderr.contains("did you mean `gap-too-long`?"),
        "{}",
        typo.stderr
    );
}

/// `pair-044` is active and stalls after session 5 on 2025-03-03; milestone
/// `influence-reflection` is due by week 10 (2025-03-17) and never claimed.
const STALLED_LOG: &str = "programs/logs/senior-ic-failing/overdue-milestone.toml";

const PAUSE: &str = r#"[[pause]]
pair = "pair-044"
from = 2025-03-10
to = 2025-03-31
reason = "parental leave"
approved-by = "program-lead"
approved = 2025-02-28
"#;

fn validate_logs(scratch: &Scratch, logs: &[&str], day: &str) -> (Output, Vec<Diag>) {
    let mut args = vec!["-p", "programs/senior-ic.mentor"];
    args.extend_from_slice(logs);
    args.extend(["--as-of", day, "--exceptions", "exceptions.toml"]);
    validate_json(scratch.path(), &args)
}

#[test]
fn a_pause_lets_a_long_gap_and_an_inactive_stretch_pass_and_moves_a_week_deadline() {
    // Session 3 (2025-02-03) to session 4 (2025-03-10) is 35 days; paused for 14 of them.
    let gap_pause = PAUSE
        .replace("pair-044", "pair-041")
        .replace("2025-03-10", "2025-02-10")
        .replace("2025-03-31", "2025-02-24");
    let scratch = scratch_with(&gap_pause);
    let (output, found) = validate_logs(&scratch, &[GAP_LOG], "2025-06-01");
    assert_eq!((output.status, found.len()), (0, 0), "{found:#?}");

    // 21 days of pause move the week-10 deadline (2025-03-17) to 2025-04-07, and the day the
    // next session is due (2025-03-31) to 2025-04-21.
    let scratch = scratch_with(PAUSE);
    let (on_the_moved_day, found) = validate_logs(&scratch, &[STALLED_LOG], "2025-04-07");
    assert_eq!((on_the_moved_day.status, found.len()), (0, 0), "{found:#?}");
    let (the_day_after, found) = validate_logs(&scratch, &[STALLED_LOG], "2025-04-08");
    assert_eq!(the_day_after.status, 1);
    assert_eq!(codes(&found), [("L028", "error", 8, 12)]);
    assert_eq!(
        found[0].message,
        "milestone `influence-reflection` is overdue: it was due by 2025-04-07 (week 10, moved 21 days by a pause) and no session claims it as of 2025-04-08"
    );
    // Without the pause, the pair was inactive, past the program's end and the milestone
    // overdue long before.
    let scratch = scratch_with("");
    let (_, found) = validate_logs(&scratch, &[STALLED_LOG], "2025-04-07");
    assert_eq!(
        codes(&found),
        [
            ("L028", "error", 8, 12),
            ("L037", "warning", 8, 12),
            ("L035", "error", 56, 15)
        ]
    );
}

#[test]
fn an_extension_moves_one_milestones_deadline_for_one_pair_only() {
    let scratch = scratch_with(
        r#"[[extend]]
pair = "pair-044"
milestone = "influence-reflection"
to = 2025-05-30
reason = "scope change agreed at review"
approved-by = "program-lead"
approved = 2025-03-10
"#,
    );
    // Another pair with the same history and no extension.
    let other = std::fs::read_to_string(crate_root().join(STALLED_LOG))
        .expect("read the log")
        .replace("pair-044", "pair-045");
    scratch.write("other.toml", other);
    let only = |found: &[Diag]| -> Vec<(String, String)> {
        found
            .iter()
            .filter(|d| d.code == "L028")
            .map(|d| (d.file.clone(), d.message.clone()))
            .collect()
    };
    let (_, found) = validate_logs(&scratch, &[STALLED_LOG, "other.toml"], "2025-05-30");
    assert_eq!(
        only(&found),
        [(
            "other.toml".to_owned(),
            "milestone `influence-reflection` is overdue: it was due by week 10 (2025-03-17) and no session claims it as of 2025-05-30".to_owned()
        )]
    );
    let (_, found) = validate_logs(&scratch, &[STALLED_LOG, "other.toml"], "2025-05-31");
    let overdue = only(&found);
    assert_eq!(overdue.len(), 2, "{overdue:#?}");
    let extended = overdue
        .iter()
        .find(|(file, _)| file == STALLED_LOG)
        .map(|(_, message)| message.as_str());
    assert!(
        extended.is_some_and(|message| message
            .contains("due by 2025-05-30 (moved from week 10 by an approved extension)")),
        "{overdue:#?}"
    );
}

#[test]
fn a_milestone_extended_twice_for_one_pair_is_reported_and_the_first_applies() {
    let extension = r#"[[extend]]
pair = "pair-044"
milestone = "influence-reflection"
to = 2025-05-30
reason = "scope change agreed at review"
approved-by = "program-lead"
approved = 2025-03-10
"#;
    let scratch = scratch_with(&format!(
        "{extension}\n{}",
        extension.replace("2025-05-30", "2025-09-01")
    ));
    let (output, found) = validate_logs(&scratch, &[STALLED_LOG], "2025-05-30");
    assert_eq!(output.status, 1);
    let c002: Vec<(u64, u64, &str)> = found
        .iter()
        .filter(|d| d.code == "C002")
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        c002,
        [(
            12,
            6,
            "milestone `influence-reflection` of pair `pair-044` is extended twice"
        )]
    );
    assert!(!found.iter().any(|d| d.code == "L028"), "{found:#?}");
}

#[test]
fn an_empty_rule_list_is_a_usage_error_not_a_run_that_checks_nothing() {
    let scratch = scratch_with("");
    for empty in ["", ",", " , "] {
        let output = scratch.run(&["validate", "-p", "programs", GAP_LOG, "--select", empty]);
        assert_eq!(output.status, 2, "--select {empty:?}: {output:#?}");
        assert!(
            output.stderr.contains("an empty list of rules"),
            "{}",
            output.stderr
        );
    }
}

#[test]
fn the_nearest_exceptions_file_above_the_working_directory_is_found() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write("mentor-exceptions.toml", WAIVER);
    std::fs::create_dir_all(scratch.path().join("sub/deep")).expect("a subdirectory");
    let output = crate::support::run_in(
        &scratch.path().join("sub/deep"),
        &[
            "validate",
            "--format",
            "json",
            "-p",
            "../../programs/senior-ic.mentor",
            &format!("../../{GAP_LOG}"),
            "--as-of",
            "2025-06-01",
            "--verbose",
        ],
    );
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(output.json()["summary"]["waived"], 1);
    assert!(
        output
            .stderr
            .contains("exceptions: ../../mentor-exceptions.toml (found by name)"),
        "{}",
        output.stderr
    );
}

#[test]
fn an_expired_pause_applies_no_more_and_a_pause_of_a_pair_not_read_is_unused() {
    let gap_pause = PAUSE
        .replace("pair-044", "pair-041")
        .replace("2025-03-10", "2025-02-10")
        .replace("2025-03-31", "2025-02-24");
    let expired = format!("{gap_pause}expires = 2025-05-31\n");
    let scratch = scratch_with(&expired);
    let (output, found) = validate_logs(&scratch, &[GAP_LOG], "2025-06-01");
    assert_eq!(output.status, 1);
    assert_eq!(
        codes(&found),
        [("C004", "warning", 8, 11), ("L014", "error", 42, 15)]
    );
    let scratch = scratch_with(&gap_pause.replace("pair-041", "pair-999"));
    let (output, found) = validate_logs(&scratch, &[GAP_LOG], "2025-06-01");
    assert_eq!(output.status, 1);
    assert_eq!(found[0].code, "C005");
    assert_eq!(
        found[0].message,
        "the pause for pair `pair-999` matched nothing: no log of that pair was read"
    );
}
