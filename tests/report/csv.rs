//! `mentor report --format csv`: one RFC 4180 table a spreadsheet opens as it is, with the
//! JSON report's figures, and no cell a spreadsheet would run as a formula.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{AS_OF, example_log, json, report, report_logs, track_cohort};
use crate::support::Scratch;

/// The pair table's header, in order.
const PAIR_HEADER: [&str; 22] = [
    "program",
    "pair",
    "track",
    "status",
    "started",
    "held_sessions",
    "phase",
    "last_session",
    "days_since_last_session",
    "milestones_met",
    "milestones_owed",
    "overdue",
    "next_deadline_milestone",
    "next_deadline",
    "next_session_due",
    "at_risk",
    "milestones_at_risk",
    "at_risk_due_by",
    "errors",
    "warnings",
    "left_out",
    "program_version",
];

const FIGURE_HEADER: [&str; 9] = [
    "program",
    "table",
    "group",
    "row",
    "label",
    "measure",
    "value",
    "suppressed",
    "program_version",
];

/// A CSV row by column name.
type Row = BTreeMap<String, String>;

/// `text` read back by the `csv` crate as RFC 4180 (every row as wide as the header, or the
/// reader fails): its header and its rows.
fn parse(text: &str) -> (Vec<String>, Vec<Row>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.expect("an RFC 4180 row as wide as the header");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

/// The rows of `table` in a long (anonymous) table.
fn table<'r>(rows: &'r [Row], name: &str) -> Vec<&'r Row> {
    rows.iter().filter(|r| r["table"] == name).collect()
}

/// A JSON value as the CSV writes it: nothing for `null`, ids joined by a space.
fn as_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(as_cell).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// Every pair row of `csv` says what the JSON report says of that pair, and every pair is
/// there.
fn assert_pairs_match_json(rows: &[Row], report: &Value) {
    let mut expected = 0;
    for program in report["programs"].as_array().into_iter().flatten() {
        for pair in program["pairs"].as_array().into_iter().flatten() {
            expected += 1;
            let name = as_cell(&pair["pair"]);
            let row = rows
                .iter()
                .find(|r| r["program"] == as_cell(&program["id"]) && r["pair"] == name)
                .unwrap_or_else(|| panic!("a row for {name}"));
            for (column, value) in pair.as_object().into_iter().flatten() {
                if column == "next_deadline" {
                    assert_eq!(row["next_deadline_milestone"], as_cell(&value[0]), "{name}");
                    assert_eq!(row["next_deadline"], as_cell(&value[1]), "{name}");
                } else {
                    assert_eq!(row[column], as_cell(value), "{name}: {column}");
                }
            }
            assert_eq!(row["left_out"], "", "{name}");
        }
    }
    let pair_rows = rows.iter().filter(|r| r["left_out"].is_empty()).count();
    assert_eq!(pair_rows, expected, "one row per pair");
}

/// Every figure of a long table is the JSON report's, suppressed where the JSON's is: an
/// empty value marked `suppressed`, never a number.
fn assert_figures_match_json(rows: &[Row], report: &Value) {
    let find = |list: &Value, key: &str, id: &str| -> Value {
        list.as_array()
            .into_iter()
            .flatten()
            .find(|item| as_cell(&item[key]) == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} in {list}"))
    };
    for row in rows {
        let (measure, id) = (row["measure"].as_str(), row["row"].as_str());
        let program = || find(&report["programs"], "id", &row["program"]);
        let figure = match row["table"].as_str() {
            // The logs left out are counted over the whole report, in no program.
            "left_out" if id.is_empty() => report["left_out"][measure].clone(),
            "left_out" => report["left_out"][id.replace('-', "_")].clone(),
            "cohort" => program()["cohort"][measure].clone(),
            "at_risk" => program()["at_risk"][measure].clone(),
            "milestones" => {
                let competency = find(&program()["competencies"], "id", &row["group"]);
                find(&competency["milestones"], "id", id)["counts"][measure].clone()
            }
            "tracks" if id.is_empty() => program()["no_track"][measure].clone(),
            "tracks" => find(&program()["tracks"], "id", id)["figures"][measure].clone(),
            "phases" if id.is_empty() => program()["phases"].clone(),
            "phases" => find(&program()["phases"], "id", id)[measure].clone(),
            "outcomes" if id.is_empty() => program()["outcomes"].clone(),
            "outcomes" => find(&program()["outcomes"], "id", id)[measure].clone(),
            "findings" if id.is_empty() => program()["findings"].clone(),
            "findings" => find(&program()["findings"], "code", id)[measure].clone(),
            "weeks" if id.is_empty() => program()["trends"].clone(),
            "weeks" => find(&program()["trends"]["weeks"], "week", id)[measure].clone(),
            other => panic!("an unknown table {other}"),
        };
        // A suppressed group (`{"suppressed": true}`, or its `null` milestone figures) has
        // no number in the JSON either.
        let suppressed = figure.is_null() || figure.get("suppressed").is_some();
        let expected = if suppressed {
            (String::new(), "true")
        } else {
            (as_cell(&figure), "false")
        };
        assert_eq!(
            (row["value"].clone(), row["suppressed"].as_str()),
            expected,
            "{row:?}"
        );
    }
}

#[test]
fn the_example_cohort_as_a_pair_table() {
    let output = report(&["-p", "programs", "programs/logs", "--format", "csv"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    // RFC 4180: every record ends with CRLF, and no line break is left bare.
    assert!(output.stdout.ends_with("\r\n"));
    assert_eq!(
        output.stdout.matches('\n').count(),
        output.stdout.matches("\r\n").count()
    );
    let (header, rows) = parse(&output.stdout);
    assert_eq!(header, PAIR_HEADER);
    assert_eq!(rows.len(), 10, "one row per pair, no log left out");
    let report_json = json(&report(&[
        "-p",
        "programs",
        "programs/logs",
        "--format",
        "json",
    ]));
    assert_pairs_match_json(&rows, &report_json);
    // The pairs at risk carry their reasons and the earliest day.
    let pair_044 = rows
        .iter()
        .find(|r| r["pair"] == "pair-044")
        .expect("pair-044");
    assert_eq!(
        (
            pair_044["at_risk"].as_str(),
            pair_044["at_risk_due_by"].as_str()
        ),
        ("inactive", "2025-03-31")
    );
    insta::assert_snapshot!("example_cohort_csv", output.stdout.replace("\r\n", "\n"));
}

#[test]
fn the_example_cohort_as_an_anonymous_long_table() {
    let args = ["-p", "programs", "programs/logs", "--anonymous", "--format"];
    let output = report(&[&args[..], &["csv"]].concat());
    assert_eq!(output.status, 0, "{}", output.stderr);
    let (header, rows) = parse(&output.stdout);
    assert_eq!(header, FIGURE_HEADER);
    assert_figures_match_json(&rows, &json(&report(&[&args[..], &["json"]].concat())));
    // Each of the report's tables is there.
    for name in [
        "cohort",
        "milestones",
        "phases",
        "outcomes",
        "findings",
        "at_risk",
        "weeks",
        "left_out",
    ] {
        assert!(!table(&rows, name).is_empty(), "{name}");
    }
    for pair in ["pair-017", "pair-044", "pair-045"] {
        assert!(!output.stdout.contains(pair), "{pair}");
    }
    insta::assert_snapshot!(
        "example_cohort_anonymous_csv",
        output.stdout.replace("\r\n", "\n")
    );
}

#[test]
fn an_anonymous_table_names_no_pair_and_writes_no_suppressed_figure() {
    let scratch = Scratch::new();
    // Five engineers and one sales pair: both tracks are hidden (the sales pair alone, and
    // engineering since the cohort minus it would give the sales pair), and so are the
    // milestone rows those tracks shape.
    let mut tracks = vec![Some("engineering"); 5];
    tracks.push(Some("sales"));
    track_cohort(&scratch, &tracks);
    let run = |extra: &[&str]| {
        let mut args = vec!["report", "-p", "programs", "logs", "--as-of", "2025-02-01"];
        args.extend_from_slice(extra);
        let output = scratch.run(&args);
        assert_eq!(output.status, 0, "{}", output.stderr);
        output
    };
    let output = run(&["--anonymous", "--format", "csv"]);
    let (_, rows) = parse(&output.stdout);
    assert_figures_match_json(&rows, &json(&run(&["--format", "json"])));
    for secret in ["lt-0", "TAKEAWAY-MARKER", "mentor-secret", "mentee-secret"] {
        assert!(!output.stdout.contains(secret), "{secret}");
    }
    let hidden: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r["suppressed"] == "true")
        .map(|r| (r["table"].as_str(), r["row"].as_str(), r["value"].as_str()))
        .collect();
    for track in ["engineering", "sales"] {
        for measure in [
            "pairs",
            "held_sessions",
            "milestones_met",
            "milestones_owed",
        ] {
            let row = table(&rows, "tracks")
                .into_iter()
                .find(|r| r["row"] == track && r["measure"] == measure)
                .expect("the track's figure");
            assert_eq!(
                (row["value"].as_str(), row["suppressed"].as_str()),
                ("", "true")
            );
        }
    }
    assert!(
        hidden
            .iter()
            .any(|(t, row, _)| *t == "milestones" && *row == "deal-strategy"),
        "{hidden:?}"
    );
    assert!(hidden.iter().all(|(_, _, value)| value.is_empty()));
    // The cohort of six is shown.
    let pairs = table(&rows, "cohort")
        .into_iter()
        .find(|r| r["measure"] == "pairs")
        .expect("the cohort's pairs");
    assert_eq!(pairs["value"], "6");
}

/// A log of `senior-ic` without a `pair` id: named by its file.
fn nameless_log() -> String {
    String::from_utf8(example_log())
        .expect("UTF-8")
        .lines()
        .filter(|l| !l.starts_with("pair"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn a_cell_a_spreadsheet_would_run_is_neutralised() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let files = [
        "=HYPERLINK(\"x\").toml",
        "+1.toml",
        "@SUM(A1).toml",
        "-2+3.toml",
    ];
    for file in files {
        scratch.write(file, nameless_log());
    }
    // A pair id may start with `-` too.
    let log = String::from_utf8(example_log())
        .expect("UTF-8")
        .replace("\"pair-017\"", "\"-2\"");
    scratch.write("minus.toml", log);
    // And a file left out is named in a cell of its own.
    scratch.write("=cmd.toml", "program = \"senior-ic\"\npair = \n");
    let mut args = vec![
        "report", "-p", "programs", "--as-of", AS_OF, "--format", "csv", "--",
    ];
    args.extend(files);
    args.extend(["minus.toml", "=cmd.toml"]);
    let output = scratch.run(&args);
    assert_eq!(
        output.status, 2,
        "one log cannot be read: {}",
        output.stderr
    );
    let (_, rows) = parse(&output.stdout);
    let names: Vec<&str> = rows.iter().map(|r| r["pair"].as_str()).collect();
    assert_eq!(
        names,
        [
            "'+1.toml",
            "'-2",
            "'-2+3.toml",
            "'=HYPERLINK(\"x\").toml",
            "'@SUM(A1).toml",
            "'=cmd.toml"
        ]
    );
    assert_eq!(rows[5]["left_out"], "unreadable");
    // No other cell starts with a formula character.
    for row in &rows {
        for (column, cell) in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{column}: {cell}"
            );
        }
    }
}

#[test]
fn quotes_commas_and_line_breaks_round_trip_and_controls_are_escaped() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let name = "logs/say \"hi\", then\nleave.toml";
    scratch.write(name, nameless_log());
    scratch.write("logs/bell\u{7}.toml", nameless_log());
    let output = report_logs(&scratch, &["--format", "csv"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let (_, rows) = parse(&output.stdout);
    let names: Vec<&str> = rows.iter().map(|r| r["pair"].as_str()).collect();
    // The bell would ring in a terminal: it is shown as an escape.
    assert_eq!(names, ["logs/bell\\u{7}.toml", name]);
    assert!(!output.stdout.contains('\u{7}'));
}

#[test]
fn logs_left_out_are_rows_of_the_table_and_counts_of_the_anonymous_one() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let log = example_log();
    scratch.write("logs/a/pair-017.toml", &log);
    scratch.write("logs/b/pair-017.toml", &log);
    scratch.write(
        "logs/c.jsonl",
        "{\"program\": \"elsewhere\", \"pair\": \"x\", \"started\": \"2025-01-06\"}\n",
    );
    let output = report_logs(&scratch, &["--format", "csv"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let (_, rows) = parse(&output.stdout);
    let cells = |row: &Row| -> [String; 4] {
        ["program", "pair", "held_sessions", "left_out"].map(|c| row[c].clone())
    };
    assert_eq!(
        rows.iter().map(cells).collect::<Vec<_>>(),
        [
            ["senior-ic", "pair-017", "5", ""],
            ["senior-ic", "logs/b/pair-017.toml", "", "duplicate-pair"],
            ["", "logs/c.jsonl:1", "", "unknown-program"],
        ]
        .map(|row| row.map(str::to_owned))
    );

    let output = report_logs(&scratch, &["--format", "csv", "--anonymous"]);
    let (_, rows) = parse(&output.stdout);
    let left_out: Vec<(&str, &str)> = table(&rows, "left_out")
        .into_iter()
        .map(|r| (r["row"].as_str(), r["value"].as_str()))
        .collect();
    assert_eq!(
        left_out,
        [
            ("", "2"),
            ("unreadable", "0"),
            ("unknown-program", "1"),
            ("duplicate-pair", "1"),
            ("unknown-track", "0")
        ]
    );
    assert!(!output.stdout.contains("pair-017"), "{}", output.stdout);
    assert!(!output.stdout.contains("c.jsonl"), "{}", output.stdout);
}

#[test]
fn a_pairs_risks_are_folded_into_its_row() {
    // The at-risk fixture, whose rows `at_risk.rs` computes by hand.
    let scratch = super::at_risk::cohort();
    let output = scratch.run(&[
        "report", "-p", "programs", "logs", "--as-of", AS_OF, "--format", "csv",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let (_, rows) = parse(&output.stdout);
    let risks: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| ["pair", "at_risk", "milestones_at_risk", "at_risk_due_by"].map(|c| r[c].as_str()))
        .collect();
    // Each reason once, in the order of the report's reasons; the milestones its pace will
    // not reach in time; the earliest day of all.
    assert_eq!(
        risks,
        [
            [
                "ar-3",
                "inactive late-start unlogged-plan milestone-at-risk",
                "strategic-recommendation growth-portfolio",
                "2025-04-15"
            ],
            [
                "ar-4",
                "missed-streak milestone-at-risk",
                "quick-win stakeholder-map strategic-recommendation growth-portfolio",
                "2025-05-19"
            ],
            ["ar-1", "inactive", "", "2025-04-21"],
            ["ar-2", "", "", ""],
        ]
    );
}
