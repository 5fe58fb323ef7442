//! Versions side by side (issue 16): `--program` holding several versions of one program, each
//! log checked against the version it names.

use crate::support::{Scratch, reference_text, validate_json};

/// The reference program as version 2026.1, with a shorter longest gap (3 weeks, not 4).
fn version_2026() -> String {
    reference_text()
        .replace("version \"2025.1\"", "version \"2026.1\"")
        .replace("gap at most 4 weeks", "gap at most 3 weeks")
}

/// `pair-017` of the examples with its last gap widened to 23 days: within 2025.1's four
/// weeks, beyond 2026.1's three.
fn log_on(version: &str, pair: &str) -> String {
    std::fs::read_to_string(
        crate::support::crate_root().join("programs/logs/senior-ic/pair-017.toml"),
    )
    .expect("read the example log")
    .replace(
        "version  = \"2025.1\"",
        &format!("version  = \"{version}\""),
    )
    .replace("pair     = \"pair-017\"", &format!("pair     = \"{pair}\""))
    .replace("date        = 2025-03-03", "date        = 2025-03-12")
}

fn scratch_with_two_versions() -> Scratch {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write("programs/senior-ic-2026.1.mentor", version_2026());
    scratch.write("logs/old.toml", log_on("2025.1", "pair-old"));
    scratch.write("logs/new.toml", log_on("2026.1", "pair-new"));
    scratch
}

#[test]
fn each_log_is_checked_against_the_version_it_names() {
    let scratch = scratch_with_two_versions();
    let (output, findings) = validate_json(
        scratch.path(),
        &["--program", "programs", "logs", "--as-of", "2025-03-14"],
    );
    let found: Vec<(&str, &str, u64)> = findings
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.line))
        .collect();
    // Only the pair on 2026.1 is held to three weeks; the pair on 2025.1 keeps its four.
    assert_eq!(found, [("L014", "logs/new.toml", 57)], "{}", output.stderr);
    assert!(
        findings[0].message.contains("at most 21 days"),
        "{}",
        findings[0].message
    );
    assert_eq!(output.status, 1);
}

#[test]
fn a_log_naming_a_version_not_given_is_checked_against_the_newest_with_a_warning() {
    let scratch = scratch_with_two_versions();
    scratch.write("logs/older.toml", log_on("2024.2", "pair-older"));
    let (_, findings) = validate_json(
        scratch.path(),
        &[
            "--program",
            "programs",
            "logs/older.toml",
            "--as-of",
            "2025-03-14",
        ],
    );
    let found: Vec<(&str, u64)> = findings.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(found, [("L006", 4), ("L014", 57)]);
    assert_eq!(
        findings[0].message,
        "the log was started on version `2024.2` of `senior-ic`; the program is now version `2026.1`"
    );
}

#[test]
fn the_same_id_and_version_twice_is_an_error() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    // A copy of the reference program beside it: the same id, the same version.
    scratch.write("programs/copy.mentor", reference_text());
    scratch.write("logs/old.toml", log_on("2025.1", "pair-old"));
    let (output, findings) = validate_json(
        scratch.path(),
        &["--program", "programs", "logs", "--as-of", "2025-03-14"],
    );
    let p001: Vec<(&str, &str)> = findings
        .iter()
        .filter(|d| d.code == "P001")
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        p001,
        [(
            "programs/senior-ic.mentor",
            "two programs are `senior-ic` version `2025.1`"
        )]
    );
    // The logs are not judged against an ambiguous program.
    assert_eq!(output.status, 2);
}

#[test]
fn the_report_counts_each_version_on_its_own() {
    let scratch = scratch_with_two_versions();
    let output = scratch.run(&[
        "report",
        "--program",
        "programs",
        "logs",
        "--as-of",
        "2025-03-14",
        "--format",
        "json",
        "--min-group",
        "1",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let report = output.json();
    let programs: Vec<(String, String, u64)> = report["programs"]
        .as_array()
        .expect("programs")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or_default().to_owned(),
                p["version"].as_str().unwrap_or_default().to_owned(),
                p["cohort"]["pairs"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        programs,
        [
            ("senior-ic".to_owned(), "2026.1".to_owned(), 1),
            ("senior-ic".to_owned(), "2025.1".to_owned(), 1),
        ]
    );
}

#[test]
fn mentor_check_reports_the_same_edition_twice_and_accepts_two_versions() {
    let scratch = scratch_with_two_versions();
    let (output, findings) = scratch.check_json(&["programs"]);
    assert_eq!(
        output.status, 0,
        "two versions side by side: {}",
        output.stderr
    );
    assert!(findings.is_empty(), "{findings:?}");
    scratch.write("programs/copy.mentor", reference_text());
    let (output, findings) = scratch.check_json(&["programs"]);
    assert_eq!(output.status, 1);
    let codes: Vec<(&str, &str)> = findings
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str()))
        .collect();
    assert_eq!(codes, [("P001", "programs/senior-ic.mentor")]);
}

#[test]
fn a_log_naming_a_version_newer_than_any_given_says_so() {
    let scratch = scratch_with_two_versions();
    scratch.write("logs/newer.toml", log_on("2030.1", "pair-newer"));
    let (_, findings) = validate_json(
        scratch.path(),
        &[
            "--program",
            "programs",
            "logs/newer.toml",
            "--as-of",
            "2025-03-14",
        ],
    );
    assert_eq!(
        findings[0].message,
        "the log names version `2030.1` of `senior-ic`, newer than the newest given, version `2026.1`"
    );
}
