//! Exit statuses: 0 clean (warnings allowed), 1 problems found, 2 could not check.

use crate::support::{REFERENCE_PROGRAM, Scratch, check_json, crate_root, run_in};

const UNUSED_COMPETENCY: &str = "tests/fixtures/check/P020-competency-without-milestone.mentor";

#[test]
fn clean_program_exits_0() {
    let output = run_in(
        crate_root(),
        &["check", "--color", "never", REFERENCE_PROGRAM],
    );
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(output.stdout, "checked 1 file: no problems\n");
    assert_eq!(output.stderr, "");
}

#[test]
fn a_warning_alone_exits_0() {
    let (output, diagnostics) = check_json(crate_root(), &[UNUSED_COMPETENCY]);
    assert_eq!(output.status, 0);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, "warning");
}

#[test]
fn deny_warnings_turns_a_warning_into_exit_1() {
    let output = run_in(
        crate_root(),
        &[
            "check",
            "--color",
            "never",
            "--deny-warnings",
            UNUSED_COMPETENCY,
        ],
    );
    assert_eq!(output.status, 1, "{output:#?}");
    assert!(output.stdout.contains("P020"), "{}", output.stdout);
}

#[test]
fn deny_warnings_leaves_a_clean_program_at_0() {
    let output = run_in(
        crate_root(),
        &[
            "check",
            "--deny-warnings",
            "--format",
            "short",
            REFERENCE_PROGRAM,
        ],
    );
    assert_eq!(output.status, 0, "{output:#?}");
}

#[test]
fn an_error_exits_1() {
    let (output, _) = check_json(
        crate_root(),
        &["tests/fixtures/check/P004-phases-share-session-3.mentor"],
    );
    assert_eq!(output.status, 1);
}

#[test]
fn a_missing_file_exits_2_with_f001() {
    let scratch = Scratch::new();
    let (output, diagnostics) = scratch.check_json(&["no-such-program.mentor"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "F001");
    assert_eq!(diagnostics[0].file, "no-such-program.mentor");
    assert!(diagnostics[0].message.contains("no-such-program.mentor"));
}

/// A directory is searched like a log directory: a link to nothing named `*.mentor` is
/// reported, not skipped, and a link back to the directory does not loop.
#[cfg(unix)]
#[test]
fn a_program_directory_reports_dangling_links_and_survives_loops() {
    let scratch = Scratch::new();
    scratch.write(
        "programs/ok.mentor",
        std::fs::read_to_string(crate_root().join(REFERENCE_PROGRAM)).expect("read"),
    );
    std::os::unix::fs::symlink(
        crate_root().join("programs/lib"),
        scratch.path().join("programs/lib"),
    )
    .expect("a symlink");
    std::os::unix::fs::symlink(
        "gone.mentor",
        scratch.path().join("programs/dangling.mentor"),
    )
    .expect("a symlink");
    std::os::unix::fs::symlink(".", scratch.path().join("programs/loop")).expect("a symlink");
    let (output, diagnostics) = scratch.check_json(&["programs"]);
    assert_eq!(output.status, 2, "{output:#?}");
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str()))
        .collect();
    assert_eq!(found, [("F001", "programs/dangling.mentor")]);
}

#[test]
fn a_file_that_cannot_be_read_wins_over_errors_in_other_files() {
    // One unreadable file makes the run "could not check", whatever else was found.
    let (output, diagnostics) = check_json(
        crate_root(),
        &[
            "tests/fixtures/check/P004-phases-share-session-3.mentor",
            "tests/fixtures/check/F001-no-such-file.mentor",
        ],
    );
    assert_eq!(output.status, 2);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"P004") && codes.contains(&"F001"),
        "{codes:?}"
    );
}

#[test]
fn an_empty_file_is_p015_and_exits_1() {
    for (name, text) in [("empty.mentor", ""), ("blank.mentor", "  \n\n\t\n")] {
        let scratch = Scratch::new();
        scratch.write(name, text);
        let (output, diagnostics) = scratch.check_json(&[name]);
        assert_eq!(output.status, 1, "{name}: {output:#?}");
        assert_eq!(diagnostics.len(), 1, "{name}: {diagnostics:#?}");
        assert_eq!(diagnostics[0].code, "P015");
        assert_eq!((diagnostics[0].line, diagnostics[0].column), (1, 1));
        assert_eq!(diagnostics[0].message, format!("`{name}` is empty"));
    }
}

#[test]
fn a_comment_only_file_is_p015() {
    let scratch = Scratch::new();
    scratch.write("notes.mentor", "// nothing here yet\n");
    let (output, diagnostics) = scratch.check_json(&["notes.mentor"]);
    assert_eq!(output.status, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, "P015");
}

#[test]
fn a_binary_file_is_f002_and_exits_2() {
    let scratch = Scratch::new();
    // The start of a PNG file: byte 0x89 is not UTF-8.
    scratch.write("logo.mentor", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let (output, diagnostics) = scratch.check_json(&["logo.mentor"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, "F002");
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (1, 1));
    assert!(
        diagnostics[0].message.contains("0x89"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn utf16_text_is_f002() {
    let scratch = Scratch::new();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "program demo \"Demo\" {}".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    scratch.write("utf16.mentor", bytes);
    let (output, diagnostics) = scratch.check_json(&["utf16.mentor"]);
    assert_eq!(output.status, 2);
    assert_eq!(diagnostics[0].code, "F002");
}

#[test]
fn a_directory_without_programs_exits_2() {
    let scratch = Scratch::new();
    scratch.write("empty-dir/readme.txt", "not a program");
    let (output, diagnostics) = scratch.check_json(&["empty-dir"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(diagnostics[0].code, "F001");
}

#[test]
fn usage_errors_exit_2() {
    let output = run_in(crate_root(), &["check"]);
    assert_eq!(output.status, 2, "{output:#?}");
    let output = run_in(
        crate_root(),
        &["check", "--format", "xml", REFERENCE_PROGRAM],
    );
    assert_eq!(output.status, 2, "{output:#?}");
}

#[test]
fn severity_lines_raise_and_silence_rules() {
    // The P020 fixture, with its warning raised to an error and phase overlaps turned off.
    let fixture = std::fs::read_to_string(crate_root().join(UNUSED_COMPETENCY)).expect("fixture");
    let text = fixture
        .replacen(
            "    length 4 sessions within 8 weeks\n",
            "    length 4 sessions within 8 weeks\n    severity unused-competency error\n    severity P004 off\n",
            1,
        )
        .replacen("sessions 1..2 {", "sessions 1..3 {", 1);
    let scratch = Scratch::new();
    scratch.write("demo.mentor", text);
    let (output, diagnostics) = scratch.check_json(&["demo.mentor"]);
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.severity.as_str()))
        .collect();
    assert_eq!(found, [("P020", "error")]);
    assert_eq!(output.status, 1);
}

#[test]
fn syntax_and_file_rules_cannot_be_relaxed() {
    let scratch = Scratch::new();
    scratch.write(
        "demo.mentor",
        "program demo \"Demo\" {\n    severity S001 off\n    phase only \"Only\" sessions 1..1 {\n        lenses none\n    }\n}\n",
    );
    let (output, diagnostics) = scratch.check_json(&["demo.mentor"]);
    assert_eq!(output.status, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].line, 2);
    assert!(
        diagnostics[0].message.contains("cannot be changed"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn a_program_on_standard_input() {
    let programs = crate_root().join("programs");
    let text = std::fs::read(programs.join("senior-ic.mentor")).expect("the reference program");
    // Imports are relative to the working directory.
    let output = crate::support::run_in_with_stdin(&programs, &["check", "-"], &text);
    assert_eq!(output.status, 0, "{output:#?}");
    let broken = b"program x \"X\" {\n    lenght 3 sessions\n    phase a \"A\" sessions 1..2 { lenses any }\n}\n";
    let output =
        crate::support::run_in_with_stdin(&programs, &["check", "--format", "short", "-"], broken);
    assert_eq!(output.status, 1);
    assert!(
        output.stdout.starts_with("<stdin>:2:5: error[S002]"),
        "{}",
        output.stdout
    );
}

#[test]
fn no_output_replaces_a_file_the_run_read() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let log = std::fs::read(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
        .expect("the example log");
    scratch.write("pair-017.toml", &log);
    let program = std::fs::read(crate_root().join(REFERENCE_PROGRAM)).expect("the program");
    let library =
        std::fs::read(crate_root().join("programs/lib/lenses.mentor")).expect("the library");
    for args in [
        &["playbook", REFERENCE_PROGRAM, "-o", REFERENCE_PROGRAM][..],
        &[
            "playbook",
            REFERENCE_PROGRAM,
            "-o",
            "programs/lib/lenses.mentor",
        ][..],
        &[
            "report",
            "-p",
            REFERENCE_PROGRAM,
            "pair-017.toml",
            "-o",
            "./pair-017.toml",
        ][..],
        &[
            "validate",
            "-p",
            REFERENCE_PROGRAM,
            "pair-017.toml",
            "--output",
            "json=pair-017.toml",
        ][..],
        &[
            "check",
            REFERENCE_PROGRAM,
            "--output",
            &format!("sarif={REFERENCE_PROGRAM}"),
        ][..],
    ] {
        let output = scratch.run(args);
        assert_eq!(output.status, 2, "{args:?}\n{output:#?}");
        assert!(
            output
                .stderr
                .contains("it is one of the files this run read"),
            "{args:?}: {}",
            output.stderr
        );
    }
    let read = |path: &str| std::fs::read(scratch.path().join(path)).expect("still there");
    assert_eq!(read("pair-017.toml"), log);
    assert_eq!(read(REFERENCE_PROGRAM), program);
    assert_eq!(read("programs/lib/lenses.mentor"), library);
}

#[test]
fn a_day_not_written_as_yyyy_mm_dd_is_told_how_to_write_it() {
    let playbook = run_in(
        crate_root(),
        &[
            "playbook",
            "programs/senior-ic.mentor",
            "--start",
            "2025-13-01",
        ],
    );
    assert_eq!(playbook.status, 2);
    assert!(
        playbook.stderr.starts_with(
            "error: invalid value '2025-13-01' for '--start <DATE>': `2025-13-01` is not a day of the calendar (write it as YYYY-MM-DD, e.g. 2025-06-30)"
        ),
        "{}",
        playbook.stderr
    );
    let validate = run_in(
        crate_root(),
        &[
            "validate",
            "-p",
            "programs",
            "programs/logs",
            "--as-of",
            "tomorrow",
        ],
    );
    assert_eq!(validate.status, 2);
    assert!(
        validate
            .stderr
            .contains("'--as-of <DATE>': write the day as YYYY-MM-DD, e.g. 2025-06-30"),
        "{}",
        validate.stderr
    );
}
