//! `mentor match`: the shipped roster paired and explained, every format saying the same, the
//! roster's mistakes at row:column, what it must never print, `--existing` and `--start`.

use serde_json::Value;

use crate::support::{Output, Scratch, crate_root, run_in};

const PROGRAM: &str = "programs/leadership-tracks.mentor";
const ROSTER: &str = "programs/rosters/leadership-tracks.roster.csv";

fn run_match(args: &[&str]) -> Output {
    let mut all = vec!["match", "--color", "never", "--program", PROGRAM];
    all.extend_from_slice(args);
    run_in(crate_root(), &all)
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&output.stdout).expect("the match is JSON")
}

/// The shipped roster's people by id, as the CSV has them: (level, manager, languages, time
/// zone), to check the requirements on the output rather than trust it.
fn roster_people() -> std::collections::HashMap<String, (i64, String, Vec<String>, i64)> {
    let text = std::fs::read_to_string(crate_root().join(ROSTER)).expect("the roster");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).expect(name);
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (
                cells[column("id")].to_owned(),
                (
                    cells[column("level")].parse().expect("a level"),
                    cells[column("manager")].to_owned(),
                    cells[column("languages")]
                        .split(';')
                        .map(str::to_owned)
                        .collect(),
                    cells[column("time-zone")].parse().expect("a time zone"),
                ),
            )
        })
        .collect()
}

#[test]
fn the_shipped_roster_is_matched_and_explained() {
    let output = run_match(&["--roster", ROSTER]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.stderr, "matched 8 of 10 mentees; 2 unmatched\n");
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn every_pair_meets_the_requirements_and_its_breakdown_adds_up() {
    let output = run_match(&["--roster", ROSTER, "--format", "json"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let document = json(&output);
    let people = roster_people();
    let pairs = document["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 8);
    let mut total = 0;
    for pair in pairs {
        let (mentee, mentor) = (
            pair["mentee"].as_str().expect("a mentee"),
            pair["mentor"].as_str().expect("a mentor"),
        );
        let (a, b) = (&people[mentee], &people[mentor]);
        assert!(b.0 - a.0 >= 2, "{mentee} ({}) with {mentor} ({})", a.0, b.0);
        assert!(
            a.2.iter().any(|l| b.2.contains(l)),
            "{mentee} {mentor}: no shared language"
        );
        assert!((a.3 - b.3).abs() <= 4, "{mentee} {mentor}: time zones");
        assert_ne!(a.1, mentor, "{mentor} manages {mentee}");
        let points: i64 = pair["breakdown"]
            .as_array()
            .expect("a breakdown")
            .iter()
            .map(|entry| {
                let (count, weight) = (entry["count"].as_i64(), entry["weight"].as_i64());
                assert_eq!(
                    entry["points"].as_i64(),
                    Some(count.unwrap() * weight.unwrap())
                );
                entry["points"].as_i64().expect("points")
            })
            .sum();
        assert_eq!(Some(points), pair["score"].as_i64(), "{pair}");
        total += points;
    }
    assert_eq!(Some(total), document["total_score"].as_i64());
    // mentee-01's manager is mentor-02, whose manager is mentor-01: both are in its line, and
    // the other mentors are too far in time zones.
    let unmatched = &document["unmatched"][0];
    assert_eq!(unmatched["mentee"], "mentee-01");
    assert_eq!(unmatched["reason"], "excluded");
    assert_eq!(
        unmatched["excluded_by"],
        serde_json::json!([
            {"requirement": "outside reporting line of manager", "mentors": 2},
            {"requirement": "time-zone within 4", "mentors": 3},
        ])
    );
    let loads: Vec<(String, i64, i64)> = document["load"]
        .as_array()
        .expect("load")
        .iter()
        .map(|l| {
            (
                l["mentor"].as_str().unwrap().to_owned(),
                l["matched"].as_i64().unwrap(),
                l["capacity"].as_i64().unwrap(),
            )
        })
        .collect();
    for (mentor, matched, capacity) in &loads {
        assert!(matched <= capacity, "{mentor}: {matched} of {capacity}");
    }
    // The roster's `capacity` column overrides the program's `capacity 2`.
    assert!(loads.contains(&("mentor-05".to_owned(), 1, 1)), "{loads:?}");
}

#[test]
fn csv_json_and_markdown_say_the_same_and_a_json_roster_matches_like_its_csv() {
    let from_csv = json(&run_match(&["--roster", ROSTER, "--format", "json"]));
    let csv = run_match(&["--roster", ROSTER, "--format", "csv"]);
    assert_eq!(csv.status, 0, "{}", csv.stderr);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 10, "one row per mentee");
    for pair in from_csv["pairs"].as_array().unwrap() {
        let row = rows
            .iter()
            .find(|r| r.get(0) == pair["mentee"].as_str())
            .expect("the mentee's row");
        assert_eq!(row.get(1), pair["mentor"].as_str());
        assert_eq!(row.get(2), Some(pair["score"].to_string().as_str()));
    }

    // The same people as a JSON list: sets as lists, numbers as numbers.
    let text = std::fs::read_to_string(crate_root().join(ROSTER)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let people: Vec<Value> = lines
        .map(|line| {
            let mut person = serde_json::Map::new();
            for (name, cell) in header.iter().zip(line.split(',')) {
                let value = match *name {
                    _ if cell.is_empty() => Value::Null,
                    "level" | "time-zone" | "feedback" | "capacity" => {
                        Value::from(cell.parse::<i64>().unwrap())
                    }
                    "track" | "develops" | "languages" | "values" => {
                        Value::from(cell.split(';').collect::<Vec<_>>())
                    }
                    _ => Value::from(cell),
                };
                person.insert((*name).to_owned(), value);
            }
            Value::Object(person)
        })
        .collect();
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "roster.json",
        serde_json::to_string_pretty(&people).unwrap(),
    );
    let from_json = scratch.run(&[
        "match",
        "--program",
        PROGRAM,
        "--roster",
        "roster.json",
        "--format",
        "json",
    ]);
    assert_eq!(from_json.status, 0, "{}", from_json.stderr);
    assert_eq!(json(&from_json), from_csv);
}

#[test]
fn roster_mistakes_are_positioned_and_nothing_is_matched() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let mut text = std::fs::read_to_string(crate_root().join(ROSTER)).unwrap();
    text = text.replacen("mentee-04,mentee,3,", "mentee-04,mentee,9,", 1);
    text = text.replacen(
        ",operations,operations,decision-quality,english,-5,",
        ",operatons,operations,decision-quality,english,-5,",
        1,
    );
    text = text.replacen("mentee-10,", "mentee-09,", 1);
    scratch.write("roster.csv", &text);
    let output = scratch.run(&[
        "match",
        "--color",
        "never",
        "--program",
        PROGRAM,
        "--roster",
        "roster.csv",
        "--format",
        "json",
    ]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert_eq!(output.stdout, "", "no match is written");
    for expected in [
        "R004(roster-value-invalid)",
        "`level`: 9 is outside 1..8",
        "roster.csv:10:18",
        "`function`: `operatons` is not one of its values",
        "help: did you mean `operations`?",
        "R006(roster-duplicate-id)",
        "roster.csv:16:1",
        "error: no match written: the roster has errors",
    ] {
        assert!(
            output.stderr.contains(expected),
            "{expected}\n{}",
            output.stderr
        );
    }

    // A roster without the program's columns cannot be matched at all.
    scratch.write("short.csv", "id,role\nmentee-1,mentee\n");
    let output = scratch.run(&["match", "--program", PROGRAM, "--roster", "short.csv"]);
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(output.stderr.contains("R002"), "{}", output.stderr);
    // Nor a file that is not there, nor a program without a `matching` block.
    let output = scratch.run(&["match", "--program", PROGRAM, "--roster", "missing.csv"]);
    assert_eq!(output.status, 2);
    assert!(output.stderr.contains("F001"), "{}", output.stderr);
    let output = scratch.run(&[
        "match",
        "--program",
        "programs/senior-ic.mentor",
        "--roster",
        "short.csv",
    ]);
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("has no `matching` block"),
        "{}",
        output.stderr
    );
}

#[test]
fn names_and_free_text_in_a_roster_never_reach_an_output() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let text = std::fs::read_to_string(crate_root().join(ROSTER)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[0].push_str(",name,email");
    for (index, line) in lines.iter_mut().enumerate().skip(1) {
        line.push_str(&format!(
            ",Person Secretname{index},secret{index}@example.com"
        ));
    }
    // A sentence typed where a value belongs, on the line before a mistake that is shown.
    lines[6] = lines[6].replacen(
        ",engineering,engineering,",
        ",Prefers Secretmentor Jones,engineering,",
        1,
    );
    lines[7] = lines[7].replacen(
        ",english;french,",
        ",english;french;\u{1b}[31mSecretcode,",
        1,
    );
    scratch.write("roster.csv", lines.join("\n") + "\n");
    for format in ["md", "csv", "json"] {
        let output = scratch.run(&[
            "match",
            "--color",
            "never",
            "--program",
            PROGRAM,
            "--roster",
            "roster.csv",
            "--format",
            format,
        ]);
        assert_eq!(output.status, 1, "{}", output.stderr);
        let all = format!("{}{}", output.stdout, output.stderr);
        assert!(all.contains("R003(roster-column-unknown)"), "{all}");
        assert!(all.contains("(a text that is not an id)"), "{all}");
        for secret in ["Secret", "example.com", "Jones", "\u{1b}"] {
            assert!(!all.contains(secret), "{secret} in\n{all}");
        }
    }
}

#[test]
fn existing_pairs_are_not_made_again_and_active_ones_take_capacity() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    // mentee-06 and mentor-01 were paired, and it did not work out; mentor-03 has two active
    // pairs of its capacity of 3.
    scratch.write(
        "logs/old.toml",
        "program = \"leadership-tracks\"\npair = \"p-old\"\nmentor = \"mentor-01\"\nmentee = \"mentee-06\"\nstarted = 2026-01-05\nstatus = \"withdrawn\"\n",
    );
    for n in 1..=2 {
        scratch.write(
            &format!("logs/active-{n}.json"),
            format!(
                "{{\"program\": \"leadership-tracks\", \"pair\": \"p-{n}\", \"mentor\": \"mentor-03\", \"mentee\": \"someone-{n}\", \"started\": \"2026-01-05\"}}"
            ),
        );
    }
    let before = json(&run_match(&["--roster", ROSTER, "--format", "json"]));
    let pair_of = |document: &Value, mentee: &str| {
        document["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["mentee"] == mentee)
            .map(|p| p["mentor"].as_str().unwrap().to_owned())
    };
    assert_eq!(pair_of(&before, "mentee-06").as_deref(), Some("mentor-01"));
    let output = scratch.run(&[
        "match",
        "--program",
        PROGRAM,
        "--roster",
        &crate_root().join(ROSTER).display().to_string(),
        "--existing",
        "logs",
        "--format",
        "json",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let after = json(&output);
    assert_ne!(pair_of(&after, "mentee-06").as_deref(), Some("mentor-01"));
    let load = after["load"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["mentor"] == "mentor-03")
        .unwrap()
        .clone();
    assert_eq!(load["existing"], 2);
    assert!(load["matched"].as_i64().unwrap() <= 1, "{load}");
}

#[test]
fn start_writes_each_new_pairs_log_and_never_replaces_one() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let roster = crate_root().join(ROSTER).display().to_string();
    let args = [
        "match",
        "--program",
        PROGRAM,
        "--roster",
        roster.as_str(),
        "--start",
        "2026-02-02",
        "--logs-dir",
        "cohort",
    ];
    let output = scratch.run(&args);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
        output.stderr.contains("wrote 8 log skeletons in cohort"),
        "{}",
        output.stderr
    );
    let log = std::fs::read_to_string(scratch.path().join("cohort/mentee-04-with-mentor-04.toml"))
        .expect("the pair's log");
    assert!(log.contains("pair = \"mentee-04-with-mentor-04\""), "{log}");
    assert!(log.contains("mentor = \"mentor-04\""), "{log}");
    assert!(log.contains("mentee = \"mentee-04\""), "{log}");
    assert!(log.contains("started = 2026-02-02"), "{log}");
    // The skeletons are logs of the program, clean on their first day.
    let validate = scratch.run(&[
        "validate",
        "--program",
        PROGRAM,
        "--as-of",
        "2026-02-02",
        "cohort",
    ]);
    assert_eq!(validate.status, 0, "{}{}", validate.stdout, validate.stderr);

    std::fs::write(
        scratch.path().join("cohort/mentee-04-with-mentor-04.toml"),
        "# mine\n",
    )
    .unwrap();
    let again = scratch.run(&args);
    assert_eq!(again.status, 2, "{}", again.stderr);
    assert!(again.stderr.contains("already exist"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(scratch.path().join("cohort/mentee-04-with-mentor-04.toml"))
            .unwrap(),
        "# mine\n"
    );
    // `--start` without a directory is a usage error.
    let usage = scratch.run(&[
        "match",
        "--program",
        PROGRAM,
        "--roster",
        roster.as_str(),
        "--start",
        "2026-02-02",
    ]);
    assert_eq!(usage.status, 2);
}

/// A tiny program for the edge cases: a level gap, a language, nothing else.
const TINY: &str = "program tiny \"Tiny\" {\n    phase all \"All\" sessions 1..4 {\n        lenses any\n    }\n    matching {\n        attribute level \"Level\" number 1..8\n        attribute languages \"Languages\" any of english, french\n        attribute style \"Style\" one of direct, reflective\n        capacity 1\n        require level at least 2 above\n        require shared languages\n        prefer same style weight 1\n    }\n}\n";

fn tiny(scratch: &Scratch, roster: &str, extra: &[&str]) -> Output {
    scratch.write("tiny.mentor", TINY);
    scratch.write("roster.csv", roster);
    let mut args = vec![
        "match",
        "--color",
        "never",
        "--program",
        "tiny.mentor",
        "--roster",
        "roster.csv",
    ];
    args.extend_from_slice(extra);
    scratch.run(&args)
}

#[test]
fn a_roster_that_is_no_table_or_has_no_header_shows_none_of_its_text() {
    let scratch = Scratch::new();
    for roster in [
        // A row with a cell too many, a quote never closed, a first row that is a person.
        "id,role,level,languages,style\nm1,mentor,6,english,direct\ne1,mentee,2,english,direct,Doe, Jane\n",
        "id,role,level,languages,style\nm1,mentor,6,english,\"Jane \"Secret\" Doe\n",
        "Jane Doe,jane.doe@acme.com,mentee,2,english\nBob Smith,bob@acme.com,mentor,6,english\n",
    ] {
        let output = tiny(&scratch, roster, &[]);
        assert_eq!(output.status, 2, "{}", output.stderr);
        let all = format!("{}{}", output.stdout, output.stderr);
        for secret in ["Jane", "Doe", "Secret", "acme", "Bob", "Smith"] {
            assert!(!all.contains(secret), "{secret} in\n{all}");
        }
    }
    let output = tiny(
        &scratch,
        "Jane Doe,jane.doe@acme.com,mentee,2,english\n",
        &[],
    );
    assert!(
        output.stderr.contains("reads like a person's row"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("R003"), "{}", output.stderr);
}

#[test]
fn an_empty_last_cell_is_reported_on_its_own_row() {
    let scratch = Scratch::new();
    let output = tiny(
        &scratch,
        "id,role,level,style,languages\nm1,mentor,6,direct,english\ne1,mentee,2,direct,\ne2,mentee,2,direct,english\n",
        &[],
    );
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert!(
        output.stderr.contains("roster.csv:3:20"),
        "{}",
        output.stderr
    );
}

#[test]
fn existing_pairs_explain_themselves_and_an_empty_directory_is_fine() {
    let scratch = Scratch::new();
    let roster = "id,role,level,languages,style\nm1,mentor,6,english,direct\nm2,mentor,7,french,direct\ne1,mentee,2,english,direct\ne2,mentee,3,english,reflective\n";
    std::fs::create_dir_all(scratch.path().join("none")).unwrap();
    let output = tiny(
        &scratch,
        roster,
        &["--existing", "none", "--format", "json"],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    // e1 is in an active pair with m2; m1 already mentors someone else to its capacity, so e2
    // has a mentor the requirements allow who is full, not one who is excluded.
    scratch.write(
        "logs/e1.toml",
        "program = \"tiny\"\npair = \"p1\"\nmentor = \"m2\"\nmentee = \"e1\"\nstarted = 2026-01-05\n",
    );
    scratch.write(
        "logs/other.toml",
        "program = \"tiny\"\npair = \"p2\"\nmentor = \"m1\"\nmentee = \"x9\"\nstarted = 2026-01-05\n",
    );
    scratch.write(
        "logs/nobody.toml",
        "program = \"tiny\"\npair = \"p3\"\nstarted = 2026-01-05\n",
    );
    let output = tiny(
        &scratch,
        roster,
        &["--existing", "logs", "--format", "json"],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
        output
            .stderr
            .contains("1 log of `--existing` name no `mentor` and `mentee`"),
        "{}",
        output.stderr
    );
    let document = json(&output);
    assert_eq!(document["matched"], 0);
    let reasons: Vec<(&str, &str)> = document["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["mentee"].as_str().unwrap(), u["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        reasons,
        [("e1", "already-paired"), ("e2", "allowed-mentors-full")]
    );
    assert_eq!(document["unmatched"][0]["paired_with"], "m2");
}

#[test]
fn two_new_pairs_that_would_share_a_log_file_write_nothing() {
    let scratch = Scratch::new();
    // `a` with `b-with-c` and `a-with-b` with `c` would both be `a-with-b-with-c.toml`.
    let roster = "id,role,level,languages,style\nb-with-c,mentor,6,english,direct\nc,mentor,6,french,direct\na,mentee,2,english,direct\na-with-b,mentee,2,french,direct\n";
    let output = tiny(
        &scratch,
        roster,
        &["--start", "2026-02-02", "--logs-dir", "new"],
    );
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(
        output.stderr.contains("a-with-b-with-c.toml"),
        "{}",
        output.stderr
    );
    assert!(!scratch.path().join("new").exists());
}

#[test]
fn a_re_matched_pair_is_not_made_again_and_takes_no_place() {
    let scratch = Scratch::new();
    let roster = "id,role,level,languages,style\nm1,mentor,6,english,direct\nm2,mentor,7,english,reflective\ne1,mentee,2,english,direct\n";
    // Without logs, e1 goes to m1 (same style); after a re-match with m1 it goes to m2, and m1
    // keeps its one place (a re-matched pair is over).
    let first = json(&tiny(&scratch, roster, &["--format", "json"]));
    assert_eq!(first["pairs"][0]["mentor"], "m1");
    scratch.write(
        "logs/e1.toml",
        "program = \"tiny\"\npair = \"p1\"\nmentor = \"m1\"\nmentee = \"e1\"\nstarted = 2026-01-05\nstatus = \"re-matched\"\n",
    );
    let output = tiny(
        &scratch,
        roster,
        &["--existing", "logs", "--format", "json"],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    let after = json(&output);
    assert_eq!(after["pairs"][0]["mentor"], "m2");
    assert_eq!(after["load"][0]["existing"], 0, "{}", after["load"]);
}

#[test]
fn text_of_existing_logs_and_undecodable_rosters_stays_private() {
    let scratch = Scratch::new();
    let roster =
        "id,role,level,languages,style\nm1,mentor,6,english,direct\ne1,mentee,2,english,direct\n";
    // A name where an id belongs is no id: the log cannot keep a pair from being made, and
    // the name is never printed.
    scratch.write(
        "named/a.toml",
        "program = \"tiny\"\npair = \"p1\"\nmentor = \"Jane Secret Doe\"\nmentee = \"e1\"\nstarted = 2026-01-05\n",
    );
    for format in ["md", "csv", "json"] {
        let output = tiny(
            &scratch,
            roster,
            &["--existing", "named", "--format", format],
        );
        assert_eq!(output.status, 0, "{}", output.stderr);
        let all = format!("{}{}", output.stdout, output.stderr);
        assert!(!all.contains("Secret"), "{all}");
        assert!(all.contains("name no `mentor` and `mentee` ids"), "{all}");
    }
    // A log that does not parse is shown masked, as `validate` shows it.
    scratch.write(
        "broken/a.toml",
        "program = \"tiny\"\npair = \"p1\"\nanswer = \"I cried after the meeting with Bob Secret\n",
    );
    let output = tiny(&scratch, roster, &["--existing", "broken"]);
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(output.stderr.contains("F003"), "{}", output.stderr);
    assert!(!output.stderr.contains("Secret"), "{}", output.stderr);
    // A roster in Latin-1 (a spreadsheet's export) is not read, and none of it is shown.
    scratch.write("tiny.mentor", TINY);
    scratch.write(
        "latin.csv",
        b"id,role,level,languages,style,name\nm1,mentor,6,english,direct,Ren\xe9e Secretname\n"
            .as_slice(),
    );
    let output = scratch.run(&["match", "--program", "tiny.mentor", "--roster", "latin.csv"]);
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(output.stderr.contains("F002"), "{}", output.stderr);
    assert!(!output.stderr.contains("Secret"), "{}", output.stderr);
}

#[test]
fn a_duplicate_id_is_reported_even_beside_another_mistake_and_long_ids_write_no_log() {
    let scratch = Scratch::new();
    let output = tiny(
        &scratch,
        "id,role,level,languages,style\nm1,mentor,60,english,direct\nm1,mentor,6,english,direct\n",
        &[],
    );
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert!(output.stderr.contains("R006"), "{}", output.stderr);
    assert!(output.stderr.contains("R004"), "{}", output.stderr);

    let (mentee, mentor) = ("e".repeat(38), "m".repeat(38));
    let roster = format!(
        "id,role,level,languages,style\n{mentor},mentor,6,english,direct\n{mentee},mentee,2,english,direct\n"
    );
    let output = tiny(
        &scratch,
        &roster,
        &["--start", "2026-02-02", "--logs-dir", "new"],
    );
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(
        output.stderr.contains("longer than the 64 characters"),
        "{}",
        output.stderr
    );
    assert!(!scratch.path().join("new").exists());
}

/// `--existing` reads a cohort's JSON Lines export in a stream; a broken record stops the
/// match, shown at its line and masked.
#[test]
fn existing_pairs_in_a_json_lines_export_are_read_and_a_broken_record_is_masked() {
    let scratch = Scratch::new();
    let roster = "id,role,level,languages,style\nm1,mentor,6,english,direct\nm2,mentor,7,english,reflective\ne1,mentee,2,english,direct\n";
    scratch.write(
        "logs/cohort.jsonl",
        "{\"program\": \"tiny\", \"pair\": \"p1\", \"mentor\": \"m1\", \"mentee\": \"e1\", \"started\": \"2026-01-05\", \"status\": \"withdrawn\"}\n",
    );
    let output = tiny(
        &scratch,
        roster,
        &["--existing", "logs", "--format", "json"],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(json(&output)["pairs"][0]["mentor"], "m2");
    scratch.write(
        "logs/cohort.jsonl",
        "{\"program\": \"tiny\", \"pair\": \"p1\", \"mentor\": \"m1\", \"mentee\": \"e1\", \"started\": \"2026-01-05\"}\n{\"program\": \"tiny\", \"takeaway\": \"SECRET-WORDS\n",
    );
    let output = tiny(&scratch, roster, &["--existing", "logs"]);
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(
        output.stderr.contains("cohort.jsonl:2:"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("SECRET"), "{}", output.stderr);
}
