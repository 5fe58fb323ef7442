//! A real browser prints a pair's page: headless Chromium makes an A4 PDF and a screenshot,
//! poppler reads the PDF's text back. Gated by `MENTOR_BROWSER_TESTS=1` (see
//! `tests/support/browser.rs`).

use std::path::Path;

use super::active_page;
use crate::support::Scratch;
use crate::support::browser::{
    browser_tests_enabled, pdf_info, poppler, print_to_pdf, screenshot, words,
};

#[test]
fn chromium_prints_the_pair_page_with_its_wins_and_next_deadline() {
    if !browser_tests_enabled(
        "status::browser::chromium_prints_the_pair_page_with_its_wins_and_next_deadline",
    ) {
        return;
    }
    let scratch = Scratch::new();
    let output = active_page(&scratch, &["--format", "html", "-o", "pair-page.html"]);
    assert_eq!(output.status, 0, "{output:#?}");
    let html = scratch.path().join("pair-page.html");
    let pdf = scratch.path().join("pair-page.pdf");
    print_to_pdf(&html, &pdf, &scratch.path().join("profile-pdf"));
    screenshot(
        &html,
        &scratch.path().join("pair-page.png"),
        &scratch.path().join("profile-screenshot"),
        1000,
        1600,
    );

    let (pages, page_size) = pdf_info(&pdf);
    assert!(page_size.ends_with("(A4)"), "page size {page_size}");
    // One pair's page: it fits on two A4 pages.
    assert!((1..=2).contains(&pages), "a {pages}-page PDF");

    let text = words(&poppler("pdftotext", &[&pdf, Path::new("-")]));
    for expected in [
        // The win, with the session that showed its evidence.
        "A real decision reviewed with the Decision Review lens",
        "met on 2025-03-31 in session 3, on time: due by session 4",
        // What comes next, and by when.
        // (pdftotext reads the terms of a definition list before their values.)
        "Next session",
        "session 4, by 2025-04-28 at the latest",
        "Next deadline",
        "An influence attempt reviewed, naming what was misread",
        "by week 10 (2025-05-12)",
        // The timeline, the cancelled session in words.
        "Session 3 · 2025-03-31",
        "Cancelled · 2025-03-24",
    ] {
        assert!(
            text.contains(expected),
            "no `{expected}` in the PDF:\n{text}"
        );
    }
    for marker in super::MARKERS {
        assert!(!text.contains(marker), "{marker} in the PDF");
    }
}
