//! `mentor report`: progress across a cohort, and what it must never show.

use serde_json::Value;

use crate::support::{Scratch, crate_root, run_in};

const AS_OF: &str = "2025-06-01";

fn report(args: &[&str]) -> crate::support::Output {
    let mut all = vec!["report", "--color", "never", "--as-of", AS_OF];
    all.extend_from_slice(args);
    run_in(crate_root(), &all)
}

fn json(output: &crate::support::Output) -> Value {
    serde_json::from_str(&output.stdout).expect("the report is JSON")
}

#[test]
fn the_example_cohort_report() {
    let output = report(&["-p", "programs", "programs/logs"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.stderr, "");
    insta::assert_snapshot!("example_cohort_markdown", output.stdout);
}

#[test]
fn the_example_cohort_in_json_counts_what_validate_finds() {
    let output = report(&["-p", "programs", "programs/logs", "--format", "json"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let report = json(&output);
    let program = &report["programs"][0];
    assert_eq!(program["id"], "senior-ic");
    let cohort = &program["cohort"];
    assert_eq!(cohort["pairs"], 10);
    assert_eq!(
        cohort["held_sessions"], 46,
        "as `mentor validate` counts them"
    );
    assert_eq!(
        (
            cohort["active"].as_u64(),
            cohort["completed"].as_u64(),
            cohort["withdrawn"].as_u64()
        ),
        (Some(2), Some(7), Some(1))
    );
    // Five logs in `senior-ic-failing` have errors as of 2025-06-01.
    assert_eq!(cohort["pairs_with_errors"], 5);

    // The withdrawn pair owes nothing, so each milestone applies to nine pairs.
    let influence = &program["competencies"][1]["milestones"][0];
    assert_eq!(influence["id"], "influence-reflection");
    assert_eq!(influence["counts"]["pairs"], 9);
    assert_eq!(influence["counts"]["overdue"], 1);
    let pairs = program["pairs"].as_array().expect("pairs are listed");
    let overdue: Vec<&Value> = pairs
        .iter()
        .filter(|p| p["overdue"].as_array().is_some_and(|o| !o.is_empty()))
        .collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["pair"], "pair-044");
    assert_eq!(overdue[0]["overdue"][0], "influence-reflection");

    let findings = program["findings"].as_array().expect("findings");
    let codes: Vec<&str> = findings.iter().filter_map(|f| f["code"].as_str()).collect();
    for code in ["L008", "L014", "L019", "L023", "L024", "L028"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}

#[test]
fn groups_smaller_than_min_group_are_not_shown() {
    // Ten pairs: the cohort is shown at 10 and hidden at 11, in both formats.
    let output = report(&["-p", "programs", "programs/logs", "--min-group", "11"]);
    assert_eq!(output.status, 0);
    assert!(output.stdout.contains("The cohort has fewer than 11 pairs"));
    assert!(!output.stdout.contains("## How sessions ended"));
    assert!(!output.stdout.contains("## Most common findings"));
    let output = report(&[
        "-p",
        "programs",
        "programs/logs",
        "--min-group",
        "11",
        "--format",
        "json",
    ]);
    let program = &json(&output)["programs"][0];
    for figure in ["cohort", "phases", "outcomes", "findings"] {
        assert_eq!(
            program[figure],
            serde_json::json!({"suppressed": true}),
            "{figure}"
        );
    }
    let milestone = &program["competencies"][0]["milestones"][0];
    assert_eq!(milestone["counts"], serde_json::json!({"suppressed": true}));
    // Without `--anonymous` the pairs are still listed for program operations.
    assert_eq!(program["pairs"].as_array().map(Vec::len), Some(10));
}

#[test]
fn anonymous_reports_name_no_pair() {
    for format in ["md", "json"] {
        let output = report(&[
            "-p",
            "programs",
            "programs/logs",
            "--anonymous",
            "--format",
            format,
        ]);
        assert_eq!(output.status, 0);
        assert!(output.stdout.contains("senior-ic"));
        for pair in ["pair-017", "pair-044", "pair-045"] {
            assert!(!output.stdout.contains(pair), "{format}: {pair}");
        }
    }
}

/// Six pairs of `leadership-tracks`: five on the engineering track, one on sales.
fn track_cohort(scratch: &Scratch) {
    scratch.copy_programs();
    let mut lines = String::new();
    for (i, track) in [
        "engineering",
        "engineering",
        "engineering",
        "engineering",
        "engineering",
        "sales",
    ]
    .iter()
    .enumerate()
    {
        lines.push_str(&format!(
            concat!(
                r#"{{"program": "leadership-tracks", "pair": "lt-{}", "mentor": "mentor-secret-{}", "#,
                r#""mentee": "mentee-secret-{}", "track": "{}", "started": "2025-01-06", "agreement": "2025-01-06", "#,
                r#""sessions": [{{"number": 1, "date": "2025-01-06", "minutes": 60, "outcome": "insight", "#,
                r#""takeaway": "TAKEAWAY-MARKER"}}, {{"number": 2, "date": "2025-01-20", "minutes": 60, "#,
                r#""outcome": "feedback", "takeaway": "TAKEAWAY-MARKER"}}]}}"#,
                "\n"
            ),
            i, i, i, track
        ));
    }
    scratch.write("logs/cohort.jsonl", lines);
}

#[test]
fn tracks_and_their_milestones_are_counted_per_track() {
    let scratch = Scratch::new();
    track_cohort(&scratch);
    let output = scratch.run(&[
        "report",
        "-p",
        "programs",
        "logs",
        "--as-of",
        "2025-02-01",
        "--format",
        "json",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let report = json(&output);
    let program = &report["programs"][0];
    assert_eq!(program["id"], "leadership-tracks");
    let tracks = program["tracks"].as_array().expect("tracks");
    let figures = |id: &str| {
        tracks
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| t["figures"].clone())
            .expect("the track is listed")
    };
    assert_eq!(figures("engineering")["pairs"], 5);
    assert_eq!(figures("engineering")["held_sessions"], 10);
    assert_eq!(figures("sales"), serde_json::json!({"suppressed": true}));
    assert_eq!(figures("product"), serde_json::json!({"suppressed": true}));

    let milestone = |id: &str| {
        program["competencies"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["milestones"].as_array().into_iter().flatten())
            .find(|m| m["id"] == id)
            .cloned()
            .expect("the milestone is listed")
    };
    // The engineering track replaces `strategic-recommendation`: only the sales pair owes it.
    assert_eq!(milestone("technical-strategy")["track"], "engineering");
    assert_eq!(milestone("technical-strategy")["counts"]["pairs"], 5);
    assert_eq!(milestone("technical-strategy")["counts"]["pending"], 5);
    assert_eq!(
        milestone("strategic-recommendation")["counts"],
        serde_json::json!({"suppressed": true})
    );
    assert_eq!(
        milestone("deal-strategy")["counts"],
        serde_json::json!({"suppressed": true})
    );
    // Everyone is in the chemistry phase after two sessions.
    assert_eq!(program["phases"][0]["active_pairs_here"], 6);
}

#[test]
fn no_words_of_a_pair_and_no_mentor_or_mentee_reach_the_report() {
    let scratch = Scratch::new();
    track_cohort(&scratch);
    for format in ["md", "json"] {
        let output = scratch.run(&[
            "report",
            "-p",
            "programs",
            "logs",
            "--as-of",
            "2025-02-01",
            "--format",
            format,
        ]);
        assert_eq!(output.status, 0);
        for secret in ["TAKEAWAY-MARKER", "mentor-secret", "mentee-secret"] {
            assert!(!output.stdout.contains(secret), "{format}: {secret}");
            assert!(!output.stderr.contains(secret), "{format}: {secret}");
        }
    }
}

#[test]
fn the_report_does_not_depend_on_the_order_of_its_inputs() {
    let forward = report(&[
        "-p",
        "programs",
        "programs/logs/senior-ic",
        "programs/logs/senior-ic-failing",
    ]);
    let backward = report(&[
        "-p",
        "programs",
        "programs/logs/senior-ic-failing",
        "programs/logs/senior-ic",
    ]);
    assert_eq!(forward.status, 0);
    assert_eq!(forward.stdout, backward.stdout);
}

#[test]
fn exit_statuses() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    // A program with errors: no report, exit 1.
    scratch.write("broken/p.mentor", "program demo \"Demo\" {\n    phase a \"A\" sessions 1..2 { lenses none }\n    phase b \"B\" sessions 2..3 { lenses none }\n}\n");
    let output = scratch.run(&["report", "-p", "broken", "logs"]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert_eq!(output.stdout, "");
    assert!(output.stderr.contains("P004"), "{}", output.stderr);
    assert!(output.stderr.contains("no report written"));

    // A missing program file: exit 2.
    let output = scratch.run(&["report", "-p", "nowhere.mentor", "logs"]);
    assert_eq!(output.status, 2);
    assert_eq!(output.stdout, "");

    // A log file that cannot be read is reported and exits 2; the other logs are still reported.
    scratch.write(
        "logs/good.toml",
        std::fs::read(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
            .expect("the example log"),
    );
    scratch.write("logs/bad.json", "{\"program\": ");
    let output = scratch.run(&[
        "report",
        "-p",
        "programs",
        "logs",
        "--as-of",
        AS_OF,
        "--min-group",
        "1",
    ]);
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(output.stderr.contains("F003"), "{}", output.stderr);
    assert!(output.stdout.contains("| pair-017 |"), "{}", output.stdout);

    // A log of a program not given: a note, not an error.
    scratch.write(
        "other/x.toml",
        "program = \"elsewhere\"\npair = \"x\"\nstarted = 2025-01-06\n",
    );
    let output = scratch.run(&[
        "report",
        "-p",
        "programs",
        "other",
        "logs/good.toml",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
        output.stderr.contains("1 log follows no program given"),
        "{}",
        output.stderr
    );

    // --min-group 0 is a usage error.
    let output = scratch.run(&["report", "-p", "programs", "logs", "--min-group", "0"]);
    assert_eq!(output.status, 2);
}

#[test]
fn output_file_is_written_atomically_and_only_on_success() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "logs/pair.toml",
        std::fs::read(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
            .expect("the example log"),
    );
    let target = scratch.write("report.md", "old report\n");
    scratch.write(
        "broken/p.mentor",
        "program demo \"Demo\" {\n    lenght 3 sessions\n}\n",
    );
    let output = scratch.run(&["report", "-p", "broken", "logs", "-o", "report.md"]);
    assert_eq!(output.status, 1);
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        "old report\n"
    );
    let output = scratch.run(&[
        "report",
        "-p",
        "programs",
        "logs",
        "-o",
        "report.md",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.stdout, "");
    let written = std::fs::read_to_string(&target).expect("read");
    assert!(written.starts_with("# Progress report: Leadership Development Program"));
}
