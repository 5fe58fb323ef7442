//! A real browser prints the HTML playbook: headless Chromium makes a PDF, poppler reads back
//! its page count (`pdfinfo`) and text (`pdftotext`).
//!
//! Gated by `MENTOR_BROWSER_TESTS=1`, which `.ci/run` sets after installing the Debian packages
//! `chromium` and `poppler-utils`. Unset, the test says on the terminal that it did not run and
//! why (the line is written past the test harness's output capture, so it shows in a plain
//! `cargo test`). Set, a missing browser or poppler fails the test.

use std::path::Path;

use super::{load_program, worksheet_lenses};
use crate::support::browser::{
    browser_tests_enabled, dump_dom, keep_for_people, pdf_info, poppler, print_to_pdf, screenshot,
    words,
};
use crate::support::{Scratch, crate_root, run_in};

#[test]
fn chromium_prints_the_playbook_with_its_worksheets() {
    if !browser_tests_enabled("playbook::browser::chromium_prints_the_playbook_with_its_worksheets")
    {
        return;
    }
    let scratch = Scratch::new();
    let program = load_program(Path::new("programs/senior-ic.mentor")).expect("a program");
    for (paper, size) in [("a4", "(A4)"), ("letter", "(letter)")] {
        let html = scratch.path().join(format!("playbook-{paper}.html"));
        let pdf = scratch.path().join(format!("playbook-{paper}.pdf"));
        let html_arg = html.display().to_string();
        let output = run_in(
            crate_root(),
            &[
                "playbook",
                "programs/senior-ic.mentor",
                "--format",
                "html",
                "--start",
                "2025-01-06",
                "--paper",
                paper,
                "-o",
                &html_arg,
            ],
        );
        assert_eq!(output.status, 0, "{output:#?}");
        print_to_pdf(
            &html,
            &pdf,
            &scratch.path().join(format!("profile-{paper}")),
        );

        if paper == "a4" {
            screenshot(
                &html,
                &scratch.path().join("playbook.png"),
                &scratch.path().join("profile-screenshot"),
                1000,
                1400,
            );
        }

        let (pages, page_size) = pdf_info(&pdf);
        // The cover, the arc, the phases and their dated plan, the milestones, then a page per
        // worksheet and the agreement's page. Before issue 17 senior-ic took 7 A4 pages with a
        // page per phase and had neither the plan nor the agreement; now 7 hold both.
        let worksheets = worksheet_lenses(&program).len() as u32;
        assert!(
            (3 + worksheets..=7).contains(&pages),
            "{paper}: a {pages}-page PDF"
        );
        assert!(page_size.ends_with(size), "{paper}: page size {page_size}");

        let text = words(&poppler("pdftotext", &[&pdf, Path::new("-")]));
        // Every page is numbered, on both papers.
        for page in 1..=pages {
            assert!(
                text.contains(&format!("Page {page} of {pages}")),
                "{paper}: page {page} has no number"
            );
        }
        for lens in worksheet_lenses(&program) {
            assert!(
                text.contains(&words(&lens.label)),
                "no worksheet `{}` in the PDF",
                lens.label
            );
            for section in &lens.sections {
                assert!(
                    text.contains(&words(&section.title)),
                    "no section `{}` in the PDF",
                    section.title
                );
                for field in &section.fields {
                    assert!(
                        text.contains(&words(&field.label)),
                        "no field `{}` in the PDF",
                        field.label
                    );
                }
            }
        }
        for phase in &program.phases {
            assert!(
                text.contains(&words(&phase.label)),
                "no phase `{}` in the PDF",
                phase.label
            );
        }
    }
}

/// Issue 17: each worksheet (six fields at most here) prints on one page, and the mentoring
/// agreement, printed from `agreement` and `commitment`, is one page with its signatures, on A4
/// and on Letter.
#[test]
fn chromium_prints_each_worksheet_and_the_agreement_on_one_page() {
    if !browser_tests_enabled(
        "playbook::browser::chromium_prints_each_worksheet_and_the_agreement_on_one_page",
    ) {
        return;
    }
    let scratch = Scratch::new();
    let program = load_program(Path::new("programs/leadership-tracks.mentor")).expect("a program");
    for paper in ["a4", "letter"] {
        let html = scratch.path().join(format!("agreement-{paper}.html"));
        let pdf = scratch.path().join(format!("agreement-{paper}.pdf"));
        let html_arg = html.display().to_string();
        let output = run_in(
            crate_root(),
            &[
                "playbook",
                "programs/leadership-tracks.mentor",
                "--format",
                "html",
                "--start",
                "2026-01-05",
                "--paper",
                paper,
                "-o",
                &html_arg,
            ],
        );
        assert_eq!(output.status, 0, "{output:#?}");
        print_to_pdf(
            &html,
            &pdf,
            &scratch.path().join(format!("profile-{paper}")),
        );
        let texts = page_texts(&pdf);
        let pages = texts.len();
        for lens in worksheet_lenses(&program) {
            let title = format!("WORKSHEET {}", words(&lens.label));
            let page = texts
                .iter()
                .find(|text| text.contains(&title))
                .unwrap_or_else(|| panic!("{paper}: no page starts worksheet {title:?}"));
            for field in lens.fields() {
                assert!(
                    page.contains(&words(&field.label)),
                    "{paper}: field {:?} of {title:?} is not on its page",
                    field.label
                );
            }
        }
        let last_page = texts.last().map_or("", String::as_str);
        assert!(
            last_page.starts_with("Mentoring agreement Fill it in together and sign it before session 2 (around 2026-01-19)."),
            "{paper}: the agreement does not start the last page: {last_page}"
        );
        for part in [
            "Start date 2026-01-05",
            "4 hours per month",
            "What the mentee contributes",
            "What the mentor contributes",
            "Signatures",
            &format!("Page {pages} of {pages}"),
        ] {
            assert!(
                last_page.contains(part),
                "{paper}: {part:?} not on the agreement's page: {last_page}"
            );
        }
    }
}

/// Issue 17: an agreement block of six parts (and the five milestones of leadership-tracks as
/// expected outcomes) still prints with its signatures on one page, on A4 and Letter: beyond
/// three parts each gets one ruled line.
#[test]
fn chromium_prints_a_six_part_agreement_with_its_signatures_on_one_page() {
    if !browser_tests_enabled(
        "playbook::browser::chromium_prints_a_six_part_agreement_with_its_signatures_on_one_page",
    ) {
        return;
    }
    let scratch = Scratch::new();
    scratch.copy_programs();
    let parts = [
        ("contributions", "What each of us contributes"),
        ("time", "Time we commit, and when we meet"),
        ("outcomes", "The outcomes we expect"),
        ("confidentiality", "What stays between us"),
        ("reschedule", "How we reschedule"),
        ("closing", "How we will know we are done"),
    ];
    let block: String = parts
        .iter()
        .map(|(id, label)| format!("        field {id} \"{label}\"\n"))
        .collect();
    let program = std::fs::read_to_string(scratch.path().join("programs/leadership-tracks.mentor"))
        .expect("read the program")
        .replacen(
            "    agreement before session 2\n",
            &format!("    agreement before session 2 {{\n{block}    }}\n"),
            1,
        );
    assert!(program.contains("field closing"));
    scratch.write("programs/six.mentor", &program);
    for paper in ["a4", "letter"] {
        let html = scratch.path().join(format!("six-{paper}.html"));
        let pdf = scratch.path().join(format!("six-{paper}.pdf"));
        let html_arg = html.display().to_string();
        let output = run_in(
            scratch.path(),
            &[
                "playbook",
                "programs/six.mentor",
                "--format",
                "html",
                "--paper",
                paper,
                "-o",
                &html_arg,
            ],
        );
        assert_eq!(output.status, 0, "{output:#?}");
        print_to_pdf(
            &html,
            &pdf,
            &scratch.path().join(format!("profile-{paper}")),
        );
        keep_for_people(&pdf);
        let texts = page_texts(&pdf);
        let last_page = texts.last().map_or("", String::as_str);
        assert!(
            last_page.starts_with("Mentoring agreement"),
            "{paper}: the agreement does not start the last page: {last_page}"
        );
        for part in parts.iter().map(|(_, label)| *label).chain(["Signatures"]) {
            assert!(
                last_page.contains(part),
                "{paper}: {part:?} not on the agreement's page: {last_page}"
            );
        }
    }
}

/// The page box's width in CSS pixels (96 to the inch), from the stylesheet's `@page` margins,
/// rounded down: A4 210 mm less 2 × 16 mm, Letter 8.5 in less 2 × 0.65 in.
const PAGE_BOX: [(&str, u32); 2] = [("a4", 672), ("letter", 691)];

/// A program whose texts are single words too long for any line or table cell.
const WIDE_PROGRAM: &str = r#"program wide "Wide https://example.com/a-very-long-address/that-does-not-break/anywhere" {
    purpose "See https://example.com/a-very-long-address/that-does-not-break/anywhere/at-all/in-this-line"
    length 6 sessions
    cadence every 2 weeks
    commitment 2 hours per month
    lens notes "Notes_with_a_very_long_label_that_has_no_spaces_in_it_at_all_anywhere_really" {
        section "Section_with_a_very_long_title_that_has_no_spaces_in_it_at_all_anywhere" {
            field f "Field_with_a_very_long_label_that_has_no_spaces_in_it_at_all_anywhere_ok"
        }
    }
    phase all "Phase_with_a_very_long_label_that_has_no_spaces_in_it_at_all_anywhere_ok" sessions 1..6 {
        goal "Goal_with_a_very_long_label_that_has_no_spaces_in_it_at_all_anywhere_really"
        lenses exactly 1 of notes
        progression notes
    }
    milestone m "Milestone_with_a_very_long_label_that_has_no_spaces_in_it_at_all_anywhere" {
        due by session 3
        evidence lens notes
    }
}
"#;

/// Issue 17: no table, worksheet, timeline or other box is wider than the printable area on
/// A4 or Letter (on Letter the right border of every table was cut off), for every program in
/// `programs/` and for one whose words are too long for any line. Chromium lays each page out
/// with its print rules in a window as wide as the page box; a script the test injects (the
/// playbook itself has none) writes down every box that leaves it.
#[test]
fn no_box_is_wider_than_the_printable_area() {
    if !browser_tests_enabled("playbook::browser::no_box_is_wider_than_the_printable_area") {
        return;
    }
    let scratch = Scratch::new();
    scratch.write("wide.mentor", WIDE_PROGRAM);
    let mut programs: Vec<String> = super::programs()
        .into_iter()
        .map(|(file, _)| crate_root().join(file).display().to_string())
        .collect();
    programs.push(scratch.path().join("wide.mentor").display().to_string());
    let script = include_str!("measure.js");
    for program in &programs {
        for (paper, width) in PAGE_BOX {
            let html = scratch.path().join(format!("measure-{paper}.html"));
            let html_arg = html.display().to_string();
            let output = run_in(
                crate_root(),
                &[
                    "playbook",
                    program,
                    "--format",
                    "html",
                    "--start",
                    "2025-01-06",
                    "--paper",
                    paper,
                    "-o",
                    &html_arg,
                ],
            );
            assert_eq!(output.status, 0, "{output:#?}");
            let page = std::fs::read_to_string(&html).expect("the playbook");
            assert!(
                !page.contains("<script"),
                "{program}: a script in the playbook"
            );
            std::fs::write(
                &html,
                page.replace("</body>", &format!("<script>{script}</script>\n</body>")),
            )
            .expect("write the measured page");
            let dom = dump_dom(&html, &scratch.path().join("profile-measure"), width, 1200);
            let measurements = dom
                .rsplit("<pre id=\"measurements\">")
                .next()
                .filter(|_| dom.contains("<pre id=\"measurements\">"))
                .and_then(|rest| rest.split("</pre>").next())
                .unwrap_or_else(|| panic!("{program} on {paper}: no measurements in\n{dom}"));
            let lines: Vec<&str> = measurements.lines().collect();
            assert_eq!(
                lines.first(),
                Some(&format!("page {width}").as_str()),
                "{program} on {paper}"
            );
            let measured: usize = lines
                .last()
                .and_then(|l| l.strip_prefix("measured "))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            assert!(
                measured > 20,
                "{program} on {paper}: only {measured} boxes measured"
            );
            let clipped: Vec<&&str> = lines.iter().filter(|l| l.starts_with("clipped")).collect();
            assert!(
                clipped.is_empty(),
                "{program} on {paper}: boxes past the {width}px page box:\n{clipped:#?}"
            );
        }
    }
}

/// The text of each page of `pdf`, words joined by single spaces.
fn page_texts(pdf: &Path) -> Vec<String> {
    let (pages, _) = pdf_info(pdf);
    (1..=pages)
        .map(|page| {
            let page = page.to_string();
            words(&poppler(
                "pdftotext",
                &[
                    Path::new("-f"),
                    Path::new(&page),
                    Path::new("-l"),
                    Path::new(&page),
                    pdf,
                    Path::new("-"),
                ],
            ))
        })
        .collect()
}

/// Issue 17: a short table is never split (a six-row table left one row on the next page, on
/// Letter), and a heading stays on the page of the table it introduces, with the paragraph
/// between them (`break-after: avoid` alone let Chromium leave both behind): the rhythm and
/// every competency's milestones each on one page with its heading, the dated plan starting
/// under its heading and breaking only between phases, on A4 and Letter.
#[test]
fn short_tables_stay_whole_with_their_headings() {
    if !browser_tests_enabled("playbook::browser::short_tables_stay_whole_with_their_headings") {
        return;
    }
    let scratch = Scratch::new();
    let program = load_program(Path::new("programs/leadership-tracks.mentor")).expect("a program");
    for paper in ["a4", "letter"] {
        let html = scratch.path().join(format!("tables-{paper}.html"));
        let pdf = scratch.path().join(format!("tables-{paper}.pdf"));
        let html_arg = html.display().to_string();
        let output = run_in(
            crate_root(),
            &[
                "playbook",
                "programs/leadership-tracks.mentor",
                "--format",
                "html",
                "--start",
                "2026-01-05",
                "--paper",
                paper,
                "-o",
                &html_arg,
            ],
        );
        assert_eq!(output.status, 0, "{output:#?}");
        print_to_pdf(
            &html,
            &pdf,
            &scratch.path().join(format!("profile-{paper}")),
        );
        let pages = page_texts(&pdf);
        // Page 1 holds the contents, which names every chapter: the chapters come after it.
        let page_of = |text: &str| {
            pages
                .iter()
                .skip(1)
                .position(|page| page.contains(text))
                .map(|index| &pages[index + 1])
                .unwrap_or_else(|| panic!("{paper}: {text:?} on no page"))
        };
        // Issue 20: "How you were matched" keeps its requirements and its table of
        // preferences whole, on the page of its heading.
        let matched = page_of("How you were matched");
        for line in [
            "Your mentor's career level is at least 2 above yours.",
            "You and your mentor share at least one of your working languages.",
            "What counts Points",
            "Values you share 3 points for each one shared",
            "A different background 1 point",
            "Each mentor takes up to 2 mentees",
        ] {
            assert!(
                matched.contains(line),
                "{paper}: {line:?} not with its heading: {matched}"
            );
        }
        keep_for_people(&pdf);
        let rhythm = page_of("Rhythm and commitment");
        for row in [
            "Length 12 sessions within 26 weeks",
            "Start 2026-01-05 (session 1)",
        ] {
            assert!(
                rhythm.contains(row),
                "{paper}: {row:?} not with its heading: {rhythm}"
            );
        }
        // The plan starts under its heading with its first phase, and breaks only between
        // phases: each phase's first and last session on one page.
        let plan_start = pages
            .iter()
            .skip(1)
            .position(|page| page.contains("Dated plan, session by session"))
            .map(|index| index + 1)
            .unwrap_or_else(|| panic!("{paper}: no dated plan"));
        let plan = &pages[plan_start..];
        assert!(
            plan[0].contains("1 2026-01-05 2 2026-01-19"),
            "{paper}: {}",
            plan[0]
        );
        for (first, last) in [
            ("3 2026-02-02", "5 2026-03-02"),
            ("6 2026-03-16", "8 2026-04-13"),
            ("9 2026-04-27", "11 2026-05-25"),
        ] {
            let page = plan
                .iter()
                .find(|page| page.contains(first))
                .unwrap_or_else(|| panic!("{paper}: no {first:?} in the plan"));
            assert!(
                page.contains(last),
                "{paper}: {first:?} and {last:?} apart: {page}"
            );
        }
        for competency in &program.competencies {
            let Some(first) = program
                .milestones
                .iter()
                .find(|m| m.competency.as_deref() == Some(competency.id.as_str()))
            else {
                continue;
            };
            let page = page_of(&format!(
                "{} {}",
                words(&competency.label),
                words(&competency.docs.join(" "))
            ));
            let opening: Vec<&str> = first.label.split_whitespace().take(2).collect();
            assert!(
                page.contains(&opening.join(" ")),
                "{paper}: the milestones of {:?} are not on their heading's page: {page}",
                competency.label
            );
        }
    }
}
