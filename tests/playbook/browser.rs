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
    browser_tests_enabled, pdf_info, poppler, print_to_pdf, screenshot, words,
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
        // The cover and the phases, the milestones, a page per worksheet; phases share pages
        // (senior-ic was 7 pages with a page per phase).
        let worksheets = worksheet_lenses(&program).len() as u32;
        assert!(
            (2 + worksheets..=6).contains(&pages),
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
        let (pages, _) = pdf_info(&pdf);
        let page_text = |page: u32| {
            let page = page.to_string();
            words(&poppler(
                "pdftotext",
                &[
                    Path::new("-f"),
                    Path::new(&page),
                    Path::new("-l"),
                    Path::new(&page),
                    &pdf,
                    Path::new("-"),
                ],
            ))
        };
        let texts: Vec<String> = (1..=pages).map(page_text).collect();
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
        let last = pages.to_string();
        let last_page = words(&poppler(
            "pdftotext",
            &[
                Path::new("-f"),
                Path::new(&last),
                Path::new("-l"),
                Path::new(&last),
                &pdf,
                Path::new("-"),
            ],
        ));
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
