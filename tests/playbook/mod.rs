//! `mentor playbook`: snapshots of every program in both formats, the "Done when" content of
//! the reference playbook, escaping, dates, the CLI contract (exit codes, `-o` written
//! atomically), and a real browser printing the HTML to PDF.

mod browser;

use std::path::Path;

use mentor::diagnostic::Diagnostics;
use mentor::model::{LensRule, Program};
use mentor::resolve::{Loaded, load};
use mentor::source::Sources;

use crate::support::{Scratch, crate_root, mentor_files, run_in};

/// The program in `path` (relative to the crate root), or `None` for a library.
fn load_program(path: &Path) -> Option<Program> {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    match load(&crate_root().join(path), &mut sources, &mut diagnostics) {
        Loaded::Program(program) => Some(*program),
        Loaded::Library | Loaded::Nothing => None,
    }
}

/// Every program file in `programs/` (walked, so new files are covered), relative to the crate
/// root, with libraries left out: a library has no playbook of its own.
fn programs() -> Vec<(String, Program)> {
    let root = crate_root();
    let found: Vec<(String, Program)> = mentor_files(&root.join("programs"))
        .iter()
        .filter_map(|p| {
            let relative = p.strip_prefix(root).expect("under the crate root");
            load_program(relative).map(|program| (relative.display().to_string(), program))
        })
        .collect();
    assert!(
        found.iter().any(|(f, _)| f == "programs/senior-ic.mentor"),
        "the walk finds the reference program"
    );
    found
}

/// `mentor playbook ARGS` in the crate root; the run must succeed with nothing on stderr.
fn playbook(args: &[&str]) -> String {
    let mut all = vec!["playbook"];
    all.extend_from_slice(args);
    let output = run_in(crate_root(), &all);
    assert_eq!(output.status, 0, "mentor {all:?}\n{output:#?}");
    assert_eq!(output.stderr, "", "mentor {all:?} printed on stderr");
    output.stdout
}

fn stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_program_has_a_markdown_and_an_html_playbook() {
    for (file, _) in programs() {
        let name = stem(&file);
        insta::assert_snapshot!(format!("{name}.md"), playbook(&[&file]));
        insta::assert_snapshot!(
            format!("{name}.html"),
            playbook(&[&file, "--format", "html"])
        );
    }
}

#[test]
fn every_track_has_a_dated_playbook() {
    for (file, program) in programs() {
        for track in &program.tracks {
            let name = format!("{}.{}.start-2025-01-06", stem(&file), track.id);
            insta::assert_snapshot!(
                format!("{name}.md"),
                playbook(&[&file, "--track", &track.id, "--start", "2025-01-06"])
            );
        }
    }
}

#[test]
fn a_dated_html_playbook_on_letter_paper() {
    insta::assert_snapshot!(
        "senior-ic.start-2025-01-06.letter.html",
        playbook(&[
            "programs/senior-ic.mentor",
            "--format",
            "html",
            "--start",
            "2025-01-06",
            "--paper",
            "letter"
        ])
    );
}

/// Every text a reader of the reference playbook needs, read from the model.
fn reference_texts(program: &Program) -> Vec<String> {
    let mut texts = vec![program.title.clone()];
    texts.extend(program.audience.clone());
    texts.extend(program.purpose.clone());
    texts.extend(program.mentorship_is.iter().cloned());
    texts.extend(program.mentorship_is_not.iter().cloned());
    for phase in &program.phases {
        texts.push(phase.label.clone());
        texts.extend(phase.goals.iter().cloned());
        texts.extend(phase.bring.iter().cloned());
        texts.extend(phase.not_expected.iter().cloned());
        texts.extend(phase.notes.iter().cloned());
        texts.extend(phase.docs.iter().cloned());
    }
    texts.extend(program.outcomes.iter().map(|o| o.label.clone()));
    texts.extend(program.competencies.iter().map(|c| c.label.clone()));
    texts.extend(program.milestones.iter().map(|m| m.label.clone()));
    for lens in worksheet_lenses(program) {
        texts.push(lens.label.clone());
        for section in &lens.sections {
            texts.push(section.title.clone());
            texts.extend(section.fields.iter().map(|f| f.label.clone()));
        }
    }
    texts
}

/// The lenses a phase of the program names: each must have a worksheet.
fn worksheet_lenses(program: &Program) -> Vec<&mentor::model::Lens> {
    program
        .lenses
        .iter()
        .filter(|lens| {
            program.phases.iter().any(|p| match &p.lens_rule {
                LensRule::Choose { of, .. } => of.contains(&lens.id),
                LensRule::Unrestricted => true,
                LensRule::None => false,
            })
        })
        .collect()
}

#[test]
fn the_reference_playbook_says_everything_the_program_says() {
    let program = load_program(Path::new("programs/senior-ic.mentor")).expect("a program");
    assert_eq!(worksheet_lenses(&program).len(), 2, "Lens A and Lens B");
    let markdown = playbook(&["programs/senior-ic.mentor"]);
    let html = playbook(&["programs/senior-ic.mentor", "--format", "html"]);
    for text in reference_texts(&program) {
        assert!(markdown.contains(&text), "the Markdown lacks `{text}`");
        let escaped = html_escape::encode_double_quoted_attribute(&text);
        assert!(html.contains(escaped.as_ref()), "the HTML lacks `{text}`");
    }
    // What to bring is a checklist on GitHub.
    for item in &program.phases[0].bring {
        assert!(
            markdown.contains(&format!("- [ ] {item}")),
            "no checkbox for `{item}`"
        );
    }
    // The library's other lenses are not used by this program: no worksheet for them.
    for unused in ["Observation", "Hands-on Assignment", "Progress Review"] {
        assert!(
            !markdown.contains(&format!("Worksheet: {unused}")),
            "a worksheet for the unused lens `{unused}`"
        );
    }
}

#[test]
fn the_html_is_self_contained_with_a_print_stylesheet() {
    let html = playbook(&["programs/senior-ic.mentor", "--format", "html"]);
    for absent in [
        "<script",
        "<link",
        "<img",
        "@import",
        "@font-face",
        "url(",
        "http://",
        "https://",
    ] {
        let outside_svg_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !outside_svg_namespace.contains(absent),
            "the HTML contains `{absent}`"
        );
    }
    for present in [
        "@page { size: A4;",
        "@page letter { size: letter;",
        "content: \"Page \" counter(page) \" of \" counter(pages);",
        "break-before: page",
        "break-inside: avoid",
        "<svg class=\"timeline\" role=\"img\"",
        "<section class=\"phase\"",
        "<section class=\"worksheet\"",
        "<th scope=\"col\" class=\"met\">Met on</th>",
        "<h1>",
        "<html lang=\"en\">",
    ] {
        assert!(html.contains(present), "the HTML lacks `{present}`");
    }
}

const HOSTILE_PROGRAM: &str = r##"
program hostile "Tags <b>bold</b> & more" {
    audience "People who type <i>"
    purpose "Purpose with <img src=x onerror=alert(1)>"
    mentorship is { "<script>alert(1)</script>" }
    mentorship is-not { "A | table * breaker _ [link](x)" }
    length 3 sessions
    cadence every 1 week
    outcome good "Good </li>" 
    competency c "Competency <em>"
    lens l "Lens </section>" {
        section "Section <h1>" {
            field f "Field <textarea>"
        }
    }
    phase one "Phase <title>" sessions 1..2 {
        goal "<script>alert(1)</script>"
        bring "# not a heading & &amp; entity"
        not-expected "</ul>"
        note "Note with a `backtick`"
        lenses none
    }
    phase two "Two" sessions 3 {
        lenses exactly 1 of l
    }
    milestone m "Milestone <svg onload=alert(1)>" {
        competency c
        due by session 3
        evidence lens l
    }
}
"##;

#[test]
fn program_text_comes_out_as_text() {
    let scratch = Scratch::new();
    scratch.write("hostile.mentor", HOSTILE_PROGRAM);
    let check = scratch.run(&["check", "--color", "never", "hostile.mentor"]);
    assert_eq!(check.status, 0, "the hostile program is valid\n{check:#?}");

    let html = scratch.run(&["playbook", "hostile.mentor", "--format", "html"]);
    assert_eq!(html.status, 0, "{html:#?}");
    let html = html.stdout;
    assert!(!html.contains("<script"), "a raw <script> tag in the HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for raw in [
        "<img",
        "<b>",
        "<i>",
        "<em>",
        "<h1>Section",
        "<textarea",
        "<title>Phase",
        "<svg onload",
    ] {
        assert!(
            !html.contains(raw),
            "`{raw}` from the program reached the HTML unescaped"
        );
    }
    assert!(html.contains("Tags &lt;b&gt;bold&lt;/b&gt; &amp; more"));
    assert!(html.contains("Field &lt;textarea&gt;"));

    let markdown = scratch.run(&["playbook", "hostile.mentor"]);
    assert_eq!(markdown.status, 0, "{markdown:#?}");
    let markdown = markdown.stdout;
    assert!(
        !markdown.contains("<script>"),
        "a raw <script> tag in the Markdown"
    );
    assert!(markdown.contains(r"\<script\>alert(1)\</script\>"));
    assert!(markdown.contains(r"A \| table \* breaker \_ \[link\](x)"));
    assert!(markdown.contains(r"- [ ] \# not a heading & &amp;amp; entity"));
}

#[test]
fn a_start_date_turns_deadlines_into_dates() {
    let markdown = playbook(&["programs/senior-ic.mentor", "--start", "2025-01-06"]);
    // `by week 10`: start + 70 days, exact.
    assert!(markdown.contains("by week 10 (2025-03-17)"), "{markdown}");
    // `by session 4` with `every 2 weeks`: session 1 on the start, session 4 six weeks later.
    assert!(markdown.contains("by session 4 (around 2025-02-17, estimated)"));
    assert!(markdown.contains("_Around 2025-02-03 to 2025-03-03 (estimated from the cadence)._"));
    let undated = playbook(&["programs/senior-ic.mentor"]);
    assert!(undated.contains("| by session 4 |") && undated.contains("| by week 10 |"));
    assert!(!undated.contains("2025-"), "no dates without --start");
}

#[test]
fn output_is_deterministic() {
    for args in [
        &["programs/leadership-tracks.mentor", "--format", "html"][..],
        &[
            "programs/leadership-tracks.mentor",
            "--track",
            "product",
            "--start",
            "2026-02-02",
        ][..],
    ] {
        assert_eq!(playbook(args), playbook(args));
    }
}

#[test]
fn an_unknown_track_is_a_usage_error_with_a_suggestion() {
    let output = run_in(
        crate_root(),
        &[
            "playbook",
            "--color",
            "never",
            "programs/leadership-tracks.mentor",
            "--track",
            "enginering",
        ],
    );
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(output.stdout, "");
    assert!(
        output
            .stderr
            .contains("`--track enginering` names no track of program `leadership-tracks`")
    );
    assert!(
        output.stderr.contains("did you mean `engineering`?"),
        "{}",
        output.stderr
    );

    let none = run_in(
        crate_root(),
        &[
            "playbook",
            "--color",
            "never",
            "programs/senior-ic.mentor",
            "--track",
            "engineering",
        ],
    );
    assert_eq!(none.status, 2);
    assert!(none.stderr.contains("has no tracks"), "{}", none.stderr);
}

#[test]
fn a_track_playbook_shows_the_track_milestones() {
    let markdown = playbook(&[
        "programs/leadership-tracks.mentor",
        "--track",
        "engineering",
    ]);
    assert!(markdown.contains("**Track:** Engineering"));
    assert!(markdown.contains("A technical direction defended before senior decision-makers"));
    assert!(
        markdown.contains(
            "instead of “A strategic recommendation presented and defended under scrutiny”"
        )
    );
    assert!(
        !markdown.contains("| A strategic recommendation"),
        "the replaced milestone is not owed"
    );
    assert!(
        !markdown.contains("## 8. Tracks"),
        "no track overview in a track's playbook"
    );
}

#[test]
fn a_program_with_errors_prints_diagnostics_and_no_playbook() {
    let scratch = Scratch::new();
    scratch.write(
        "broken.mentor",
        "program broken \"Broken\" {\n    phase one \"One\" sessions 1..2 { lenses exactly 1 of nope }\n}\n",
    );
    scratch.write("out.md", "the previous playbook\n");
    let output = scratch.run(&[
        "playbook",
        "--color",
        "never",
        "broken.mentor",
        "-o",
        "out.md",
    ]);
    assert_eq!(output.status, 1, "{output:#?}");
    assert_eq!(output.stdout, "", "no playbook on stdout");
    assert!(output.stderr.contains("P002"), "{}", output.stderr);
    assert!(output.stderr.contains("no playbook written"));
    assert_eq!(
        std::fs::read_to_string(scratch.path().join("out.md")).expect("out.md"),
        "the previous playbook\n",
        "a failed run leaves the previous file alone"
    );
    let mut names: Vec<String> = std::fs::read_dir(scratch.path())
        .expect("read the scratch directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["broken.mentor", "out.md"],
        "no temporary file is left behind"
    );

    let missing = scratch.run(&["playbook", "--color", "never", "missing.mentor"]);
    assert_eq!(missing.status, 2, "an unreadable file: {missing:#?}");
    let library = run_in(
        crate_root(),
        &["playbook", "--color", "never", "programs/lib/lenses.mentor"],
    );
    assert_eq!(library.status, 1);
    assert!(
        library.stderr.contains("holds no program"),
        "{}",
        library.stderr
    );
}

#[test]
fn dash_o_writes_the_file_and_nothing_on_stdout() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write("out/playbook.html", "old");
    let output = scratch.run(&[
        "playbook",
        "programs/senior-ic.mentor",
        "--format",
        "html",
        "-o",
        "out/playbook.html",
    ]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(output.stdout, "");
    let written =
        std::fs::read_to_string(scratch.path().join("out/playbook.html")).expect("written");
    assert_eq!(
        written,
        playbook(&["programs/senior-ic.mentor", "--format", "html"])
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let fresh = scratch.run(&["playbook", "programs/senior-ic.mentor", "-o", "new.md"]);
        assert_eq!(fresh.status, 0, "{fresh:#?}");
        let mode = std::fs::metadata(scratch.path().join("new.md"))
            .expect("new.md")
            .permissions()
            .mode();
        // A new file gets what the umask allows, like any file a shell redirect creates
        // (`tests/cli/writing.rs` tries several umasks).
        let reference = scratch.write("reference.md", "");
        let expected = std::fs::metadata(reference)
            .expect("reference.md")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            expected & 0o777,
            "a new playbook honours the umask"
        );
    }

    let unwritable = scratch.run(&[
        "playbook",
        "programs/senior-ic.mentor",
        "-o",
        "no/such/dir/p.md",
    ]);
    assert_eq!(unwritable.status, 2, "{unwritable:#?}");
    assert!(
        unwritable
            .stderr
            .contains("cannot write `no/such/dir/p.md`")
    );
}

#[test]
fn a_line_break_in_a_text_is_a_line_break_in_the_playbook() {
    let scratch = Scratch::new();
    scratch.write(
        "breaks.mentor",
        "program demo \"Demo\" {\n    purpose \"Grow judgment.\\nNot <provide> answers.\"\n    phase all \"All\" sessions 1..2 {\n        goal \"One\\n- Two\"\n        lenses any\n    }\n}\n",
    );
    let markdown = scratch.run(&["playbook", "breaks.mentor"]);
    assert_eq!(markdown.status, 0, "{markdown:#?}");
    // A hard break, each line escaped (a line starting with `-` is not a new list item).
    assert!(
        markdown
            .stdout
            .contains("**Grow judgment.\\\nNot \\<provide\\> answers.**"),
        "{}",
        markdown.stdout
    );
    assert!(
        markdown.stdout.contains("- One\\\n  \\- Two\n"),
        "{}",
        markdown.stdout
    );
    let html = scratch.run(&["playbook", "breaks.mentor", "--format", "html"]);
    assert!(
        html.stdout
            .contains("Grow judgment.<br>\nNot &lt;provide&gt; answers.")
    );
    assert!(html.stdout.contains("<li>One<br>\n- Two</li>"));
}

#[test]
fn the_header_and_notes_keep_line_breaks_and_strikethrough_is_text() {
    let scratch = Scratch::new();
    scratch.write(
        "md.mentor",
        "program demo \"Demo\" {\n    audience \"Leads\\n- and managers\"\n    purpose \"A ~~strike~~ here\"\n    phase all \"All\" sessions 1..2 {\n        note \"note\\n> nested\"\n        lenses any\n    }\n}\n",
    );
    let markdown = scratch.run(&["playbook", "md.mentor"]).stdout;
    assert!(
        markdown.contains("**For:** Leads\\\n\\- and managers"),
        "{markdown}"
    );
    assert!(markdown.contains(r"\~\~strike\~\~"), "{markdown}");
    assert!(markdown.contains("> note\\\n> \\> nested"), "{markdown}");
    let html = scratch
        .run(&["playbook", "md.mentor", "--format", "html"])
        .stdout;
    assert!(html.contains("Leads<br>\n- and managers"), "{html}");
    assert!(html.contains("note<br>\n&gt; nested"), "{html}");
}

/// Issue 17: the playbook says when reviews fall, in the phases and their session tables, and
/// the review worksheet says it is used in them.
#[test]
fn reviews_are_shown_where_they_fall() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let program = std::fs::read_to_string(scratch.path().join("programs/leadership-tracks.mentor"))
        .expect("read the program")
        .replace(
            "    review every 4 sessions\n",
            "    review every 4 sessions with lens progress-review\n",
        );
    scratch.write("programs/reviews.mentor", &program);
    let output = run_in(scratch.path(), &["playbook", "programs/reviews.mentor"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let markdown = output.stdout;
    for expected in [
        "**Reviews:** Session 4 is a review (a review at least every 4 sessions), with the Progress Review worksheet in place of this phase's.",
        "| 4 | Progress Review (review) |",
        "| 8 | Progress Review (review) |",
        "**Used in:** Strategic Initiatives (Sessions 9–11), Closing Review (Session 12), Review sessions (every 4 sessions)",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected:?} not in\n{markdown}"
        );
    }
    let html = run_in(
        scratch.path(),
        &["playbook", "programs/reviews.mentor", "--format", "html"],
    )
    .stdout;
    assert!(
        html.contains("<tr><td>4</td><td><a href=\"#lens-progress-review\">Progress Review</a> (review)</td></tr>"),
        "{html}"
    );
    // On the timeline, the numbers of sessions 4, 8 and 12 are circled, and said in words.
    let circled: Vec<&str> = html
        .split("class=\"tick on-review\" text-anchor=\"middle\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect();
    assert_eq!(circled, ["4", "8", "12"]);
    assert!(html.contains("; review sessions 4, 8 and 12;"), "{html}");
    assert!(html.contains("Review sessions are circled."), "{html}");
}

/// Issue 17: every phase band of the timeline is named: its title wraps inside the band, and a
/// band too narrow even for that is numbered and named in a key under the bands.
#[test]
fn the_timeline_names_every_phase() {
    let scratch = Scratch::new();
    scratch.write(
        "long.mentor",
        "program demo \"Demo\" {\n    length 60 sessions\n    cadence every 1 week\n    review every 4 sessions\n    \
         phase long \"The Long Middle\" sessions 1..58 {\n    }\n    \
         phase handover \"Handover & Consolidation\" sessions 59..60 {\n    }\n}\n",
    );
    let html = run_in(
        scratch.path(),
        &[
            "playbook",
            "long.mentor",
            "--format",
            "html",
            "--start",
            "2025-01-06",
        ],
    );
    assert_eq!(html.status, 0, "{}", html.stderr);
    let html = html.stdout;
    for expected in [
        // The wide band holds its title.
        "<tspan x=\"387.2\" dy=\"0.0\">1. The Long Middle</tspan>",
        // Two sessions of sixty: a number in the band, the title in the key.
        "<tspan x=\"771.2\" dy=\"0.0\">2</tspan>",
        "class=\"key\">2. Handover &amp; Consolidation</text>",
        // The caption has a line of its own, and the dates fit between the numbers.
        "class=\"axis-label\">Session, and its date if every session keeps the cadence (estimated)</text>",
        // The first date moved in from the edge, whole.
        "<text x=\"32.2\" y=\"52.0\" class=\"date\" text-anchor=\"middle\">2025-01-06</text>",
    ] {
        assert!(html.contains(expected), "{expected:?} not in\n{html}");
    }
    // Sixty sessions on 768 units: a date every tenth session (1, 11, …, 51), never closer.
    let dates = html.matches("class=\"date\" text-anchor").count();
    assert_eq!(dates, 6, "{html}");
    // Too many sessions to number each: a review is a dot above the bands, and the caption
    // says so.
    assert_eq!(
        html.matches("r=\"2.5\" class=\"review\"").count(),
        15,
        "{html}"
    );
    assert!(
        html.contains("A dot above the bands marks each review session."),
        "{html}"
    );
    assert!(
        html.contains("; 15 review sessions marked, from session 4 to session 60</desc>"),
        "{html}"
    );

    // A review every session of a thousand: the phase lists its first 50 (as its text does),
    // at most one dot per unit of the drawing, and the caption and description say so.
    scratch.write(
        "dense.mentor",
        "program demo \"Demo\" {\n    length 1000 sessions\n    cadence every 1 week\n    \
         review every 1 sessions\n    phase all \"All\" sessions 1..1000 {\n    }\n}\n",
    );
    let dense = run_in(
        scratch.path(),
        &["playbook", "dense.mentor", "--format", "html"],
    );
    assert_eq!(dense.status, 0, "{}", dense.stderr);
    let dense = dense.stdout;
    assert_eq!(dense.matches("class=\"review\"").count(), 39, "{dense}");
    for expected in [
        "All: sessions 1–1000; 50 review sessions marked, from session 1 to session 50, and more not marked</desc>",
        "A dot above the bands marks each review session (the first 50 of a phase).</figcaption>",
    ] {
        assert!(dense.contains(expected), "{expected:?} not in\n{dense}");
    }
}

/// Issue 17: `filled by` says who writes a lens's answers; the worksheet prints it. Once per
/// lens, one of three words, kept by the formatter.
#[test]
fn a_worksheet_says_who_fills_it_in() {
    let scratch = Scratch::new();
    let program = "program demo \"Demo\" {\n    lens review \"Review\" {\n        filled by both\n        section \"Progress\" {\n            field met \"What we met\"\n        }\n    }\n    phase all \"All\" sessions 1..3 {\n        lenses any of review\n    }\n}\n";
    scratch.write("demo.mentor", program);
    let markdown = run_in(scratch.path(), &["playbook", "demo.mentor"]);
    assert_eq!(markdown.status, 0, "{}", markdown.stderr);
    assert!(
        markdown
            .stdout
            .contains("**Filled in by:** the mentee and the mentor together  \n"),
        "{}",
        markdown.stdout
    );
    let html = run_in(
        scratch.path(),
        &["playbook", "demo.mentor", "--format", "html"],
    );
    assert!(
        html.stdout.contains(
            "<div><dt>Filled in by</dt><dd>the mentee and the mentor together</dd></div>"
        ),
        "{}",
        html.stdout
    );
    let formatted = run_in(scratch.path(), &["fmt", "--check", "demo.mentor"]);
    assert_eq!(formatted.status, 0, "{}", formatted.stdout);

    scratch.write(
        "twice.mentor",
        program.replace(
            "        filled by both\n",
            "        filled by both\n        filled by mentee\n",
        ),
    );
    let (twice, found) = scratch.check_json(&["twice.mentor"]);
    assert_eq!(twice.status, 1);
    let found: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|d| (d.code.as_str(), d.line, d.message.as_str()))
        .collect();
    assert_eq!(found, [("P003", 4, "`filled by` is already set")]);

    scratch.write(
        "coach.mentor",
        program.replace("filled by both", "filled by coach"),
    );
    let (coach, found) = scratch.check_json(&["coach.mentor"]);
    assert_eq!(coach.status, 1);
    assert_eq!(
        (
            found[0].code.as_str(),
            found[0].line,
            found[0].message.as_str()
        ),
        (
            "S001",
            3,
            "expected `both`, `mentee` or `mentor`, found `coach`"
        )
    );
}

/// Issue 17: `review at sessions 4, 10` names the review sessions: each phase says which of
/// them it holds (without "every N"), the rhythm and the review worksheet list them.
#[test]
fn reviews_at_listed_sessions_are_shown_where_they_fall() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let program = std::fs::read_to_string(scratch.path().join("programs/leadership-tracks.mentor"))
        .expect("read the program")
        .replace(
            "    review every 4 sessions\n",
            "    review at sessions 4, 10 with lens progress-review\n",
        );
    scratch.write("programs/reviews.mentor", &program);
    let output = run_in(scratch.path(), &["playbook", "programs/reviews.mentor"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let markdown = output.stdout;
    for expected in [
        "a formal review session at sessions 4 and 10, using the Progress Review worksheet whatever the phase",
        "**Reviews:** Session 4 is a review, with the Progress Review worksheet in place of this phase's.",
        "**Reviews:** Session 10 is a review, with the Progress Review worksheet in place of this phase's.",
        "| 4 | Progress Review (review) |",
        "Review sessions (sessions 4 and 10)",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected:?} not in\n{markdown}"
        );
    }
    assert!(
        !markdown.contains("| 8 | Progress Review (review) |"),
        "{markdown}"
    );
    assert!(!markdown.contains("every 4"), "{markdown}");
    let html = run_in(
        scratch.path(),
        &["playbook", "programs/reviews.mentor", "--format", "html"],
    )
    .stdout;
    assert!(
        html.contains("<strong>Reviews:</strong> Session 10 is a review, with the <a href=\"#lens-progress-review\">Progress Review</a> worksheet in place of this phase's.</p>"),
        "{html}"
    );
}

/// A phase with more reviews than the playbook lists says what follows the list, and
/// `review every 0 sessions` with `P007` turned off plans, and prints, no review.
#[test]
fn a_long_review_list_says_it_goes_on_and_no_review_every_0_sessions() {
    let scratch = Scratch::new();
    let program = "program demo \"Demo\" {\n    review every 4 sessions\n    phase all \"All\" sessions 1..400 {\n        lenses none\n    }\n}\n";
    scratch.write("long.mentor", program);
    let markdown = run_in(scratch.path(), &["playbook", "long.mentor"]).stdout;
    let listed: Vec<String> = (1..=50).map(|i| (i * 4).to_string()).collect();
    let expected = format!(
        "**Reviews:** Sessions {}, and every 4th session after that up to session 400, are reviews (a review at least every 4 sessions).",
        listed.join(", ")
    );
    assert!(
        markdown.contains(&expected),
        "{expected:?} not in\n{markdown}"
    );

    scratch.write(
        "zero.mentor",
        program.replace(
            "    review every 4 sessions\n",
            "    review every 0 sessions\n    severity P007 off\n",
        ),
    );
    for format in ["md", "html"] {
        let output = run_in(
            scratch.path(),
            &["playbook", "zero.mentor", "--format", format],
        );
        assert_eq!(output.status, 0, "{}", output.stderr);
        assert!(!output.stdout.contains("every 0"), "{}", output.stdout);
        assert!(!output.stdout.contains("Reviews"), "{}", output.stdout);
    }
    let skeleton = run_in(
        scratch.path(),
        &[
            "new",
            "log",
            "--program",
            "zero.mentor",
            "--pair",
            "pair-001",
            "--started",
            "2026-01-05",
        ],
    );
    assert_eq!(skeleton.status, 0, "{}", skeleton.stderr);
    assert!(!skeleton.stdout.contains("review"), "{}", skeleton.stdout);
}

/// Issue 17: `new-problems forbidden from here on` is printed once, in the phase that states
/// it, and not repeated in the later phases it holds in.
#[test]
fn a_rule_carried_forward_is_printed_once() {
    let scratch = Scratch::new();
    let program = "program demo \"Demo\" {\n    phase framing \"Framing\" sessions 1..2 {\n        lenses none\n    }\n    phase judgment \"Judgment\" sessions 3..4 {\n        lenses none\n        new-problems forbidden from here on\n    }\n    phase practice \"Practice\" sessions 5..6 {\n        lenses none\n    }\n    phase closing \"Closing\" sessions 7..8 {\n        lenses none\n    }\n}\n";
    scratch.write("demo.mentor", program);
    let sentence = "From this phase onward, sessions are not about new problems: they review leadership behavior you have already shown.";
    for format in ["md", "html"] {
        let output = run_in(
            scratch.path(),
            &["playbook", "demo.mentor", "--format", format],
        );
        assert_eq!(output.status, 0, "{}", output.stderr);
        assert_eq!(
            output.stdout.matches(sentence).count(),
            1,
            "{}",
            output.stdout
        );
        assert!(
            !output
                .stdout
                .contains("Sessions in this phase are not about new problems"),
            "{}",
            output.stdout
        );
        // Said in `judgment`, after its heading and before `practice`'s.
        let at = output.stdout.find(sentence).unwrap_or(0);
        let judgment = output.stdout.find("Judgment").unwrap_or(usize::MAX);
        let practice = output.stdout.rfind("Practice").unwrap_or(0);
        assert!(judgment < at && at < practice, "{}", output.stdout);
    }
    let formatted = run_in(scratch.path(), &["fmt", "--check", "demo.mentor"]);
    assert_eq!(formatted.status, 0, "{}", formatted.stdout);

    // `new-problems allowed` in `closing` ends it there, and says so.
    scratch.write(
        "ended.mentor",
        program.replace(
            "phase closing \"Closing\" sessions 7..8 {\n        lenses none\n",
            "phase closing \"Closing\" sessions 7..8 {\n        lenses none\n        new-problems allowed\n",
        ),
    );
    let markdown = run_in(scratch.path(), &["playbook", "ended.mentor"]).stdout;
    assert_eq!(markdown.matches(sentence).count(), 1, "{markdown}");
    assert!(
        markdown.contains("New problems are welcome in this phase."),
        "{markdown}"
    );
}

/// Issue 17: `agreement before session 2 { field … }` lists the parts of the agreement form the
/// playbook prints, in place of its own; labels are the program's text, escaped.
#[test]
fn the_agreement_form_prints_the_programs_fields() {
    let scratch = Scratch::new();
    let program = "program demo \"Demo\" {\n    commitment 2 hours per month\n    agreement before session 2 {\n        field contributions \"What each of us contributes\"\n        field time          \"Time commitment & <rescheduling>\"\n        field outcomes      \"Expected outcomes\"\n    }\n    phase all \"All\" sessions 1..3 {\n        lenses none\n    }\n}\n";
    scratch.write("demo.mentor", program);
    let markdown = run_in(scratch.path(), &["playbook", "demo.mentor"]);
    assert_eq!(markdown.status, 0, "{}", markdown.stderr);
    let expected = "### What each of us contributes\n\n&nbsp;\n\n&nbsp;\n\n### Time commitment & \\<rescheduling\\>\n\n&nbsp;\n\n&nbsp;\n\n### Expected outcomes\n";
    assert!(
        markdown.stdout.contains(expected),
        "{expected:?} not in\n{}",
        markdown.stdout
    );
    assert!(
        !markdown.stdout.contains("What the mentee contributes"),
        "{}",
        markdown.stdout
    );
    let html = run_in(
        scratch.path(),
        &["playbook", "demo.mentor", "--format", "html"],
    )
    .stdout;
    assert!(
        html.contains("<p class=\"field-label\">Time commitment &amp; &lt;rescheduling&gt;</p>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<p class=\"field-label\">").count(),
        3,
        "{html}"
    );
    let formatted = run_in(scratch.path(), &["fmt", "--check", "demo.mentor"]);
    assert_eq!(formatted.status, 0, "{}", formatted.stdout);

    // Without a block, the playbook's own fields.
    scratch.write(
        "plain.mentor",
        "program demo \"Demo\" {\n    agreement before session 2\n    phase all \"All\" sessions 1..3 {\n        lenses none\n    }\n}\n",
    );
    let plain = run_in(scratch.path(), &["playbook", "plain.mentor"]).stdout;
    assert!(
        plain.contains("### What the mentee contributes\n"),
        "{plain}"
    );

    // A field id twice is `P001`; an empty label `P028`.
    scratch.write(
        "broken.mentor",
        program
            .replace("field outcomes      \"Expected", "field time \"Expected")
            .replace("\"What each of us contributes\"", "\"  \""),
    );
    let (broken, found) = scratch.check_json(&["broken.mentor"]);
    assert_eq!(broken.status, 1);
    let found: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|d| (d.code.as_str(), d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "P028",
                4,
                "field `contributions` of the agreement has an empty label"
            ),
            ("P001", 6, "`time` is already a field of the agreement"),
        ]
    );
}

/// Issue 17: with `--start`, a dated plan lists each session with its estimated date, phase,
/// lens (the review's for review sessions) and the milestones due by then; a long program's
/// plan stops at 50 rows and says what the rest is. Without `--start`, no plan.
#[test]
fn a_start_date_gives_a_dated_plan_session_by_session() {
    let scratch = Scratch::new();
    scratch.write(
        "long.mentor",
        "program demo \"Demo\" {\n    length 120 sessions\n    cadence every 1 week\n    \
         review every 4 sessions with lens check-in\n    \
         lens talk \"Talk\" {\n        section \"S\" {\n            field f \"F\"\n        }\n    }\n    \
         lens check-in \"Check-in\" {\n        section \"S\" {\n            field f \"F\"\n        }\n    }\n    \
         phase all \"All Along\" sessions 1..120 {\n        lenses exactly 1 of talk, check-in\n        \
         progression talk\n    }\n    \
         milestone early \"Early win\" {\n        due by week 2\n    }\n    \
         milestone late \"Late win\" {\n        due by session 100\n    }\n}\n",
    );
    let dated = run_in(
        scratch.path(),
        &["playbook", "long.mentor", "--start", "2025-01-06"],
    );
    assert_eq!(dated.status, 0, "{}", dated.stderr);
    let markdown = dated.stdout;
    for expected in [
        // A chapter after the phases, before the milestones it dates.
        "## 3. Dated plan, session by session\n\n| Session | Around | Phase | Lens | Milestones due |\n",
        "| 1 | 2025-01-06 | 1. All Along | Talk |  |\n",
        // Week 2 is 14 days on: session 3, the last on or before it.
        "| 3 | 2025-01-20 | 1. All Along | Talk | 1. Early win (by week 2) |\n",
        "| 4 | 2025-01-27 | 1. All Along | Check-in **(review)** |  |\n",
        "| 50 | 2025-12-15 | 1. All Along | Talk |  |\n",
        "| 51–120 | 2025-12-22 – 2027-04-19 | The phases go on as above for 70 more sessions; 1 \
         more milestone falls due in them (see Milestones). | | |\n",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected:?} not in\n{markdown}"
        );
    }
    assert!(!markdown.contains("| 51 |"), "{markdown}");
    let html = run_in(
        scratch.path(),
        &[
            "playbook",
            "long.mentor",
            "--format",
            "html",
            "--start",
            "2025-01-06",
        ],
    )
    .stdout;
    for expected in [
        "<tr class=\"phase\"><th scope=\"rowgroup\" colspan=\"4\">1. All Along</th></tr>",
        "<tr><td class=\"num\">4</td><td><span class=\"date\">2025-01-27</span></td><td><a href=\"#lens-check-in\">Check-in</a> <strong>(review)</strong></td><td></td></tr>",
        "<td class=\"num nowrap\">51–120</td>",
    ] {
        assert!(html.contains(expected), "{expected:?} not in\n{html}");
    }
    // Fifty rows are too many to keep on one page: the plan may break between rows (a short
    // table is `short`, kept whole).
    assert!(
        html.contains(
            "<h2 id=\"plan-title\">Dated plan, session by session</h2>\n<table class=\"plan\">"
        ),
        "{html}"
    );

    let undated = run_in(scratch.path(), &["playbook", "long.mentor"]).stdout;
    assert!(!undated.contains("Dated plan"), "{undated}");
}

/// In Markdown, a phase without a progression states its lens choice once in the dated plan;
/// its later sessions point back to that row.
#[test]
fn the_dated_plan_states_a_phases_lens_choice_once() {
    let output = run_in(
        crate_root(),
        &[
            "playbook",
            "programs/leadership-tracks.mentor",
            "--start",
            "2026-01-05",
        ],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    let plan = output
        .stdout
        .split("Dated plan, session by session")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a dated plan");
    assert!(
        plan.contains("| 9 | 2026-04-27 | 4. Strategic Initiatives | exactly 1 of: Decision Review, Influence Attempt Review, Reflective Debrief, Progress Review |  |"),
        "{plan}"
    );
    assert!(
        plan.contains("| 10 | 2026-05-11 | 4. Strategic Initiatives | as session 9 |"),
        "{plan}"
    );
    assert_eq!(
        plan.matches("exactly 1 of: Decision Review").count(),
        1,
        "{plan}"
    );
}
