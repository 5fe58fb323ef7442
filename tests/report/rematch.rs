//! A re-matched pair in `mentor report`: counted on its own, in every format, never as a
//! withdrawal, and, like a pair that withdrew, owing nothing.

use super::{json, report_logs};
use crate::support::Scratch;

/// Three `senior-ic` pairs that held their two framing sessions in January 2025, one active,
/// one withdrawn, one re-matched. As of 2025-06-01 the active pair is overdue on both milestones
/// and inactive; the other two owe nothing.
fn three_endings(scratch: &Scratch) {
    scratch.copy_programs();
    let mut lines = String::new();
    for (pair, status) in [
        ("rm-01", "active"),
        ("rm-02", "withdrawn"),
        ("rm-03", "re-matched"),
    ] {
        lines.push_str(&format!(
            concat!(
                r#"{{"program": "senior-ic", "version": "2025.1", "pair": "{pair}", "#,
                r#""started": "2025-01-06", "status": "{status}", "sessions": ["#,
                r#"{{"number": 1, "date": "2025-01-06", "minutes": 60, "outcome": "assumption"}}, "#,
                r#"{{"number": 2, "date": "2025-01-20", "minutes": 50, "outcome": "behavior"}}]}}"#,
                "\n"
            ),
            pair = pair,
            status = status
        ));
    }
    scratch.write("logs/cohort.jsonl", lines);
}

/// The report of [`three_endings`] in `format`, every figure shown.
fn report(scratch: &Scratch, format: &str) -> String {
    let output = report_logs(scratch, &["--min-group", "1", "--format", format]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    output.stdout
}

#[test]
fn json_counts_a_re_matched_pair_on_its_own_and_owes_it_nothing() {
    let scratch = Scratch::new();
    three_endings(&scratch);
    let output = report_logs(&scratch, &["--min-group", "1", "--format", "json"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let report = json(&output);
    let program = &report["programs"][0];
    let cohort = &program["cohort"];
    assert_eq!(
        [
            &cohort["pairs"],
            &cohort["active"],
            &cohort["completed"],
            &cohort["withdrawn"],
            &cohort["re_matched"]
        ],
        [3, 1, 0, 1, 1],
        "{cohort}"
    );
    // Only the active pair owes the milestones: the others are in no milestone figure.
    let influence = &program["competencies"][1]["milestones"][0];
    assert_eq!(influence["id"], "influence-reflection");
    assert_eq!(influence["counts"]["pairs"], 1, "{influence}");
    assert_eq!(influence["counts"]["overdue"], 1, "{influence}");
    let pairs = program["pairs"].as_array().expect("pairs are listed");
    let row = |id: &str| {
        pairs
            .iter()
            .find(|p| p["pair"] == id)
            .unwrap_or_else(|| panic!("{id} in {pairs:?}"))
    };
    assert_eq!(row("rm-03")["status"], "re-matched");
    assert_eq!(row("rm-02")["status"], "withdrawn");
    for ended in ["rm-02", "rm-03"] {
        let pair = row(ended);
        assert_eq!(pair["milestones_owed"], 0, "{pair}");
        assert_eq!(pair["overdue"], serde_json::json!([]), "{pair}");
        assert_eq!(pair["next_session_due"], serde_json::Value::Null, "{pair}");
    }
    assert_eq!(row("rm-01")["milestones_owed"], 2);
    // The active pair is at risk (inactive); the re-matched one is not.
    assert_eq!(program["at_risk"]["pairs"], 1, "{}", program["at_risk"]);
    let at_risk: Vec<&str> = program["pairs_at_risk"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["pair"].as_str())
        .collect();
    assert!(at_risk.contains(&"rm-01"), "{at_risk:?}");
    assert!(!at_risk.contains(&"rm-03"), "{at_risk:?}");
}

#[test]
fn markdown_has_a_re_matched_column_beside_withdrawn() {
    let scratch = Scratch::new();
    three_endings(&scratch);
    let markdown = report(&scratch, "md");
    assert!(
        markdown.contains(
            "| pairs | active | completed | withdrawn | re-matched | held sessions | cancelled | no-shows | reviews | hours |\n\
             | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n\
             | 3 | 1 | 0 | 1 | 1 | 6 | 0 | 0 | 0 | 5.5 |\n"
        ),
        "{markdown}"
    );
    let row = markdown
        .lines()
        .find(|line| line.starts_with("| rm-03 |"))
        .unwrap_or_else(|| panic!("a row for rm-03 in {markdown}"));
    assert!(
        row.starts_with("| rm-03 | — | re-matched | 2025-01-06 | 2 |"),
        "{row}"
    );
    assert!(row.contains("| 0 of 0 | — |"), "{row}");
}

#[test]
fn csv_tables_give_the_re_matched_status_and_count() {
    let scratch = Scratch::new();
    three_endings(&scratch);
    let pairs = report(&scratch, "csv");
    let row = pairs
        .lines()
        .find(|line| line.starts_with("senior-ic,rm-03,"))
        .unwrap_or_else(|| panic!("a row for rm-03 in {pairs}"));
    assert!(
        row.starts_with("senior-ic,rm-03,,re-matched,2025-01-06,2,"),
        "{row}"
    );
    let output = report_logs(
        &scratch,
        &["--min-group", "1", "--format", "csv", "--anonymous"],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    let long = output.stdout;
    for measure in [
        "senior-ic,cohort,,,,withdrawn,1,false,2025.1\r\n",
        "senior-ic,cohort,,,,re_matched,1,false,2025.1\r\n",
    ] {
        assert!(long.contains(measure), "{measure:?} in {long}");
    }
}

#[test]
fn the_dashboard_has_a_re_matched_tile() {
    let scratch = Scratch::new();
    three_endings(&scratch);
    let html = report(&scratch, "html");
    for tile in [
        "<div><dt>withdrawn</dt><dd>1</dd></div>",
        "<div><dt>re-matched</dt><dd>1</dd></div>",
    ] {
        assert!(html.contains(tile), "{tile} in the dashboard");
    }
}
