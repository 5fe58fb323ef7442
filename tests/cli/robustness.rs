//! Cut-off and garbled programs get diagnostics and exit 1 or 2, never a panic.

use crate::support::{Output, REFERENCE_PROGRAM, Scratch, reference_text, run_hostile, truncated};

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

/// Every format for `check`, the human one with colour on as well.
const CHECK_FORMATS: &[&str] = &["human", "short", "json", "sarif", "github", "junit"];

fn check_hostile(scratch: &Scratch, what: &str, file: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for format in CHECK_FORMATS {
        let output = run_hostile(
            scratch,
            &format!("{what} as {format}"),
            &["check", "--color", "always", "--format", format, file],
        );
        if *format == "json" {
            codes = output.diagnostics().into_iter().map(|d| d.code).collect();
        }
    }
    assert!(!codes.is_empty(), "{what}: a diagnostic");
    codes
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    let scratch = Scratch::new();
    let depth = 100_000;
    let cases = [
        (
            "balanced braces in a program",
            format!(
                "program demo \"Demo\" {{\n{}{}\n}}\n",
                "{".repeat(depth),
                "}".repeat(depth)
            ),
        ),
        ("only opening braces", "{".repeat(depth)),
        (
            "brackets",
            format!("program demo \"Demo\" {{\n{}\n}}\n", "[".repeat(depth)),
        ),
        (
            "nested phases",
            format!(
                "program demo \"Demo\" {{\n{}{}}}\n",
                "phase a \"A\" {\n".repeat(depth / 10),
                "}\n".repeat(depth / 10)
            ),
        ),
    ];
    for (what, text) in cases {
        scratch.write("deep.mentor", &text);
        let codes = check_hostile(&scratch, what, "deep.mentor");
        assert!(
            codes.iter().all(|c| c.starts_with('S')),
            "{what}: {codes:?}"
        );
    }
}

#[test]
fn nesting_past_the_limit_is_reported_where_it_starts() {
    let scratch = Scratch::new();
    // 63 levels inside the program block: a bad item, read like any other.
    let at_limit = format!(
        "program demo \"Demo\" {{\n    x {}{}\n}}\n",
        "{".repeat(63),
        "}".repeat(63)
    );
    scratch.write("limit.mentor", &at_limit);
    let (output, diagnostics) = scratch.check_json(&["limit.mentor"]);
    assert_eq!(output.status, 1);
    assert!(diagnostics.iter().all(|d| !d.message.contains("nested")));

    // Inside a bad item `//` is text, not a comment, so braces after it nest too.
    let hidden = format!(
        "program demo \"Demo\" {{\n    x {{\n{}}}\n",
        "// {\n".repeat(100)
    );
    scratch.write("hidden.mentor", &hidden);
    let (output, diagnostics) = scratch.check_json(&["hidden.mentor"]);
    assert_eq!(output.status, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let deep = &diagnostics[0];
    assert_eq!(deep.code, "S001");
    assert!(
        deep.message
            .contains("nested too deeply to read: more than 64 levels"),
        "{}",
        deep.message
    );
    // The program's `{` is level 1 and the item's level 2, so line 65 opens level 65.
    assert_eq!((deep.line, deep.column), (65, 4));
}

#[test]
fn megabytes_on_one_line_are_not_echoed() {
    let scratch = Scratch::new();
    // A 1 MB item, and a 1 MB program name: each snippet shows a window around its label.
    // (Logs are tried with 30 MB strings; parsing a program is slower in a debug build.)
    let long = "x".repeat(1_000_000);
    scratch.write(
        "long-item.mentor",
        format!("program demo \"Demo\" {{\n    {long}\n}}\n"),
    );
    scratch.write(
        "long-name.mentor",
        format!("program demo \"{long}\" {{\n    lenght 3 sessions\n}}\n"),
    );
    for file in ["long-item.mentor", "long-name.mentor"] {
        let codes = check_hostile(&scratch, file, file);
        assert!(codes.contains(&"S002".to_owned()), "{file}: {codes:?}");
    }
}

#[test]
fn at_most_two_hundred_diagnostics_are_shown_per_file_and_all_are_counted() {
    let scratch = Scratch::new();
    let lines = 3_000;
    scratch.write(
        "garbage.mentor",
        format!(
            "program demo \"Demo\" {{\n{}}}\n",
            "bogus item here\n".repeat(lines)
        ),
    );
    let output = run_hostile(
        &scratch,
        "many bad lines",
        &["check", "--format", "json", "garbage.mentor"],
    );
    assert_eq!(output.status, 1);
    let json = output.json();
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(200));
    assert_eq!(json["summary"]["errors"], lines);
    assert_eq!(json["summary"]["not_shown"], lines - 200);
    // The first ones by position are kept.
    assert_eq!(json["diagnostics"][0]["line"], 2);
    let short = scratch.run(&["check", "--format", "short", "garbage.mentor"]);
    assert_eq!(short.stdout.lines().count(), 201);
    assert!(
        short.stdout.ends_with(
            "checked 1 file: 3000 errors (2800 not shown: at most 200 per log or file)\n"
        ),
        "{}",
        truncated(&short.stdout)
    );
}

/// The reference program as saved on Windows, or by an editor that indents with tabs, or
/// with a byte order mark: all check clean, with its library saved the same way.
#[test]
fn bom_crlf_and_tab_copies_of_the_reference_program_check_clean() {
    let tabs = |text: &str| -> String {
        text.lines()
            .map(|line| {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                format!(
                    "{}{}\n",
                    "\t".repeat(spaces / 4),
                    &line[spaces - spaces % 4..]
                )
            })
            .collect()
    };
    let bom = |text: &str| format!("\u{FEFF}{text}");
    let crlf = |text: &str| text.replace('\n', "\r\n");
    type Change<'a> = &'a dyn Fn(&str) -> String;
    let variants: [(&str, Change<'_>); 4] = [
        ("BOM", &bom),
        ("CRLF", &crlf),
        ("tabs", &tabs),
        ("BOM, CRLF and tabs", &|t: &str| bom(&crlf(&tabs(t)))),
    ];
    let library =
        std::fs::read_to_string(crate::support::crate_root().join("programs/lib/lenses.mentor"))
            .expect("read the library");
    for (what, change) in variants {
        let scratch = Scratch::new();
        scratch.copy_programs();
        let program = change(&reference_text());
        assert_ne!(program, reference_text(), "{what} changes the text");
        scratch.write(REFERENCE_PROGRAM, &program);
        scratch.write("programs/lib/lenses.mentor", change(&library));
        let (output, diagnostics) = scratch.check_json(&[REFERENCE_PROGRAM]);
        assert_eq!(diagnostics, vec![], "{what}");
        assert_eq!(output.status, 0, "{what}");
        let (output, diagnostics) = scratch.check_json(&["programs/lib/lenses.mentor"]);
        assert_eq!((output.status, diagnostics), (0, vec![]), "{what}: library");
    }
}

#[test]
fn invalid_utf8_in_a_program_is_f002_with_the_byte_offset() {
    let scratch = Scratch::new();
    let mut bytes = reference_text().into_bytes();
    let offset = 1234;
    bytes[offset] = 0xFF;
    scratch.write("binary.mentor", &bytes);
    let output = run_hostile(
        &scratch,
        "a 0xFF byte",
        &["check", "--format", "json", "binary.mentor"],
    );
    assert_eq!(output.status, 2);
    let diagnostics = output.diagnostics();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, "F002");
    assert!(
        diagnostics[0]
            .message
            .contains(&format!("byte 0xFF at offset {offset}")),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn nul_bytes_and_numbers_past_any_integer_in_a_program() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let text = reference_text();
    let cases = [
        (
            "a NUL between items",
            text.replacen("\n    length", "\n\0    length", 1),
        ),
        (
            "a session number past u64",
            text.replacen("sessions 3..5", "sessions 3..99999999999999999999999", 1),
        ),
        (
            "a week past u32",
            text.replacen("within 12 weeks", "within 4294967296 weeks", 1),
        ),
        (
            "a negative length",
            text.replacen("length 5", "length -5", 1),
        ),
    ];
    for (what, changed) in cases {
        assert_ne!(changed, text, "{what}: the replacement applies");
        scratch.write(REFERENCE_PROGRAM, &changed);
        check_hostile(&scratch, what, REFERENCE_PROGRAM);
    }
    // Inside a string a NUL is a character like any other.
    let nul = text.replacen("audience \"Senior", "audience \"Sen\0ior", 1);
    scratch.write(REFERENCE_PROGRAM, &nul);
    let (output, diagnostics) = scratch.check_json(&[REFERENCE_PROGRAM]);
    assert_eq!((output.status, diagnostics), (0, vec![]));
}

/// Every input a fuzz target found a crash or a hang with (`tests/fixtures/fuzz/`, named by
/// target): each is now a diagnostic, quickly.
#[test]
fn inputs_the_fuzzers_found_are_diagnostics() {
    let dir = crate::support::crate_root().join("tests/fixtures/fuzz");
    let scratch = Scratch::new();
    scratch.copy_programs();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name");
        // Programs are checked from programs/, where their imports resolve.
        let target = format!("programs/{name}");
        scratch.write(&target, std::fs::read(&path).expect("read"));
        check_hostile(&scratch, name, &target);
    }
}

#[test]
fn a_letter_an_id_cannot_hold_is_named_where_it_is() {
    let scratch = Scratch::new();
    let cases = [
        // Where an id is declared, and where one is referred to.
        (
            "competency práctica \"Práctica\"",
            "competency práctica",
            2,
            18,
            "á",
        ),
        (
            "competency judgment \"Judgment\"",
            "competency judgmént",
            5,
            25,
            "é",
        ),
    ];
    for (declaration, reference, line, column, letter) in cases {
        let text = format!(
            "program demo \"Demo\" {{\n    {declaration}\n    phase all \"All\" sessions 1..3 {{ lenses any }}\n    milestone m \"M\" {{\n        {reference}\n        due by session 2\n        evidence review\n    }}\n}}\n"
        );
        scratch.write("ids.mentor", &text);
        let (output, diagnostics) = scratch.check_json(&["ids.mentor"]);
        assert_eq!(output.status, 1);
        let found = diagnostics
            .iter()
            .find(|d| d.message.contains("cannot be part of an id"))
            .unwrap_or_else(|| panic!("{declaration}: {diagnostics:#?}"));
        assert_eq!(found.code, "S001");
        // Where the misspelt id is referred to as well, that is the same mistake again: no
        // knock-on "unknown" diagnostic for a shortened id.
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.iter().all(|c| *c == "S001"), "{diagnostics:#?}");
        assert!(
            found.message.starts_with(&format!("`{letter}`")),
            "{}",
            found.message
        );
        assert_eq!((found.line, found.column), (line, column), "{declaration}");
    }
}

#[test]
fn syntax_errors_name_the_mistake_in_the_designers_words() {
    let scratch = Scratch::new();
    // (the line that replaces `lenses any` in a small program, the message, the help)
    let cases = [
        (
            "lenses nune",
            "expected `any`, `at least`, `at most`, `exactly` or `none`, found `nune`",
            Some("did you mean `none`?"),
        ),
        (
            "lenses exactly 1 of",
            "expected the lens ids after `of`, found the end of the line",
            None,
        ),
        (
            "lenses exactly 1 of\n        new-problems forbidden",
            "expected the lens ids after `of`, found the end of the line",
            None,
        ),
        (
            "lenses any of",
            "expected the lens ids after `of`, found the end of the line",
            None,
        ),
    ];
    for (line, message, help) in cases {
        let text = format!(
            "program demo \"Demo\" {{\n    phase all \"All\" sessions 1..3 {{\n        {line}\n    }}\n}}\n"
        );
        scratch.write("p.mentor", &text);
        let (output, diagnostics) = scratch.check_json(&["p.mentor"]);
        assert_eq!(output.status, 1);
        assert_eq!(diagnostics.len(), 1, "{line}: {diagnostics:#?}");
        assert_eq!(diagnostics[0].code, "S001", "{line}");
        assert_eq!(diagnostics[0].message, message, "{line}");
        assert_eq!(diagnostics[0].line, 3, "{line}");
        if let Some(help) = help {
            assert_eq!(diagnostics[0].help.as_deref(), Some(help), "{line}");
        }
    }
    // A list may still run over lines.
    scratch.write(
        "p.mentor",
        "program demo \"Demo\" {\n    lens a \"A\" { section \"S\" { field f \"F\" } }\n    lens b \"B\" { section \"S\" { field f \"F\" } }\n    phase all \"All\" sessions 1..3 {\n        lenses exactly 1 of\n            a,\n            b\n        new-problems forbidden\n    }\n}\n",
    );
    let (_, diagnostics) = scratch.check_json(&["p.mentor"]);
    assert!(
        diagnostics.iter().all(|d| !d.code.starts_with('S')),
        "{diagnostics:#?}"
    );

    // A missing comma between the parts of a line.
    for (line, word, column) in [
        ("cadence every 2 weeks gap at most 4 weeks", "gap", 27),
        ("session at least 45 minutes at most 90 minutes", "at", 33),
        ("severity L016 warn", "", 0),
    ] {
        let text = format!(
            "program demo \"Demo\" {{\n    {line}\n    phase all \"All\" sessions 1..3 {{ lenses any }}\n}}\n"
        );
        scratch.write("p.mentor", &text);
        let (_, diagnostics) = scratch.check_json(&["p.mentor"]);
        assert_eq!(diagnostics.len(), 1, "{line}: {diagnostics:#?}");
        let found = &diagnostics[0];
        if word.is_empty() {
            assert_eq!(
                found.message,
                "expected `advice`, `error`, `off` or `warning`, found `warn`"
            );
            assert_eq!(found.help.as_deref(), Some("did you mean `warning`?"));
        } else {
            assert!(
                found
                    .message
                    .starts_with(&format!("expected `,` before `{word}`")),
                "{}",
                found.message
            );
            assert_eq!((found.line, found.column), (2, column), "{line}");
        }
    }
}

#[test]
fn one_mistake_in_a_program_is_one_diagnostic() {
    let scratch = Scratch::new();
    let cases = [
        // An empty range is not also a phase that starts late.
        (
            "    phase a \"A\" sessions 0..2 { lenses any }\n    phase b \"B\" sessions 3..5 { lenses any }\n",
            "P007",
            "phase `a` starts at session 0",
        ),
        (
            "    outcome answer \"An answer\"\n    outcome answer \"Another\"\n    phase a \"A\" sessions 1..2 { lenses any }\n",
            "P001",
            "`answer` is already an outcome",
        ),
    ];
    for (items, code, message) in cases {
        scratch.write("p.mentor", format!("program demo \"Demo\" {{\n{items}}}\n"));
        let (_, diagnostics) = scratch.check_json(&["p.mentor"]);
        let found: Vec<(&str, &str)> = diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(found, [(code, message)], "{items}");
    }
}

#[test]
fn a_lens_rule_that_allows_nothing_or_lists_an_id_twice() {
    let scratch = Scratch::new();
    let lenses = "    lens a \"A\" { section \"S\" { field f \"F\" } }\n    lens b \"B\" { section \"S\" { field f \"F\" } }\n";
    for (rule, code, message, column) in [
        (
            "lenses exactly 0 of a, b",
            "P007",
            "phase `x` asks for exactly 0 of its lenses: no session may use one",
            33,
        ),
        (
            "lenses exactly 2 of a, a, b",
            "P003",
            "`a` is listed twice",
            56,
        ),
    ] {
        scratch.write(
            "p.mentor",
            format!("program demo \"Demo\" {{\n{lenses}    phase x \"X\" sessions 1..2 {{ {rule} }}\n    phase y \"Y\" sessions 3..4 {{ lenses any of a, b }}\n}}\n"),
        );
        let (_, diagnostics) = scratch.check_json(&["p.mentor"]);
        let found: Vec<(&str, &str, u64, u64)> = diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.message.as_str(), d.line, d.column))
            .collect();
        assert_eq!(found, [(code, message, 4, column)], "{rule}");
    }
}

#[test]
fn a_lens_may_be_named_like_a_phase_item() {
    let scratch = Scratch::new();
    scratch.write(
        "p.mentor",
        "program demo \"Demo\" {\n    lens note \"N\" { section \"S\" { field f \"F\" } }\n    lens goal \"G\" { section \"S\" { field f \"F\" } }\n    phase x \"X\" sessions 1..2 {\n        lenses any of note,\n            goal\n        new-problems forbidden\n    }\n}\n",
    );
    let (output, diagnostics) = scratch.check_json(&["p.mentor"]);
    assert_eq!(output.status, 0, "{diagnostics:#?}");
}

#[test]
fn an_unfinished_review_lens_is_reported_on_its_line() {
    let scratch = Scratch::new();
    scratch.write(
        "p.mentor",
        "program demo \"Demo\" {\n    review every 4 sessions with lens\n    outcome win \"A win\"\n    phase x \"X\" sessions 1..4 { lenses any }\n}\n",
    );
    let (_, diagnostics) = scratch.check_json(&["p.mentor"]);
    let found: Vec<(&str, &str, u64)> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.message.as_str(), d.line))
        .collect();
    assert_eq!(
        found,
        [("S001", "expected an id, found the end of the line", 2)]
    );
}
