//! A real browser prints the dashboard: headless Chromium makes a PDF on A4 and on US Letter
//! and a screenshot, poppler reads the PDF's text back, and the JSON report's figures must be
//! in it (see `tests/support/browser.rs` for the gate, `MENTOR_BROWSER_TESTS=1`).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{AS_OF, json};
use crate::support::browser::{
    browser_tests_enabled, pdf_info, poppler, print_to_pdf, screenshot, words,
};
use crate::support::{Scratch, crate_root, run_in};

/// The dashboard as the reader's print dialog would lay it out on `paper`: the page sets no
/// paper size of its own, so the test gives one, as a printer would.
fn on_paper(scratch: &Scratch, html: &str, name: &str, paper: &str) -> PathBuf {
    let sized = html.replacen(
        "</head>",
        &format!("<style>@page {{ size: {paper}; }}</style>\n</head>"),
        1,
    );
    scratch.write(&format!("{name}-{paper}.html"), sized)
}

/// The value printed under `label` in the cohort's tiles, as `pdftotext -layout` lays them out
/// (the row of labels that holds "withdrawn", then the row of figures).
fn value_under(layout: &str, label: &str) -> Option<String> {
    let lines: Vec<&str> = layout.lines().collect();
    let (row, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains(label) && l.contains("withdrawn"))?;
    let column = line.find(label)?;
    let below = lines[row + 1..].iter().find(|l| !l.trim().is_empty())?;
    let from = below
        .char_indices()
        .map(|(i, _)| i)
        .find(|i| *i >= column.saturating_sub(2))?;
    below[from..].split_whitespace().next().map(str::to_owned)
}

/// Prints `html` on A4 and Letter; returns the text of the A4 PDF, as words and as laid out.
fn print_both(scratch: &Scratch, html: &str, name: &str) -> (String, String) {
    let mut texts = None;
    for (paper, size) in [("A4", "(A4)"), ("letter", "(letter)")] {
        let page = on_paper(scratch, html, name, paper);
        let pdf = scratch.path().join(format!("{name}-{paper}.pdf"));
        print_to_pdf(
            &page,
            &pdf,
            &scratch.path().join(format!("profile-{name}-{paper}")),
        );
        let (pages, page_size) = pdf_info(&pdf);
        assert!(pages >= 1, "{name} on {paper}: no page");
        assert!(page_size.ends_with(size), "{name} on {paper}: {page_size}");
        if texts.is_none() {
            let text = words(&poppler("pdftotext", &[&pdf, Path::new("-")]));
            let layout = poppler("pdftotext", &[Path::new("-layout"), &pdf, Path::new("-")]);
            texts = Some((text, layout));
        }
    }
    texts.unwrap_or_default()
}

/// Whether a line of `pdftotext -layout` reads `row`: a table row, its cells side by side.
fn has_row(layout: &str, row: &str) -> bool {
    let row = words(row);
    layout.lines().any(|line| words(line).contains(&row))
}

/// "3 (60%)", as the dashboard writes a part of a whole.
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return part.to_string();
    }
    format!("{part} ({}%)", (part * 100 + whole / 2) / whole)
}

/// The JSON report's figures that must be readable in the printed dashboard.
fn assert_figures_printed(report: &Value, text: &str, layout: &str) {
    for program in report["programs"].as_array().into_iter().flatten() {
        let Some(cohort) = program["cohort"].as_object() else {
            assert!(text.contains("The cohort has fewer than"));
            continue;
        };
        for (label, key) in [("pairs", "pairs"), ("held sessions", "held_sessions")] {
            assert_eq!(
                value_under(layout, label),
                cohort.get(key).map(Value::to_string),
                "{label}"
            );
        }
        for milestone in program["competencies"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["milestones"].as_array().into_iter().flatten())
        {
            let counts = &milestone["counts"];
            let met = match (counts["met"].as_u64(), counts["pairs"].as_u64()) {
                (Some(met), Some(pairs)) => share(met, pairs),
                _ => "hidden (fewer than".to_owned(),
            };
            assert!(text.contains(&met), "{}: {met}", milestone["id"]);
        }
        for phase in program["phases"].as_array().into_iter().flatten() {
            let row = format!(
                "{} {} sessions {} {}",
                phase["label"].as_str().unwrap_or("?"),
                phase["id"].as_str().unwrap_or("?"),
                phase["sessions"].as_str().unwrap_or("?"),
                phase["active_pairs_here"]
            );
            assert!(has_row(layout, &row), "no `{row}` in the PDF");
        }
        for week in program["trends"]["weeks"].as_array().into_iter().flatten() {
            let figure = |key: &str| {
                week[key]
                    .as_u64()
                    .map_or("hidden".to_owned(), |n| n.to_string())
            };
            let row = format!(
                "{} {} {}",
                week["week"].as_str().unwrap_or("?"),
                figure("sessions_held"),
                figure("milestones_met_to_date")
            );
            assert!(has_row(layout, &row), "no week `{row}` in the PDF");
        }
    }
}

#[test]
fn chromium_prints_the_example_dashboard_with_the_json_figures() {
    if !browser_tests_enabled(
        "report::browser::chromium_prints_the_example_dashboard_with_the_json_figures",
    ) {
        return;
    }
    let scratch = Scratch::new();
    for (name, min_group) in [("dashboard-all", "1"), ("dashboard", "5")] {
        let args = |format| {
            vec![
                "report",
                "-p",
                "programs",
                "programs/logs",
                "--as-of",
                AS_OF,
                "--min-group",
                min_group,
                "--format",
                format,
            ]
        };
        let html = run_in(crate_root(), &args("html"));
        assert_eq!(html.status, 0, "{}", html.stderr);
        let report = json(&run_in(crate_root(), &args("json")));
        let (text, layout) = print_both(&scratch, &html.stdout, name);
        assert!(text.contains("Progress report"));
        assert!(text.contains("Leadership Development Program"));
        assert_figures_printed(&report, &text, &layout);
        if min_group == "5" {
            assert!(text.contains("Figures over fewer than 5 pairs are not shown."));
        }
        let page = on_paper(&scratch, &html.stdout, name, "A4");
        screenshot(
            &page,
            &scratch.path().join(format!("{name}.png")),
            &scratch.path().join(format!("profile-{name}-shot")),
            1000,
            2400,
        );
    }
}

/// A cohort of `pairs` pairs of `senior-ic`, their starts spread over half a year.
fn generated_cohort(scratch: &Scratch, pairs: usize) {
    let mut lines = String::with_capacity(pairs * 260);
    for i in 0..pairs {
        let start = jiff::civil::date(2025, 1, 6)
            .checked_add(jiff::Span::new().days((i % 180) as i64))
            .unwrap_or(jiff::civil::date(2025, 1, 6));
        let second = start
            .checked_add(jiff::Span::new().days(14))
            .unwrap_or(start);
        lines.push_str(&format!(
            concat!(
                r#"{{"program": "senior-ic", "version": "2025.1", "pair": "gen-{:05}", "#,
                r#""started": "{}", "sessions": [{{"number": 1, "date": "{}", "minutes": 60, "#,
                r#""outcome": "assumption"}}, {{"number": 2, "date": "{}", "minutes": 45, "#,
                r#""outcome": "behavior"}}]}}"#,
                "\n"
            ),
            i, start, start, second
        ));
    }
    scratch.write("logs/cohort.jsonl", lines);
}

#[test]
fn chromium_prints_a_dashboard_of_19_100_pairs() {
    if !browser_tests_enabled("report::browser::chromium_prints_a_dashboard_of_19_100_pairs") {
        return;
    }
    let scratch = Scratch::new();
    scratch.copy_programs();
    generated_cohort(&scratch, 19_100);
    let args = |format| {
        vec![
            "report", "-p", "programs", "logs", "--as-of", AS_OF, "--format", format,
        ]
    };
    let html = scratch.run(&args("html"));
    assert_eq!(html.status, 0, "{}", html.stderr);
    // The pair table shows its first 1,000 rows: the page stays small enough to open and print.
    assert!(
        html.stdout.len() < 1024 * 1024,
        "{} bytes",
        html.stdout.len()
    );
    let report = json(&scratch.run(&args("json")));
    assert_eq!(report["programs"][0]["cohort"]["pairs"], 19_100);
    let (text, layout) = print_both(&scratch, &html.stdout, "dashboard-19100");
    assert!(text.contains("The first 1000 of 19100 pairs, in pair order"));
    assert!(text.contains("gen-00999") && !text.contains("gen-01000"));
    assert_figures_printed(&report, &text, &layout);
}
