//! One line per diagnostic: `file:line:col: severity[CODE] message`, the form editors and
//! `grep` understand. One line it is: a line break in a name or message is shown escaped.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::render::visible::visible_line;
use crate::source::Sources;

pub fn render_short(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let span = diagnostic.primary.span;
        let at = sources.line_column(span);
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            visible_line(sources.name(span.source)),
            at.line,
            at.column,
            diagnostic.severity.as_str(),
            diagnostic.rule.code,
            visible_line(&diagnostic.message)
        );
    }
    out
}
