//! One fixture per rule code a `.mentor` file can trigger, in `tests/fixtures/check/`, named
//! `<CODE>-<what it shows>.mentor`. Each shows one mistake. The table says which code it must
//! report, on which line the primary label must be, and the exit status; the human and JSON
//! output are snapshots.

use std::path::Path;

use crate::support::{Output, check_json, crate_root, run_in};

const FIXTURE_DIR: &str = "tests/fixtures/check";

/// One fixture and what checking it must report.
struct Fixture {
    /// File name in `tests/fixtures/check/`.
    name: &'static str,
    code: &'static str,
    /// 1-based line of the primary label of the first diagnostic.
    line: u64,
    /// The file the primary label is in, relative to the fixture directory; `None` for the
    /// fixture itself.
    label_file: Option<&'static str>,
    status: i32,
}

macro_rules! fixtures {
    ($($test:ident: $name:literal => $code:literal at line $line:literal $(in $file:literal)?, exit $status:literal;)*) => {
        const FIXTURES: &[Fixture] = &[$(Fixture {
            name: $name,
            code: $code,
            line: $line,
            label_file: fixtures!(@file $($file)?),
            status: $status,
        }),*];
        $(#[test] fn $test() { check_fixture(&FIXTURES[fixture_index($name)]); })*
    };
    (@file) => { None };
    (@file $file:literal) => { Some($file) };
}

fixtures! {
    f001_missing_file: "F001-no-such-file.mentor" => "F001" at line 1, exit 2;
    f002_not_utf8: "F002-latin1-dash.mentor" => "F002" at line 3, exit 2;
    s001_syntax_error: "S001-range-written-with-dash.mentor" => "S001" at line 13, exit 1;
    s002_unknown_item: "S002-misspelled-keyword.mentor" => "S002" at line 16, exit 1;
    s003_misplaced_item: "S003-goal-outside-phase.mentor" => "S003" at line 4, exit 1;
    s001_phase_left_open: "S001-phase-left-open.mentor" => "S001" at line 9, exit 1;
    s001_curly_quotes: "S001-curly-quotes.mentor" => "S001" at line 12, exit 1;
    s001_text_not_closed: "S001-text-not-closed.mentor" => "S001" at line 10, exit 1;
    s003_lens_for_lenses: "S003-lens-for-lenses.mentor" => "S003" at line 10, exit 1;
    s001_range_with_en_dash: "S001-range-written-with-en-dash.mentor" => "S001" at line 12, exit 1;
    s002_hash_comment: "S002-hash-comment.mentor" => "S002" at line 10, exit 1;
    s001_id_starting_with_accent: "S001-id-starting-with-accent.mentor" => "S001" at line 12, exit 1;
    s002_deadline_for_due_by: "S002-deadline-for-due-by.mentor" => "S002" at line 15, exit 1;
    s001_filled_by_mentors: "S001-filled-by-mentors.mentor" => "S001" at line 5, exit 1;
    s001_review_sessions_with_and: "S001-review-sessions-with-and.mentor" => "S001" at line 4, exit 1;
    s001_onward_for_from_here_on: "S001-onward-for-from-here-on.mentor" => "S001" at line 9, exit 1;
    s003_lens_block_inside_phase: "S003-lens-block-inside-phase.mentor" => "S003" at line 8, exit 1;
    s002_hash_comment_in_mentorship_list: "S002-hash-comment-in-mentorship-list.mentor" => "S002" at line 5, exit 1;
    p001_duplicate_id: "P001-duplicate-lens-id.mentor" => "P001" at line 12, exit 1;
    p002_unknown_reference: "P002-misspelled-lens-reference.mentor" => "P002" at line 17, exit 1;
    p003_duplicate_setting: "P003-cadence-set-twice.mentor" => "P003" at line 5, exit 1;
    p004_phase_overlap: "P004-phases-share-session-3.mentor" => "P004" at line 16, exit 1;
    p005_phase_gap: "P005-sessions-in-no-phase.mentor" => "P005" at line 16, exit 1;
    p006_phase_not_starting_at_one: "P006-first-phase-starts-at-3.mentor" => "P006" at line 13, exit 1;
    p007_empty_range: "P007-review-every-0-sessions.mentor" => "P007" at line 4, exit 1;
    p008_session_beyond_program: "P008-milestone-due-after-last-session.mentor" => "P008" at line 22, exit 1;
    p009_deadline_beyond_length: "P009-milestone-due-after-last-week.mentor" => "P009" at line 22, exit 1;
    p010_lens_never_allowed: "P010-lens-allowed-in-no-phase.mentor" => "P010" at line 12, exit 1;
    p011_lens_choice_too_small: "P011-two-of-one-lens.mentor" => "P011" at line 17, exit 1;
    p012_cadence_contradiction: "P012-minimum-gap-above-maximum.mentor" => "P012" at line 4, exit 1;
    p013_evidence_unreachable: "P013-evidence-lens-not-allowed-in-time.mentor" => "P013" at line 23, exit 1;
    p013_progression_too_late: "P013-progression-gives-the-lens-too-late.mentor" => "P013" at line 32, exit 1;
    p013_review_before_the_first_listed: "P013-review-evidence-before-the-first-review.mentor" => "P013" at line 24, exit 1;
    p014_length_unreachable: "P014-sessions-do-not-fit-in-time.mentor" => "P014" at line 4, exit 1;
    p015_missing_program: "P015-program-without-phases.mentor" => "P015" at line 2, exit 1;
    p016_import_not_found: "P016-import-not-found.mentor" => "P016" at line 2, exit 1;
    p017_import_cycle: "P017-libraries-import-each-other.mentor" => "P017" at line 2 in "imports/cycle-b.mentor", exit 1;
    p018_import_not_library: "P018-import-of-a-program.mentor" => "P018" at line 2, exit 1;
    p019_progression_lens_not_allowed: "P019-progression-uses-forbidden-lens.mentor" => "P019" at line 23, exit 1;
    p020_unused_competency: "P020-competency-without-milestone.mentor" => "P020" at line 6, exit 0;
    p021_invalid_date: "P021-february-30.mentor" => "P021" at line 22, exit 1;
    p022_conflicting_track_change: "P022-track-drops-and-replaces-a-milestone.mentor" => "P022" at line 28, exit 1;
    p023_commitment_below_sessions: "P023-commitment-below-weekly-sessions.mentor" => "P023" at line 6, exit 0;
    p024_vague_milestone: "P024-milestone-without-evidence.mentor" => "P024" at line 21, exit 0;
    p025_number_too_large: "P025-deadline-20000-years-away.mentor" => "P025" at line 23, exit 1;
    p026_sessions_out_of_order: "P026-review-sessions-out-of-order.mentor" => "P026" at line 4, exit 0;
    p027_redundant_phase_rule: "P027-new-problems-restated.mentor" => "P027" at line 22, exit 0;
    p028_empty_label: "P028-agreement-field-without-label.mentor" => "P028" at line 7, exit 0;
    p029_matching_attribute_misused: "P029-above-on-a-category.mentor" => "P029" at line 28, exit 1;
    p030_requirement_unmeetable: "P030-gap-wider-than-the-range.mentor" => "P030" at line 28, exit 1;
    p031_preferences_weightless: "P031-all-weights-zero.mentor" => "P031" at line 29, exit 0;
}

/// Codes a `.mentor` file cannot trigger, and why.
const NOT_FROM_A_PROGRAM: &[(&str, &str)] =
    &[("F003", "only session logs are parsed as TOML/JSON")];

fn fixture_index(name: &str) -> usize {
    FIXTURES
        .iter()
        .position(|f| f.name == name)
        .expect("the fixture is in the table")
}

fn check_fixture(fixture: &Fixture) {
    let root = crate_root();
    let path = format!("{FIXTURE_DIR}/{}", fixture.name);
    let stem = fixture.name.trim_end_matches(".mentor");
    // F001 is about a file that does not exist; every other fixture must.
    assert_eq!(
        root.join(&path).is_file(),
        fixture.code != "F001",
        "{path}: only the F001 fixture is missing"
    );

    let human = run_in(root, &["check", "--color", "never", &path]);
    let (json, diagnostics) = check_json(root, &[&path]);

    for (format, output) in [("human", &human), ("json", &json)] {
        assert_eq!(
            output.status, fixture.status,
            "{path} ({format}): exit status\n{output:#?}"
        );
        assert_eq!(output.stderr, "", "{path} ({format}): nothing on stderr");
    }
    let first = diagnostics
        .first()
        .unwrap_or_else(|| panic!("{path}: expected {}, got no diagnostic", fixture.code));
    // Each fixture shows one mistake, so every diagnostic is about it.
    for d in &diagnostics {
        assert_eq!(d.code, fixture.code, "{path}: unexpected diagnostic {d:#?}");
    }
    let label_file = match fixture.label_file {
        Some(file) => format!("{FIXTURE_DIR}/{file}"),
        None => path.clone(),
    };
    assert_eq!(
        (first.file.as_str(), first.line),
        (label_file.as_str(), fixture.line),
        "{path}: where the primary label is"
    );
    assert_human_mentions(&human, fixture.code, &label_file, fixture.line);

    insta::assert_snapshot!(format!("{stem}.human"), human.stdout);
    insta::assert_snapshot!(format!("{stem}.json"), json.stdout);
}

/// The human report names the code and points at `file:line:`; a file that could not be read
/// has no text to point into, so its report names the file in the message instead.
fn assert_human_mentions(human: &Output, code: &str, file: &str, line: u64) {
    assert!(
        human.stdout.contains(code),
        "human output names {code}:\n{}",
        human.stdout
    );
    let place = if code == "F001" {
        format!("`{file}`")
    } else {
        format!("[{file}:{line}:")
    };
    assert!(
        human.stdout.contains(&place),
        "human output points at {place}:\n{}",
        human.stdout
    );
}

#[test]
fn every_code_a_program_can_trigger_has_a_fixture() {
    use mentor::rules::Stage;
    let missing: Vec<&str> = mentor::rules::all()
        // Log rules have their fixtures in `tests/validate`, the configuration's in
        // `tests/validate/exceptions.rs` and `tests/config`, the roster's in `tests/matching`
        // and `src/matching/roster.rs`.
        .filter(|rule| !matches!(rule.stage, Stage::Log | Stage::Config | Stage::Roster))
        .map(|rule| rule.code)
        .filter(|code| !NOT_FROM_A_PROGRAM.iter().any(|(c, _)| c == code))
        .filter(|code| !FIXTURES.iter().any(|f| f.code == *code))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

#[test]
fn every_fixture_file_is_in_the_table_and_named_by_its_code() {
    let dir = crate_root().join(FIXTURE_DIR);
    for entry in std::fs::read_dir(&dir).expect("read the fixture directory") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "mentor") {
            continue; // `imports/` holds the libraries the import fixtures import.
        }
        let name = file_name(&path);
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

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn p023_compares_the_commitment_with_the_sessions_the_cadence_plans() {
    let fixture = std::fs::read_to_string(
        crate_root()
            .join(FIXTURE_DIR)
            .join("P023-commitment-below-weekly-sessions.mentor"),
    )
    .expect("the P023 fixture");
    let scratch = crate::support::Scratch::new();
    // Every 2 weeks, 45 minutes: 45 × 30.44 / 14 ≈ 97.8 minutes a month, or 22.5 a week.
    let cases = [
        ("commitment 98 minutes per month", false),
        ("commitment 97 minutes per month", true),
        ("commitment 23 minutes per week", false),
        ("commitment 22 minutes per week", true),
        ("commitment 4 hours per month", false),
    ];
    for (commitment, warned) in cases {
        let text = fixture
            .replace("cadence every 1 week", "cadence every 2 weeks")
            .replace("gap at most 2 weeks", "gap at most 3 weeks")
            .replace("commitment 1 hour per month", commitment);
        scratch.write("p.mentor", &text);
        let (output, diagnostics) = scratch.check_json(&["p.mentor"]);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes.contains(&"P023"), warned, "{commitment}: {codes:?}");
        assert_eq!(output.status, 0, "a warning does not fail the check");
    }
    // Without a rhythm, the longest gap allowed is the sparsest plan: every 2 weeks at most.
    let text = fixture
        .replace(
            "cadence every 1 week, gap at most 2 weeks",
            "cadence gap at most 2 weeks",
        )
        .replace(
            "commitment 1 hour per month",
            "commitment 97 minutes per month",
        );
    scratch.write("p.mentor", &text);
    let (_, diagnostics) = scratch.check_json(&["p.mentor"]);
    let p023 = diagnostics.iter().find(|d| d.code == "P023").expect("P023");
    assert!(
        p023.message.starts_with(
            "sessions at most 2 weeks apart of at least 45 minutes take about 98 minutes per month"
        ),
        "{}",
        p023.message
    );
}

#[test]
fn p024_names_what_a_milestone_lacks_and_nothing_when_a_part_is_misspelled() {
    let fixture = std::fs::read_to_string(
        crate_root()
            .join(FIXTURE_DIR)
            .join("P024-milestone-without-evidence.mentor"),
    )
    .expect("the P024 fixture");
    let scratch = crate::support::Scratch::new();
    let cases = [
        (
            "        due by session 4\n",
            "",
            "has no deadline and asks for no evidence",
        ),
        (
            "        due by session 4\n",
            "        evidence lens decision-review\n",
            "has no deadline: no pair can be late with it",
        ),
    ];
    for (find, replace, message) in cases {
        scratch.write("p.mentor", fixture.replacen(find, replace, 1));
        let (_, diagnostics) = scratch.check_json(&["p.mentor"]);
        let p024: Vec<_> = diagnostics.iter().filter(|d| d.code == "P024").collect();
        assert_eq!(p024.len(), 1, "{diagnostics:#?}");
        assert!(p024[0].message.contains(message), "{}", p024[0].message);
    }
    // A misspelled evidence lens or an impossible date is its own mistake, not a vague milestone.
    let misspelled = fixture.replacen(
        "        due by session 4\n",
        "        due by date 2025-02-30\n        evidence lens decision-reveiw\n",
        1,
    );
    scratch.write("p.mentor", misspelled);
    let (_, diagnostics) = scratch.check_json(&["p.mentor"]);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"P002") && codes.contains(&"P021"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"P024"), "{codes:?}");
}
