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

pub fn render_json(diagnostics: &[Diagnostic], sources: &Sources, summary: &Summary) -> String {
    crate::render::written(|out| write_json(diagnostics, sources, summary, out))
}

/// [`render_json`] written to `out` as it is made: the document serde_json would indent, its
/// findings turned into their JSON shape in parallel (rayon's workers, one per core), a batch
/// at a time, and written in their order. (Written one after the other, the 5,937 findings of 30,000 logs were a tenth
/// of the run's time, after everything else.)
pub fn write_json(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    summary: &Summary,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    use std::io::Write as _;
    let mut out = std::io::BufWriter::with_capacity(64 << 10, out);
    out.write_all(b"{\n  \"diagnostics\": [")?;
    for (batch_index, batch) in diagnostics.chunks(RENDERED_AT_ONCE).enumerate() {
        let parts: Vec<std::io::Result<Vec<u8>>> = batch
            .par_chunks(RENDERED_AT_ONCE / TASKS_A_BATCH)
            .map(|part| render_findings(part, sources))
            .collect();
        for (index, part) in parts.into_iter().enumerate() {
            if batch_index > 0 || index > 0 {
                out.write_all(b",")?;
            }
            out.write_all(&part?)?;
        }
    }
    if !diagnostics.is_empty() {
        out.write_all(b"\n  ")?;
    }
    out.write_all(b"],\n  \"summary\": ")?;
    indented(&mut out, &serde_json::to_vec_pretty(summary)?, b"\n  ")?;
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// Findings rendered at once: a batch's text (about a kilobyte a finding) is all that is
/// held. (1,024 at once held 3 MB more of a 500 MB file's run.)
const RENDERED_AT_ONCE: usize = 256;

/// The tasks a batch is split into, so that each core has one and one to steal.
const TASKS_A_BATCH: usize = 4;

/// `findings` as elements of the document's list: each on its own lines, indented two levels,
/// separated by commas.
fn render_findings(findings: &[Diagnostic], sources: &Sources) -> std::io::Result<Vec<u8>> {
    let mut rendered = Vec::new();
    let mut finding = Vec::new();
    for (index, diagnostic) in findings.iter().enumerate() {
        if index > 0 {
            rendered.push(b',');
        }
        finding.clear();
        serde_json::to_writer_pretty(&mut finding, &json_diagnostic(diagnostic, sources))?;
        rendered.extend_from_slice(b"\n    ");
        indented(&mut rendered, &finding, b"\n    ")?;
    }
    Ok(rendered)
}

/// Writes indented JSON `json` with `line_break` (a line break and an indent) for each of its
/// line breaks: nested that much deeper. A JSON string holds no line break of its own (it is
/// written `\n`), so every one is between values.
fn indented(out: &mut impl std::io::Write, json: &[u8], line_break: &[u8]) -> std::io::Result<()> {
    let mut written = 0;
    for at in memchr::memchr_iter(b'\n', json) {
        out.write_all(json.get(written..at).unwrap_or_default())?;
        out.write_all(line_break)?;
        written = at + 1;
    }
    out.write_all(json.get(written..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Waiver;
    use crate::rules;

    /// The document as serde_json writes it in one piece.
    #[derive(Serialize)]
    struct Document<'a> {
        diagnostics: Vec<JsonDiagnostic<'a>>,
        summary: &'a Summary,
    }

    #[test]
    fn findings_written_a_batch_at_a_time_make_the_document_serde_json_writes() {
        let mut sources = Sources::new();
        let text = "{\"pair\": \"é\", \"x\": 1}\n".repeat(700);
        let source = sources.add("logs/\"odd\" name.jsonl", &text);
        let finding = |index: usize| {
            let start = index * 24 + 10;
            let mut finding = Diagnostic::new(
                &rules::UNPARSEABLE_LOG,
                format!("finding {index}: a \"quoted\" word\nand a line break"),
                Label::new(Span::new(source, start..start + 3), "here"),
            );
            if index.is_multiple_of(3) {
                finding.help = Some("a help".into());
                finding.secondary.push(Label::bare(Span::new(source, 0..1)));
            }
            if index.is_multiple_of(5) {
                finding.waived = Some(Box::new(Waiver {
                    reason: "approved".to_owned(),
                    approved_by: "the lead".to_owned(),
                    approved: jiff::civil::date(2026, 1, 5),
                    expires: None,
                    entry: Span::new(source, 0..2),
                }));
            }
            finding
        };
        // None, one, and either side of a batch's parts and of a batch.
        let part = RENDERED_AT_ONCE / 4;
        for count in [
            0,
            1,
            2,
            part - 1,
            part,
            part + 1,
            RENDERED_AT_ONCE,
            RENDERED_AT_ONCE + 1,
            700,
        ] {
            let findings: Vec<Diagnostic> = (0..count).map(finding).collect();
            let summary = Summary::count(1, &findings);
            let whole = Document {
                diagnostics: findings
                    .iter()
                    .map(|d| json_diagnostic(d, &sources))
                    .collect(),
                summary: &summary,
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap_or_default() + "\n";
            assert_eq!(
                render_json(&findings, &sources, &summary),
                expected,
                "{count}"
            );
        }
    }
}
