//! `--format github`: GitHub Actions workflow commands, which become annotations on the pull
//! request at the file and line (`::error file=…,line=…,col=…,title=…::message`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::render::start_end;
use crate::render::visible::visible;
use crate::source::Sources;
use crate::words::waiver_note;

/// Escapes a command's message, as the Actions toolkit does (`%`, CR and LF), after showing
/// other control characters as escapes (`visible`): the log a workflow prints is read in a
/// browser and in terminals alike.
fn escape_data(text: &str) -> String {
    visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: the message escapes plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render_github(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    crate::render::written(|out| write_github(diagnostics, sources, out))
}

/// [`render_github`] written to `out` a command at a time.
pub fn write_github(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    for diagnostic in diagnostics {
        // A waived finding (shown only when asked) is a notice: it must not fail a check run.
        let command = match diagnostic.severity {
            _ if diagnostic.waived.is_some() => "notice",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "notice",
        };
        let span = diagnostic.primary.span;
        let (start, end) = start_end(sources, span);
        let mut message = diagnostic.message.clone();
        if let Some(waiver) = &diagnostic.waived {
            message.push('\n');
            message.push_str(&waiver_note(waiver));
        } else if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={file},line={line},col={col},endLine={end_line},endColumn={end_col},title={title}::{message}",
            file = escape_property(sources.name(span.source)),
            line = start.line,
            col = start.column,
            end_line = end.line,
            end_col = end.column,
            title = escape_property(&format!(
                "{} {}{}",
                diagnostic.rule.code,
                diagnostic.rule.name,
                if diagnostic.waived.is_some() {
                    " (waived)"
                } else {
                    ""
                }
            )),
            message = escape_data(&message),
        )?;
    }
    Ok(())
}
