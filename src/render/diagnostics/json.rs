//! `--format json`: one document, `{"diagnostics": [...], "summary": {...}}`.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::render::{Summary, start_end};
use crate::source::{Sources, Span};

/// A finding as JSON shows it, borrowing its words from the finding and the file names from
/// the sources: a cohort's tens of thousands of findings are written without copying them.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Every label, the primary one first.
    pub labels: Vec<JsonLabel<'a>>,
    /// The approved exception that excuses the finding; absent for a finding that stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<JsonWaiver<'a>>,
}

/// A waiver as JSON shows it; `entry` is where it is in the exceptions file.
#[derive(Debug, Serialize)]
pub struct JsonWaiver<'a> {
    pub reason: &'a str,
    pub approved_by: &'a str,
    pub approved: String,
    pub expires: Option<String>,
    pub entry: JsonLabel<'a>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct JsonLabel<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: Option<&'a str>,
    pub primary: bool,
}

fn json_label<'a>(label: &'a Label, primary: bool, sources: &'a Sources) -> JsonLabel<'a> {
    JsonLabel {
        message: label.text.as_deref(),
        ..json_place(label.span, primary, sources)
    }
}

/// A label's place, without its words.
fn json_place(span: Span, primary: bool, sources: &Sources) -> JsonLabel<'_> {
    let (start, end) = start_end(sources, span);
    JsonLabel {
        file: sources.name(span.source),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        message: None,
        primary,
    }
}

pub fn json_diagnostic<'a>(diagnostic: &'a Diagnostic, sources: &'a Sources) -> JsonDiagnostic<'a> {
    let primary = json_label(&diagnostic.primary, true, sources);
    let mut labels = Vec::with_capacity(1 + diagnostic.secondary.len());
    labels.push(primary);
    labels.extend(
        diagnostic
            .secondary
            .iter()
            .map(|l| json_label(l, false, sources)),
    );
    JsonDiagnostic {
        code: diagnostic.rule.code,
        name: diagnostic.rule.name,
        severity: diagnostic.severity,
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
        file: primary.file,
        line: primary.line,
        column: primary.column,
        end_line: primary.end_line,
        end_column: primary.end_column,
        labels,
        waived: diagnostic.waived.as_ref().map(|waiver| JsonWaiver {
            reason: &waiver.reason,
            approved_by: &waiver.approved_by,
            approved: waiver.approved.to_string(),
            expires: waiver.expires.map(|day| day.to_string()),
            entry: json_place(waiver.entry, false, sources),
        }),
    }
}

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: EachDiagnostic<'a>,
    summary: &'a Summary,
}

/// The diagnostics, each turned into its JSON shape as it is written: a cohort's tens of
/// thousands of findings are never all held twice.
struct EachDiagnostic<'a> {
    diagnostics: &'a [Diagnostic],
    sources: &'a Sources,
}

impl Serialize for EachDiagnostic<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.diagnostics
                .iter()
                .map(|d| json_diagnostic(d, self.sources)),
        )
    }
}

pub fn render_json(diagnostics: &[Diagnostic], sources: &Sources, summary: &Summary) -> String {
    crate::render::written(|out| write_json(diagnostics, sources, summary, out))
}

/// [`render_json`] written to `out` as it is made.
pub fn write_json(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    summary: &Summary,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let document = Document {
        diagnostics: EachDiagnostic {
            diagnostics,
            sources,
        },
        summary,
    };
    super::write_pretty_json(out, &document)
}
