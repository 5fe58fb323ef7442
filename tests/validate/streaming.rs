//! A `.jsonl` file named on the command line is read in a stream (blocks of whole lines, never
//! the file whole), while standard input is read whole: the same text must give the same
//! report either way, in every format, down to the snippets of the human report and what they
//! mask. Each case here is a way the stream could differ: a byte-order mark, `\r\n`, wide
//! characters before a finding's column, a record split across the reader's 512 KiB blocks, a
//! duplicate pair far from its first log, invalid UTF-8 after valid records, a record cut
//! short, a file of blank lines.

use super::COMPLIANT_AS_OF;
use crate::support::{Scratch, crate_root, run_in, run_in_with_stdin};

const COHORT: &str = "programs/logs/senior-ic/cohort-2025-spring.jsonl";

/// The example cohort's three records (one per line).
fn records() -> Vec<String> {
    let text = std::fs::read_to_string(crate_root().join(COHORT)).expect("read the cohort");
    text.lines().map(str::to_owned).collect()
}

/// `record` as pair `pair-N` with its first session's outcome misspelt (`L009`), or unchanged
/// but renamed when `mistake` is false.
fn record_of(record: &str, n: usize, mistake: bool) -> String {
    let renamed = record.replacen(
        r#""pair": "pair-031""#,
        &format!(r#""pair": "pair-{n}""#),
        1,
    );
    if mistake {
        renamed.replacen(
            r#""outcome": "assumption""#,
            r#""outcome": "assumptions""#,
            1,
        )
    } else {
        renamed
    }
}

/// Runs `mentor validate` on `bytes` as the file `cohort.jsonl` and as standard input, in
/// `format`, and asserts the same exit status, stdout and stderr (the name of the input
/// aside). Returns the file's run.
fn same_either_way(bytes: &[u8], format: &str) -> crate::support::Output {
    let scratch = Scratch::new();
    scratch.write("cohort.jsonl", bytes);
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    let args = |input: &'static str| {
        [
            "validate",
            "--color",
            "never",
            "--as-of",
            COMPLIANT_AS_OF,
            "--format",
            format,
            "--program",
            program,
            input,
        ]
    };
    let streamed = run_in(scratch.path(), &args("cohort.jsonl"));
    let whole = run_in_with_stdin(scratch.path(), &args("-"), bytes);
    // (SARIF writes the name as a URI, JUnit as XML.)
    let named = |text: &str| {
        ["<stdin>", "%3Cstdin%3E", "&lt;stdin&gt;"]
            .iter()
            .fold(text.to_owned(), |text, name| {
                text.replace(name, "cohort.jsonl")
            })
    };
    assert_eq!(streamed.status, whole.status, "{format}: {streamed:#?}");
    assert_eq!(streamed.stdout, named(&whole.stdout), "{format}");
    assert_eq!(streamed.stderr, named(&whole.stderr), "{format}");
    streamed
}

const FORMATS: [&str; 6] = ["human", "short", "json", "sarif", "junit", "github"];

#[test]
fn a_byte_order_mark_crlf_and_wide_characters_read_the_same_as_from_stdin() {
    let records = records();
    // A wide character in a pseudonymous id before the finding, on a `\r\n` line.
    let wide = record_of(&records[0], 1, true).replacen("mentor-02", "mentor-ü東", 1);
    let text = format!(
        "\u{feff}{}\r\n\r\n{wide}\r\n   {}\r\n",
        record_of(&records[0], 0, false),
        record_of(&records[2], 2, false),
    );
    for format in FORMATS {
        let run = same_either_way(text.as_bytes(), format);
        assert_eq!(run.status, 1, "{format}: {run:#?}");
    }
    let short = same_either_way(text.as_bytes(), "short");
    assert!(short.stdout.contains("cohort.jsonl:3:"), "{}", short.stdout);
}

/// A file several times the stream's 1 MiB blocks, whose findings are in the first record, in
/// the records on either side of every block boundary and in the last one, with a pair that
/// repeats the first's at the end (`L034`, which points back at the first line).
#[test]
fn a_file_of_several_blocks_reads_the_same_as_from_stdin() {
    let records = records();
    let mut lines = Vec::new();
    let mut size = 0;
    let mut n = 0;
    while size < 9 << 20 {
        // Every 97th record has a mistake, so some sit at or near a block's edge.
        let line = record_of(&records[0], n, n % 97 == 0);
        size += line.len() + 1;
        lines.push(line);
        n += 1;
    }
    lines.push(record_of(&records[0], 0, false));
    let text = lines.join("\n") + "\n";
    for format in ["human", "json"] {
        let run = same_either_way(text.as_bytes(), format);
        assert_eq!(run.status, 1, "{format}");
    }
    let short = same_either_way(text.as_bytes(), "short");
    let codes = |code: &str| short.stdout.lines().filter(|l| l.contains(code)).count();
    assert_eq!(codes("L009"), n.div_ceil(97), "{}", short.stdout);
    assert_eq!(codes("L034"), 1, "{}", short.stdout);
}

/// A human report is written a batch of 64 reports at a time, each batch reading the lines it
/// shows of a streamed file: 700 findings on neighbouring lines (a batch's last line is the
/// next batch's context), wide characters before some of their columns, and a pair that
/// repeats the first's at the end (`L034`, whose label points back at line 1 from the last
/// batch) read the same as the file read whole.
#[test]
fn a_human_report_of_many_batches_reads_the_same_as_from_stdin() {
    let records = records();
    let mut lines: Vec<String> = (0..700)
        .map(|n| {
            let line = record_of(&records[0], n, true);
            if n % 5 == 0 {
                line.replacen("mentor-02", "mentor-ü東", 1)
            } else {
                line
            }
        })
        .collect();
    lines.push(record_of(&records[0], 0, false));
    let text = lines.join("\n") + "\n";
    let run = same_either_way(text.as_bytes(), "human");
    assert_eq!(run.status, 1, "{run:#?}");
    assert_eq!(run.stdout.matches("L009").count(), 700, "{}", run.stdout);
    assert_eq!(run.stdout.matches("L034").count(), 1, "{}", run.stdout);
    // Each report shows its own line: the last batch's too.
    assert!(run.stdout.contains("cohort.jsonl:700:"), "{}", run.stdout);
}

#[test]
fn invalid_utf8_after_valid_records_reads_the_same_as_from_stdin() {
    let records = records();
    let mut bytes = format!("{}\n", record_of(&records[0], 0, true)).into_bytes();
    bytes.extend_from_slice(b"{\"program\": \"senior-ic\", \"pair\": \"pair-\xff\"}\n");
    for format in FORMATS {
        let run = same_either_way(&bytes, format);
        assert_eq!(run.status, 2, "{format}: {run:#?}");
    }
    let short = same_either_way(&bytes, "short");
    assert!(short.stdout.contains("F002"), "{}", short.stdout);
}

/// Bytes that are not UTF-8 in two blocks far apart: the threads that read a stream's blocks
/// may finish the later first, and the report still names the first byte, as when the file is
/// read whole; past it no record is read as a log.
#[test]
fn the_first_of_two_invalid_bytes_blocks_apart_is_reported() {
    let records = records();
    let bad = b"{\"program\": \"senior-ic\", \"pair\": \"pair-\xff\"}".to_vec();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut size = 0;
    let mut first_bad = None;
    while size < 6 << 20 {
        // The first past 1 MiB, and one in the file's last block.
        let line = if first_bad.is_none() && size > 1 << 20 {
            first_bad = Some(size + bad.len() - 3);
            bad.clone()
        } else {
            record_of(&records[0], lines.len(), true).into_bytes()
        };
        size += line.len() + 1;
        lines.push(line);
    }
    lines.push(b"{\"pair\": \"\xfe\"}".to_vec());
    let bytes = lines.join(&b'\n');
    let first_bad = first_bad.expect("a line past 1 MiB");
    assert_eq!(bytes[first_bad], 0xff);
    for format in ["human", "json"] {
        let run = same_either_way(&bytes, format);
        assert_eq!(run.status, 2, "{format}: {run:#?}");
    }
    let short = same_either_way(&bytes, "short");
    assert_eq!(short.stdout.matches("F002").count(), 1, "{}", short.stdout);
    assert!(
        short
            .stdout
            .contains(&format!("byte 0xFF at offset {first_bad} ")),
        "{}",
        short.stdout
    );
    // No log was read: none of the records' misspelt outcomes is reported.
    assert!(!short.stdout.contains("L009"), "{}", short.stdout);
}

/// `mentor ARGS` in `dir`, killed (and the test failed) if it runs for two minutes: what a
/// hang would do.
fn run_with_deadline(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mentor"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the mentor binary runs");
    let stdout = child.stdout.take().expect("a piped stdout");
    let reading = std::thread::spawn(move || std::io::read_to_string(stdout));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits for mentor") {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(120) {
            let _ = child.kill();
            panic!("mentor {args:?} still ran after two minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let stdout = reading
        .join()
        .expect("stdout read")
        .expect("stdout is UTF-8");
    (status.code().unwrap_or(-1), stdout)
}

/// Two files of several blocks each are read side by side on the pool's threads, each as it
/// reads alone. (A thread of the pool that waited on a channel for the others' blocks could
/// wait for its own share of the reading: `mentor` hung here.)
#[test]
fn two_files_of_several_blocks_read_side_by_side_as_each_alone() {
    let records = records();
    let scratch = Scratch::new();
    for (name, first) in [("a.jsonl", 0), ("b.jsonl", 100_000)] {
        let mut text = String::new();
        let mut n = first;
        while text.len() < 2 << 20 {
            text += &record_of(&records[0], n, n % 89 == 0);
            text.push('\n');
            n += 1;
        }
        scratch.write(name, text);
    }
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    let run = |files: &[&str]| {
        let mut args = vec![
            "validate",
            "--as-of",
            COMPLIANT_AS_OF,
            "--format",
            "short",
            "--program",
            program,
        ];
        args.extend_from_slice(files);
        let (status, stdout) = run_with_deadline(scratch.path(), &args);
        assert_eq!(status, 1, "{files:?}: {stdout}");
        // The findings, without the summary line.
        let findings: Vec<String> = (stdout.lines())
            .filter(|line| line.contains(".jsonl:"))
            .map(str::to_owned)
            .collect();
        assert!(!findings.is_empty(), "{files:?}: {stdout}");
        findings
    };
    let alone = [run(&["a.jsonl"]), run(&["b.jsonl"])].concat();
    assert_eq!(run(&["a.jsonl", "b.jsonl"]), alone);
}

/// A record cut short: the file cannot be read as logs (`F003`), and the human report's
/// snippet shows the lines around it with the pair's words of the records beside it masked.
#[test]
fn a_record_cut_short_reads_the_same_as_from_stdin_and_masks_its_neighbours() {
    let records = records();
    let cut = &records[1][..records[1].len() / 2];
    let text = format!("{}\n{cut}\n{}\n", records[0], records[2]);
    for format in FORMATS {
        let run = same_either_way(text.as_bytes(), format);
        assert_eq!(run.status, 2, "{format}: {run:#?}");
    }
    let human = same_either_way(text.as_bytes(), "human");
    assert!(human.stdout.contains("F003"), "{}", human.stdout);
    for words in ["Try one small experiment", "Split the team's backlog"] {
        assert!(!human.stdout.contains(words), "{words}: {}", human.stdout);
    }
}

#[test]
fn a_file_of_blank_lines_reads_the_same_as_from_stdin() {
    for text in ["", "\n\n  \n", "\r\n\t\r\n"] {
        for format in ["human", "short", "json"] {
            let run = same_either_way(text.as_bytes(), format);
            assert_ne!(run.status, 0, "{text:?} {format}: {run:#?}");
        }
    }
}

/// Where each line starts is kept for a streamed file (4 bytes a line): a file of nothing but
/// line breaks is refused past 2^25 of them rather than filling memory with their positions.
#[test]
fn a_file_of_too_many_lines_is_refused_not_indexed() {
    let scratch = Scratch::new();
    scratch.write("cohort.jsonl", vec![b'\n'; (1 << 25) + 1]);
    let program = crate_root().join("programs/senior-ic.mentor");
    let output = scratch.run(&[
        "validate",
        "--format",
        "short",
        "--program",
        program.to_str().expect("a UTF-8 path"),
        "cohort.jsonl",
    ]);
    assert_eq!(output.status, 2, "{output:#?}");
    // A file not read to its end shows no snippet.
    let human = scratch.run(&[
        "validate",
        "--color",
        "never",
        "--program",
        program.to_str().expect("a UTF-8 path"),
        "cohort.jsonl",
    ]);
    assert!(
        human.stdout.contains("F001") && !human.stdout.contains("╭─["),
        "{}",
        human.stdout
    );
    assert!(
        output.stdout.contains("F001")
            && output.stdout.contains(
                "it has more than 33554432 lines, the most `mentor` reads from one JSON Lines file"
            ),
        "{}",
        output.stdout
    );
}

/// A byte-order mark before the first record: the record's ids are shown and only its words
/// masked when line 1 is shown beside a finding on line 2, and when `L034` points back at it.
#[test]
fn the_first_record_after_a_byte_order_mark_is_masked_as_a_record() {
    let records = records();
    let text = format!(
        "\u{feff}{}\n{}\n{}\n",
        record_of(&records[0], 0, false),
        record_of(&records[0], 1, true),
        record_of(&records[0], 0, false),
    );
    let human = same_either_way(text.as_bytes(), "human");
    assert!(human.stdout.contains("L034"), "{}", human.stdout);
    // The first record's pair id is shown, its takeaway is not.
    let first_line = human
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("1 │"))
        .unwrap_or_else(|| panic!("line 1 is shown:\n{}", human.stdout));
    assert!(first_line.contains("\"pair-0\""), "{first_line}");
    assert!(
        !human.stdout.contains("Try one small experiment"),
        "{}",
        human.stdout
    );
}

#[test]
fn invalid_utf8_on_the_first_line_after_a_byte_order_mark_reads_the_same_as_from_stdin() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(b"{\"program\": \"senior-ic\", \"pair\": \"pair-\xff\"}\n{}\n");
    for format in FORMATS {
        let run = same_either_way(&bytes, format);
        assert_eq!(run.status, 2, "{format}: {run:#?}");
    }
}

/// The byte that is not UTF-8 on the last line of one of the stream's blocks: the line after it
/// (in the next block) is still shown, as when the file is read whole.
#[test]
fn invalid_utf8_at_the_end_of_a_block_reads_the_same_as_from_stdin() {
    let records = records();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut size = 0;
    let mut n = 0;
    while size < 3 << 19 {
        let line = record_of(&records[0], n, false).into_bytes();
        size += line.len() + 1;
        lines.push(line);
        n += 1;
    }
    // The last line to end within the first 1 MiB ends a block (the second).
    let mut end = 0;
    let last_of_block = lines
        .iter()
        .position(|line| {
            end += line.len() + 1;
            end > 1 << 20
        })
        .unwrap_or(1)
        - 1;
    lines[last_of_block] = b"{\"program\": \"senior-ic\", \"pair\": \"pair-\xff\"}".to_vec();
    let bytes = lines.join(&b'\n');
    for format in ["human", "json"] {
        let run = same_either_way(&bytes, format);
        assert_eq!(run.status, 2, "{format}: {run:#?}");
    }
}

/// A record longer than a block, and a last record with no line break after it, each with a
/// finding.
#[test]
fn a_record_longer_than_a_block_and_a_last_line_without_a_break_read_the_same() {
    let records = records();
    let long = record_of(&records[0], 0, true).replacen(
        "Try one small experiment before the next session",
        &"a long takeaway ".repeat(100_000),
        1,
    );
    assert!(long.len() > 1 << 20);
    let text = format!("{long}\n{}", record_of(&records[0], 1, true));
    for format in FORMATS {
        let run = same_either_way(text.as_bytes(), format);
        assert_eq!(run.status, 1, "{format}: {run:#?}");
    }
    let short = same_either_way(text.as_bytes(), "short");
    assert_eq!(short.stdout.matches("L009").count(), 2, "{}", short.stdout);
}

/// A byte-order mark and a line break hold no log, in every format and on standard input
/// (whose format is guessed from the text).
#[test]
fn a_byte_order_mark_alone_is_an_empty_file_in_every_format() {
    let scratch = Scratch::new();
    let program = crate_root().join("programs/senior-ic.mentor");
    let program = program.to_str().expect("a UTF-8 path");
    let text = "\u{feff}\n";
    for name in ["bom.toml", "bom.json", "bom.yaml", "bom.jsonl"] {
        scratch.write(name, text);
        let output = scratch.run(&["validate", "--format", "short", "--program", program, name]);
        assert_eq!(output.status, 2, "{name}: {output:#?}");
        assert!(
            output.stdout.contains("F003") && output.stdout.contains("is empty"),
            "{name}: {}",
            output.stdout
        );
    }
    let piped = run_in_with_stdin(
        scratch.path(),
        &["validate", "--format", "short", "--program", program, "-"],
        text.as_bytes(),
    );
    assert_eq!(piped.status, 2, "{piped:#?}");
    assert!(piped.stdout.contains("is empty"), "{}", piped.stdout);
}

/// In a file where a record did not parse, a record that did is masked by its private values
/// first, as when the file is read whole: keys that look like ids inside an unknown field's
/// value are hidden with it, not shown by the masker of unparsed text.
#[test]
fn keys_inside_an_unread_value_stay_masked_beside_a_record_that_did_not_parse() {
    let text = "{\"program\": \"senior-ic\", \n{\"program\": \"senior-ic\", \"pair\": \"pair-3\", \"started\": \"2025-01-01\", \"sessions\": [], \"extra\": {\"bob.builder\": {\"eve.adams\": 1}}}\n";
    let human = same_either_way(text.as_bytes(), "human");
    assert!(human.stdout.contains("F003"), "{}", human.stdout);
    assert!(human.stdout.contains("2 │"), "{}", human.stdout);
    for name in ["bob.builder", "eve.adams"] {
        assert!(!human.stdout.contains(name), "{name}: {}", human.stdout);
    }
}

/// A record that is not an object in the middle of a cohort: on standard input too the other
/// records are read and checked, and the odd line is reported on its own.
#[test]
fn a_record_that_is_not_an_object_reads_the_same_as_from_stdin() {
    let records = records();
    for odd in ["42", "garbage", "[1, 2]"] {
        let text = format!(
            "{}\n{odd}\n{}\n",
            record_of(&records[0], 0, false),
            record_of(&records[0], 1, true)
        );
        let short = same_either_way(text.as_bytes(), "short");
        assert!(short.stdout.contains(":2:"), "{odd}: {}", short.stdout);
        assert!(short.stdout.contains("L009"), "{odd}: {}", short.stdout);
        same_either_way(text.as_bytes(), "human");
    }
}

/// The per-log cap keeps the first 200 findings of each record: two records of 250 sessions
/// with a misspelt outcome each keep 200 apiece, the clean record between them and the record
/// with one mistake after them are untouched, and the summary counts what was left out; the
/// same read in a stream as from standard input.
#[test]
fn each_record_shows_its_first_two_hundred_findings() {
    let records = records();
    let mut record: serde_json::Value = serde_json::from_str(&records[0]).expect("a record");
    let session = record["sessions"][0].clone();
    let sessions: Vec<serde_json::Value> = (1..=250)
        .map(|number| {
            let mut session = session.clone();
            session["number"] = number.into();
            session["outcome"] = "assumptions".into();
            session
        })
        .collect();
    record["sessions"] = sessions.into();
    let mut crowded = |n: usize| {
        record["pair"] = format!("pair-{n}").into();
        record.to_string()
    };
    let lines = [
        crowded(1),
        record_of(&records[0], 2, false),
        crowded(3),
        record_of(&records[0], 4, true),
    ];
    let text = lines.join("\n") + "\n";
    for format in FORMATS {
        same_either_way(text.as_bytes(), format);
    }
    let run = same_either_way(text.as_bytes(), "json");
    let json = run.json();
    let shown = json["diagnostics"].as_array().expect("diagnostics");
    let on_line = |line: u64| shown.iter().filter(|d| d["line"] == line).count();
    assert_eq!(
        [on_line(1), on_line(2), on_line(3), on_line(4)],
        [200, 0, 200, 1],
        "{json:#}"
    );
    let counted = ["errors", "warnings", "advice"]
        .iter()
        .map(|key| json["summary"][key].as_u64().expect("a count"))
        .sum::<u64>();
    assert!(counted >= 501, "{json:#}");
    assert_eq!(json["summary"]["not_shown"], counted - 401, "{json:#}");
}
