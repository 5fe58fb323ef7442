//! No control character from input reaches a terminal or a CI log raw: not from a program's
//! strings or comments, a log's keys or values, a pair id, nor a file name.

use crate::support::{Output, Scratch, crate_root};

/// What an attacker would put in a name or a text: a colour, a screen clear, a window title
/// (OSC), a bell, a backspace, a lone carriage return, a C1 CSI and a bidi override.
const HOSTILE: &str = "\u{1b}[31mRED\u{1b}[2J\u{1b}]0;TITLE\u{7}\u{8}\rOVER\u{9b}1m\u{202e}txt";

/// The same, as a TOML or JSON string escape writes it (logs cannot hold raw controls).
const HOSTILE_ESCAPED: &str =
    "\\u001b[31mRED\\u001b[2J\\u001b]0;TITLE\\u0007\\u0008\\rOVER\\u009b1m\\u202etxt";

const TEXT_FORMATS: &[&str] = &["human", "short", "github", "junit"];

/// A program file named with controls and a line break that would start a workflow command,
/// holding the hostile text in a comment, a string and a bad item.
fn hostile_program(scratch: &Scratch) -> String {
    let program = std::fs::read_to_string(crate_root().join("programs/senior-ic.mentor"))
        .expect("the reference program");
    let program = program
        .replacen(
            "    version \"2025.1\"",
            &format!("    // {HOSTILE}\n    bogus{HOSTILE} thing\n    version \"2025.1\""),
            1,
        )
        .replacen(
            "audience \"Senior individual contributors\"",
            // A program string cannot hold a line end, CR included.
            &format!("audience \"Senior {}\"", HOSTILE.replace('\r', "")),
            1,
        );
    let name = "evil\u{1b}[2J\n::error file=x::pwned.mentor";
    scratch.write(name, program);
    std::fs::create_dir_all(scratch.path().join("lib")).expect("lib");
    std::fs::copy(
        crate_root().join("programs/lib/lenses.mentor"),
        scratch.path().join("lib/lenses.mentor"),
    )
    .expect("copy the library");
    name.to_owned()
}

/// A log named with controls, holding them (escaped) in its pair id, a key and values.
fn hostile_log(scratch: &Scratch) -> String {
    let log = std::fs::read_to_string(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
        .expect("the example log");
    let log = log
        .replacen(
            "pair     = \"pair-017\"",
            &format!(
                "pair     = \"pair{HOSTILE_ESCAPED}\"\n\"key{HOSTILE_ESCAPED}\" = 1\ntrack = \"t{HOSTILE_ESCAPED}\""
            ),
            1,
        )
        .replacen(
            "outcome  = \"assumption\"",
            &format!("outcome  = \"a{HOSTILE_ESCAPED}\""),
            1,
        );
    let name = "log\u{1b}]0;TITLE\u{7}\n::warning::y.toml";
    scratch.write(name, log);
    name.to_owned()
}

/// Whether `text` holds a control character that did not come from `mentor` itself: with
/// colour, miette's own SGR sequences (`ESC [ … m`) are allowed and nothing else.
fn raw_control(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| {
        (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)
    }) {
        let tail = &rest[at..];
        // An SGR sequence of digits and `;` ending in `m`, not followed by input text.
        if let Some(after) = tail.strip_prefix("\u{1b}[") {
            let len = after
                .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .unwrap_or(after.len());
            if after[len..].starts_with('m') && !after[len + 1..].starts_with("RED") {
                rest = &after[len + 1..];
                continue;
            }
        }
        return Some(tail.chars().take(24).collect());
    }
    None
}

fn assert_no_raw_controls(output: &Output, what: &str) {
    for (stream, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        if let Some(found) = raw_control(text) {
            panic!("{what}: a raw control on {stream} at {found:?}:\n{text}");
        }
        // A line break in a file name must not start a workflow command of its own.
        for line in text.lines() {
            assert!(
                !line.starts_with("::error file=x::pwned") && !line.starts_with("::warning::y"),
                "{what}: {stream} has a line a CI runner reads as a command: {line}"
            );
        }
    }
}

#[test]
fn check_shows_controls_in_a_program_and_its_name_escaped_in_every_format() {
    let scratch = Scratch::new();
    let program = hostile_program(&scratch);
    for format in TEXT_FORMATS.iter().chain(&["json", "sarif"]) {
        for color in ["never", "always"] {
            let output = scratch.run(&["check", "--color", color, "--format", format, &program]);
            assert_eq!(output.status, 1, "{format}\n{output:#?}");
            assert_no_raw_controls(&output, &format!("check --format {format} --color {color}"));
        }
    }
    let human = scratch.run(&["check", "--color", "never", &program]);
    // Shown, escaped, where it was: the name, the comment and the bad item's line.
    assert!(
        human.stdout.contains("evil\\u{1b}[2J\\u{a}::error file=x::pwned.mentor:9:5]")
            && human.stdout.contains("// \\u{1b}[31mRED\\u{1b}[2J\\u{1b}]0;TITLE\\u{7}\\u{8}\\u{d}OVER\\u{9b}1m\\u{202e}txt"),
        "{}",
        human.stdout
    );
    // The label still sits under `bogus`, which follows the escaped comment line.
    let lines: Vec<&str> = human.stdout.lines().collect();
    let item = lines
        .iter()
        .position(|l| l.contains("│     bogus"))
        .expect("the bad item's line is shown");
    assert!(lines[item + 1].ends_with("·     ──┬──"), "{}", human.stdout);
    let short = scratch.run(&["check", "--format", "short", &program]);
    assert!(
        short
            .stdout
            .starts_with("evil\\u{1b}[2J\\u{a}::error file=x::pwned.mentor:9:5: error[S002]"),
        "{}",
        short.stdout
    );
}

#[test]
fn validate_report_and_playbook_show_controls_from_logs_and_names_escaped() {
    let scratch = Scratch::new();
    let log = hostile_log(&scratch);
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    for format in TEXT_FORMATS.iter().chain(&["json", "sarif"]) {
        for color in ["never", "always"] {
            let output = scratch.run(&[
                "validate",
                "--as-of",
                "2025-06-01",
                "--color",
                color,
                "--format",
                format,
                "--program",
                program,
                &log,
            ]);
            assert_eq!(output.status, 1, "{format}\n{output:#?}");
            assert_no_raw_controls(
                &output,
                &format!("validate --format {format} --color {color}"),
            );
        }
    }
    for format in ["md", "json"] {
        let output = scratch.run(&[
            "report",
            "--as-of",
            "2025-06-01",
            "--min-group",
            "1",
            "--format",
            format,
            "--program",
            program,
            &log,
        ]);
        assert_eq!(output.status, 0, "{output:#?}");
        assert_no_raw_controls(&output, &format!("report --format {format}"));
    }
    let hostile_program = hostile_program(&scratch);
    // The program has an error (the bad item); playbooks are printed from a clean copy.
    let clean = std::fs::read_to_string(scratch.path().join(&hostile_program))
        .expect("the program")
        .replacen(&format!("    bogus{HOSTILE} thing\n"), "", 1);
    scratch.write("clean.mentor", clean);
    for format in ["md", "html"] {
        let output = scratch.run(&["playbook", "--format", format, "clean.mentor"]);
        assert_eq!(output.status, 0, "{output:#?}");
        assert_no_raw_controls(&output, &format!("playbook --format {format}"));
        assert!(
            output.stdout.contains("Senior \\u{1b}"),
            "{}",
            output.stdout
        );
    }
    let fmt = scratch.run(&["fmt", "--check", &hostile_program, "clean.mentor"]);
    assert_eq!(fmt.status, 2, "{fmt:#?}");
    assert_no_raw_controls(&fmt, "fmt --check");
    // A program out of layout, with controls in the line `--check` quotes.
    scratch.write(
        "evil\u{1b}[2J.mentor",
        "// \u{1b}]0;T\u{7}\r\nlibrary x {\n}\n",
    );
    let fmt = scratch.run(&["fmt", "--check", "evil\u{1b}[2J.mentor"]);
    assert_eq!(fmt.status, 1, "{fmt:#?}");
    assert_no_raw_controls(&fmt, "fmt --check of a file to reformat");
    assert!(
        fmt.stdout
            .starts_with("would reformat evil\\u{1b}[2J.mentor\n"),
        "{}",
        fmt.stdout
    );
    // The write path's own messages name files too.
    let odd = "odd\u{1b}]0;T\u{7}\n::error::x.mentor";
    std::fs::copy(
        scratch.path().join("clean.mentor"),
        scratch.path().join(odd),
    )
    .expect("copy");
    let refused = scratch.run(&["playbook", odd, "-o", odd]);
    assert_eq!(refused.status, 2, "{refused:#?}");
    assert_no_raw_controls(&refused, "playbook -o over its program");
    assert!(
        refused
            .stderr
            .contains("not writing `odd\\u{1b}]0;T\\u{7}\\u{a}::error::x.mentor`"),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_usage_error_quotes_arguments_escaped_on_one_line() {
    let scratch = Scratch::new();
    // A file name a shell glob passes as an option, and a value that is not a date.
    for args in [
        &[
            "validate",
            "-p",
            "x.mentor",
            "--evil\n::error file=a::pwned.toml",
        ][..],
        &[
            "validate",
            "-p",
            "x.mentor",
            "--as-of",
            "x\u{1b}]0;T\u{7}\n::error::y\r",
            "l.json",
        ],
    ] {
        let output = scratch.run(args);
        assert_eq!(output.status, 2, "{output:#?}");
        assert_no_raw_controls(&output, "a usage error");
        assert!(
            output.stderr.starts_with("error: ") && output.stderr.contains("\\u{a}::error"),
            "{}",
            output.stderr
        );
        assert!(
            !output.stderr.lines().any(|l| l.starts_with("::")),
            "{}",
            output.stderr
        );
    }
}

#[test]
fn a_command_line_argument_is_shown_escaped() {
    let scratch = Scratch::new();
    let output = scratch.run(&["explain", "L0\u{1b}[2J\u{7}"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert_no_raw_controls(&output, "explain");
    assert!(
        output.stderr.contains("L0\\u{1b}[2J\\u{7}"),
        "{}",
        output.stderr
    );
}

#[test]
fn junit_holds_no_character_xml_forbids_and_sarif_keeps_a_backslash_in_a_name() {
    let scratch = Scratch::new();
    let log = std::fs::read_to_string(
        crate_root().join("tests/fixtures/validate/passing/senior-ic.json"),
    )
    .expect("the passing JSON log")
    .replacen("\"minutes\": 50", "\"minutes\": 5", 1);
    // U+FFFE and U+FFFF are characters of a file name, but not of an XML document.
    let name = "pair\u{fffe}\u{ffff}\\017.json";
    scratch.write(name, &log);
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    let run = |format: &str| {
        scratch.run(&[
            "validate",
            "--as-of",
            "2025-06-01",
            "--format",
            format,
            "--program",
            program,
            name,
        ])
    };
    let junit = run("junit");
    assert_eq!(junit.status, 1, "{junit:#?}");
    assert!(
        !junit.stdout.contains(['\u{fffe}', '\u{ffff}'])
            && junit
                .stdout
                .contains("classname=\"pair\\u{fffe}\\u{ffff}\\017.json\""),
        "{}",
        junit.stdout
    );
    let sarif = run("sarif").json();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "pair%EF%BF%BE%EF%BF%BF%5C017.json", "{sarif:#}");
}
