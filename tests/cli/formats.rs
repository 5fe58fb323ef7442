//! `--format human|short|json` and `--color`: every format reports the same diagnostics at the
//! same places, in the shapes the issue specifies.

use serde_json::Value;

use crate::support::{Scratch, check_json, crate_root, run_in};

/// A program with several mistakes, an error and a warning among them.
const SEVERAL_MISTAKES: &str = r#"program demo "Demo program" {
    length 4 sessions within 8 weeks
    cadence every 2 weeks, gap at least 3 weeks, gap at most 2 weeks

    competency judgment "Leadership judgment"
    competency influence "Influence without authority"

    lens decision-review "Decision Review" {
        section "Decision I made" {
            field chose "What I chose"
        }
    }

    phase framing "Framing" sessions 1..3 {
        lenses none
    }
    phase practice "Practice" sessions 3..4 {
        lenses exactly 1 of decision-review
    }

    milestone first-review "A decision reviewed" {
        competency judgment
        due by session 6
        evidence lens decision-review
    }
}
"#;

fn several_mistakes() -> Scratch {
    let scratch = Scratch::new();
    scratch.write("demo.mentor", SEVERAL_MISTAKES);
    scratch
}

/// `file:line:col: severity[CODE] message`, split into its parts.
fn parse_short_line(line: &str) -> (String, u64, u64, String, String, String) {
    let mut parts = line.splitn(4, ':');
    let file = parts.next().expect("a file").to_owned();
    let line_no = parts
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a line number");
    let column = parts
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a column number");
    let rest = parts
        .next()
        .expect("the rest")
        .strip_prefix(' ')
        .expect("a space after the column");
    let (severity, rest) = rest.split_once('[').expect("`severity[`");
    let (code, message) = rest.split_once("] ").expect("`] message`");
    assert!(
        ["error", "warning", "advice"].contains(&severity),
        "severity `{severity}` in `{line}`"
    );
    assert!(
        code.len() == 4
            && code.starts_with(['F', 'S', 'P', 'L'])
            && code[1..].chars().all(|c| c.is_ascii_digit()),
        "code `{code}` in `{line}`"
    );
    assert!(!message.is_empty(), "a message in `{line}`");
    (
        file,
        line_no,
        column,
        severity.to_owned(),
        code.to_owned(),
        message.to_owned(),
    )
}

#[test]
fn short_lines_match_json_diagnostics() {
    let scratch = several_mistakes();
    let short = scratch.run(&["check", "--format", "short", "demo.mentor"]);
    let (json, diagnostics) = scratch.check_json(&["demo.mentor"]);
    assert_eq!(short.status, 1);
    assert_eq!(json.status, 1);

    let mut lines: Vec<&str> = short.stdout.lines().collect();
    let summary = lines.pop().expect("a summary line");
    assert_eq!(summary, "checked 1 file: 3 errors, 1 warning");
    let parsed: Vec<_> = lines.iter().map(|l| parse_short_line(l)).collect();
    let from_json: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            (
                d.file.clone(),
                d.line,
                d.column,
                d.severity.clone(),
                d.code.clone(),
                d.message.clone(),
            )
        })
        .collect();
    assert_eq!(parsed, from_json);
    let codes: Vec<&str> = parsed.iter().map(|p| p.4.as_str()).collect();
    assert_eq!(
        codes,
        ["P012", "P020", "P004", "P008"],
        "sorted by position"
    );
}

#[test]
fn json_diagnostics_have_every_field() {
    let scratch = several_mistakes();
    let output = scratch.run(&["check", "--format", "json", "demo.mentor"]);
    let json = output.json();
    let diagnostics = json["diagnostics"].as_array().expect("a diagnostics array");
    assert_eq!(diagnostics.len(), 4);
    for d in diagnostics {
        for key in ["code", "severity", "message", "file"] {
            assert!(d[key].is_string(), "`{key}` in {d}");
        }
        assert!(
            d["help"].is_string() || d["help"].is_null(),
            "`help` in {d}"
        );
        assert!(["error", "warning", "advice"].contains(&d["severity"].as_str().unwrap_or("")));
        for key in ["line", "column"] {
            assert!(
                d[key].as_u64().is_some_and(|n| n >= 1),
                "1-based `{key}` in {d}"
            );
        }
        let labels = d["labels"].as_array().expect("a labels array");
        assert!(!labels.is_empty());
        for label in labels {
            assert!(label["file"].is_string(), "label `file` in {label}");
            assert!(
                label["line"].as_u64().is_some_and(|n| n >= 1),
                "label `line` in {label}"
            );
            assert!(
                label["column"].as_u64().is_some_and(|n| n >= 1),
                "label `column` in {label}"
            );
        }
        // The primary label comes first and is where the diagnostic says it is.
        assert_eq!(labels[0]["primary"], Value::Bool(true));
        assert_eq!(
            (&labels[0]["file"], &labels[0]["line"], &labels[0]["column"]),
            (&d["file"], &d["line"], &d["column"])
        );
    }
    assert_eq!(json["summary"]["errors"], 3);
    assert_eq!(json["summary"]["warnings"], 1);
}

#[test]
fn json_labels_point_into_other_files() {
    // P018: the import line here, and the `program` it imports in the other file.
    let path = "tests/fixtures/check/P018-import-of-a-program.mentor";
    let output = run_in(crate_root(), &["check", "--format", "json", path]);
    let json = output.json();
    let labels = json["diagnostics"][0]["labels"]
        .as_array()
        .expect("labels")
        .clone();
    let places: Vec<(String, u64, u64, bool)> = labels
        .iter()
        .map(|l| {
            (
                l["file"].as_str().unwrap_or_default().to_owned(),
                l["line"].as_u64().unwrap_or_default(),
                l["column"].as_u64().unwrap_or_default(),
                l["primary"].as_bool().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (path.to_owned(), 2, 8, true),
            (
                "tests/fixtures/check/imports/a-program.mentor".to_owned(),
                2,
                9,
                false
            ),
        ]
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // `Práctica ✓` has multi-byte characters before the session range on its line.
    let scratch = Scratch::new();
    let text =
        SEVERAL_MISTAKES.replace("\"Practice\" sessions 3..4", "\"Práctica ✓\" sessions 3..4");
    scratch.write("demo.mentor", &text);
    let (_, diagnostics) = scratch.check_json(&["demo.mentor"]);
    let overlap = diagnostics.iter().find(|d| d.code == "P004").expect("P004");
    let line = text.lines().nth(16).expect("line 17");
    let expected = line
        .find("3..4")
        .map(|byte| line[..byte].chars().count() + 1);
    assert_eq!(
        (overlap.line, Some(overlap.column as usize)),
        (17, expected)
    );
}

#[test]
fn the_same_diagnostics_in_every_format() {
    let scratch = several_mistakes();
    let human = scratch.run(&["check", "--color", "never", "demo.mentor"]);
    let (_, diagnostics) = scratch.check_json(&["demo.mentor"]);
    for d in &diagnostics {
        assert!(
            human.stdout.contains(&d.code),
            "{} in the human report",
            d.code
        );
        assert!(
            human.stdout.contains(&d.message),
            "`{}` in the human report",
            d.message
        );
        if let Some(help) = &d.help {
            // miette wraps long help; compare its first words.
            let start: String = help
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                human.stdout.contains(&start),
                "`{help}` in the human report"
            );
        }
        let place = format!("[{}:{}:{}]", d.file, d.line, d.column);
        assert!(
            human.stdout.contains(&place),
            "{place} in the human report:\n{}",
            human.stdout
        );
    }
    assert!(
        human
            .stdout
            .ends_with("checked 1 file: 3 errors, 1 warning\n")
    );
}

#[test]
fn color_never_and_always() {
    let scratch = several_mistakes();
    let plain = scratch.run(&["check", "--color", "never", "demo.mentor"]);
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "no escape codes with --color never"
    );
    let colored = scratch.run(&["check", "--color", "always", "demo.mentor"]);
    assert!(
        colored.stdout.contains("\u{1b}["),
        "escape codes with --color always"
    );
    // Output to a pipe is not a terminal: `auto` is plain.
    let auto = scratch.run(&["check", "demo.mentor"]);
    assert_eq!(auto.stdout, plain.stdout);
}

#[test]
fn json_is_never_colored() {
    let (output, _) = check_json(crate_root(), &["programs"]);
    let colored = run_in(
        crate_root(),
        &["check", "--color", "always", "--format", "json", "programs"],
    );
    assert_eq!(colored.stdout, output.stdout);
}

/// Columns count characters in every format: the human report's `[file:line:col]` header and
/// the short and JSON positions agree on a line with accented letters and symbols before the
/// label.
#[test]
fn human_header_counts_characters_like_short_and_json() {
    let scratch = Scratch::new();
    scratch.write(
        "unicode.mentor",
        "program u \"Ü\" {\n    phase a \"Á\" sessions 1..3 { lenses none }\n    phase practica \"Práctica ✓\" sessions 3..4 { lenses none }\n}\n",
    );
    let short = scratch
        .run(&["check", "--format", "short", "unicode.mentor"])
        .stdout;
    let human = scratch
        .run(&["check", "--color", "never", "unicode.mentor"])
        .stdout;
    // `3..4` on line 3 starts at character 42 (byte 45).
    assert!(
        short.contains("unicode.mentor:3:42: error[P004]"),
        "{short}"
    );
    assert!(human.contains("[unicode.mentor:3:42]"), "{human}");
}
