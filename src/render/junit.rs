//! `--format junit`: JUnit XML with one test case per checked log, so CI systems that chart
//! test results show which pairs fail. Errors (and warnings under `--deny-warnings`) are
//! failures; other findings go into the case's `system-out`.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceId, Sources, Span};

/// One checked unit: a log (a whole file, or one line of a JSON Lines file) or a program file.
#[derive(Debug, Clone)]
pub struct TestCase {
    /// What the case is called: the pair id, or the file name when there is none.
    pub name: String,
    pub source: SourceId,
    /// The part of the file that is this case (a JSON Lines record); `None` for the whole file.
    pub span: Option<Span>,
}

impl TestCase {
    fn owns(&self, diagnostic: &Diagnostic) -> bool {
        let primary = diagnostic.primary.span;
        primary.source == self.source
            && self
                .span
                .is_none_or(|s| s.start <= primary.start && primary.start <= s.end)
    }
}

pub fn render_junit(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    cases: &[TestCase],
    deny_warnings: bool,
) -> String {
    let is_failure = |d: &Diagnostic| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    };
    let failures = cases
        .iter()
        .filter(|case| diagnostics.iter().any(|d| case.owns(d) && is_failure(d)))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"mentor\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\">",
        n = cases.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"mentor validate\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        n = cases.len()
    );
    for case in cases {
        let file = sources.name(case.source);
        let owned: Vec<&Diagnostic> = diagnostics.iter().filter(|d| case.owns(d)).collect();
        let _ = write!(
            out,
            "    <testcase classname=\"{classname}\" name=\"{name}\" file=\"{classname}\"",
            classname = escape(file),
            name = escape(case.name.as_str()),
        );
        if owned.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let lines = |list: &[&&Diagnostic]| {
            list.iter()
                .map(|d| {
                    let at = sources.line_column(d.primary.span);
                    format!(
                        "{file}:{}:{}: {}[{}] {}",
                        at.line,
                        at.column,
                        d.severity.as_str(),
                        d.rule.code,
                        d.message
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (failing, other): (Vec<&&Diagnostic>, Vec<&&Diagnostic>) =
            owned.iter().partition(|d| is_failure(d));
        if let Some(first) = failing.first() {
            let _ = writeln!(
                out,
                "      <failure type=\"{code}\" message=\"{message}\">{body}</failure>",
                code = first.rule.code,
                message = escape(format!(
                    "{} problem(s); first: {}",
                    failing.len(),
                    first.message
                )),
                body = escape(lines(&failing)),
            );
        }
        if !other.is_empty() {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape(lines(&other))
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
