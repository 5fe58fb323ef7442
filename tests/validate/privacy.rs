//! No output, in any format, shows a word a pair wrote: not a takeaway or an answer, and not
//! text where the format wants something else (a repeated key, a sentence where an id belongs,
//! a key that is a sentence, a comment).

use crate::support::{Output, Scratch, crate_root};

use super::AS_OF;

const FORMATS: &[&str] = &["human", "short", "json", "sarif", "github", "junit"];

/// Stands for what a pair wrote; no output may show it.
const MARKER: &str = "QX9-said-in-confidence";

fn program() -> String {
    crate_root()
        .join("programs/senior-ic.mentor")
        .display()
        .to_string()
}

/// A TOML log with the marker in every place a pair's words can be: ids holding prose, a
/// repeated takeaway and answer, a key that is a sentence, comments, unknown fields.
fn toml_log() -> String {
    format!(
        r#"# {MARKER} a comment at the top
program  = "senior-ic"
version  = "{MARKER} version"
pair     = "{MARKER} pair"
mentor   = "{MARKER} mentor"
mentee   = "{MARKER} mentee"
track    = "{MARKER} track"
started  = 2025-01-06
status   = "{MARKER} status"
"{MARKER} key" = "{MARKER} value"

[[sessions]]
number   = 1 # {MARKER} trailing comment
date     = 2025-01-06
minutes  = 50
kind     = "{MARKER} kind"
status   = "{MARKER} session status"
outcome  = "{MARKER} outcome"
lens     = ["{MARKER} lens", "{MARKER} lens"]
milestones = ["{MARKER} milestone"]
takeaway = "{MARKER} takeaway"
[sessions.answers]
"{MARKER} field" = "{MARKER} answer"
chose = "{MARKER} chose"
"#
    )
}

/// A JSON log that repeats keys: the second value of each is never read, yet it is text.
fn json_log() -> String {
    format!(
        r#"{{"program": "senior-ic", "pair": "pair-900", "started": "2025-01-06", "pair": "{MARKER} twice",
 "sessions": [
  {{"number": 1, "date": "2025-01-06", "minutes": 50, "outcome": "assumption",
   "takeaway": "{MARKER} first", "takeaway": "{MARKER} second",
   "outcome": "{MARKER} outcome again", "lens": "{MARKER} lens",
   "answers": {{"chose": "{MARKER} a", "chose": "{MARKER} b", "{MARKER} key": "{MARKER} c"}}}}
 ]}}
"#
    )
}

/// The JSON log on one line, twice over: a JSON Lines cohort file (`L034` shows both lines).
fn json_lines_log() -> String {
    let one_line = json_log().replace('\n', "");
    format!("{one_line}\n{one_line}\n")
}

/// `mentor validate` of one file against the reference program, in the human format (the one
/// that shows log lines).
fn validate_human(scratch: &Scratch, file: &str) -> Output {
    scratch.run(&[
        "validate",
        "--as-of",
        AS_OF,
        "--color",
        "never",
        "--program",
        &program(),
        file,
    ])
}

/// The reference log that passes every rule, to change one thing in.
fn passing_log() -> String {
    std::fs::read_to_string(crate_root().join("tests/fixtures/validate/passing/senior-ic.toml"))
        .expect("the passing log")
}

fn assert_private(output: &Output, what: &str) {
    assert!(
        !output.stdout.contains(MARKER) && !output.stderr.contains(MARKER),
        "{what} shows what the pair wrote:\n{}\n{}",
        output.stdout,
        output.stderr
    );
}

#[test]
fn no_format_shows_text_placed_where_the_format_wants_an_id_or_written_twice() {
    let scratch = Scratch::new();
    scratch.write("pair.toml", toml_log());
    scratch.write("pair.json", json_log());
    scratch.write("cohort.jsonl", json_lines_log());
    let program = program();
    let files = ["pair.toml", "pair.json", "cohort.jsonl"];
    for format in FORMATS {
        for color in ["never", "always"] {
            let mut args = vec![
                "validate",
                "--as-of",
                AS_OF,
                "--color",
                color,
                "--format",
                format,
                "--program",
                &program,
            ];
            args.extend(files);
            let output = scratch.run(&args);
            assert_eq!(output.status, 1, "{format}\n{output:#?}");
            assert_private(&output, &format!("validate --format {format}"));
        }
    }
    // Every finding the markers provoke is still reported, with the words left out.
    let mut args = vec![
        "validate",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--program",
        &program,
    ];
    args.extend(files);
    let codes: Vec<String> = scratch
        .run(&args)
        .diagnostics()
        .into_iter()
        .map(|d| d.code)
        .collect();
    for code in ["L001", "L002", "L003", "L007", "L008", "L009", "L010"] {
        assert!(codes.iter().any(|c| c == code), "{code} in {codes:?}");
    }
    for format in ["md", "json"] {
        let mut args = vec![
            "report",
            "--as-of",
            AS_OF,
            "--format",
            format,
            "--min-group",
            "1",
            "--program",
            &program,
        ];
        args.extend(files);
        let output = scratch.run(&args);
        assert_eq!(output.status, 0, "report {format}\n{output:#?}");
        assert_private(&output, &format!("report --format {format}"));
    }
}

#[test]
fn the_human_report_masks_a_repeated_value_and_a_sentence_in_an_id_field() {
    let scratch = Scratch::new();
    scratch.write("pair.json", json_log());
    let output = validate_human(&scratch, "pair.json");
    assert_private(&output, "the human report");
    // The labels still point at the masked values: the second takeaway, the outcome.
    assert!(
        output
            .stdout
            .contains("`takeaway` is given twice in the same session")
            && output.stdout.contains("given again here")
            && output.stdout.contains(&format!(
                "\"takeaway\": \"{}\"",
                "*".repeat(format!("{MARKER} second").len())
            )),
        "{}",
        output.stdout
    );
}

#[test]
fn comments_in_a_log_are_masked_whether_it_parses_or_not() {
    let scratch = Scratch::new();
    let passing = passing_log();
    // A session too short (`L016`) whose line carries a comment: the snippet shows that line.
    let log = passing.replacen(
        "minutes  = 50",
        &format!("minutes  = 30 # {MARKER} she cried"),
        1,
    );
    assert!(log.contains(MARKER));
    scratch.write("parses.toml", &log);
    // The same line broken: the log does not parse, and its comments are still words.
    scratch.write(
        "broken.toml",
        log.replace("minutes  = 30", "minutes  = = 30"),
    );
    for (file, code) in [("parses.toml", "L016"), ("broken.toml", "F003")] {
        let output = validate_human(&scratch, file);
        assert_private(&output, file);
        assert!(
            output.stdout.contains(code) && output.stdout.contains("30 #***"),
            "{}",
            output.stdout
        );
    }
}

#[test]
fn text_under_an_unknown_table_or_a_mistyped_header_is_masked() {
    let scratch = Scratch::new();
    // Parses: every value below is in a table the log format does not have, or is a table
    // where a text belongs, so none of it is read; a table's span does not cover its lines.
    scratch.write(
        "tables.toml",
        format!(
            r#"program = "senior-ic"
pair = "p-1"
started = 2025-01-06
meta.feeling = "{MARKER} dotted"
[[notes]]
text = "{MARKER} array of tables"
[[sessions]]
number = 1
date = 2025-01-06
outcome = "assumption"
[sessions.answers.chose]
note = "{MARKER} answer as a table"
[sessions.extra]
why = "{MARKER} under an unknown table"
"{MARKER} key" = 1
[sess-ions.answers]
chose = "{MARKER} under a mistyped header"
"#
        ),
    );
    // Does not parse: words where a key or a table name belongs, text glued to a string.
    scratch.write(
        "broken.toml",
        format!(
            "program = \"senior-ic\"\n[{MARKER} header]\nmy {MARKER} key = 1\nchose = \"x\"Q {MARKER}\"\n"
        ),
    );
    for file in ["tables.toml", "broken.toml"] {
        let output = validate_human(&scratch, file);
        assert!(output.status == 1 || output.status == 2, "{output:#?}");
        assert!(output.stdout.contains("***"), "{}", output.stdout);
        assert_private(&output, file);
    }
}

#[test]
fn a_log_that_is_not_utf8_is_shown_masked() {
    let scratch = crate::support::Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "logs/latin.toml",
        b"program = \"senior-ic\"\npair = \"p\"\nstarted = 2025-01-06\ntakeaway = \"SECRET-MARKER caf\xe9\"\n",
    );
    let output = scratch.run(&["validate", "--color", "never", "-p", "programs", "logs"]);
    assert_eq!(output.status, 2, "{}", output.stderr);
    assert!(output.stdout.contains("F002"), "{}", output.stdout);
    assert!(
        !output.stdout.contains("SECRET") && !output.stderr.contains("SECRET"),
        "{}",
        output.stdout
    );
}

/// A takeaway written as a list, with a comment holding a quote: the list and each of its
/// strings are places of the pair's words, one inside the other. They are masked in the log's
/// own order whichever thread checked the log, so the lines read the same on every run: every
/// character masked, the quotes too.
#[test]
fn words_inside_words_are_masked_whole_on_every_run() {
    let scratch = Scratch::new();
    let passing = passing_log();
    let (before, after) = passing.split_once("takeaway").expect("a takeaway");
    let (_, rest) = after.split_once('\n').expect("the takeaway's line");
    let log = format!("{before}takeaway = [ # she didn't\n  \"it's {MARKER}\", \"x\" ]\n{rest}");
    scratch.write("pair.toml", &log);
    let first = validate_human(&scratch, "pair.toml");
    assert_private(&first, "a list of takeaways");
    let shown = |output: &Output| {
        output
            .stdout
            .lines()
            .find(|line| line.contains("├─▶"))
            .map(str::to_owned)
    };
    let line = shown(&first).expect("the list's second line is shown");
    let masked = line.split("├─▶ ").nth(1).expect("the line's text");
    assert!(masked.chars().all(|c| c == '*'), "{}", first.stdout);
    for _ in 0..3 {
        assert_eq!(
            shown(&validate_human(&scratch, "pair.toml")),
            Some(line.clone())
        );
    }
}
