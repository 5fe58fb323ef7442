//! Cut-off and garbled programs get diagnostics and exit 1 or 2, never a panic.

use crate::support::{Output, REFERENCE_PROGRAM, Scratch, reference_text};

fn assert_reported_without_panic(what: &str, output: &Output) {
    assert!(
        !output.stderr.contains("panicked"),
        "{what}: mentor panicked\n{}",
        output.stderr
    );
    assert!(
        output.status == 1 || output.status == 2,
        "{what}: exit status {} (expected 1 or 2)\n{output:#?}",
        output.status
    );
    assert!(
        !output.diagnostics().is_empty(),
        "{what}: a failing status comes with at least one diagnostic"
    );
}

#[test]
fn the_reference_program_cut_every_97_bytes() {
    let text = reference_text().into_bytes();
    let scratch = Scratch::new();
    // Cuts may fall inside a multi-byte character: those files are not UTF-8 (F002, exit 2).
    for cut in (0..text.len()).step_by(97) {
        scratch.write("cut.mentor", &text[..cut]);
        let (output, _) = scratch.check_json(&["cut.mentor"]);
        assert_reported_without_panic(&format!("cut at byte {cut}"), &output);
    }
}

#[test]
fn the_reference_program_cut_at_line_ends() {
    let text = reference_text();
    let ends: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
    let scratch = Scratch::new();
    // Every line end except the last: the whole file is clean.
    for &cut in ends.iter().take(ends.len().saturating_sub(1)).step_by(5) {
        scratch.write("cut.mentor", &text[..cut]);
        for format in ["json", "human", "short"] {
            let output = scratch.run(&[
                "check",
                "--color",
                "never",
                "--format",
                format,
                "cut.mentor",
            ]);
            if format == "json" {
                assert_reported_without_panic(&format!("cut at byte {cut}"), &output);
            } else {
                assert!(
                    !output.stderr.contains("panicked"),
                    "{format} at {cut}: {}",
                    output.stderr
                );
                assert!(
                    output.stdout.contains('['),
                    "{format} at {cut}: a diagnostic\n{}",
                    output.stdout
                );
            }
        }
    }
}

#[test]
fn garbage_gets_a_diagnostic() {
    let scratch = Scratch::new();
    let cases: &[(&str, &str)] = &[
        ("only a brace", "}"),
        ("unclosed block", "program demo \"Demo\" {"),
        ("unclosed string", "program demo \"Demo {\n}"),
        ("nested garbage", "program demo \"Demo\" { { { ] ] }"),
        ("text", "This is not a program.\nIt is prose."),
        ("byte order mark", "\u{FEFF}"),
        ("nul byte", "program\0demo"),
        (
            "huge number",
            "program demo \"Demo\" {\n    length 99999999999999999999 sessions\n}",
        ),
    ];
    for (what, text) in cases {
        scratch.write("garbage.mentor", text);
        let (output, _) = scratch.check_json(&["garbage.mentor"]);
        assert_reported_without_panic(what, &output);
    }
}

#[test]
fn windows_line_endings_check_the_same() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let crlf = reference_text().replace('\n', "\r\n");
    scratch.write(REFERENCE_PROGRAM, &crlf);
    let (output, diagnostics) = scratch.check_json(&[REFERENCE_PROGRAM]);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(output.status, 0);

    let mutated = crlf.replacen("sessions 3..5", "sessions 2..5", 1);
    let line = mutated
        .lines()
        .position(|l| l.contains("sessions 2..5"))
        .map(|i| i as u64 + 1);
    scratch.write(REFERENCE_PROGRAM, &mutated);
    let (_, diagnostics) = scratch.check_json(&[REFERENCE_PROGRAM]);
    let overlap = diagnostics.iter().find(|d| d.code == "P004").expect("P004");
    assert_eq!(Some(overlap.line), line);
}
