//! `mentor test`: a program's expected-findings cases. The shipped cases pass; an edited
//! expectation fails with the first difference in words and `--update` restores it byte for
//! byte; what cannot be run exits 2 and says why; no word of a log reaches the output.

use crate::support::{Output, Scratch, crate_root, run_in};

fn mentor_test(dir: &std::path::Path, args: &[&str]) -> Output {
    let mut all = vec!["test", "--color", "never"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

/// A scratch copy of `programs/` (with its tests) to edit cases in.
fn scratch_programs() -> Scratch {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch
}

fn read(scratch: &Scratch, relative: &str) -> String {
    std::fs::read_to_string(scratch.path().join(relative)).expect("read the file")
}

const SHIPPED_TABLE: &str = "\
PASS     programs/tests/clean.toml
PASS     programs/tests/gap-too-long.toml
PASS     programs/tests/lens-field-unanswered.toml
PASS     programs/tests/lens-in-framing.toml
PASS     programs/tests/missing-outcome.json
PASS     programs/tests/overdue-milestone.toml
PASS     programs/tests/re-matched-after-chemistry.toml
PASS     programs/tests/tracks-progression.toml
8 cases: 8 passed, 0 failed
";

#[test]
fn the_shipped_programs_tests_pass() {
    let output = mentor_test(crate_root(), &["programs/tests"]);
    assert_eq!(output.stdout, SHIPPED_TABLE);
    assert_eq!(output.stderr, "");
    assert_eq!(output.status, 0);
}

#[test]
fn an_edited_expectation_fails_with_the_first_difference_and_update_restores_it() {
    let scratch = scratch_programs();
    let case = "programs/tests/gap-too-long.toml";
    let original = read(&scratch, case);
    // The designer moves the expectation one line down, to the session's minutes.
    let edited = original
        .replace(
            "date        = 2025-03-10  # expect: gap-too-long\n",
            "date        = 2025-03-10\n",
        )
        .replace("minutes     = 55\n", "minutes     = 55  # expect: L014\n");
    assert_ne!(edited, original);
    scratch.write(case, &edited);

    let failing = mentor_test(scratch.path(), &["programs/tests"]);
    assert_eq!(failing.status, 1, "{failing:#?}");
    assert_eq!(
        failing.stdout.lines().nth(1),
        Some(
            "FAIL     programs/tests/gap-too-long.toml  expected L014 gap-too-long at line 43, \
             got L014 at line 42"
        )
    );
    assert!(
        failing.stdout.ends_with("8 cases: 7 passed, 1 failed\n"),
        "{}",
        failing.stdout
    );

    let updated = mentor_test(scratch.path(), &["programs/tests", "--update"]);
    assert_eq!(updated.status, 0, "{updated:#?}");
    assert_eq!(
        updated.stdout.lines().nth(1),
        Some(
            "UPDATED  programs/tests/gap-too-long.toml  + gap-too-long at line 42, - gap-too-long \
             at line 43"
        )
    );
    assert!(
        updated
            .stdout
            .ends_with("8 cases: 7 passed, 0 failed, 1 updated\n")
    );
    assert_eq!(
        read(&scratch, case),
        original,
        "--update restores the case byte for byte"
    );

    let again = mentor_test(scratch.path(), &["programs/tests"]);
    assert_eq!(again.stdout, SHIPPED_TABLE);
    assert_eq!(again.status, 0);
}

#[test]
fn update_changes_only_the_directives_and_renumbers_lines_below_a_removed_one() {
    let scratch = scratch_programs();
    let case = "programs/tests/lens-field-unanswered.toml";
    let original = read(&scratch, case);
    // A stale expectation on a line of its own replaces the right one; its line is removed,
    // so the blank answer (a multi-line string, line 42) is then on line 41.
    let stale = original.replace(
        "# expect: lens-field-unanswered at line 42\n",
        "# expect: gap-too-long at line 3\n",
    );
    assert_ne!(stale, original);
    scratch.write(case, &stale);

    let updated = mentor_test(scratch.path(), &[case, "--update"]);
    assert_eq!(updated.status, 0, "{updated:#?}");
    assert_eq!(
        updated.stdout,
        format!(
            "UPDATED  {case}  - gap-too-long at line 3, + lens-field-unanswered at line 42\n\
             1 case: 0 passed, 0 failed, 1 updated\n"
        )
    );
    let expected = format!(
        "{}# expect: lens-field-unanswered at line 41\n",
        stale.replace("# expect: gap-too-long at line 3\n", "")
    );
    assert_eq!(read(&scratch, case), expected);
    assert_eq!(mentor_test(scratch.path(), &[case]).status, 0);
}

#[test]
fn a_json_case_has_its_expectations_in_a_sidecar_that_update_writes() {
    let scratch = scratch_programs();
    let sidecar = "programs/tests/missing-outcome.json.expect";
    let original = read(&scratch, sidecar);
    scratch.write(
        sidecar,
        "# as-of: 2025-06-01\n# expect: missing-outcome at line 8\n",
    );

    let failing = mentor_test(scratch.path(), &["programs/tests/missing-outcome.json"]);
    assert_eq!(failing.status, 1);
    assert_eq!(
        failing.stdout,
        "FAIL     programs/tests/missing-outcome.json  expected L023 missing-outcome at line 8, \
         got L023 at line 9\n1 case: 0 passed, 1 failed\n"
    );
    let updated = mentor_test(
        scratch.path(),
        &["programs/tests/missing-outcome.json", "--update"],
    );
    assert_eq!(updated.status, 0, "{updated:#?}");
    assert_eq!(
        read(&scratch, sidecar),
        "# as-of: 2025-06-01\n# expect: missing-outcome at line 9\n"
    );

    // Without a sidecar the case expects nothing, and needs `--as-of`; `--update` writes one.
    std::fs::remove_file(scratch.path().join(sidecar)).expect("remove the sidecar");
    let no_day = mentor_test(scratch.path(), &["programs/tests/missing-outcome.json"]);
    assert_eq!(no_day.status, 2);
    let created = mentor_test(
        scratch.path(),
        &[
            "programs/tests/missing-outcome.json",
            "--as-of",
            "2025-06-01",
            "--update",
        ],
    );
    assert_eq!(created.status, 0, "{created:#?}");
    assert_eq!(
        read(&scratch, sidecar),
        "# expect: missing-outcome at line 9\n"
    );
    assert_ne!(read(&scratch, sidecar), original);
}

/// A case of `senior-ic` in `cases/`, with the program copied beside it.
fn scratch_with_case(case: &str) -> Scratch {
    let scratch = scratch_programs();
    scratch.write("cases/x.toml", case);
    scratch
}

/// The first sessions of a `senior-ic` pair, compliant as of 2025-01-25.
const TWO_SESSIONS: &str = r#"program = "senior-ic"
version = "2025.1"
pair    = "pair-070"
started = 2025-01-06

[[sessions]]
number   = 1
date     = 2025-01-06
minutes  = 60
outcome  = "assumption"
takeaway = "TAKEAWAY-MARKER"

[[sessions]]
number  = 2
date    = 2025-01-20
minutes = 30
outcome = "behavior"
"#;

#[test]
fn a_case_without_a_day_cannot_run_unless_the_command_line_gives_one() {
    let scratch = scratch_with_case(
        &TWO_SESSIONS.replace("minutes = 30", "minutes = 30  # expect: session-too-short"),
    );
    let args = ["cases", "-p", "programs/senior-ic.mentor"];
    let output = mentor_test(scratch.path(), &args);
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(
        output.stdout,
        "ERROR    cases/x.toml  no day to check the case as of: add a line `# as-of: YYYY-MM-DD` \
         to the case, or pass --as-of\n1 case: 0 passed, 0 failed, 1 could not be run\n"
    );
    let output = mentor_test(
        scratch.path(),
        &[&args[..], &["--as-of", "2025-01-25"]].concat(),
    );
    assert_eq!(
        output.stdout,
        "PASS     cases/x.toml\n1 case: 1 passed, 0 failed\n"
    );
    assert_eq!(output.status, 0);
}

#[test]
fn an_unknown_rule_is_an_error_pointing_at_it() {
    let scratch = scratch_with_case(&format!(
        "# as-of: 2025-01-25\n{}",
        TWO_SESSIONS.replace(
            "minutes = 30",
            "minutes = 30  # expect: L016, sesion-too-short"
        )
    ));
    let output = mentor_test(scratch.path(), &["cases"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(
        output.stdout,
        "ERROR    cases/x.toml  line 17, column 31: unknown rule `sesion-too-short` in \
         `# expect:`; did you mean `session-too-short`?\n\
         1 case: 0 passed, 0 failed, 1 could not be run\n"
    );
    assert_eq!(
        output.stderr,
        "error: cases/x.toml:17:31: unknown rule `sesion-too-short` in `# expect:`\n  \
         help: did you mean `session-too-short`?\n"
    );
}

#[test]
fn a_case_that_expects_nothing_fails_on_any_finding_and_the_program_is_found_above_it() {
    let scratch = scratch_with_case(&format!("# as-of: 2025-01-25\n{TWO_SESSIONS}"));
    // No `--program`: `cases/` has no `.mentor` file, its parent (the scratch) neither; the
    // program is given by `mentor.toml`, or else found above the case.
    let output = mentor_test(scratch.path(), &["cases"]);
    assert_eq!(output.status, 2);
    assert_eq!(
        output.stdout,
        "ERROR    cases/x.toml  no `.mentor` program in its directory or any directory above \
         it; name one with --program\n1 case: 0 passed, 0 failed, 1 could not be run\n"
    );
    scratch.write("mentor.toml", "program = \"programs\"\n");
    let output = mentor_test(scratch.path(), &["cases"]);
    assert_eq!(output.status, 1, "{output:#?}");
    assert_eq!(
        output.stdout,
        "FAIL     cases/x.toml  got L016 session-too-short at line 17, not expected\n\
         1 case: 0 passed, 1 failed\n"
    );
    std::fs::remove_file(scratch.path().join("mentor.toml")).expect("remove mentor.toml");
    scratch.write(
        "cases/nearest.mentor",
        crate::support::reference_text().replace(
            "import \"lib/lenses.mentor\"",
            "import \"../programs/lib/lenses.mentor\"",
        ),
    );
    let output = mentor_test(scratch.path(), &["cases", "--format", "json"]);
    assert_eq!(output.status, 1, "{output:#?}");
    assert_eq!(
        output.json(),
        serde_json::json!({
            "cases": [{
                "case": "cases/x.toml",
                "result": "fail",
                "difference": "got L016 session-too-short at line 17, not expected",
                "missing": [],
                "unexpected": [{ "code": "L016", "name": "session-too-short", "line": 17 }],
            }],
            "summary": { "cases": 1, "passed": 0, "failed": 1, "updated": 0, "errors": 0, "not_cases": 0 },
        })
    );
}

#[test]
fn a_program_with_errors_is_shown_and_no_case_of_it_runs() {
    let scratch = scratch_with_case(&format!("# as-of: 2025-01-25\n{TWO_SESSIONS}"));
    let broken = std::fs::read_to_string(
        crate_root().join("tests/fixtures/check/P004-phases-share-session-3.mentor"),
    )
    .expect("the fixture");
    scratch.write("cases/broken.mentor", broken);
    let output = mentor_test(scratch.path(), &["cases"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(
        output.stderr.contains("P004(phase-overlap)"),
        "{}",
        output.stderr
    );
    assert_eq!(
        output.stdout,
        "ERROR    cases/x.toml  its program has errors (shown on standard error), so it was not \
         run\n1 case: 0 passed, 0 failed, 1 could not be run\n"
    );
}

#[test]
fn a_directory_without_cases_exits_2() {
    let scratch = Scratch::new();
    scratch.write("empty/notes.md", "no case here\n");
    let output = mentor_test(scratch.path(), &["empty"]);
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains(
            "no log file (`.toml`, `.json`, `.jsonl`, `.yaml`, `.yml`, `.csv`) in directory `empty`"
        ),
        "{}",
        output.stderr
    );
    assert_eq!(output.stdout, "0 cases: 0 passed, 0 failed\n");
}

#[test]
fn hostile_names_are_escaped_and_no_word_of_a_log_is_shown() {
    let scratch = scratch_programs();
    let name = "cases/evil\u{1b}[31m\nname.toml";
    scratch.write(
        name,
        format!(
            "# as-of: 2025-01-25\n{}",
            TWO_SESSIONS.replace(
                "outcome = \"behavior\"",
                "outcome = \"OUTCOME-MARKER words\""
            )
        ),
    );
    for format in ["human", "json"] {
        let output = mentor_test(
            scratch.path(),
            &["cases", "-p", "programs", "--format", format],
        );
        assert_eq!(output.status, 1, "{output:#?}");
        for marker in ["TAKEAWAY-MARKER", "OUTCOME-MARKER", "\u{1b}"] {
            assert!(
                !output.stdout.contains(marker),
                "{format}: {}",
                output.stdout
            );
            assert!(
                !output.stderr.contains(marker),
                "{format}: {}",
                output.stderr
            );
        }
        if format == "human" {
            assert_eq!(
                output.stdout,
                "FAIL     cases/evil\\u{1b}[31m\\u{a}name.toml  got L016 session-too-short at \
                 line 17, not expected (and 1 more difference)\n1 case: 0 passed, 1 failed\n"
            );
        }
    }
}

#[test]
fn a_log_that_does_not_parse_can_be_expected_to_and_an_update_that_cannot_pass_writes_nothing() {
    let scratch = scratch_programs();
    // `[[sessions]` lacks its `]`: `F003` on that line, which can carry the comment.
    let broken = "# as-of: 2025-06-01\nprogram = \"senior-ic\"\n[[sessions]\nnumber = 1\n";
    scratch.write("programs/cases/broken.toml", broken);
    let updated = mentor_test(scratch.path(), &["programs/cases", "--update"]);
    assert_eq!(
        updated.stdout,
        "UPDATED  programs/cases/broken.toml  + unparseable-log at line 3\n\
         1 case: 0 passed, 0 failed, 1 updated\n"
    );
    assert_eq!(
        read(&scratch, "programs/cases/broken.toml"),
        broken.replace("[[sessions]\n", "[[sessions]  # expect: unparseable-log\n")
    );
    assert_eq!(mentor_test(scratch.path(), &["programs/cases"]).status, 0);

    // An unclosed multi-line string runs to the end of the file: a comment added anywhere
    // below it is part of the string, so no update passes, and none is written.
    let unclosed = "# as-of: 2025-06-01\nprogram = \"senior-ic\"\nnote = \"\"\"\nopen\n";
    scratch.write("programs/cases/broken.toml", unclosed);
    let refused = mentor_test(scratch.path(), &["programs/cases", "--update"]);
    assert_eq!(refused.status, 2, "{refused:#?}");
    assert_eq!(
        refused.stdout,
        "ERROR    programs/cases/broken.toml  --update could not write expectations that make \
         the case pass, and left it as it was; write them by hand\n\
         1 case: 0 passed, 0 failed, 1 could not be run\n"
    );
    assert_eq!(read(&scratch, "programs/cases/broken.toml"), unclosed);
}

#[test]
fn a_case_that_is_not_utf8_is_shown_masked() {
    let scratch = scratch_programs();
    scratch.write(
        "cases/latin.toml",
        b"# as-of: 2025-06-01\nprogram = \"senior-ic\"\npair = \"p\"\nstarted = 2025-01-06\ntakeaway = \"SECRET-MARKER caf\xe9\"\n",
    );
    let output = mentor_test(scratch.path(), &["cases"]);
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(output.stderr.contains("F002"), "{}", output.stderr);
    assert!(
        !output.stderr.contains("SECRET") && !output.stdout.contains("SECRET"),
        "{}",
        output.stderr
    );
}

#[test]
fn logs_without_a_directive_are_not_cases_unless_named() {
    // The whole of `programs/`: its cases run, its example logs are counted and left out.
    let output = mentor_test(crate_root(), &["programs"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert!(
        output.stdout.ends_with(
            "8 cases: 8 passed, 0 failed (8 logs without `# as-of:` or `# expect:` left out: not cases)\n"
        ),
        "{}",
        output.stdout
    );
    // Only logs, no case: nothing was tested, and that does not pass.
    let output = mentor_test(crate_root(), &["programs/logs"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(
        output
            .stderr
            .starts_with("error: no test case among 8 logs"),
        "{}",
        output.stderr
    );
    // A log named on the command line is a case: without a day it cannot run.
    let output = mentor_test(crate_root(), &["programs/logs/senior-ic/pair-017.toml"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(output.stdout.starts_with("ERROR"), "{}", output.stdout);
}
