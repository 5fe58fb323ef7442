//! Baselines: `--write-baseline` records a cohort's findings, `--baseline` reports only new
//! ones and the entries that no longer occur (`C007`); a broken baseline stops the run.

use crate::support::{Diag, Output, Scratch, validate_json};

/// The failing example logs, copied so a test can change them.
const LOGS: &str = "programs/logs/senior-ic-failing";
const AS_OF: &str = "2025-06-01";

fn scratch() -> Scratch {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch
}

fn write_baseline(scratch: &Scratch) -> Output {
    scratch.run(&[
        "validate",
        "-p",
        "programs/senior-ic.mentor",
        LOGS,
        "--as-of",
        AS_OF,
        "--write-baseline",
        "mentor-baseline.toml",
    ])
}

fn with_baseline(scratch: &Scratch) -> (Output, Vec<Diag>) {
    validate_json(
        scratch.path(),
        &[
            "-p",
            "programs/senior-ic.mentor",
            LOGS,
            "--as-of",
            AS_OF,
            "--baseline",
            "mentor-baseline.toml",
        ],
    )
}

fn edit(scratch: &Scratch, relative: &str, from: &str, to: &str) {
    let path = scratch.path().join(relative);
    let text = std::fs::read_to_string(&path).expect("read the log");
    assert!(text.contains(from), "{relative} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write the log");
}

#[test]
fn an_unchanged_cohort_passes_against_its_own_baseline() {
    let scratch = scratch();
    let written = write_baseline(&scratch);
    assert_eq!(written.status, 0, "{written:#?}");
    assert_eq!(written.stdout, "");
    assert_eq!(
        written.stderr,
        "wrote 8 baseline entries (8 findings) to mentor-baseline.toml\n"
    );
    let text = std::fs::read_to_string(scratch.path().join("mentor-baseline.toml"))
        .expect("the baseline is written");
    // Entries name what a finding is about, never where it is.
    assert!(
        text.contains(
            "[[finding]]\nprogram = \"senior-ic\"\npair = \"pair-041\"\nrule = \"L014\"\nname = \"gap-too-long\"\nsession = 4\n"
        ),
        "{text}"
    );
    assert!(!text.contains("line ="), "{text}");

    let (output, found) = with_baseline(&scratch);
    assert_eq!(output.status, 0, "{output:#?}");
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(output.json()["summary"]["baselined"], 8);
}

#[test]
fn a_new_violation_is_reported_alone_and_moved_lines_change_nothing() {
    let scratch = scratch();
    assert_eq!(write_baseline(&scratch).status, 0);
    // Lines move: a comment at the top of a baselined log.
    edit(
        &scratch,
        "programs/logs/senior-ic-failing/cadence-gap.toml",
        "program  =",
        "# exported again on Monday\n\nprogram  =",
    );
    // One new violation: session 2 of pair-041 is too short now.
    edit(
        &scratch,
        "programs/logs/senior-ic-failing/cadence-gap.toml",
        "minutes  = 60",
        "minutes  = 20",
    );
    let (output, found) = with_baseline(&scratch);
    assert_eq!(output.status, 1, "{output:#?}");
    let codes: Vec<(&str, &str, u64)> = found
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.line))
        .collect();
    assert_eq!(
        codes,
        [(
            "L016",
            "programs/logs/senior-ic-failing/cadence-gap.toml",
            16
        )]
    );
}

#[test]
fn a_fixed_log_reports_its_entry_as_no_longer_needed() {
    let scratch = scratch();
    assert_eq!(write_baseline(&scratch).status, 0);
    // pair-041's gap is fixed: session 4 moves a week earlier.
    edit(
        &scratch,
        "programs/logs/senior-ic-failing/cadence-gap.toml",
        "date        = 2025-03-10",
        "date        = 2025-03-03",
    );
    let (output, found) = with_baseline(&scratch);
    assert_eq!(output.status, 0, "a warning: {output:#?}");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (
            found[0].code.as_str(),
            found[0].severity.as_str(),
            found[0].file.as_str()
        ),
        ("C007", "warning", "mentor-baseline.toml")
    );
    assert_eq!(
        found[0].message,
        "the baseline entry for pair `pair-041`, rule L014 (gap-too-long), session 4 no longer occurs"
    );
    // A run that leaves the rule out has nothing to say about its entries.
    let (output, found) = validate_json(
        scratch.path(),
        &[
            "-p",
            "programs/senior-ic.mentor",
            LOGS,
            "--as-of",
            AS_OF,
            "--baseline",
            "mentor-baseline.toml",
            "--ignore",
            "L014",
        ],
    );
    assert_eq!((output.status, found.len()), (0, 0), "{found:#?}");
}

#[test]
fn a_broken_baseline_stops_the_run() {
    let scratch = scratch();
    scratch.write(
        "mentor-baseline.toml",
        "version = 1\n\n[[finding]]\npair = \"pair-041\"\nrule = \"gap-too-lnog\"\n",
    );
    let (output, found) = with_baseline(&scratch);
    assert_eq!(output.status, 2, "{output:#?}");
    let c006: Vec<(&str, u64, u64)> = found
        .iter()
        .filter(|d| d.code == "C006")
        .map(|d| (d.message.as_str(), d.line, d.column))
        .collect();
    assert_eq!(c006, [("no rule `gap-too-lnog`", 5, 8)]);

    scratch.write("mentor-baseline.toml", "[[finding]\n");
    let (output, found) = with_baseline(&scratch);
    assert_eq!(output.status, 2);
    assert!(found.iter().any(|d| d.code == "C006" && d.line == 1));
}

#[test]
fn no_baseline_is_written_over_an_input_or_from_a_run_that_could_not_read_one() {
    let scratch = scratch();
    let over_a_log = scratch.run(&[
        "validate",
        "-p",
        "programs/senior-ic.mentor",
        LOGS,
        "--as-of",
        AS_OF,
        "--write-baseline",
        "programs/logs/senior-ic-failing/cadence-gap.toml",
    ]);
    assert_eq!(over_a_log.status, 2, "{over_a_log:#?}");
    let log = std::fs::read_to_string(
        scratch
            .path()
            .join("programs/logs/senior-ic-failing/cadence-gap.toml"),
    )
    .expect("the log is still there");
    assert!(log.contains("[[sessions]]"), "the log is untouched");

    let unreadable = scratch.run(&[
        "validate",
        "-p",
        "programs/senior-ic.mentor",
        "missing.toml",
        "--write-baseline",
        "mentor-baseline.toml",
    ]);
    assert_eq!(unreadable.status, 2);
    assert!(
        unreadable.stderr.contains("no baseline written"),
        "{}",
        unreadable.stderr
    );
    assert!(!scratch.path().join("mentor-baseline.toml").exists());
}

#[test]
fn a_baseline_never_records_text_that_is_not_an_id_nor_the_exceptions_files_problems() {
    let scratch = scratch();
    scratch.write(
        "logs/secret.toml",
        "program = \"Jane told me she is quitting\"\npair = \"Jane and her manager\"\n",
    );
    scratch.write(
        "mentor-exceptions.toml",
        "[[waive]]\npair = \"pair-041\"\nrule = \"L999\"\n",
    );
    let written = scratch.run(&[
        "validate",
        "-p",
        "programs/senior-ic.mentor",
        "logs",
        "--write-baseline",
        "mentor-baseline.toml",
    ]);
    assert_eq!(written.status, 0, "{written:#?}");
    let text = std::fs::read_to_string(scratch.path().join("mentor-baseline.toml"))
        .expect("the baseline is written");
    assert!(!text.contains("Jane"), "{text}");
    assert!(!text.contains("C002"), "{text}");
    assert!(text.contains("file = \"logs/secret.toml\""), "{text}");
    // The exceptions file's problems still fail the run with the baseline.
    let (output, found) = validate_json(
        scratch.path(),
        &[
            "-p",
            "programs/senior-ic.mentor",
            "logs",
            "--baseline",
            "mentor-baseline.toml",
        ],
    );
    assert_eq!(output.status, 1, "{output:#?}");
    assert!(found.iter().all(|d| d.code.starts_with('C')), "{found:#?}");
    assert!(found.iter().any(|d| d.code == "C002"));
}

/// A refused baseline prints the findings that stopped it on stderr, with the lines around
/// them: the pair's words on those lines are masked there as in any human report, whether
/// the log was read whole (TOML) or streamed (JSON Lines).
#[test]
fn a_refused_baseline_prints_no_reflection() {
    let scratch = scratch();
    let takeaway = "My skip-level cares more about risk than speed";
    scratch.write(
        "logs/broken.toml",
        format!(
            "program = \"senior-ic\"\npair = \"pair-9\"\n[[sessions]]\ntakeaway = \"{takeaway}\"\nnumber = = 1\n"
        ),
    );
    scratch.write(
        "logs/broken.jsonl",
        format!(
            "{{\"program\": \"senior-ic\", \"pair\": \"pair-8\", \"sessions\": [{{\"takeaway\": \"{takeaway}\"}}]}}\n{{\"program\": \n"
        ),
    );
    for log in ["logs/broken.toml", "logs/broken.jsonl"] {
        let refused = scratch.run(&[
            "validate",
            "--color",
            "never",
            "-p",
            "programs/senior-ic.mentor",
            log,
            "--write-baseline",
            "mentor-baseline.toml",
        ]);
        assert_eq!(refused.status, 2, "{refused:#?}");
        assert!(refused.stderr.contains("F003"), "{}", refused.stderr);
        assert!(
            refused.stderr.contains("no baseline written"),
            "{}",
            refused.stderr
        );
        assert!(
            !refused.stderr.contains("skip-level"),
            "{log}: {}",
            refused.stderr
        );
        assert!(!scratch.path().join("mentor-baseline.toml").exists());
    }
}
