//! A real browser prints the HTML playbook: headless Chromium makes a PDF, poppler reads back
//! its page count (`pdfinfo`) and text (`pdftotext`).
//!
//! Gated by `MENTOR_BROWSER_TESTS=1`, which `.ci/run` sets after installing the Debian packages
//! `chromium` and `poppler-utils`. Unset, the test says on the terminal that it did not run and
//! why (the line is written past the test harness's output capture, so it shows in a plain
//! `cargo test`). Set, a missing browser or poppler fails the test.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{load_program, worksheet_lenses};
use crate::support::{Scratch, crate_root, run_in};

const GATE: &str = "MENTOR_BROWSER_TESTS";

/// Whether the browser tests are asked for; when not, says so where a person will see it.
fn browser_tests_enabled(test: &str) -> bool {
    if std::env::var(GATE).is_ok_and(|v| v == "1") {
        return true;
    }
    let line = format!(
        "NOT RUN: playbook::browser::{test}: set {GATE}=1 to print the playbook with headless \
         Chromium (needs the Debian packages `chromium` and `poppler-utils`)\n"
    );
    // `eprintln!` would be captured and hidden for a passing test; the raw handle is not.
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(line.as_bytes());
    false
}

/// The Chromium binary: `MENTOR_CHROMIUM`, or the Debian package's.
fn chromium() -> PathBuf {
    let path = std::env::var_os("MENTOR_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "{GATE}=1 but there is no browser at {}: apt-get install -y chromium poppler-utils",
        path.display()
    );
    path
}

fn print_to_pdf(html: &Path, pdf: &Path, profile: &Path) {
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success() && pdf.exists(),
        "chromium did not print {}:\n{}",
        html.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn poppler(tool: &str, args: &[&Path]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (apt-get install -y poppler-utils): {e}"));
    assert!(output.status.success(), "{tool} failed: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// `Pages:` and `Page size:` from `pdfinfo`.
fn pdf_info(pdf: &Path) -> (u32, String) {
    let info = poppler("pdfinfo", &[pdf]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no `{name}` in pdfinfo output:\n{info}"))
            .to_owned()
    };
    let pages = field("Pages:").parse().expect("a page count");
    (pages, field("Page size:"))
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn chromium_prints_the_playbook_with_its_worksheets() {
    if !browser_tests_enabled("chromium_prints_the_playbook_with_its_worksheets") {
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

        let (pages, page_size) = pdf_info(&pdf);
        // Cover, one page per phase, milestones, one page per worksheet.
        assert!(pages > 1, "a {pages}-page PDF");
        assert!(
            pages >= 1 + program.phases.len() as u32 + 2,
            "phases and worksheets each start a page: {pages} pages"
        );
        assert!(page_size.ends_with(size), "{paper}: page size {page_size}");

        let text = words(&poppler("pdftotext", &[&pdf, Path::new("-")]));
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
