//! `mentor report`: progress across a cohort, and what it must never show.

mod at_risk;
mod browser;
mod csv;
mod html;
mod rematch;

use serde_json::Value;

use crate::support::{Scratch, crate_root, run_in};

const AS_OF: &str = "2025-06-01";

fn report(args: &[&str]) -> crate::support::Output {
    let mut all = vec!["report", "--color", "never", "--as-of", AS_OF];
    all.extend_from_slice(args);
    run_in(crate_root(), &all)
}

/// `mentor report -p programs logs --as-of AS_OF EXTRA…` in a scratch directory.
fn report_logs(scratch: &Scratch, extra: &[&str]) -> crate::support::Output {
    let mut args = vec!["report", "-p", "programs", "logs", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    scratch.run(&args)
}

/// The reference log of `pair-017`.
fn example_log() -> Vec<u8> {
    std::fs::read(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
        .expect("the example log")
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
    // Five logs in `senior-ic-failing` have errors as of 2025-06-01, and so has `pair-033`,
    // the cohort's active pair, which held no session since 2025-03-24 (`L035`).
    assert_eq!(cohort["pairs_with_errors"], 6);

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

/// Pairs of `leadership-tracks` on the given tracks (`None`: no track), two sessions each.
fn track_cohort(scratch: &Scratch, tracks: &[Option<&str>]) {
    scratch.copy_programs();
    let mut lines = String::new();
    for (i, track) in tracks.iter().enumerate() {
        let track = track
            .map(|t| format!(r#""track": "{t}", "#))
            .unwrap_or_default();
        lines.push_str(&format!(
            concat!(
                r#"{{"program": "leadership-tracks", "pair": "lt-{:02}", "mentor": "mentor-secret-{}", "#,
                r#""mentee": "mentee-secret-{}", {}"started": "2025-01-06", "agreement": "2025-01-06", "#,
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

/// `mentor report` of a `track_cohort` as of 2025-02-01, in `format`.
fn track_cohort_report(scratch: &Scratch, format: &str) -> crate::support::Output {
    scratch.run(&[
        "report",
        "-p",
        "programs",
        "logs",
        "--as-of",
        "2025-02-01",
        "--format",
        format,
    ])
}

/// The JSON report's one program.
fn tracks_report(scratch: &Scratch) -> Value {
    let output = track_cohort_report(scratch, "json");
    assert_eq!(output.status, 0, "{}", output.stderr);
    json(&output)["programs"][0].clone()
}

fn suppressed() -> Value {
    serde_json::json!({"suppressed": true})
}

/// The figures of a track row (or of the pairs on no track, for `None`).
fn track_figures(program: &Value, id: Option<&str>) -> Value {
    match id {
        None => program["no_track"].clone(),
        Some(id) => program["tracks"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| t["id"] == id)
            .map(|t| t["figures"].clone())
            .expect("the track is listed"),
    }
}

fn milestone_counts(program: &Value, id: &str) -> Value {
    program["competencies"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["milestones"].as_array().into_iter().flatten())
        .find(|m| m["id"] == id)
        .map(|m| m["counts"].clone())
        .expect("the milestone is listed")
}

#[test]
fn tracks_and_their_milestones_are_counted_per_track() {
    let scratch = Scratch::new();
    let mut tracks = vec![Some("engineering"); 10];
    tracks.extend([None; 5]);
    tracks.extend([Some("product"); 5]);
    track_cohort(&scratch, &tracks);
    let program = tracks_report(&scratch);
    assert_eq!(program["id"], "leadership-tracks");
    assert_eq!(track_figures(&program, Some("engineering"))["pairs"], 10);
    assert_eq!(
        track_figures(&program, Some("engineering"))["held_sessions"],
        20
    );
    assert_eq!(track_figures(&program, Some("product"))["pairs"], 5);
    assert_eq!(track_figures(&program, None)["pairs"], 5);
    // No pair is on the sales track: an empty group shows no one.
    assert_eq!(track_figures(&program, Some("sales"))["pairs"], 0);

    // Engineering replaces `strategic-recommendation` with `technical-strategy`.
    assert_eq!(
        milestone_counts(&program, "technical-strategy")["pairs"],
        10
    );
    assert_eq!(
        milestone_counts(&program, "technical-strategy")["pending"],
        10
    );
    assert_eq!(
        milestone_counts(&program, "strategic-recommendation")["pairs"],
        10
    );
    // Product replaces `stakeholder-map` and adds `customer-insight`.
    assert_eq!(milestone_counts(&program, "customer-insight")["pairs"], 5);
    assert_eq!(milestone_counts(&program, "stakeholder-map")["pairs"], 15);
    assert_eq!(milestone_counts(&program, "feedback-loop")["pairs"], 20);
    // Everyone is in the chemistry phase after two sessions.
    assert_eq!(program["phases"][0]["active_pairs_here"], 20);
}

#[test]
fn a_small_group_cannot_be_recovered_by_subtraction() {
    let scratch = Scratch::new();
    // Five engineers and one sales pair: hiding only the sales row would leave it as the
    // cohort's total minus engineering's.
    let mut tracks = vec![Some("engineering"); 5];
    tracks.push(Some("sales"));
    track_cohort(&scratch, &tracks);
    let program = tracks_report(&scratch);
    assert_eq!(program["cohort"]["pairs"], 6);
    assert_eq!(track_figures(&program, Some("sales")), suppressed());
    assert_eq!(track_figures(&program, Some("engineering")), suppressed());
    assert_eq!(track_figures(&program, None)["pairs"], 0);
    // Rows a hidden track adds, replaces or drops would give its size away too.
    for id in [
        "quick-win",
        "deal-strategy",
        "executive-sponsor",
        "technical-strategy",
        "strategic-recommendation",
    ] {
        assert_eq!(milestone_counts(&program, id), suppressed(), "{id}");
    }
    // Rows every pair owes are shown.
    assert_eq!(milestone_counts(&program, "feedback-loop")["pairs"], 6);

    // Whatever the mix, the hidden groups hold no pair or at least 5 between them: that sum is
    // what the totals minus the shown groups give away.
    for mix in [
        vec![Some("engineering"); 7],
        [vec![Some("engineering"); 6], vec![None; 2]].concat(),
        [
            vec![Some("engineering"); 6],
            vec![None; 2],
            vec![Some("sales"); 1],
        ]
        .concat(),
        [
            vec![Some("product"); 5],
            vec![None; 5],
            vec![Some("sales"); 3],
        ]
        .concat(),
        // Two small tracks beside a big one: together they are still a small group.
        [
            vec![Some("engineering"); 10],
            vec![Some("product"); 1],
            vec![Some("sales"); 1],
        ]
        .concat(),
    ] {
        let scratch = Scratch::new();
        track_cohort(&scratch, &mix);
        let program = tracks_report(&scratch);
        let ids = [
            "engineering",
            "product",
            "sales",
            "operations",
            "people-management",
        ];
        let mut hidden_pairs = 0;
        for id in ids.iter().map(|id| Some(*id)).chain([None]) {
            let size = mix.iter().filter(|t| **t == id).count();
            let figures = match id {
                Some(id)
                    if !program["tracks"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|t| t["id"] == id) =>
                {
                    continue;
                }
                _ => track_figures(&program, id),
            };
            if figures == suppressed() {
                hidden_pairs += size;
            } else {
                assert_eq!(
                    figures["pairs"].as_u64(),
                    Some(size as u64),
                    "{mix:?}: {id:?}"
                );
                assert!(
                    size == 0 || size >= 5,
                    "{mix:?}: {id:?} shown with {size} pairs"
                );
            }
        }
        assert!(
            hidden_pairs == 0 || hidden_pairs >= 5,
            "{mix:?}: {hidden_pairs} hidden pairs"
        );
    }
}

#[test]
fn a_pair_with_two_logs_is_counted_once() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let log = example_log();
    scratch.write("logs/a/pair-017.toml", &log);
    scratch.write("logs/b/pair-017.toml", &log);
    let output = report_logs(&scratch, &["--min-group", "1", "--format", "json"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
        output
            .stderr
            .contains("1 log left out of the report: repeats a pair already counted (`mentor validate` reports L034)"),
        "{}",
        output.stderr
    );
    // The report itself names the log it left out, by file.
    let left_out = &json(&output)["left_out"];
    assert_eq!(left_out["logs"], 1);
    assert_eq!(left_out["duplicate_pair"], 1);
    assert_eq!(left_out["files"][0]["reason"], "duplicate-pair");
    assert_eq!(left_out["files"][0]["file"], "logs/b/pair-017.toml");
    let program = &json(&output)["programs"][0];
    assert_eq!(program["cohort"]["pairs"], 1);
    assert_eq!(program["cohort"]["held_sessions"], 5);
}

#[test]
fn a_log_without_a_pair_id_is_named_by_where_it_is() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let log = std::fs::read_to_string(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
        .expect("the example log");
    let nameless: String = log
        .lines()
        .filter(|l| !l.starts_with("pair"))
        .map(|l| format!("{l}\n"))
        .collect();
    scratch.write("logs/nameless.toml", &nameless);
    let output = report_logs(&scratch, &["--format", "json"]);
    let names: Vec<String> = json(&output)["programs"][0]["pairs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["pair"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(names, ["logs/nameless.toml"]);

    let line = std::fs::read_to_string(
        crate_root().join("programs/logs/senior-ic/cohort-2025-spring.jsonl"),
    )
    .expect("the example cohort");
    let first: Value = serde_json::from_str(line.lines().next().expect("a line")).expect("JSON");
    let mut first = first.as_object().cloned().expect("an object");
    first.remove("pair");
    std::fs::remove_file(scratch.path().join("logs/nameless.toml")).expect("remove");
    scratch.write("logs/export.jsonl", format!("\n{}\n", Value::Object(first)));
    let output = report_logs(&scratch, &["--format", "json"]);
    assert_eq!(
        json(&output)["programs"][0]["pairs"][0]["pair"],
        "logs/export.jsonl:2"
    );
}

#[test]
fn no_words_of_a_pair_and_no_mentor_or_mentee_reach_the_report() {
    let scratch = Scratch::new();
    track_cohort(&scratch, &[Some("engineering"), None, Some("sales")]);
    for format in ["md", "json"] {
        let output = track_cohort_report(&scratch, format);
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
    scratch.write("logs/good.toml", example_log());
    scratch.write("logs/bad.json", "{\"program\": ");
    let output = report_logs(&scratch, &["--min-group", "1"]);
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
        output
            .stderr
            .contains("1 log left out of the report: follows no program given"),
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
    scratch.write("logs/pair.toml", example_log());
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

#[test]
fn a_track_shows_milestones_only_over_enough_pairs_that_owe_them() {
    let scratch = Scratch::new();
    // Five sales pairs, three of which withdrew: the track's pairs are shown, but the milestones
    // only two pairs owe are not.
    track_cohort(&scratch, &[Some("sales"); 5]);
    let path = scratch.path().join("logs/cohort.jsonl");
    let text = std::fs::read_to_string(&path).expect("the cohort");
    let withdrawn: String = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i < 3 {
                format!(
                    "{}\n",
                    line.replacen("\"started\"", "\"status\": \"withdrawn\", \"started\"", 1)
                )
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    std::fs::write(&path, withdrawn).expect("write");
    let program = tracks_report(&scratch);
    let sales = track_figures(&program, Some("sales"));
    assert_eq!(sales["pairs"], 5);
    assert_eq!(sales["milestones_met"], Value::Null, "{sales}");
    assert_eq!(sales["milestones_owed"], Value::Null, "{sales}");
}

#[test]
fn a_log_on_an_unknown_track_is_left_out_and_hides_no_other_row() {
    let scratch = Scratch::new();
    // 29 pairs on no track and one on a track the program does not have (`L007`).
    let mut tracks = vec![None; 29];
    tracks.push(Some("marketing"));
    track_cohort(&scratch, &tracks);
    let output = track_cohort_report(&scratch, "json");
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
        output.stderr.contains(
            "1 log left out of the report: names a track its program does not have (`mentor validate` reports L007)"
        ),
        "{}",
        output.stderr
    );
    let report = json(&output);
    let program = &report["programs"][0];
    assert_eq!(program["cohort"]["pairs"], 29);
    // Every milestone row covers the 29 pairs: none is hidden for the one left out.
    let counts = milestone_counts(program, "quick-win");
    assert_eq!(counts["pairs"], 29, "{counts}");
    let left_out = &report["left_out"];
    assert_eq!(
        (
            left_out["logs"].as_u64(),
            left_out["unknown_track"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(
        left_out["files"],
        serde_json::json!([{
            "file": "logs/cohort.jsonl",
            "line": 30,
            "reason": "unknown-track",
            "program": "leadership-tracks"
        }])
    );
    // The Markdown names it too, below the figures.
    let output = track_cohort_report(&scratch, "md");
    assert!(
        output.stdout.contains(
            "1 log is left out of the figures: [Logs left out](#logs-left-out) lists it."
        ),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("| logs/cohort.jsonl | 30 | names a track its program does not have |"),
        "{}",
        output.stdout
    );
    assert!(
        !output.stdout.contains("fewer than 5 pairs)"),
        "{}",
        output.stdout
    );
}

#[test]
fn unreadable_logs_are_named_in_the_report_and_anonymous_reports_count_them() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write("logs/good.toml", example_log());
    scratch.write("logs/broken.toml", "program = \"senior-ic\"\npair = \n");
    scratch.write(
        "logs/mixed.jsonl",
        "{\"program\": \"senior-ic\", \"pair\": \"p-2\", \"started\": \"2025-01-06\"}\n{not json\n",
    );
    let output = report_logs(&scratch, &["--format", "json", "--min-group", "1"]);
    assert_eq!(
        output.status, 2,
        "a log that cannot be read: {}",
        output.stderr
    );
    let left_out = &json(&output)["left_out"];
    assert_eq!(left_out["unreadable"], 2, "{left_out}");
    let places: Vec<(String, Option<u64>)> = left_out["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("").to_owned(),
                f["line"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("logs/broken.toml".to_owned(), None),
            ("logs/mixed.jsonl".to_owned(), Some(2))
        ]
    );
    let output = report_logs(&scratch, &["--format", "json", "--anonymous"]);
    let left_out = &json(&output)["left_out"];
    assert_eq!(left_out["unreadable"], 2);
    assert!(left_out.get("files").is_none(), "{left_out}");
    let output = report_logs(&scratch, &["--anonymous"]);
    assert!(
        output
            .stdout
            .contains("2 logs are not in the figures: 2 could not be read (F001–F003)."),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("The files are not named in an anonymous report.")
    );
    assert!(!output.stdout.contains("broken.toml"), "{}", output.stdout);
}

#[test]
fn the_weekly_series_adds_up_to_the_cohort_figures() {
    let output = report(&[
        "-p",
        "programs",
        "programs/logs",
        "--format",
        "json",
        "--min-group",
        "1",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let report = json(&output);
    let program = &report["programs"][0];
    let weeks = program["trends"]["weeks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        weeks.first().map(|w| w["week"].clone()),
        Some("2025-01-06".into())
    );
    assert_eq!(
        weeks.last().map(|w| w["week"].clone()),
        Some("2025-05-26".into())
    );
    // Every held session of the example cohort has a date before the report's: the weeks hold
    // them all.
    let sessions: u64 = weeks
        .iter()
        .filter_map(|w| w["sessions_held"].as_u64())
        .sum();
    assert_eq!(
        sessions,
        program["cohort"]["held_sessions"].as_u64().unwrap_or(0)
    );
    // The burn-up ends at the milestones met, on time or late, of the milestone tables.
    let met: u64 = program["competencies"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["milestones"].as_array().into_iter().flatten())
        .map(|m| {
            m["counts"]["met"].as_u64().unwrap_or(0) + m["counts"]["met_late"].as_u64().unwrap_or(0)
        })
        .sum();
    assert!(met > 0);
    assert_eq!(
        weeks.last().map(|w| w["milestones_met_to_date"].clone()),
        Some(met.into())
    );
    // It never goes down.
    let points: Vec<u64> = weeks
        .iter()
        .filter_map(|w| w["milestones_met_to_date"].as_u64())
        .collect();
    assert!(points.windows(2).all(|w| w[0] <= w[1]), "{points:?}");
}

/// Issue 19: a JSON Lines file is read in a stream by `report` too. It gives what standard
/// input (read whole) gives: the report, the problems on stderr at their lines with their
/// snippets masked, and the logs left out named by their lines.
#[test]
fn a_streamed_json_lines_file_reports_as_standard_input_does() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let lines = crate::support::cohort_with_a_broken_record(&[
        "{\"program\": \"no-such-program\", \"pair\": \"p-lost\", \"started\": \"2025-01-06\"}",
    ]);
    let text = lines.join("\n") + "\n";
    let args = [
        "report", "--color", "never", "-p", "programs", "--as-of", AS_OF, "--format", "json",
    ];
    let (file, stdin) = crate::support::run_file_and_stdin(&scratch, &args, &text);
    assert_eq!(file.status, 2, "{}", file.stderr);
    assert_eq!(stdin.status, file.status);
    assert_eq!(
        file.stderr.replace("cohort.jsonl", "<stdin>"),
        stdin.stderr,
        "the problems read the same"
    );
    assert!(file.stderr.contains("cohort.jsonl:2:"), "{}", file.stderr);
    assert!(!file.stderr.contains("SECRET"), "{}", file.stderr);
    assert_eq!(
        json(&file).to_string().replace("cohort.jsonl", "<stdin>"),
        json(&stdin).to_string()
    );
    assert!(
        json(&file)
            .to_string()
            .contains(&format!("\"line\":{}", lines.len())),
        "{}",
        json(&file)
    );
}
