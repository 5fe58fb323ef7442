//! `mentor status`: a pair's own page, what it must show (wins with their session, the next
//! deadline, the next session's latest date) and what it must never show (a takeaway, an
//! answer, unescaped program text).

mod browser;

use crate::support::{Output, Scratch, crate_root, run_in};

fn status(args: &[&str]) -> Output {
    let mut all = vec!["status", "--color", "never"];
    all.extend_from_slice(args);
    run_in(crate_root(), &all)
}

/// An active `senior-ic` pair, as of 2025-04-10, with its words in every takeaway and answer,
/// and a sentence where an outcome id belongs.
///
/// By hand: started 2025-03-03; session 3 on 2025-03-31 uses `decision-review` with every field
/// answered and claims `first-decision-review` (due by session 4): met on time. The next
/// session is due by 2025-03-31 + 28 days = 2025-04-28; `influence-reflection` is due by week
/// 10, 2025-03-03 + 70 days = 2025-05-12.
const ACTIVE_LOG: &str = r#"program = "senior-ic"
version = "2025.1"
pair    = "pair-090"
mentor  = "MENTOR-ID-MARKER"
mentee  = "MENTEE-ID-MARKER"
started = 2025-03-03

[[sessions]]
number   = 1
date     = 2025-03-03
minutes  = 60
outcome  = "assumption"
takeaway = "TAKEAWAY-MARKER one"

[[sessions]]
number   = 2
date     = 2025-03-17
minutes  = 50
outcome  = "I cried OUTCOME-MARKER"
takeaway = "TAKEAWAY-MARKER two"

[[sessions]]
date   = 2025-03-24
status = "cancelled"

[[sessions]]
number      = 3
date        = 2025-03-31
minutes     = 50
lens        = "decision-review"
milestones  = ["first-decision-review"]
new-problem = false
outcome     = "behavior"
takeaway    = "TAKEAWAY-MARKER three"
[sessions.answers]
chose         = "ANSWER-MARKER chose"
optimized-for = "ANSWER-MARKER optimized"
trade-off     = "ANSWER-MARKER trade-off"
framing       = "ANSWER-MARKER framing"
"#;

const MARKERS: [&str; 5] = [
    "TAKEAWAY-MARKER",
    "ANSWER-MARKER",
    "OUTCOME-MARKER",
    "MENTOR-ID-MARKER",
    "MENTEE-ID-MARKER",
];

/// `mentor status pair.toml -p programs --as-of 2025-04-10 EXTRA…` over [`ACTIVE_LOG`].
fn active_page(scratch: &Scratch, extra: &[&str]) -> Output {
    scratch.copy_programs();
    scratch.write("pair.toml", ACTIVE_LOG);
    let mut args = vec![
        "status",
        "--color",
        "never",
        "pair.toml",
        "-p",
        "programs",
        "--as-of",
        "2025-04-10",
    ];
    args.extend_from_slice(extra);
    scratch.run(&args)
}

#[test]
fn the_reference_pairs_page() {
    let output = status(&[
        "programs/logs/senior-ic/pair-017.toml",
        "--program",
        "programs",
        "--as-of",
        "2025-06-01",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.stderr, "");
    insta::assert_snapshot!("pair_017_markdown", output.stdout);
}

#[test]
fn the_page_shows_wins_with_their_session_the_next_deadline_and_the_next_session() {
    let scratch = Scratch::new();
    let output = active_page(&scratch, &[]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let page = output.stdout;
    assert!(
        page.contains(
            "- ✓ **A real decision reviewed with the Decision Review lens** \
             (`first-decision-review`) — Leadership judgment under ambiguity: met on 2025-03-31 \
             in session 3, on time: due by session 4."
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "- **Next session**: session 4, by **2025-04-28** at the latest (the program allows \
             at most 4 weeks between sessions)."
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "- **Next deadline**: An influence attempt reviewed, naming what was misread \
             (`influence-reflection`), by week 10 (2025-05-12)."
        ),
        "{page}"
    );
    assert!(
        page.contains("| 1 of 2 |"),
        "one milestone met of two: {page}"
    );
    // The cancelled session is on the timeline, in date order, without a number.
    assert!(
        page.contains("| — | 2025-03-24 | cancelled | — | — | — | — |"),
        "{page}"
    );
    // A sentence where an outcome id belongs is left out, and reported as a finding that
    // names no words.
    assert!(
        page.contains("| 2 | 2025-03-17 | held, check-in | Framing & Trust | — | — | — |"),
        "{page}"
    );
    assert!(
        page.contains("L009"),
        "the unknown outcome is a finding: {page}"
    );
}

#[test]
fn no_takeaway_answer_or_person_reaches_any_output() {
    let scratch = Scratch::new();
    for format in ["md", "html"] {
        let output = active_page(&scratch, &["--format", format]);
        assert_eq!(output.status, 0, "{}", output.stderr);
        for marker in MARKERS {
            assert!(
                !output.stdout.contains(marker),
                "{format}: {marker} on stdout"
            );
            assert!(
                !output.stderr.contains(marker),
                "{format}: {marker} on stderr"
            );
        }
    }
    // Nor when the log cannot be parsed: the file's problems on stderr are masked.
    scratch.write(
        "broken.toml",
        format!("{ACTIVE_LOG}\n[[sessions]\ntakeaway = \"TAKEAWAY-MARKER broken\"\n"),
    );
    let output = scratch.run(&[
        "status",
        "--color",
        "never",
        "broken.toml",
        "-p",
        "programs",
        "--as-of",
        "2025-04-10",
    ]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(output.stdout, "");
    for marker in MARKERS {
        assert!(!output.stderr.contains(marker), "{marker} on stderr");
    }
}

const HOSTILE_PROGRAM: &str = r##"
program hostile "Tags <b>bold</b> & more" {
    version "<i>1</i>"
    length 3 sessions within 12 weeks
    cadence every 1 week, gap at most 2 weeks
    outcome good "Good </li><script>alert(1)</script>"
    competency c "Competency <em>"
    lens l "Lens </section>" {
        section "Section" {
            field f "Field"
        }
    }
    phase one "Phase <title>" sessions 1..3 {
        goal "<script>alert(2)</script>"
        lenses any
    }
    milestone m "Milestone <svg onload=alert(1)>" {
        competency c
        due by session 3
        evidence lens l
    }
    milestone later "Later <img src=x onerror=alert(1)>" {
        competency c
        due by week 8
    }
}
"##;

#[test]
fn program_text_and_file_names_come_out_as_text() {
    let scratch = Scratch::new();
    scratch.write("hostile.mentor", HOSTILE_PROGRAM);
    // A log with no pair id is named by its file, whose name is input too.
    let log = "program = \"hostile\"\nstarted = 2025-01-06\n\n[[sessions]]\nnumber = 1\n\
               date = 2025-01-06\nminutes = 60\noutcome = \"good\"\nlens = \"l\"\n\
               milestones = [\"m\"]\n[sessions.answers]\nf = \"x\"\n";
    scratch.write("<b>pair</b>.toml", log);
    let html = scratch.run(&[
        "status",
        "<b>pair</b>.toml",
        "-p",
        "hostile.mentor",
        "--as-of",
        "2025-01-10",
        "--format",
        "html",
    ]);
    assert_eq!(html.status, 0, "{html:#?}");
    let html = html.stdout;
    for raw in [
        "<script",
        "<b>",
        "<i>",
        "<em>",
        "<img",
        "<svg",
        "<title>Phase",
        "</li><script",
    ] {
        assert!(!html.contains(raw), "`{raw}` reached the HTML unescaped");
    }
    for escaped in [
        "Tags &lt;b&gt;bold&lt;/b&gt; &amp; more",
        "&lt;script&gt;alert(2)&lt;/script&gt;",
        "Milestone &lt;svg onload=alert(1)&gt;",
        "&lt;b&gt;pair&lt;/b&gt;.toml",
    ] {
        assert!(html.contains(escaped), "no `{escaped}` in the HTML");
    }
    // Self-contained: nothing is fetched, nothing runs.
    for absent in ["<link", "@import", "url(", "http://", "https://"] {
        assert!(!html.contains(absent), "the HTML contains `{absent}`");
    }
    assert!(html.contains("@page { size: A4;"));

    let markdown = scratch.run(&[
        "status",
        "<b>pair</b>.toml",
        "-p",
        "hostile.mentor",
        "--as-of",
        "2025-01-10",
    ]);
    assert_eq!(markdown.status, 0, "{markdown:#?}");
    assert!(!markdown.stdout.contains("<script>"));
    assert!(
        markdown
            .stdout
            .starts_with("# Pair page: \\<b\\>pair\\</b\\>.toml\n"),
        "{}",
        markdown.stdout
    );
    assert!(markdown.stdout.contains(r"- \<script\>alert(2)\</script\>"));
}

#[test]
fn a_json_lines_file_needs_pair_to_choose_its_log() {
    let file = "programs/logs/senior-ic/cohort-2025-spring.jsonl";
    let output = status(&[
        file,
        "-p",
        "programs",
        "--as-of",
        "2025-04-10",
        "--pair",
        "pair-033",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    // By hand: session 4 on 2025-03-24 plus 4 weeks is 2025-04-21; both milestones met, in
    // sessions 3 and 4.
    assert!(output.stdout.starts_with("# Pair page: `pair-033`\n"));
    assert!(
        output
            .stdout
            .contains("session 5, by **2025-04-21** at the latest")
    );
    assert!(
        output
            .stdout
            .contains("met on 2025-03-10 in session 3, on time")
    );
    assert!(
        output
            .stdout
            .contains("met on 2025-03-24 in session 4, on time")
    );
    for other in ["pair-031", "pair-032"] {
        assert!(!output.stdout.contains(other), "{other} on pair-033's page");
    }

    let several = status(&[file, "-p", "programs", "--as-of", "2025-04-10"]);
    assert_eq!(several.status, 2);
    assert_eq!(several.stdout, "");
    assert_eq!(
        several.stderr,
        "error: no pair page written: 3 logs were read; choose one with `--pair ID`: \
         `pair-031`, `pair-032`, `pair-033`\n"
    );

    let unknown = status(&[file, "-p", "programs", "--pair", "pair-0033"]);
    assert_eq!(unknown.status, 2);
    assert_eq!(unknown.stdout, "");
    assert_eq!(
        unknown.stderr,
        "error: no pair page written: no log read is of pair `pair-0033`; did you mean \
         `pair-033`?\n"
    );
}

#[test]
fn logs_and_programs_that_cannot_be_read_write_no_page() {
    let missing = status(&["programs/logs/no-such-pair.toml", "-p", "programs"]);
    assert_eq!(missing.status, 2, "{missing:#?}");
    assert_eq!(missing.stdout, "");
    assert!(missing.stderr.contains("F001"), "{}", missing.stderr);
    assert!(
        missing
            .stderr
            .ends_with("error: no pair page written: no log was read\n")
    );

    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "other.toml",
        ACTIVE_LOG.replace("\"senior-ic\"", "\"senior-ics\""),
    );
    let unknown_program = scratch.run(&["status", "other.toml", "-p", "programs"]);
    assert_eq!(unknown_program.status, 2, "{unknown_program:#?}");
    assert_eq!(unknown_program.stdout, "");
    assert!(
        unknown_program
            .stderr
            .contains("the log follows `senior-ics`, which is not among the programs given"),
        "{}",
        unknown_program.stderr
    );

    // A program with errors: its diagnostics, exit 1, and the file `-o` names is not touched.
    scratch.write(
        "broken/p.mentor",
        "program broken \"B\" {\n    phase a \"A\" sessions 2..1 {}\n}\n",
    );
    scratch.write("page.md", "before");
    let broken = scratch.run(&["status", "other.toml", "-p", "broken", "-o", "page.md"]);
    assert_eq!(broken.status, 1, "{broken:#?}");
    assert!(
        broken
            .stderr
            .contains("error: no pair page written: a program has errors")
    );
    assert_eq!(
        std::fs::read_to_string(scratch.path().join("page.md")).unwrap(),
        "before"
    );
}

#[test]
fn findings_are_on_the_page_and_do_not_fail_it() {
    // `pair-033` stalled: as of 2025-06-01 its log breaks `L035` (an error), yet the page is
    // written and the run exits 0.
    let output = status(&[
        "programs/logs/senior-ic/cohort-2025-spring.jsonl",
        "-p",
        "programs",
        "--as-of",
        "2025-06-01",
        "--pair",
        "pair-033",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.stderr, "");
    let page = output.stdout;
    assert!(
        page.contains("session 5, was due by **2025-04-21**: overdue"),
        "{page}"
    );
    assert!(
        page.contains("## At risk\n\n- inactive: due by 2025-04-21\n"),
        "{page}"
    );
    assert!(
        page.contains(
            "| L035 `pair-inactive` | error | no session held since session 4 on 2025-03-24, \
             69 days before 2025-06-01;"
        ),
        "{page}"
    );
}

/// A `senior-ic` pair that held its two framing sessions in January 2025, with `status`.
fn two_framing_sessions(status: &str) -> String {
    format!(
        "program = \"senior-ic\"\nversion = \"2025.1\"\npair    = \"pair-091\"\n\
         started = 2025-01-06\nstatus  = \"{status}\"\n\n\
         [[sessions]]\nnumber  = 1\ndate    = 2025-01-06\nminutes = 60\noutcome = \"assumption\"\n\n\
         [[sessions]]\nnumber  = 2\ndate    = 2025-01-20\nminutes = 50\noutcome = \"behavior\"\n"
    )
}

#[test]
fn a_re_matched_pair_owes_no_session_and_no_milestone() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let page = |status: &str, format: &str| {
        scratch.write("pair.toml", two_framing_sessions(status));
        let output = scratch.run(&[
            "status",
            "pair.toml",
            "-p",
            "programs",
            "--as-of",
            "2025-06-01",
            "--format",
            format,
        ]);
        assert_eq!(output.status, 0, "{output:#?}");
        output.stdout
    };
    // Still active, the same log is overdue and at risk by then.
    let active = page("active", "md");
    assert!(active.contains("overdue"), "{active}");
    assert!(active.contains("## At risk"), "{active}");
    let sentence = "The pair was re-matched after its chemistry sessions: no session is due.";
    let markdown = page("re-matched", "md");
    assert!(markdown.contains(&format!("{sentence}\n")), "{markdown}");
    assert!(
        markdown.contains("| re-matched | — | 2025-01-06 |"),
        "{markdown}"
    );
    assert!(markdown.contains("| 0 of 0 |"), "{markdown}");
    assert!(!markdown.contains("overdue"), "{markdown}");
    assert!(!markdown.contains("## At risk"), "{markdown}");
    let html = page("re-matched", "html");
    assert!(html.contains(&format!("<p>{sentence}</p>")), "{html}");
    assert!(
        html.contains("<div><dt>Status</dt><dd>re-matched</dd></div>"),
        "{html}"
    );
}

#[test]
fn the_configuration_gives_the_programs_and_logs() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "mentor.toml",
        "program = \"programs\"\nlogs = [\"programs/logs/senior-ic/cohort-2025-spring.jsonl\"]\n",
    );
    let output = scratch.run(&["status", "--pair", "pair-031", "--as-of", "2025-06-01"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert!(output.stdout.starts_with("# Pair page: `pair-031`\n"));
    assert!(
        output
            .stdout
            .contains("The pair completed the program: no session is due.")
    );
}

#[test]
fn dash_o_writes_the_page_and_nothing_on_stdout() {
    let scratch = Scratch::new();
    let output = active_page(&scratch, &["--format", "html", "-o", "page.html"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(output.stdout, "");
    let html = std::fs::read_to_string(scratch.path().join("page.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<ol class=\"timeline\">"));
    // The same page twice is the same bytes.
    let again = active_page(&scratch, &["--format", "html"]);
    assert_eq!(again.stdout, html);
}

#[test]
fn approved_pauses_and_extensions_move_the_pairs_dates() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "mentor-exceptions.toml",
        "[[pause]]\npair = \"pair-044\"\nfrom = 2025-03-10\nto = 2025-03-31\n\
         reason = \"REASON-MARKER\"\napproved-by = \"program-lead\"\napproved = 2025-02-28\n\n\
         [[extend]]\npair = \"pair-044\"\nmilestone = \"influence-reflection\"\nto = 2025-05-30\n\
         reason = \"REASON-MARKER\"\napproved-by = \"program-lead\"\napproved = 2025-03-10\n",
    );
    let run = |extra: &[&str]| {
        let mut args = vec![
            "status",
            "programs/logs/senior-ic-failing/overdue-milestone.toml",
            "-p",
            "programs",
            "--as-of",
            "2025-04-08",
        ];
        args.extend_from_slice(extra);
        scratch.run(&args)
    };
    let output = run(&[]);
    assert_eq!(output.status, 0, "{output:#?}");
    let page = output.stdout;
    // By hand: the last session (the program's fifth and last, so the next has no number) on
    // 2025-03-03 plus 28 days is 2025-03-31, moved by the 21 days paused from 2025-03-10 to
    // 2025-04-21.
    assert!(
        page.contains("- **Next session**: by **2025-04-21** at the latest"),
        "{page}"
    );
    assert!(
        page.contains(
            "(`influence-reflection`), by 2025-05-30 (moved from week 10 by an approved extension)."
        ),
        "{page}"
    );
    assert!(!page.contains("REASON-MARKER") && !output.stderr.contains("REASON-MARKER"));

    // Without them, the same pair was due by 2025-03-31 and owes the milestone since week 10.
    scratch.write("none.toml", "");
    let page = run(&["--exceptions", "none.toml"]).stdout;
    assert!(
        page.contains("- **Next session**: was due by **2025-03-31**: overdue"),
        "{page}"
    );
    assert!(
        page.contains("| by week 10 (2025-03-17) | **overdue** |"),
        "{page}"
    );
}

#[test]
fn a_log_with_nothing_to_count_from_says_so_not_that_the_program_has_no_limit() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "logs/nostart.json",
        r#"{"program": "senior-ic", "version": "2025.1", "pair": "nostart", "status": "active", "sessions": []}"#,
    );
    let output = scratch.run(&[
        "status",
        "-p",
        "programs/senior-ic.mentor",
        "logs/nostart.json",
        "--as-of",
        "2025-06-01",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
        output.stdout.contains(
            "session 1, no date: the log gives no start date or dated session to count the longest gap from"
        ),
        "{}",
        output.stdout
    );
    assert!(
        !output.stdout.contains("sets no longest gap"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_pair_with_two_logs_is_listed_once_when_pair_is_asked_for() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let log = |id: &str| {
        format!(r#"{{"program": "senior-ic", "pair": "{id}", "started": "2025-01-06"}}"#)
    };
    scratch.write(
        "logs/cohort.jsonl",
        format!("{}\n{}\n{}\n", log("p-00"), log("p-00"), log("p-01")),
    );
    let output = scratch.run(&[
        "status",
        "-p",
        "programs/senior-ic.mentor",
        "logs/cohort.jsonl",
        "--as-of",
        "2025-06-01",
    ]);
    assert_eq!(output.status, 2, "{output:?}");
    assert!(
        output
            .stderr
            .contains("3 logs were read; choose one with `--pair ID`: `p-00`, `p-01`\n"),
        "{}",
        output.stderr
    );
}

/// Issue 19: a JSON Lines file is read in a stream by `status` too, and gives the page and the
/// problems standard input (read whole) gives: a broken record shown at its line, masked.
#[test]
fn a_streamed_json_lines_file_gives_the_page_standard_input_gives() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let text = crate::support::cohort_with_a_broken_record(&[]).join("\n") + "\n";
    let args = [
        "status",
        "--color",
        "never",
        "-p",
        "programs",
        "--as-of",
        "2025-04-10",
        "--pair",
        "pair-033",
    ];
    let (file, stdin) = crate::support::run_file_and_stdin(&scratch, &args, &text);
    assert_eq!(file.status, 2, "{}", file.stderr);
    assert_eq!(stdin.status, file.status);
    assert_eq!(file.stdout, stdin.stdout);
    assert!(file.stdout.starts_with("# Pair page: `pair-033`\n"));
    assert_eq!(file.stderr.replace("cohort.jsonl", "<stdin>"), stdin.stderr);
    assert!(file.stderr.contains("cohort.jsonl:2:"), "{}", file.stderr);
    assert!(!file.stderr.contains("SECRET"), "{}", file.stderr);
}
