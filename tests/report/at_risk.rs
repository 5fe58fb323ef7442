//! The report's "at risk" view, against a hand computation: a fixture cohort of four logs, two
//! per program, judged as of 2025-06-01.

use serde_json::{Value, json};

use crate::support::Scratch;

const AS_OF: &str = "2025-06-01";

/// `senior-ic`: `gap at most 4 weeks` (28 days); no start, streak or logging rule.
/// `leadership-tracks`: `gap at most 4 weeks` (28 days), `first session within 2 weeks`
/// (14 days), `missed sessions at most 2 in a row`, `log sessions within 3 days`.
const LOGS: [(&str, &str); 4] = [
    // Last held session 2025-03-24; 2025-03-24 + 28 days = 2025-04-21, before 2025-06-01:
    // inactive, due 2025-04-21 (and the next session was due by then).
    (
        "ar-1",
        r#"program = "senior-ic"
pair = "ar-1"
started = 2025-01-06
status = "active"
[[sessions]]
number = 1
date = 2025-01-06
[[sessions]]
number = 2
date = 2025-01-20
[[sessions]]
number = 3
date = 2025-03-24
"#,
    ),
    // Last held session 2025-05-19; + 28 days = 2025-06-16, after 2025-06-01: not at risk,
    // the next session is due by 2025-06-16.
    (
        "ar-2",
        r#"program = "senior-ic"
pair = "ar-2"
started = 2025-05-05
[[sessions]]
number = 1
date = 2025-05-05
[[sessions]]
number = 2
date = 2025-05-19
"#,
    ),
    // Started 2025-04-01 and never met. First session due by 2025-04-01 + 14 = 2025-04-15:
    // late to start. Nothing held, so the silence counts from the start: 2025-04-01 + 28 =
    // 2025-04-29: inactive (the next session was due by 2025-04-29). Its plan for 2025-05-20
    // was to be logged by 2025-05-20 + 3 = 2025-05-23: not logged.
    (
        "ar-3",
        r#"program = "leadership-tracks"
pair = "ar-3"
started = 2025-04-01
[[sessions]]
date = 2025-05-20
status = "planned"
"#,
    ),
    // First session on its start (in time). Then cancelled 2025-04-21, no-show 2025-05-05,
    // cancelled 2025-05-19: three in a row where two are allowed; the third, on 2025-05-19,
    // is the one that should have been held. Session 2 on 2025-05-26: + 28 = 2025-06-23, so
    // not inactive; its next session is due by 2025-06-23. Its plan for 2025-06-09 is ahead.
    (
        "ar-4",
        r#"program = "leadership-tracks"
pair = "ar-4"
started = 2025-04-07
status = "active"
[[sessions]]
number = 1
date = 2025-04-07
[[sessions]]
date = 2025-04-21
status = "cancelled"
[[sessions]]
date = 2025-05-05
status = "no-show"
[[sessions]]
date = 2025-05-19
status = "cancelled"
[[sessions]]
number = 2
date = 2025-05-26
[[sessions]]
date = 2025-06-09
status = "planned"
"#,
    ),
];

pub(super) fn cohort() -> Scratch {
    let scratch = Scratch::new();
    scratch.copy_programs();
    for (pair, log) in LOGS {
        scratch.write(&format!("logs/{pair}.toml"), log);
    }
    scratch
}

fn report(scratch: &Scratch, extra: &[&str]) -> crate::support::Output {
    let mut args = vec!["report", "-p", "programs", "logs", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let output = scratch.run(&args);
    assert_eq!(output.status, 0, "{}", output.stderr);
    output
}

fn program<'v>(report: &'v Value, id: &str) -> &'v Value {
    report["programs"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("{id} in the report"))
}

#[test]
fn the_at_risk_figures_agree_with_a_hand_computation() {
    let scratch = cohort();
    let report = report(&scratch, &["--min-group", "1", "--format", "json"]).json();

    let senior = program(&report, "senior-ic");
    assert_eq!(
        senior["pairs_at_risk"],
        json!([{"pair": "ar-1", "reason": "inactive", "due": "2025-04-21"}])
    );
    assert_eq!(
        senior["at_risk"],
        json!({"pairs": 1, "inactive": 1, "late_start": 0, "missed_streak": 0,
               "unlogged_plan": 0, "milestone_at_risk": 0})
    );

    let leadership = program(&report, "leadership-tracks");
    // The earliest due day first. Then the forecasts (`L041`), by hand, with the program's
    // `length 12 sessions within 26 weeks` (182 days) and `cadence every 2 weeks`:
    // - ar-3 held nothing: its pace is the cadence, 14 days; its next session cannot fall
    //   before 2025-06-01; the program ends 2025-04-01 + 182 = 2025-09-30. Session 11 falls on
    //   2025-06-01 + 10 × 14 = 2025-10-19 and session 12 later still: both after the end
    //   (`strategic-recommendation`, `growth-portfolio`); session 8 on 2025-09-07 is in time.
    // - ar-4 held sessions 1 (2025-04-07) and 2 (2025-05-26): one every 49 days; the next on
    //   2025-07-14; the end is 2025-04-07 + 182 = 2025-10-06. Session 5 falls on 2025-07-14 +
    //   2 × 49 = 2025-10-20, after it, and so do sessions 8, 11 and 12 (the program.s four
    //   milestones due by session); week 18 (2025-08-11) is reached on 2025-07-14, in time.
    assert_eq!(
        leadership["pairs_at_risk"],
        json!([
            {"pair": "ar-3", "reason": "late-start", "due": "2025-04-15"},
            {"pair": "ar-3", "reason": "inactive", "due": "2025-04-29"},
            {"pair": "ar-4", "reason": "missed-streak", "due": "2025-05-19"},
            {"pair": "ar-3", "reason": "unlogged-plan", "due": "2025-05-23"},
            {"pair": "ar-3", "reason": "milestone-at-risk", "due": "2025-09-30",
             "milestone": "strategic-recommendation"},
            {"pair": "ar-3", "reason": "milestone-at-risk", "due": "2025-09-30",
             "milestone": "growth-portfolio"},
            {"pair": "ar-4", "reason": "milestone-at-risk", "due": "2025-10-06",
             "milestone": "quick-win"},
            {"pair": "ar-4", "reason": "milestone-at-risk", "due": "2025-10-06",
             "milestone": "stakeholder-map"},
            {"pair": "ar-4", "reason": "milestone-at-risk", "due": "2025-10-06",
             "milestone": "strategic-recommendation"},
            {"pair": "ar-4", "reason": "milestone-at-risk", "due": "2025-10-06",
             "milestone": "growth-portfolio"},
        ])
    );
    assert_eq!(
        leadership["at_risk"],
        json!({"pairs": 2, "inactive": 1, "late_start": 1, "missed_streak": 1,
               "unlogged_plan": 1, "milestone_at_risk": 2})
    );

    let next_due = |program: &Value| -> Vec<(String, Value)> {
        program["pairs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                (
                    p["pair"].as_str().unwrap_or("").to_owned(),
                    p["next_session_due"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        next_due(senior),
        [
            ("ar-1".to_owned(), json!("2025-04-21")),
            ("ar-2".to_owned(), json!("2025-06-16"))
        ]
    );
    assert_eq!(
        next_due(leadership),
        [
            ("ar-3".to_owned(), json!("2025-04-29")),
            ("ar-4".to_owned(), json!("2025-06-23"))
        ]
    );

    let markdown = report_markdown(&scratch, &["--min-group", "1"]);
    insta::assert_snapshot!("at_risk_markdown", markdown);
}

fn report_markdown(scratch: &Scratch, extra: &[&str]) -> String {
    report(scratch, extra).stdout
}

#[test]
fn the_at_risk_view_agrees_with_validate() {
    let scratch = cohort();
    let output = scratch.run(&[
        "validate", "-p", "programs", "logs", "--as-of", AS_OF, "--format", "json",
    ]);
    let mut found: Vec<(String, String)> = output
        .diagnostics()
        .into_iter()
        .filter(|d| ["L035", "L038", "L039", "L040"].contains(&d.code.as_str()))
        .map(|d| {
            let pair = d
                .file
                .rsplit('/')
                .next()
                .unwrap_or("")
                .trim_end_matches(".toml")
                .to_owned();
            (pair, d.code)
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("ar-1", "L035"),
            ("ar-3", "L035"),
            ("ar-3", "L038"),
            ("ar-3", "L040"),
            ("ar-4", "L039")
        ]
        .map(|(p, c)| (p.to_owned(), c.to_owned()))
    );
}

#[test]
fn at_risk_figures_follow_min_group_and_rows_follow_anonymous() {
    let scratch = cohort();
    // Two pairs per program, under the default `--min-group 5`: no count, but the rows name
    // the pairs as the pair table does.
    let report_json = report(&scratch, &["--format", "json"]).json();
    let leadership = program(&report_json, "leadership-tracks");
    assert_eq!(leadership["at_risk"], json!({"suppressed": true}));
    assert_eq!(
        leadership["pairs_at_risk"].as_array().map(Vec::len),
        Some(10)
    );
    let markdown = report_markdown(&scratch, &[]);
    assert!(!markdown.contains("Pairs at risk as of"), "{markdown}");
    assert!(
        markdown.contains("| ar-3 | late to start | 2025-04-15 |"),
        "{markdown}"
    );

    // Anonymous: counts only (here with `--min-group 1`), no pair named.
    let anonymous = report(
        &scratch,
        &["--anonymous", "--min-group", "1", "--format", "json"],
    )
    .json();
    let leadership = program(&anonymous, "leadership-tracks");
    assert!(leadership.get("pairs_at_risk").is_none());
    assert_eq!(leadership["at_risk"]["pairs"], 2);
    let markdown = report_markdown(&scratch, &["--anonymous", "--min-group", "1"]);
    assert!(
        markdown.contains("Pairs at risk as of 2025-06-01: 2 (100%)"),
        "{markdown}"
    );
    for pair in ["ar-1", "ar-3", "ar-4"] {
        assert!(!markdown.contains(pair), "{pair}: {markdown}");
    }
}

/// A paused pair is not at risk in the report when `validate` finds nothing against it, and
/// its next session is due after the pause: the report reads the exceptions file too.
#[test]
fn a_pause_moves_the_reports_dates_as_it_moves_validates() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "mentor-exceptions.toml",
        "[[pause]]\npair = \"pair-044\"\nfrom = 2025-03-10\nto = 2025-03-31\n\
         reason = \"parental leave\"\napproved-by = \"program-lead\"\napproved = 2025-02-28\n",
    );
    let log = "programs/logs/senior-ic-failing/overdue-milestone.toml";
    let run = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "-p",
            "programs/senior-ic.mentor",
            log,
            "--as-of",
            "2025-04-08",
            "--min-group",
            "1",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let output = scratch.run(&args);
        assert_eq!(output.status, 0, "{output:#?}");
        output.json()
    };
    let paused = run(&[]);
    let senior_ic = program(&paused, "senior-ic");
    assert_eq!(senior_ic["pairs_at_risk"], json!([]), "{senior_ic:#}");
    let pair = &senior_ic["pairs"][0];
    assert_eq!(pair["next_session_due"], "2025-04-21");
    // The same run with another (empty) exceptions file: inactive since 2025-03-31.
    scratch.write("none.toml", "");
    let unpaused = run(&["--exceptions", "none.toml"]);
    assert_eq!(
        program(&unpaused, "senior-ic")["pairs_at_risk"],
        json!([{"pair": "pair-044", "reason": "inactive", "due": "2025-03-31"}])
    );
}
