//! A real browser for the tests of what people look at (the playbook, the dashboard, a pair's
//! page): headless Chromium prints HTML to PDF or a screenshot, poppler reads the PDF back
//! (`pdfinfo` for its pages, `pdftotext` for its words).
//!
//! Gated by `MENTOR_BROWSER_TESTS=1`, which `.ci/run` sets after installing the Debian packages
//! `chromium` and `poppler-utils`. Unset, a test says on the terminal that it did not run and
//! why (the line is written past the test harness's output capture, so it shows in a plain
//! `cargo test`). Set, a missing browser or poppler fails the test.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const GATE: &str = "MENTOR_BROWSER_TESTS";

/// Whether the browser tests are asked for; when not, says so where a person will see it.
pub(crate) fn browser_tests_enabled(test: &str) -> bool {
    if std::env::var(GATE).is_ok_and(|v| v == "1") {
        return true;
    }
    let line = format!(
        "NOT RUN: {test}: set {GATE}=1 to print it with headless \
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

/// Headless, and nothing that reaches the network or outlives the run.
const CHROMIUM_FLAGS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

pub(crate) fn print_to_pdf(html: &Path, pdf: &Path, profile: &Path) {
    let output = Command::new(chromium())
        .args(CHROMIUM_FLAGS)
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
    keep_for_people(pdf);
}

pub(crate) fn poppler(tool: &str, args: &[&Path]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (apt-get install -y poppler-utils): {e}"));
    assert!(output.status.success(), "{tool} failed: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// `Pages:` and `Page size:` from `pdfinfo`.
pub(crate) fn pdf_info(pdf: &Path) -> (u32, String) {
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

pub(crate) fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A screenshot of `html` as a `width`×`height` window, for a person to look at: the tests
/// write them beside the PDFs (`MENTOR_SCREENSHOTS=DIR` keeps them).
pub(crate) fn screenshot(html: &Path, png: &Path, profile: &Path, width: u32, height: u32) {
    let output = Command::new(chromium())
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg("--hide-scrollbars")
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success() && png.exists(),
        "chromium took no screenshot of {}:\n{}",
        html.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    keep_for_people(png);
}

/// The DOM of `html` after its scripts ran, in a `width`×`height` window: a test injects a
/// script that measures the layout and writes the figures into the page.
pub(crate) fn dump_dom(html: &Path, profile: &Path, width: u32, height: u32) -> String {
    let output = Command::new(chromium())
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg("--hide-scrollbars")
        .arg("--dump-dom")
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium did not load {}:\n{}",
        html.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 DOM")
}

/// Copies `file` into `MENTOR_SCREENSHOTS` when it is set, so a person can look at it after the
/// run (the scratch directory is gone by then).
pub(crate) fn keep_for_people(file: &Path) {
    if let Some(dir) = std::env::var_os("MENTOR_SCREENSHOTS") {
        let dir = PathBuf::from(dir);
        let _ = std::fs::create_dir_all(&dir);
        if let Some(name) = file.file_name() {
            let _ = std::fs::copy(file, dir.join(name));
        }
    }
}
