//! `mentor new program` and `mentor new log`: what they write checks clean, and a log
//! skeleton loads without shape errors for every program in `programs/`.

use crate::support::{Scratch, crate_root, mentor_files};

#[test]
fn the_starter_program_checks_clean_and_is_formatted() {
    let scratch = Scratch::new();
    let output = scratch.run(&["new", "program", "-o", "starter.mentor"]);
    assert_eq!(output.status, 0, "{output:#?}");
    let check = scratch.run(&[
        "check",
        "--deny-warnings",
        "--color",
        "never",
        "starter.mentor",
    ]);
    assert_eq!(check.status, 0, "{check:#?}");
    let fmt = scratch.run(&["fmt", "--check", "starter.mentor"]);
    assert_eq!(fmt.status, 0, "{fmt:#?}");
    let printed = scratch.run(&["new", "program"]);
    let written = std::fs::read_to_string(scratch.path().join("starter.mentor")).expect("read");
    assert_eq!(printed.stdout, written);
    let playbook = scratch.run(&["playbook", "starter.mentor"]);
    assert_eq!(playbook.status, 0, "{playbook:#?}");
}

#[test]
fn new_never_replaces_a_file_without_force() {
    let scratch = Scratch::new();
    let path = scratch.write("mine.mentor", "// my own work\n");
    let refused = scratch.run(&["new", "program", "-o", "mine.mentor"]);
    assert_eq!(refused.status, 2);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "// my own work\n"
    );
    let forced = scratch.run(&["new", "program", "-o", "mine.mentor", "--force"]);
    assert_eq!(forced.status, 0, "{forced:#?}");
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("program starter")
    );

    scratch.copy_programs();
    let log = scratch.write("log.toml", "# mine\n");
    let refused = scratch.run(&[
        "new",
        "log",
        "--program",
        "programs/senior-ic.mentor",
        "--pair",
        "p1",
        "-o",
        "log.toml",
    ]);
    assert_eq!(refused.status, 2);
    assert_eq!(std::fs::read_to_string(&log).expect("read"), "# mine\n");
}

/// The shape codes: a skeleton must never produce them.
const SHAPE_CODES: &[&str] = &[
    "F001", "F002", "F003", "L001", "L002", "L003", "L004", "L005",
];

#[test]
fn log_skeletons_load_without_shape_errors() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let programs = mentor_files(&scratch.path().join("programs"));
    let mut written = 0;
    for program in programs {
        let relative = program
            .strip_prefix(scratch.path())
            .expect("in the scratch directory")
            .display()
            .to_string();
        if relative.contains("/lib/") {
            continue;
        }
        for extension in ["toml", "json", "csv"] {
            let out = format!("{}.{extension}", relative.replace('/', "-"));
            let output = scratch.run(&[
                "new",
                "log",
                "--program",
                &relative,
                "--pair",
                "pair-017",
                "--started",
                "2026-11-23",
                "-o",
                &out,
            ]);
            assert_eq!(output.status, 0, "{output:#?}");
            let validate = scratch.run(&[
                "validate",
                "--format",
                "json",
                "--as-of",
                "2026-11-23",
                "--program",
                &relative,
                &out,
            ]);
            let diagnostics = validate.diagnostics();
            let shape: Vec<_> = diagnostics
                .iter()
                .filter(|d| SHAPE_CODES.contains(&d.code.as_str()))
                .collect();
            assert!(shape.is_empty(), "{out}: {shape:#?}");
            assert_eq!(
                validate.json()["summary"]["logs"].as_u64(),
                Some(1),
                "{out}"
            );
            // Every session is planned, none held: as of its first day it validates clean.
            assert!(diagnostics.is_empty(), "{out}: {diagnostics:#?}");
            assert_eq!(validate.status, 0, "{out}: {validate:#?}");
            written += 1;
        }
    }
    assert_eq!(written, 6);
}

#[test]
fn the_senior_ic_skeleton() {
    let skeleton = |format: &str| {
        crate::support::run_in(
            crate_root(),
            &[
                "new",
                "log",
                "--program",
                "programs/senior-ic.mentor",
                "--pair",
                "pair-017",
                "--started",
                "2026-11-23",
                "--format",
                format,
            ],
        )
    };
    let output = skeleton("toml");
    assert_eq!(output.status, 0, "{output:#?}");
    insta::assert_snapshot!("senior-ic-log-toml", output.stdout);
    let json = skeleton("json");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["sessions"].as_array().map(Vec::len), Some(5));
    assert_eq!(value["sessions"][2]["lens"], "decision-review");
    assert_eq!(value["sessions"][2]["status"], "planned");
    assert_eq!(value["sessions"][2]["number"], serde_json::Value::Null);
    let csv = skeleton("csv");
    assert_eq!(csv.status, 0, "{csv:#?}");
    let rows: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(
        rows[..4],
        [
            "program,version,pair,started,number,date,status,minutes,lens,outcome,takeaway,\
             answers.chose,answers.optimized-for,answers.trade-off,answers.framing",
            "senior-ic,2025.1,pair-017,2026-11-23,,2026-11-23,planned,,,,,,,,",
            "senior-ic,2025.1,pair-017,2026-11-23,,2026-12-07,planned,,,,,,,,",
            "senior-ic,2025.1,pair-017,2026-11-23,,2026-12-21,planned,,decision-review,,,,,,",
        ]
    );
    assert_eq!(rows.len(), 6, "a header and five planned sessions");
}

/// A fresh skeleton validates clean until its dates pass: then each session still planned
/// past its date (plus the program's `log sessions within`) is `L040`, and no other rule
/// counts it.
#[test]
fn a_skeleton_is_clean_until_its_planned_dates_pass() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let program = std::fs::read_to_string(scratch.path().join("programs/senior-ic.mentor"))
        .expect("read the program");
    let end = program.rfind('}').expect("the program block closes");
    let with_grace = format!(
        "{}    log sessions within 3 days\n{}",
        &program[..end],
        &program[end..]
    );
    scratch.write("programs/grace.mentor", &with_grace);
    let grace_line = with_grace
        .lines()
        .position(|l| l.contains("log sessions within"))
        .map(|i| i as u64 + 1);
    // In the CSV, every row repeats `started` (2026-11-23): session 1's row is the first with it.
    for extension in ["toml", "json", "csv"] {
        let log = format!("pair-017.{extension}");
        let written = scratch.run(&[
            "new",
            "log",
            "--program",
            "programs/grace.mentor",
            "--pair",
            "pair-017",
            "--started",
            "2026-11-23",
            "-o",
            &log,
        ]);
        assert_eq!(written.status, 0, "{written:#?}");
        let text = std::fs::read_to_string(scratch.path().join(&log)).expect("read the log");
        // Sessions 1 and 2 are planned for 2026-11-23 and 2026-12-07 (every 2 weeks).
        let date_line = |date: &str| {
            text.lines()
                .position(|l| l.contains(date) && !l.contains("started"))
                .map(|i| i as u64 + 1)
        };
        let validate = |as_of: &str| {
            crate::support::validate_json(
                scratch.path(),
                &["--as-of", as_of, "--program", "programs/grace.mentor", &log],
            )
        };
        let (clean, diagnostics) = validate("2026-11-23");
        assert!(diagnostics.is_empty(), "{log}: {diagnostics:#?}");
        assert_eq!(clean.status, 0);
        // Session 2's grace ends on 2026-12-10: only session 1 is overdue for logging.
        let (_, diagnostics) = validate("2026-12-10");
        let found: Vec<(&str, u64)> = diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.line))
            .collect();
        let first = date_line("2026-11-23").expect("session 1's date");
        assert_eq!(found, [("L040", first)], "{log}");
        let (late, diagnostics) = validate("2026-12-11");
        let found: Vec<(&str, u64)> = diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.line))
            .collect();
        let second = date_line("2026-12-07").expect("session 2's date");
        assert_eq!(found, [("L040", first), ("L040", second)], "{log}");
        assert_eq!(late.status, 1);
        assert_eq!(
            diagnostics[1].message,
            "the planned session on 2026-12-07 was never logged: as of 2026-12-11, 4 days later, it is still planned; the program allows 3 days to log a session, so it was due by 2026-12-10"
        );
        for labels in late.labels() {
            let program_label = labels.iter().find(|l| l.file.ends_with("grace.mentor"));
            assert_eq!(program_label.map(|l| l.line), grace_line, "{labels:#?}");
        }
    }
}

#[test]
fn a_bad_pair_id_or_a_broken_program_writes_nothing() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let bad_pair = scratch.run(&[
        "new",
        "log",
        "--program",
        "programs/senior-ic.mentor",
        "--pair",
        "Jane Doe",
        "-o",
        "x.toml",
    ]);
    assert_eq!(bad_pair.status, 2);
    scratch.write("broken.mentor", "program p \"P\" { lenght 5 }\n");
    let broken = scratch.run(&[
        "new",
        "log",
        "--color",
        "never",
        "--program",
        "broken.mentor",
        "--pair",
        "p1",
        "-o",
        "x.toml",
    ]);
    assert_eq!(broken.status, 2);
    assert!(broken.stderr.contains("S002"), "{}", broken.stderr);
    assert!(!scratch.path().join("x.toml").exists());
}

/// Issue 17: with `review every 4 sessions with lens progress-review`, a review session of the
/// skeleton uses the review lens, not the phase's progression: held as written, no session
/// breaks the lens rules (`L019`–`L021`).
#[test]
fn review_sessions_of_a_skeleton_use_the_review_lens() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let program = std::fs::read_to_string(scratch.path().join("programs/leadership-tracks.mentor"))
        .expect("read the program")
        .replace(
            "    review every 4 sessions\n",
            "    review every 4 sessions with lens progress-review\n",
        );
    assert!(program.contains("with lens progress-review"));
    scratch.write("programs/reviews.mentor", &program);
    let written = scratch.run(&[
        "new",
        "log",
        "--program",
        "programs/reviews.mentor",
        "--pair",
        "pair-001",
        "--started",
        "2026-01-05",
        "-o",
        "pair-001.toml",
    ]);
    assert_eq!(written.status, 0, "{written:#?}");
    let skeleton = std::fs::read_to_string(scratch.path().join("pair-001.toml")).expect("read");
    // Every session held, as a pair fills the skeleton in: numbered, no longer planned.
    let held: String = skeleton
        .lines()
        .filter(|l| !l.starts_with("status = \"planned\""))
        .map(|l| match l.strip_prefix("# number = ") {
            Some(rest) => format!("number = {rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    assert!(held.contains("kind = \"review\"                 # the program asks for regular reviews\nlens = \"progress-review\""), "{held}");
    scratch.write("held.toml", &held);
    let (output, diagnostics) = crate::support::validate_json(
        scratch.path(),
        &[
            "--as-of",
            "2026-01-05",
            "--program",
            "programs/reviews.mentor",
            "held.toml",
        ],
    );
    // The log was read and checked against its program: nothing unreadable, no malformed
    // record, no program missing (any of which would leave the lens rules unchecked).
    assert!(output.status < 2, "{output:#?}");
    let unread: Vec<&str> = diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .filter(|code| {
            code.starts_with('F') || ["L001", "L002", "L003", "L004", "L005", "L006"].contains(code)
        })
        .collect();
    assert_eq!(unread, [] as [&str; 0], "{diagnostics:#?}");
    let lens_rules: Vec<(&str, u64)> = diagnostics
        .iter()
        .filter(|d| ["L019", "L020", "L021"].contains(&d.code.as_str()))
        .map(|d| (d.code.as_str(), d.line))
        .collect();
    assert_eq!(lens_rules, [], "{diagnostics:#?}");
}

/// Issue 17: with `review at sessions 4, 10 with lens progress-review`, the listed sessions of a
/// skeleton, and only they, are reviews with the review lens: held as written, no session
/// breaks the lens rules or the review rule (`L019`–`L021`, `L031`).
#[test]
fn listed_review_sessions_of_a_skeleton_are_reviews() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let program = std::fs::read_to_string(scratch.path().join("programs/leadership-tracks.mentor"))
        .expect("read the program")
        .replace(
            "    review every 4 sessions\n",
            "    review at sessions 4, 10 with lens progress-review\n",
        );
    assert!(program.contains("review at sessions 4, 10"));
    scratch.write("programs/reviews.mentor", &program);
    let written = scratch.run(&[
        "new",
        "log",
        "--program",
        "programs/reviews.mentor",
        "--pair",
        "pair-001",
        "--started",
        "2026-01-05",
        "-o",
        "pair-001.toml",
    ]);
    assert_eq!(written.status, 0, "{written:#?}");
    let skeleton = std::fs::read_to_string(scratch.path().join("pair-001.toml")).expect("read");
    let held: String = skeleton
        .lines()
        .filter(|l| !l.starts_with("status = \"planned\""))
        .map(|l| match l.strip_prefix("# number = ") {
            Some(rest) => format!("number = {rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    let reviews: Vec<&str> = held
        .split("[[sessions]]")
        .filter(|session| session.contains("kind = \"review\""))
        .filter_map(|session| session.lines().find(|l| l.starts_with("number = ")))
        .filter_map(|line| line.split_whitespace().nth(2))
        .collect();
    assert_eq!(reviews, ["4", "10"], "{held}");
    assert!(
        held.contains("kind = \"review\"                 # the program plans a review at this session\nlens = \"progress-review\""),
        "{held}"
    );
    scratch.write("held.toml", &held);
    let (_, diagnostics) = crate::support::validate_json(
        scratch.path(),
        &[
            "--as-of",
            "2026-01-05",
            "--program",
            "programs/reviews.mentor",
            "held.toml",
        ],
    );
    let broken: Vec<(&str, u64)> = diagnostics
        .iter()
        .filter(|d| ["L019", "L020", "L021", "L031"].contains(&d.code.as_str()))
        .map(|d| (d.code.as_str(), d.line))
        .collect();
    assert_eq!(broken, [], "{diagnostics:#?}");
}

/// A skeleton is TOML or JSON: asked for a `.yaml` file, `new log` refuses rather than write
/// TOML under a YAML name, and writes nothing.
#[test]
fn a_skeleton_is_not_written_under_a_yaml_name() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let output = scratch.run(&[
        "new",
        "log",
        "--program",
        "programs/senior-ic.mentor",
        "--pair",
        "pair-001",
        "-o",
        "pair-001.yaml",
    ]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(
        output.stderr.contains("writes TOML, JSON or CSV, not YAML"),
        "{}",
        output.stderr
    );
    assert!(!scratch.path().join("pair-001.yaml").exists());
}
