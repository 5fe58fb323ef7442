//! Numbers that dates are computed from are bounded in the program check (`P025`, at the
//! number), the date arithmetic cannot panic even when the rule is turned off, the playbook's
//! work per session is bounded, and `mentor new log` cannot be made to write live TOML from
//! program text.

use crate::support::{Scratch, run_hostile};

/// A clean program; `{length}`, `{cadence}`, `{phase2}`, `{due}`, `{review}`, `{agreement}`
/// and `{extra}` are filled in per case.
const TEMPLATE: &str = r#"program demo "Demo" {
    length {length}
    cadence {cadence}
    review every {review} sessions
    agreement before session {agreement}
    outcome ok "OK"
    competency judgment "Judgment"
    lens decision-review "Decision Review" {
        section "The decision" {
            field chose "What I chose"
        }
    }
    phase framing "Framing" sessions 1..2 {
        lenses none
    }
    phase practice "Practice" sessions {phase2} {
        lenses exactly 1 of decision-review
    }
    milestone first-review "A decision reviewed" {
        competency judgment
        due {due}
        evidence lens decision-review
    }
{extra}}
"#;

struct Case {
    length: &'static str,
    cadence: &'static str,
    phase2: &'static str,
    due: &'static str,
    review: &'static str,
    agreement: &'static str,
    extra: &'static str,
}

const CLEAN: Case = Case {
    length: "4 sessions within 12 weeks",
    cadence: "every 2 weeks, gap at most 4 weeks",
    phase2: "3..4",
    due: "by session 4",
    review: "2",
    agreement: "2",
    extra: "",
};

fn program(case: &Case) -> String {
    TEMPLATE
        .replace("{length}", case.length)
        .replace("{cadence}", case.cadence)
        .replace("{phase2}", case.phase2)
        .replace("{due}", case.due)
        .replace("{review}", case.review)
        .replace("{agreement}", case.agreement)
        .replace("{extra}", case.extra)
}

/// `(what, the program, line, column of the number, the message's start)`.
fn out_of_range_cases() -> Vec<(&'static str, String, u64, u64, &'static str)> {
    let with = |edit: &dyn Fn(&mut Case)| {
        let mut case = CLEAN;
        edit(&mut case);
        program(&case)
    };
    vec![
        (
            "length",
            with(&|c| c.length = "100001 sessions"),
            2,
            12,
            "session 100001 is beyond any program",
        ),
        (
            "length range",
            with(&|c| c.length = "4..4294967295 sessions"),
            2,
            15,
            "session 4294967295 is beyond any program",
        ),
        (
            "within",
            with(&|c| c.length = "4 sessions within 5201 weeks"),
            2,
            30,
            "5201 weeks is longer than any program",
        ),
        (
            "cadence every",
            with(&|c| c.cadence = "every 1043498 weeks"),
            3,
            19,
            "1043498 weeks is longer than any program",
        ),
        (
            "gap at least",
            with(&|c| c.cadence = "every 2 weeks, gap at least 36401 days"),
            3,
            41,
            "36401 days is longer than any program",
        ),
        (
            "gap at most",
            with(&|c| c.cadence = "gap at most 4294967295 weeks"),
            3,
            25,
            "4294967295 weeks is longer than any program",
        ),
        (
            "phase range",
            with(&|c| c.phase2 = "3..100001"),
            16,
            43,
            "session 100001 is beyond any program",
        ),
        (
            "due by session",
            with(&|c| c.due = "by session 100001"),
            21,
            24,
            "session 100001 is beyond any program",
        ),
        (
            "due by week",
            with(&|c| c.due = "by week 1043498"),
            21,
            21,
            "1043498 weeks is longer than any program",
        ),
        (
            "review",
            with(&|c| c.review = "100001"),
            4,
            18,
            "session 100001 is beyond any program",
        ),
        (
            "agreement",
            with(&|c| c.agreement = "100001"),
            5,
            30,
            "session 100001 is beyond any program",
        ),
    ]
}

#[test]
fn every_number_dates_come_from_is_bounded_at_the_number() {
    let scratch = Scratch::new();
    scratch.write("clean.mentor", program(&CLEAN));
    let (clean, diagnostics) = scratch.check_json(&["clean.mentor"]);
    assert_eq!(clean.status, 0, "{diagnostics:#?}");
    for (what, text, line, column, message) in out_of_range_cases() {
        scratch.write("bad.mentor", &text);
        let (output, diagnostics) = scratch.check_json(&["bad.mentor"]);
        assert_eq!(output.status, 1, "{what}: {diagnostics:#?}");
        let p025: Vec<_> = diagnostics.iter().filter(|d| d.code == "P025").collect();
        assert_eq!(p025.len(), 1, "{what}: {diagnostics:#?}");
        assert_eq!(
            (p025[0].line, p025[0].column),
            (line, column),
            "{what}: {p025:#?}"
        );
        assert!(p025[0].message.starts_with(message), "{what}: {p025:#?}");
        assert_eq!(p025[0].severity, "error");
    }
}

#[test]
fn the_bounds_themselves_are_allowed() {
    let scratch = Scratch::new();
    let case = Case {
        length: "2..100000 sessions within 5200 weeks",
        cadence: "every 1 day, gap at least 1 day, gap at most 36400 days",
        phase2: "3..100000",
        due: "by week 5200",
        review: "100000",
        agreement: "100000",
        extra: "",
    };
    scratch.write("edge.mentor", program(&case));
    let (_, diagnostics) = scratch.check_json(&["edge.mentor"]);
    assert!(
        diagnostics.iter().all(|d| d.code != "P025"),
        "{diagnostics:#?}"
    );
}

#[test]
fn a_deadline_past_the_calendar_neither_passes_the_check_nor_panics_validate() {
    let scratch = Scratch::new();
    let mut case = CLEAN;
    case.due = "by week 1043498";
    scratch.write("bounded.mentor", program(&case));
    // The pair stays active and a session lies in the year 9999: the activity rules run on
    // these dates too (without panicking), but are off so the exit status is the deadline's.
    case.extra = "    severity number-too-large off\n    severity pair-inactive off\n    severity session-in-future off\n    severity program-overrun off\n";
    scratch.write("unbounded.mentor", program(&case));
    let log = "program = \"demo\"\npair = \"pair-1\"\nstarted = 2025-01-06\nagreement = 2025-01-06\n\n\
               [[sessions]]\nnumber = 1\ndate = 2025-01-06\noutcome = \"ok\"\n";
    scratch.write("log.toml", log);
    scratch.write(
        "late-start.toml",
        log.replace("2025-01-06", "9999-12-30").as_str(),
    );

    // The program check refuses it, so `validate` does not get as far as the deadline.
    let refused = scratch.run(&[
        "validate",
        "--color",
        "never",
        "-p",
        "bounded.mentor",
        "--as-of",
        "2026-01-01",
        "log.toml",
    ]);
    assert_eq!(refused.status, 2, "{refused:#?}");
    assert!(refused.stdout.contains("P025"), "{refused:#?}");

    // Turned off, the deadline cannot be computed and is no deadline; nothing panics.
    for log in ["log.toml", "late-start.toml"] {
        for command in ["validate", "report"] {
            let output = scratch.run(&[
                command,
                "--color",
                "never",
                "-p",
                "unbounded.mentor",
                "--as-of",
                "2026-01-01",
                log,
            ]);
            assert_eq!(output.status, 0, "{command} {log}: {output:#?}");
        }
    }
}

#[test]
fn a_cadence_past_the_calendar_neither_passes_the_check_nor_panics_new_log() {
    let scratch = Scratch::new();
    let mut case = CLEAN;
    case.length = "4 sessions";
    case.cadence = "every 1043498 weeks";
    scratch.write("bounded.mentor", program(&case));
    case.extra = "    severity number-too-large off\n";
    scratch.write("unbounded.mentor", program(&case));
    let new_log = |program: &str| {
        scratch.run(&[
            "new",
            "log",
            "--color",
            "never",
            "-p",
            program,
            "--pair",
            "pair-1",
            "--started",
            "2026-01-05",
        ])
    };
    let refused = new_log("bounded.mentor");
    assert_eq!(refused.status, 2, "{refused:#?}");
    assert!(refused.stderr.contains("P025"), "{refused:#?}");
    assert!(refused.stdout.is_empty());

    // Turned off: the plan stops at the first session whose date leaves the calendar.
    let written = new_log("unbounded.mentor");
    assert_eq!(written.status, 0, "{written:#?}");
    let log: toml::Table = toml::from_str(&written.stdout).expect("the skeleton is TOML");
    let sessions = log["sessions"].as_array().expect("a list of sessions");
    assert_eq!(sessions.len(), 1, "{}", written.stdout);
}

#[test]
fn a_playbook_of_a_million_sessions_stays_small() {
    let scratch = Scratch::new();
    let text = r#"program huge "Huge" {
    length 1000000 sessions
    cadence every 1 week
    lens a "A" { section "S" { field x "X" } }
    lens b "B" { section "S" { field y "Y" } }
    phase all "All" sessions 1..1000000 {
        lenses exactly 1 of a, b
        progression a, b
    }
    milestone done "Done" {
        due by session 1000000
        evidence lens a
    }
    severity number-too-large off
}
"#;
    scratch.write("huge.mentor", text);
    scratch.write(
        "bounded.mentor",
        text.replace("    severity number-too-large off\n", ""),
    );
    let refused = run_hostile(
        &scratch,
        "bounded",
        &["playbook", "--color", "never", "bounded.mentor"],
    );
    assert_eq!(refused.status, 1, "{refused:#?}");
    assert!(refused.stderr.contains("P025"), "{refused:#?}");

    for format in ["md", "html"] {
        let started = std::time::Instant::now();
        let output = scratch.run(&[
            "playbook",
            "huge.mentor",
            "--start",
            "2026-01-05",
            "--format",
            format,
        ]);
        assert_eq!(output.status, 0, "{format}: {}", output.stderr);
        assert!(
            output.stdout.len() < 64 * 1024,
            "{format}: {} bytes",
            output.stdout.len()
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        // The progression lists its first sessions, then says it goes on.
        assert!(
            output.stdout.contains("51–1000000") && output.stdout.contains("in turn"),
            "{format}"
        );
        assert!(!output.stdout.contains(">52<") && !output.stdout.contains("| 52 |"));
    }
}

/// A program whose every text that `new log` writes into the skeleton tries to break out of
/// its comment or string; `{DEL}`, `{ESC}`, `{RLO}` and `{BEL}` stand for the raw characters
/// (a `.mentor` string has no escape for them).
const HOSTILE: &str = r#"program demo "One\nstatus = \"withdrawn\" #" {
    version "1\n[evil]{DEL}"
    length 2 sessions
    cadence every 2 weeks
    outcome ok "OK\nstatus = \"withdrawn\""
    lens l "Lens\npair = \"someone-else\"" {
        section "S\n[x]" {
            field a "Field\nstarted = 1999-01-01{ESC}[2J{RLO}"
            field b "Optional{BEL}\nmentor = \"x\"\t" optional
        }
    }
    phase one "Phase\nstatus = \"withdrawn\"" sessions 1..2 {
        lenses exactly 1 of l
    }
}
"#;

/// The same program in plain words.
const PLAIN: &str = r#"program demo "One" {
    version "1"
    length 2 sessions
    cadence every 2 weeks
    outcome ok "OK"
    lens l "Lens" {
        section "S" {
            field a "Field"
            field b "Optional" optional
        }
    }
    phase one "Phase" sessions 1..2 {
        lenses exactly 1 of l
    }
}
"#;

#[test]
fn new_log_writes_program_text_as_comments_and_strings_only() {
    let scratch = Scratch::new();
    let hostile_program = HOSTILE
        .replace("{DEL}", "\u{7f}")
        .replace("{ESC}", "\u{1b}")
        .replace("{RLO}", "\u{202e}")
        .replace("{BEL}", "\u{7}");
    scratch.write("hostile.mentor", &hostile_program);
    scratch.write("plain.mentor", PLAIN);
    let check = scratch.run(&["check", "--color", "never", "hostile.mentor"]);
    assert_eq!(check.status, 0, "{check:#?}");

    let skeleton = |program: &str, format: &str, out: &str| {
        let output = scratch.run(&[
            "new",
            "log",
            "-p",
            program,
            "--pair",
            "pair-1",
            "--started",
            "2026-01-05",
            "--format",
            format,
            "-o",
            out,
        ]);
        assert_eq!(output.status, 0, "{output:#?}");
        std::fs::read_to_string(scratch.path().join(out)).expect("read the skeleton")
    };
    let hostile = skeleton("hostile.mentor", "toml", "hostile.toml");
    let plain = skeleton("plain.mentor", "toml", "plain.toml");

    // No control character but tab and line feed reaches the file raw (TOML allows tabs in
    // comments); the program's words are all still there, each on its comment line.
    assert!(
        !hostile
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}'),
        "{hostile}"
    );
    assert!(
        hostile.contains("# Field started = 1999-01-01\\u{1b}[2J\\u{202e}\n"),
        "{hostile}"
    );
    assert!(
        hostile.contains("in program `demo`: One status = \"withdrawn\" #.\n"),
        "{hostile}"
    );
    assert_eq!(hostile.lines().count(), plain.lines().count());

    // It is TOML with exactly the keys and values the plain skeleton has: nothing injected.
    let parsed: toml::Table = toml::from_str(&hostile).expect("the skeleton is TOML");
    let mut reference: toml::Table = toml::from_str(&plain).expect("the skeleton is TOML");
    assert_eq!(parsed["version"].as_str(), Some("1\n[evil]\u{7f}"));
    reference.insert("version".to_owned(), parsed["version"].clone());
    assert_eq!(parsed, reference, "{hostile}");

    // `mentor validate` says of it what it says of the plain program's skeleton.
    let findings = |program: &str, log: &str| {
        let output = scratch.run(&[
            "validate",
            "--format",
            "json",
            "-p",
            program,
            "--as-of",
            "2026-01-05",
            log,
        ]);
        let found: Vec<String> = output
            .diagnostics()
            .into_iter()
            .map(|d| format!("{} {}:{}", d.code, d.line, d.column))
            .collect();
        (output.status, found)
    };
    assert_eq!(
        findings("hostile.mentor", "hostile.toml"),
        findings("plain.mentor", "plain.toml")
    );

    // JSON keeps the version character for character, with DEL escaped.
    let json = skeleton("hostile.mentor", "json", "hostile.json");
    assert!(!json.contains('\u{7f}'), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("the skeleton is JSON");
    assert_eq!(value["version"].as_str(), Some("1\n[evil]\u{7f}"));
}
