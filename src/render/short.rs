//! One line per diagnostic: `file:line:col: severity[CODE] message`, the form editors and
//! `grep` understand.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::source::Sources;

pub fn render_short(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let span = diagnostic.primary.span;
        let at = sources.line_column(span);
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            sources.name(span.source),
            at.line,
            at.column,
            diagnostic.severity.as_str(),
            diagnostic.rule.code,
            diagnostic.message
        );
    }
    out
}
