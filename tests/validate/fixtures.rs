//! One failing log per log rule, in `tests/fixtures/validate/`, named
//! `<CODE>-<what it shows>.{toml,json,jsonl}`. Each is a compliant log (one of
//! `tests/fixtures/validate/passing/`, copies of the example logs) with one mistake. The table
//! says which code it must report, where the primary label must be (file, line and column of
//! the offending value, or the session when something is missing), where the program states
//! the rule (the second label), the help when an id or key is misspelled, and the exit status.
//! The twin without the mistake must pass with exit 0. Human and JSON output are snapshots.
//!
//! Fixtures are written against `programs/senior-ic.mentor` unless the rule needs what only
//! `programs/leadership-tracks.mentor` has (tracks, reviews, an agreement, a progression, a
//! minimum gap or a maximum session length).

use std::collections::BTreeSet;
use std::path::Path;

use super::AS_OF;
use crate::support::{Diag, JsonLabel, Output, crate_root, run_in, validate_json};

const FIXTURE_DIR: &str = "tests/fixtures/validate";
const SENIOR_IC: &str = "programs/senior-ic.mentor";
const LEADERSHIP_TRACKS: &str = "programs/leadership-tracks.mentor";
const LENSES: &str = "programs/lib/lenses.mentor";

/// One failing log and what validating it must report.
#[derive(Debug, Clone, Copy)]
struct Fixture {
    /// File name in `tests/fixtures/validate/`.
    name: &'static str,
    /// The program passed to `--program`.
    program: &'static str,
    code: &'static str,
    severity: &'static str,
    /// 1-based line and column of the primary label of the first diagnostic with `code`.
    line: u64,
    column: u64,
    /// The file and line of the second label, where the program states the rule.
    rule_at: Option<(&'static str, u64)>,
    /// The whole help text, when the fixture misspells an id or a key.
    help: Option<&'static str>,
    /// Other codes the one mistake also triggers (a renamed answer leaves its field
    /// unanswered).
    also: &'static [&'static str],
    status: i32,
    /// The same log without the mistake, in `tests/fixtures/validate/`.
    twin: &'static str,
    /// The day the fixture and its twin are checked as of: [`AS_OF`], unless the rule is about
    /// what time does to a log of 2025 (a pair that stalls, a program that ends).
    as_of: &'static str,
}

const fn senior_ic(name: &'static str, code: &'static str, line: u64, column: u64) -> Fixture {
    Fixture {
        name,
        program: SENIOR_IC,
        code,
        severity: "error",
        line,
        column,
        rule_at: None,
        help: None,
        also: &[],
        status: 1,
        twin: "passing/senior-ic.toml",
        as_of: AS_OF,
    }
}

const fn tracks(name: &'static str, code: &'static str, line: u64, column: u64) -> Fixture {
    Fixture {
        program: LEADERSHIP_TRACKS,
        twin: "passing/leadership-tracks.toml",
        ..senior_ic(name, code, line, column)
    }
}

impl Fixture {
    const fn rule_at(self, file: &'static str, line: u64) -> Fixture {
        Fixture {
            rule_at: Some((file, line)),
            ..self
        }
    }

    const fn help(self, help: &'static str) -> Fixture {
        Fixture {
            help: Some(help),
            ..self
        }
    }

    const fn also(self, also: &'static [&'static str]) -> Fixture {
        Fixture { also, ..self }
    }

    /// A warning: reported, but the run exits 0.
    const fn warning(self) -> Fixture {
        Fixture {
            severity: "warning",
            status: 0,
            ..self
        }
    }

    const fn twin(self, twin: &'static str) -> Fixture {
        Fixture { twin, ..self }
    }

    const fn as_of(self, as_of: &'static str) -> Fixture {
        Fixture { as_of, ..self }
    }
}

macro_rules! fixtures {
    ($($test:ident: $fixture:expr;)*) => {
        const FIXTURES: &[Fixture] = &[$($fixture),*];
        $(#[test] fn $test() { check_fixture(&$fixture); })*
    };
}

fixtures! {
    l001_unknown_session_field: senior_ic("L001-misspelled-minutes-key.toml", "L001", 20, 1)
        .help("did you mean `minutes`?");
    l002_key_given_twice: senior_ic("L002-minutes-given-twice.json", "L002", 13, 56)
        .twin("passing/senior-ic.json");
    l003_minutes_in_words: senior_ic("L003-minutes-in-words.toml", "L003", 42, 15);
    l004_log_without_pair: senior_ic("L004-log-without-pair.toml", "L004", 2, 1);
    l004_session_without_date: senior_ic("L004-session-without-date.toml", "L004", 17, 1);
    l005_unknown_program: senior_ic("L005-misspelled-program.toml", "L005", 2, 12)
        .help("did you mean `senior-ic`?");
    l006_version_mismatch: senior_ic("L006-started-on-an-older-version.toml", "L006", 3, 12)
        .rule_at(SENIOR_IC, 7)
        .warning();
    l007_track_on_a_program_without_tracks:
        senior_ic("L007-track-on-a-program-without-tracks.toml", "L007", 7, 12)
        .rule_at(SENIOR_IC, 7);
    l007_misspelled_track: tracks("L007-misspelled-track.toml", "L007", 7, 13)
        .rule_at(LEADERSHIP_TRACKS, 9)
        .help("did you mean `engineering`?");
    l008_unknown_lens: senior_ic("L008-misspelled-lens.toml", "L008", 58, 15)
        .help("did you mean `decision-review`?");
    l009_unknown_outcome: senior_ic("L009-misspelled-outcome.toml", "L009", 14, 12)
        .help("did you mean `assumption`?");
    l010_misspelled_milestone: senior_ic("L010-misspelled-milestone.toml", "L010", 59, 16)
        .help("did you mean `influence-reflection`?");
    l010_milestone_of_another_track: tracks("L010-milestone-of-another-track.toml", "L010", 42, 28)
        .help("known milestone ids: `quick-win`, `stakeholder-map`, `feedback-loop`, `growth-portfolio`, `technical-strategy`");
    l011_misspelled_answer_field: senior_ic("L011-misspelled-answer-field.toml", "L011", 65, 1)
        .rule_at(LENSES, 21)
        .help("did you mean `optimized-for`?")
        .also(&["L022"]);
    l011_answer_to_another_lens: senior_ic("L011-answer-to-another-lens.toml", "L011", 68, 1)
        .rule_at(LENSES, 21)
        .help("`who` is a field of lens `influence-review`, which this session does not use");
    l012_session_numbering: senior_ic("L012-session-5-numbered-4.toml", "L012", 55, 15);
    l013_dated_before_the_session_above:
        senior_ic("L013-session-dated-before-the-one-above.toml", "L013", 56, 15);
    l013_dated_before_started: senior_ic("L013-session-dated-before-started.toml", "L013", 12, 12);
    l014_gap_too_long: senior_ic("L014-gap-of-35-days.toml", "L014", 56, 15)
        .rule_at(SENIOR_IC, 27);
    l015_gap_too_short: tracks("L015-sessions-4-days-apart.toml", "L015", 26, 11)
        .rule_at(LEADERSHIP_TRACKS, 36)
        .warning();
    l016_session_too_short: senior_ic("L016-session-of-30-minutes.toml", "L016", 20, 12)
        .rule_at(SENIOR_IC, 28);
    l017_session_too_long: tracks("L017-session-of-120-minutes.toml", "L017", 39, 14)
        .rule_at(LEADERSHIP_TRACKS, 37)
        .warning();
    l018_session_beyond_last_phase: senior_ic("L018-session-6.toml", "L018", 69, 12)
        .rule_at(SENIOR_IC, 51);
    l019_lens_not_allowed: senior_ic("L019-lens-in-framing.toml", "L019", 21, 12)
        .rule_at(SENIOR_IC, 48);
    l020_no_lens: senior_ic("L020-judgment-session-without-lens.toml", "L020", 54, 1)
        .rule_at(SENIOR_IC, 53);
    l020_two_lenses: senior_ic("L020-two-lenses-in-judgment.toml", "L020", 59, 15)
        .rule_at(SENIOR_IC, 53)
        .also(&["L022"]);
    l021_progression_not_followed: tracks("L021-debrief-before-observation.toml", "L021", 28, 11)
        .rule_at(LEADERSHIP_TRACKS, 90);
    l022_blank_answer: senior_ic("L022-blank-trade-off.toml", "L022", 65, 17)
        .rule_at(LENSES, 25);
    l022_missing_answer: senior_ic("L022-framing-not-answered.toml", "L022", 62, 1)
        .rule_at(LENSES, 28);
    l023_missing_outcome: senior_ic("L023-no-outcome.toml", "L023", 17, 1)
        .rule_at(SENIOR_IC, 31)
        .help("add an `outcome`: `assumption` or `behavior`");
    l024_failed_outcome: senior_ic("L024-borrowed-decision.toml", "L024", 46, 15)
        .rule_at(SENIOR_IC, 34);
    l025_new_problem_forbidden: senior_ic("L025-new-problem-in-judgment.toml", "L025", 45, 15)
        .rule_at(SENIOR_IC, 54);
    l026_milestone_without_evidence: senior_ic("L026-claim-without-its-lens.toml", "L026", 45, 40)
        .rule_at(SENIOR_IC, 60);
    l027_milestone_late: senior_ic("L027-claimed-in-session-5.toml", "L027", 59, 16)
        .rule_at(SENIOR_IC, 59);
    // The pair is still active in 2026: it has stalled (`L035`) past its 12 weeks (`L037`).
    l028_overdue_by_session: senior_ic("L028-decision-review-not-claimed-by-session-4.toml", "L028", 39, 1)
        .rule_at(SENIOR_IC, 59)
        .also(&["L035", "L037"]);
    l028_overdue_by_week: senior_ic("L028-influence-reflection-past-week-10.toml", "L028", 8, 12)
        .rule_at(SENIOR_IC, 64)
        .also(&["L035", "L037"]);
    l029_completed_with_unmet_milestone:
        senior_ic("L029-completed-without-influence-reflection.toml", "L029", 8, 12)
        .rule_at(SENIOR_IC, 62);
    l030_completed_too_few_sessions: senior_ic("L030-completed-after-4-sessions.toml", "L030", 8, 12)
        .rule_at(SENIOR_IC, 26);
    l031_review_overdue: tracks("L031-no-review-in-4-sessions.toml", "L031", 40, 14)
        .rule_at(LEADERSHIP_TRACKS, 41);
    l032_agreement_missing: tracks("L032-no-agreement.toml", "L032", 17, 1)
        .rule_at(LEADERSHIP_TRACKS, 46)
        .help("add `agreement = YYYY-MM-DD` at the top of the log");
    l033_agreement_late: tracks("L033-agreement-after-session-2.toml", "L033", 10, 13)
        .rule_at(LEADERSHIP_TRACKS, 46);
    l034_duplicate_pair: senior_ic("L034-pair-021-exported-twice.jsonl", "L034", 2, 55)
        .twin("passing/senior-ic.jsonl");
    l035_pair_inactive: senior_ic("L035-no-session-since-session-4.toml", "L035", 42, 15)
        .rule_at(SENIOR_IC, 27)
        .as_of("2025-03-20");
    l036_session_in_future: senior_ic("L036-session-5-dated-next-year.toml", "L036", 57, 15)
        .also(&["L014"]);
    l037_program_overrun: senior_ic("L037-active-after-week-12.toml", "L037", 8, 12)
        .rule_at(SENIOR_IC, 26)
        .warning()
        .as_of("2025-04-07");
    l038_first_session_late: tracks("L038-first-session-19-days-after-start.toml", "L038", 14, 11)
        .rule_at(LEADERSHIP_TRACKS, 234)
        .twin("passing/leadership-tracks-first-session-on-the-last-day.toml");
    l039_missed_sessions_streak: tracks("L039-three-sessions-missed-in-a-row.toml", "L039", 24, 1)
        .rule_at(LEADERSHIP_TRACKS, 235)
        .help("hold the next session, or mark the pair `status = \"withdrawn\"` if it has stopped meeting")
        .twin("passing/leadership-tracks-two-missed-in-a-row.toml");
    l040_planned_session_not_logged:
        tracks("L040-session-5-planned-and-never-logged.toml", "L040", 52, 10)
        .rule_at(LEADERSHIP_TRACKS, 47)
        .twin("passing/leadership-tracks-planned.toml");
    l041_milestone_at_risk:
        senior_ic("L041-influence-reflection-at-risk-at-27-days.toml", "L041", 28, 15)
        .rule_at(SENIOR_IC, 64)
        .warning()
        .as_of("2025-03-05")
        .twin("passing/senior-ic-on-pace.toml");
}

/// `mentor validate --as-of AS_OF --program PROGRAM LOG` plus `extra`, from the crate root.
fn validate(as_of: &str, program: &str, log: &str, extra: &[&str]) -> Output {
    let mut args = vec!["validate", "--as-of", as_of, "--program", program, log];
    args.extend_from_slice(extra);
    run_in(crate_root(), &args)
}

fn validate_with_labels(
    as_of: &str,
    program: &str,
    log: &str,
) -> (Output, Vec<Diag>, Vec<Vec<JsonLabel>>) {
    let (output, diagnostics) =
        validate_json(crate_root(), &["--as-of", as_of, "--program", program, log]);
    let labels = output.labels();
    (output, diagnostics, labels)
}

fn check_fixture(fixture: &Fixture) {
    let path = format!("{FIXTURE_DIR}/{}", fixture.name);
    assert!(crate_root().join(&path).is_file(), "{path} exists");
    let stem = Path::new(fixture.name)
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("a file stem");

    let human = validate(fixture.as_of, fixture.program, &path, &["--color", "never"]);
    let (json, diagnostics, labels) = validate_with_labels(fixture.as_of, fixture.program, &path);
    for (format, output) in [("human", &human), ("json", &json)] {
        assert_eq!(
            output.status, fixture.status,
            "{path} ({format}): exit status\n{output:#?}"
        );
        assert_eq!(output.stderr, "", "{path} ({format}): nothing on stderr");
    }

    // The one mistake is reported, and nothing else than what it entails.
    let expected: BTreeSet<&str> = std::iter::once(fixture.code)
        .chain(fixture.also.iter().copied())
        .collect();
    let found: BTreeSet<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(found, expected, "{path}: codes reported\n{diagnostics:#?}");

    let index = diagnostics
        .iter()
        .position(|d| d.code == fixture.code)
        .expect("the fixture's code is reported");
    let diagnostic = &diagnostics[index];
    assert_eq!(
        (diagnostic.file.as_str(), diagnostic.line, diagnostic.column),
        (path.as_str(), fixture.line, fixture.column),
        "{path}: where the primary label is\n{diagnostic:#?}"
    );
    assert_eq!(diagnostic.severity, fixture.severity, "{path}: severity");
    if let Some(help) = fixture.help {
        assert_eq!(diagnostic.help.as_deref(), Some(help), "{path}: help");
    }

    let program_labels: Vec<(&str, u64)> = labels[index]
        .iter()
        .filter(|l| !l.primary && l.file.starts_with("programs/"))
        .map(|l| (l.file.as_str(), l.line))
        .collect();
    match fixture.rule_at {
        Some(at) => assert!(
            program_labels.contains(&at),
            "{path}: a second label at {at:?}, found {program_labels:?}"
        ),
        None => assert_eq!(
            program_labels,
            [],
            "{path}: no label in the program (the rule is not stated there)"
        ),
    }

    // The human report names the code and points at the same place.
    let place = format!("[{path}:{}:{}]", fixture.line, fixture.column);
    assert!(
        human.stdout.contains(fixture.code) && human.stdout.contains(&place),
        "{path}: human output names {} at {place}:\n{}",
        fixture.code,
        human.stdout
    );

    check_twin(fixture);

    insta::assert_snapshot!(format!("{stem}.human"), human.stdout);
    insta::assert_snapshot!(format!("{stem}.json"), json.stdout);
}

/// The same log without the mistake passes: exit 0, no diagnostic at all.
fn check_twin(fixture: &Fixture) {
    let twin = format!("{FIXTURE_DIR}/{}", fixture.twin);
    let (output, diagnostics) = validate_json(
        crate_root(),
        &[
            "--as-of",
            fixture.as_of,
            "--program",
            fixture.program,
            &twin,
        ],
    );
    assert_eq!(
        (output.status, diagnostics.as_slice()),
        (0, &[][..]),
        "{twin}, the twin of {}, passes\n{output:#?}",
        fixture.name
    );
}

/// Log codes no log can trigger, and why.
const NOT_FROM_A_LOG: &[(&str, &str)] = &[];

#[test]
fn every_log_rule_has_a_fixture() {
    let rules = run_in(crate_root(), &["rules", "--format", "json"]);
    assert_eq!(rules.status, 0, "{rules:#?}");
    let codes: Vec<String> = rules
        .json()
        .as_array()
        .expect("`mentor rules --format json` prints a list")
        .iter()
        .map(|rule| rule["code"].as_str().expect("a code").to_owned())
        .filter(|code| code.starts_with('L'))
        .collect();
    assert!(
        codes.len() >= 30,
        "the catalogue lists the log rules: {codes:?}"
    );
    let missing: Vec<&String> = codes
        .iter()
        .filter(|code| !NOT_FROM_A_LOG.iter().any(|(c, _)| c == code))
        .filter(|code| !FIXTURES.iter().any(|f| f.code == code.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "log rules without a fixture: {missing:?}"
    );
    for fixture in FIXTURES {
        assert!(
            codes.iter().any(|c| c == fixture.code),
            "{}: {} is in the catalogue",
            fixture.name,
            fixture.code
        );
    }
}

#[test]
fn every_fixture_file_is_in_the_table_and_named_by_its_code() {
    let dir = crate_root().join(FIXTURE_DIR);
    for entry in std::fs::read_dir(&dir).expect("read the fixture directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            continue; // `passing/` holds the twins
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let fixture = FIXTURES
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{name} is not in the fixture table"));
        assert!(
            name.starts_with(&format!("{}-", fixture.code)),
            "{name} starts with its code"
        );
    }
}

#[test]
fn every_passing_log_passes_and_is_a_twin() {
    let dir = crate_root().join(FIXTURE_DIR).join("passing");
    for entry in std::fs::read_dir(&dir).expect("read the passing logs") {
        let path = entry.expect("a directory entry").path();
        let name = format!(
            "passing/{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .expect("a file name")
        );
        let fixture = FIXTURES
            .iter()
            .find(|f| f.twin == name)
            .unwrap_or_else(|| panic!("{name} is the twin of no fixture"));
        check_twin(fixture);
    }
}

/// The sketch's "in a log" list, as the codes that report each item. Items the reference
/// program cannot break (it has no tracks, reviews, agreement or progression) have fixtures
/// against `programs/leadership-tracks.mentor` instead.
const SKETCH_RULES: &[(&str, &[&str])] = &[
    (
        "unknown or mistyped fields",
        &["L001", "L002", "L003", "L004"],
    ),
    ("a program id that does not exist", &["L005"]),
    ("a lens id that does not exist", &["L008"]),
    ("an outcome id that does not exist", &["L009"]),
    ("a milestone id that does not exist", &["L010"]),
    ("a field id that does not exist", &["L011"]),
    ("held sessions not numbered 1, 2, 3 …", &["L012"]),
    ("held sessions dated out of order", &["L013"]),
    ("a gap longer than the cadence allows", &["L014"]),
    ("a session shorter than the minimum", &["L016"]),
    ("a session number beyond the last phase", &["L018"]),
    ("a lens where none is allowed", &["L019"]),
    (
        "none or two lenses where exactly one is required",
        &["L020"],
    ),
    ("a required lens field missing or blank", &["L022"]),
    ("an answer to a field the lens does not have", &["L011"]),
    ("a held session without an outcome", &["L023"]),
    ("a held session with a failed outcome", &["L024"]),
    ("a new problem in a phase that forbids it", &["L025"]),
    ("a milestone claimed without its evidence", &["L026"]),
    ("a milestone claimed late", &["L027"]),
    ("a milestone not claimed by its deadline", &["L028"]),
    ("a completed pair with unmet milestones", &["L029"]),
    ("a completed pair with too few sessions", &["L030"]),
];

/// What the reference program cannot express, so no log written against it can break it.
const NOT_IN_SENIOR_IC: &[(&str, &str)] = &[
    (
        "L007",
        "a track id that does not exist (senior-ic has no tracks; L007 still fires)",
    ),
    ("L021", "senior-ic's phases have no progression"),
    (
        "L031",
        "no review within the required interval: senior-ic asks for no reviews",
    ),
    ("L032", "senior-ic asks for no agreement"),
    ("L033", "senior-ic asks for no agreement"),
];

/// The "Done when": each log rule of the sketch, broken in a log written against the
/// reference program, is an error at the offending line with the right suggestion, and the
/// same log without the mistake passes with exit 0. (The table above asserts the line and
/// the help of each fixture; this test asserts every sketch rule is among them.)
#[test]
fn done_when_every_sketch_rule_broken_against_senior_ic_is_an_error() {
    for (item, codes) in SKETCH_RULES {
        for code in *codes {
            let fixtures: Vec<&Fixture> = FIXTURES
                .iter()
                .filter(|f| f.code == *code && f.program == SENIOR_IC)
                .collect();
            assert!(
                !fixtures.is_empty(),
                "{item}: no fixture breaks {code} against senior-ic"
            );
            for fixture in fixtures {
                assert_eq!(
                    (fixture.severity, fixture.status),
                    ("error", 1),
                    "{item}: {} is an error",
                    fixture.name
                );
            }
        }
    }
    for (code, why) in NOT_IN_SENIOR_IC {
        assert!(
            FIXTURES
                .iter()
                .any(|f| f.code == *code && f.program == LEADERSHIP_TRACKS),
            "{code} ({why}) has a fixture against leadership-tracks"
        );
    }
    // Misspelled ids and keys get the id or key they meant.
    for code in ["L001", "L005", "L007", "L008", "L009", "L010", "L011"] {
        assert!(
            FIXTURES
                .iter()
                .any(|f| f.code == code && f.help.is_some_and(|h| h.starts_with("did you mean `"))),
            "{code}: a fixture misspells an id and gets a did-you-mean"
        );
    }
}

/// A deadline still in the future is not a violation: the week-10 fixture, judged before
/// week 10 ends, passes.
#[test]
fn an_overdue_milestone_is_not_reported_before_its_deadline() {
    let path = format!("{FIXTURE_DIR}/L028-influence-reflection-past-week-10.toml");
    let (output, diagnostics) = validate_json(
        crate_root(),
        &["--as-of", "2025-03-17", "--program", SENIOR_IC, &path],
    );
    assert_eq!((output.status, diagnostics.len()), (0, 0), "{output:#?}");
    let (output, diagnostics) = validate_json(
        crate_root(),
        &["--as-of", "2025-03-18", "--program", SENIOR_IC, &path],
    );
    assert_eq!(output.status, 1, "{output:#?}");
    assert_eq!(diagnostics[0].code, "L028");
    assert!(
        diagnostics[0].message.contains("as of 2025-03-18"),
        "{}",
        diagnostics[0].message
    );
}
