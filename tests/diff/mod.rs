//! `mentor diff`: what changed between two editions of a program, in the designer's words, and
//! what the change does to the logs under way (issue 16).

mod browser;

use crate::support::{Output, Scratch, reference_text};

/// A scratch directory with `old/` (the shipped programs) and `new/` (the same, with `edit`
/// applied to the reference program), and the shipped logs in `logs/`.
fn old_and_new(edit: impl Fn(String) -> String) -> Scratch {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let lenses =
        std::fs::read_to_string(crate::support::crate_root().join("programs/lib/lenses.mentor"))
            .expect("read the lens library");
    for side in ["old", "new"] {
        scratch.write(&format!("{side}/lib/lenses.mentor"), &lenses);
    }
    scratch.write("old/senior-ic.mentor", reference_text());
    scratch.write("new/senior-ic.mentor", edit(reference_text()));
    scratch
}

/// Fails with the whole output when `part` is not in it.
#[track_caller]
fn assert_has(output: &str, part: &str) {
    assert!(output.contains(part), "{part:?} is not in:\n{output}");
}

fn diff(scratch: &Scratch, extra: &[&str]) -> Output {
    let mut args = vec!["diff", "--color", "never", "old", "new"];
    args.extend_from_slice(extra);
    scratch.run(&args)
}

fn shorter_gap(text: String) -> String {
    text.replace("gap at most 4 weeks", "gap at most 3 weeks")
}

/// `pair-017` of the examples with its last gap widened to 23 days (2025-02-17 to
/// 2025-03-12): within four weeks, beyond three.
fn log_with_a_23_day_gap() -> String {
    std::fs::read_to_string(
        crate::support::crate_root().join("programs/logs/senior-ic/pair-017.toml"),
    )
    .expect("read the example log")
    .replace("pair     = \"pair-017\"", "pair     = \"pair-099\"")
    .replace("date        = 2025-03-03", "date        = 2025-03-12")
}

#[test]
fn a_shorter_longest_gap_names_the_cadence_change_and_the_logs_it_moves() {
    let scratch = old_and_new(shorter_gap);
    let output = diff(
        &scratch,
        &["--logs", "programs/logs", "--as-of", "2025-06-01"],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    insta::assert_snapshot!("cadence-shipped-logs.human", output.stdout);
    // Exactly the logs with a gap beyond 21 days: the closed 35-day gap (L014) and the two
    // open gaps of inactive pairs (L035), each with the message it now gives.
    let listed: Vec<&str> = output
        .stdout
        .lines()
        .filter(|l| l.starts_with("  pair-"))
        .collect();
    assert_eq!(
        listed,
        [
            "  pair-033 (programs/logs/senior-ic/cohort-2025-spring.jsonl:3): fails (unchanged)",
            "  pair-041 (programs/logs/senior-ic-failing/cadence-gap.toml): fails (unchanged)",
            "  pair-044 (programs/logs/senior-ic-failing/overdue-milestone.toml): fails (unchanged)",
        ]
    );
}

#[test]
fn a_passing_log_that_now_fails_is_named_with_its_new_finding_and_exits_1() {
    let scratch = old_and_new(shorter_gap);
    scratch.write("logs/pair-099.toml", log_with_a_23_day_gap());
    let output = diff(&scratch, &["--logs", "logs", "--as-of", "2025-03-14"]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert_has(
        &output.stdout,
        "Impact on 1 log as of 2025-03-14:\n  1 log newly fails, 0 newly pass, 0 keep their verdict with other findings, 0 unchanged\n  1 finding appears, 0 disappear, 0 say something else\n",
    );
    assert_has(
        &output.stdout,
        "  pair-099 (logs/pair-099.toml): passes → fails\n    + L014 gap-too-long at line 57: error: session 5 on 2025-03-12 is 23 days after session 4 on 2025-02-17; the program allows at most 21 days (3 weeks)\n",
    );
    // Back the other way, the same log newly passes: no sign-off needed, exit 0.
    let back = scratch.run(&[
        "diff",
        "new",
        "old",
        "--logs",
        "logs",
        "--as-of",
        "2025-03-14",
    ]);
    assert_eq!(back.status, 0, "{}", back.stderr);
    assert_has(
        &back.stdout,
        "  pair-099 (logs/pair-099.toml): fails → passes\n    - L014 gap-too-long at line 57",
    );
}

#[test]
fn a_change_that_affects_no_log_says_so() {
    let scratch = old_and_new(|text| text.replace("\"Framing & Trust\"", "\"Framing and Trust\""));
    let output = diff(
        &scratch,
        &["--logs", "programs/logs", "--as-of", "2025-06-01"],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(
        output.stdout,
        "senior-ic 2025.1: 1 change, only in the playbook's text\n  phase `framing` reworded  (new/senior-ic.mentor:39)\n\nImpact on 10 logs as of 2025-06-01:\n  the change affects no log: every log has the same findings and verdict under both\n"
    );
}

#[test]
fn identical_programs_have_no_change() {
    let scratch = old_and_new(|text| text);
    let output = diff(&scratch, &[]);
    assert_eq!(output.status, 0);
    assert_eq!(output.stdout, "senior-ic 2025.1: no change\n");
}

/// Every kind of change the issue names, in one edit of the reference program.
fn many_changes(text: String) -> String {
    text.replace("version \"2025.1\"", "version \"2026.1\"")
        .replace("length 5 sessions within 12 weeks", "length 6 sessions within 12 weeks")
        .replace("cadence every 2 weeks, gap at most 4 weeks", "cadence every 2 weeks, gap at least 1 week, gap at most 3 weeks")
        .replace("session at least 45 minutes", "session at least 45 minutes, at most 90 minutes")
        .replace("outcome borrowed   \"A borrowed decision\"   failed\n", "")
        .replace("sessions 1..2 {", "sessions 1..1 {")
        .replace("sessions 3..5 {", "sessions 2..6 {")
        .replace("lenses exactly 1 of decision-review, influence-review", "lenses at least 1 of decision-review, influence-review")
        .replace("due by session 4", "due by session 3")
        .replace("due by week 10                     // counted from the log's `started` date", "due by week 10\n        evidence review")
        .replace("        evidence lens influence-review\n", "")
        .replace(
            "    milestone influence-reflection",
            "    milestone stakeholder-map \"A map of the stakeholders of one decision\" {\n        competency influence\n        due by session 5\n    }\n    severity L016 warning\n    milestone influence-reflection",
        )
}

#[test]
fn every_kind_of_change_is_named_in_the_designers_words() {
    let scratch = old_and_new(many_changes);
    let check = scratch.run(&["check", "new"]);
    assert_eq!(
        check.status, 0,
        "the edited program checks: {}",
        check.stderr
    );
    let output = diff(&scratch, &[]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    insta::assert_snapshot!("many-changes.human", output.stdout);
}

#[test]
fn a_field_made_required_and_a_lens_added_come_from_the_library() {
    let scratch = old_and_new(|text| text);
    let library = std::fs::read_to_string(scratch.path().join("new/lib/lenses.mentor")).unwrap();
    let library = library
        .replace("field framing \"Was my framing strong?\"", "field framing \"Was my framing strong?\" optional")
        .replace("field misread \"What I misread or underused\"", "field misread \"What I misread or underused\"\n            field next \"What I will try next\"");
    scratch.write("new/lib/lenses.mentor", library);
    let output = diff(&scratch, &[]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
        output
            .stdout
            .contains("field `framing` of lens `decision-review` made optional"),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("field `next` of lens `influence-review` added: required"),
        "{}",
        output.stdout
    );
}

/// The Markdown of the shorter gap with one log newly failing (`pair-099`) and the shipped
/// logs: what a pull request that shortens the gap would be commented with.
fn cadence_comment() -> (Scratch, Output) {
    let scratch = old_and_new(shorter_gap);
    scratch.write("logs/pair-099.toml", log_with_a_23_day_gap());
    let output = diff(
        &scratch,
        &[
            "--logs",
            "logs",
            "programs/logs",
            "--as-of",
            "2025-03-14",
            "--format",
            "markdown",
        ],
    );
    (scratch, output)
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let (_scratch, output) = cadence_comment();
    assert_eq!(output.status, 1, "{}", output.stderr);
    insta::assert_snapshot!("cadence.markdown", output.stdout);
    // GitHub reads every table: each row has the header's number of cells.
    for table in output.stdout.split("\n\n").filter(|b| b.starts_with('|')) {
        let widths: Vec<usize> = table
            .lines()
            .map(|row| row.replace("\\|", "").matches('|').count())
            .collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{table}");
    }
}

#[test]
fn json_has_the_changes_and_the_impact() {
    let scratch = old_and_new(shorter_gap);
    scratch.write("logs/pair-099.toml", log_with_a_23_day_gap());
    let output = diff(
        &scratch,
        &[
            "--logs",
            "logs",
            "--as-of",
            "2025-03-14",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status, 1, "{}", output.stderr);
    let json = output.json();
    let change = &json["programs"][0]["changes"][0];
    assert_eq!(change["item"], "setting");
    assert_eq!(change["change"], "changed");
    assert_eq!(change["subject"], "cadence: longest gap");
    assert_eq!(change["before"], "4 weeks");
    assert_eq!(change["after"], "3 weeks");
    assert_eq!(change["file"], "new/senior-ic.mentor");
    assert_eq!(change["line"], 27);
    let impact = &json["impact"];
    assert_eq!(impact["newly_failing"], 1);
    assert_eq!(impact["changed_logs"][0]["log"], "pair-099");
    assert_eq!(impact["changed_logs"][0]["before"], "passes");
    assert_eq!(impact["changed_logs"][0]["after"], "fails");
    assert_eq!(impact["changed_logs"][0]["appeared"][0]["code"], "L014");
    assert_eq!(impact["changed_logs"][0]["appeared"][0]["line"], 57);
    assert_eq!(impact["rules"][0]["code"], "L014");
}

#[test]
fn a_program_with_errors_on_either_side_is_not_compared() {
    let scratch = old_and_new(|text| text.replace("sessions 3..5 {", "sessions 2..5 {"));
    let output = diff(&scratch, &[]);
    assert_eq!(output.status, 2);
    assert!(output.stdout.is_empty());
    assert_has(&output.stderr, "P004");
    assert_has(
        &output.stderr,
        "error: nothing compared: NEW has programs with errors (`mentor check` shows them)\n",
    );
    let missing = scratch.run(&["diff", "old", "nowhere.mentor"]);
    assert_eq!(missing.status, 2);
    assert_has(&missing.stderr, "F001");
    assert!(
        missing
            .stderr
            .ends_with("error: nothing compared: NEW could not be read\n"),
        "{}",
        missing.stderr
    );
    let no_logs = scratch.run(&["diff", "old", "old", "--logs", "nowhere"]);
    assert_eq!(
        no_logs.status, 2,
        "a log that cannot be read: {}",
        no_logs.stderr
    );
    assert_has(&no_logs.stderr, "F001");
}

#[test]
fn no_word_of_a_pair_reaches_any_format() {
    let scratch = old_and_new(shorter_gap);
    let log = log_with_a_23_day_gap()
        .replace(
            "pair     = \"pair-099\"",
            "pair     = \"\\u001b]0;PAIR-MARKER\\u0007\"",
        )
        .replace("takeaway    = \"", "takeaway    = \"TAKEAWAY-MARKER ");
    assert!(log.contains("TAKEAWAY-MARKER"));
    // A log whose `program` is a sentence (`L005` under both: its words are in no output).
    scratch.write(
        "logs/sentence.toml",
        "program = \"PROGRAM-MARKER my words\"\npair = \"pair-100\"\nstarted = 2025-01-06\n",
    );
    scratch.write("logs/\u{1b}[31mred.toml", log);
    for format in ["human", "markdown", "json"] {
        let output = diff(
            &scratch,
            &[
                "--logs",
                "logs",
                "--as-of",
                "2025-03-14",
                "--format",
                format,
            ],
        );
        assert_eq!(output.status, 1, "{format}: {}", output.stderr);
        for text in [&output.stdout, &output.stderr] {
            assert!(!text.contains("MARKER"), "{format}: {text}");
            assert!(!text.contains('\u{1b}'), "{format}: {text:?}");
        }
        assert!(
            output.stdout.contains("red.toml"),
            "{format}: {}",
            output.stdout
        );
    }
}

#[test]
fn a_version_added_beside_the_old_one_is_a_program_added() {
    let scratch = old_and_new(|text| text);
    scratch.write(
        "new/senior-ic-2026.1.mentor",
        shorter_gap(reference_text()).replace("version \"2025.1\"", "version \"2026.1\""),
    );
    scratch.write("logs/pair-099.toml", log_with_a_23_day_gap());
    let output = diff(&scratch, &["--logs", "logs", "--as-of", "2025-03-14"]);
    // The log names 2025.1, which NEW still has: it is judged as before.
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
        output.stdout.starts_with(
            "senior-ic 2026.1 (added): 1 change\n  program `senior-ic` added: `2026.1`"
        ),
        "{}",
        output.stdout
    );
    assert_has(&output.stdout, "senior-ic 2025.1: no change\n");
    assert_has(&output.stdout, "the change affects no log");
}

#[test]
fn track_changes_are_named_per_track() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let text =
        std::fs::read_to_string(scratch.path().join("programs/leadership-tracks.mentor")).unwrap();
    let edited = text
        .replace(
            "milestone technical-strategy \"A technical direction defended before senior decision-makers\" replaces strategic-recommendation {\n            competency strategic-thinking\n            due by session 11",
            "milestone technical-strategy \"A technical direction defended before senior decision-makers\" replaces strategic-recommendation {\n            competency strategic-thinking\n            due by session 10",
        )
        .replace("        drop milestone stakeholder-map\n", "")
        .replace("    track sales \"Sales\" {", "    track support \"Support\" {\n        doc \"Support leads.\"\n    }\n\n    track sales \"Sales\" {");
    scratch.write(
        "edited/leadership-tracks.mentor",
        edited.replace("import \"lib/", "import \"../programs/lib/"),
    );
    let output = scratch.run(&[
        "diff",
        "programs/leadership-tracks.mentor",
        "edited/leadership-tracks.mentor",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let changes: Vec<&str> = output
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.trim().split("  (").next().unwrap_or_default())
        .collect();
    assert_eq!(
        changes,
        [
            "milestone `technical-strategy` of track `engineering` re-dated: by session 11 → by session 10",
            "track `support` added",
            "track `operations` changed: no longer drops `stakeholder-map`",
        ],
        "{}",
        output.stdout
    );
}

#[test]
fn logs_that_cannot_be_read_are_named_and_their_words_masked() {
    let scratch = old_and_new(shorter_gap);
    scratch.write("logs/pair-099.toml", log_with_a_23_day_gap());
    scratch.write(
        "logs/broken.toml",
        "program = \"senior-ic\"\ntakeaway = \"SECRET-MARKER in a broken log\nSECRET-MARKER bare words\n",
    );
    scratch.write(
        "logs/latin.toml",
        b"program = \"senior-ic\"\ntakeaway = \"SECRET-MARKER caf\xe9\"\n",
    );
    for format in ["human", "markdown", "json"] {
        let output = diff(
            &scratch,
            &[
                "--logs",
                "logs",
                "--as-of",
                "2025-03-14",
                "--format",
                format,
            ],
        );
        assert_eq!(output.status, 2, "{format}: {}", output.stderr);
        assert!(
            output.stderr.contains("F003") && output.stderr.contains("F002"),
            "{}",
            output.stderr
        );
        for text in [&output.stdout, &output.stderr] {
            assert!(!text.contains("SECRET"), "{format}: {text}");
        }
        // The log that was read is still compared.
        assert!(
            output.stdout.contains("pair-099"),
            "{format}: {}",
            output.stdout
        );
        let named = match format {
            "json" => output.json()["impact"]["unreadable"] == serde_json::json!(["logs/broken.toml", "logs/latin.toml"]),
            _ => output.stdout.contains("2 log files could not be read and are in no figure: logs/broken.toml, logs/latin.toml"),
        };
        assert!(named, "{format}: {}", output.stdout);
    }
}

#[test]
fn an_edition_removed_while_its_program_stays_says_what_its_logs_meet_now() {
    let scratch = old_and_new(|text| text.replace("version \"2025.1\"", "version \"2026.1\""));
    scratch.write(
        "old/senior-ic-2024.mentor",
        reference_text().replace("version \"2025.1\"", "version \"2024.1\""),
    );
    let output = diff(&scratch, &[]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_has(
        &output.stdout,
        "  program `senior-ic` removed: `2024.1`; its logs are now checked against `2026.1`  (old/senior-ic-2024.mentor:7)\n",
    );
    assert!(
        output
            .stdout
            .starts_with("senior-ic 2025.1 → 2026.1: 1 change\n"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_broken_record_is_named_by_its_line_and_the_exceptions_file_is_not_a_log() {
    let scratch = old_and_new(shorter_gap);
    let record = |pair: &str| {
        format!(
            "{{\"program\": \"senior-ic\", \"version\": \"2025.1\", \"pair\": \"{pair}\", \"started\": \"2025-01-06\", \"status\": \"active\"}}\n"
        )
    };
    scratch.write(
        "logs/cohort.jsonl",
        format!(
            "{}{{\"program\": SECRET-MARKER\n{}",
            record("pair-1"),
            record("pair-1")
        ),
    );
    let output = diff(
        &scratch,
        &[
            "--logs",
            "logs",
            "--as-of",
            "2025-01-10",
            "--exceptions",
            "nope.toml",
        ],
    );
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(!output.stderr.contains("SECRET") && !output.stdout.contains("SECRET"));
    // The record that does not parse is named by its line; the missing exceptions file is
    // reported on stderr, and is not a log.
    assert!(
        output
            .stdout
            .contains("  1 log file could not be read and is in no figure: logs/cohort.jsonl:2\n"),
        "{}",
        output.stdout
    );
    assert_has(&output.stderr, "cannot read `nope.toml`");
    // Both good records are read; the second names the same pair: `L034` on both sides, so
    // nothing changes for it.
    assert_has(&output.stdout, "Impact on 2 logs");
}

#[test]
fn a_pair_logged_twice_fails_on_both_sides_as_in_validate() {
    let scratch = old_and_new(|text| text);
    let old_only = scratch.path().join("old/senior-ic.mentor");
    // Only OLD turns L034 off: the repeated pair newly fails under NEW.
    let text = std::fs::read_to_string(&old_only).unwrap();
    std::fs::write(
        &old_only,
        text.replace(
            "    session at least 45 minutes\n",
            "    session at least 45 minutes\n    severity L034 off\n",
        ),
    )
    .unwrap();
    let log = std::fs::read_to_string(
        crate::support::crate_root().join("programs/logs/senior-ic/pair-017.toml"),
    )
    .unwrap();
    scratch.write("logs/a.toml", &log);
    scratch.write("logs/b.toml", &log);
    let output = diff(&scratch, &["--logs", "logs", "--as-of", "2025-03-14"]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert!(
        output
            .stdout
            .contains("  severity of L034 duplicate-pair changed: off → error"),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("    + L034 duplicate-pair at line 5"),
        "{}",
        output.stdout
    );
}

#[test]
fn mentor_toml_exceptions_apply_under_both_sides() {
    let scratch = old_and_new(shorter_gap);
    scratch.write("logs/pair-099.toml", log_with_a_23_day_gap());
    scratch.write(
        "approved.toml",
        "[[waive]]\nrule = \"L014\"\npair = \"pair-099\"\nsession = 5\nreason = \"travel\"\napproved-by = \"ops\"\napproved = 2025-03-01\n",
    );
    scratch.write("mentor.toml", "exceptions = \"approved.toml\"\n");
    let output = diff(&scratch, &["--logs", "logs", "--as-of", "2025-03-14"]);
    assert_eq!(
        output.status, 0,
        "the waiver excuses the new finding: {}",
        output.stderr
    );
    assert_has(&output.stdout, "the change affects no log");
    let isolated = diff(
        &scratch,
        &["--logs", "logs", "--as-of", "2025-03-14", "--no-config"],
    );
    assert_eq!(isolated.status, 1, "{}", isolated.stdout);
}

#[test]
fn an_empty_directory_is_a_side_without_programs() {
    let scratch = old_and_new(|text| text);
    std::fs::create_dir_all(scratch.path().join("none")).unwrap();
    let output = scratch.run(&["diff", "none", "new"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
        output.stdout.starts_with(
            "senior-ic 2025.1 (added): 1 change\n  program `senior-ic` added: `2025.1`"
        ),
        "{}",
        output.stdout
    );
    let output = scratch.run(&["diff", "old", "none"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_has(&output.stdout, "senior-ic 2025.1 (removed): 1 change\n");
    // A path that does not exist is still an error.
    let output = scratch.run(&["diff", "old", "nowhere"]);
    assert_eq!(output.status, 2, "{}", output.stderr);
}

#[test]
fn who_fills_a_worksheet_in_is_a_change_to_the_playbook_only() {
    // The lens lives in the library the reference program imports.
    let scratch = old_and_new(|text| text);
    let library = std::fs::read_to_string(scratch.path().join("new/lib/lenses.mentor"))
        .expect("read the library")
        .replace(
            "lens decision-review \"Decision Review\" {",
            "lens decision-review \"Decision Review\" {\n        filled by mentee",
        );
    scratch.write("new/lib/lenses.mentor", &library);
    let output = diff(
        &scratch,
        &["--logs", "programs/logs", "--as-of", "2025-06-01"],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_has(
        &output.stdout,
        "senior-ic 2025.1: 1 change, only in the playbook's text\n  who fills lens `decision-review` in added: `filled by mentee`",
    );
    assert_has(&output.stdout, "the change affects no log");
}

/// Issue 17: a review rhythm turned into listed review sessions is one change, each side in
/// the program's words.
#[test]
fn reviews_every_n_sessions_turned_into_listed_sessions() {
    let scratch = old_and_new(|text| {
        text.replace(
            "    session at least 45 minutes\n",
            "    session at least 45 minutes\n    review at sessions 2, 4\n",
        )
    });
    scratch.write(
        "old/senior-ic.mentor",
        reference_text().replace(
            "    session at least 45 minutes\n",
            "    session at least 45 minutes\n    review every 2 sessions\n",
        ),
    );
    let output = diff(&scratch, &[]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_has(
        &output.stdout,
        "review changed: every 2 sessions → at sessions 2 and 4",
    );
}

/// Issue 17: the agreement form's fields are part of the agreement: adding them is a change,
/// named by their ids.
#[test]
fn fields_given_to_the_agreement_form() {
    let scratch = old_and_new(|text| {
        text.replace(
            "    session at least 45 minutes\n",
            "    session at least 45 minutes\n    agreement before session 2 {\n        field contributions \"What each of us contributes\"\n        field time          \"Time commitment\"\n    }\n",
        )
    });
    scratch.write(
        "old/senior-ic.mentor",
        reference_text().replace(
            "    session at least 45 minutes\n",
            "    session at least 45 minutes\n    agreement before session 2\n",
        ),
    );
    let output = diff(&scratch, &[]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_has(
        &output.stdout,
        "agreement changed: before session 2 → before session 2, form fields `contributions`, `time`",
    );
}

/// Issue 17: a rule said in each phase, rewritten as one `from here on`, is the same plan; the
/// diff compares the rule in force in each phase, not where it is written.
#[test]
fn a_rule_moved_into_from_here_on_is_no_change() {
    let split = |text: String, judgment_rule: &str, practice_rule: &str| {
        text.replace(
            "    phase judgment \"Judgment Building\" sessions 3..5 {\n        note \"This is where many mentees feel stuck. This is intentional.\"\n        lenses exactly 1 of decision-review, influence-review\n        new-problems forbidden\n    }\n",
            &format!("    phase judgment \"Judgment Building\" sessions 3..4 {{\n        note \"This is where many mentees feel stuck. This is intentional.\"\n        lenses exactly 1 of decision-review, influence-review\n        {judgment_rule}\n    }}\n\n    phase practice \"Practice\" sessions 5..5 {{\n        lenses exactly 1 of decision-review, influence-review\n{practice_rule}    }}\n"),
        )
    };
    let scratch = old_and_new(|text| split(text, "new-problems forbidden from here on", ""));
    scratch.write(
        "old/senior-ic.mentor",
        split(
            reference_text(),
            "new-problems forbidden",
            "        new-problems forbidden\n",
        ),
    );
    assert!(
        std::fs::read_to_string(scratch.path().join("new/senior-ic.mentor"))
            .expect("read")
            .contains("from here on")
    );
    let output = diff(&scratch, &[]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.stdout, "senior-ic 2025.1: no change\n");

    // Ending the rule in `practice` is a change there.
    scratch.write(
        "new/senior-ic.mentor",
        split(
            reference_text(),
            "new-problems forbidden from here on",
            "        new-problems allowed\n",
        ),
    );
    let output = diff(&scratch, &[]);
    assert_has(&output.stdout, "new problems changed: forbidden → allowed");
}
