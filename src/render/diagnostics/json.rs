//! `--format json`: one document, `{"diagnostics": [...], "summary": {...}}`.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::render::{Summary, start_end};
use crate::source::Sources;

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Every label, the primary one first.
    pub labels: Vec<JsonLabel>,
    /// The approved exception that excuses the finding; absent for a finding that stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<JsonWaiver>,
}

/// A waiver as JSON shows it; `entry` is where it is in the exceptions file.
#[derive(Debug, Serialize)]
pub struct JsonWaiver {
    pub reason: String,
    pub approved_by: String,
    pub approved: String,
    pub expires: Option<String>,
    pub entry: JsonLabel,
}

#[derive(Debug, Serialize)]
pub struct JsonLabel {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: Option<String>,
    pub primary: bool,
}

fn json_label(label: &Label, primary: bool, sources: &Sources) -> JsonLabel {
    let (start, end) = start_end(sources, label.span);
    JsonLabel {
        file: sources.name(label.span.source).to_owned(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        message: label.text.as_deref().map(str::to_owned),
        primary,
    }
}

pub fn json_diagnostic(diagnostic: &Diagnostic, sources: &Sources) -> JsonDiagnostic {
    let primary = json_label(&diagnostic.primary, true, sources);
    let mut labels = vec![json_label(&diagnostic.primary, true, sources)];
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
        message: diagnostic.message.clone(),
        help: diagnostic.help.as_deref().map(str::to_owned),
        file: primary.file,
        line: primary.line,
        column: primary.column,
        end_line: primary.end_line,
        end_column: primary.end_column,
        labels,
        waived: diagnostic.waived.as_ref().map(|waiver| JsonWaiver {
            reason: waiver.reason.clone(),
            approved_by: waiver.approved_by.clone(),
            approved: waiver.approved.to_string(),
            expires: waiver.expires.map(|day| day.to_string()),
            entry: json_label(&Label::bare(waiver.entry), false, sources),
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
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}
