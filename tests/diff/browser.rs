//! The Markdown of `mentor diff` as GitHub shows it: rendered as GitHub-flavoured Markdown
//! (pulldown-cmark with GitHub's table and strikethrough extensions) and then in headless
//! Chromium, the way a reviewer sees a pull-request comment.

use std::path::Path;

use super::cadence_comment;
use crate::support::browser::{browser_tests_enabled, poppler, print_to_pdf, screenshot, words};

/// GitHub-flavoured Markdown to HTML, as GitHub parses a comment.
fn gfm(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

#[test]
fn the_markdown_parses_into_githubs_tables() {
    let (_scratch, output) = cadence_comment();
    let html = gfm(&output.stdout);
    // The changes, the rules, the logs: three tables, nothing left as raw pipes.
    assert_eq!(html.matches("<table>").count(), 3, "{html}");
    assert!(!html.contains("<p>|"), "a table did not parse: {html}");
    assert!(
        html.contains("<details open><summary>2 logs that change</summary>"),
        "{html}"
    );
    assert!(
        html.contains("<td>cadence: longest gap changed: 4 weeks → 3 weeks</td>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<strong>1 log newly fails, 0 newly pass, 1 keeps its verdict with other findings, 9 unchanged</strong>"
        ),
        "{html}"
    );
    // The finding's ids are code, as in every other message.
    assert!(
        html.contains("<td>pair-099 (logs/pair-099.toml)</td>"),
        "{html}"
    );
}

#[test]
fn chromium_shows_the_pull_request_comment() {
    if !browser_tests_enabled("diff::browser::chromium_shows_the_pull_request_comment") {
        return;
    }
    let (scratch, output) = cadence_comment();
    // GitHub's comment style, near enough to judge the layout: bordered tables, `<details>`
    // opened so the per-log table is printed.
    let page = format!(
        "<!doctype html><meta charset=utf-8><style>body{{font:14px/1.5 -apple-system,'Segoe UI',sans-serif;max-width:900px;margin:24px}}table{{border-collapse:collapse;margin:8px 0}}td,th{{border:1px solid #d0d7de;padding:6px 13px}}tr:nth-child(2n){{background:#f6f8fa}}code{{background:#eff1f3;padding:.2em .4em;border-radius:6px;font-size:85%}}</style><body>{}</body>",
        gfm(&output.stdout).replace("<details>", "<details open>")
    );
    let html = scratch.path().join("comment.html");
    std::fs::write(&html, page).unwrap();
    let png = scratch.path().join("diff-comment.png");
    screenshot(&html, &png, &scratch.path().join("profile-shot"), 1000, 900);
    crate::support::browser::keep_for_people(&png);
    let pdf = scratch.path().join("comment.pdf");
    print_to_pdf(&html, &pdf, &scratch.path().join("profile-pdf"));
    let text = words(&poppler("pdftotext", &[&pdf, Path::new("-")]));
    for expected in [
        "cadence: longest gap changed: 4 weeks → 3 weeks",
        "1 log newly fails",
        "appears",
        "passes → fails",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
}
