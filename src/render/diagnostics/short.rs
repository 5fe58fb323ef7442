//! One line per diagnostic: `file:line:col: severity[CODE] message`, the form editors and
//! `grep` understand. One line it is: a line break in a name or message is shown escaped.

use crate::diagnostic::Diagnostic;
use crate::render::visible::visible_line;
use crate::source::Sources;
use crate::words::waiver_note;

/// A waived finding (shown only when asked) reads `waived[L014]`, its waiver after the message.
pub fn render_short(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    crate::render::written(|out| write_short(diagnostics, sources, out))
}

/// [`render_short`] written to `out` a line at a time.
pub fn write_short(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    for diagnostic in diagnostics {
        let span = diagnostic.primary.span;
        let at = sources.line_column(span);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            visible_line(sources.name(span.source)),
            at.line,
            at.column,
            diagnostic.shown_severity(),
            diagnostic.rule.code,
            visible_line(&message(diagnostic))
        )?;
    }
    Ok(())
}

/// The message, and for a waived finding its waiver.
fn message(diagnostic: &Diagnostic) -> std::borrow::Cow<'_, str> {
    match &diagnostic.waived {
        Some(waiver) => format!("{} ({})", diagnostic.message, waiver_note(waiver)).into(),
        None => diagnostic.message.as_str().into(),
    }
}
